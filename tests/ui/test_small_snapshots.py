"""Snapshots of the main screens in small terminals, 80x24 and 60x20 (issue 22), with fixed
data (update with `pytest --snapshot-update`)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from support.ui_fakes import FakeAttempt, FakeStore, make_app, sample_analysis, until
from textual.app import App
from textual.pilot import Pilot

from voicecoach.questions import load_bank
from voicecoach.store import Store
from voicecoach.ui.history import HistoryScreen
from voicecoach.ui.practice import PracticeScreen
from voicecoach.ui.results import ResultsScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((60, 20), id="60x20")]


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> None:
    """Times are shown in local time: the same in every snapshot wherever it runs."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


@pytest.mark.parametrize("size", SIZES)
def test_question_list(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    store = FakeStore(tmp_path, [FakeAttempt("intro", sample_analysis(), tmp_path / "a.wav")])
    app, _ = make_app(tmp_path, store=store)

    async def ready(pilot: Pilot) -> None:
        await until(pilot, lambda: "ready" in app.model_state)
        table = app.screen.query_one("DataTable")
        await until(pilot, lambda: "72 s" in str(table.get_cell("intro", "last")))
        # The column widens on the table's next idle, after the cell is set; the titles are
        # then cut to the room left.
        await until(pilot, lambda: table.columns["last"].content_width > len("Last result"))
        # ... and at 80 columns the titles are cut to leave it whole (at 60, the titles at
        # their narrowest, 20 cells, the last result is cut after a whole part, with "…").
        columns = table.columns
        shown = "✗ 72 s · 178 wpm · 2 fillers" if size[0] >= 80 else "✗ 72 s · 178 wpm…"

        def laid_out() -> bool:
            title, last = columns["title"].content_width, columns["last"].content_width
            used = title + columns["target"].content_width + last + 6  # and each one's padding
            whole = used <= table.scrollable_content_region.width
            return last >= len(shown) and str(table.get_cell("intro", "last")) == shown and whole

        await until(pilot, laid_out)
        await pilot.pause(0.3)

    assert snap_compare(app, terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES)
def test_practice_while_recording(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    app, fakes = make_app(tmp_path)

    async def recording(pilot: Pilot) -> None:
        await until(pilot, lambda: "ready" in app.model_state)
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        await until(pilot, lambda: app.voice_available is True)
        await pilot.press("space")
        screen = app.screen
        await until(pilot, lambda: screen.state == "recording")
        fakes.recorder.elapsed_s = 72.4
        fakes.recorder.level = 0.6
        await until(pilot, lambda: screen.query_one("#timer").value == "1:12")

    assert snap_compare(app, terminal_size=size, run_before=recording)


@pytest.mark.parametrize("size", SIZES)
def test_results(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    app, _ = make_app(tmp_path)

    async def results(pilot: Pilot) -> None:
        await until(pilot, lambda: "ready" in app.model_state)
        question = app.bank.get("intro")
        assert question is not None
        app.push_screen(
            ResultsScreen(question, sample_analysis(), Path("/home/you/recordings/intro.wav"))
        )
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))

    assert snap_compare(app, terminal_size=size, run_before=results)


class HistoryApp(App[None]):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store

    def on_mount(self) -> None:
        self.push_screen(HistoryScreen(self.store, find_question=load_bank().get))


@pytest.mark.parametrize("size", SIZES)
def test_history(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    store = Store(tmp_path / "home")
    for i in range(12):
        question = ["intro", "celery-why", "leader"][i % 3]
        store.save(
            sample_analysis(question), None, question, created_at=f"2026-01-{i + 1:02d}T09:00:00Z"
        )
    app = HistoryApp(store)

    async def shown(pilot: Pilot) -> None:
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen))
        await pilot.pause(0.3)

    assert snap_compare(app, terminal_size=size, run_before=shown)
