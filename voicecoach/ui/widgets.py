"""Small widgets for the practice and results screens.

Each renders from plain data (seconds, a 0..1 level, an ``Analysis``) so it can be tested and
snapshotted without a microphone or a model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from voicecoach.rendering.text import TranscriptStyle, transcript_text

if TYPE_CHECKING:
    # Off the start-up path: the question list needs ModelStatus only (see voicecoach.ui.app).
    from voicecoach.datatypes import Analysis, Verdict
    from voicecoach.practice.cues import Cues


def format_clock(seconds: float) -> str:
    """The practice timer: m:ss of whole seconds gone, as a stopwatch reads (``clock``)."""
    from voicecoach.datatypes import clock

    return clock(seconds, elapsed=True)


class TargetBar(Widget):
    """Elapsed time on a bar with the target band marked, so the speaker sees where to land."""

    DEFAULT_CSS = """
    TargetBar { height: 2; }
    """

    elapsed: reactive[float] = reactive(0.0)

    def __init__(
        self,
        target_min_s: float,
        target_max_s: float,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.target_min_s = target_min_s
        self.target_max_s = target_max_s

    def scale_s(self) -> float:
        """The bar's full length: half as much again as the target, or longer once overrun."""
        return max(self.target_max_s * 1.5, self.elapsed * 1.1, 1.0)

    def render(self) -> Text:
        width = max(10, self.size.width)
        scale = self.scale_s()

        def col(seconds: float) -> int:
            return min(width - 1, int(round(seconds / scale * (width - 1))))

        lo, hi, now = col(self.target_min_s), col(self.target_max_s), col(self.elapsed)
        over = self.elapsed > self.target_max_s
        in_zone = self.target_min_s <= self.elapsed <= self.target_max_s
        fill = "red" if over else ("green" if in_zone else "cyan")
        bar = Text()
        for i in range(width):
            zone = lo <= i <= hi
            if i <= now and self.elapsed > 0:
                bar.append("█", style=f"{fill} on dark_green" if zone else fill)
            else:
                bar.append("░" if zone else "─", style="green" if zone else "grey50")
        labels = [" "] * width
        for position, text in (
            (0, "0"),
            (lo, f"{self.target_min_s:g}"),
            (hi, f"{self.target_max_s:g} s"),
        ):
            start = min(position, width - len(text))
            labels[start : start + len(text)] = list(text)
        bar.append("\n")
        bar.append("".join(labels), style="grey70")
        return bar


def live_cues_text(
    state: Any, pace_band: tuple[float, float] = (120.0, 160.0), cues: Cues | None = None
) -> Text:
    """Sparse cues while speaking: fillers so far and the pace of the last 20 s, then, only
    when due (``voicecoach.practice.cues``), the silence and "wrap up" / "over time", quiet.

    ``state`` is a ``voicecoach.practice.live.LiveState`` (or None before the first words):
    plain data. Without ``cues`` the pace is shown as measured.
    """
    text = Text()
    if state is None or getattr(state, "error", None):
        text.append("live cues off: the report comes after the stop", style="grey50")
        _append_due(text, cues)
        return text
    fillers = int(state.fillers)
    text.append("fillers so far ", style="grey70")
    text.append(str(fillers), style="bold yellow" if fillers else "bold")
    if state.last_filler:
        text.append(f" (last: {state.last_filler})", style="grey50")
    text.append("   ·   ", style="grey50")
    text.append("pace, last 20 s ", style="grey70")
    wpm = state.recent_wpm if cues is None else cues.pace_wpm
    if wpm is None:
        text.append("…", style="grey50")
    else:
        low, high = pace_band
        style = "bold green" if low <= wpm <= high else "bold yellow"
        text.append(f"{wpm:.0f} wpm", style=style)
        if wpm > high:
            text.append(" fast", style="yellow")
        elif wpm < low:
            text.append(" slow", style="yellow")
    _append_due(text, cues)
    return text


def _append_due(text: Text, cues: Cues | None) -> None:
    """The silence and time cues, only when due: muted, the time cue in its colour."""
    if cues is None:
        return
    if cues.silent_s is not None:
        text.append("   ·   ", style="grey50")
        text.append(f"silent {cues.silent_s} s", style="grey70")
    if cues.time:
        text.append("   ·   ", style="grey50")
        text.append(cues.time, style="red" if cues.time == "over time" else "yellow")


class LevelMeter(Widget):
    """The microphone's input level (0..1), so the speaker sees they are being heard."""

    DEFAULT_CSS = """
    LevelMeter { height: 1; }
    """

    level: reactive[float] = reactive(0.0)

    def render(self) -> Text:
        label = "mic "
        width = max(4, self.size.width - len(label))
        level = min(1.0, max(0.0, self.level))
        filled = int(round(level * width))
        text = Text(label, style="grey70")
        for i in range(width):
            if i < filled:
                share = i / width
                style = "red" if share > 0.85 else ("yellow" if share > 0.65 else "green")
                text.append("▮", style=style)
            else:
                text.append("▯", style="grey30")
        return text


STATUS_STYLE = {"ok": "bold green", "under": "bold yellow", "over": "bold red"}
STATUS_MARK = {"ok": "✓ ok", "under": "▼ under", "over": "▲ over"}


def _metric_name(verdict: Verdict) -> str:
    return verdict.label or verdict.metric.replace("_", " ").capitalize()


def _metric_value(verdict: Verdict) -> str:
    """The figure as the header and the text report round it (voicecoach.datatypes)."""
    from voicecoach.datatypes import verdict_value_text

    return verdict_value_text(verdict, per_min="/min")


def verdict_table(verdicts: list[Verdict]) -> Table:
    """Every metric against its target, the status coloured: the first thing a speaker reads."""
    table = Table(box=None, expand=False, show_edge=False, pad_edge=False)
    table.add_column("Metric", style="bold")
    table.add_column("Yours", justify="right")
    table.add_column("Target", style="grey70")
    table.add_column("")
    for v in verdicts:
        table.add_row(
            _metric_name(v),
            _metric_value(v),
            v.target,
            Text(STATUS_MARK.get(v.status, v.status), style=STATUS_STYLE.get(v.status, "")),
        )
    return table


class VerdictView(Static):
    """The verdict table as a widget."""

    def __init__(self, verdicts: list[Verdict], *, id: str | None = None) -> None:
        super().__init__(verdict_table(verdicts), id=id)


FILLER_STYLE = {"hesitation": "bold black on yellow", "discourse": "bold yellow underline"}
PAUSE_STYLE = "bold magenta"
VERY_LONG_PAUSE_STYLE = "bold red"
TRANSCRIPT_STYLE = TranscriptStyle(
    fillers=FILLER_STYLE,
    filler="bold yellow",
    pause=PAUSE_STYLE,
    very_long_pause=VERY_LONG_PAUSE_STYLE,
    possible="italic",
    empty="(no speech heard)",
    trailing="bold red",  # a sentence that trailed off, when the report measured it (issue 21)
)


class TranscriptView(Static):
    """The marked-up transcript of one answer."""

    def __init__(self, analysis: Analysis, *, id: str | None = None) -> None:
        super().__init__(transcript_text(analysis, TRANSCRIPT_STYLE), id=id)


class ModelStatus(Static):
    """The speech model's state (loading / ready / unavailable), shown discreetly on each screen."""

    DEFAULT_CSS = """
    ModelStatus { height: 1; padding: 0 1; color: $text-muted; }
    ModelStatus.problem { height: auto; color: $warning; text-style: bold; }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "model_state", self._show)

    def _show(self, state: str) -> None:
        """A model that cannot be used is said in full (what is wrong and its fix), not cut
        to one line."""
        self.set_class(state.startswith("model unavailable"), "problem")
        self.update(state)
