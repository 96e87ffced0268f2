"""ConfirmScreen: a yes/no question before something that cannot be taken back in one key
(deleting an attempt, ending a mock interview early).

Use::

    self.app.push_screen(ConfirmScreen("Delete attempt 3?", "Its recording goes too."), done)

``done`` receives True for y, False for n (or escape). Enter answers nothing: it said yes
without being shown, and after escape in a mock interview one habitual enter ended it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


class ConfirmScreen(ModalScreen[bool]):
    """The question, what follows from it, and the two answers as keys."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(False)", "No", show=False),
    ]
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen #confirm {
        width: 64;
        max-width: 100%;
        height: auto;
        padding: 1 2;
        border: round $warning;
        background: $surface;
    }
    ConfirmScreen #confirm-question { text-style: bold; }
    ConfirmScreen #confirm-detail { color: $text-muted; }
    ConfirmScreen #confirm-keys { margin-top: 1; }
    """

    def __init__(self, question: str, detail: str = "", yes: str = "yes", no: str = "no") -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(self.question, id="confirm-question")
            if self.detail:
                yield Static(self.detail, id="confirm-detail")
            yield Static(f"y: {self.yes}    n or escape: {self.no}", id="confirm-keys")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


def ask_to_end_interview(
    screen: Screen[Any], position: tuple[int, int], leave: Callable[[], None]
) -> None:
    """Escape in a mock interview: one key ended it, the questions left unanswered; now it
    asks, and ``leave`` runs only on yes."""
    n, total = position

    def answered(yes: bool | None) -> None:
        if yes:
            leave()

    screen.app.push_screen(
        ConfirmScreen(
            f"End the mock interview at question {n} of {total}?",
            "The answers given stay in your history; with at least one, a partial report "
            "is written.",
            yes="end it",
            no="go on with the interview",
        ),
        answered,
    )
