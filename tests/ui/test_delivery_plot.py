"""The delivery plot (issue 21): what it costs does not grow with the answer (it plots no more
points than it has dots across, and the picture is made off the UI thread, so a key pressed as
the delivery part arrives is not kept waiting), and in a replay its place line follows the
playback, seeks included."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from support.delivery_fakes import sample_delivery
from support.ui_fakes import FakePlayer, sample_analysis, until
from textual.app import App, ComposeResult
from textual_plotext.plot import Plot

from voicecoach.datatypes import Delivery
from voicecoach.store import Store
from voicecoach.ui.delivery_view import DeliveryPlot
from voicecoach.ui.replay import ReplayScreen

ASYNCIO = pytest.mark.parametrize("anyio_backend", ["asyncio"])


def long_delivery(seconds: float) -> Delivery:
    """``sample_delivery``'s contour repeated to ``seconds`` (0.2 s steps)."""
    base = sample_delivery()
    n = round(seconds / base.contour_step_s)
    reps = n // len(base.contour_loudness_dbfs) + 1
    return dataclasses.replace(
        base,
        contour_pitch_hz=(base.contour_pitch_hz * reps)[:n],
        contour_loudness_dbfs=(base.contour_loudness_dbfs * reps)[:n],
    )


class PlotApp(App[None]):
    def __init__(self, delivery: Delivery, width: int) -> None:
        super().__init__()
        self.delivery = delivery
        self.width = width

    def compose(self) -> ComposeResult:
        plot = DeliveryPlot(self.delivery, id="plot")
        plot.styles.width = self.width
        yield plot


@pytest.mark.anyio
@ASYNCIO
@pytest.mark.parametrize("seconds", [9.0, 90.0, 600.0])
async def test_the_plot_draws_no_more_points_than_its_width_holds(seconds: float) -> None:
    builders: list[int] = []
    build = Plot.build

    def watched(self: Plot) -> str:
        builders.append(threading.get_ident())
        return build(self)

    app = PlotApp(long_delivery(seconds), width=60)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Plot, "build", watched)
        async with app.run_test(size=(80, 16)) as pilot:
            plot = app.query_one(DeliveryPlot)
            await until(pilot, lambda: plot.points is not None)
            points = plot.points
            assert points is not None and plot.size.width == 60
            # Two points a column (a braille cell is two dots wide), a 10-minute answer too...
            assert len(points.xs) <= 2 * 60 and len(points.pitch_xs) <= 2 * 60
            # ...and still the whole answer, start to end.
            assert points.xs[0] == 0.0 and points.xs[-1] >= seconds - 5 * 0.2 * 10
    # The picture was made off the UI thread: the thread that runs the app never built it.
    assert builders and threading.get_ident() not in builders


class ReplayHost(App[None]):
    def __init__(self, screen: Any) -> None:
        super().__init__()
        self._first = screen

    def on_mount(self) -> None:
        self.push_screen(self._first)


def line_columns(plot: DeliveryPlot) -> set[int]:
    """The columns of the vertical lines on the picture on screen (a trailing-off end, the
    replay's place): plotext joins each to the frame's top with a ┬."""
    picture = plot._picture
    assert picture is not None
    [top] = [row for row in picture[1].plain.splitlines() if "┌" in row]
    return {c for c, char in enumerate(top) if char == "┬"}


@pytest.mark.anyio
@ASYNCIO
async def test_the_replay_place_line_follows_the_playback(tmp_path: Path) -> None:
    store = Store(tmp_path / "home")
    audio = tmp_path / "a.wav"
    sf.write(audio, np.zeros(16000 * 9, dtype=np.float32), 16000)
    analysis = dataclasses.replace(sample_analysis(), delivery=sample_delivery())
    attempt = store.save(analysis, audio, "intro")
    FakePlayer.instances.clear()

    def factory(path: Path) -> FakePlayer:
        player = FakePlayer(path)
        player.duration_s = 9.0
        return player

    screen = ReplayScreen(attempt, factory)
    async with ReplayHost(screen).run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: bool(FakePlayer.instances))
        player = FakePlayer.instances[-1]
        plot = screen.query_one("#replay-plot", DeliveryPlot)

        async def drawn_at(seconds: float) -> set[int]:
            await until(pilot, lambda: plot._picture is not None and plot._picture[0][3] == seconds)
            return line_columns(plot)

        player.position_s = 1.5  # playing: the place moves on
        at_start = await drawn_at(1.5)
        await pilot.press("right")  # seek 5 s on: the line jumps with it
        at_seek = await drawn_at(6.5)
        player.position_s = 8.0  # and moves on from there
        at_end = await drawn_at(8.0)
        [first] = at_start - at_seek
        [second] = at_seek - at_start
        [third] = at_end - at_seek
        assert first < second < third
        # Each where the playback is along the 0-9 s axis: 1.5, 6.5 and 8 s.
        assert (second - first) / (third - first) == pytest.approx(5 / 6.5, abs=0.06)
