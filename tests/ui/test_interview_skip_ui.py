"""`s` skips a question of the mock interview (about 29 with drafted banks, each had to be
answered): in the practice screen's key bar during an interview only, in the help, and after
the last question the report of the answers given, the others "Not answered: skipped"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support.ui_fakes import make_app, text_of, until
from textual.widgets import Static

from voicecoach.ui.footer import KeyFooter
from voicecoach.ui.help import keys_table
from voicecoach.ui.practice import PracticeScreen
from voicecoach.ui.questions import QuestionListScreen
from voicecoach.ui.results import ResultsScreen

pytestmark = pytest.mark.anyio


def notices(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


def progress(app: Any) -> str:
    return text_of(app.screen.query_one("#interview-progress", Static))


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_s_skips_to_the_next_question_and_is_in_the_key_bar(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    app, _ = make_app(tmp_path, speak=False)
    async with app.run_test(size=size) as pilot:
        total = len(app.bank.questions)
        await pilot.press("down", "enter")  # a question outside an interview: no skip
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        assert "Skip" not in app.screen.query_one(KeyFooter).render().plain
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, PracticeScreen)
        assert not app.screen.query("#interview-progress")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, QuestionListScreen))
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        first = app.screen
        bar = first.query_one(KeyFooter).render().plain
        assert "s Skip" in bar, bar
        await pilot.press("s")
        await until(
            pilot, lambda: isinstance(app.screen, PracticeScreen) and app.screen is not first
        )
        assert progress(app) == f"Mock interview · question 2 of {total}"
        assert app.screen.question == app.bank.questions[1]
        assert f"Skipped question 1 of {total}." in notices(app)


async def test_skipping_to_the_end_writes_the_report_with_the_skipped_questions(
    tmp_path: Path,
) -> None:
    app, _ = make_app(tmp_path, speak=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: "ready" in app.model_state)
        total = len(app.bank.questions)
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        await pilot.press("space")  # the first answered
        await until(pilot, lambda: app.screen.state == "recording")
        await pilot.press("space")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        await pilot.press("n")
        for n in range(2, total + 1):
            await until(
                pilot,
                lambda n=n: (
                    isinstance(app.screen, PracticeScreen)
                    and progress(app) == f"Mock interview · question {n} of {total}"
                ),
            )
            await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, QuestionListScreen))
        await until(pilot, lambda: any("Interview finished. Report: " in n for n in notices(app)))
        assert not any("Mock interview ended" in n for n in notices(app))  # not a partial one
        reports = sorted((tmp_path / "interviews").glob("interview-*.md"))
        assert len(reports) == 1
        text = reports[0].read_text(encoding="utf-8")
        assert text.count("Not answered: skipped.") == total - 1
        assert f"1 of {total} questions answered" in text


def test_the_help_names_the_skip_key() -> None:
    from rich.console import Console

    console = Console(width=80, record=True)
    console.print(keys_table())
    assert "mock interview, reports (list); s skips a question" in console.export_text()
