"""Issue 19 experiment (benchmarks/experiments/discourse_context.py): two discourse rules tried on
sentences Whisper wrote for tuning clips. Neither is in the analysis (docs/BENCHMARK.md says
why); these tests pin what each variant decides, and that the analysis's own rule is untouched."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import voicecoach.analysis.fillers as fillers
from benchmarks.experiments import discourse_context as experiment
from voicecoach.analysis.fillers import Lexicon, find_fillers
from voicecoach.datatypes import Word


def _heard(text: str, pause_before: dict[int, float]) -> tuple[list[Word], list[float]]:
    words, gaps, t = [], [], 0.0
    for i, token in enumerate(text.split()):
        gap = pause_before.get(i, 0.0)
        t += gap
        words.append(Word(token, t, t + 0.25))
        gaps.append(gap)
        t += 0.3
    return words, gaps


def _flagged(text: str, pause_before: dict[int, float] | None = None) -> list[str]:
    words, gaps = _heard(text, pause_before or {})
    found, _ = find_fillers(words, Lexicon.load(), gaps)
    return [f.text for f in found if f.kind == "discourse"]


@pytest.fixture
def variant() -> Iterator[object]:
    yield experiment.install
    experiment.install("current")


# tuning-17b (flite kal16): "...at night. [0.49 s] You know the jobs nobody else wants."
AT_NIGHT = "like settlement at night. You know the jobs nobody else wants."
# tuning-12a (Piper en_US m3): "...on the data side. [0.76 s] I mean machine learning pipelines."
DATA_SIDE = "on the data side. I mean machine learning pipelines."
# tuning-15a (flite kal): "the team is kind of small and I want a bigger system."


def test_the_analysis_misses_you_know_and_i_mean_set_off_only_before() -> None:
    assert _flagged(AT_NIGHT, {4: 0.49}) == []
    assert _flagged(DATA_SIDE, {4: 0.76}) == []


def test_set_off_before_flags_them_after_a_pause(variant) -> None:
    variant("set-off-before")
    assert _flagged(AT_NIGHT, {4: 0.49}) == ["you know"]
    assert _flagged(DATA_SIDE, {4: 0.76}) == ["i mean"]


def test_set_off_before_leaves_content_uses(variant) -> None:
    variant("set-off-before")
    assert _flagged("You know the answer already, I think.") == []  # no silence measured
    assert _flagged(AT_NIGHT) == []  # no pause before it
    assert _flagged("It ran. I mean it when I say it.", {2: 0.5}) == []
    assert _flagged("Do you know Redis?", {1: 0.5}) == []


def test_install_current_restores_the_analysis_rule(variant) -> None:
    variant("set-off-before")
    experiment.install("current")
    assert fillers._discourse_is_filler is experiment.CURRENT_RULE


def test_labels_match_a_filler_by_its_first_word_within_drift() -> None:
    truth = {
        "fillers": [{"text": "sort of", "start": 10.98, "end": 11.4, "kind": "discourse"}],
        "non_fillers": [{"text": "kind of", "start": 7.3, "end": 10.45}],
    }
    assert experiment.label_of("sorta", 11.34, 11.6, truth) == "FILLER"
    assert experiment.label_of("kind", 7.97, 8.3, truth) == "content"
    assert experiment.label_of("like", 7.97, 8.3, truth) == "-"
