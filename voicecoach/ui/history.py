"""HistoryScreen: every attempt, a fillers-per-minute chart, the best per question, comparisons.

Use::

    from voicecoach.ui.history import HistoryScreen
    app.push_screen(HistoryScreen(Store(home)))
    app.push_screen(HistoryScreen(store, targets={"intro": (60, 90)}, player_factory=f))
    app.push_screen(HistoryScreen(store, find_question=bank.get))

``store`` is a ``voicecoach.store.Store``. ``targets`` (optional) maps a question id to its
duration band in seconds, for choosing the best attempt (see ``Store.best_per_question``);
without it the stored reports' duration verdicts decide. ``player_factory`` is passed on to
``ReplayScreen`` (default: the real sounddevice player), and so is ``find_question`` (the bank's
``get``: the replay's title names the question).

Keys: a question filter at the top (a Select), the table newest first, each attempt by its
number (★ = best attempt at its question; a follow-up's answer "↳ #12": the attempt it
followed), enter or p replays the highlighted attempt, c marks it for comparison (press c on a
second one to see what changed between them), d deletes it after asking (its recording too),
u brings the last one deleted back until the screen is left, escape goes back. Questions are
named by their titles when ``find_question`` knows them (their ids otherwise). Attempts with no
speech or too short to rate are listed as such, never ★ and not charted (``Attempt.unrated``);
a live report not yet checked against the whole recording is marked "(unchecked)" until it is.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Select, Static
from textual_plotext import PlotextPlot

from voicecoach.analysis.content import NO_SPEECH, TOO_SHORT
from voicecoach.datatypes import Verdict
from voicecoach.practice.deletions import AttemptDeletions
from voicecoach.rendering.follow_along import (
    FOLLOW_STYLE,
    PlayerFactory,
    default_player_factory,
)
from voicecoach.rendering.text import transcript_text
from voicecoach.store import UNCHECKED, Attempt, Store, TrendPoint
from voicecoach.ui.confirm import ConfirmScreen
from voicecoach.ui.footer import KeyFooter
from voicecoach.ui.formatting import describe_time
from voicecoach.ui.header import TitleBar
from voicecoach.ui.questions import fit_title
from voicecoach.ui.replay import QuestionLookup, ReplayScreen
from voicecoach.ui.widgets import STATUS_MARK, STATUS_STYLE

ALL = "__all__"
# "#": each attempt's number, then its marks (★, c). The status line, the comparison, the replay
# and a follow-up's "↳ #12" name attempts by number: without it on the rows, "#12" pointed at
# nothing. Narrow, two labels are shorter so that the number fits at 60 columns.
LABELS = ("#", "date", "question", "spoke", "wpm", "fillers/min", "long pauses")
NARROW_LABELS = ("#", "date", "question", "spoke", "wpm", "fil/m", "pause")
NARROW_BELOW = 90  # columns: narrower, the short labels and no year in the date
SHORT_BELOW = 22  # rows: shorter, no chart (the list keeps its rows)
DATE_WIDTH, DATE_WIDTH_NARROW = 16, 11  # "2026-01-03 09:00", "01-03 09:00"
# Narrow, an unrated attempt's word in the wpm column is short too: "too short" is 6 cells wider
# than "wpm", which pushed the long pauses off the right edge at 60 columns.
NARROW_UNRATED = {NO_SPEECH: "silent", TOO_SHORT: "short"}
MIN_TITLE = 10
MAX_WORD_LINES = 4  # the chart stays readable with the overall line and the top few words
BEST_MARK = "★"
COMPARE_MARK = "c"
# True whether or not any attempt at a question is inside its time target.
BEST_LEGEND = f"{BEST_MARK} best: fewest fillers/min, in the time target when any is"
# The chart's series colours, named alike in plotext and Rich so the legend line matches.
SERIES_COLOURS = ("cyan", "yellow", "magenta", "green", "red")
MAX_MARKED_POINTS = 20  # a marker on each attempt while they stay apart
# Pitch range over attempts (issue 21), on the chart's right axis beside the fillers: a colour
# none of the filler lines take.
PITCH_COLOUR = "blue"


def _when(attempt: Attempt) -> str:
    """Local time, as the question list and the replay show it (the store keeps UTC)."""
    return describe_time(attempt.created_at)


def axis_title(stamps: list[str]) -> str:
    """The chart's x axis: attempts numbered oldest first, the first and last dated. Times as
    ticks repeated ("09:06 09:06 09:06 09:07") when attempts came minutes apart."""
    if not stamps:
        return ""
    first, last = describe_time(stamps[0]), describe_time(stamps[-1])
    if len(stamps) == 1:
        return f"attempt 1: {first}"
    if first[:10] == last[:10]:
        last = last[11:]
    return f"attempts, oldest first: 1 = {first}, {len(stamps)} = {last}"


class HistoryEditFailed(Exception):
    """A delete or undo failed; its message is what the screen says."""


class HistoryScreen(Screen[None]):
    """Attempts newest first, filterable by question, with the filler trend charted."""

    BINDINGS = [
        Binding("p", "replay", "Replay"),
        Binding("c", "compare", "Compare"),
        Binding("d", "delete", "Delete"),
        Binding("u", "undo", "Undo delete"),
        Binding("i", "interview_reports", "Interviews"),
        Binding("escape", "back", "Back"),
    ]

    DEFAULT_CSS = """
    HistoryScreen #history-filter { width: 40; margin: 0 1; }
    /* The chart takes what the table leaves, 6 to 14 lines: at 80x24 a fixed 14 pushed the
       status line off the screen, and a 1:2 share left the list 3 rows; it keeps 8 now. */
    HistoryScreen #history-table { height: 1fr; min-height: 9; }
    HistoryScreen #history-chart { height: 2fr; min-height: 6; max-height: 14; }
    HistoryScreen #history-legend { height: 1; padding: 0 1; }
    HistoryScreen #history-status { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(
        self,
        store: Store,
        targets: Mapping[str, tuple[float, float]] | None = None,
        player_factory: PlayerFactory = default_player_factory,
        find_question: QuestionLookup | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.targets = targets
        self.player_factory = player_factory
        self.find_question = find_question
        self.question: str | None = None  # the filter; None = all questions
        self.attempts: list[Attempt] = []
        self.best_ids: set[int] = set()
        self.compare_id: int | None = None
        # Deleted here, kept until the screen is left so `u` can bring them back.
        self.deletions = AttemptDeletions(store)
        self._editing = ""  # what a delete or undo in progress is doing ("" when none)
        self._narrow = False  # short column labels, no year (set from the width)

    def title_of(self, question_id: str | None) -> str:
        """The question's title as the list shows it; its id when the bank no longer has it."""
        if not question_id:
            return "-"
        question = self.find_question(question_id) if self.find_question else None
        return question.title if question is not None else question_id

    def compose(self) -> ComposeResult:
        yield TitleBar()
        options = [("All questions", ALL)] + [
            (self.title_of(q), q) for q in self.store.question_ids()
        ]
        yield Select(options, value=ALL, allow_blank=False, id="history-filter")
        table: DataTable[str | Text] = DataTable(id="history-table", cursor_type="row")
        yield table
        yield PlotextPlot(id="history-chart")
        yield Static("", id="history-legend")
        yield Static("", id="history-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._add_columns()
        table = self.query_one("#history-table", DataTable)
        if self.store.recovered_message:
            self.notify(self.store.recovered_message, severity="warning", timeout=15)
        self.reload()
        table.focus()

    def _add_columns(self) -> None:
        """The columns, with short labels in a narrow terminal: at 60 columns the figures were
        cut ("wpm        fil") behind the question's title."""
        table = self.query_one("#history-table", DataTable)
        self._narrow = self.size.width < NARROW_BELOW
        table.clear(columns=True)
        # "spoke": the speaking time, first to last word, which the time target judges (the
        # recording also holds the silence before the first word and after the last)
        labels = NARROW_LABELS if self._narrow else LABELS
        table.add_columns(*labels)

    def on_resize(self) -> None:
        """A new size: the chart gives way in a short terminal (the list keeps at least 8
        rows at 80x24), the titles are cut to what the width leaves the figures."""
        if not self.is_mounted:
            return
        short = self.size.height < SHORT_BELOW
        if short != self.has_class("-short"):
            self.set_class(short, "-short")
            self._draw_chart(self.store.filler_trend(self.question))
        if (self.size.width < NARROW_BELOW) != self._narrow:
            self._add_columns()
        self._fill_table(keep_cursor=True)

    def _title_room(self) -> int:
        """Cells left for the question's title once the figures have theirs."""
        labels = NARROW_LABELS if self._narrow else LABELS
        fixed = sum(len(label) for i, label in enumerate(labels) if i != 2)
        fixed += DATE_WIDTH_NARROW - len("date") if self._narrow else DATE_WIDTH - len("date")
        fixed += max(0, self._number_width() + self._marks_width() - len("#"))
        # "too short" in the wpm column is wider than its label: the title gives those cells
        # too, below its usual least (at 60 columns the long pauses ran off the right edge).
        wpm = max((len(_figures(a, self._narrow)[1]) for a in self.attempts), default=0)
        wider = max(0, wpm - len(labels[4]))
        padding = 2 * len(labels) + 8  # each column's padding, the scrollbar and margins
        return max(MIN_TITLE - wider, self.size.width - fixed - wider - padding)

    def _number_width(self) -> int:
        return max((len(str(a.id)) for a in self.attempts), default=1)

    def _marks_width(self) -> int:
        return max((len(self._marks(a)) for a in self.attempts), default=0)

    def _marks(self, attempt: Attempt) -> str:
        mark = BEST_MARK if attempt.id in self.best_ids else ""
        return mark + (COMPARE_MARK if attempt.id == self.compare_id else "")

    def _number_cell(self, attempt: Attempt) -> Text:
        """The attempt's number, right-aligned, then its marks: "12★"."""
        text = Text(f"{attempt.id:>{self._number_width()}}", style="grey70", no_wrap=True)
        text.append(f"{self._marks(attempt):<{self._marks_width()}}")
        return text

    def reload(self) -> None:
        """Re-read the store (after a delete, a new attempt, or a filter change)."""
        self.attempts = self.store.list(self.question)
        self.best_ids = {a.id for a in self.store.best_per_question(self.targets).values()}
        self._fill_table()
        self._draw_chart(self.store.filler_trend(self.question))
        self._show_status()

    def _show_status(self) -> None:
        """The count and the ★ rule, or while one row is marked, how to compare or unmark it:
        a toast for the mark outlived it (over the compare screen, "marked" after unmarking)."""
        status = self.query_one("#history-status", Static)
        if not self.attempts:
            status.update("No attempts yet: answer a question and it will appear here.")
        elif self.compare_id is not None:
            status.update(
                f"Attempt {self.compare_id} marked ({COMPARE_MARK}): press c on another to "
                "compare, c on it again to unmark"
            )
        else:
            n = len(self.attempts)
            status.update(f"{n} attempt{'' if n == 1 else 's'} · {BEST_LEGEND}")

    def _fill_table(self, keep_cursor: bool = False) -> None:
        """The rows from ``self.attempts``; ``keep_cursor``: on the same row (a resize), else
        back on the newest."""
        table = self.query_one("#history-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        room = self._title_room()
        for a in self.attempts:
            numbers = _figures(a, self._narrow)
            table.add_row(
                self._number_cell(a),
                _when(a)[5:] if self._narrow else _when(a),  # narrow: no year
                # The live report, not yet checked against the whole recording: it may change.
                fit_title(
                    followup_mark(a)
                    + self.title_of(a.question_id)
                    + ("" if a.checked else f" ({UNCHECKED})"),
                    room,
                ),
                *(
                    Text(n, justify="right", style="italic grey70" if a.unrated and i == 1 else "")
                    for i, n in enumerate(numbers)
                ),
                key=str(a.id),
            )
        if keep_cursor and self.attempts:
            table.move_cursor(row=min(max(cursor, 0), len(self.attempts) - 1))

    def _draw_chart(self, trend: list[TrendPoint]) -> None:
        plot = self.query_one("#history-chart", PlotextPlot)
        legend = self.query_one("#history-legend", Static)
        # Nothing to chart: the status says why. In a short terminal the list keeps the room.
        plot.display = legend.display = bool(trend) and not self.has_class("-short")
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        left_out = sum(1 for a in self.attempts if a.unrated)
        title = "Fillers per minute" + (f" · {self.question}" if self.question else "")
        if left_out:
            title += f" ({left_out} with no speech or too short not shown)"
        plt.title(title)
        if not trend:
            plot.refresh()
            return
        xs = list(range(1, len(trend) + 1))
        totals: dict[str, float] = {}
        for p in trend:
            for word, rate in p.per_word.items():
                totals[word] = totals.get(word, 0.0) + rate
        top = sorted(totals, key=lambda w: (-totals[w], w))[:MAX_WORD_LINES]
        series = [("all fillers", [p.rate_per_min for p in trend])] + [
            (word, [p.per_word.get(word, 0.0) for p in trend]) for word in top
        ]
        # Words first, the overall line last so it is drawn on top. No plotext legend: it sits
        # in the plot's top-left corner, over the lines; the line under the chart names them.
        for i, (_, ys) in reversed(list(enumerate(series))):
            plt.plot(xs, ys, marker="braille", color=SERIES_COLOURS[i])
        if len(xs) <= MAX_MARKED_POINTS:  # one attempt was a lone braille dot, near invisible
            plt.scatter(xs, series[0][1], marker="●", color=SERIES_COLOURS[0])
        text = Text()
        for i, (name, _) in enumerate(series):
            marked = i == 0 and len(xs) <= MAX_MARKED_POINTS
            text.append("  " if i else "")
            text.append("━━" + ("●" if marked else ""), style=SERIES_COLOURS[i])
            text.append(f" {name}")
        self._chart_pitch_range(plt, xs, trend, text)
        legend.update(text)
        # From 0 with a little room above: a lone point or a flat line filled the whole height.
        highest = max([p.rate_per_min for p in trend] + [0.0])
        plt.ylim(0, math.ceil(max(1.0, highest) * 1.15))
        plt.xlim(0.5, len(xs) + 0.5)  # a single attempt sits in the middle, not on the edge
        step = max(1, math.ceil(len(xs) / 10))
        plt.xticks(xs[::step], [str(x) for x in xs[::step]])
        plt.xlabel(axis_title([p.created_at for p in trend]))
        plot.refresh()

    def _chart_pitch_range(
        self, plt: Any, xs: list[int], trend: list[TrendPoint], legend: Text
    ) -> None:
        """Each attempt's pitch range (semitones) on the right axis, where its report has the
        delivery part (attempts saved before it, or with the setting off, have none)."""
        by_id = {a.id: a for a in self.attempts}
        points = [
            (x, delivery.pitch_range_st)
            for x, p in zip(xs, trend, strict=True)
            if (attempt := by_id.get(p.attempt_id)) is not None
            and (delivery := attempt.analysis.delivery) is not None
            and delivery.pitch_range_st is not None
        ]
        if not points:
            return
        px, py = [x for x, _ in points], [y for _, y in points]
        plt.plot(px, py, marker="braille", color=PITCH_COLOUR, yside="right")
        if len(px) <= MAX_MARKED_POINTS:
            plt.scatter(px, py, marker="◆", color=PITCH_COLOUR, yside="right")
        plt.ylim(0, math.ceil(max([*py, 3.0]) * 1.15), yside="right")
        legend.append("  ")
        legend.append("━━◆", style=PITCH_COLOUR)
        legend.append(" pitch range (semitones, right)")

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
            self.app.push_screen(ReplayScreen(attempt, self.player_factory, self.find_question))

    def action_compare(self) -> None:
        attempt = self._selected()
        if attempt is None:
            return
        if self.compare_id is None or self.compare_id == attempt.id:
            self.compare_id = None if self.compare_id == attempt.id else attempt.id
            self._fill_table()
            self._show_status()
            return
        try:
            first = self.store.get(self.compare_id)
        except Exception:  # deleted meanwhile by another instance
            self.compare_id = attempt.id
            self._fill_table()
            self._show_status()
            return
        self.compare_id = None
        self._fill_table()
        self._show_status()
        older, newer = sorted((first, attempt), key=lambda a: (a.created_at, a.id))
        self.app.push_screen(
            CompareScreen(
                older, newer, self.title_of(older.question_id), self.title_of(newer.question_id)
            )
        )

    def action_delete(self) -> None:
        """Ask, then delete the highlighted attempt and its recording (undone with `u`)."""
        attempt = self._selected()
        if attempt is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(attempt)

        self.app.push_screen(
            ConfirmScreen(
                f"Delete attempt {attempt.id} ({self.title_of(attempt.question_id)}, "
                f"{_when(attempt)})?",
                "Its recording goes too. u brings it back until you leave the history.",
                yes="delete",
                no="keep it",
            ),
            answered,
        )

    def _delete(self, attempt: Attempt) -> None:
        """The row and the recording go in a worker (disk and database work: a slow disk froze
        every key when it ran here); the list is read again once it is done."""
        if self._busy_editing():
            return
        self._editing = f"Deleting attempt {attempt.id}…"
        self.query_one("#history-status", Static).update(self._editing)
        self.run_worker(
            lambda: self._edit_in_thread(lambda: self._deleted_text(attempt), attempt.id),
            thread=True,
            group="history-edit",
            exit_on_error=False,
        )

    def _deleted_text(self, attempt: Attempt) -> str:
        try:
            self.deletions.delete(attempt)
        except Exception as exc:  # deleted meanwhile, or a read-only disk: say so, keep going
            raise HistoryEditFailed(f"Could not delete attempt {attempt.id}: {exc}") from exc
        return f"Attempt {attempt.id} deleted; u brings it back."

    def action_undo(self) -> None:
        """The last attempt deleted here, back with its recording (under a new number)."""
        if self._busy_editing():
            return
        if not self.deletions.can_undo:
            self.notify("Nothing to undo.", timeout=3)
            return
        self._editing = "Bringing the attempt back…"
        self.query_one("#history-status", Static).update(self._editing)
        self.run_worker(
            lambda: self._edit_in_thread(self._undone_text),
            thread=True,
            group="history-edit",
            exit_on_error=False,
        )

    def _undone_text(self) -> str:
        try:
            done = self.deletions.undo()
        except Exception as exc:
            raise HistoryEditFailed(f"Could not bring the attempt back: {exc}") from exc
        if done is None:
            return "Nothing to undo."
        old, restored = done
        return f"Attempt {old.id} is back (now attempt {restored.id})."

    def _busy_editing(self) -> bool:
        if self._editing:
            self.notify(f"{self._editing} (a moment)", timeout=2)
        return bool(self._editing)

    def _edit_in_thread(self, edit: Callable[[], str], deleting: int | None = None) -> None:
        """Worker thread: the delete or undo, then what to say, posted back to the screen."""
        try:
            said = edit()
        except HistoryEditFailed as exc:
            self.post_message(self.Edited(str(exc), error=True))
            return
        self.post_message(self.Edited(said, error=False, deleted=deleting))

    class Edited(Message):
        """A delete or undo ended (in a worker): what to say, and whether it failed."""

        def __init__(self, said: str, error: bool, deleted: int | None = None) -> None:
            super().__init__()
            self.said = said
            self.error = error
            self.deleted = deleted  # the attempt deleted, if one was

    def on_history_screen_edited(self, message: Edited) -> None:
        self._editing = ""
        if message.deleted is not None and message.deleted == self.compare_id:
            self.compare_id = None
        self.reload()
        if message.error:
            self.notify(message.said, severity="error")
        else:
            self.notify(message.said, timeout=6)

    def on_unmount(self) -> None:
        """Leaving the history makes the deletes final: the recordings kept for undo go (in a
        thread: removing files is disk work too)."""
        threading.Thread(
            target=self.deletions.close, name="voicecoach-history-deletes", daemon=True
        ).start()

    def action_interview_reports(self) -> None:
        """The mock interview reports, kept beside the attempts (``interviews/``)."""
        from voicecoach.practice.interview import interviews_dir
        from voicecoach.ui.interview_reports import InterviewReportsScreen

        self.app.push_screen(InterviewReportsScreen(interviews_dir(self.store.root)))

    def action_back(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class _Row:
    """One line of the comparison: the label the results screen uses, and how to read it."""

    label: str
    metric: str  # the verdict it is judged by ("" for none)
    unit: str
    decimals: int
    more: str  # the word for a higher value ("longer", "faster", "more")
    less: str


COMPARE_ROWS = (
    _Row("Speaking time", "duration_s", " s", 1, "longer", "shorter"),
    _Row("Pace", "wpm", " wpm", 0, "faster", "slower"),
    _Row("Fillers", "filler_rate_per_min", "/min", 1, "more", "fewer"),
    _Row("Long pauses", "long_pauses_per_min", "/min", 1, "more", "fewer"),
    _Row("Words", "", "", 0, "more", "fewer"),
)
IN_TARGET = {"ok": "in the target", "under": "under the target", "over": "over the target"}


def _figures(a: Attempt, narrow: bool = False) -> tuple[str, str, str, str]:
    """A row's figures: spoke, wpm, fillers/min, long pauses. No speech read "0 wpm 0.0",
    like a flawless answer: it says what it was instead (in fewer cells when narrow)."""
    unrated = NARROW_UNRATED.get(a.unrated or "", a.unrated) if narrow else a.unrated
    return (
        "-" if a.unrated == NO_SPEECH else a.analysis.spoke_text,
        unrated or f"{a.wpm:.0f}",
        "-" if a.unrated else f"{a.filler_rate_per_min:.1f}",
        str(a.long_pauses),
    )


def _verdict(attempt: Attempt, metric: str) -> Verdict | None:
    """The attempt's verdict on ``metric`` (older reports named the duration "duration")."""
    names = {metric, "duration"} if metric == "duration_s" else {metric}
    return next((v for v in attempt.analysis.verdicts if v.metric in names), None)


def _value(attempt: Attempt, row: _Row) -> float | None:
    """The figure a row compares; None where it means nothing (pace of silence)."""
    if row.metric and row.metric != "duration_s" and attempt.analysis.no_speech:
        return None
    verdict = _verdict(attempt, row.metric) if row.metric else None
    if verdict is not None:
        return float(verdict.value)
    minutes = attempt.analysis.speech_span_s / 60.0
    return {
        "Speaking time": attempt.analysis.speech_span_s,
        "Pace": attempt.wpm,
        "Fillers": attempt.filler_rate_per_min,
        "Long pauses": attempt.long_pauses / minutes if minutes > 0 else None,
        "Words": float(attempt.analysis.word_count),
    }.get(row.label)


def _fmt(value: float | None, row: _Row) -> str:
    return "-" if value is None else f"{value:.{row.decimals}f}"


def compare_table(older: Attempt, newer: Attempt) -> Table:
    """What changed from the older attempt to the newer, a line per metric, under the labels
    the results screen uses ("Fillers 14.2 → 2.6/min · fewer, in the target"): the compare
    screen listed internal field names (filler_rate_per_min) and left the reader to diff."""
    table = Table(box=None, show_edge=False, pad_edge=False, expand=False)
    table.add_column("", style="bold", no_wrap=True)
    table.add_column("Target", style="grey70", no_wrap=True)
    table.add_column(f"Attempt {older.id}", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column(f"Attempt {newer.id}", no_wrap=True)
    table.add_column("What changed")
    for row in COMPARE_ROWS:
        before, after = _value(older, row), _value(newer, row)
        verdict = _verdict(newer, row.metric) if row.metric else None
        old_v = _verdict(older, row.metric) if row.metric else None
        shown_before, shown_after = _fmt(before, row), _fmt(after, row)
        if before is None or after is None:
            change = ""
        elif shown_before == shown_after:
            change = "same"
        else:
            change = row.more if after > before else row.less
        note = Text(change, style="grey70")
        if verdict is not None and after is not None:
            moved = old_v is not None and before is not None and old_v.status != verdict.status
            where = ("now " if moved else "") + IN_TARGET.get(verdict.status, verdict.status)
            mark = STATUS_MARK.get(verdict.status, "").split(" ")[0]
            note.append(", " if change else "")
            note.append(f"{mark} {where}", style=STATUS_STYLE.get(verdict.status, ""))
        if after is None and newer.unrated:
            note = Text(newer.unrated, style="italic grey70")
        target = (verdict or old_v).target if (verdict or old_v) else ""
        table.add_row(
            row.label,
            target,
            _fmt(before, row),
            "→",
            _fmt(after, row) + (row.unit if after is not None else ""),
            note,
        )
    return table


def followup_mark(attempt: Attempt) -> str:
    """ "↳ #12 " before a follow-up question's answer: the attempt it followed (issue 23), by
    its number in the table's "#" column."""
    parent = getattr(attempt, "parent_id", None)
    return f"↳ #{parent} " if parent is not None else ""


def _heading(attempt: Attempt, title: str | None = None) -> Text:
    text = Text(f"Attempt {attempt.id}", style="bold")
    text.append(f" · {_when(attempt)} · {title or attempt.question_id or '-'}")
    if attempt.unrated:
        text.append(f" · {attempt.unrated}", style="italic")
    return text


class CompareScreen(Screen[None]):
    """Two attempts: what changed, metric by metric, then both transcripts (fillers marked).

    ``CompareScreen(left, right)`` with two ``Attempt``s; the history puts the older on the left.
    """

    BINDINGS = [Binding("escape", "back", "Back")]

    DEFAULT_CSS = """
    CompareScreen #compare-changes { padding: 0 1; margin-bottom: 1; height: auto; }
    CompareScreen .compare-pane { width: 1fr; padding: 0 1; border: round $primary; }
    CompareScreen .compare-transcript { margin-top: 1; }
    """

    def __init__(
        self, left: Attempt, right: Attempt, left_title: str = "", right_title: str = ""
    ) -> None:
        super().__init__()
        self.left = left
        self.right = right
        self.titles = (left_title, right_title)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(compare_table(self.left, self.right), id="compare-changes")
        with Horizontal():
            for side, attempt, title in (
                ("a", self.left, self.titles[0]),
                ("b", self.right, self.titles[1]),
            ):
                with Vertical(classes="compare-pane"):
                    yield Static(_heading(attempt, title), id=f"title-{side}")
                    with VerticalScroll():
                        yield Static(
                            transcript_text(attempt.analysis, FOLLOW_STYLE)
                            if attempt.analysis.words
                            else Text("(no speech heard)", style="italic grey70"),
                            id=f"transcript-{side}",
                            classes="compare-transcript",
                        )
        yield KeyFooter()

    def action_back(self) -> None:
        self.dismiss(None)
