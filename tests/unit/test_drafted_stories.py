"""Drafted story questions ("Tell me about a time you had to ...") are checked as stories: the
bank file marks them behavioural, with an outline, so the results show STAR as they do for the
built-in "Leader or follower?" (issue 23). No model, no UI."""

from __future__ import annotations

from pathlib import Path

from voicecoach.analysis.star import assess_star
from voicecoach.datatypes import AnalysedWord, Analysis
from voicecoach.questions import Question, parse_bank
from voicecoach.questions.drafting import bank_toml, draft_questions
from voicecoach.questions.extraction import read
from voicecoach.questions.reading import read_document

TEXTS = Path(__file__).resolve().parents[2] / "samples" / "texts" / "tuning"
JOB = TEXTS / "backend-payments-jd.md"
RESUME = TEXTS / "backend-resume.md"  # its claims: "I led a team of 4 ..."


FULL = (
    "At my last job, our bulk uploads froze the whole site for minutes. I was responsible for "
    "the upload service. I proposed Celery, my manager approved it, and I built the proof of "
    "concept. As a result, pages answered in under a second again."
)
NO_RESULT = FULL.rsplit(" As a result", 1)[0]


def answer(text: str, qid: str) -> Analysis:
    """``text`` as an analysed answer at 150 wpm."""
    words = [AnalysedWord(w, i * 0.4, i * 0.4 + 0.3, False) for i, w in enumerate(text.split())]
    span = len(words) * 0.4
    return Analysis(span, span, 150.0, 160.0, words, [], [], [], "test", qid)


def drafted_bank() -> dict[str, Question]:
    texts = [read_document(p.read_text(encoding="utf-8"), p.name) for p in (JOB, RESUME)]
    reading = read(texts)
    text = bank_toml(draft_questions(reading), "jd")
    return {q.id: q for q in parse_bank(text, "drafted-jd.toml")}


def test_a_drafted_story_is_behavioural_with_an_outline_the_bank_keeps() -> None:
    bank = drafted_bank()
    stories = [q for q in bank.values() if q.prompt.startswith("Tell me about a time")]
    assert stories
    for story in stories:
        assert story.behavioural, story.id
        assert [line.split(":")[0] for line in story.outline] == [
            "Situation",
            "Task",
            "Action",
            "Result",
        ]
        # The outline names the duty asked about, not only the four words.
        duty = story.prompt.removeprefix("Tell me about a time you ").split(". ")[0]
        assert any(duty.split(" ", 2)[-1] in line for line in story.outline), story.outline


def test_only_stories_are_behavioural() -> None:
    """A "why X" or a scale scenario is no story: no STAR check there. A claim of leading is
    one, as the seed's "Leader or follower?" is."""
    bank = drafted_bank()
    stories = {
        qid
        for qid, q in bank.items()
        if q.prompt.startswith("Tell me about") or "your own initiative" in q.prompt
    }
    assert any("your own initiative" in bank[qid].prompt for qid in stories)
    assert {qid for qid, q in bank.items() if q.behavioural} == stories
    followups = [f.question for q in bank.values() for f in q.followups]
    assert followups and not any(f.behavioural for f in followups)


def test_a_drafted_story_answer_is_checked_for_star() -> None:
    bank = drafted_bank()
    story = next(q for q in bank.values() if q.prompt.startswith("Tell me about a time"))
    told = assess_star(answer(FULL, story.id), story)
    assert told is not None and not told.missing
    missing = assess_star(answer(NO_RESULT, story.id), story)
    assert missing is not None and missing.missing == ["result"]
