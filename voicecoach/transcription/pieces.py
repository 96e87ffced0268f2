"""Where to cut a long recording so each piece can be transcribed on its own.

faster-whisper computes the log-mel features of everything it is given at once, and their
STFT peaks at about 1 MB per second of audio (measured: 59 MB for 60 s, 587 MB for 10 min; an
hour would need some 3.5 GB), so audio longer than a piece is transcribed piece by piece. A
cut must fall between words, so each one goes to the quietest point (the longest stretch
Silero VAD hears as silence) shortly before the piece's nominal end. Only the search windows
go through the VAD, so finding the cuts needs little memory.
"""

from __future__ import annotations

import numpy as np

from voicecoach.audio import SAMPLE_RATE

PIECE_S = 180.0  # longest piece (features ~1 MB per second); answers up to 3 min: one pass
SEARCH_S = 20.0  # how far before the nominal end a cut may go
QUIET_PROB = 0.3  # Silero probability under which a 32 ms frame counts as silence
MIN_QUIET_FRAMES = 3  # ~0.1 s: shorter dips can be a stop consonant inside a word


def piece_bounds(
    samples: np.ndarray, piece_s: float = PIECE_S, search_s: float = SEARCH_S
) -> list[tuple[int, int]]:
    """Half-open sample ranges covering ``samples`` in order, each at most ``piece_s`` long.

    One range (the whole clip) when it is no longer than ``piece_s``.
    """
    n = len(samples)
    piece = max(1, int(piece_s * SAMPLE_RATE))
    if n <= piece:
        return [(0, n)]
    search = min(int(search_s * SAMPLE_RATE), piece // 2)
    bounds: list[tuple[int, int]] = []
    start = 0
    while n - start > piece:
        lo, hi = start + piece - search, start + piece
        cut = lo + quietest_point(samples[lo:hi])
        bounds.append((start, cut))
        start = cut
    bounds.append((start, n))
    return bounds


def quietest_point(window: np.ndarray) -> int:
    """Sample index inside ``window`` at the middle of its longest silence.

    Silence is Silero's probability under ``QUIET_PROB`` for at least ``MIN_QUIET_FRAMES``
    frames; with none (the whole window unbroken sound), the 10 ms hop with the least energy.
    """
    from voicecoach.analysis.voice_activity import (
        ENERGY_HOP,
        VAD_FRAME,
        frame_energy_db,
        speech_probabilities,
    )

    prob = speech_probabilities(window)
    best_len, best_mid = 0, -1
    run_start = None
    for i, quiet in enumerate([*(prob < QUIET_PROB), False]):
        if quiet and run_start is None:
            run_start = i
        elif not quiet and run_start is not None:
            if i - run_start >= max(best_len, MIN_QUIET_FRAMES):  # ties: the later silence
                best_len, best_mid = i - run_start, (run_start + i) * VAD_FRAME // 2
            run_start = None
    if best_mid >= 0:
        return min(best_mid, len(window) - 1)
    energy = frame_energy_db(window)
    if len(energy) == 0:
        return len(window) // 2
    return int(np.argmin(energy)) * ENERGY_HOP + ENERGY_HOP // 2
