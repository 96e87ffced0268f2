"""The frame detector applied after the analysis's own hesitation pass (issue 19 experiment).

Runs where the detector's smoothed score stays at THRESHOLD or more for MIN_S or more become
hesitations (the run's mean score as confidence) when no filler is within 0.1 s and words cover
at most COVER of the run (the words stay), or, with SHORT, when one short word lies on it
(Whisper's respelling of a run-in filler; the word goes). Hesitations already found whose span
never scores VETO are shown as possible instead of counted. Settings come from the environment
so that they can be swept on the tuning part; the defaults are the ones chosen there.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

import voicecoach.analysis as analysis
from benchmarks.experiments.frame_features import FRAME_S, frame_features
from benchmarks.experiments.train_filler_frames import score
from voicecoach.analysis.acoustic import _filler_name
from voicecoach.datatypes import Filler, Word

# Defaults: the settings chosen on the tuning part (out-of-fold models, docs/BENCHMARK.md).
THRESHOLD = float(os.environ.get("FF_THRESHOLD", "0.8"))
MIN_S = float(os.environ.get("FF_MIN_S", "0.25"))
COVER = float(os.environ.get("FF_COVER", "1.0"))  # 1.0: whatever words lie there
VETO = float(os.environ.get("FF_VETO", "-1"))  # negative: no veto
SHORT = os.environ.get("FF_SHORT", "0") == "1"
ADD = os.environ.get("FF_ADD", "1") == "1"
SMOOTH = 5


def regions(p: np.ndarray) -> list[tuple[float, float, float]]:
    on = p >= THRESHOLD
    out = []
    i = 0
    while i < len(on):
        if not on[i]:
            i += 1
            continue
        j = i
        while j < len(on) and on[j]:
            j += 1
        if (j - i) * FRAME_S >= MIN_S:
            out.append((i * FRAME_S, j * FRAME_S, float(p[i:j].mean())))
        i = j
    return out


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def apply(
    model: dict[str, np.ndarray],
    samples: np.ndarray,
    words: list[Word],
    fillers: list[Filler],
    keep_words: frozenset[str],
) -> tuple[list[Word], list[Filler]]:
    p = np.convolve(score(model, frame_features(samples)), np.ones(SMOOTH) / SMOOTH, mode="same")
    return apply_scores(p, samples, words, fillers, keep_words)


def apply_scores(
    p: np.ndarray,
    samples: np.ndarray,
    words: list[Word],
    fillers: list[Filler],
    keep_words: frozenset[str],
) -> tuple[list[Word], list[Filler]]:
    """``apply`` given the smoothed frame scores ``p`` (frame i at i * FRAME_S seconds)."""
    spans = {(round(f.start, 3), round(f.end, 3)) for f in fillers}
    content = [w for w in words if (round(w.start, 3), round(w.end, 3)) not in spans]
    if VETO >= 0:
        kept = []
        for f in fillers:
            a, b = int(f.start / FRAME_S), max(int(f.end / FRAME_S), int(f.start / FRAME_S) + 1)
            if f.confidence >= 0.5 and float(p[a:b].max(initial=0.0)) < VETO:
                f = Filler(f.text, f.start, f.end, f.kind, f.source, 0.3)
            kept.append(f)
        fillers = kept
    if not ADD:
        return words, fillers
    out_words = list(words)
    for s, e, conf in regions(p):
        r = (s, e)
        if any(_overlap((f.start - 0.1, f.end + 0.1), r) > 0 for f in fillers):
            continue
        under = [w for w in content if _overlap((w.start, w.end), r) > 0]
        covered = sum(_overlap((w.start, w.end), r) for w in under) / (e - s)
        name = _filler_name(samples, s, e)
        if covered <= COVER:
            out_words.append(Word(name, s, e, conf))
            fillers.append(Filler(name, s, e, "hesitation", "acoustic", round(conf, 2)))
            continue
        if not SHORT or len(under) != 1:
            continue
        w = under[0]
        text = w.text.strip(" ,.!?;:").lower()
        if (
            len(text) > 3
            or text in keep_words
            or _overlap((w.start, w.end), r) < 0.6 * (w.end - w.start)
        ):
            continue
        out_words = [x for x in out_words if x is not w]
        out_words.append(Word(name, w.start, w.end, conf))
        fillers.append(Filler(name, w.start, w.end, "hesitation", "acoustic", round(conf, 2)))
    out_words.sort(key=lambda w: w.start)
    fillers.sort(key=lambda f: f.start)
    return out_words, fillers


CURRENT: dict[str, str] = {"clip": ""}


def install(weights: Path) -> None:
    """Wrap the analysis's hesitation pass; ``weights`` is one model (.npz) or a fold map
    (.json, clip name -> model), in which case ``CURRENT["clip"]`` picks the model."""
    if weights.suffix == ".json":
        folds = json.loads(weights.read_text())
        models = {p: dict(np.load(p)) for p in set(folds.values())}
    else:
        single = dict(np.load(weights))
    original = analysis.reconcile_hesitations

    def wrapped(samples: np.ndarray, words: list[Word], *args: Any, **kwargs: Any):
        model = models[folds[CURRENT["clip"]]] if weights.suffix == ".json" else single
        out_words, fillers, notes = original(samples, words, *args, **kwargs)
        keep = kwargs.get("keep_words", frozenset())
        out_words, fillers = apply(model, samples, out_words, fillers, keep)
        return out_words, fillers, notes

    analysis.reconcile_hesitations = wrapped
