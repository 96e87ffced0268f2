"""On the question list escape stays (it no longer quits), so q is the way out: at 40 columns
its key bar kept "enter Practise ? Help" and the palette's key and lost "q Quit", and nothing on
screen said how to leave. q is fitted first there, as escape is on the other screens."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.ui_fakes import make_app, until
from textual.pilot import Pilot

from voicecoach.ui.footer import KeyFooter
from voicecoach.ui.questions import QuestionListScreen

pytestmark = pytest.mark.anyio


def footer_text(pilot: Pilot) -> str:
    return pilot.app.screen.query_one(KeyFooter).render().plain


@pytest.mark.parametrize("size", [(40, 12), (60, 20), (80, 24)])
async def test_q_quit_is_in_the_list_bar(tmp_path: Path, size: tuple[int, int]) -> None:
    app, _ = make_app(tmp_path, speak=False)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QuestionListScreen))
        await until(pilot, lambda: "? Help" in footer_text(pilot))
        text = footer_text(pilot)
        assert "q Quit" in text and "enter Practise" in text, text
