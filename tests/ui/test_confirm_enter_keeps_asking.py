"""The yes/no question before something that cannot be taken back (ending a mock interview,
deleting an attempt or a question) is answered by the keys it shows: y, or n / escape. Enter
said yes without being shown: QA pressed escape in an interview, then enter, and the interview
ended with its questions unanswered."""

from __future__ import annotations

import pytest
from textual.app import App

from voicecoach.ui.confirm import ConfirmScreen

pytestmark = pytest.mark.anyio


class Host(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.answers: list[bool | None] = []

    def on_mount(self) -> None:
        self.push_screen(
            ConfirmScreen("End the mock interview at question 2 of 9?", yes="end it"),
            self.answers.append,
        )


async def test_enter_does_not_answer_yes() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and app.answers == []
        await pilot.press("y")
        await pilot.pause()
        assert app.answers == [True]


async def test_n_and_escape_still_say_no() -> None:
    for key in ("n", "escape"):
        app = Host()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press(key)
            await pilot.pause()
            assert app.answers == [False]
