"""The app says where answers are kept when the data directory is fine (in the help, `?`),
and why they cannot be kept when it is not (issue 22)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.ui_fakes import make_app, text_of, until
from textual.widgets import Static

from voicecoach.ui.help import HelpScreen

pytestmark = pytest.mark.anyio


async def test_help_says_where_answers_are_kept(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, speak=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        said = text_of(app.screen.query_one("#help-storage", Static))
        assert said == f"Answers are kept in {tmp_path} (--home DIR to choose another)."


async def test_help_says_why_answers_cannot_be_kept(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a directory")
    app, _ = make_app(tmp_path, speak=False, store=None)
    app.services.recordings_dir = blocker / "recordings"
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        said = text_of(app.screen.query_one("#help-storage", Static))
        assert said.startswith("Answers cannot be recorded: they would go to")
        assert f"{blocker} is a file" in said
