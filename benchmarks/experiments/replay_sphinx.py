"""Re-analyse the labelled set with pocketsphinx's forced alignment after the hesitation pass.

    .venv/bin/python -m benchmarks.experiments.replay_sphinx PART [-v]

Settings come from the environment so that they can be swept on the tuning part; the
defaults are the ones chosen there (docs/BENCHMARK.md, "Forced alignment with pocketsphinx"):

- SPH_WEIGHT: the grammar's weight of a filler against none in each gap (prior odds).
- SPH_ADD=1: a filler the decoder places, lasting SPH_MIN_S or more, with no hesitation within
  SPH_NEAR s, becomes a hesitation (confidence SPH_CONF), when SPH_SOUND=1 only if the voice
  there does not continue a sound begun before it (the analysis's held-word test), and only if
  it is steady and voiced (SPH_MAX_CHANGE, SPH_MIN_VOICED; SPH_MIN_ASCORE and SPH_MAX_COVER,
  further gates, were not swept). SPH_INNER=1: only fillers with a word of the region after them.
  SPH_VOWEL_EDGE=prev|next|both: none abutting a word whose neighbouring phone is a vowel.
- SPH_VETO=1: a counted hesitation within SPH_VETO_NEAR s of a word is shown as possible
  instead (confidence 0.3) when the decoder, given that word and the hesitation's audio with an
  optional filler (weight SPH_VETO_WEIGHT), explains it by the word alone, drawn out.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from typing import Any

import numpy as np

import voicecoach.analysis as analysis
from benchmarks.experiments import replay
from benchmarks.experiments.frame_detector import CURRENT
from benchmarks.experiments.sphinx_align import Aligner, place_fillers, word_alone
from voicecoach.analysis.acoustic import _filler_name, continues_a_sound, stretch_features
from voicecoach.datatypes import Filler, Word

WEIGHT = float(os.environ.get("SPH_WEIGHT", "1e-12"))
ADD = os.environ.get("SPH_ADD", "1") == "1"
MIN_S = float(os.environ.get("SPH_MIN_S", "0.2"))
NEAR = float(os.environ.get("SPH_NEAR", "0.5"))
CONF = float(os.environ.get("SPH_CONF", "0.6"))
SOUND = os.environ.get("SPH_SOUND", "1") == "1"
VETO = os.environ.get("SPH_VETO", "0") == "1"
VETO_NEAR = float(os.environ.get("SPH_VETO_NEAR", "0.1"))
VETO_WEIGHT = float(os.environ.get("SPH_VETO_WEIGHT", "1.0"))
MIN_VOICED = float(os.environ.get("SPH_MIN_VOICED", "0.5"))
MAX_CHANGE = float(os.environ.get("SPH_MAX_CHANGE", "0.02"))
MIN_ASCORE = float(os.environ.get("SPH_MIN_ASCORE", "-1e9"))
MAX_COVER = float(os.environ.get("SPH_MAX_COVER", "1"))
INNER = os.environ.get("SPH_INNER", "0") == "1"  # only fillers between two words of a region
VOWEL_EDGE = os.environ.get("SPH_VOWEL_EDGE", "")  # "prev", "next", "both": held-vowel test

ADDED: list[tuple[str, float, float, str, dict[str, float]]] = []
VETOED: list[tuple[str, float, float, str]] = []


def _gap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return max(0.0, max(a[0], b[0]) - min(a[1], b[1]))


def adjust(
    aligner: Aligner,
    veto_aligner: Aligner,
    samples: np.ndarray,
    content: list[Word],
    words: list[Word],
    fillers: list[Filler],
) -> tuple[list[Word], list[Filler]]:
    """``words`` and ``fillers`` after the alignment's evidence (module docstring)."""
    placed, spans = place_fillers(aligner, samples, content)
    out_fillers = list(fillers)
    if VETO:
        out_fillers = []
        for f in fillers:
            if f.kind == "hesitation" and f.confidence >= 0.5:
                span = (f.start, f.end)
                beside = [w for w in content if _gap((w.start, w.end), span) <= VETO_NEAR]
                if beside and word_alone(veto_aligner, samples, beside[0], span):
                    VETOED.append((CURRENT["clip"], f.start, f.end, f.text))
                    f = replace(f, confidence=0.3)
            out_fillers.append(f)
    out_words = list(words)
    if ADD:
        taken = [(f.start, f.end) for f in out_fillers if f.kind == "hesitation"]
        for p in placed:
            span = (p.start, p.end)
            if p.end - p.start < MIN_S or any(_gap(span, t) <= NEAR for t in taken):
                continue
            if INNER and (p.gap == 0 or not p.inner):
                continue
            if VOWEL_EDGE in ("prev", "both") and p.after_vowel:
                continue
            if VOWEL_EDGE in ("next", "both") and p.before_vowel:
                continue
            if SOUND and continues_a_sound(samples, *span):
                continue
            f = stretch_features(samples, *span)
            cover = sum(max(0.0, min(w.end, span[1]) - max(w.start, span[0])) for w in content) / (
                span[1] - span[0]
            )
            feats = {
                "ascore": round(p.ascore_per_frame, 3),
                "voiced": round(f.voiced_fraction, 3),
                "change": round(f.spectral_change, 4),
                "pitch": round(f.pitch_spread_st, 2),
                "cover": round(cover, 2),
            }
            if (
                f.voiced_fraction < MIN_VOICED
                or f.spectral_change > MAX_CHANGE
                or p.ascore_per_frame < MIN_ASCORE
                or cover > MAX_COVER
            ):
                continue
            name = _filler_name(samples, *span)
            taken.append(span)
            out_words.append(Word(name, span[0], span[1], CONF))
            out_fillers.append(Filler(name, span[0], span[1], "hesitation", "acoustic", CONF))
            ADDED.append((CURRENT["clip"], span[0], span[1], p.text, feats))
    out_words.sort(key=lambda w: w.start)
    out_fillers.sort(key=lambda f: f.start)
    return out_words, out_fillers


def install() -> None:
    """Wrap the analysis's hesitation pass with the alignment's evidence."""
    aligner = Aligner(WEIGHT)
    veto_aligner = Aligner(VETO_WEIGHT)
    original = analysis.reconcile_hesitations

    def wrapped(samples: np.ndarray, words: list[Word], *args: Any, **kwargs: Any):
        hes = set(args[0] if args else kwargs["hesitation_index"])
        content = [w for i, w in enumerate(words) if i not in hes]
        out_words, fillers, notes = original(samples, words, *args, **kwargs)
        out_words, fillers = adjust(aligner, veto_aligner, samples, content, out_words, fillers)
        return out_words, fillers, notes

    analysis.reconcile_hesitations = wrapped  # type: ignore[assignment]


def main() -> None:
    part = sys.argv[1]
    if "--off" not in sys.argv:
        install()
    tag = f"w{WEIGHT} add{int(ADD)} min{MIN_S} veto{int(VETO)}"
    for k, v in replay.run(part, verbose="-v" in sys.argv).items():
        print(f"{part} [{tag}] {k}: {v}")
    print(f"{part} [{tag}] added {len(ADDED)}, vetoed {len(VETOED)}")
    if "-v" in sys.argv:
        for clip, a, b, text, feats in ADDED:
            print(f"  added {clip} {a:.2f}-{b:.2f} {text} {json.dumps(feats)}")
        for clip, a, b, text in VETOED:
            print(f"  vetoed {clip} {a:.2f}-{b:.2f} {text}")


if __name__ == "__main__":
    main()
