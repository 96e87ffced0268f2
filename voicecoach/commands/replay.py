"""`voicecoach replay ID`: play an attempt while its transcript follows along in the terminal.

Also the home of the follow-along logic the Textual ReplayScreen shares (which word is being
said, where the next filler or long pause is, the transcript as rich Text): it is plain Python
and rich, never Textual, so both front ends highlight the same word at the same time.
"""

from __future__ import annotations

import argparse
import bisect
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from rich.console import Console, Group
from rich.live import Live
from rich.text import Text

from voicecoach.datatypes import AnalysedWord, Analysis
from voicecoach.errors import VoicecoachError
from voicecoach.store import Attempt, Store

POLL_S = 0.05
STALL_SLACK_S = 10.0
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


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "replay",
        parents=[common],
        help="play an attempt with its transcript following along",
        description="Play a stored attempt; the current word is highlighted as it is heard. "
        "Ctrl-C stops.",
    )
    parser.add_argument("id", type=int, metavar="ID", help="attempt id (see `voicecoach history`)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, player_factory: PlayerFactory | None = None) -> int:
    store = Store(getattr(args, "home", None))
    attempt = store.get(args.id)
    return replay(attempt, player_factory or default_player_factory, Console())


def replay(attempt: Attempt, player_factory: PlayerFactory, console: Console) -> int:
    """Play ``attempt`` and redraw the transcript until it ends or Ctrl-C; returns exit code."""
    if attempt.audio_path is None or not attempt.audio_path.is_file():
        raise VoicecoachError(
            f"attempt {attempt.id} has no audio file (expected {attempt.audio_path}); "
            "it cannot be replayed"
        )
    try:
        player = player_factory(attempt.audio_path)
        player.play()
    except Exception as exc:  # DeviceError, AudioFileError, PortAudio errors, no playback module
        reason = " ".join(str(exc).split()) or type(exc).__name__
        if not isinstance(exc, VoicecoachError):
            reason = f"no audio output ({reason})"
        print(f"voicecoach: cannot replay attempt {attempt.id}: {reason}", file=sys.stderr)
        # The words are still worth reading: the transcript goes to stdout, without sound.
        console.print(transcript_text(attempt.analysis, -1))
        return 1
    analysis = attempt.analysis
    height = max(5, console.size.height - 4)
    window = max(20, height * console.size.width // 8)

    def render() -> Group:
        pos = player.position_s
        idx = current_word_index(analysis.words, pos)
        status = Text(
            f"attempt {attempt.id} · {attempt.question_id or '-'} · "
            f"{clock(pos)} / {clock(player.duration_s)} · Ctrl-C stops",
            style="dim",
        )
        return Group(transcript_text(analysis, idx, window), status)

    try:
        # The sound's length and some slack: an output that stops pulling frames (a stalled
        # sound server) ends the replay with a line instead of holding the terminal.
        deadline = time.monotonic() + player.duration_s + STALL_SLACK_S
        with Live(render(), console=console, refresh_per_second=20, transient=False) as live:
            while not player.finished and time.monotonic() < deadline:
                time.sleep(POLL_S)
                live.update(render())
            live.update(render())
        if not player.finished:
            print(
                f"voicecoach: playback stalled at {clock(player.position_s)}: the audio output "
                "stopped taking sound; check the output device and replay it",
                file=sys.stderr,
            )
            return 1
    except KeyboardInterrupt:
        player.stop()
        console.print("[dim]stopped[/dim]")
        return 130
    finally:
        player.stop()
    return 0
