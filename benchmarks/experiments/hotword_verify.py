"""Fillers a second Whisper pass wrote when asked for them, kept only where the sound agrees.

An issue-19 experiment, not in the analysis: on the test part it lost precision for one more
hesitation found (docs/BENCHMARK.md, "A second Whisper pass with filler hotwords").

Whisper drops an "um" run into the words around it. Asked for fillers (faster-whisper's
``hotwords``, given to every window) it writes them there, but it also invents them: after
the last word, where the window has nothing left to write, and over a drawn-out word. So the
second pass's fillers are candidates only (issue 19, docs/BENCHMARK.md): one is added as a
hesitation when the analysis has none near it, the voice there passes the test a filled pause
standing on its own must pass (long, voiced and steady enough: ``hesitation_confidence`` of an
isolated stretch; the pass's word is the evidence that lets a stretch touching words be judged
as one on its own), it does not continue a sound begun before it (a held word), and the main
pass heard words after it.
"""

from __future__ import annotations

import numpy as np

from voicecoach.analysis.acoustic import (
    FeatureCache,
    _filler_name,
    cached_features,
    continues_a_sound,
    hesitation_confidence,
)
from voicecoach.analysis.voice_activity import VoiceActivity
from voicecoach.datatypes import Filler, Word

NEAR_S = 0.5  # an existing hesitation this close is the same one (the scoring's tolerance)
OWN_SPAN_MIN_S = 0.1  # a candidate shorter than this is judged on the voice around its centre
AROUND_S = 0.1  # half the window around a short candidate's centre
AFTER_S = 0.05  # a word of the main pass must start after the candidate's voice (less this)


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return max(0.0, max(a[0], b[0]) - min(a[1], b[1]))


def candidate_voice(candidate: Word, activity: VoiceActivity) -> tuple[float, float] | None:
    """The stretch of voice the candidate stands for: its own span (or the window around a
    near-zero one's centre) trimmed to the voice-activity regions it touches; None if none."""
    if candidate.end - candidate.start >= OWN_SPAN_MIN_S:
        a, b = candidate.start, candidate.end
    else:
        mid = (candidate.start + candidate.end) / 2
        a, b = mid - AROUND_S, mid + AROUND_S
    regions = [r for r in activity.regions if r.end > a and r.start < b]
    if not regions:
        return None
    a, b = max(a, regions[0].start), min(b, regions[-1].end)
    return (a, b) if b > a else None


def add_hotword_fillers(
    samples: np.ndarray,
    words: list[Word],
    fillers: list[Filler],
    candidates: list[Word],
    activity: VoiceActivity,
    cache: FeatureCache | None = None,
) -> tuple[list[Word], list[Filler], int]:
    """``words`` and ``fillers`` with each verified candidate added as a hesitation (and as a
    word, since pace counts fillers as words); and how many were."""
    taken = [(f.start, f.end) for f in fillers if f.kind == "hesitation"]
    filler_spans = {(round(s, 3), round(e, 3)) for s, e in taken}
    said = [w for w in words if (round(w.start, 3), round(w.end, 3)) not in filler_spans]
    last_start = max((w.start for w in said), default=0.0)
    out_words, out_fillers = list(words), list(fillers)
    added = 0
    for c in sorted(candidates, key=lambda w: w.start):
        span = candidate_voice(c, activity)
        if span is None or any(_distance(span, t) <= NEAR_S for t in taken):
            continue
        if last_start < span[1] - AFTER_S:
            continue  # after the last word heard: where Whisper invents one
        confidence = hesitation_confidence(cached_features(samples, *span, cache), True)
        if confidence <= 0 or continues_a_sound(samples, *span):
            continue
        name = _filler_name(samples, *span)
        taken.append(span)
        out_words.append(Word(name, span[0], span[1], confidence))
        out_fillers.append(Filler(name, span[0], span[1], "hesitation", "asr", confidence))
        added += 1
    out_words.sort(key=lambda w: w.start)
    out_fillers.sort(key=lambda f: f.start)
    return out_words, out_fillers, added
