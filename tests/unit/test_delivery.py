"""Delivery (issue 21): what a speaker would notice on labelled audio (samples/delivery/), the
report's JSON, and that old stored reports still load."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from voicecoach.analysis import delivery
from voicecoach.audio.files import load_audio
from voicecoach.config import Config
from voicecoach.datatypes import AnalysedWord, Analysis, Transcript, Word
from voicecoach.practice.pipeline import add_delivery

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "delivery"
CLIPS = sorted(SAMPLES.glob("*.truth.json"))


def _measure(truth_file: Path):  # noqa: ANN202
    truth = json.loads(truth_file.read_text())
    audio = load_audio(truth_file.with_name(truth_file.name.replace(".truth.json", ".flac")))
    spans = [(s["start"], s["end"], s["words"]) for s in truth["sentences"]]
    return truth, delivery.measure_delivery(audio.samples, [], spans=spans)


@pytest.mark.parametrize("truth_file", CLIPS, ids=lambda p: p.name.split(".")[0])
def test_labelled_clip_monotone_range_and_trailing_ends(truth_file: Path) -> None:
    truth, d = _measure(truth_file)
    # Margins: the range within 1 semitone of Praat's (the target), and the verdict
    # and faded ends exactly as labelled.
    assert d.pitch_range_st is not None
    assert abs(d.pitch_range_st - truth["praat_range_st"]) <= 1.0
    assert d.monotone is truth["monotone"]
    assert [e.trailing for e in d.sentence_ends] == [s["faded"] for s in truth["sentences"]]
    # The thresholds are not on the edge: every clip clears them by a margin.
    margin = abs(d.pitch_range_st - delivery.MONOTONE_MAX_ST)
    assert margin >= 1.0
    assert all(abs(e.drop_db - delivery.TRAILING_DROP_DB) >= 1.5 for e in d.sentence_ends)


def test_clips_cover_both_parts_and_both_styles() -> None:
    truths = [json.loads(p.read_text()) for p in CLIPS]
    assert {(t["split"], t["style"]) for t in truths} == {
        (part, style) for part in ("tuning", "test") for style in ("flat", "expressive")
    }


def _analysis(words: list[AnalysedWord]) -> Analysis:
    return Analysis(10.0, 9.0, 140.0, 150.0, words, [], [], [], "test")


def test_report_json_has_delivery_and_old_reports_load_without_it() -> None:
    truth, d = _measure(CLIPS[0])
    a = _analysis([AnalysedWord("Hello", 0.5, 0.9, False)])
    a.delivery = d
    data = json.loads(json.dumps(a.to_dict()))
    assert data["delivery"]["monotone"] is truth["monotone"]
    assert data["delivery"]["trailing_off_count"] == sum(s["faded"] for s in truth["sentences"])
    again = Analysis.from_dict(data)
    assert again.delivery is not None
    assert again.delivery.to_dict() == data["delivery"]
    del data["delivery"]
    assert Analysis.from_dict(data).delivery is None


def test_setting_off_or_no_speech_measures_nothing() -> None:
    samples = np.zeros(16000, dtype=np.float32)
    words = [AnalysedWord("Hello", 0.1, 0.5, False)]
    assert add_delivery(_analysis(words), samples, Config(delivery=False)).delivery is None
    assert add_delivery(_analysis([]), samples, Config()).delivery is None


def test_sentences_end_at_a_stop_or_a_long_silence() -> None:
    w = [
        AnalysedWord("I", 0.0, 0.2, False),
        AnalysedWord("led", 0.3, 0.5, False),
        AnalysedWord("it.", 0.6, 0.9, False),
        AnalysedWord("Then", 1.0, 1.2, False),
        AnalysedWord("we", 1.3, 1.4, False),
        AnalysedWord("shipped", 2.5, 2.9, False),
    ]
    assert [(s, e, n) for s, e, n in delivery.sentences(w)] == [
        (0.0, 0.9, 3),
        (1.0, 1.4, 2),
        (2.5, 2.9, 1),
    ]


def test_a_rushed_ending_shows_in_the_pace_windows() -> None:
    slow = [AnalysedWord("w", t, t + 0.3, False) for t in np.arange(0.0, 15.0, 0.5)]  # 120 wpm
    fast = [AnalysedWord("w", t, t + 0.2, False) for t in np.arange(15.0, 30.0, 0.25)]  # 240
    windows = delivery.pace_windows(slow + fast)
    assert len(windows) == 2
    assert windows[0].wpm == pytest.approx(120, abs=5)
    assert windows[1].wpm == pytest.approx(240, abs=10)


def test_importing_the_module_does_not_import_librosa() -> None:
    code = "import sys, voicecoach.analysis.delivery; print('librosa' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_pipeline_analysis_carries_delivery() -> None:
    from voicecoach.practice.pipeline import analyze_transcript

    truth = json.loads(CLIPS[0].read_text())
    audio = load_audio(CLIPS[0].with_name(CLIPS[0].name.replace(".truth.json", ".flac")))
    words = []
    for s in truth["sentences"]:
        texts = s["text"].split()
        edges = np.linspace(s["start"], s["end"], len(texts) + 1)
        words += [
            Word(t, float(a), float(b))
            for t, a, b in zip(texts, edges[:-1], edges[1:], strict=True)
        ]
    analysis = analyze_transcript(audio.samples, Transcript(words, "test"))
    assert analysis.delivery is not None
    assert analysis.delivery.monotone is truth["monotone"]
    assert "delivery" in analysis.to_dict()


def test_a_live_report_whose_delivery_alone_differs_is_unchanged_by_its_check() -> None:
    from voicecoach.practice.checking import describe_changes

    _, d = _measure(CLIPS[0])
    live = _analysis([AnalysedWord("Hello", 0.5, 0.9, False)])
    checked = _analysis([AnalysedWord("Hello", 0.5, 0.9, False)])
    live.delivery = d
    assert describe_changes(live, checked) is None


def test_a_key_is_never_kept_waiting_while_delivery_is_measured() -> None:
    """The app's threads keep the GIL while the measure runs (its first use in a worker
    included): a thread that wakes every 5 ms, as the UI's key handling would, is never held
    100 ms (librosa in-thread held it up to 1.2 s)."""
    import threading
    import time

    truth_file = CLIPS[0]
    truth = json.loads(truth_file.read_text())
    audio = load_audio(truth_file.with_name(truth_file.name.replace(".truth.json", ".flac")))
    words = []
    for s in truth["sentences"]:
        texts = s["text"].split()
        edges = np.linspace(s["start"], s["end"], len(texts) + 1)
        words += [
            AnalysedWord(t, float(a), float(b), False)
            for t, a, b in zip(texts, edges[:-1], edges[1:], strict=True)
        ]
    gaps: list[float] = []
    done = threading.Event()

    def tick() -> None:
        last = time.perf_counter()
        while not done.is_set():
            time.sleep(0.005)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticker = threading.Thread(target=tick, daemon=True)
    ticker.start()
    try:
        analysis = add_delivery(_analysis(words), audio.samples, Config())
    finally:
        done.set()
        ticker.join(timeout=5)
    assert analysis.delivery is not None
    assert max(gaps) < 0.1
