"""The first screen: the question bank, each question's target and last result."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from voicecoach.questions import Question
from voicecoach.questions.origin import origin_mark
from voicecoach.ui.footer import KeyFooter
from voicecoach.ui.header import TitleBar
from voicecoach.ui.messages import (
    InterviewReportWritten,
    LastResults,
    LastResultsStale,
    QuestionsChanged,
    RecoveredOffer,
)
from voicecoach.ui.widgets import ModelStatus

MIN_TITLE = 20  # narrower than this the table scrolls sideways rather than cut titles further
MIN_ROWS = 4  # questions kept in view however short the terminal (all of them when fewer)
# Rows that are not the list's: title bar, the table's header, model status, footer.
FIXED_ROWS = 4
LIST_HINT = "Choose a question to practise (↑/↓, enter)."


def summarise_attempt(attempt: Any) -> str:
    """One short line for the list: duration, pace, fillers, and whether every target was met."""
    analysis = getattr(attempt, "analysis", None)
    if analysis is None and isinstance(getattr(attempt, "report", None), dict):
        from voicecoach.datatypes import Analysis

        analysis = Analysis.from_dict(attempt.report)
    if analysis is None:
        duration = getattr(attempt, "duration_s", None)
        return f"{duration:.0f} s" if isinstance(duration, (int, float)) else "answered"
    from voicecoach.datatypes import plural, seconds_text

    verdicts = getattr(analysis, "verdicts", [])
    mark = ("✓ " if all(v.ok for v in verdicts) else "✗ ") if verdicts else ""
    # The time judged (speaking time), rounded as the results screen rounds it; no pace for
    # an answer too short to have one.
    spoke = analysis.duration_verdict
    parts = [
        seconds_text(spoke.value, spoke.status, spoke.target)
        if spoke
        else seconds_text(analysis.duration_s)
    ]
    if not verdicts or any(v.metric == "wpm" for v in verdicts):
        parts.append(f"{analysis.wpm:.0f} wpm")
    parts.append(plural(len(analysis.fillers), "filler"))
    return mark + " · ".join(parts)


def fit_title(title: str, width: int) -> str:
    """The title cut to ``width`` cells at a word, with an ellipsis: at 80 columns the longest
    title pushed the last result off the screen, and the result matters more than its tail."""
    if len(title) <= width:
        return title
    if width < 2:
        return title[: max(0, width)]
    cut = title[: width - 1]
    at_word = cut.rstrip(" ,:;").rsplit(" ", 1)[0].rstrip(" ,:;")
    # A word boundary unless it throws away more than a third of the room.
    if " " in cut and len(at_word) >= (width - 1) * 2 // 3:
        cut = at_word
    return cut.rstrip() + "…"


def fit_summary(summary: str, width: int) -> str:
    """The last result cut to ``width`` cells after a whole part, with an ellipsis: at 60
    columns the table scrolls sideways and the column ended mid-word ("2 fille"), nothing
    saying it was cut."""
    if cell_len(summary) <= width:
        return summary
    parts = summary.split(" · ")
    while len(parts) > 1:
        parts.pop()
        shown = " · ".join(parts) + "…"
        if cell_len(shown) <= width:
            return shown
    return fit_title(summary, width)


def question_marks(question: Question) -> str:
    """What the title is followed by: "STAR" for a story (its answer is checked for situation,
    task, action and result), then where the question comes from when not the built-in bank
    ("· yours", "· from job-resume": a drafted "Tell me about yourself" looked like the
    built-in one). No mark for follow-ups: every built-in question has them, so it told the
    questions apart no better than nothing and cost a column at 80."""
    origin = origin_mark(question)
    return (" STAR" if question.behavioural else "") + (f" · {origin}" if origin else "")


def title_cell(question: Question, width: int | None = None) -> Text:
    """The title, cut to ``width`` cells with its marks (dim) kept whole after it; no marks
    where they would leave the title under ``MIN_TITLE`` cells (a 40-column terminal): the
    title says more."""
    marks = question_marks(question)
    if width is not None and width - len(marks) < min(MIN_TITLE, len(question.title)):
        marks = ""
    title = question.title if width is None else fit_title(question.title, width - len(marks))
    return Text.assemble(title, (marks, "dim"), no_wrap=True, end="")


def cell(text: str) -> Text:
    """A plain-text cell, as DataTable would make it from ``text`` but without reading it as
    Rich markup: that parse imported Rich's emoji table at start-up (about 0.015 G instructions
    to the first paint with the markup parses, issue 6), and our cells hold no markup."""
    return Text(text, no_wrap=True, end="")


def latest(attempts: list[Any]) -> Any:
    """The most recent attempt, whatever the store's ordering."""
    for attr in ("created_at", "created", "timestamp", "when", "started_at"):
        stamped = [a for a in attempts if getattr(a, attr, None) is not None]
        if stamped and len(stamped) == len(attempts):
            return max(attempts, key=lambda a: getattr(a, attr))
    return attempts[-1]


FIRST_SCREEN = "This is the first screen: q quits (escape goes back from the others)"


class QuestionTable(DataTable[str]):
    """The question table, with its keys shown in the footer (a plain DataTable hides them)."""

    BINDINGS = [
        Binding("up", "cursor_up", "Choose", key_display="↑↓"),
        Binding("down", "cursor_down", "Choose", show=False),
        Binding("enter", "select_cursor", "Practise", key_display="enter"),
        # DataTable's own home/end scroll sideways: here they choose the first/last question.
        Binding("home", "first_row", "First", show=False),
        Binding("end", "last_row", "Last", show=False),
    ]

    def action_first_row(self) -> None:
        self.move_cursor(row=0)

    def action_last_row(self) -> None:
        self.move_cursor(row=max(0, self.row_count - 1))

    def on_resize(self) -> None:
        """A new width may leave more or less room for the titles."""
        screen = self.screen
        if isinstance(screen, QuestionListScreen):
            screen.fit_titles()


class QuestionListScreen(Screen[None]):
    """Pick a question with the arrows and enter.

    In a terminal too short for the notices in full (``-short``: 40x12 with one notice and a
    kept answer offered), the hint goes, the offer is one line and the notices get the rows
    left over once ``MIN_ROWS`` questions show: the notice's box pushed every question below
    the fold and the list looked empty.

    What it asks of the App (which opens the next screen) is one of the messages below,
    posted to the App; the App answers with ``LastResults``, ``LastResultsStale`` and
    ``RecoveredOffer``.
    """

    class Shown(Message):
        """The list is on screen again (the first time too): a mock interview left before
        its last answer ends here."""

    class LastResultsWanted(Message):
        """Read each question's last result from the history (answered with ``LastResults``)."""

        def __init__(self, screen: QuestionListScreen, question_ids: list[str]) -> None:
            super().__init__()
            self.screen = screen
            self.question_ids = question_ids

    class QuestionChosen(Message):
        """Enter on a question: practise it."""

        def __init__(self, screen: QuestionListScreen, question: Question) -> None:
            super().__init__()
            self.screen = screen
            self.question = question

    class InterviewRequested(Message):
        """`i`: a mock interview of these questions, in order."""

        def __init__(self, screen: QuestionListScreen, questions: list[Question]) -> None:
            super().__init__()
            self.screen = screen
            self.questions = questions

    class AddRequested(Message):
        """`n`: a question of the user's own, through the form."""

        def __init__(self, screen: QuestionListScreen) -> None:
            super().__init__()
            self.screen = screen

    class MicCheckRequested(Message):
        """`m`: check the microphone (a level meter and "say a few words")."""

        def __init__(self, screen: QuestionListScreen) -> None:
            super().__init__()
            self.screen = screen

    class EditRequested(Message):
        """`e` on a question: change it (only the user's own can be)."""

        def __init__(self, screen: QuestionListScreen, question: Question) -> None:
            super().__init__()
            self.screen = screen
            self.question = question

    class RemoveRequested(Message):
        """`d` on a question: remove it, once confirmed (only the user's own can be)."""

        def __init__(self, screen: QuestionListScreen, question: Question) -> None:
            super().__init__()
            self.screen = screen
            self.question = question

    class DraftFromTextRequested(Message):
        """`j`: questions drafted from the user's own text (a job description, a résumé)."""

        def __init__(self, screen: QuestionListScreen) -> None:
            super().__init__()
            self.screen = screen

    class InterviewReportsRequested(Message):
        """`v`: the past mock interview reports."""

        def __init__(self, screen: QuestionListScreen) -> None:
            super().__init__()
            self.screen = screen

    class AnalyseRecoveredRequested(Message):
        """`a`: analyse the oldest answer kept without feedback (failures come back to
        ``screen.worker_failed``)."""

        def __init__(self, screen: QuestionListScreen) -> None:
            super().__init__()
            self.screen = screen

    BINDINGS = [
        Binding("q", "app.quit", "Quit"),
        # Escape goes back everywhere else: here, one press too many while backing out of a
        # replay closed the app at once. It stays and says how to quit.
        Binding("escape", "stay", "Stay", show=False),
        Binding("i", "interview", "Interview"),
        Binding("a", "analyse_recovered", "Analyse recovered", show=False),
        Binding("n", "add_question", "New"),
        Binding("e", "edit_question", "Edit", show=False),
        Binding("d", "remove_question", "Remove", show=False),
        Binding("j", "draft_from_text", "From text", show=False),
        # In the help (?), not the key bar: the bar is full at 100 columns.
        Binding("m", "mic_check", "Mic check", show=False),
        Binding("v", "interview_reports", "Reports", show=False),
    ]

    # Where room is short, "↑↓ Choose" goes first: the line above the list already says
    # "(↑/↓, enter)", while `i`, the mock interview, is said nowhere else on screen (at 80
    # columns it used to be the key left out).
    KEYS_FITTED_LAST = ("up",)
    # `n` (a question of your own) only where every key fits unshortened (105 columns): it
    # would squeeze the bar at 100; it is in the help with `e` and `d`, and in the README.
    KEYS_IF_ROOM = ("n",)
    # Escape stays here, so q is the way out: at 40 columns the bar lost "q Quit" (the
    # palette's key gives way to it and to enter, which practises).
    KEYS_ESSENTIAL = ("enter", "q")

    def __init__(self, questions: list[Question], notices: list[str]) -> None:
        super().__init__()
        self.questions = questions
        self.notices = notices
        self.recovered_line = ""  # set by the app when a killed session left recordings
        self.recovered_short = ""  # the same in one short line, for a short terminal
        self.report_line = ""  # the last mock interview's report, its path whole
        self.last_results: dict[str, str] = {}  # question id -> summary shown

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(LIST_HINT, id="list-hint")
        if self.notices:
            yield Static("\n".join(f"⚠ {n}" for n in self.notices), id="notices")
        yield Static("", id="recovered")
        report = Static("", id="interview-report")
        report.display = False
        yield report
        yield QuestionTable(id="questions", cursor_type="row", zebra_stripes=True)
        yield ModelStatus(id="model-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#questions", DataTable)
        table.add_column(Text("Question"), key="title")
        table.add_column(Text("Target"), key="target")
        table.add_column(Text("Last result"), key="last")
        for q in self.questions:
            table.add_row(title_cell(q), cell(q.target_label), cell("—"), key=q.id)
        table.focus()
        self.fit_notices()

    def on_resize(self) -> None:
        self.fit_notices()

    def on_screen_resume(self) -> None:
        """Each time the list is shown, the first time included (Textual resumes the base screen
        after mounting it): the last results are read once per showing. Reading them in
        ``on_mount`` too read the store twice at every start: with 300 past attempts the second
        read was about 0.16 G instructions of start-up; with none it costs little.
        Back here, a mock interview left before its end is over (the app says so)."""
        self.app.post_message(self.Shown())
        self.refresh_last_results()

    def refresh_last_results(self) -> None:
        self.app.post_message(self.LastResultsWanted(self, [q.id for q in self.questions]))

    def on_last_results_stale(self, message: LastResultsStale) -> None:
        self.refresh_last_results()

    def on_recovered_offer(self, message: RecoveredOffer) -> None:
        self.show_recovered(message.line, message.short)

    def on_interview_report_written(self, message: InterviewReportWritten) -> None:
        html = message.path.with_suffix(".html").name
        self.report_line = f"Interview report: {message.path} (and {html})"
        self.fit_notices()

    def on_questions_changed(self, message: QuestionsChanged) -> None:
        """The user's own questions changed (added, edited, removed): the list shows the bank
        again, the cursor on the question just saved (or where the removed one was)."""
        table = self.query_one("#questions", DataTable)
        row = table.cursor_row
        self.questions = message.questions
        table.clear()
        for q in self.questions:
            table.add_row(title_cell(q), cell(q.target_label), cell("—"), key=q.id)
        ids = [q.id for q in self.questions]
        if message.selected in ids:
            row = ids.index(message.selected)
        table.move_cursor(row=min(row, max(0, len(ids) - 1)))
        self.last_results = {}
        self.refresh_last_results()
        self.fit_titles()
        self.fit_notices()

    def on_last_results(self, message: LastResults) -> None:
        table = self.query_one("#questions", DataTable)
        for qid, summary in message.summaries.items():
            if qid in table.rows:
                self.last_results[qid] = summary
                table.update_cell(qid, "last", cell(summary), update_width=True)
        self.fit_titles()
        self.fit_notices()  # a wider last column may leave the titles less room
        # Once more after the table has laid out the wider column: fitted before that, at
        # 80x24 the titles kept their room and the last result was cut ("✗ 72 s · 17").
        self.call_after_refresh(self.fit_titles)

    def fit_titles(self) -> None:
        """Let the titles give way (cut with …) so the target and last result stay whole."""
        table = self.query_one("#questions", DataTable)
        width = table.scrollable_content_region.width
        if width <= 0 or not self.questions:
            return
        columns = self._columns_width(table)
        room = max(MIN_TITLE, width - columns)
        titles = len("Question")
        for q in self.questions:
            shown = title_cell(q, room)
            titles = max(titles, shown.cell_len)
            if q.id in table.rows and str(table.get_cell(q.id, "title")) != shown.plain:
                table.update_cell(q.id, "title", shown, update_width=True)
        # Titles at their narrowest and still no room: the last results give way too.
        last_room = width - (titles - self._last_width() + columns)
        for qid, summary in self.last_results.items():
            result = fit_summary(summary, max(len("Last result"), last_room))
            if qid in table.rows and str(table.get_cell(qid, "last")) != result:
                table.update_cell(qid, "last", cell(result), update_width=True)

    def _columns_width(self, table: DataTable[Any]) -> int:
        """Cells the target and last-result columns take, with every column's padding."""
        padding = 2 * table.cell_padding
        target = max([len("Target"), *(len(q.target_label) for q in self.questions)])
        return (target + padding) + (self._last_width() + padding) + padding

    def _last_width(self) -> int:
        """Cells the last results take whole."""
        return max([len("Last result"), *(cell_len(s) for s in self.last_results.values())])

    def show_recovered(self, line: str, short: str = "") -> None:
        """The app found (or finished) recordings a killed session left: say so, or hide.
        ``short``: the same in a few words, for a terminal with no room for ``line``."""
        self.recovered_line = line
        self.recovered_short = short
        if self.is_mounted:  # else on_mount shows it
            self.fit_notices()

    def _wrapped(self, text: str, width: int) -> list[str]:
        """``text`` as the terminal wraps it at ``width`` cells."""
        lines = Text(text).wrap(self.app.console, max(1, width))
        return [line.plain.rstrip() for line in lines]

    def fit_notices(self) -> None:
        """Show the notices and the kept-answer offer in full when the list still has room
        for ``MIN_ROWS`` questions; else shortened (``-short``), so the list never vanishes."""
        width, height = self.size
        line = self.recovered_line
        notice_text = "\n".join(f"⚠ {n}" for n in self.notices)
        # The table's margins and vertical scrollbar take 4 columns; narrower than its titles
        # at MIN_TITLE, it scrolls sideways: a row for the scrollbar.
        table = self.query_one("#questions", QuestionTable)
        sideways = width - 4 < MIN_TITLE + self._columns_width(table)
        needed = FIXED_ROWS + min(MIN_ROWS, len(self.questions)) + (1 if sideways else 0)
        # In full: the hint, the notices in a box (border, padding, margins: 6 columns and 3
        # rows) and the offer, each wrapped.
        full = needed + len(self._wrapped(LIST_HINT, width - 2))
        if self.notices:
            full += len(self._wrapped(notice_text, width - 6)) + 3
        if line:
            full += len(self._wrapped(f"↺ {line}", width))
        if self.report_line:  # always whole: a path cut short is no use
            report = self.query_one("#interview-report", Static)
            report.update(Text(self.report_line))
            report.display = True
            rows = len(self._wrapped(self.report_line, width))
            full += rows
            needed += rows
        short = width > 0 and full > height
        self.set_class(short, "-short")
        # Text, not markup: a bracket in a path or a config error is shown as it is.
        recovered = self.query_one("#recovered", Static)
        shown = (self.recovered_short or line) if short else line
        recovered.update(Text(f"↺ {shown}" if line else ""))
        recovered.display = bool(line)
        if not self.notices:
            return
        lines = [notice_text]
        if short:
            room = max(1, height - needed - (1 if line else 0))
            lines = self._wrapped(notice_text, width - 2)
            if len(lines) > room:
                lines = [*lines[: room - 1], fit_title(lines[room - 1] + "…", width - 2)]
        self.query_one("#notices", Static).update(Text("\n".join(lines)))

    def action_stay(self) -> None:
        self.notify(FIRST_SCREEN, timeout=4)

    def action_interview_reports(self) -> None:
        self.app.post_message(self.InterviewReportsRequested(self))

    def action_mic_check(self) -> None:
        self.app.post_message(self.MicCheckRequested(self))

    def action_analyse_recovered(self) -> None:
        self.app.post_message(self.AnalyseRecoveredRequested(self))

    def worker_failed(self, group: str, message: str) -> None:
        if group == "questions":
            self.notify(message, severity="error", timeout=10)
            return
        if group == "recover":
            text = f"Could not analyse the kept answer (its recording stays): {message}"
            self.notify(text, severity="error", timeout=10)
            return
        self.notify(f"Could not read past results: {message}", severity="warning")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open_question(str(event.row_key.value))

    def action_interview(self) -> None:
        """A mock interview: every question in order; `n` on each result goes on."""
        if self.questions:
            self.app.post_message(self.InterviewRequested(self, list(self.questions)))

    def highlighted(self) -> Question | None:
        table = self.query_one("#questions", DataTable)
        if not self.questions or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((q for q in self.questions if q.id == key), None)

    def action_add_question(self) -> None:
        self.app.post_message(self.AddRequested(self))

    def action_draft_from_text(self) -> None:
        self.app.post_message(self.DraftFromTextRequested(self))

    def action_edit_question(self) -> None:
        question = self.highlighted()
        if question is not None:
            self.app.post_message(self.EditRequested(self, question))

    def action_remove_question(self) -> None:
        question = self.highlighted()
        if question is not None:
            self.app.post_message(self.RemoveRequested(self, question))

    def open_question(self, question_id: str) -> None:
        question = next((q for q in self.questions if q.id == question_id), None)
        if question is not None:
            self.app.post_message(self.QuestionChosen(self, question))
