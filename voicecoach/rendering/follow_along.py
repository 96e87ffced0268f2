"""The follow-along of a replay: which word is being said, where the next filler or long pause
is, and the colours of the transcript with that word lit (``rendering.text``).

Plain Python and rich, never Textual: the CLI's ``voicecoach replay`` and the Textual
ReplayScreen both use it, so both front ends light the same word at the same time.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from voicecoach.datatypes import AnalysedWord, Analysis
from voicecoach.rendering.text import TranscriptStyle

JUMP_LEAD_S = 0.25  # land a little before a filler or pause, to hear it coming
CURRENT_STYLE = "bold black on yellow"
# The replay's colours: every filler alike, pauses quiet, the word being heard lit.
FOLLOW_STYLE = TranscriptStyle(
    filler="bold red", pause="dim cyan", possible="dim", current=CURRENT_STYLE
)


class PlayerLike(Protocol):
    """What replay needs from ``voicecoach.audio.playback.Player`` (and from test fakes)."""

    @property
    def position_s(self) -> float: ...
    @property
    def duration_s(self) -> float: ...
    @property
    def playing(self) -> bool: ...
    @property
    def finished(self) -> bool: ...
    def play(self) -> None: ...
    def pause(self) -> None: ...
    def resume(self) -> None: ...
    def toggle(self) -> None: ...
    def stop(self) -> None: ...
    def seek(self, seconds: float) -> None: ...


PlayerFactory = Callable[[Path], PlayerLike]


def default_player_factory(path: Path) -> PlayerLike:
    """The real player (imported late: sounddevice loads PortAudio)."""
    from voicecoach.audio.playback import Player

    return Player(path)


def current_word_index(words: Sequence[AnalysedWord], position_s: float) -> int:
    """The word being said at ``position_s``: the last one started (-1 before the first).

    Between two words the previous one stays highlighted, so the eye does not lose its place.
    """
    starts = [w.start for w in words]
    return bisect.bisect_right(starts, position_s + 1e-6) - 1


def marks(analysis: Analysis) -> list[float]:
    """Times worth jumping to: each filler and each long pause, in order."""
    times = {round(f.start, 3) for f in analysis.fillers}
    times |= {round(p.start, 3) for p in analysis.long_pauses}
    return sorted(times)


def next_mark_after(analysis: Analysis, position_s: float) -> float | None:
    """Where `n` seeks: just before the next filler or long pause after the position, or None."""
    for t in marks(analysis):
        target = max(0.0, t - JUMP_LEAD_S)
        if target > position_s + 0.05:
            return target
    return None
