"""The help screen: every key, so nothing has to be remembered."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: tuple[tuple[str, str], ...] = (
    ("↑ ↓  enter", "choose a question (Home End: the first, the last)"),
    ("space", "start recording; again to stop it and get feedback"),
    ("d  k", "a take under 2 s: discard it / keep it"),
    ("t", "read questions aloud on/off"),
    ("r  space  n", "retry / next question (results; f: its follow-up)"),
    ("PgUp PgDn", "scroll the results or this help (↑ ↓ Home End)"),
    ("p", "replay your last answer"),
    ("h", "history (d deletes, u undoes, i interview reports)"),
    ("c", "history: mark two attempts to compare them"),
    ("space ← → n", "replay: pause, seek 5 s, next filler or long pause"),
    ("i  v  s", "mock interview, reports (list); s skips a question"),
    ("n  e  d  j", "own questions (list): new, edit, remove, from text"),
    ("a", "analyse an answer kept without feedback (if offered)"),
    ("m", "microphone check: level meter, say a few words"),
    ("?", "this help"),
    ("escape  q", "back; q quits the question list, escape stays"),
)


def keys_table() -> Table:
    table = Table(box=None, show_header=False, pad_edge=False)
    # Keys may wrap at their spaces in a narrow terminal; the text takes the room left.
    table.add_column(style="bold cyan", max_width=12)
    table.add_column(ratio=1)
    for key, what in KEYS:
        table.add_row(key, what)
    return table


class HelpScreen(ModalScreen[None]):
    """All keys on one panel; any of escape, q or ? closes it. The panel takes the focus so
    the arrows and PageUp/PageDown scroll it: at 50x15 it was cut off right and bottom."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("q", "dismiss", "Close", show=False),
        Binding("question_mark", "dismiss", "Close", show=False),
    ]
    # Here rather than in voicecoach.tcss: parsed when the help is first opened (issue 6).
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen #help {
        width: 72;
        max-width: 100%;  /* a narrow terminal wraps the keys rather than cutting them */
        height: auto;
        max-height: 100%;  /* a short terminal scrolls the keys rather than cutting them */
        overflow-y: auto;
        padding: 1 2;
        border: round $accent;
        background: $surface;
    }
    HelpScreen #help-title { text-style: bold; margin-bottom: 1; }
    HelpScreen #help-note { margin-top: 1; color: $text-muted; }
    HelpScreen #help-storage { color: $text-muted; }
    """

    def __init__(self, storage_line: str = "") -> None:
        """``storage_line``: where answers are kept (or why they cannot be), from the session."""
        super().__init__()
        self.storage_line = storage_line

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static("voicecoach keys", id="help-title")
            yield Static(keys_table(), id="help-keys")
            yield Static(
                "Answer out loud as in the interview. The timer bar marks the target band; "
                "the results show every metric against its target.",
                id="help-note",
            )
            if self.storage_line:  # Text, not markup: a bracket in a path stays as it is
                yield Static(Text(self.storage_line), id="help-storage")

    def on_mount(self) -> None:
        self.query_one("#help", VerticalScroll).focus(scroll_visible=False)
