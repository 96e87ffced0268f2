"""The results screen's "How it sounded" section: the delivery part of a report (issue 21) as
figures against their targets and a small plot of pitch and loudness over the answer, with the
monotone stretches and the sentence ends that trailed off marked.

Its own module so the results screen only places it; the plot is drawn with textual-plotext as
the history's filler chart is. The delivery part arrives after the report (it is measured in a
worker process once the report is shown): until then the section says so (``PENDING``).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from rich.text import Text
from textual_plotext import PlotextPlot

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


class DeliveryPlot(PlotextPlot):
    """Pitch and loudness over the answer; flat stretches under the pitch line, trailing-off
    sentence ends as red verticals."""

    DEFAULT_CSS = """
    DeliveryPlot { height: 12; }
    """

    def __init__(self, delivery: Delivery, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.delivery = delivery
        self.position_s: float | None = None  # a replay's place, drawn as a vertical line

    def show_position(self, seconds: float) -> None:
        """A replay moved on: draw its place (the caller's poll redraws only when the place
        moved a visible step: a redraw takes tens of milliseconds of the UI thread)."""
        self.position_s = seconds
        self.draw()

    def on_mount(self) -> None:
        self.draw()

    def draw(self) -> None:
        d, plt = self.delivery, self.plt
        plt.clear_data()
        plt.clear_figure()
        step = d.contour_step_s
        if not step or not d.contour_loudness_dbfs:
            plt.title("No contour stored with this report")
            return
        # No more points than braille dots across (two a column): more only cost drawing time.
        every = max(1, math.ceil(len(d.contour_loudness_dbfs) / (2 * (self.size.width or 100))))
        xs = [i * step for i in range(0, len(d.contour_loudness_dbfs), every)]
        loudness = d.contour_loudness_dbfs[::every]
        # Dots, not lines: at 0.2 s steps they read as a line, leave the unvoiced gaps open, and
        # draw in about 35 ms on a busy machine, where plotext's lines took 190 ms of the UI
        # thread (a replay redraws the plot as it moves).
        plt.scatter(xs, loudness, marker="braille", color=LOUDNESS_COLOUR, yside="right")
        low = -6.0
        if d.pitch_median_hz:
            pitch = _semitones(d.contour_pitch_hz[::every], d.pitch_median_hz)
            voiced = [p for p in pitch if p is not None]
            low = math.floor(min([*voiced, -6.0])) - 1
            voiced_x = [x for x, p in zip(xs, pitch, strict=True) if p is not None]
            plt.scatter(voiced_x, voiced, marker="braille", color=PITCH_COLOUR)
            for start, end in d.flat_stretches:
                plt.plot([start, end], [low, low], marker="▁", color=FLAT_COLOUR)
            plt.ylim(low, math.ceil(max([*voiced, 6.0])) + 1)
        for end in d.trailing_off:
            plt.vline(end.end, TRAILING_COLOUR)
            plt.text(TRAILING_MARK, end.end, low, color=TRAILING_COLOUR)
        if self.position_s is not None:
            plt.vline(self.position_s, POSITION_COLOUR)
        plt.xlim(0, xs[-1] if len(xs) > 1 else 1.0)
        plt.xlabel("seconds")
        self.refresh()
