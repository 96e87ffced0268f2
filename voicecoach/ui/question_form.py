"""The form for one of the user's own questions: new (`n` on the list) or edited (`e`).

It dismisses with a checked ``QuestionDraft`` (or None when cancelled); the text is checked by
``voicecoach.questions.own.make_draft``, the same check as `voicecoach questions add`, and a
problem is shown under the fields in one line, the form staying open. Saving is the App's.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static, TextArea

from voicecoach.questions.own import (
    OwnQuestionError,
    QuestionDraft,
    make_draft,
    point_text,
    target_text,
)

KEYS_LINE = "enter: next field    ctrl+s: save    escape: cancel"


class QuestionFormScreen(ModalScreen[QuestionDraft | None]):
    """Title, the question read aloud, the target range and the talking points."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]
    DEFAULT_CSS = """
    QuestionFormScreen { align: center middle; }
    QuestionFormScreen #form {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        overflow-y: auto;
        padding: 0 1;
        border: round $accent;
        background: $surface;
    }
    QuestionFormScreen #form-title { text-style: bold; }
    QuestionFormScreen .label { color: $text-muted; margin-top: 1; }
    QuestionFormScreen Input { background: $boost; }
    QuestionFormScreen #form-points { height: 5; background: $boost; }
    QuestionFormScreen #form-error { color: $error; }
    QuestionFormScreen #form-keys { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, draft: QuestionDraft | None = None, heading: str = "") -> None:
        super().__init__()
        self.draft = draft
        self.heading = heading or ("Edit your question" if draft else "A question of your own")

    def compose(self) -> ComposeResult:
        draft = self.draft
        with Vertical(id="form"):
            yield Static(self.heading, id="form-title")
            yield Static("Title (what the list shows)", classes="label")
            yield Input(draft.title if draft else "", id="form-title-input", compact=True)
            yield Static("The question as read aloud (empty: the title)", classes="label")
            yield Input(draft.prompt if draft else "", id="form-prompt", compact=True)
            yield Static("Target, seconds (min-max; empty: 30-120)", classes="label")
            yield Input(
                target_text(draft) if draft else "",
                placeholder="60-90",
                id="form-target",
                compact=True,
            )
            yield Static(
                "Talking points, optional: one per line, keywords after a colon",
                classes="label",
            )
            yield TextArea(
                "\n".join(point_text(p) for p in draft.points) if draft else "",
                id="form-points",
                compact=True,
                soft_wrap=True,
                placeholder="Why this team: product, customers, mission",
            )
            yield Static("", id="form-error")
            yield Static(KEYS_LINE, id="form-keys")

    def on_mount(self) -> None:
        self.query_one("#form-title-input", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter goes on to the next field (the points take several lines: ctrl+s saves)."""
        event.stop()
        self.focus_next()

    def action_save(self) -> None:
        points = self.query_one("#form-points", TextArea).text.splitlines()
        try:
            draft = make_draft(
                self.query_one("#form-title-input", Input).value,
                self.query_one("#form-prompt", Input).value,
                self.query_one("#form-target", Input).value,
                points,
            )
        except OwnQuestionError as exc:
            self.show_problem(str(exc))
            return
        self.dismiss(draft)

    def show_problem(self, text: str) -> None:
        """One line under the fields; the form stays open with what was typed."""
        self.query_one("#form-error", Static).update(Text(f"✗ {text}"))

    def action_cancel(self) -> None:
        self.dismiss(None)
