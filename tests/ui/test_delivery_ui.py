"""How it sounded, on the results screen (issue 21): the report shows at the stop with "measuring
how it sounds…" where its delivery part goes; the part fills in when it arrives (figures
against targets, the plot of pitch and loudness, the trailing-off mark in the transcript), and
history keeps it. A report stored with its part shows it at once; one without shows nothing."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from support.delivery_fakes import FakeMeasure, sample_delivery
from support.ui_fakes import FakePlayer, make_app, record_intro, sample_analysis, until
from textual.app import App
from textual.css.query import NoMatches
from textual.widgets import Static
from textual_plotext import PlotextPlot

from voicecoach.rendering.text import TRAILING_MARK
from voicecoach.store import Store
from voicecoach.ui.app import VoiceCoachApp
from voicecoach.ui.delivery_view import PENDING, DeliveryPlot
from voicecoach.ui.history import HistoryScreen
from voicecoach.ui.replay import ReplayScreen
from voicecoach.ui.results import ResultsScreen

ASYNCIO = pytest.mark.parametrize("anyio_backend", ["asyncio"])


def shown(screen: Any, selector: str) -> str:
    try:
        content = screen.query_one(selector, Static).content
    except NoMatches:  # not there, or being redrawn
        return ""
    return getattr(content, "plain", str(content))


def has(screen: Any, selector: str) -> bool:
    return bool(screen.query(selector))


@pytest.mark.anyio
@ASYNCIO
async def test_the_report_first_then_how_it_sounded(tmp_path: Path) -> None:
    gate = threading.Event()
    measure = FakeMeasure(gate=gate)
    store = Store(tmp_path / "home")
    app, _ = make_app(tmp_path, store=store)  # type: ignore[arg-type]
    app.services.measure_delivery = measure
    async with app.run_test(size=(100, 60)) as pilot:
        await record_intro(app, pilot)
        await pilot.press("space")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        results = app.screen
        # The report at once, its delivery part on its way.
        assert "2 fillers" in shown(results, "#summary")
        assert shown(results, "#delivery-status") == PENDING
        assert not has(results, "#delivery-plot")
        assert TRAILING_MARK not in shown(results, "#transcript")
        gate.set()
        await until(pilot, lambda: has(app.screen, "#delivery-plot"))
        screen = app.screen
        assert screen is results and not has(screen, "#delivery-status")
        assert "range 5.4 semitones" in shown(screen, "#delivery-summary")
        table = screen.query_one("#delivery-verdicts", Static).content
        names = str(table.columns[0]._cells)  # type: ignore[union-attr]
        marks = str(table.columns[3]._cells)  # type: ignore[union-attr]
        figures = str(table.columns[1]._cells)  # type: ignore[union-attr]
        assert "5.4 st" in figures and "-20.0 dBFS" in figures and "/min" not in figures
        assert "Pitch range" in names and "Trailing off" in names and "over" in marks
        assert isinstance(screen.query_one("#delivery-plot"), PlotextPlot)
        assert f"queues.{TRAILING_MARK}" in shown(screen, "#transcript")
        assert "trailed off" in shown(screen, "#legend")
        assert "trailing off" in shown(screen, "#plot-legend")
        [attempt] = store.list()
        assert attempt.analysis.delivery == sample_delivery()


@pytest.mark.anyio
@ASYNCIO
async def test_a_measure_that_failed_says_why(tmp_path: Path) -> None:
    measure = FakeMeasure(result=(None, "pitch and loudness not measured (TimeoutError: late)"))
    app, _ = make_app(tmp_path)
    app.services.measure_delivery = measure
    async with app.run_test(size=(100, 60)) as pilot:
        await record_intro(app, pilot)
        await pilot.press("space")
        await until(pilot, lambda: "TimeoutError" in shown(app.screen, "#delivery-status"))
        assert not has(app.screen, "#delivery-plot")


async def open_results(app: VoiceCoachApp, pilot: Any, screen: ResultsScreen) -> ResultsScreen:
    await until(pilot, lambda: "ready" in app.model_state)
    app.push_screen(screen)
    await until(pilot, lambda: app.screen is screen)
    return screen


@pytest.mark.anyio
@ASYNCIO
async def test_a_report_stored_with_its_part_shows_it_at_once(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    question = app.bank.get("intro")
    assert question is not None
    analysis = dataclasses.replace(sample_analysis(), delivery=sample_delivery())
    async with app.run_test(size=(100, 60)) as pilot:
        results = await open_results(app, pilot, ResultsScreen(question, analysis, None))
        assert has(results, "#delivery-plot") and not has(results, "#delivery-status")
        plot = results.query_one("#delivery-plot", PlotextPlot)
        await pilot.pause()
        assert plot.size.height >= 8


@pytest.mark.anyio
@ASYNCIO
async def test_a_report_without_it_shows_no_section(tmp_path: Path) -> None:
    """The setting off, or saved before it existed: the results read as before."""
    app, _ = make_app(tmp_path)
    question = app.bank.get("intro")
    assert question is not None
    async with app.run_test(size=(100, 60)) as pilot:
        results = await open_results(app, pilot, ResultsScreen(question, sample_analysis(), None))
        assert not has(results, "#delivery-heading") and "trailed off" not in shown(
            results, "#legend"
        )


class HostApp(App[None]):
    def __init__(self, screen: Any) -> None:
        super().__init__()
        self._first = screen

    def on_mount(self) -> None:
        self.push_screen(self._first)


@pytest.mark.anyio
@ASYNCIO
@pytest.mark.parametrize("with_part", [True, False])
async def test_history_charts_pitch_range_beside_the_fillers(
    tmp_path: Path, with_part: bool
) -> None:
    store = Store(tmp_path / "home")
    for i, pitch_range in enumerate([2.1, 4.0, 5.5]):
        audio = tmp_path / f"{i}.wav"
        sf.write(audio, np.zeros(1600, dtype=np.float32), 16000)
        part = dataclasses.replace(sample_delivery(), pitch_range_st=pitch_range)
        analysis = dataclasses.replace(sample_analysis(), delivery=part if with_part else None)
        store.save(analysis, audio, "intro", created_at=f"2026-01-0{i + 1}T09:00:00Z")
    screen = HistoryScreen(store)
    async with HostApp(screen).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        legend = shown(screen, "#history-legend")
        assert "all fillers" in legend
        assert ("pitch range" in legend) is with_part
        plot = screen.query_one("#history-chart", PlotextPlot)
        drawn = plot.plt.build()
        assert ("◆" in drawn) is with_part


class MovingPlayer(FakePlayer):
    """A 9 s recording, playing, at a position the test sets."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.duration_s = 9.0
        self.playing = True


@pytest.mark.anyio
@ASYNCIO
async def test_replay_shows_where_it_is_on_the_plot(tmp_path: Path) -> None:
    store = Store(tmp_path / "home")
    audio = tmp_path / "a.wav"
    sf.write(audio, np.zeros(16000, dtype=np.float32), 16000)
    analysis = dataclasses.replace(sample_analysis(), delivery=sample_delivery())
    attempt = store.save(analysis, audio, "intro")
    players: list[MovingPlayer] = []

    def factory(path: Path) -> MovingPlayer:
        players.append(MovingPlayer(path))
        return players[-1]

    screen = ReplayScreen(attempt, factory)
    async with HostApp(screen).run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: bool(players))
        plot = screen.query_one("#replay-plot", DeliveryPlot)
        await until(pilot, lambda: plot.position_s == 0.0)
        players[0].position_s = 6.3
        await until(pilot, lambda: plot.position_s == 6.3)
        players[0].position_s = 6.4  # under a visible step: not redrawn
        await pilot.pause(0.2)
        assert plot.position_s == 6.3
