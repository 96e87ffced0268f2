"""HistoryScreen: every attempt, a fillers-per-minute chart, the best per question, comparisons.

Use::

    from voicecoach.ui.history import HistoryScreen
    app.push_screen(HistoryScreen(Store(home)))
    app.push_screen(HistoryScreen(store, targets={"intro": (60, 90)}, player_factory=f))

``store`` is a ``voicecoach.store.Store``. ``targets`` (optional) maps a question id to its
duration band in seconds, for choosing the best attempt (see ``Store.best_per_question``);
without it the stored reports' duration verdicts decide. ``player_factory`` is passed on to
``ReplayScreen`` (default: the real sounddevice player).

Keys: a question filter at the top (a Select), the table newest first (★ = best attempt at its
question), enter or p replays the highlighted attempt, c marks it for comparison (press c on a
second one to see both side by side), escape goes back.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Select, Static
from textual_plotext import PlotextPlot

from voicecoach.commands.replay import PlayerFactory, default_player_factory, transcript_text
from voicecoach.store import Attempt, Store, TrendPoint
from voicecoach.ui.app import describe_time, local_time
from voicecoach.ui.footer import KeyFooter
from voicecoach.ui.header import TitleBar
from voicecoach.ui.replay import ReplayScreen

ALL = "__all__"
MAX_WORD_LINES = 4  # the chart stays readable with the overall line and the top few words
BEST_MARK = "★"
COMPARE_MARK = "c"


def _when(attempt: Attempt) -> str:
    """Local time, as the question list and the replay show it (the store keeps UTC)."""
    return describe_time(attempt.created_at)


def tick_labels(stamps: list[str]) -> tuple[list[str], str]:
    """The chart's x labels and axis title, in local time: the date at an attempt that starts a
    day, the time at later ones the same day (five attempts on one day read "11-29" five times);
    only times when every attempt is on one day, that day in the axis title."""
    times = [local_time(s) for s in stamps]
    days = {t.date() for t in times if t is not None}
    if len(days) == 1 and None not in times:
        day = next(iter(days)).isoformat()
        return [t.strftime("%H:%M") for t in times if t is not None], f"attempts on {day}"
    labels: list[str] = []
    previous = None
    for stamp, t in zip(stamps, times, strict=True):
        if t is None:
            labels.append(stamp[5:10])
        elif previous is not None and t.date() == previous:
            labels.append(t.strftime("%H:%M"))
        else:
            labels.append(t.strftime("%m-%d"))
        previous = t.date() if t is not None else None
    return labels, "attempt, oldest left: date, or time on the same day"


class HistoryScreen(Screen[None]):
    """Attempts newest first, filterable by question, with the filler trend charted."""

    BINDINGS = [
        Binding("p", "replay", "Replay"),
        Binding("c", "compare", "Compare"),
        Binding("escape", "back", "Back"),
    ]

    DEFAULT_CSS = """
    HistoryScreen #history-filter { width: 40; margin: 0 1; }
    /* The chart takes what the table leaves, 8 to 14 lines: at 80x24 a fixed 14 pushed the
       status line off the screen. */
    HistoryScreen #history-table { height: 1fr; min-height: 4; }
    HistoryScreen #history-chart { height: 2fr; min-height: 8; max-height: 14; }
    HistoryScreen #history-status { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(
        self,
        store: Store,
        targets: Mapping[str, tuple[float, float]] | None = None,
        player_factory: PlayerFactory = default_player_factory,
    ) -> None:
        super().__init__()
        self.store = store
        self.targets = targets
        self.player_factory = player_factory
        self.question: str | None = None  # the filter; None = all questions
        self.attempts: list[Attempt] = []
        self.best_ids: set[int] = set()
        self.compare_id: int | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        options = [("All questions", ALL)] + [(q, q) for q in self.store.question_ids()]
        yield Select(options, value=ALL, allow_blank=False, id="history-filter")
        table: DataTable[str | Text] = DataTable(id="history-table", cursor_type="row")
        yield table
        yield PlotextPlot(id="history-chart")
        yield Static("", id="history-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#history-table", DataTable)
        table.add_columns(" ", "date", "question", "duration", "wpm", "fillers/min", "long pauses")
        if self.store.recovered_message:
            self.notify(self.store.recovered_message, severity="warning", timeout=15)
        self.reload()
        table.focus()

    def reload(self) -> None:
        """Re-read the store (after a delete, a new attempt, or a filter change)."""
        self.attempts = self.store.list(self.question)
        self.best_ids = {a.id for a in self.store.best_per_question(self.targets).values()}
        self._fill_table()
        self._draw_chart(self.store.filler_trend(self.question))
        status = self.query_one("#history-status", Static)
        if not self.attempts:
            status.update("No attempts yet: answer a question and it will appear here.")
        else:
            status.update(
                f"{len(self.attempts)} attempt{'' if len(self.attempts) == 1 else 's'} · "
                f"{BEST_MARK} best per question (fewest fillers/min in the time target)"
            )

    def _fill_table(self) -> None:
        table = self.query_one("#history-table", DataTable)
        table.clear()
        for a in self.attempts:
            mark = BEST_MARK if a.id in self.best_ids else ""
            if a.id == self.compare_id:
                mark += COMPARE_MARK
            numbers = (
                f"{a.duration_s:.1f} s",
                f"{a.wpm:.0f}",
                f"{a.filler_rate_per_min:.1f}",
                str(a.long_pauses),
            )
            table.add_row(
                mark,
                _when(a),
                a.question_id or "-",
                *(Text(n, justify="right") for n in numbers),
                key=str(a.id),
            )

    def _draw_chart(self, trend: list[TrendPoint]) -> None:
        plot = self.query_one("#history-chart", PlotextPlot)
        plot.display = bool(trend)  # no attempts: no empty frame, the status line says why
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        title = "Fillers per minute" + (f" · {self.question}" if self.question else "")
        plt.title(title)
        if trend:
            xs = list(range(1, len(trend) + 1))
            plt.plot(xs, [p.rate_per_min for p in trend], label="all fillers", marker="braille")
            totals: dict[str, float] = {}
            for p in trend:
                for word, rate in p.per_word.items():
                    totals[word] = totals.get(word, 0.0) + rate
            top = sorted(totals, key=lambda w: (-totals[w], w))[:MAX_WORD_LINES]
            for word in top:
                plt.plot(xs, [p.per_word.get(word, 0.0) for p in trend], label=word)
            # From 0, with room above for the legend: a lone point or a flat line otherwise
            # filled the whole height and read as a large rate.
            highest = max([p.rate_per_min for p in trend] + [0.0])
            plt.ylim(0, math.ceil(max(1.0, highest) * 1.25))
            step = max(1, len(xs) // 8)
            labels, axis = tick_labels([p.created_at for p in trend][::step])
            plt.xticks(xs[::step], labels)
            plt.xlabel(axis)
        plot.refresh()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id != "history-filter":
            return
        self.question = None if event.value in (ALL, Select.NULL) else str(event.value)
        self.reload()

    def _selected(self) -> Attempt | None:
        table = self.query_one("#history-table", DataTable)
        if not self.attempts or table.row_count == 0:
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return next((a for a in self.attempts if str(a.id) == row_key.value), None)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_replay()

    def action_replay(self) -> None:
        attempt = self._selected()
        if attempt is not None:
            self.app.push_screen(ReplayScreen(attempt, self.player_factory))

    def action_compare(self) -> None:
        attempt = self._selected()
        if attempt is None:
            return
        if self.compare_id is None or self.compare_id == attempt.id:
            self.compare_id = None if self.compare_id == attempt.id else attempt.id
            self._fill_table()
            if self.compare_id is not None:
                self.notify(f"Attempt {attempt.id} marked: press c on another to compare.")
            return
        try:
            first = self.store.get(self.compare_id)
        except Exception:  # deleted meanwhile by another instance
            self.compare_id = attempt.id
            self._fill_table()
            return
        self.compare_id = None
        self._fill_table()
        older, newer = sorted((first, attempt), key=lambda a: (a.created_at, a.id))
        self.app.push_screen(CompareScreen(older, newer))

    def action_back(self) -> None:
        self.dismiss(None)


def _metrics(attempt: Attempt) -> Text:
    a = attempt.analysis
    lines = [
        ("date", _when(attempt)),
        ("question", attempt.question_id or "-"),
        ("duration", f"{attempt.duration_s:.1f} s"),
        ("pace", f"{attempt.wpm:.0f} wpm"),
        ("fillers", f"{attempt.filler_count} ({attempt.filler_rate_per_min:.1f}/min)"),
        ("long pauses", str(attempt.long_pauses)),
        ("words", str(a.word_count)),
        ("model", attempt.model or "-"),
    ]
    text = Text()
    for label, value in lines:
        text.append(f"{label:>12}  ", style="dim")
        text.append(value + "\n")
    for v in a.verdicts:
        style = "green" if v.ok else "yellow"
        text.append(f"{v.metric:>12}  ", style="dim")
        text.append(f"{v.status} ({v.target})\n", style=style)
    return text


class CompareScreen(Screen[None]):
    """Two attempts side by side: metrics on top, transcripts (fillers marked) below.

    ``CompareScreen(left, right)`` with two ``Attempt``s; the history puts the older on the left.
    """

    BINDINGS = [Binding("escape", "back", "Back")]

    DEFAULT_CSS = """
    CompareScreen .compare-pane { width: 1fr; padding: 0 1; border: round $primary; }
    CompareScreen .compare-title { text-style: bold; }
    CompareScreen .compare-transcript { margin-top: 1; }
    """

    def __init__(self, left: Attempt, right: Attempt) -> None:
        super().__init__()
        self.left = left
        self.right = right

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal():
            for side, attempt in (("a", self.left), ("b", self.right)):
                with Vertical(classes="compare-pane"):
                    yield Static(f"Attempt {attempt.id}", classes="compare-title")
                    yield Static(_metrics(attempt), id=f"metrics-{side}")
                    with VerticalScroll():
                        yield Static(
                            transcript_text(attempt.analysis, -1),
                            id=f"transcript-{side}",
                            classes="compare-transcript",
                        )
        yield KeyFooter()

    def action_back(self) -> None:
        self.dismiss(None)
