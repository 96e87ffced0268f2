"""Snapshots of the main screens with fixed data (update with `pytest --snapshot-update`)."""

from __future__ import annotations

from pathlib import Path

from support.ui_fakes import FakeAttempt, FakeStore, make_app, sample_analysis, until
from textual.pilot import Pilot

from voicecoach.ui.practice import PracticeScreen
from voicecoach.ui.results import ResultsScreen

SIZE = (100, 34)


def test_question_list(snap_compare, tmp_path: Path) -> None:
    store = FakeStore(tmp_path, [FakeAttempt("intro", sample_analysis(), tmp_path / "a.wav")])
    app, _ = make_app(tmp_path, store=store)

    async def ready(pilot: Pilot) -> None:
        await until(pilot, lambda: "ready" in app.model_state)
        table = app.screen.query_one("DataTable")
        await until(pilot, lambda: "72 s" in str(table.get_cell("intro", "last")))
        # The column widens on the table's next idle, after the cell is set.
        await until(pilot, lambda: table.columns["last"].content_width > len("Last result"))

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_practice_while_recording(snap_compare, tmp_path: Path) -> None:
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

    assert snap_compare(app, terminal_size=SIZE, run_before=recording)


def test_results(snap_compare, tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)

    async def results(pilot: Pilot) -> None:
        await until(pilot, lambda: "ready" in app.model_state)
        question = app.bank.get("intro")
        assert question is not None
        app.push_screen(
            ResultsScreen(question, sample_analysis(), Path("/home/you/recordings/intro.wav"))
        )
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))

    assert snap_compare(app, terminal_size=(100, 40), run_before=results)
