"""Questions from your own text in the app (`j` on the question list): the path of a job
description or résumé, typed into a small form.

Enter asks the App to draft (``DraftRequested``): drafting reads and writes files, so the App runs
``voicecoach.questions.drafted`` in a thread worker and the form stays open meanwhile, saying so.
A failure (no such file, nothing to ask about, a bank already drafted from it) comes back as one
line under the path (``worker_failed``), the path kept to correct; once saved, the App dismisses
the form with the bank file's path.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Static

KEYS_LINE = "enter: draft the questions    escape: cancel"
HINT = (
    "A job description or résumé, as plain text or Markdown: its technologies, duties and "
    "claims become questions, saved beside config.toml for you to review."
)


class FromTextScreen(ModalScreen[Path | None]):
    """One path; dismissed with the drafted bank's file, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    FromTextScreen { align: center middle; }
    FromTextScreen #from-text {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        overflow-y: auto;
        padding: 0 1;
        border: round $accent;
        background: $surface;
    }
    FromTextScreen #from-text-title { text-style: bold; }
    FromTextScreen #from-text-hint { color: $text-muted; margin-bottom: 1; }
    FromTextScreen Input { background: $boost; }
    FromTextScreen #from-text-status { color: $text-muted; }
    FromTextScreen #from-text-status.-error { color: $error; }
    FromTextScreen #from-text-keys { color: $text-muted; margin-top: 1; }
    """

    class DraftRequested(Message):
        """Enter on a path: draft a bank from that file (failures: ``worker_failed``)."""

        def __init__(self, screen: FromTextScreen, path: Path) -> None:
            super().__init__()
            self.screen = screen
            self.path = path

    def __init__(self) -> None:
        super().__init__()
        self.drafting = False

    def compose(self) -> ComposeResult:
        with Vertical(id="from-text"):
            yield Static("Questions from your own text", id="from-text-title")
            yield Static(HINT, id="from-text-hint")
            yield Input(placeholder="~/job.md", id="from-text-path", compact=True)
            yield Static("", id="from-text-status")
            yield Static(KEYS_LINE, id="from-text-keys")

    def on_mount(self) -> None:
        self.query_one("#from-text-path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        typed = event.value.strip().strip("'\"")  # a path pasted with its quotes
        if self.drafting:
            return
        if not typed:
            self.show_problem("type the path of a text file (a job description or résumé)")
            return
        from voicecoach.paths import user_path

        path = user_path(typed)
        self.drafting = True
        self._status(f"Drafting questions from {path.name}…", error=False)
        self.app.post_message(self.DraftRequested(self, path))

    def worker_failed(self, group: str, message: str) -> None:
        """The draft failed: one line under the path, which stays to be corrected."""
        self.show_problem(message)

    def show_problem(self, text: str) -> None:
        self.drafting = False
        self._status(f"✗ {text}", error=True)

    def _status(self, text: str, error: bool) -> None:
        status = self.query_one("#from-text-status", Static)
        status.update(Text(text))
        status.set_class(error, "-error")

    def action_cancel(self) -> None:
        self.dismiss(None)
