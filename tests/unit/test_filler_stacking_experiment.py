"""Issue 19 experiment (benchmarks/experiments/filler_stacking.py): one calibrated decision per
candidate filler. Not part of the analysis (docs/BENCHMARK.md says why); these tests keep its
parts honest for a session that builds on it. No Whisper, no weights from disk."""

from __future__ import annotations

import numpy as np

from benchmarks.experiments.filler_stacking import (
    FEATURES,
    _shown,
    candidates,
    fit_logistic,
    held_measure,
    logit,
    platt,
)
from voicecoach.analysis.acoustic import CONTINUATION_MAX_CHANGE, continues_a_sound
from voicecoach.audio import SAMPLE_RATE
from voicecoach.datatypes import Filler, Word

RATE = SAMPLE_RATE


def _vowel(seconds: float, f0: float, formants: tuple[float, float]) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    y = np.zeros_like(t)
    for k in range(1, int(4000 / f0)):
        gain = sum(1 / (1 + ((k * f0 - f) / 120) ** 2) for f in formants)
        y += gain * np.sin(2 * np.pi * k * f0 * t) / k
    return (0.3 * y / np.abs(y).max()).astype(np.float32)


def test_the_logistic_fit_is_deterministic_and_ranks_the_separating_feature() -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((200, 3))
    y = (x[:, 0] + 0.3 * rng.standard_normal(200) > 0).astype(float)
    a, b = fit_logistic(x, y, 1.0), fit_logistic(x, y, 1.0)
    assert np.array_equal(a["w"], b["w"])
    assert abs(a["w"][0]) > 3 * max(abs(a["w"][1]), abs(a["w"][2]))


def test_platt_turns_scores_into_the_share_of_candidates_that_were_said() -> None:
    """Scores that are twice too sure: after calibration, of the candidates at 0.8 or more,
    about that share were said (the meaning the >= 0.8 bucket promises the user)."""
    rng = np.random.default_rng(1)
    s = rng.normal(0, 3, 4000)
    y = (rng.random(4000) < 1 / (1 + np.exp(-s / 2))).astype(float)
    a, b = platt(s, y)
    q = 1 / (1 + np.exp(-(a * s + b)))
    sure = q >= 0.8
    assert abs(a - 0.5) < 0.1
    assert abs(y[sure].mean() - q[sure].mean()) < 0.03


def test_held_measure_is_the_measure_continues_a_sound_thresholds() -> None:
    held = _vowel(0.8, 120, (700, 1200))  # one vowel held: its end continues its start
    samples = np.concatenate(
        [np.zeros(RATE // 2, np.float32), held, np.zeros(RATE // 2, np.float32)]
    )
    change, level = held_measure(samples, 0.9, 1.25)
    assert change < CONTINUATION_MAX_CHANGE and continues_a_sound(samples, 0.9, 1.25)
    other = np.concatenate([_vowel(0.4, 120, (300, 2300)), _vowel(0.4, 120, (700, 1200))])
    samples = np.concatenate(
        [np.zeros(RATE // 2, np.float32), other, np.zeros(RATE // 2, np.float32)]
    )
    change, _ = held_measure(samples, 0.9, 1.3)
    assert change >= CONTINUATION_MAX_CHANGE and not continues_a_sound(samples, 0.9, 1.3)


def test_candidates_are_the_analysis_hesitations_the_frame_runs_and_nothing_twice() -> None:
    """A reported "uh", a high frame-score run where no filler is, and a run next to the "uh"
    (the same filler: not a second candidate). The words are too short to be steady-word
    candidates."""
    samples = np.concatenate(
        [np.zeros(RATE // 2, np.float32), _vowel(2.5, 120, (700, 1200)), np.zeros(RATE, np.float32)]
    )
    words = [Word("so", 0.5, 0.7, 0.9), Word("uh", 1.0, 1.4, 0.8), Word("we", 2.6, 2.8, 0.9)]
    fillers = [Filler("uh", 1.0, 1.4, "hesitation", "asr", 0.9)]
    p = np.zeros(400)
    p[105:135] = 0.95  # overlaps the "uh": the same filler
    p[200:240] = 0.9  # 2.0-2.4 s: a run no filler covers
    cands = candidates(samples, words, fillers, p, frozenset())
    assert [(c["src"], round(c["start"], 2)) for c in cands] == [
        ("asr_placed", 1.0),
        ("frame_run", 2.0),
    ]
    run = cands[1]["x"]
    assert run[FEATURES.index("long8")] >= 0.35 and run[FEATURES.index("frame_run")] == 1.0
    assert cands[0]["x"][FEATURES.index("filler_word")] == 1.0


def test_the_chosen_threshold_is_shown_as_confident_filler_and_order_is_kept() -> None:
    assert _shown(0.35, 0.35) == 0.5
    assert _shown(0.2, 0.35) < 0.5 < _shown(0.5, 0.35) < _shown(0.9, 0.35) <= 1.0
    assert _shown(0.62, 0.5) == 0.62


def test_logit_of_a_fitted_model_matches_its_training_predictions() -> None:
    rng = np.random.default_rng(2)
    x = rng.standard_normal((50, 2))
    y = (x[:, 1] > 0).astype(float)
    m = fit_logistic(x, y, 3.0)
    assert ((logit(m, x) > 0) == (y > 0)).mean() > 0.9
