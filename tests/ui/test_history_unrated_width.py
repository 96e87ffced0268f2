"""History at 60 columns with an answer too short to rate: its "too short" (or "no speech")
stands in the wpm column, wider than "wpm", and the titles must give way for it. They were cut
to what the labels alone leave, so the long-pauses column ran off the right edge ("pa"). Under
90 columns the words are shorter ("short", "silent"), as the labels are."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from support.ui_fakes import sample_analysis, until
from textual.app import App
from textual.widgets import DataTable

from voicecoach.questions import load_bank
from voicecoach.store import Store
from voicecoach.ui.history import HistoryScreen

pytestmark = pytest.mark.anyio


class HostApp(App[None]):
    def __init__(self, screen: HistoryScreen) -> None:
        super().__init__()
        self._first = screen

    def on_mount(self) -> None:
        self.push_screen(self._first)


@pytest.mark.parametrize("attempts", [1, 11])
@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)])
async def test_answers_not_rated_leave_every_figure_on_screen(
    tmp_path: Path, size: tuple[int, int], attempts: int
) -> None:
    store = Store(tmp_path / "home")
    for day in range(1, attempts + 1):
        created = f"2026-01-{day:02d}T09:00Z"
        store.save(sample_analysis("celery-why"), None, "celery-why", created_at=created)
    full = sample_analysis("greeting")
    short = replace(full, words=full.words[:2])
    store.save(short, None, "greeting", created_at="2026-02-01T09:00Z")
    silent = replace(full, words=[], fillers=[], pauses=[], speech_span_s=0.0)
    store.save(silent, None, "intro", created_at="2026-02-02T09:00Z")
    screen = HistoryScreen(store, find_question=load_bank().get)
    async with HostApp(screen).run_test(size=size) as pilot:
        table = screen.query_one("#history-table", DataTable)
        await until(pilot, lambda: table.row_count == attempts + 2)
        await pilot.pause(0.2)
        wpm = [str(table.get_row_at(r)[4]).strip() for r in range(2)]
        # Said in words (shorter where the terminal is narrow), never as a pace.
        assert wpm == (["silent", "short"] if size[0] < 90 else ["no speech", "too short"])
        # No column scrolled off to the right: the long pauses are on screen.
        assert table.virtual_size.width <= table.scrollable_content_region.width
