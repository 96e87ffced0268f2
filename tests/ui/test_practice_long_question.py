"""A long question at 60x20: the practice screen's state line ("READY · press space…") stays in
view. QA found it below the fold: the question filled the screen and nothing said what to
press; the body scrolls only once recording starts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from support.ui_fakes import make_app, until
from textual.widgets import Static

from voicecoach.ui.practice import PracticeScreen

pytestmark = pytest.mark.anyio

LONG = ("Describe a time you led a team through a hard deadline " * 12).strip() + "?"


def _rows(app: Any) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def open_practice(app: Any, pilot: Any, prompt: str | None) -> Any:
    intro = app.bank.get("intro")
    assert intro is not None
    app.push_screen(
        PracticeScreen(replace(intro, prompt=prompt or intro.prompt), config=app.config)
    )
    await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
    await pilot.pause(0.2)
    return app.screen


@pytest.mark.parametrize("size", [(60, 20), (80, 16)])
async def test_a_long_question_leaves_the_state_line_in_view(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    app, _ = make_app(tmp_path, speak=False)
    async with app.run_test(size=size) as pilot:
        screen = await open_practice(app, pilot, LONG)
        shown = _rows(app)
        assert "READY · press space and answer out loud" in shown, shown
        title, prompt = shown.splitlines()[1:3]  # the question from its start
        assert "Tell me about yourself" in title and "Describe a time" in prompt
        state = screen.query_one("#state", Static)
        assert state.region.bottom <= size[1] - 2  # above the model line and the key bar
        await pilot.press("space")
        await until(pilot, lambda: screen.state == "recording")
        await pilot.pause(0.2)
        assert "● RECORDING · press space to stop" in _rows(app)


async def test_a_question_that_fits_keeps_the_state_under_the_meter(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, speak=False)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_practice(app, pilot, None)
        level = screen.query_one("#level")
        state = screen.query_one("#state", Static)
        assert state.region.y == level.region.bottom  # in its place, not at the bottom
