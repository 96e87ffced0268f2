"""Every screen usable in a small terminal (issue 22): at 80x24 the history lists at least 8
attempts and its figures are not cut; at 60x20 the practice screen keeps the question, the
state, the timer and the meter in view while recording."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.live_fakes import FakeLive
from support.ui_fakes import make_app, sample_analysis, until
from textual.app import App
from textual.widgets import DataTable

from voicecoach.practice.live import LiveState
from voicecoach.questions import load_bank
from voicecoach.store import Store
from voicecoach.ui.history import HistoryScreen
from voicecoach.ui.practice import PracticeBody, PracticeScreen

pytestmark = pytest.mark.anyio


class HostApp(App[None]):
    def __init__(self, screen: HistoryScreen) -> None:
        super().__init__()
        self._first = screen

    def on_mount(self) -> None:
        self.push_screen(self._first)


def filled_store(root: Path, attempts: int = 12) -> Store:
    store = Store(root)
    for i in range(attempts):
        question = ["intro", "celery-why", "leader"][i % 3]
        created = f"2026-01-{i + 1:02d}T09:00:00Z"
        store.save(sample_analysis(question), None, question, created_at=created)
    return store


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_history_lists_8_rows_and_every_figure(tmp_path: Path, size: tuple[int, int]) -> None:
    screen = HistoryScreen(filled_store(tmp_path / "home"), find_question=load_bank().get)
    async with HostApp(screen).run_test(size=size) as pilot:
        await pilot.pause(0.2)
        table = screen.query_one("#history-table", DataTable)
        assert table.region.bottom <= size[1] - 1  # above the key bar
        assert table.region.height - 1 >= 8  # rows below the header
        # No column scrolled off to the right: the figures are whole.
        assert table.virtual_size.width <= table.scrollable_content_region.width
        status = screen.query_one("#history-status")
        assert status.region.height == 1 and status.region.bottom <= size[1] - 1


async def test_practice_keeps_question_state_timer_and_meter_in_view_at_60x20(
    tmp_path: Path,
) -> None:
    app, fakes = make_app(tmp_path, speak=False)
    live = FakeLive()
    live.state = LiveState(fillers=3, last_filler="um", recent_wpm=150.0, last_speech_s=70.0)
    app.services.live_factory = lambda _transcriber: live
    bank = app.bank.questions
    longest = max(range(len(bank)), key=lambda i: len(bank[i].prompt))
    async with app.run_test(size=(60, 20)) as pilot:
        await until(pilot, lambda: "ready" in app.model_state)
        await pilot.press(*(["down"] * longest), "enter")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        screen = app.screen
        await pilot.press("space")
        await until(pilot, lambda: screen.state == "recording")
        fakes.recorder.elapsed_s = 72.4
        await pilot.pause(0.4)
        body = screen.query_one(PracticeBody)
        assert body.region.bottom <= 20 - 2  # model status and key bar below
        for part in ("#question-prompt", "#state", "#timer", "#level", "#live-cues"):
            region = screen.query_one(part).region
            assert region.height > 0, part
            assert body.region.contains_region(region), part
        assert body.scroll_y == 0  # nothing scrolled away
