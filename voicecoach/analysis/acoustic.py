"""Hesitations Whisper leaves out, found in the audio.

Plain Whisper drops most "um"/"uh" (measured: 0 of 8 kept on real speech with tiny.en). A filled
pause is a stretch of voice that no word covers, and it sounds like a held vowel or hum: the
pitch stays steady and the spectrum hardly changes (Goto et al., 1999, detected filled pauses by
small F0 fluctuation and small spectral-envelope deformation). So: take speech that voice
activity found and words do not cover, measure pitch (YIN) and spectral change, and
call it a hesitation with a confidence. Whisper's own hesitation words are kept when the audio
has voice near them, moved onto that voice when Whisper's timestamp is off, and dropped when
the audio has none.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

import numpy as np

from voicecoach.analysis.voice_activity import ENERGY_HOP, SpeechRegion, VoiceActivity
from voicecoach.audio import SAMPLE_RATE
from voicecoach.datatypes import Filler, Word, plural

HOP = 160  # 10 ms
FRAME = 640  # 40 ms: two periods of a 50 Hz voice


@dataclass(frozen=True)
class StretchFeatures:
    """What a stretch of uncovered voice sounds like."""

    start: float
    end: float
    voiced_fraction: float  # frames with clear periodicity
    pitch_spread_st: float  # interquartile range of F0 in semitones over voiced frames
    spectral_change: float  # mean cosine distance between consecutive log-mel frames

    @property
    def duration(self) -> float:
        return self.end - self.start


def uncovered_stretches(
    regions: list[SpeechRegion], words: list[Word], min_s: float = 0.12
) -> list[tuple[float, float]]:
    """Parts of speech regions that no word's time span covers."""
    spans = sorted((w.start, w.end) for w in words if w.end > w.start)
    out = []
    for r in regions:
        cursor = r.start
        for s, e in spans:
            if e <= cursor or s >= r.end:
                continue
            if s - cursor >= min_s:
                out.append((cursor, s))
            cursor = max(cursor, e)
        if r.end - cursor >= min_s:
            out.append((cursor, r.end))
    return out


# Silero bridges a short silence inside a region (its speech padding): "uh ... uh" said fast
# becomes one region. Uncovered voice is cut where the level falls this close to the floor for
# this long, so that each sound is a stretch of its own (mfa-uhuh: 0.1 s at -70 dB, floor -75).
SPLIT_OVER_FLOOR_DB = 10.0
SPLIT_SILENCE_S = 0.06


def split_at_silences(
    stretch: tuple[float, float], activity: VoiceActivity, min_s: float = 0.12
) -> list[tuple[float, float]]:
    """The stretch cut at the silences inside it (pieces shorter than ``min_s`` go)."""
    hop_s = ENERGY_HOP / SAMPLE_RATE
    a, b = int(round(stretch[0] / hop_s)), int(round(stretch[1] / hop_s))
    energy = activity.energy_db[a:b]
    if len(energy) == 0:
        return [stretch]
    quiet = energy < activity.floor_db + SPLIT_OVER_FLOOR_DB
    gaps = [
        g
        for g in _runs(quiet, int(round(SPLIT_SILENCE_S / hop_s)))
        if 0 < g[0] and g[1] < len(quiet)
    ]
    if not gaps:
        return [stretch]
    pieces, cursor = [], stretch[0]
    for g0, g1 in gaps:
        pieces.append((cursor, (a + g0) * hop_s))
        cursor = (a + g1) * hop_s
    pieces.append((cursor, stretch[1]))
    return [(round(p, 3), round(q, 3)) for p, q in pieces if q - p >= min_s]


def _frames(y: np.ndarray) -> np.ndarray:
    """Overlapping analysis frames, one per column (FRAME samples every HOP)."""
    return np.lib.stride_tricks.sliding_window_view(y, FRAME)[::HOP].T


def yin_lags(frames: np.ndarray, fmin: float = 60.0, fmax: float = 400.0) -> np.ndarray:
    """Pitch period (in samples) of each frame by YIN (de Cheveigne & Kawahara, 2002).

    Plain numpy: librosa.yin costs 3-4 s of JIT compilation on its first call in every process,
    holding the GIL (the UI froze for that long). The difference function comes from an FFT
    cross-correlation and running energies (the same lags as the lag-by-lag sum on every frame
    of the labelled set, about 5 times faster).
    """
    min_lag, max_lag = int(SAMPLE_RATE / fmax), int(SAMPLE_RATE / fmin)
    window = frames.shape[0] - max_lag
    n = 1 << int(np.ceil(np.log2(frames.shape[0] + window)))
    # d(tau) = sum_j (x_j - x_{j+tau})^2 over j < window = E(0) + E(tau) - 2 r(tau)
    cross = np.fft.irfft(
        np.conj(np.fft.rfft(frames[:window], n, axis=0)) * np.fft.rfft(frames, n, axis=0),
        n,
        axis=0,
    )[: max_lag + 1]
    squares = np.zeros((frames.shape[0] + 1, frames.shape[1]))
    np.cumsum(frames * frames, axis=0, out=squares[1:])
    energy = squares[window : window + max_lag + 1] - squares[: max_lag + 1]
    diff = np.maximum(energy[:1] + energy - 2.0 * cross, 0.0)
    diff[0] = 0.0
    cmndf = np.ones_like(diff)
    running = np.cumsum(diff[1:], axis=0) / np.arange(1, max_lag + 1)[:, None]
    cmndf[1:] = diff[1:] / np.maximum(running, 1e-12)
    band = cmndf[min_lag:]
    below = band < 0.1
    lags = np.where(below.any(axis=0), below.argmax(axis=0), band.argmin(axis=0)) + min_lag
    for i in range(len(lags)):  # from the first dip under the threshold down to its minimum
        while lags[i] < max_lag and cmndf[lags[i] + 1, i] < cmndf[lags[i], i]:
            lags[i] += 1
    return lags


def periodicity(frames: np.ndarray, lags: np.ndarray) -> np.ndarray:
    """Normalised correlation of each frame with itself shifted by its pitch period."""
    size, count = frames.shape
    n = 1 << int(np.ceil(np.log2(2 * size)))
    spectrum = np.fft.rfft(frames, n, axis=0)
    acf = np.fft.irfft(spectrum * np.conj(spectrum), n, axis=0)
    squares = np.zeros((size + 1, count))
    np.cumsum(frames * frames, axis=0, out=squares[1:])
    cols = np.arange(count)
    head = squares[size - lags, cols]  # energy of x[:-lag]
    tail = squares[size, cols] - squares[lags, cols]  # energy of x[lag:]
    denom = np.sqrt(np.maximum(head * tail, 0.0))
    return np.where(denom > 1e-9, acf[lags, cols] / np.maximum(denom, 1e-300), 0.0)


def _hz_to_mel(hz: np.ndarray) -> np.ndarray:
    """Slaney's mel scale: linear below 1 kHz, logarithmic above (librosa's default)."""
    hz = np.asarray(hz, dtype=np.float64)
    linear = hz / (200.0 / 3)
    log_part = 15.0 + np.log(np.maximum(hz, 1e-9) / 1000.0) / (np.log(6.4) / 27.0)
    return np.where(hz >= 1000.0, log_part, linear)


def _mel_to_hz(mel: np.ndarray) -> np.ndarray:
    mel = np.asarray(mel, dtype=np.float64)
    linear = mel * (200.0 / 3)
    log_part = 1000.0 * np.exp((np.log(6.4) / 27.0) * (mel - 15.0))
    return np.where(mel >= 15.0, log_part, linear)


def _mel_filterbank(n_mels: int = 24) -> np.ndarray:
    """Area-normalised triangular filters on the Slaney mel scale, 0 Hz to Nyquist (the same
    matrix as librosa.filters.mel, without importing librosa)."""
    freqs = np.fft.rfftfreq(FRAME, 1 / SAMPLE_RATE)
    hz = _mel_to_hz(np.linspace(0.0, _hz_to_mel(SAMPLE_RATE / 2), n_mels + 2))
    widths = np.diff(hz)
    ramps = hz[:, None] - freqs[None, :]
    bank = np.zeros((n_mels, len(freqs)))
    for m in range(n_mels):
        lower = -ramps[m] / widths[m]
        upper = ramps[m + 2] / widths[m + 1]
        bank[m] = np.maximum(0.0, np.minimum(lower, upper))
    return bank * (2.0 / (hz[2:] - hz[:-2]))[:, None]


MEL_BANK = _mel_filterbank()
HANN = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(FRAME) / FRAME)  # periodic, as in STFTs


FeatureCache = dict[tuple[float, float], StretchFeatures]


def cached_features(
    samples: np.ndarray, start: float, end: float, cache: FeatureCache | None
) -> StretchFeatures:
    """``stretch_features`` through a cache, so a live recording pays for each stretch once.

    Live transcription analyses the recorded part as it grows and keeps the features here; the
    final analysis finds most of them ready. A stretch is stored only when all the audio its
    frames read is there: near the end of a growing recording it would read less.
    """
    key = (start, end)
    if cache is not None and key in cache:
        return cache[key]
    features = stretch_features(samples, start, end)
    if cache is not None and int(end * SAMPLE_RATE) + FRAME // 2 <= len(samples):
        cache[key] = features
    return features


def stretch_features(samples: np.ndarray, start: float, end: float) -> StretchFeatures:
    a, b = int(start * SAMPLE_RATE), int(end * SAMPLE_RATE)
    y = samples[max(0, a - FRAME // 2) : min(len(samples), b + FRAME // 2)].astype(np.float64)
    if len(y) < FRAME + HOP:
        return StretchFeatures(start, end, 0.0, 99.0, 1.0)
    frames = _frames(y)
    lags = yin_lags(frames)
    voiced = periodicity(frames, lags) > 0.6
    voiced_fraction = float(voiced.mean()) if len(voiced) else 0.0
    if voiced.sum() >= 3:
        semitones = 12 * np.log2(SAMPLE_RATE / lags[voiced])
        q75, q25 = np.percentile(semitones, [75, 25])
        spread = float(q75 - q25)
    else:
        spread = 99.0
    power = np.abs(np.fft.rfft(frames * HANN[:, None], axis=0)) ** 2
    logmel = np.log(MEL_BANK @ power + 1e-8)
    logmel -= logmel.mean(axis=0, keepdims=True)
    unit = logmel / (np.linalg.norm(logmel, axis=0) + 1e-9)
    change = (
        float(np.mean(1 - np.sum(unit[:, 1:] * unit[:, :-1], axis=0))) if unit.shape[1] > 1 else 1.0
    )
    return StretchFeatures(start, end, voiced_fraction, spread, change)


# Thresholds from the labelled set (samples/, TTS voices; see docs/BENCHMARK.md). A stretch that
# is a whole voice-activity region (silence on both sides) needs less evidence than one that
# touches a word, where the tail of a word whose timestamp is short can also look steady.
ISOLATED = {"min_s": 0.2, "voiced": 0.6, "change": 0.03}
ATTACHED = {"min_s": 0.12, "voiced": 0.75, "change": 0.005}
SNAP_S = 1.0  # how far Whisper's timestamp for an "um" may be from its voice
# A region carrying one word Whisper is unsure of (probability up to MISHEARD_MAX_PROBABILITY)
# counts as a filler when it is steadier still: up to MISHEARD_CHANGE, or MISHEARD_CHANGE_UNSURE
# when the word's probability is MISHEARD_UNSURE or less. Real speech set the first limit: in the
# ALSA test recordings (a real voice; /usr/share/sounds/alsa) the all-voiced "rear" (p 0.47-0.53)
# and "we're" (p 0.24) measure 0.0084-0.0103, and fillers Whisper wrote as words at over 0.2
# measure 0.0016-0.0045 on the labelled set; it was 0.012, which made each "rear" an "um".
MISHEARD_CHANGE = 0.006
MISHEARD_CHANGE_UNSURE = 0.024
MISHEARD_UNSURE = 0.2
MISHEARD_MAX_PROBABILITY = 0.6
# ... and its pitch must be level, as a hum's is (interquartile range in semitones, HUM below): a
# filled pause is said on one note. A real-voice "Hi," heard through the microphone (Piper's
# intro-short, tiny.en at p 0.07) was steady enough in spectrum (0.012) but rose and fell by
# 3.7 semitones; the fillers the rule finds on the labelled set hold within 0.1-2.8.
MISHEARD_SPREAD_ST = 3.0


# Silero hears a closed-mouth "hm" or a low "um" as no speech: in the real MFA recordings
# (samples/real/mfa-uhum.flac, "uh um uh hm hm um") it gave 0.01-0.33 to hums 20-25 dB over the
# noise floor with a clear, steady pitch, so the "hm hm" and Whisper's "um"s there had no voice
# to stand on. Pitched sound outside voice activity, this loud, is taken as voice for fillers.
# The pitch must hold (interquartile range in semitones): a click or a creak before speech is
# pitched too, but its pitch jumps about (18.9 semitones at the start of mfa-acoustic-corpus).
HUM = {"min_s": 0.2, "over_floor_db": 15.0, "under_speech_db": 35.0, "voiced": 0.6, "spread": 3.0}
HUM_JOIN_S = 0.1  # a hum this close to a speech region is its end (the "m" of a voiced "um")


def voiced_hums(samples: np.ndarray, activity: VoiceActivity) -> list[SpeechRegion]:
    """Stretches outside the speech regions that are loud and pitched, like a hum."""
    energy = activity.energy_db
    if len(energy) == 0 or not activity.regions:
        return []
    level = max(
        activity.floor_db + HUM["over_floor_db"], activity.speech_level_db - HUM["under_speech_db"]
    )
    hop_s = ENERGY_HOP / SAMPLE_RATE
    loud = energy >= level
    for r in activity.regions:
        loud[int(r.start / hop_s) : int(np.ceil(r.end / hop_s))] = False
    min_hops = int(round(HUM["min_s"] / hop_s))
    hums: list[SpeechRegion] = []
    for a, b in _runs(loud, min_hops):
        y = samples[a * HOP : b * HOP].astype(np.float64)
        y = np.pad(y, (FRAME // 2, FRAME // 2))
        frames = _frames(y)[:, : b - a]
        lags = yin_lags(frames)
        voiced = periodicity(frames, lags) > HUM["voiced"]
        for c, d in _runs(voiced, min_hops):
            semitones = 12 * np.log2(SAMPLE_RATE / lags[c:d])
            q75, q25 = np.percentile(semitones, [75, 25])
            f0 = SAMPLE_RATE / float(np.median(lags[c:d]))
            segment = samples[(a + c) * HOP : (a + d) * HOP]
            if q75 - q25 <= HUM["spread"] and _harmonics(segment, f0) >= 2:
                hums.append(SpeechRegion(round((a + c) * hop_s, 3), round((a + d) * hop_s, 3)))
    return hums


def _power_spectrum(segment: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(frequencies, power) of one Hann-windowed stretch."""
    spectrum = np.abs(np.fft.rfft(segment * np.hanning(len(segment)))) ** 2
    return np.fft.rfftfreq(len(segment), 1 / SAMPLE_RATE), spectrum


def _harmonics(segment: np.ndarray, f0: float) -> int:
    """How many of the first four harmonics of ``f0`` hold 2 % or more of the energy below
    4 kHz. A voice, hummed or open, has several; a beep is one pure tone (measured: 440 Hz to
    2 kHz tones in a pause became "um"s without this test)."""
    freqs, spectrum = _power_spectrum(segment)
    total = float(spectrum[freqs < 4000].sum()) + 1e-12
    count = 0
    for k in range(1, 5):
        band = (freqs >= 0.9 * k * f0) & (freqs <= 1.1 * k * f0)
        if spectrum[band].sum() / total >= 0.02:
            count += 1
    return count


def voice_with_hums(samples: np.ndarray, activity: VoiceActivity) -> list[SpeechRegion]:
    """Voice activity's regions with the hums it missed; a hum touching a region extends it."""
    spans = sorted([*activity.regions, *voiced_hums(samples, activity)], key=lambda r: r.start)
    voice: list[SpeechRegion] = []
    for r in spans:
        if voice and r.start - voice[-1].end <= HUM_JOIN_S:
            voice[-1] = SpeechRegion(voice[-1].start, max(voice[-1].end, r.end))
        else:
            voice.append(r)
    return voice


def _runs(mask: np.ndarray, min_len: int) -> list[tuple[int, int]]:
    """Half-open index ranges of True runs at least ``min_len`` long."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(np.int8), [0]])))
    return [
        (int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True) if b - a >= min_len
    ]


def hesitation_confidence(f: StretchFeatures, isolated: bool) -> float:
    """0 when the stretch does not sound like a filled pause, up to 0.95 when it clearly does."""
    rule = ISOLATED if isolated else ATTACHED
    if f.duration < rule["min_s"] or f.voiced_fraction < rule["voiced"]:
        return 0.0
    if f.spectral_change > rule["change"]:
        return 0.0
    steadiness = 1.0 - f.spectral_change / rule["change"]  # 0..1
    return round(min(0.95, 0.5 + 0.3 * steadiness + 0.15 * f.voiced_fraction), 2)


def _filler_name(samples: np.ndarray, start: float, end: float) -> str:
    """'um' for a hum (energy low above 1 kHz: a nasal), 'uh' for an open vowel."""
    seg = samples[int(start * SAMPLE_RATE) : int(end * SAMPLE_RATE)]
    if len(seg) < 256:
        return "uh"
    freqs, spectrum = _power_spectrum(seg)
    high = spectrum[freqs >= 1000].sum() / (spectrum.sum() + 1e-12)
    return "um" if high < 0.05 else "uh"


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return max(0.0, max(a[0], b[0]) - min(a[1], b[1]))


def _sounded(word: Word, activity: VoiceActivity, gap_s: float = 0.25) -> Word:
    """The word's span from the voice it most likely is: the last region it reaches.

    Whisper's word timestamps often start early and can stretch back over a pause and the
    sound before it (an "um" Whisper did not write); a word does not span a silent pause.
    """
    touched = [r for r in activity.regions if r.end > word.start and r.start < word.end]
    if len(touched) < 2:
        return word
    start = word.start
    for a, b in zip(touched, touched[1:], strict=False):
        if b.start - a.end >= gap_s:
            start = max(start, b.start)
    return Word(word.text, start, word.end, word.probability) if start != word.start else word


def reconcile_hesitations(
    samples: np.ndarray,
    words: list[Word],
    hesitation_index: list[int],
    activity: VoiceActivity,
    keep_words: frozenset[str] = frozenset(),
    cache: FeatureCache | None = None,
) -> tuple[list[Word], list[Filler], list[str]]:
    """Words with Whisper's hesitations placed on their voice, plus acoustic hesitations.

    ``hesitation_index`` lists the positions of Whisper's hesitation words in ``words``. Returns
    the new word list (time-ordered, acoustic hesitations inserted as words, since pace counts
    fillers as words), every hesitation as a Filler with its source and confidence, and notes.
    """
    notes: list[str] = []
    hes_set = set(hesitation_index)
    content = [w for i, w in enumerate(words) if i not in hes_set]
    voice = voice_with_hums(samples, activity)
    whole = uncovered_stretches(voice, [_sounded(w, activity) for w in content])
    isolated: dict[tuple[float, float], bool] = {}
    stretches: list[tuple[float, float]] = []
    for s in whole:
        alone = any(abs(r.start - s[0]) < 0.02 and abs(r.end - s[1]) < 0.02 for r in voice)
        for piece in split_at_silences(s, activity):
            stretches.append(piece)
            isolated[piece] = alone
    used: set[tuple[float, float]] = set()
    confidence_of: dict[tuple[float, float], float] = {}

    def sounds_like_hesitation(stretch: tuple[float, float]) -> float:
        if stretch not in confidence_of:
            features = cached_features(samples, stretch[0], stretch[1], cache)
            confidence_of[stretch] = hesitation_confidence(features, isolated[stretch])
        return confidence_of[stretch]

    out_words = list(content)
    fillers: list[Filler] = []
    dropped = 0
    for i in hesitation_index:
        w = words[i]
        # Whisper's timestamp for an "um" is loose: of the uncovered voice nearby, prefer what
        # sounds like a filled pause, then the nearest.
        near = sorted(
            (s for s in stretches if s not in used and _distance(s, (w.start, w.end)) <= SNAP_S),
            key=lambda s: (-sounds_like_hesitation(s), _distance(s, (w.start, w.end))),
        )
        text = w.text.strip(" ,.!?;:").lower()
        if near:
            s = near[0]
            used.add(s)
            out_words.append(Word(w.text, s[0], s[1], w.probability))
            fillers.append(Filler(text, s[0], s[1], "hesitation", "asr", 0.9))
        elif any(_distance(s, (w.start, w.end)) <= SNAP_S for s in used):
            dropped += 1  # Whisper wrote one hesitation twice ("uh umm") over the same voice
        elif activity.speech_between(w.start - 0.05, w.end + 0.05) >= 0.05:
            out_words.append(w)
            fillers.append(Filler(text, w.start, w.end, "hesitation", "asr", 0.6))
        else:
            dropped += 1
    if dropped:
        notes.append(
            f"{plural(dropped, 'um or uh', 'ums or uhs')} in the transcript had no voice under "
            f"{'it' if dropped == 1 else 'them'}: not counted"
        )
    for s in stretches:
        if s in used:
            continue
        confidence = sounds_like_hesitation(s)
        if confidence > 0:
            name = _filler_name(samples, s[0], s[1])
            out_words.append(Word(name, s[0], s[1], confidence))
            fillers.append(Filler(name, s[0], s[1], "hesitation", "acoustic", confidence))
    # A region on its own that sounds like a held "um" but carries a word: Whisper either wrote
    # the filler as a word ("er" -> "Air") or slid a neighbour's timestamp onto it.
    taken = [(f.start, f.end) for f in fillers]
    on_filler: list[Word] = []
    by_start = sorted(out_words, key=lambda w: w.start)
    starts = [w.start for w in by_start]
    longest = max((w.end - w.start for w in by_start), default=0.0)
    for region in activity.regions:
        span = (region.start, region.end)
        if region.duration < ISOLATED["min_s"] or any(_distance(span, t) == 0 for t in taken):
            continue
        near = by_start[
            bisect_left(starts, region.start - longest) : bisect_right(starts, region.end)
        ]
        # Half of the word's voice is in this region (its timestamp may run on over silence).
        inside = [
            w
            for w in near
            if _overlap(span, (w.start, w.end))
            >= 0.5 * max(activity.speech_between(w.start, w.end), 0.01)
        ]
        if len(inside) != 1 or inside[0].probability > MISHEARD_MAX_PROBABILITY:
            continue  # several words, or one Whisper is sure of
        if inside[0].text.strip(" ,.!?;:").lower() in keep_words:
            continue  # a discourse marker drawn out ("Well...") is reported as itself
        features = cached_features(samples, region.start, region.end, cache)
        # The less sure Whisper is of the word, the less steadiness it takes to overrule it.
        unsure = inside[0].probability <= MISHEARD_UNSURE
        limit = MISHEARD_CHANGE_UNSURE if unsure else MISHEARD_CHANGE
        confidence = (
            hesitation_confidence(features, True)
            if features.spectral_change <= limit and features.pitch_spread_st <= MISHEARD_SPREAD_ST
            else 0.0
        )
        if confidence <= 0:
            continue
        word = inside[0]
        name = _filler_name(samples, region.start, region.end)
        within = min(word.end, region.end + 0.1) - max(word.start, region.start - 0.1)
        if within >= 0.7 * (word.end - word.start):
            on_filler.append(word)  # the filler misheard, or a word slid onto it: see below
        out_words.append(Word(name, region.start, region.end, confidence))
        fillers.append(Filler(name, region.start, region.end, "hesitation", "acoustic", confidence))
    out_words, respelt = _short_words_on_fillers(samples, out_words, fillers, keep_words, cache)
    if respelt:
        notes.append(
            f"{plural(respelt, 'short word')} the transcript wrote over an um or uh run into "
            "the sentence (a held sound without the word's first consonant): counted as the "
            "hesitation"
        )
    out_words = _words_on_fillers(
        samples, out_words, fillers, activity, keep_words, on_filler, cache, notes
    )
    fillers.sort(key=lambda f: f.start)
    fillers, held = _doubt_held_words(samples, fillers)
    if held:
        notes.append(
            f"{plural(held, 'um or uh', 'ums or uhs')} may be a word held long (the sound began "
            f"before {'it' if held == 1 else 'them'}): shown as possible, not counted"
        )
    return out_words, fillers, notes


# A drawn-out word is not a filler (issue 19). A filler is a vocalisation of its own: it begins
# as a new sound, even when it runs straight on from a word. A word held long ("theee",
# "whiiile") is one sound that began inside the word, so what the analysis took for a filler
# there (Whisper's "uh" written over it, or voice its timestamp left uncovered) has, just before
# it, the same sound at the same level. Measured on the tuning part (docs/BENCHMARK.md): the
# spectrum of the 0.1 s before the span against the span's middle (mean cosine distance of
# log-mel frames) was 0.02-0.09 before the false hesitations on drawn-out words and over 0.09
# before every planted one. A filler right after another filler continues a sound too ("uh
# um"), and is kept.
CONTINUATION_LEAD_S = 0.1
CONTINUATION_MAX_CHANGE = 0.09
CONTINUATION_MIN_DB = -10.0  # the lead at most this far below the span's middle
CONTINUATION_AFTER_FILLER_S = 0.3


def continues_a_sound(samples: np.ndarray, start: float, end: float) -> bool:
    """Whether the span is the held end of a sound that began before it (see above)."""
    lead = int(round(CONTINUATION_LEAD_S * SAMPLE_RATE / HOP))
    a = int(start * SAMPLE_RATE) - lead * HOP - FRAME // 2
    b = int(end * SAMPLE_RATE) + FRAME // 2
    if a < 0 or b > len(samples) or end - start < 0.1:
        return False
    frames = _frames(samples[a:b].astype(np.float64))
    n = frames.shape[1]
    if n < lead + 8:
        return False
    power = np.abs(np.fft.rfft(frames * HANN[:, None], axis=0)) ** 2
    logmel = np.log(MEL_BANK @ power + 1e-8)
    logmel -= logmel.mean(axis=0, keepdims=True)
    body = n - lead
    middle = logmel[:, lead + body // 4 : lead + 3 * body // 4].mean(axis=1)
    unit = middle / (np.linalg.norm(middle) + 1e-9)
    before = logmel[:, :lead]
    change = float(np.mean(1 - unit @ before / (np.linalg.norm(before, axis=0) + 1e-9)))
    energy = 10 * np.log10(np.sum(frames**2, axis=0) + 1e-12)
    level = float(energy[:lead].mean() - energy[lead + body // 4 : lead + 3 * body // 4].mean())
    return change < CONTINUATION_MAX_CHANGE and level > CONTINUATION_MIN_DB


# What a hesitation that continues a held word is shown with: below CONFIDENT (a possible "uh?"),
# never dropped, since on real speech the same test also caught real fillers whose timestamp
# started late (docs/BENCHMARK.md, issue 19).
HELD_WORD_CONFIDENCE = 0.3


def _doubt_held_words(samples: np.ndarray, fillers: list[Filler]) -> tuple[list[Filler], int]:
    """The fillers, with each hesitation that continues a sound begun before it (a held word)
    given HELD_WORD_CONFIDENCE; and how many were."""
    out: list[Filler] = []
    doubted = 0
    ends = [f.end for f in fillers if f.kind == "hesitation"]
    for f in fillers:
        after_filler = any(
            f.start - CONTINUATION_AFTER_FILLER_S <= e <= f.start + 0.05 for e in ends if e < f.end
        )
        if (
            f.kind == "hesitation"
            and not after_filler
            and continues_a_sound(samples, f.start, f.end)
        ):
            doubted += 1
            f = replace(f, confidence=min(f.confidence, HELD_WORD_CONFIDENCE))
        out.append(f)
    return out, doubted


def _filler_voice(span: tuple[float, float], activity: VoiceActivity) -> tuple[float, float]:
    """The filler's span widened to the voice-activity region it is, when it is one on its own."""
    lo, hi = span[0] - 0.1, span[1] + 0.1
    for r in activity.regions:
        if r.end > span[0] and r.start < span[1] and r.start >= lo - 0.2 and r.end <= hi + 0.2:
            lo, hi = min(lo, r.start), max(hi, r.end)
    return lo, hi


def _words_on_fillers(
    samples: np.ndarray,
    words: list[Word],
    fillers: list[Filler],
    activity: VoiceActivity,
    keep_words: frozenset[str],
    on_filler: list[Word],
    cache: FeatureCache | None,
    notes: list[str],
) -> list[Word]:
    """Words that have no voice of their own besides a hesitation's: moved or dropped.

    ``on_filler`` lists words already found to lie on a filler's region (the misheard-filler
    step); the others are tested here: no more than 0.05 s of voice outside the filler's.

    Such a word is either Whisper's spelling of the filler itself ("uh" written "If", often with
    a zero-length timestamp) or a real word whose timestamp slid onto the filler before it (the
    "I" of "um ... I proposed"). A real word has voice somewhere: if voice that no word covers
    follows the filler, before the next word, and does not itself sound like a filler, the word
    is moved there; otherwise it was the filler, and counting it too would count one sound twice.
    """
    spans = [(f.start, f.end) for f in fillers if f.kind == "hesitation"]
    if not spans:
        return sorted(words, key=lambda w: w.start)
    filler_words = {(round(s, 3), round(e, 3)) for s, e in spans}
    suspects = {id(w) for w in on_filler}
    ordered = sorted(words, key=lambda w: w.start)
    moved = dropped = 0
    for span in spans:
        reach = _filler_voice(span, activity)
        for w in list(ordered):
            if (round(w.start, 3), round(w.end, 3)) in filler_words:
                continue
            if _distance((w.start, w.end), span) > 0.3:
                continue
            if w.text.strip(" ,.!?;:").lower() in keep_words:
                continue
            own = activity.speech_between(w.start, w.end) - activity.speech_between(
                max(w.start, reach[0]), min(w.end, reach[1])
            )
            if own >= 0.05 and id(w) not in suspects:
                continue
            rest = [x for x in ordered if x is not w]
            after = [x for x in rest if x.start >= span[1]]
            limit = min([x.start for x in after], default=span[1] + SNAP_S)
            home = [
                s
                for s in uncovered_stretches(activity.regions, rest, min_s=0.1)
                if reach[1] - 0.1 <= s[0] <= span[1] + SNAP_S and s[0] < limit
            ]
            ordered = rest
            if home:
                s = home[0]
                end = min(s[1], limit)
                features = cached_features(samples, s[0], end, cache)
                if hesitation_confidence(features, True) == 0:
                    ordered.append(Word(w.text, round(s[0], 3), round(end, 3), w.probability))
                    ordered.sort(key=lambda x: x.start)
                    moved += 1
                    continue
            dropped += 1
    if moved:
        notes.append(
            f"{plural(moved, 'word')} the transcript had timed over an um or uh: moved to where "
            f"{'it was' if moved == 1 else 'they were'} said"
        )
    if dropped:
        notes.append(
            f"{plural(dropped, 'word')} the transcript wrote for the sound of an um or uh: "
            "counted once, as the hesitation"
        )
    return ordered


# A hesitation run into a sentence ("wrote uh shop") is often written by Whisper as a short word
# over the filler's time ("wrote two shop", "it too for"): no pause sets it off, so no rule above
# sees it (issue 19). Such a word is far longer than this speaker's other short words and as
# steady as a held vowel; a word really said and drawn out ("goes to a...") is too, but it still
# begins as its spelling says. So a short word spelt with a voiceless stop or fricative (the
# burst of a "t", the hiss of an "s" or "f") whose audio has no voiceless start is taken as the
# filler misheard. Not "h": between vowels real speakers voice it ("consider how" in the LibriVox
# reading measured no voiceless start). Measured on the tuning part (docs/BENCHMARK.md): of the
# words of up to three letters lasting 0.38 s and 1.3 times the clip's median short word or more,
# steady and voiced, with no voiceless start (high-band share at the start over the middle's:
# -0.04 to +0.05), 6 lay on a planted hesitation and 1 on a word ("see" of a misheard "agency");
# the drawn-out "to" of "goes to a..." measured +0.77, and no real voice's word was taken.
SHORT_WORD_LETTERS = 3
SHORT_WORD_MIN_S = 0.38
SHORT_WORD_OVER_MEDIAN = 1.3  # times the clip's median word of up to SHORT_WORD_LETTERS
SHORT_WORD_CHANGE = 0.09  # spectral change over the word's span, as ``stretch_features``
SHORT_WORD_VOICED = 0.6
ONSET_LEAD_S = 0.05  # Whisper's word start may fall just after the consonant
ONSET_SPAN_S = 0.1
ONSET_HIGH_HZ = 2500.0
ONSET_MAX_RISE = 0.06  # a voiceless start raises the high band's share by more than this
SHORT_WORD_CONFIDENCE = 0.7
FILLER_JOIN_S = 0.05


def voiceless_spelling(text: str) -> bool:
    """Whether an English word is spelt to begin with a voiceless stop or fricative: p, t, k, c,
    f, s (not "th", voiced in "the"/"that"; not a silent "kn")."""
    if text.startswith(("th", "kn")):
        return False
    return text[:1] in {"p", "t", "k", "c", "f", "s"}


def _high_band_share(
    samples: np.ndarray, start: float, end: float
) -> tuple[np.ndarray, np.ndarray]:
    """Per frame: the share of power above ONSET_HIGH_HZ, and whether the frame is voiced."""
    a = max(0, int(start * SAMPLE_RATE) - FRAME // 2)
    b = min(len(samples), int(end * SAMPLE_RATE) + FRAME // 2)
    y = samples[a:b].astype(np.float64)
    if len(y) < FRAME + HOP:
        return np.zeros(0), np.zeros(0, dtype=bool)
    frames = _frames(y)
    voiced = periodicity(frames, yin_lags(frames)) >= 0.5
    power = np.abs(np.fft.rfft(frames * HANN[:, None], axis=0)) ** 2
    high = np.fft.rfftfreq(FRAME, 1 / SAMPLE_RATE) >= ONSET_HIGH_HZ
    return power[high].sum(axis=0) / (power.sum(axis=0) + 1e-12), voiced


def lacks_voiceless_start(samples: np.ndarray, start: float, end: float) -> bool:
    """Whether the span starts with no voiceless consonant: no unvoiced frame near its start
    carries more high-band power than its middle does."""
    share, voiced = _high_band_share(samples, start - ONSET_LEAD_S, start + ONSET_SPAN_S)
    middle, _ = _high_band_share(samples, start + 0.3 * (end - start), start + 0.7 * (end - start))
    if len(share) == 0 or len(middle) == 0:
        return False
    burst = float(share[~voiced].max()) if (~voiced).any() else 0.0
    return burst - float(np.median(middle)) <= ONSET_MAX_RISE


def _short_words_on_fillers(
    samples: np.ndarray,
    words: list[Word],
    fillers: list[Filler],
    keep_words: frozenset[str],
    cache: FeatureCache | None,
) -> tuple[list[Word], int]:
    """The words with each short word written over a run-in filler (see above) replaced by the
    filler, which is added to ``fillers``; and how many were."""
    taken = [(f.start, f.end) for f in fillers]
    filler_spans = {(round(f.start, 3), round(f.end, 3)) for f in fillers}
    short = [
        w.end - w.start
        for w in words
        if w.end > w.start
        and (round(w.start, 3), round(w.end, 3)) not in filler_spans
        and len(w.text.strip(" ,.!?;:")) <= SHORT_WORD_LETTERS
    ]
    if not short:
        return words, 0
    min_s = max(SHORT_WORD_MIN_S, SHORT_WORD_OVER_MEDIAN * float(np.median(short)))
    out: list[Word] = []
    found = 0
    for w in words:
        text = w.text.strip(" ,.!?;:").lower()
        letters = "".join(c for c in text if c.isalpha())
        span = (w.start, w.end)
        if (
            not 0 < len(letters) <= SHORT_WORD_LETTERS
            or len(letters) != len(text)
            or w.end - w.start < min_s
            or text in keep_words
            or not voiceless_spelling(text)
            or any(_overlap(span, t) > 0 for t in taken)
        ):
            out.append(w)
            continue
        # Right after a hesitation ("uh two" over one "uh"), it is that filler's sound: counted
        # once, as that hesitation.
        joins = any(_distance(span, t) <= FILLER_JOIN_S for t in taken)
        features = cached_features(samples, w.start, w.end, cache)
        if (
            features.spectral_change > SHORT_WORD_CHANGE
            or features.voiced_fraction < SHORT_WORD_VOICED
            or not lacks_voiceless_start(samples, w.start, w.end)
        ):
            out.append(w)
            continue
        found += 1
        if joins:
            continue
        name = _filler_name(samples, w.start, w.end)
        out.append(Word(name, w.start, w.end, SHORT_WORD_CONFIDENCE))
        fillers.append(
            Filler(name, w.start, w.end, "hesitation", "acoustic", SHORT_WORD_CONFIDENCE)
        )
    return out, found
