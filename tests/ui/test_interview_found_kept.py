"""The mock interview is easy to find and hard to lose: `i` is in the question list's key bar,
escape in the middle of it asks before ending it, and the report's path is shown whole on the
list, where it stays (issue 22)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from support.ui_fakes import make_app, text_of, until
from textual.widgets import DataTable, Static

from voicecoach.ui.confirm import ConfirmScreen
from voicecoach.ui.footer import KeyFooter
from voicecoach.ui.practice import PracticeScreen
from voicecoach.ui.questions import QuestionListScreen
from voicecoach.ui.results import ResultsScreen

pytestmark = pytest.mark.anyio


def notices(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def answer_here(pilot: Any) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, PracticeScreen)
    await pilot.press("space")
    await until(pilot, lambda: screen.state == "recording")
    await pilot.press("space")
    await until(pilot, lambda: isinstance(pilot.app.screen, ResultsScreen))


@pytest.mark.parametrize("size", [(90, 24), (100, 30), (130, 42)])
async def test_i_is_in_the_question_list_key_bar(tmp_path: Path, size: tuple[int, int]) -> None:
    """Only the help (?) named it. At 80 columns h and p keep their places (no room for i)."""
    app, _ = make_app(tmp_path, speak=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyFooter).render().plain
        assert " i Interview " in bar and "h History" in bar and "p Replay" in bar
        x = bar.index(" i Interview") + 1
        await pilot.click(KeyFooter, offset=(x, 0))  # a click on it starts the interview
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))


async def test_escape_on_the_practice_screen_asks_before_ending_the_interview(
    tmp_path: Path,
) -> None:
    app, _ = make_app(tmp_path, speak=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        practice = app.screen
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        question = text_of(app.screen.query_one("#confirm-question", Static))
        total = len(app.bank.questions)
        assert question == f"End the mock interview at question 1 of {total}?"
        await pilot.press("n")  # go on: the same question, the interview still running
        await until(pilot, lambda: app.screen is practice)
        assert app.session.interview is not None
        assert not any("Mock interview ended" in n for n in notices(app))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, QuestionListScreen))
        await until(pilot, lambda: f"Mock interview ended (0 of {total} answered)." in notices(app))


async def test_the_partial_report_path_stays_whole_on_the_list(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, speak=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "ready" in app.model_state)
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        await answer_here(pilot)
        await pilot.press("escape")  # on the results of question 1: asks too
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, QuestionListScreen))
        reports = tmp_path / "interviews"
        await until(pilot, lambda: any(reports.glob("interview-*.md")))
        (md,) = reports.glob("interview-*.md")
        line = app.screen.query_one("#interview-report", Static)
        await until(pilot, lambda: str(md) in text_of(line))
        assert text_of(line) == f"Interview report: {md} (and {md.with_suffix('.html').name})"
        await pilot.pause(0.1)
        # Every wrapped line of it on screen, above the list, after the toast has gone.
        rows = len(Text(text_of(line)).wrap(app.console, line.size.width))
        assert line.display and line.size.height >= rows
        table = app.screen.query_one("#questions", DataTable)
        assert line.region.bottom <= table.region.y
        app.clear_notifications()
        await pilot.pause()
        assert str(md) in text_of(line)
