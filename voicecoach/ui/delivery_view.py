"""The results screen's "How it sounded" section: the delivery part of a report (issue 21) as
figures against their targets and a small plot of pitch and loudness over the answer, with the
monotone stretches and the sentence ends that trailed off marked.

Its own module so the results screen only places it; the plot is drawn with textual-plotext as
the history's filler chart is. The delivery part arrives after the report (it is measured in a
worker process once the report is shown): until then the section says so (``PENDING``).
"""

from __future__ import annotations

import asyncio
import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import RenderResult
from textual.message import Message
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

from voicecoach.rendering.text import TRAILING_MARK

if TYPE_CHECKING:
    from voicecoach.datatypes import Delivery

PENDING = "measuring how it sounds…"
PITCH_COLOUR = "cyan"
LOUDNESS_COLOUR = "yellow"
FLAT_COLOUR = "magenta"
TRAILING_COLOUR = "red"
TRAILING_STYLE = "bold red"  # the transcript's mark after a sentence that trailed off
POSITION_COLOUR = "white"  # where a replay is on the plot
PLOT_HEIGHT = 12  # rows


def delivery_summary(delivery: Delivery) -> str:
    """The figures in two lines: pitch, loudness, sentence ends, then pace over time."""
    parts = []
    if delivery.pitch_median_hz is not None:
        pitch = f"Pitch around {delivery.pitch_median_hz:.0f} Hz"
        if delivery.pitch_range_st is not None:
            pitch += f", range {delivery.pitch_range_st:.1f} semitones"
        if delivery.monotone:
            pitch += " (monotone)"
        parts.append(pitch)
    if delivery.loudness_dbfs is not None:
        loud = f"loudness {delivery.loudness_dbfs:.0f} dBFS"
        if delivery.loudness_variation_db is not None:
            loud += f" ± {delivery.loudness_variation_db:.0f} dB"
        parts.append(loud)
    if delivery.sentence_ends:
        faded = len(delivery.trailing_off)
        parts.append(f"{faded} of {len(delivery.sentence_ends)} sentence ends trailing off")
    lines = [" · ".join(parts) or "Nothing to measure: no voiced speech was found."]
    if len(delivery.pace_windows) >= 2:
        paces = " · ".join(f"{w.wpm:.0f}" for w in delivery.pace_windows)
        lines.append(f"Pace every 15 s: {paces} wpm")
    return "\n".join(lines)


def plot_legend(delivery: Delivery) -> Text:
    """The plot's series and marks, drawn in their colours (the marks are characters too)."""
    text = Text()
    text.append("━━", style=PITCH_COLOUR)
    text.append(" pitch (semitones from your median, left)  ")
    text.append("━━", style=LOUDNESS_COLOUR)
    text.append(" loudness (dBFS, right)")
    if delivery.flat_stretches:
        text.append("  ")
        text.append("▁▁", style=FLAT_COLOUR)
        text.append(" flat stretch")
    if delivery.trailing_off:
        text.append("  ")
        text.append(f"│{TRAILING_MARK}", style=TRAILING_COLOUR)
        text.append(" trailing off")
    return text


def _semitones(pitch_hz: list[float | None], median_hz: float) -> list[float | None]:
    return [12.0 * math.log2(p / median_hz) if p else None for p in pitch_hz]


@dataclass(frozen=True)
class PlotPoints:
    """What the plot draws: loudness at every x, pitch (semitones from the median) where
    voiced. Never more points than the plot has braille dots across."""

    xs: list[float]
    loudness: list[float]
    pitch_xs: list[float]
    pitch_st: list[float]


def plot_points(delivery: Delivery, width: int) -> PlotPoints:
    """The contour thinned to two points a column (a braille cell is two dots wide): a long
    answer costs the drawing no more than a short one, whatever the contour's length."""
    n = len(delivery.contour_loudness_dbfs)
    every = max(1, math.ceil(n / (2 * max(width, 1))))
    xs = [i * delivery.contour_step_s for i in range(0, n, every)]
    pitch_xs: list[float] = []
    pitch_st: list[float] = []
    if delivery.pitch_median_hz:
        pitch = _semitones(delivery.contour_pitch_hz[::every], delivery.pitch_median_hz)
        pitch_xs = [x for x, p in zip(xs, pitch, strict=True) if p is not None]
        pitch_st = [p for p in pitch if p is not None]
    return PlotPoints(xs, delivery.contour_loudness_dbfs[::every], pitch_xs, pitch_st)


def plan_plot(plt: Plot, delivery: Delivery, points: PlotPoints, position_s: float | None) -> None:
    """Put the points, the marks and a replay's place on ``plt`` (nothing is drawn yet)."""
    plt.clear_data()
    plt.clear_figure()
    # Dots, not lines: at 0.2 s steps they read as a line, leave the unvoiced gaps open, and
    # cost a fraction of plotext's lines (190 ms of a busy machine on a 90 s answer).
    plt.scatter(points.xs, points.loudness, marker="braille", color=LOUDNESS_COLOUR, yside="right")
    low = -6.0
    if points.pitch_st:
        low = math.floor(min([*points.pitch_st, -6.0])) - 1
        plt.scatter(points.pitch_xs, points.pitch_st, marker="braille", color=PITCH_COLOUR)
        for start, end in delivery.flat_stretches:
            plt.plot([start, end], [low, low], marker="▁", color=FLAT_COLOUR)
        plt.ylim(low, math.ceil(max([*points.pitch_st, 6.0])) + 1)
    for end in delivery.trailing_off:
        plt.vline(end.end, TRAILING_COLOUR)
        plt.text(TRAILING_MARK, end.end, low, color=TRAILING_COLOUR)
    if position_s is not None:
        plt.vline(position_s, POSITION_COLOUR)
    plt.xlim(0, points.xs[-1] if len(points.xs) > 1 else 1.0)
    plt.xlabel("seconds")


# What a picture shows: width, height, plotext theme, a replay's place.
View = tuple[int, int, str, float | None]


class DeliveryPlot(PlotextPlot):
    """Pitch and loudness over the answer; flat stretches under the pitch line, trailing-off
    sentence ends as red verticals.

    The picture is made in a thread worker and shown when ready: plotext's drawing and the
    decoding of its ANSI text took 40-130 ms of the UI thread on a busy machine, and the delivery
    part arrives while the speaker may be pressing keys (keys waited up to 160 ms,
    benchmarks/live.py). The UI thread only shows a finished picture.
    """

    DEFAULT_CSS = f"""
    DeliveryPlot {{ height: {PLOT_HEIGHT}; }}
    """

    class Painted(Message):
        """A picture of ``view`` is ready (posted from the worker that made it)."""

        def __init__(self, view: View, picture: Text, points: PlotPoints) -> None:
            super().__init__()
            self.view = view
            self.picture = picture
            self.points = points

    def __init__(self, delivery: Delivery, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.delivery = delivery
        self.position_s: float | None = None  # a replay's place, drawn as a vertical line
        self.points: PlotPoints | None = None  # what the picture on screen plots (tests read it)
        self._picture: tuple[View, Text] | None = None
        self._wanted: View | None = None  # the view a worker is painting

    def show_position(self, seconds: float) -> None:
        """A replay moved on: draw its place (the caller redraws only when the place moved a
        visible step)."""
        self.position_s = seconds
        self.refresh()

    def draw(self) -> None:
        """Draw the picture again (a worker makes it; the last one shows meanwhile)."""
        self.refresh()

    def render(self) -> RenderResult:
        step = self.delivery.contour_step_s
        if not step or not self.delivery.contour_loudness_dbfs:
            return Text("No contour stored with this report", style="dim")
        width, height = self.size.width, self.size.height
        view: View = (width, height, self._get_plotext_theme_name(self.app.theme), self.position_s)
        if self._picture is not None and self._picture[0] == view:
            return self._picture[1]
        if self._wanted != view and width and height:
            self._wanted = view
            self.run_worker(
                functools.partial(self._paint, view),
                thread=True,
                group="delivery-plot",
                exit_on_error=False,
            )
        return self._picture[1] if self._picture is not None else Text("drawing…", style="dim")

    async def paint_ahead(self, width: int) -> None:
        """Before it is mounted: its picture at ``width`` (the room kept for it), made in a
        thread while the UI thread waits idle. Painted once mounted, the thread held the GIL
        while the UI thread laid out and drew the new section, and keys waited behind both."""
        if (
            width <= 0
            or not self.delivery.contour_step_s
            or not self.delivery.contour_loudness_dbfs
        ):
            return  # nothing to draw, or no room laid out yet: painted once shown
        self._register_theme(self.app.theme)  # as on_mount does, for the thread's plot
        view: View = (width, PLOT_HEIGHT, self._get_plotext_theme_name(self.app.theme), None)
        try:
            picture, points = await asyncio.to_thread(self._picture_of, view)
        except Exception as exc:  # painted once shown, as without this
            self.log.warning(f"plot not painted ahead: {exc}")
            return
        self._wanted = view
        self._picture, self.points = (view, picture), points

    def _paint(self, view: View) -> None:
        """In a thread: the picture of ``view``, posted to the UI thread."""
        self.post_message(self.Painted(view, *self._picture_of(view)))

    def _picture_of(self, view: View) -> tuple[Text, PlotPoints]:
        """The picture of ``view`` on a plot of its own (not ``self.plt``, which belongs to the
        UI thread): blocking, for a thread."""
        width, height, theme, position = view
        points = plot_points(self.delivery, width)
        plt = Plot()
        plan_plot(plt, self.delivery, points, position)
        plt.plotsize(width, height)
        plt._set_size(width, height)  # as PlotextPlot.render does (textual-plotext issue 5)
        plt.theme(theme)
        return Text.from_ansi(plt.build()), points

    def on_delivery_plot_painted(self, message: DeliveryPlot.Painted) -> None:
        message.stop()
        self._picture = (message.view, message.picture)
        self.points = message.points
        self.refresh()
