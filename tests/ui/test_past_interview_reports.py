"""Past mock interview reports are listed and opened from the app (`v` on the question list,
`i` in the history), their paths shown whole (issue 22)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from support.ui_fakes import make_app, sample_analysis, text_of, until
from textual.app import App
from textual.widgets import DataTable, Markdown, Static

from voicecoach.practice.interview import interviews_dir
from voicecoach.questions import load_bank
from voicecoach.rendering.interview_report import InterviewAnswer, write_reports
from voicecoach.store import Store
from voicecoach.ui.history import HistoryScreen
from voicecoach.ui.interview_reports import InterviewReportsScreen, ReportViewScreen

pytestmark = pytest.mark.anyio


def write_two(directory: Path) -> tuple[Path, Path]:
    """An older report with every answer, a newer partial one (1 of 9)."""
    questions = load_bank().questions
    full = [InterviewAnswer(q, sample_analysis(q.id), "recorded") for q in questions]
    partial = [
        InterviewAnswer(q, sample_analysis(q.id) if i == 0 else None, "recorded", "ended")
        for i, q in enumerate(questions)
    ]
    older, _ = write_reports(full, directory / "interview-20261201-090000.md")
    newer, _ = write_reports(partial, directory / "interview-20261205-174500.md")
    return older, newer


async def test_v_lists_the_reports_and_opens_one(tmp_path: Path) -> None:
    # A long data directory: at 60 columns the paths wrap, and must stay whole.
    home = tmp_path / "a-rather-long-folder-name-for-the-data" / "voicecoach-home"
    home.mkdir(parents=True)
    older, newer = write_two(interviews_dir(home))
    app, _ = make_app(home, speak=False)
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, InterviewReportsScreen))
        screen = app.screen
        await until(pilot, lambda: screen.loaded)
        table = screen.query_one("#reports-table", DataTable)
        rows = [[str(c) for c in table.get_row_at(r)] for r in range(table.row_count)]
        total = len(app.bank.questions)
        assert rows == [
            ["2026-12-05 17:45", f"1 of {total}", newer.name],
            ["2026-12-01 09:00", f"{total} of {total}", older.name],
        ]
        line = screen.query_one("#reports-path", Static)
        said = text_of(line)
        assert f"Report: {newer} (and {newer.with_suffix('.html')})" in said
        await pilot.pause()
        wrapped = len(Text(said).wrap(app.console, line.size.width))
        assert line.size.height >= wrapped > 1 and line.region.bottom <= 23  # all on screen
        await pilot.press("down")
        await until(pilot, lambda: str(older) in text_of(line))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReportViewScreen))
        view = app.screen
        await until(pilot, lambda: view.loaded)
        assert str(older) in text_of(view.query_one("#report-path", Static))
        assert "Mock interview report" in view.query_one("#report", Markdown).source
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)


async def test_none_yet_is_said(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, speak=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, InterviewReportsScreen))
        screen = app.screen
        await until(pilot, lambda: screen.loaded)
        assert text_of(screen.query_one("#reports-path", Static)).startswith("No mock interview")


class HostApp(App[None]):
    def __init__(self, screen: Any) -> None:
        super().__init__()
        self._first = screen

    def on_mount(self) -> None:
        self.push_screen(self._first)


async def test_i_in_the_history_lists_them_too(tmp_path: Path) -> None:
    store = Store(tmp_path / "home")
    _, newer = write_two(interviews_dir(store.root))
    app = HostApp(HistoryScreen(store, find_question=load_bank().get))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, InterviewReportsScreen))
        screen = app.screen
        await until(pilot, lambda: screen.loaded)
        assert screen.query_one("#reports-table", DataTable).row_count == 2
        assert str(newer) in text_of(screen.query_one("#reports-path", Static))
