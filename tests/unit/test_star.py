"""The STAR check of a story (voicecoach.analysis.star) on text: no model, no UI.

What a speaker notices: which of situation, task, action and result the results call told or
missing, the words quoted for each, the tip on what to add, and that other questions' reports
are as they were.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from voicecoach.analysis.star import assess_star, star_tip, with_star_tip
from voicecoach.datatypes import AnalysedWord, Analysis, StarReport
from voicecoach.practice.pipeline import add_content
from voicecoach.questions import BankError, load_bank, parse_bank
from voicecoach.rendering.interview_report import InterviewAnswer, build, to_markdown
from voicecoach.rendering.report import render

BANK = load_bank()
STORIES = Path(__file__).resolve().parents[2] / "samples" / "star"

FULL = (
    "At my last job, our bulk uploads froze the whole site for minutes. I was responsible for "
    "the upload service. I proposed Celery, my manager approved it, and I built the proof of "
    "concept. As a result, pages answered in under a second again."
)
NO_RESULT = (
    "At my last job, our bulk uploads froze the whole site for minutes. I was responsible for "
    "the upload service. I proposed Celery, my manager approved it, and I built the proof of "
    "concept with two other developers."
)


def answer(text: str, qid: str | None = "leader") -> Analysis:
    """``text`` as an analysed answer at 150 wpm ("um" and "uh" flagged as fillers)."""
    words = [
        AnalysedWord(w, i * 0.4, i * 0.4 + 0.3, w.strip(",.").lower() in ("um", "uh"))
        for i, w in enumerate(text.split())
    ]
    span = len(words) * 0.4
    return Analysis(span, span, 150.0, 160.0, words, [], [], [], "test", qid)


def parts(text: str, qid: str = "leader") -> dict[str, str | None]:
    """part -> the words quoted for it (None: missing)."""
    star = assess_star(answer(text, qid), BANK.get(qid))
    assert star is not None
    return {p.part: (p.evidence if p.found else None) for p in star.parts}


def test_a_full_story_has_all_four_parts_with_their_words() -> None:
    found = parts(FULL)
    assert found["situation"] and found["situation"].startswith("At my last job")
    assert found["task"] and "responsible for the upload service" in found["task"]
    assert found["action"] and "I proposed Celery" in found["action"]
    assert found["result"] and "As a result" in found["result"]


def test_a_story_without_its_result_is_told_so_and_what_to_add() -> None:
    found = parts(NO_RESULT)
    assert found["result"] is None
    assert all(found[p] for p in ("situation", "task", "action"))
    star = assess_star(answer(NO_RESULT), BANK.get("leader"))
    tip = star_tip(star)  # type: ignore[arg-type]
    assert tip is not None and "no result heard" in tip and "As a result" in tip


def test_being_in_charge_is_the_task_not_an_action() -> None:
    found = parts(
        "At my current job, our checkout timed out during every sale. I was in charge of its "
        "reliability, and I had to keep it up. The sale went well in the end: the error rate "
        "fell from five percent to under one percent."
    )
    assert found["action"] is None
    assert found["task"] and found["situation"] and found["result"]


def test_an_opinion_of_oneself_is_not_a_story() -> None:
    found = parts("So I think I am a leader. So I would say I lead by example, and I like it.")
    assert found == dict.fromkeys(("situation", "task", "action", "result"))


def test_a_problem_told_before_the_action_is_not_its_result() -> None:
    found = parts(
        "Last year the site dropped requests and pages were ten seconds slower. I was asked to "
        "fix it. I profiled the views and I rewrote the slowest query."
    )
    assert found["action"] and found["result"] is None


def test_whisper_forms_and_number_words_count_as_said() -> None:
    found = parts(
        "Back then we had a nightly import. My task was to speed it up. I've rewritten it and "
        "I split it in batches, and it went from five hours to forty minutes."
    )
    assert all(found.values()), found
    assert found["result"] and "five hours to forty minutes" in found["result"]


def test_fillers_do_not_break_a_cue() -> None:
    found = parts(
        "Um, at my last job we had a problem with uploads. Uh, my task was to fix them. So I, "
        "um, built a queue. As a result, uploads stopped failing."
    )
    assert all(found.values()), found


def test_other_questions_have_no_star_and_their_json_keeps_its_keys() -> None:
    intro = add_content(answer(FULL, "intro"), BANK.get("intro"))
    assert intro.star is None
    assert "star" not in intro.to_dict()
    leader = add_content(answer(NO_RESULT), BANK.get("leader"))
    report = leader.to_dict()
    assert report["star"]["result"] == {"found": False, "evidence": ""}
    assert report["star"]["action"]["found"] is True
    again = Analysis.from_dict(json.loads(json.dumps(report)))
    assert again.star == leader.star


def test_a_report_stored_before_star_still_loads() -> None:
    report = add_content(answer(FULL), BANK.get("leader")).to_dict()
    del report["star"]
    assert Analysis.from_dict(report).star is None


def test_the_star_tip_comes_before_the_banks_general_tips_and_only_once() -> None:
    leader = BANK.get("leader")
    assert leader is not None
    analysed = answer(NO_RESULT)
    own = "You spoke 20 s, under the 30-90 s target: add a concrete example."
    star = assess_star(analysed, leader)
    tips = with_star_tip([own, *leader.tips], star, leader, analysed)
    assert len(tips) == 3
    assert tips[0] == own and tips[1].startswith("Tell it as a STAR story: no result heard")
    assert tips[2] == leader.tips[0]
    assert with_star_tip(tips, star, leader, analysed) == tips  # analysed again: one tip


def test_no_star_tip_for_a_full_story_or_a_few_words() -> None:
    leader = BANK.get("leader")
    full = add_content(answer(FULL), leader)
    assert not any("STAR" in t for t in full.tips)
    short = add_content(answer("I led it."), leader)
    assert short.star is not None and short.star.missing
    assert not any("STAR" in t for t in short.tips)


def test_the_built_in_stories_are_behavioural_with_an_outline() -> None:
    behavioural = [q.id for q in BANK.questions if q.behavioural]
    assert behavioural == ["celery-why", "leader"]
    for qid in behavioural:
        q = BANK.get(qid)
        assert q is not None and len(q.outline) == 4
        assert [s.split(":")[0] for s in q.outline] == ["Situation", "Task", "Action", "Result"]
    intro = BANK.get("intro")
    assert intro is not None and not intro.behavioural and intro.outline == ()


def test_a_bank_marks_a_story_either_spelling_and_refuses_a_bad_outline() -> None:
    text = '[[question]]\nid = "q"\nprompt = "Tell me about a time."\nkind = "Behavioral"\n'
    [q] = parse_bank(text + 'outline = ["Situation: ..."]\n', "mine.toml")
    assert q.behavioural and q.outline == ("Situation: ...",)
    with pytest.raises(BankError, match="outline must be a list of strings"):
        parse_bank(text + 'outline = "Situation"\n', "mine.toml")


def test_the_text_report_shows_the_parts_and_the_outline_after_the_answer() -> None:
    from rich.console import Console

    leader = BANK.get("leader")
    analysed = add_content(answer(NO_RESULT), leader)
    console = Console(width=200, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(render(analysed, leader))
    out = console.export_text()
    assert "Story (STAR): 3 of 4 parts told" in out
    assert '✓ Situation  "At my last job' in out
    assert "✗ Result  missing: end with the result" in out
    assert "A strong answer, step by step:" in out
    assert "1. Situation:" in out


def test_the_interview_report_names_the_parts_told_and_gives_the_outline() -> None:
    leader = BANK.get("leader")
    assert leader is not None
    analysed = add_content(answer(NO_RESULT), leader)
    text = to_markdown(build([InterviewAnswer(leader, analysed)]))
    assert "Told the story's situation, task and action." in text
    assert "Tell it as a STAR story: no result heard" in text
    assert "### A strong answer, step by step" in text


@pytest.mark.parametrize(
    "truth", sorted(STORIES.glob("*.truth.json")), ids=lambda p: p.name.split(".")[0]
)
def test_each_labelled_story_as_written(truth: Path) -> None:
    """The check on the labelled stories' own text (the spoken clips: benchmarks/star.py)."""
    labels = json.loads(truth.read_text())
    star = assess_star(answer(labels["text"], labels["question"]), BANK.get(labels["question"]))
    assert isinstance(star, StarReport)
    assert {p.part: p.found for p in star.parts} == labels["star"]
