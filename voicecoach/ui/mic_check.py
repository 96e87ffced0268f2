"""The microphone check: the input's name, a live level meter and "say a few words", before the
session's first answer (or on `m`). A muted or wrong microphone used to show only after a whole
answer; here it shows in seconds.

The listening is ``voicecoach.audio.level_check.LevelCheck`` (built, opened and closed in thread
workers: PortAudio may take a moment); this screen only polls its reading on a timer and shows
it. It ends on a key, or by itself shortly after a voice is heard, and hands back the line the
practice screen shows next ("Microphone check: heard you…").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Static

from voicecoach.ui.widgets import LevelMeter

POLL_S = 0.1
HEARD_CLOSE_S = 1.5  # "Heard you. Ready." stays this long, then the check closes by itself
SAY = "Say a few words, as you would start an answer."
HEARD = "Heard you. Ready."


def no_sound_line(device: str) -> str:
    return (
        f"No sound from {device}: check it is not muted, or choose another input with "
        "--device or `device = ...` in the config."
    )


class MicCheckScreen(ModalScreen[str]):
    """Listen until a voice is heard or a key is pressed; dismissed with the line to show."""

    BINDINGS = [
        Binding("escape", "close", "Done"),
        Binding("enter", "close", "Done", show=False),
        Binding("space", "close", "Done", show=False),
        Binding("m", "close", "Done", show=False),
    ]
    DEFAULT_CSS = """
    MicCheckScreen { align: center middle; }
    MicCheckScreen #mic-check {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 1 2;
        border: round $accent;
        background: $surface;
    }
    MicCheckScreen #mic-title { text-style: bold; }
    MicCheckScreen #mic-device { color: $text-muted; }
    MicCheckScreen #mic-level { margin: 1 0; }
    MicCheckScreen #mic-state { text-style: bold; }
    MicCheckScreen #mic-state.silent { color: $warning; }
    MicCheckScreen #mic-state.heard { color: $success; }
    MicCheckScreen #mic-keys { margin-top: 1; color: $text-muted; }
    """

    def __init__(self, check_factory: Callable[[], Any], device: str = "") -> None:
        """``check_factory`` builds the ``LevelCheck`` (in a worker: it imports numpy);
        ``device``: the input asked for (--device or the config), named until it opens."""
        super().__init__()
        self.check_factory = check_factory
        self.device = device or "the default input"
        self.check: Any = None
        self.outcome = "skipped"  # heard | silent | failed | skipped
        self._error = ""  # why the input could not be opened
        self._timer: Timer | None = None
        self._ending = False

    def compose(self) -> ComposeResult:
        with Vertical(id="mic-check"):
            yield Static("Microphone check", id="mic-title")
            yield Static(Text(f"Input: {self.device} (opening…)"), id="mic-device")
            yield LevelMeter(id="mic-level")
            yield Static(SAY, id="mic-say")
            yield Static("listening…", id="mic-state")
            yield Static("escape or enter: done (the check is skipped)", id="mic-keys")

    def on_mount(self) -> None:
        self.run_worker(self._open, thread=True, group="mic-check", exit_on_error=False)

    def _open(self) -> None:
        """Worker: build and open the check; a failure is said here, never raised."""
        try:
            check = self.check_factory()
            check.start()
        except Exception as exc:
            from voicecoach.errors import describe_error

            self.app.call_from_thread(self._failed, describe_error(exc))
            return
        self.app.call_from_thread(self._opened, check)

    def _opened(self, check: Any) -> None:
        self.check = check
        if self._ending or not self.is_attached:  # closed while it opened
            self._close_check()
            return
        self.device = check.device_name or self.device
        self.query_one("#mic-device", Static).update(Text(f"Input: {self.device}"))
        self._timer = self.set_interval(POLL_S, self._poll)

    def _failed(self, error: str) -> None:
        self.outcome = "failed"
        self._error = error
        state = self.query_one("#mic-state", Static)
        state.update(Text(f"Cannot open {self.device}: {error.rstrip('.')}."))
        state.set_classes("silent")
        self.query_one("#mic-device", Static).update(Text(f"Input: {self.device}"))

    def _poll(self) -> None:
        if self.check is None or self.outcome == "heard":
            return
        reading = self.check.poll()
        self.query_one("#mic-level", LevelMeter).level = float(reading.level)
        state = self.query_one("#mic-state", Static)
        if reading.heard:
            self.outcome = "heard"
            state.update(HEARD)
            state.set_classes("heard")
            self.set_timer(HEARD_CLOSE_S, self.action_close)
        elif reading.silent:
            self.outcome = "silent"
            state.update(Text(no_sound_line(self.device)))
            state.set_classes("silent")

    def result_line(self) -> str:
        """What the practice screen says once the check is over."""
        if self.outcome == "heard":
            return f"Microphone check: heard you on {self.device}. Press space to answer."
        if self.outcome == "silent":
            return f"Microphone check: {no_sound_line(self.device)}"
        if self.outcome == "failed":
            return f"Microphone check: cannot open {self.device}: {self._error.rstrip('.')}."
        return "Microphone check skipped (m runs it). Press space to answer."

    def action_close(self) -> None:
        if self._ending:
            return
        self._ending = True
        if self._timer is not None:
            self._timer.stop()
        self._close_check()
        self.dismiss(self.result_line())

    def _close_check(self) -> None:
        """The microphone is let go in a thread (closing is bounded in ``LevelCheck.stop``)."""
        check, self.check = self.check, None
        if check is not None:
            self.app.run_worker(
                check.stop, thread=True, group="mic-check-stop", exit_on_error=False
            )
