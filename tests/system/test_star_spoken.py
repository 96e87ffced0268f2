"""The STAR check on spoken stories (samples/star/), through the app's own path: the real tiny.en
model, the analysis, the check. What a speaker notices, with margins for Whisper's words moving
a little between CPUs: a full story is called full, the part left out is called missing and the
tip asks for it. The per-clip figures of one machine are in docs/bench-star-results.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from voicecoach.datatypes import Analysis
from voicecoach.practice.pipeline import analyze_file
from voicecoach.questions import load_bank
from voicecoach.transcription.model_files import resolve_model
from voicecoach.transcription.whisper import WhisperTranscriber

pytestmark = pytest.mark.model

STORIES = Path(__file__).resolve().parents[2] / "samples" / "star"
CLIPS = [
    "t1-leader-joe",  # all four parts
    "x2-celery-why-joe",  # all four parts (test half)
    "x3-leader-no-result-joe",  # stops before the result
    "x6-celery-why-no-action-joe",  # no action
    "x8-leader-no-situation-no-task-joe",  # straight into the action
]


@pytest.fixture(scope="module")
def spoken() -> dict[str, tuple[Analysis, dict[str, Any]]]:
    transcriber = WhisperTranscriber(resolve_model("tiny.en"))
    bank = load_bank()
    out = {}
    for name in CLIPS:
        truth = json.loads((STORIES / f"{name}.truth.json").read_text())
        analysis = analyze_file(STORIES / f"{name}.flac", transcriber, bank.get(truth["question"]))
        out[name] = (analysis, truth)
    return out


def test_each_part_left_out_is_called_missing_and_the_tip_asks_for_it(
    spoken: dict[str, tuple[Analysis, dict[str, Any]]],
) -> None:
    for name, (analysis, truth) in spoken.items():
        assert analysis.star is not None, name
        left_out = [p for p, told in truth["star"].items() if not told]
        for part in left_out:
            assert part in analysis.star.missing, (name, part, analysis.transcript)
        tips = " ".join(analysis.tips)
        if left_out:
            assert "Tell it as a STAR story" in tips, name
            assert all(part in tips for part in left_out), (name, tips)
        else:  # all four told: a STAR tip only for a part the check itself missed
            assert "STAR" not in tips or analysis.star.missing, name


def test_parts_told_are_found_with_their_words(
    spoken: dict[str, tuple[Analysis, dict[str, Any]]],
) -> None:
    """At most one part of these 20 is missed (all were found on the machine measured)."""
    missed = []
    for name, (analysis, truth) in spoken.items():
        assert analysis.star is not None
        for part in analysis.star.parts:
            if truth["star"][part.part] and not part.found:
                missed.append(f"{name}: {part.part}")
            if part.found:
                assert part.evidence and part.evidence.lower() in analysis.transcript.lower()
    assert len(missed) <= 1, missed
    # The JSON report carries every part, found or not, with its words when found (which parts
    # Whisper's words let the check find moves a little from CPU to CPU: the margin above).
    report = spoken["t1-leader-joe"][0].to_dict()
    assert set(report["star"]) == {"situation", "task", "action", "result"}
    assert sum(report["star"][p]["found"] for p in report["star"]) >= 3
    assert all(bool(v["evidence"]) == v["found"] for v in report["star"].values())
