"""How the answer sounded: pitch variety (librosa's pyin), loudness and trailing off, pace over
time. Textual-free; the app runs it in a worker process (practice.delivery_process), because
librosa's numba code holds the GIL, which the UI thread must never wait for.

librosa's numba functions compile for about 27 s on a cold cache and hold the GIL meanwhile:
``prepare_numba`` points numba at a cache under the user's cache dir before librosa is first
imported, and ``python -m voicecoach.analysis.delivery`` (run by `make setup`) fills it. Warm,
a process pays 2-3 s once to load it, then 0.022-0.031 x real time per answer.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from voicecoach.audio import SAMPLE_RATE
from voicecoach.datatypes import AnalysedWord, Delivery, PaceWindow, SentenceEnd, Verdict
from voicecoach.paths import numba_cache_dir

# pyin's search band: low men to high women in speech (not singing). Its Viterbi grows with the
# square of the number of pitch bins, so the band is no wider than speech needs.
PITCH_FMIN_HZ = 65.0
PITCH_FMAX_HZ = 350.0
FRAME = 1024  # 64 ms: two periods of the lowest pitch
HOP = 640  # 40 ms: enough for percentiles, and a third of pyin's cost at 10 ms
CHUNK_HOPS = 50  # pyin on 2 s pieces (see pitch_track)
# Range (10th to 90th percentile of voiced frames, semitones) under which the pitch is a
# monotone: chosen on the tuning part of samples/delivery/ (flat 1-2 st, expressive 4-7 st).
MONOTONE_MAX_ST = 3.0
# Within-sentence movement (median over sentences of the per-sentence pitch spread) at or above
# which a sentence moves: a coach's "let it rise and fall".
MOVEMENT_MIN_ST = 1.5
# A sentence end this far below the speaker's level is trailing off (tuned on samples/delivery/).
TRAILING_DROP_DB = 8.0
SENTENCE_END_S = 0.4  # the part of a sentence its end's loudness is measured on
SENTENCE_GAP_S = 0.7  # a silence this long between words ends a sentence even without a stop
MIN_SENTENCE_WORDS = 3
# Trailing off on more than this share of sentences gets an "over" verdict.
MAX_TRAILING_SHARE = 0.25
# Speech level band (dBFS): under it the listener strains (or the microphone is far); over it
# it clips.
LOUDNESS_DBFS = (-35.0, -6.0)
PACE_WINDOW_S = 15.0
SILENCE_DB = -60.0
# The plotted contour's step: 0.2 s keeps a 90 s answer's stored report small (450 points)
# and is finer than a plot in a terminal can show.
CONTOUR_STEP_S = 0.2
MIN_FLAT_S = 1.5  # a sentence shorter than this is not called a monotone stretch
# pyin's harmonic errors, corrected in the plotted contour: a stretch of pitch (voiced frames
# with no step over PITCH_STEP_ST between neighbours) whose median lies PITCH_FAR_ST or more
# from the speaker's median was a multiple or a fraction of the true pitch (an app recording
# drew +19 st, the third harmonic, on an answer of range 7.2 st). It is moved by the harmonic
# (an octave, twice the pitch, or a twelfth, three times) that brings it nearest the median,
# and left out when none brings it nearer than PITCH_FAR_ST, or when it is shorter than
# PITCH_MOVED_FRAMES (one frame at -9 st after a fall may be the fall's end). Speech glides
# about 2 st per 40 ms frame at most on samples/ (a sentence's fall to -12.8 st was one
# stretch, its median -5 st).
PITCH_STEP_ST = 6.0
PITCH_FAR_ST = 9.0
PITCH_MOVED_FRAMES = 3
HARMONICS_ST = (12.0, 12.0 * math.log2(3.0), 24.0)


def prepare_numba() -> None:
    """Point numba at the user's cache before numba is imported (it reads the setting once)."""
    if "numba" not in sys.modules:
        os.environ.setdefault("NUMBA_CACHE_DIR", str(numba_cache_dir()))


def _librosa() -> Any:
    prepare_numba()
    import librosa  # noqa: PLC0415 - 0.3 s of imports and numba: only when measuring

    return librosa


def pitch_track(samples: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """f0 in Hz per HOP (NaN where unvoiced) and each frame's time in seconds.

    pyin runs on CHUNK_S pieces: its numba Viterbi holds the GIL for the whole piece (1.2 s on
    a 90 s answer in one go), and the UI thread must get it back within a key's 100 ms.
    """
    librosa = _librosa()
    x = np.asarray(samples, dtype=np.float32)
    if len(x) < FRAME:
        return np.zeros(0), np.zeros(0)
    step = CHUNK_HOPS * HOP
    pieces = []
    for start in range(0, len(x), step):
        piece = x[start : start + step]
        if len(piece) < FRAME:  # a sliver at the end: too short to hold a period
            pieces.append(np.full(len(piece) // HOP + 1, np.nan))
            continue
        f0, voiced, _ = librosa.pyin(
            piece,
            fmin=PITCH_FMIN_HZ,
            fmax=PITCH_FMAX_HZ,
            sr=SAMPLE_RATE,
            frame_length=FRAME,
            hop_length=HOP,
        )
        f0 = np.where(voiced, f0, np.nan)
        # The last frame of a full piece sits where the next piece's first one does.
        pieces.append(f0[:CHUNK_HOPS] if len(piece) == step else f0)
    f0 = np.concatenate(pieces)
    return f0, np.arange(len(f0)) * HOP / SAMPLE_RATE


def loudness_db(samples: np.ndarray) -> np.ndarray:
    """RMS in dBFS per HOP, on the same frames as ``pitch_track``."""
    librosa = _librosa()
    if len(samples) < FRAME:
        return np.zeros(0)
    rms = librosa.feature.rms(
        y=np.asarray(samples, dtype=np.float32), frame_length=FRAME, hop_length=HOP
    )[0]
    # A full-scale sine has RMS 1/sqrt(2): dBFS counts it as 0.
    return 20.0 * np.log10(np.maximum(rms * np.sqrt(2.0), 1e-6))


def semitone_range(f0: np.ndarray) -> float | None:
    """Semitones between the 10th and 90th percentile of the voiced frames."""
    v = f0[np.isfinite(f0) & (f0 > 0)]
    if len(v) < 5:
        return None
    lo, hi = np.percentile(v, [10, 90])
    return float(12.0 * np.log2(hi / lo))


def sentences(words: Sequence[AnalysedWord]) -> list[tuple[float, float, int]]:
    """(start, end, word count) of each sentence: ended by . ? ! or a long silence."""
    out: list[tuple[float, float, int]] = []
    start_i = 0
    for i, w in enumerate(words):
        last = i == len(words) - 1
        stop = w.text.rstrip("\"')").endswith((".", "?", "!"))
        gap = not last and words[i + 1].start - w.end >= SENTENCE_GAP_S
        if last or stop or gap:
            out.append((words[start_i].start, w.end, i - start_i + 1))
            start_i = i + 1
    return out


def _frames(times: np.ndarray, start: float, end: float) -> np.ndarray:
    return (times >= start) & (times < end)


def _power_mean_db(db: np.ndarray) -> float:
    return float(10.0 * np.log10(np.mean(10.0 ** (db / 10.0))))


def sentence_ends(
    db: np.ndarray, times: np.ndarray, spans: Sequence[tuple[float, float, int]], level: float
) -> list[SentenceEnd]:
    """Each sentence's last SENTENCE_END_S against the speaker's level (power mean, so a quiet
    consonant does not read as a fade, a faded last word does)."""
    out: list[SentenceEnd] = []
    for start, end, count in spans:
        if count < MIN_SENTENCE_WORDS or end - start < 2 * SENTENCE_END_S:
            continue
        tail = db[_frames(times, end - SENTENCE_END_S, end)]
        if not len(tail):
            continue
        drop = level - _power_mean_db(tail)
        out.append(SentenceEnd(start, end, drop, drop >= TRAILING_DROP_DB))
    return out


def pace_windows(words: Sequence[AnalysedWord]) -> list[PaceWindow]:
    """Words per minute per PACE_WINDOW_S from the first word; a last window under half that
    joins the one before (6 words in 3 s is no pace)."""
    spoken = [w for w in words if not w.filler]
    if not spoken:
        return []
    first, last = spoken[0].start, spoken[-1].end
    edges = list(np.arange(first, last, PACE_WINDOW_S)) + [last]
    if len(edges) > 2 and edges[-1] - edges[-2] < PACE_WINDOW_S / 2:
        del edges[-2]
    out = []
    for a, b in zip(edges, edges[1:], strict=False):
        mids = [(w.start + w.end) / 2 for w in spoken]
        n = sum(1 for m in mids if a <= m < b or (b == last and m == b))
        if b - a > 0:
            out.append(PaceWindow(float(a), float(b), n * 60.0 / (b - a)))
    return out


def pitch_stretches(f0: np.ndarray) -> list[tuple[int, int]]:
    """(first, end) frame indices of each stretch of voiced frames whose pitch moves less
    than PITCH_STEP_ST from one frame to the next."""
    st = np.full(len(f0), np.nan)
    voiced = np.isfinite(f0) & (f0 > 0)
    st[voiced] = 12.0 * np.log2(f0[voiced])
    out: list[tuple[int, int]] = []
    start: int | None = None
    for i in range(len(st)):
        if not voiced[i]:
            if start is not None:
                out.append((start, i))
            start = None
        elif start is None:
            start = i
        elif abs(st[i] - st[i - 1]) >= PITCH_STEP_ST:
            out.append((start, i))
            start = i
    if start is not None:
        out.append((start, len(st)))
    return out


def correct_harmonic_errors(f0: np.ndarray, median_hz: float | None) -> np.ndarray:
    """f0 with pyin's harmonic errors moved back or left out (NaN), for the plot: the range
    (10th to 90th percentile) does not see a few frames, a plot's axis does."""
    out = np.array(f0, dtype=float)
    if not median_hz:
        return out
    for first, end in pitch_stretches(out):
        offset = float(np.median(12.0 * np.log2(out[first:end] / median_hz)))
        if abs(offset) < PITCH_FAR_ST:
            continue
        shifts = [s for h in HARMONICS_ST for s in (h, -h)]
        best = min(shifts, key=lambda s: abs(offset - s))
        if end - first >= PITCH_MOVED_FRAMES and abs(offset - best) < PITCH_FAR_ST:
            out[first:end] /= 2.0 ** (best / 12.0)
        else:
            out[first:end] = np.nan
    return out


def contour(
    f0: np.ndarray, db: np.ndarray, times: np.ndarray
) -> tuple[list[float | None], list[float]]:
    """Pitch (median of the voiced frames, None when none) and loudness (the loudest frame)
    per CONTOUR_STEP_S, for the plot. ``f0`` as ``correct_harmonic_errors`` leaves it."""
    per = max(1, round(CONTOUR_STEP_S * SAMPLE_RATE / HOP))
    pitch: list[float | None] = []
    loud: list[float] = []
    for i in range(0, len(times), per):
        voiced = f0[i : i + per]
        voiced = voiced[np.isfinite(voiced)]
        pitch.append(float(np.median(voiced)) if len(voiced) else None)
        loud.append(float(max(np.max(db[i : i + per]), SILENCE_DB)))
    return pitch, loud


def _verdict(metric: str, value: float, target: str, status: str, label: str) -> Verdict:
    return Verdict(metric, round(value, 2), target, status == "ok", status, label)  # type: ignore[arg-type]


def measure_delivery(
    samples: np.ndarray,
    words: Sequence[AnalysedWord],
    pace: tuple[float, float] = (120.0, 160.0),
    spans: Sequence[tuple[float, float, int]] | None = None,
) -> Delivery:
    """Pitch, loudness, trailing off and pace over time of one answer (16 kHz mono samples).

    ``spans`` (start, end, word count) replace the sentences read from ``words`` (the benchmark
    gives the truth's, to judge the measure apart from the transcriber).
    """
    spans = list(spans) if spans is not None else sentences(words)
    f0, times = pitch_track(samples)
    db = loudness_db(samples)
    n = min(len(f0), len(db))
    f0, times, db = f0[:n], times[:n], db[:n]
    in_speech = np.zeros(n, dtype=bool)
    for start, end, _ in spans:
        in_speech |= _frames(times, start, end)
    speech_db = db[in_speech & (db > SILENCE_DB)]
    speech_f0 = f0[in_speech]
    pitch_range = semitone_range(speech_f0)
    voiced = speech_f0[np.isfinite(speech_f0)]
    median_hz = float(np.median(voiced)) if len(voiced) else None
    moves = [semitone_range(f0[_frames(times, s, e)]) for s, e, _ in spans]
    moves_known = [m for m in moves if m is not None]
    movement = float(np.median(moves_known)) if moves_known else None
    level = float(np.median(speech_db)) if len(speech_db) else None
    variation = float(np.std(speech_db)) if len(speech_db) else None
    ends = sentence_ends(db, times, spans, level) if level is not None else []
    windows = pace_windows(words)
    flat = [
        (s, e)
        for (s, e, _), m in zip(spans, moves, strict=True)
        if m is not None and m < MOVEMENT_MIN_ST and e - s >= MIN_FLAT_S
    ]
    contour_pitch, contour_loudness = contour(correct_harmonic_errors(f0, median_hz), db, times)

    verdicts: list[Verdict] = []
    monotone = None
    if pitch_range is not None:
        monotone = pitch_range < MONOTONE_MAX_ST
        status = "under" if monotone else "ok"
        verdicts.append(
            _verdict(
                "pitch_range_st", pitch_range, f">= {MONOTONE_MAX_ST:g} st", status, "Pitch range"
            )
        )
    if movement is not None:
        status = "under" if movement < MOVEMENT_MIN_ST else "ok"
        verdicts.append(
            _verdict(
                "pitch_movement_st",
                movement,
                f">= {MOVEMENT_MIN_ST:g} st",
                status,
                "Pitch movement",
            )
        )
    if level is not None:
        low, high = LOUDNESS_DBFS
        status = "under" if level < low else "over" if level > high else "ok"
        verdicts.append(
            _verdict("loudness_dbfs", level, f"{low:g} to {high:g} dBFS", status, "Loudness")
        )
    if ends:
        share = len([e for e in ends if e.trailing]) / len(ends)
        status = "over" if share > MAX_TRAILING_SHARE else "ok"
        verdicts.append(
            _verdict(
                "trailing_off_share",
                share,
                f"<= {MAX_TRAILING_SHARE:g} of sentence ends",
                status,
                "Trailing off",
            )
        )
    if len(windows) >= 2:
        low, high = pace
        off = [w for w in windows if not low <= w.wpm <= high]
        status = "over" if len(off) > 1 else "ok"
        verdicts.append(
            _verdict(
                "pace_windows_off",
                len(off),
                "<= 1 window out of the pace band",
                status,
                "Pace over time",
            )
        )
    return Delivery(
        pitch_median_hz=median_hz,
        pitch_range_st=pitch_range,
        pitch_movement_st=movement,
        monotone=monotone,
        loudness_dbfs=level,
        loudness_variation_db=variation,
        sentence_ends=ends,
        pace_windows=windows,
        verdicts=verdicts,
        contour_step_s=CONTOUR_STEP_S,
        contour_pitch_hz=contour_pitch,
        contour_loudness_dbfs=contour_loudness,
        flat_stretches=flat,
    )


def warm() -> float:
    """Compile (or load) librosa's pyin into the cache; returns the seconds it took."""
    t = time.perf_counter()
    tone = 0.1 * np.sin(2 * np.pi * 120.0 * np.arange(SAMPLE_RATE) / SAMPLE_RATE)
    pitch_track(tone.astype(np.float32))
    loudness_db(tone.astype(np.float32))
    return time.perf_counter() - t


if __name__ == "__main__":
    seconds = warm()
    print(f"librosa's pyin ready in {seconds:.1f} s (cache: {numba_cache_dir()})")
