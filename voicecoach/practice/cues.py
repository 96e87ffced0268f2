"""Which live cues the practice screen shows while an answer is recorded: the pace, decayed
through silence; "silent N s" after the config's very long pause; "wrap up" in the last
``WRAP_UP_S`` of the target band and "over time" past it.

Why here: a small function over plain numbers (elapsed time, the target band, when speech was
last heard, the config), so the rule is unit-tested without Textual or a microphone; the screen
only draws what it returns. The cues are sparse and quiet on purpose, and never spoken (the
microphone would hear them).
"""

from __future__ import annotations

from dataclasses import dataclass

from voicecoach.config import Config

# How long before the top of the target band "wrap up" shows.
WRAP_UP_S = 10.0
# The pace cue's window: the live transcriber measures the pace over this much of the latest
# transcribed audio (``voicecoach.practice.live`` takes it from here), and silence fills it.
PACE_WINDOW_S = 20.0


@dataclass(frozen=True)
class Cues:
    """What to show now: the pace (None: not known yet, or the window is all silence), whole
    seconds of silence (None: no cue), and "", "wrap up" or "over time"."""

    pace_wpm: float | None = None
    silent_s: int | None = None
    time: str = ""


def choose_cues(
    elapsed_s: float,
    target: tuple[float, float],
    last_speech_s: float | None,
    recent_wpm: float | None,
    config: Config,
    heard_s: float | None = None,
) -> Cues:
    """The cues for an answer ``elapsed_s`` in, speech last heard at ``last_speech_s`` (None:
    none yet, so no silence cue: gathering one's thoughts before the first word is fine).

    ``heard_s``: how far into the audio the voice activity has listened (None: all of it).
    Silence is counted only up to there: while the live pass transcribes a chunk it listens
    to nothing new, and the seconds it has not heard yet may be speech (seen in a real
    terminal on a busy machine: "silent 4 s" while the answer went on). A silence cue may
    come a moment late; it never comes while the speaker talks.

    The pace was measured over the last ``PACE_WINDOW_S`` of transcribed speech; each second
    of silence since pushes a second of it out of the window, so the cue falls with the
    silence (once it is a long pause: not between words) instead of freezing at the last
    figure.
    """
    known = elapsed_s if heard_s is None else min(elapsed_s, heard_s)
    silent = max(0.0, known - last_speech_s) if last_speech_s is not None else 0.0
    pace = recent_wpm
    if pace is not None and silent >= config.long_pause_s:  # not the gaps between words
        left = max(0.0, 1.0 - silent / PACE_WINDOW_S)
        pace = pace * left if left > 0 else None
    silent_s = int(silent) if silent >= config.very_long_pause_s else None
    low, high = target
    time = ""
    if elapsed_s > high:
        time = "over time"
    elif elapsed_s >= max(low, high - WRAP_UP_S):
        time = "wrap up"
    return Cues(pace, silent_s, time)
