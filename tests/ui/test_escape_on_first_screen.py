"""Escape on the question list no longer closes the app: backing out of a replay, the history
and the list with one escape too many quit at once (exit 0). It stays and says how to quit."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.ui_fakes import make_app, until

from voicecoach.ui.help import keys_table
from voicecoach.ui.questions import QuestionListScreen

pytestmark = pytest.mark.anyio


def notices(app: object) -> list[str]:
    return [str(n.message) for n in app._notifications]  # type: ignore[attr-defined]


async def test_escape_on_the_list_stays_and_q_still_quits(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QuestionListScreen))
        await pilot.press("question_mark")  # into the help and back out, then once more
        await until(pilot, lambda: not isinstance(app.screen, QuestionListScreen))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, QuestionListScreen))
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, QuestionListScreen)
        assert any("q quits" in n for n in notices(app)), notices(app)
        await pilot.press("q")
        await until(pilot, lambda: not app.is_running)


def test_the_help_says_what_escape_does_on_the_list() -> None:
    from rich.console import Console

    console = Console(width=120, record=True)
    console.print(keys_table())
    text = console.export_text()
    assert "q quits the question list, escape stays" in text, text
