"""The words the STAR section quotes for a part are the story's, not its fillers: a leader answer
opening "Uh, I proposed Celery" showed '✓ Action "uh I proposed Celery..."' on the results, in
the text report and in --json, while the talking points beside it quoted "I proposed"."""

from __future__ import annotations

from voicecoach.analysis.star import assess_star
from voicecoach.datatypes import AnalysedWord, Analysis
from voicecoach.questions import load_bank

BANK = load_bank()
FILLERS = ("um", "uh")


def answer(text: str) -> Analysis:
    words = [
        AnalysedWord(w, i * 0.4, i * 0.4 + 0.3, w.strip(",.").lower() in FILLERS)
        for i, w in enumerate(text.split())
    ]
    span = len(words) * 0.4
    return Analysis(span, span, 150.0, 160.0, words, [], [], [], "test", "leader")


def test_a_part_is_quoted_without_the_fillers_around_it() -> None:
    text = (
        "Uh, I proposed Celery and my manager agreed. I mean, he asked for a plan and um, "
        "I wrote it. As a result, uh, pages answered in under a second again."
    )
    star = assess_star(answer(text), BANK.get("leader"))
    assert star is not None
    quoted = {p.part: p.evidence for p in star.parts if p.found}
    assert quoted["action"].startswith("I proposed Celery and my manager agreed")
    assert quoted["result"].startswith("As a result, pages answered")
    for evidence in quoted.values():
        assert not any(w.strip(",.").lower() in FILLERS for w in evidence.split())
