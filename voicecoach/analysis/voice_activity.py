"""Where the speaker is speaking, measured from the audio (not from word timestamps).

Silero VAD (the model faster-whisper ships) gives a speech probability per 32 ms frame; we
segment it with hysteresis, then move each boundary to where the short-time energy crosses a
level set from the clip's own speech and noise floor (10 ms resolution), because word timestamps
around pauses are loose (about 0.3 s on real speech, measured) and Silero's frames are coarse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from voicecoach.audio import SAMPLE_RATE

VAD_FRAME = 512  # samples per Silero frame (32 ms at 16 kHz)
ENERGY_HOP = 160  # 10 ms


@dataclass(frozen=True)
class SpeechRegion:
    start: float
    end: float

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class VoiceActivity:
    """Speech regions plus the frame-level signals later passes (acoustic fillers) reuse."""

    regions: list[SpeechRegion]
    speech_prob: np.ndarray  # per VAD frame
    energy_db: np.ndarray  # per 10 ms hop
    speech_level_db: float
    floor_db: float
    # How far a region's end lies past the end of its sound. A refined end is the end of the last
    # loud hop, but energy[i] is the level of hops i - 1 and i, centred on the start of hop i:
    # the sound ends a hop earlier (as it starts at the first loud hop's start). The acoustic
    # passes were tuned on these ends and keep them; a pause takes the hop off, or every pause
    # is 10 ms short and a 1.0 s pause is found as 0.99 s, not long (pause starts on the clean
    # tuning clips: median 10 ms late, now 0; docs/BENCHMARK.md, "Pace and long pauses").
    end_late_s: float = 0.0

    def speech_between(self, start: float, end: float) -> float:
        """Seconds of detected speech inside [start, end]."""
        total = 0.0
        for r in self.regions:
            overlap = min(end, r.end) - max(start, r.start)
            if overlap > 0:
                total += overlap
        return total

    def sounds(self, more: Sequence[tuple[float, float]] = ()) -> list[SpeechRegion]:
        """Where there is sound: each region up to where its sound ends, with ``more`` voiced
        stretches another pass heard where Silero heard none (a filler), merged where they
        touch. The silences between them are the pauses."""
        merged: list[SpeechRegion] = []
        ends = [SpeechRegion(r.start, max(r.start, r.end - self.end_late_s)) for r in self.regions]
        for r in sorted([*ends, *(SpeechRegion(a, b) for a, b in more)], key=lambda r: r.start):
            if merged and r.start <= merged[-1].end:
                merged[-1] = SpeechRegion(merged[-1].start, max(merged[-1].end, r.end))
            else:
                merged.append(r)
        return merged


VAD_CONTEXT = 64  # samples of the previous frame Silero sees before each frame
VAD_BLOCK = 10_000  # frames per Silero call: faster-whisper's own batch size
LONG_VAD_S = 240.0  # longer clips go through Silero a block at a time


def speech_probabilities(samples: np.ndarray) -> np.ndarray:
    """Silero's speech probability for each 32 ms frame."""
    if len(samples) == 0:
        return np.zeros(0, dtype=np.float32)
    if len(samples) > LONG_VAD_S * SAMPLE_RATE:
        return _block_probabilities(samples)
    from faster_whisper.vad import get_vad_model

    pad = (-len(samples)) % VAD_FRAME
    padded = np.pad(samples.astype(np.float32, copy=False), (0, pad))
    return np.asarray(get_vad_model()(padded), dtype=np.float32).reshape(-1)


ENERGY_BLOCK = 6000  # hops (60 s) squared at a time


class StreamingVad:
    """Silero frame by frame with its LSTM state carried over: the whole-clip result, in pieces.

    faster-whisper's call copies the whole clip twice (padded, then framed with context: about
    500 MB for an hour); fed a block at a time, with the state and the 64-sample context carried
    as its own loop carries them, this gives the same probabilities (tested bit-identical). Live
    transcription feeds it as the audio arrives; long clips go through it a block at a time.
    """

    def __init__(self) -> None:
        from faster_whisper.vad import get_vad_model

        self._session = get_vad_model().session
        self._h = np.zeros((1, 1, 128), dtype=np.float32)
        self._c = np.zeros((1, 1, 128), dtype=np.float32)
        self._context = np.zeros(VAD_CONTEXT, dtype=np.float32)

    def __call__(self, frames: np.ndarray) -> np.ndarray:
        """Probabilities for whole frames (len a multiple of 512), continuing the stream."""
        if len(frames) == 0:
            return np.zeros(0, dtype=np.float32)
        batch = frames.astype(np.float32, copy=False).reshape(-1, VAD_FRAME)
        context = np.empty((len(batch), VAD_CONTEXT), dtype=np.float32)
        context[0] = self._context
        context[1:] = batch[:-1, -VAD_CONTEXT:]
        self._context = batch[-1, -VAD_CONTEXT:].copy()
        out, self._h, self._c = self._session.run(
            None, {"input": np.concatenate([context, batch], 1), "h": self._h, "c": self._c}
        )
        return np.asarray(out, dtype=np.float32).reshape(-1)


def _block_probabilities(samples: np.ndarray) -> np.ndarray:
    """The same probabilities for a long clip, a block (~20 s) of frames at a time."""
    vad = StreamingVad()
    step = VAD_BLOCK * VAD_FRAME
    out = np.empty(-(-len(samples) // VAD_FRAME), dtype=np.float32)
    for i in range(0, len(samples), step):
        block = samples[i : i + step]
        if len(block) % VAD_FRAME:
            block = np.pad(block, (0, (-len(block)) % VAD_FRAME))
        prob = vad(block)
        first = i // VAD_FRAME
        out[first : first + len(prob)] = prob
    return out


def frame_energy_db(samples: np.ndarray) -> np.ndarray:
    """RMS level in dBFS of each 10 ms hop (20 ms window).

    Computed a minute at a time: squaring a float64 copy of the whole clip at once would hold
    four times the samples' memory (about 900 MB for an hour); each hop's mean is the same.
    """
    n = len(samples) // ENERGY_HOP
    if n == 0:
        return np.zeros(0, dtype=np.float32)
    power = np.empty(n, dtype=np.float64)
    for i in range(0, n, ENERGY_BLOCK):
        j = min(n, i + ENERGY_BLOCK)
        x = samples[i * ENERGY_HOP : j * ENERGY_HOP].astype(np.float64).reshape(j - i, ENERGY_HOP)
        power[i:j] = (x * x).mean(axis=1)
    # 20 ms window: average each hop with the next one.
    power = np.convolve(power, [0.5, 0.5], mode="same")
    return (10.0 * np.log10(power + 1e-12)).astype(np.float32)


def _hysteresis(prob: np.ndarray, on: float, off: float) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    active = False
    start = 0
    for i, p in enumerate(prob):
        if not active and p >= on:
            active, start = True, i
        elif active and p < off:
            active = False
            spans.append((start, i))
    if active:
        spans.append((start, len(prob)))
    return spans


# Region edges move to the energy crossing only where speech stands this far over the noise
# floor (90th percentile of speech against the median of the rest). Below it much of the speech
# itself is under the crossing level (floor + 6 dB): in a real recording made with a cold in a
# noisy room (samples/real/mfa-cold-corpus.flac, 8 dB) refining cut its voice from 14.9 s to
# 10.3 s, and Whisper's words there were dropped as having no speech under them. The labelled
# set's noisy clips measure 18-24 dB and are refined as before.
REFINE_MIN_SNR_DB = 15.0


def detect_voice_activity(
    samples: np.ndarray,
    threshold: float = 0.5,
    min_speech_s: float = 0.06,
    merge_gap_s: float = 0.1,
    refine: bool = True,
    prob: np.ndarray | None = None,
) -> VoiceActivity:
    """Speech regions of a 16 kHz mono clip; gaps shorter than ``merge_gap_s`` are bridged.

    ``prob`` takes Silero's per-frame probabilities when a caller already has them (live
    transcription computes them as the audio arrives).
    """
    if prob is None:
        prob = speech_probabilities(samples)
    energy = frame_energy_db(samples)
    frame_s = VAD_FRAME / SAMPLE_RATE
    raw = _hysteresis(prob, threshold, max(threshold - 0.15, 0.05))
    regions = [SpeechRegion(a * frame_s, b * frame_s) for a, b in raw]

    speech_db, floor_db = _levels(energy, regions)
    refined = refine and bool(regions) and speech_db - floor_db >= REFINE_MIN_SNR_DB
    if refined:
        regions = [_refine(r, energy, speech_db, floor_db) for r in regions]
    merged: list[SpeechRegion] = []
    for r in sorted(regions, key=lambda r: r.start):
        if merged and r.start - merged[-1].end < merge_gap_s:
            merged[-1] = SpeechRegion(merged[-1].start, max(merged[-1].end, r.end))
        else:
            merged.append(r)
    duration = len(samples) / SAMPLE_RATE
    regions = [
        SpeechRegion(max(0.0, r.start), min(duration, r.end))
        for r in merged
        if r.duration >= min_speech_s
    ]
    late = ENERGY_HOP / SAMPLE_RATE if refined else 0.0
    return VoiceActivity(regions, prob, energy, speech_db, floor_db, late)


def _levels(energy: np.ndarray, regions: list[SpeechRegion]) -> tuple[float, float]:
    """Typical speech level and noise floor of this clip, in dBFS."""
    if len(energy) == 0:
        return -20.0, -90.0
    hop_s = ENERGY_HOP / SAMPLE_RATE
    mask = np.zeros(len(energy), dtype=bool)
    for r in regions:
        mask[int(r.start / hop_s) : int(r.end / hop_s) + 1] = True
    speech = energy[mask] if mask.any() else energy
    silence = energy[~mask] if (~mask).any() else energy
    return float(np.percentile(speech, 90)), float(np.percentile(silence, 50))


def _refine(
    region: SpeechRegion, energy: np.ndarray, speech_db: float, floor_db: float
) -> SpeechRegion:
    """Move each edge to the energy crossing nearest the VAD edge (within 0.25 s)."""
    hop_s = ENERGY_HOP / SAMPLE_RATE
    # Sound starts where the level comes within 40 dB of the clip's loud speech (the usual
    # trimming convention), and at least 6 dB over the noise floor when there is noise.
    level = max(floor_db + 6.0, speech_db - 40.0)
    reach = int(0.25 / hop_s)
    n = len(energy)
    a = min(n - 1, max(0, int(round(region.start / hop_s))))
    b = min(n - 1, max(0, int(round(region.end / hop_s)) - 1))
    # Start: earliest frame before a (within reach) from which energy stays above the level.
    start = a
    i = a
    while i > max(0, a - reach) and energy[i - 1] >= level:
        i -= 1
    start = i
    if energy[a] < level:  # VAD started early: move forward to the first loud frame
        j = a
        while j < min(b, a + reach) and energy[j] < level:
            j += 1
        start = j
    end = b
    k = b
    while k < min(n - 1, b + reach) and energy[k + 1] >= level:
        k += 1
    end = k
    if energy[b] < level:  # VAD ended late: move back to the last loud frame
        j = b
        while j > max(start, b - reach) and energy[j] < level:
            j -= 1
        end = j
    return SpeechRegion(start * hop_s, (end + 1) * hop_s)
