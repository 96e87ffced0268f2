"""Issue 19 experiment (benchmarks/experiments/): the frame-level filler detector. Not part of
the analysis (it did not beat the test figures, docs/BENCHMARK.md); these tests keep its parts
honest for the next session that builds on it. No Whisper, no trained weights from disk."""

from __future__ import annotations

import json

import numpy as np
import pytest

from benchmarks.experiments import frame_detector
from benchmarks.experiments.frame_features import FRAME_S, frame_features
from benchmarks.experiments.train_filler_frames import (
    EDGE_S,
    LENGTHENED_WEIGHT,
    frame_labels,
    score,
    train,
)
from voicecoach.audio import SAMPLE_RATE
from voicecoach.datatypes import Filler, Word
from voicecoach.paths import REPO_DIR

RATE = SAMPLE_RATE


def _vowel(seconds: float, f0: float, formants: tuple[float, float], glide: float = 0.0):
    """A voiced sound: harmonics of f0 shaped by two formants; ``glide`` moves pitch and
    formants over the sound (a word's changing sounds), 0 holds them (a filler)."""
    t = np.arange(int(seconds * RATE)) / RATE
    move = 1 + glide * (t / seconds - 0.5)
    phase = 2 * np.pi * np.cumsum(f0 * move) / RATE
    y = np.zeros_like(t)
    for k in range(1, int(4000 / f0)):
        freq = k * f0 * move
        gain = sum(1 / (1 + ((freq - f * move) / 120) ** 2) for f in formants)
        y += gain * np.sin(k * phase) / k
    return 0.3 * y / np.abs(y).max()


def _clip(f0: float, seed: int) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """Alternating held vowels and gliding ones with short silences; the held spans."""
    rng = np.random.default_rng(seed)
    parts, held, now = [], [], 0.0
    for i in range(8):
        steady = i % 2 == 0
        dur = float(rng.uniform(0.35, 0.6))
        formants = (float(rng.uniform(500, 800)), float(rng.uniform(1000, 1600)))
        sound = _vowel(dur, f0, formants, 0.0 if steady else 0.8)
        if steady:
            held.append((now, now + len(sound) / RATE))
        parts += [sound, np.zeros(int(0.15 * RATE))]
        now += (len(sound) + int(0.15 * RATE)) / RATE
    samples = np.concatenate(parts)
    samples += 0.001 * rng.standard_normal(len(samples))
    return samples.astype(np.float32), held


def test_one_feature_row_per_10_ms_frame_centred_on_its_time() -> None:
    x = frame_features(np.zeros(RATE, dtype=np.float32))
    assert FRAME_S == 0.01
    assert len(x) in (RATE // 160 + 1, RATE // 160 + 2)
    assert np.isfinite(x).all()


def test_labels_follow_the_labelled_spans_of_a_tuning_clip() -> None:
    """Frames inside a planted hesitation are positives, its edges are left out, and a
    drawn-out word weighs more as a negative."""
    path = next(
        p
        for p in sorted((REPO_DIR / "samples" / "extended").glob("tuning-*.truth.json"))
        if json.loads(p.read_text())["lengthened"]
    )
    truth = json.loads(path.read_text())
    frames = int(truth["duration_s"] / FRAME_S) + 2
    label, weight = frame_labels(truth, frames)
    t = np.arange(frames) * FRAME_S
    for f in (f for f in truth["fillers"] if f["kind"] == "hesitation"):
        middle = (f["start"] + f["end"]) / 2
        assert label[int(round(middle / FRAME_S))] == 1
        assert weight[np.abs(t - f["start"]) < EDGE_S - 0.005].max() == 0
    for f in (f for f in truth["fillers"] if f["kind"] == "discourse"):
        assert label[(t > f["start"]) & (t < f["end"])].max() == 0
    word = truth["lengthened"][0]
    inside = (t > word["start"]) & (t < word["end"])
    assert label[inside].max() == 0 and weight[inside].min() == LENGTHENED_WEIGHT


def test_a_detector_trained_on_held_vowels_finds_them_in_another_voice() -> None:
    """Trained on one voice's held vowels against its gliding ones, it scores another voice's
    (other pitch, other vowels) held vowels above its gliding ones."""
    samples, held = _clip(120.0, seed=1)
    x = frame_features(samples).astype(np.float64)
    t = np.arange(len(x)) * FRAME_S
    y = np.zeros(len(x))
    for s, e in held:
        y[(t > s + 0.03) & (t < e - 0.03)] = 1
    model = train(x, y, np.ones(len(x)), epochs=300)
    other, other_held = _clip(190.0, seed=2)
    p = score(model, frame_features(other))
    t2 = np.arange(len(p)) * FRAME_S
    on_held = np.zeros(len(p), dtype=bool)
    for s, e in other_held:
        on_held |= (t2 > s + 0.05) & (t2 < e - 0.05)
    voiced = np.abs(other[np.minimum((t2 * RATE).astype(int), len(other) - 1)]) > 0.01
    assert p[on_held].mean() > 0.7
    assert p[voiced & ~on_held].mean() < 0.3


def test_regions_are_runs_of_high_score_at_least_min_s_long() -> None:
    p = np.zeros(200)
    p[20:30] = 0.9  # 0.10 s: too short
    p[100:140] = 0.8  # 0.40 s
    found = frame_detector.regions(p)
    assert [(round(s, 2), round(e, 2)) for s, e, _ in found] == [(1.0, 1.4)]
    assert abs(found[0][2] - 0.8) < 1e-9


def _scored_answer() -> tuple[np.ndarray, np.ndarray, list[Word], list[Filler]]:
    p = np.zeros(400)
    p[50:90] = 0.85  # 0.5-0.9 s: no word there
    p[200:240] = 0.9  # 2.0-2.4 s: inside "containers"
    words = [Word("I", 0.1, 0.3), Word("containers", 1.9, 2.6), Word("uh", 3.0, 3.4)]
    fillers = [Filler("uh", 3.0, 3.4, "hesitation", "asr", 0.9)]
    return p, np.zeros(4 * RATE, dtype=np.float32), words, fillers


def test_a_high_run_becomes_a_hesitation_with_its_score_and_the_words_stay() -> None:
    """The chosen settings: a run the detector hears becomes a hesitation (its mean score is
    the confidence) whether or not Whisper wrote a word there; the word is kept."""
    p, samples, words, fillers = _scored_answer()
    out_words, out = frame_detector.apply_scores(p, samples, words, fillers, frozenset())
    assert [(f.start, f.end, f.confidence) for f in out] == [
        (0.5, 0.9, 0.85),
        (2.0, 2.4, 0.9),
        (3.0, 3.4, 0.9),
    ]
    assert out[0].source == "acoustic"
    assert [w.text for w in out_words if w.text not in ("uh", "um")] == ["I", "containers"]


def test_cover_limit_and_veto(monkeypatch: pytest.MonkeyPatch) -> None:
    """The other settings measured: a run mostly under a word is left alone, and a hesitation
    already found where the detector hears nothing is shown as possible (0.3), not counted."""
    monkeypatch.setattr(frame_detector, "COVER", 0.3)
    monkeypatch.setattr(frame_detector, "VETO", 0.05)
    p, samples, words, fillers = _scored_answer()
    _, out = frame_detector.apply_scores(p, samples, words, fillers, frozenset())
    assert [(f.start, f.end, f.confidence) for f in out] == [(0.5, 0.9, 0.85), (3.0, 3.4, 0.3)]
