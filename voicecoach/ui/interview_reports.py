"""Past mock interview reports: listed newest first, each path shown whole, and opened in the
app (Markdown). Reached with `v` on the question list or `i` in the history.

The listing and the reading are ``voicecoach.practice.past_interviews``, run in thread workers;
these screens only show what they return.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Markdown, Static

from voicecoach.practice.past_interviews import PastReport, past_reports, read_report
from voicecoach.ui.footer import KeyFooter
from voicecoach.ui.header import TitleBar

NONE_YET = "No mock interview report yet: press i on the question list for a mock interview."


class InterviewReportsScreen(Screen[None]):
    """The reports in ``directory``; enter opens the highlighted one."""

    BINDINGS = [
        Binding("enter", "open", "Open", show=False),
        Binding("escape", "back", "Back"),
    ]
    DEFAULT_CSS = """
    InterviewReportsScreen #reports-title { padding: 0 1; text-style: bold; }
    InterviewReportsScreen #reports-table { height: 1fr; margin: 0 1; }
    InterviewReportsScreen #reports-path { height: auto; padding: 0 1; }
    """

    def __init__(self, directory: Path) -> None:
        super().__init__()
        self.directory = directory
        self.reports: list[PastReport] = []
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(Text(f"Mock interview reports in {self.directory}"), id="reports-title")
        table: DataTable[str] = DataTable(id="reports-table", cursor_type="row")
        yield table
        yield Static("", id="reports-path")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#reports-table", DataTable)
        table.add_columns("written", "answered", "file")
        table.focus()
        self.run_worker(self._list, thread=True, group="interview-reports", exit_on_error=False)

    def _list(self) -> None:
        found = past_reports(self.directory)
        self.app.call_from_thread(self._show, found)

    def _show(self, reports: list[PastReport]) -> None:
        if not self.is_attached:  # left while listing
            return
        self.reports, self.loaded = reports, True
        table = self.query_one("#reports-table", DataTable)
        table.clear()
        for report in reports:
            table.add_row(report.when, report.answered_text, report.path.name, key=str(report.path))
        if not reports:
            self.query_one("#reports-path", Static).update(NONE_YET)
        else:
            self._show_path(0)

    def _selected(self) -> PastReport | None:
        table = self.query_one("#reports-table", DataTable)
        if not self.reports or table.row_count == 0:
            return None
        return self.reports[min(table.cursor_row, len(self.reports) - 1)]

    def _show_path(self, row: int) -> None:
        """The highlighted report's files, their paths whole (wrapped, never cut)."""
        if 0 <= row < len(self.reports):
            report = self.reports[row]
            line = Text(f"Report: {report.paths_line} · enter opens it")
            self.query_one("#reports-path", Static).update(line)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_path(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        report = self._selected()
        if report is not None:
            self.app.push_screen(ReportViewScreen(report))

    def action_back(self) -> None:
        self.dismiss(None)


class ReportViewScreen(Screen[None]):
    """One report as the Markdown it was written in, its path whole at the top."""

    BINDINGS = [Binding("escape", "back", "Back")]
    DEFAULT_CSS = """
    ReportViewScreen #report-path { height: auto; padding: 0 1; color: $text-muted; }
    ReportViewScreen #report-scroll { height: 1fr; }
    """

    def __init__(self, report: PastReport) -> None:
        super().__init__()
        self.report = report
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(Text(self.report.paths_line), id="report-path")
        with VerticalScroll(id="report-scroll"):
            yield Markdown("", id="report")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#report-scroll", VerticalScroll).focus()
        self.run_worker(self._read, thread=True, group="interview-report-read", exit_on_error=False)

    def _read(self) -> None:
        try:
            text = read_report(self.report.path)
        except OSError as exc:
            text = f"Cannot read {self.report.path}: {exc.strerror or exc}"
        self.app.call_from_thread(self._show, text)

    def _show(self, text: str) -> None:
        if not self.is_attached:  # left while reading
            return
        self.query_one("#report", Markdown).update(text)
        self.loaded = True

    def action_back(self) -> None:
        self.dismiss(None)
