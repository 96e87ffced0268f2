"""A follow-up that asks for a story is checked as one: "Tell me about a time the team disagreed
with something you drove" (leader's follow-up) gets the STAR parts and, after the answer, the
outline of a strong answer, as the behavioural questions it follows do. It got neither: its
own tip asked for "the situation, your task, what you did, and how it ended" unchecked."""

from __future__ import annotations

from rich.console import Console

from voicecoach.datatypes import AnalysedWord, Analysis
from voicecoach.practice.pipeline import add_content
from voicecoach.questions import load_bank
from voicecoach.rendering.report import render

BANK = load_bank()

NO_RESULT = (
    "At my last job, two developers disagreed with my plan to add Celery. It was my proposal, "
    "so I was responsible for settling it. I listened to their concerns, I timed the uploads "
    "with and without a queue, and I showed the numbers in a meeting with the whole team."
)


def answer(text: str, qid: str) -> Analysis:
    words = [AnalysedWord(w, i * 0.4, i * 0.4 + 0.3, False) for i, w in enumerate(text.split())]
    span = len(words) * 0.4
    return Analysis(span, span, 150.0, 160.0, words, [], [], [], "test", qid)


def test_the_disagreement_follow_up_is_a_story_with_an_outline() -> None:
    followup = BANK.get("leader.disagreement")
    assert followup is not None and followup.behavioural
    assert [s.split(":")[0] for s in followup.outline] == ["Situation", "Task", "Action", "Result"]
    analysed = add_content(answer(NO_RESULT, "leader.disagreement"), followup)
    assert analysed.star is not None
    told = {p.part: p.found for p in analysed.star.parts}
    assert told == {"situation": True, "task": True, "action": True, "result": False}
    assert any(t.startswith("Tell it as a STAR story: no result heard") for t in analysed.tips)
    console = Console(width=200, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(render(analysed, followup))
    out = console.export_text()
    assert "Story (STAR): 3 of 4 parts told" in out
    assert "A strong answer, step by step:" in out


def test_the_other_follow_ups_are_as_they_were() -> None:
    stories = [f.question.id for q in BANK.questions for f in q.followups if f.question.behavioural]
    assert stories == ["leader.disagreement"]
