"""The follow-along of a replay: which word is being said, where the next filler or long pause
is, and the transcript with that word lit.

Plain Python and rich, never Textual: the CLI's ``voicecoach replay`` and the Textual
ReplayScreen both use it, so both front ends light the same word at the same time.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from rich.text import Text

from voicecoach.datatypes import AnalysedWord, Analysis

JUMP_LEAD_S = 0.25  # land a little before a filler or pause, to hear it coming
CURRENT_STYLE = "bold black on yellow"
FILLER_STYLE = "bold red"
PAUSE_STYLE = "dim cyan"


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


def transcript_text(analysis: Analysis, current: int, window: int | None = None) -> Text:
    """The transcript with fillers marked, long pauses inline (``[2.4 s]``) and one word lit.

    ``window`` limits the text to about that many words around the current one (the CLI uses it
    to fit the terminal; the Textual screen scrolls instead).
    """
    words = analysis.words
    first, last = 0, len(words)
    if window is not None and len(words) > window:
        first = max(0, min(current - window // 3, len(words) - window))
        last = first + window
    # Each long pause shows once, before the first word that starts after it (or at the end):
    # word timestamps are loose around pauses, so no tighter matching is attempted.
    starts = [w.start for w in words]
    pauses_before: dict[int, list[float]] = {}
    for pause in sorted(analysis.long_pauses, key=lambda p: p.start):
        at = bisect.bisect_left(starts, pause.start)
        pauses_before.setdefault(at, []).append(pause.duration)
    text = Text()
    if first > 0:
        text.append("…", style="dim")
    for i in range(first, last + 1):
        if i < last or last == len(words):
            for duration in pauses_before.get(i, []):
                text.append(" " if len(text) else "")
                text.append(f"[{duration:.1f} s]", style=PAUSE_STYLE)
        if i == last:
            break
        word = words[i]
        style = CURRENT_STYLE if i == current else (FILLER_STYLE if word.filler else "")
        text.append(" " if len(text) else "")
        text.append(word.text, style=style)
    if last < len(words):
        text.append(" …", style="dim")
    return text


def clock(seconds: float) -> str:
    seconds = max(0.0, seconds)
    return f"{int(seconds // 60)}:{seconds % 60:04.1f}"
