"""Issue 19: a word held long is not a filler, doubtful fillers are shown but not counted, and
the benchmark reports the split by voice. No Whisper here: labelled audio and built reports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import voicecoach.analysis as analysis_module
from benchmarks.scoring import score_clip
from voicecoach.analysis import analyze
from voicecoach.analysis.acoustic import continues_a_sound
from voicecoach.analysis.voice_activity import detect_voice_activity
from voicecoach.audio.files import load_audio
from voicecoach.datatypes import Analysis, Filler, Transcript, Word
from voicecoach.paths import REPO_DIR

EXTENDED = REPO_DIR / "samples" / "extended"


def _clips(part: str) -> list[tuple[dict[str, Any], np.ndarray]]:
    out = []
    for path in sorted(EXTENDED.glob(f"{part}-*.truth.json")):
        truth = json.loads(path.read_text())
        out.append((truth, load_audio(path.parent / truth["audio"]).samples))
    return out


@pytest.mark.parametrize("part", ["tuning", "test"])
def test_a_held_word_continues_a_sound_and_a_planted_hesitation_begins_one(part: str) -> None:
    """The held end of a drawn-out word ("whiiile") is the sound that began in the word; a
    hesitation, even one run straight into the words around it, begins a sound of its own.
    (Measured: 11 and 14 of 18 held words, 0 and 2 of 78 hesitations; margins for other CPUs.)"""
    held = planted = held_found = planted_found = 0
    for truth, samples in _clips(part):
        for word in truth["lengthened"]:
            length = word["end"] - word["start"]
            held += 1
            held_found += continues_a_sound(samples, word["start"] + 0.45 * length, word["end"])
        for f in truth["fillers"]:
            if f["kind"] == "hesitation":
                planted += 1
                planted_found += continues_a_sound(samples, f["start"], f["end"])
    assert held >= 15 and planted >= 75
    assert held_found >= 0.5 * held
    assert planted_found <= 0.06 * planted


def test_a_doubtful_hesitation_is_shown_as_possible_and_not_counted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A hesitation under the confident level is in the transcript as "uh?" and in
    possible_fillers, not in the count or the rate (which history and charts use)."""
    samples = load_audio(REPO_DIR / "samples" / "intro-short.wav").samples
    regions = detect_voice_activity(samples).regions
    words = [Word(f"w{i}", r.start, min(r.end, r.start + 0.4)) for i, r in enumerate(regions)]
    sure = Filler("um", words[1].start, words[1].end, "hesitation", "acoustic", 0.9)
    doubtful = Filler("uh", words[2].start, words[2].end, "hesitation", "asr", 0.3)

    def reconciled(_s: Any, ws: list[Word], *_a: Any, **_k: Any) -> tuple[Any, Any, Any]:
        marked = [
            Word("um" if i == 1 else "uh" if i == 2 else w.text, w.start, w.end)
            for i, w in enumerate(ws)
        ]
        return marked, [sure, doubtful], []

    monkeypatch.setattr(analysis_module, "reconcile_hesitations", reconciled)
    result = analyze(samples, Transcript(words, "tiny.en"))
    report = result.to_dict()
    assert [f["text"] for f in report["fillers"]] == ["um"]
    assert report["filler_count"] == 1
    assert [f["text"] for f in report["possible_fillers"]] == ["uh"]
    assert "uh?" in report["transcript"].split()
    assert result.filler_rate_per_min == pytest.approx(1 / (result.speech_span_s / 60), rel=0.01)
    from rich.console import Console

    from voicecoach.rendering.report import render

    console = Console(width=100, record=True)
    console.print(render(result))
    shown = console.export_text()
    assert "Possible fillers, not counted: uh? at" in shown
    from voicecoach.questions import load_bank
    from voicecoach.ui.results import summary_line

    line = summary_line(result, load_bank().get("intro"))
    assert "1 filler" in line and "1 possible" in line
    again = Analysis.from_dict(json.loads(json.dumps(report)))
    assert [f.text for f in again.possible_fillers] == ["uh"] and len(again.fillers) == 1


def test_a_hesitation_on_a_drawn_out_word_is_a_false_alarm_counted_as_a_trap() -> None:
    truth = {
        "fillers": [{"text": "um", "start": 1.0, "end": 1.4, "kind": "hesitation"}],
        "lengthened": [{"text": "while", "start": 5.0, "end": 5.6}],
        "non_fillers": [{"text": "like", "start": 7.0, "end": 8.0}],
        "pauses": [],
        "wpm": 100.0,
        "duration_s": 10.0,
    }
    report = {
        "fillers": [
            {"text": "um", "start": 1.0, "end": 1.4, "kind": "hesitation", "confidence": 0.9},
            {"text": "uh", "start": 5.2, "end": 5.6, "kind": "hesitation", "confidence": 0.9},
        ],
        "possible_fillers": [{"text": "uh", "start": 3.0, "end": 3.3, "kind": "hesitation"}],
        "wpm": 100.0,
        "duration_s": 10.0,
    }
    score = score_clip(report, truth)
    assert (score.hesitation.tp, score.hesitation.fp) == (1, 1)
    assert score.hesitation_on_lengthened == 1 and score.lengthened_words == 1
    assert score.non_filler_uses == 1
    assert (score.hesitation_confident.tp, score.hesitation_confident.fp) == (1, 1)
    assert (score.possible_said, score.possible_shown) == (0, 1)


def test_the_benchmark_prints_tuning_and_test_side_by_side_with_the_baseline() -> None:
    from benchmarks import accuracy as bench
    from benchmarks.scoring import aggregate

    runs = []
    for name in ("voicecoach", "baseline"):
        parts = {}
        for part in bench.PARTS:
            truth_path = next(EXTENDED.glob(f"{part}-*.truth.json"))
            truth = json.loads(Path(truth_path).read_text())
            report = {**truth, "fillers": truth["fillers"]}
            parts[part] = aggregate([score_clip(report, truth)])
        run = bench.SystemRun(name, aggregate([]), 1.0, 1.0, None, 1.0)
        run.parts = parts
        runs.append(run)
    lines = bench.split_table(runs).splitlines()
    head = lines[0]
    assert head.index("tuning: voicecoach") < head.index("tuning: baseline")
    assert head.index("tuning: baseline") < head.index("test: voicecoach")
    assert head.index("test: voicecoach") < head.index("test: baseline")
    assert any(
        line.startswith("hesitation P / R / F1") and "1.00 / 1.00 / 1.00" in line for line in lines
    )
    figures = bench.to_json(runs, "tiny.en")
    assert set(figures["parts"]) == {"tuning", "test"}
    assert figures["parts"]["test"]["voicecoach"]["hesitation"]["f1"] == 1.0
    assert "systems" in figures  # the whole-set figures other code reads stay where they were


# What tiny.en wrote for two tuning clips on the machine of issue 19 (words, start, end,
# probability): fixed here so that the test does not depend on the CPU's Whisper output.
WROTE_TWO_FOR_UH = [  # "...where I wrote uh shop websites...": the "uh" (4.33-4.73) heard as "two"
    ("so", 0.34, 1.0, 0.17), ("my", 1.0, 1.26, 0.92), ("first", 1.26, 1.6, 0.99),
    ("job", 1.6, 1.86, 0.96), ("was", 1.86, 2.1, 0.51), ("at", 2.1, 2.34, 0.65),
    ("a", 2.34, 2.42, 0.96), ("small", 2.42, 2.66, 0.97), ("agency", 2.66, 3.46, 0.91),
    ("where", 3.46, 3.9, 0.87), ("I", 3.9, 4.08, 0.86), ("wrote", 4.08, 4.34, 0.3),
    ("two", 4.34, 4.88, 0.23), ("shop", 4.88, 5.18, 0.81), ("websites", 5.18, 5.72, 0.44),
    ("that", 5.96, 6.84, 0.72), ("work", 6.84, 7.06, 0.23), ("once", 7.06, 7.4, 0.51),
    ("so", 7.4, 7.7, 0.72), ("married", 7.7, 8.02, 0.9), ("that", 8.02, 8.3, 0.34),
    ("I", 8.3, 8.48, 0.98), ("learned", 8.48, 8.76, 0.9), ("past.", 8.76, 9.68, 0.68),
]  # fmt: skip
HELD_TO_A = [  # "...the task goes to a(drawn out) dead letter queue...": "to" over "to a..."
    ("Basically,", 5.66, 5.92, 0.9), ("after", 6.38, 6.52, 0.9), ("that", 6.52, 6.8, 0.9),
    ("task", 6.8, 7.32, 0.9), ("goes", 7.32, 7.78, 0.9), ("to", 7.78, 8.74, 0.96),
    ("a", 8.74, 8.84, 0.9), ("net", 8.84, 9.04, 0.9), ("letter", 9.04, 9.36, 0.9),
    ("Q,", 9.36, 10.06, 0.9),
]  # fmt: skip


def _analysed(clip: str, wrote: list[tuple[str, float, float, float]]) -> Analysis:
    samples = load_audio(EXTENDED / clip).samples
    return analyze(samples, Transcript([Word(*w) for w in wrote], "tiny.en"))


def test_an_uh_run_into_a_sentence_and_written_as_a_short_word_is_counted() -> None:
    """Whisper wrote "wrote two shop" for "wrote uh shop": "two" lasts half a second and never
    has the "t" it is spelt with, so the user sees the "uh" counted where it was said, and no
    "two" in the transcript. (Before issue 19's short-word rule: no filler, and "two".)"""
    result = _analysed("tuning-02a-intro-en-gb-pink12.flac", WROTE_TWO_FOR_UH)
    counted = [f for f in result.fillers if f.kind == "hesitation"]
    assert any(abs(f.start - 4.33) < 0.3 and f.confidence >= 0.5 for f in counted), counted
    assert "two" not in result.transcript.lower().split()
    assert "wrote" in result.transcript and "shop" in result.transcript


def test_a_short_word_said_and_drawn_out_stays_a_word() -> None:
    """The trap beside it: "goes to a..." drawn out, which Whisper wrote as one 0.96 s "to". It
    is as long and steady as a filler, but it begins with the "t" of "to": no filler there."""
    result = _analysed("tuning-08a-celery-limits-en-us-m3-reverb.flac", HELD_TO_A)
    hesitations = [f for f in result.fillers + result.possible_fillers if f.kind == "hesitation"]
    assert not any(f.start < 8.74 and f.end > 7.78 for f in hesitations), hesitations
    assert "to" in result.transcript.split()
