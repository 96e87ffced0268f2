"""History shows each attempt's number: a follow-up's answer is marked "↳ #N" (the attempt it
followed), and the status line and the comparison say "Attempt N"; without a number on the
rows "#N" pointed at nothing. At 120, 80 and 60 columns."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from support.ui_fakes import sample_analysis, until
from textual.app import App
from textual.widgets import DataTable

from voicecoach.questions import load_bank
from voicecoach.store import Store
from voicecoach.ui.history import HistoryScreen

pytestmark = pytest.mark.anyio


class HistoryApp(App[None]):
    def __init__(self, screen: HistoryScreen) -> None:
        super().__init__()
        self.history = screen

    def on_mount(self) -> None:
        self.push_screen(self.history)


def _column(table: DataTable[Any], label: str) -> list[str]:
    index = [str(c.label) for c in table.columns.values()].index(label)
    return [str(table.get_row_at(r)[index]) for r in range(table.row_count)]


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (60, 20)])
async def test_the_attempt_a_follow_up_names_is_found_by_its_number(
    tmp_path: Path, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    store = Store(tmp_path / "home")
    for day in (1, 2):
        store.save(sample_analysis("intro"), None, "intro", created_at=f"2026-01-0{day}T09:00Z")
    parent = store.save(
        sample_analysis("celery-why"), None, "celery-why", created_at="2026-01-03T09:00Z"
    )
    store.save(
        sample_analysis("celery-why.network-errors"),
        None,
        "celery-why.network-errors",
        created_at="2026-01-03T09:02Z",
        parent_id=parent.id,
    )
    screen = HistoryScreen(store, find_question=load_bank().get)
    async with HistoryApp(screen).run_test(size=size) as pilot:
        table = screen.query_one("#history-table", DataTable)
        await until(pilot, lambda: table.row_count == 4)
        numbers = [re.match(r"\s*(\d+)", cell) for cell in _column(table, "#")]
        titles = _column(table, "question")
        assert titles[0].startswith(f"↳ #{parent.id} ")
        row = [int(n.group(1)) if n else None for n in numbers].index(parent.id)
        assert titles[row].startswith("Why Cel")  # cut to "Why Celer…" at 60 columns
        # Every column on screen, none scrolled off to the right.
        assert table.virtual_size.width <= table.scrollable_content_region.width
