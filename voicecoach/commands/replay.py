"""`voicecoach replay ID`: play an attempt while its transcript follows along in the terminal.

The follow-along itself (which word is being said, where the next filler or long pause is, the
transcript with the word lit) is ``voicecoach.rendering.follow_along``, shared with the Textual
ReplayScreen.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from rich.console import Console, Group
from rich.live import Live
from rich.text import Text

from voicecoach.commands import store_home
from voicecoach.datatypes import clock
from voicecoach.errors import VoicecoachError
from voicecoach.rendering.follow_along import (
    FOLLOW_STYLE,
    PlayerFactory,
    current_word_index,
    default_player_factory,
)
from voicecoach.rendering.text import transcript_text
from voicecoach.store import Attempt, Store

POLL_S = 0.05
STALL_SLACK_S = 10.0


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "replay",
        parents=[common],
        help="play an attempt with its transcript following along",
        description="Play a stored attempt; the current word is highlighted as it is heard. "
        "Ctrl-C stops.",
        epilog="Example: voicecoach replay 12  (the id from `voicecoach history`)",
    )
    parser.add_argument("id", type=int, metavar="ID", help="attempt id (see `voicecoach history`)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, player_factory: PlayerFactory | None = None) -> int:
    store = Store(store_home(args), reading=True)
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
        console.print(transcript_text(attempt.analysis, FOLLOW_STYLE))
        return 1
    analysis = attempt.analysis
    # A follow-up's answer names the attempt it followed, as `voicecoach history` does.
    parent = getattr(attempt, "parent_id", None)
    question = (attempt.question_id or "-") + (
        f" (follow-up to {parent})" if parent is not None else ""
    )
    height = max(5, console.size.height - 4)
    window = max(20, height * console.size.width // 8)

    def render() -> Group:
        pos = player.position_s
        idx = current_word_index(analysis.words, pos)
        status = Text(
            f"attempt {attempt.id} · {question} · "
            f"{clock(pos, tenths=True)} / {clock(player.duration_s, tenths=True)} · Ctrl-C stops",
            style="dim",
        )
        return Group(transcript_text(analysis, FOLLOW_STYLE, idx, window), status)

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
                f"voicecoach: playback stalled at {clock(player.position_s, tenths=True)}: the "
                "audio output stopped taking sound; check the output device and replay it",
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
