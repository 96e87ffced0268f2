"""At 40 columns the practice screen's key bar kept "esc Back ? Help" and the command palette's
key, and lost "space Record / stop", the one key that records (QA, 40x12 while recording): the
palette's key gives way to it."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.ui_fakes import make_app, until
from textual.pilot import Pilot

from voicecoach.ui.footer import KeyFooter
from voicecoach.ui.practice import PracticeScreen

pytestmark = pytest.mark.anyio


def footer_text(pilot: Pilot) -> str:
    return pilot.app.screen.query_one(KeyFooter).render().plain


async def test_space_stays_in_the_practice_bar_at_40_columns(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, speak=False)
    async with app.run_test(size=(40, 12)) as pilot:
        await until(pilot, lambda: "ready" in app.model_state)
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        screen = app.screen
        await until(pilot, lambda: "space Record / stop" in footer_text(pilot))
        text = footer_text(pilot)
        assert len(text) == 40 and "esc Back" in text and "? Help" in text
        assert "palette" not in text
        await pilot.click(KeyFooter, offset=(text.index("space") + 1, 0))  # and it records
        await until(pilot, lambda: screen.state == "recording")
        assert "space Record / stop" in footer_text(pilot)


async def test_the_palette_stays_where_the_keys_fit(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, speak=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        await until(pilot, lambda: "space Record / stop" in footer_text(pilot))
        assert footer_text(pilot).endswith("▏^p palette ")
