"""Frame-level features for a filler detector (issue 19 experiment).

One row per 10 ms frame: how steady the sound is (spectral change, log-mel spread, pitch
spread) over 0.15 s and 0.4 s, how voiced, its level against the clip's loud speech, and how the
0.15 s before and after differ from it. A filler is a held, voiced, steady sound that begins as a
sound of its own; a word changes, and a drawn-out vowel inside a word (steady too) is told by
what comes before and after it. The spectrum itself (the voice's timbre) is left out by default:
with it the detector did worse on speakers it was not trained on (docs/BENCHMARK.md).
"""

from __future__ import annotations

import os

import numpy as np

from voicecoach.analysis.acoustic import FRAME, HANN, HOP, MEL_BANK, periodicity, yin_lags
from voicecoach.audio import SAMPLE_RATE

FRAME_S = HOP / SAMPLE_RATE
NEAR = 15  # frames either side: 0.15 s
WIDE = 40  # 0.4 s
# Without the spectrum itself (the voice's timbre; FF_SHAPE=1 adds it): how it changes only.
WITH_SHAPE = os.environ.get("FF_SHAPE", "0") == "1"


def _window_mean(x: np.ndarray, half: int) -> np.ndarray:
    """Mean of each column over the frames within ``half`` of it (rows: features)."""
    if x.ndim == 1:
        x = x[None, :]
    n = x.shape[1]
    c = np.zeros((x.shape[0], n + 1))
    np.cumsum(x, axis=1, out=c[:, 1:])
    idx = np.arange(n)
    lo = np.clip(idx - half, 0, n)
    hi = np.clip(idx + half + 1, 0, n)
    return (c[:, hi] - c[:, lo]) / (hi - lo)


def _shift(x: np.ndarray, k: int) -> np.ndarray:
    """Columns shifted by k frames (edge frames repeated)."""
    idx = np.clip(np.arange(x.shape[-1]) + k, 0, x.shape[-1] - 1)
    return x[..., idx]


def frame_features(samples: np.ndarray) -> np.ndarray:
    """(frames, features) for the whole clip; frame i is centred on i * FRAME_S seconds."""
    y = np.asarray(samples, dtype=np.float64)
    y = np.concatenate([np.zeros(FRAME // 2), y, np.zeros(FRAME // 2 + HOP)])
    frames = np.lib.stride_tricks.sliding_window_view(y, FRAME)[::HOP].T
    n = frames.shape[1]
    power = np.abs(np.fft.rfft(frames * HANN[:, None], axis=0)) ** 2
    logmel = np.log(MEL_BANK @ power + 1e-10)
    energy = np.log(power.sum(axis=0) + 1e-10)
    loud = energy >= np.percentile(energy, 60)
    ref = np.percentile(energy, 97)
    norm = logmel - logmel[:, loud].mean(axis=1, keepdims=True)
    lags = yin_lags(frames)
    voiced = periodicity(frames, lags)
    semis = 12 * np.log2(SAMPLE_RATE / lags)
    unit = logmel - logmel.mean(axis=0, keepdims=True)
    unit /= np.linalg.norm(unit, axis=0, keepdims=True) + 1e-9
    flux = np.zeros(n)
    flux[1:] = 1 - np.sum(unit[:, 1:] * unit[:, :-1], axis=0)
    far = 1 - np.sum(unit * _shift(unit, -5), axis=0)  # 50 ms back
    far_next = 1 - np.sum(unit * _shift(unit, 5), axis=0)
    level = np.clip(energy - ref, -20, 0) / 10
    v = (voiced > 0.6).astype(float)
    # pitch spread: mean absolute deviation of semitones over voiced frames nearby
    sv = semis * v
    m1 = _window_mean(sv, NEAR)[0] / np.maximum(_window_mean(v, NEAR)[0], 1e-3)
    m2 = _window_mean(sv * semis, NEAR)[0] / np.maximum(_window_mean(v, NEAR)[0], 1e-3)
    pitch_sd = np.sqrt(np.maximum(m2 - m1 * m1, 0.0))
    pitch_sd = np.where(_window_mean(v, NEAR)[0] > 0.3, np.minimum(pitch_sd, 6.0), 6.0) / 6.0
    mel_near = _window_mean(norm, NEAR)
    mel_sd = np.sqrt(np.maximum(_window_mean(norm * norm, NEAR) - mel_near**2, 0)).mean(axis=0)
    shape = [norm / 5, mel_near / 5, _window_mean(norm, 5) / 5] if WITH_SHAPE else []
    rows = [
        *shape,
        (_shift(mel_near, -2 * NEAR) - mel_near) / 5,  # how the sound before differs
        (_shift(mel_near, 2 * NEAR) - mel_near) / 5,
        np.vstack(
            [
                level,
                _window_mean(level, NEAR)[0],
                _window_mean(level, WIDE)[0],
                voiced,
                _window_mean(voiced, NEAR)[0],
                _window_mean(voiced, WIDE)[0],
                flux * 10,
                _window_mean(flux, NEAR)[0] * 10,
                _window_mean(flux, WIDE)[0] * 10,
                far * 5,
                _window_mean(far, NEAR)[0] * 5,
                _window_mean(far_next, NEAR)[0] * 5,
                mel_sd / 3,
                pitch_sd,
                (semis - m1) / 12 * v,
            ]
        ),
    ]
    return np.vstack(rows).T.astype(np.float32)
