"""A question of your own with a very long title: the results still show the figures first.

Found by QA at 60x20: "Your answer: <a 600-character title>" wrapped over 14 rows and the
summary ("Spoke ... · ... wpm") sat below the fold. The question list already shortens a
title to one line with "…"; the results' title does the same.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from support.ui_fakes import make_app, sample_analysis, text_of, until
from textual.widgets import Static

from voicecoach.ui.results import ResultsScreen

pytestmark = pytest.mark.anyio

LONG_TITLE = "Describe a time you led a team through a hard deadline " * 10


def _rows(app: object) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())  # type: ignore[attr-defined]


async def test_a_long_title_takes_one_line_and_the_summary_is_in_view(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        intro = app.bank.get("intro")
        assert intro is not None
        question = replace(intro, title=LONG_TITLE.strip())
        app.push_screen(ResultsScreen(question, sample_analysis("intro"), None))
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        await pilot.pause(0.2)
        title = app.screen.query_one("#results-title", Static)
        assert title.size.height == 1
        shown = _rows(app)
        assert "Your answer: Describe a time" in shown and "…" in shown, shown
        assert "Spoke " in shown, shown  # the summary, without scrolling
        assert text_of(title).startswith("Your answer: Describe a time")


async def test_a_title_that_fits_is_shown_whole(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        question = app.bank.get("celery-why")
        assert question is not None
        app.push_screen(ResultsScreen(question, sample_analysis("celery-why"), None))
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        await pilot.pause(0.2)
        assert "Your answer: Why Celery and RabbitMQ for 1,000 logins?" in _rows(app)
