"""The results screen: metrics against targets, the marked-up transcript, the tips that matter.

It gets its answer (and the check of a live report, if one runs) through the constructor and
asks the App, by the messages nested on ``ResultsScreen``, for what lives outside it: the
personal targets found from the history, the mock interview's record of the answer, retry,
next question, replay. The App answers with ``CheckUpdated`` and ``PersonalTargetsFound``.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from voicecoach.datatypes import (
    Analysis,
    ContentReport,
    PersonalTarget,
    StarReport,
    verdict_value_text,
)
from voicecoach.questions import Question
from voicecoach.rendering.star import OUTLINE_HEADING, star_heading, star_rows
from voicecoach.rendering.text import POSSIBLE_MARK, TRAILING_MARK, filler_marks, transcript_text
from voicecoach.ui.confirm import ask_to_end_interview
from voicecoach.ui.footer import KeyFooter
from voicecoach.ui.header import TitleBar
from voicecoach.ui.messages import CheckUpdated, DeliveryUpdated, PersonalTargetsFound
from voicecoach.ui.widgets import (
    FILLER_STYLE,
    PAUSE_STYLE,
    TRANSCRIPT_STYLE,
    ModelStatus,
    TranscriptView,
    VerdictView,
)

if TYPE_CHECKING:
    from voicecoach.analysis.followups import FiredFollowup
    from voicecoach.datatypes import Delivery
    from voicecoach.practice.checking import AnswerCheck
    from voicecoach.practice.session import DeliveryFollow
    from voicecoach.store import Attempt

MAX_TIPS = 3


def tips_for(analysis: Analysis, question: Question) -> list[str]:
    """The analysis's tips (already ranked for this answer), else the question's own that
    agree with the verdicts shown (none on a target that was met)."""
    from voicecoach.analysis.content import agrees

    tips = list(analysis.tips) or [t for t in question.tips if agrees(t, analysis.verdicts)]
    return tips[:MAX_TIPS]


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def summary_line(analysis: Analysis, question: Question) -> str:
    """The answer in one line: speaking time against target (and the recording around it when
    it holds a long silence), words, pace, fillers, long pauses, each figure rounded as the
    verdict table rounds it, so none looks inside a target its verdict says it missed."""
    by_metric = {v.metric: v for v in analysis.verdicts}
    spoke = analysis.speaking_text(question.target_label)
    parts = [
        spoke[:1].upper() + spoke[1:],
        plural(analysis.word_count, "word"),
    ]
    pace = by_metric.get("wpm")
    if pace:  # an answer of a few words has no pace
        parts.append(verdict_value_text(replace(pace, value=analysis.wpm)))
    fillers = plural(len(analysis.fillers), "filler")
    rate = by_metric.get("filler_rate_per_min")
    if rate:  # under 30 s fillers are counted, not rated
        rate = replace(rate, value=analysis.filler_rate_per_min)
        fillers += f" ({verdict_value_text(rate, '/min')})"
    if analysis.possible_fillers:  # shown as "uh?" in the transcript, not counted (issue 19)
        fillers += f", {len(analysis.possible_fillers)} possible"
    parts.append(fillers)
    parts.append(plural(len(analysis.long_pauses), "long pause"))
    return " · ".join(parts)


def legend(trailing: bool = False) -> Text:
    """The transcript's marks, drawn as the transcript draws them (characters and colours);
    with ``trailing``, the mark after a sentence that trailed off too."""
    hesitation, discourse = filler_marks("hesitation"), filler_marks("discourse")
    text = Text("Key: ", style="grey70")
    text.append(f"{hesitation[0]}um{hesitation[1]}", style=FILLER_STYLE["hesitation"])
    text.append(" hesitation  ", style="grey70")
    text.append(f"{discourse[0]}like{discourse[1]}", style=FILLER_STYLE["discourse"])
    text.append(" filler phrase  ", style="grey70")
    text.append(f"{POSSIBLE_MARK[0]}uh?{POSSIBLE_MARK[1]}", style=TRANSCRIPT_STYLE.possible)
    text.append(" possible, not counted  ", style="grey70")
    text.append("[1.4 s]", style=PAUSE_STYLE)
    text.append(" long pause", style="grey70")
    if trailing:
        text.append("  ")
        text.append(f"it.{TRAILING_MARK}", style=TRANSCRIPT_STYLE.trailing or "")
        text.append(" trailed off", style="grey70")
    return text


def talking_points_text(content: ContentReport) -> Text:
    """Each talking point: ✓ with the words that made it, or ✗ when missed."""
    text = Text()
    for i, p in enumerate(content.talking_points):
        if i:
            text.append("\n")
        if p.covered:
            text.append("✓ ", style="bold green")
            text.append(p.point)
            text.append(f'  "{p.evidence}"', style="grey70")
        else:
            text.append("✗ ", style="bold red")
            text.append(p.point, style="grey70")
    return text


def flags_text(content: ContentReport) -> Text:
    """The answer-shape flags, one per line, with the words behind each."""
    text = Text()
    for i, f in enumerate(content.flags):
        if i:
            text.append("\n")
        text.append("! ", style="bold yellow")
        text.append(f.message)
        if f.evidence and f.kind != "repetition":
            text.append(f'  "{f.evidence}"', style="grey70")
    return text


def star_text(star: StarReport) -> Text:
    """Each STAR part: ✓ with the words that told it, or ✗ with what to add."""
    text = Text()
    for i, (label, found, detail) in enumerate(star_rows(star)):
        if i:
            text.append("\n")
        text.append("✓ " if found else "✗ ", style="bold green" if found else "bold red")
        text.append(label, style="" if found else "grey70")
        text.append(f"  {detail}", style="grey70")
    return text


def outline_text(question: Question) -> str:
    """The question's outline of a strong answer, numbered (shown only after an answer)."""
    return "\n".join(f"{n}. {step}" for n, step in enumerate(question.outline, 1))


def personal_target_text(targets: list[PersonalTarget]) -> str:
    return "\n".join(f"Your next target: {t.line}" for t in targets)


class ResultsScreen(Screen[None]):
    """How the answer went, and what to do next: retry, next question, or back."""

    BINDINGS = [
        Binding("r", "retry", "Retry"),
        # Space records on the practice screen: here it records the same question again.
        Binding("space", "retry", "Retry", show=False),
        Binding("n", "next", "Next question"),
        Binding("f", "followup", "Follow-up"),
        Binding("p", "replay", "Replay"),
        Binding("escape", "back", "Back"),
        Binding("q", "back", "Back", show=False),
    ]
    # Here rather than in voicecoach.tcss: parsed when this screen is first shown (issue 6).
    DEFAULT_CSS = """
    ResultsScreen #results { padding: 1 2; }
    /* One line: a long title of the user's own pushed the figures below the fold. */
    ResultsScreen #results-title { text-style: bold; text-wrap: nowrap; text-overflow: ellipsis; }
    ResultsScreen #summary, ResultsScreen #checked { color: $text-muted; }
    ResultsScreen #no-speech, ResultsScreen #notice { color: $warning; margin-top: 1; }
    ResultsScreen .heading { margin-top: 1; text-style: bold underline; }
    ResultsScreen #legend, ResultsScreen #saved, ResultsScreen #notes { color: $text-muted; }
    ResultsScreen #legend { margin-top: 1; }
    ResultsScreen #followup { color: $accent; margin-top: 1; }
    ResultsScreen #saved { margin-top: 1; }
    ResultsScreen #delivery-status, ResultsScreen #plot-legend { color: $text-muted; }
    /* The room the section takes once it arrives (figures, verdicts, plot, key, less the
       "measuring" line): the report's scroll bar shows from the first paint, not at the
       arrival, when the narrower report rewrapped and redrew every line of it. */
    ResultsScreen #delivery-room { height: 20; }
    """

    class Opened(Message):
        """The results are on screen (``analysis``: the checked report when its check had
        ended): a mock interview keeps the answer, and writes its report after the last."""

        def __init__(self, question: Question, analysis: Analysis) -> None:
            super().__init__()
            self.question = question
            self.analysis = analysis

    class TargetsWanted(Message):
        """Find the personal targets of ``analysis`` from the history (answered with
        ``PersonalTargetsFound`` to ``screen``; nothing when there are none)."""

        def __init__(
            self,
            screen: ResultsScreen,
            question_id: str,
            attempt: Attempt | None,
            analysis: Analysis,
        ) -> None:
            super().__init__()
            self.screen = screen
            self.question_id = question_id
            self.attempt = attempt
            self.analysis = analysis

    class RetryRequested(Message):
        """`r` or space: the same question again, in this screen's place."""

        def __init__(self, screen: ResultsScreen, question: Question) -> None:
            super().__init__()
            self.screen = screen
            self.question = question

    class NextRequested(Message):
        """`n`: the question after this one, in this screen's place."""

        def __init__(self, screen: ResultsScreen, question: Question) -> None:
            super().__init__()
            self.screen = screen
            self.question = question

    class ReplayRequested(Message):
        """`p`: play this answer (its replay screen when it is in the history)."""

        def __init__(self, audio_path: Path, attempt: Attempt | None) -> None:
            super().__init__()
            self.audio_path = audio_path
            self.attempt = attempt

    class FollowupRequested(Message):
        """`f`: answer the follow-up offered, in this screen's place (in a mock interview too,
        before `n`); its answer is linked to ``attempt``, the one it follows up on."""

        def __init__(
            self, screen: ResultsScreen, followup: Question, attempt: Attempt | None
        ) -> None:
            super().__init__()
            self.screen = screen
            self.followup = followup
            self.attempt = attempt

    class Closed(Message):
        """Escape: the screen is leaving; its playback stops."""

    def __init__(
        self,
        question: Question,
        analysis: Analysis,
        audio_path: Path | None,
        attempt: Attempt | None = None,
        save_error: str = "",
        notice: str = "",
        check: AnswerCheck | None = None,
        interview_position: tuple[int, int] | None = None,
        followup: FiredFollowup | None = None,
        delivery: DeliveryFollow | None = None,
    ) -> None:
        """``check``: the check of a live report under way (it applies when ``analysis`` is
        its live report), else None. ``interview_position``: (n, total) in a mock interview.
        ``followup``: the follow-up question this answer calls for, offered with `f`.
        ``delivery``: the measure of how the last answer sounded, which follows its report
        (it applies when ``analysis`` is its report)."""
        super().__init__()
        self.followup = followup
        self.delivery_follow = delivery if delivery and delivery.analysis is analysis else None
        self.interview_position = interview_position
        self.question = question
        self.analysis = analysis
        self.audio_path = audio_path
        self.attempt = attempt
        self.save_error = save_error
        self.notice = notice
        self.opened_with = analysis  # the live report a check may replace
        self.check_line = ""  # "checking against the whole recording…", then what it changed
        self.live_check = check

    def compose(self) -> ComposeResult:
        a, q = self.analysis, self.question
        yield TitleBar()
        with VerticalScroll(id="results"):
            # "Your answer: <title>": a title ending in "?" read "…logins?: your answer".
            yield Static(f"Your answer: {q.title}", id="results-title")
            yield Static(summary_line(a, q), id="summary")
            checked = Static(self.check_line, id="checked")
            checked.display = bool(self.check_line)
            yield checked
            if self.notice:
                yield Static(self.notice, id="notice")
            if self.followup is not None:  # at the top: the interviewer asks it at once
                yield Static(
                    f"Follow-up: {self.followup.question.prompt}  (f: answer it, n: skip it; "
                    f"asked because you {self.followup.because})",
                    id="followup",
                )
            if a.no_speech:
                yield Static(
                    "No speech was heard in this recording. Check the microphone level "
                    "and press r to try again.",
                    id="no-speech",
                )
            yield Static("Against the targets", classes="heading")
            yield VerdictView(a.verdicts, id="verdicts")
            targets = a.content.personal_targets if a.content else []
            personal = Static(personal_target_text(targets), id="personal-target")
            personal.display = bool(targets)  # shown once three attempts give a trend
            yield personal
            yield Static("Transcript", classes="heading")
            yield TranscriptView(a, id="transcript")
            yield Static(legend(bool(a.delivery and a.delivery.trailing_off)), id="legend")
            yield from self._delivery_section()
            if a.content is not None and a.content.talking_points:
                made = len(a.content.covered)
                yield Static(
                    f"Talking points: {made} of {len(a.content.talking_points)} made",
                    classes="heading",
                )
                yield Static(talking_points_text(a.content), id="talking-points")
            if a.content is not None and a.content.flags:
                yield Static("Answer shape", classes="heading")
                yield Static(flags_text(a.content), id="content-flags")
            if a.star is not None and a.star.parts:
                yield Static(star_heading(a.star), classes="heading")
                yield Static(star_text(a.star), id="star")
            yield Static("What to work on", classes="heading")
            yield Static(
                "\n".join(f"• {tip}" for tip in tips_for(a, q)) or "Nothing to add.", id="tips"
            )
            if a.notes:  # before the outline: after it, a note read like one more step
                yield Static("\n".join(f"note: {n}" for n in a.notes), id="notes")
            if q.outline and not a.no_speech:  # after the attempt, never before it
                yield Static(OUTLINE_HEADING, classes="heading")
                yield Static(outline_text(q), id="outline")
            saved = f"Answer saved: {self.audio_path}" if self.audio_path else ""
            if self.save_error and self.audio_path:  # kept with its marker, not in history
                saved = f"Answer kept in {self.audio_path} ({self.save_error})"
            elif self.save_error:
                saved = self.save_error
            yield Static(saved, id="saved")
        yield ModelStatus(id="model-status")
        yield KeyFooter()

    def _delivery_section(self) -> ComposeResult:
        """How it sounded: the figures against their targets and the plot; "measuring…" while
        it is measured after the report; the reason when it was not. Nothing for a report
        without it (the setting off, no speech, reports saved before it existed)."""
        delivery, follow = self.analysis.delivery, self.delivery_follow
        if delivery is None and (follow is None or (follow.done and not follow.note)):
            return
        from voicecoach.ui.delivery_view import PENDING

        yield Static("How it sounded", classes="heading", id="delivery-heading")
        if delivery is None:
            said = f"note: {follow.note}" if follow and follow.done else PENDING
            yield Static(said, id="delivery-status")
            if not (follow and follow.done):
                yield Static(id="delivery-room")
            return
        yield from self._delivery_widgets(delivery)

    def _delivery_widgets(self, delivery: Delivery) -> ComposeResult:
        """The section's figures, verdicts, plot and key."""
        from voicecoach.ui.delivery_view import DeliveryPlot, delivery_summary, plot_legend

        yield Static(delivery_summary(delivery), id="delivery-summary")
        yield VerdictView(delivery.verdicts, id="delivery-verdicts")
        yield DeliveryPlot(delivery, id="delivery-plot")
        yield Static(plot_legend(delivery), id="plot-legend")

    def on_delivery_updated(self, message: DeliveryUpdated) -> None:
        """The delivery part of this screen's answer arrived (or will not): the section, the
        transcript's marks and the key show it."""
        follow = message.follow
        if follow.analysis is not self.opened_with:
            return  # another answer's
        self.delivery_follow = follow
        if self.analysis.delivery is None:  # the checked report, if shown, takes it too
            self.analysis.delivery = follow.analysis.delivery
        self.call_later(self._fill_delivery)

    async def _fill_delivery(self) -> None:
        """The part in place of "measuring…" and the room kept for it, its marks in the
        transcript and the key; the rest of the report stays as drawn: redrawing all of it on a
        90 s answer kept keys waiting over 100 ms on a busy machine (benchmarks/live.py), and so
        did a report that grew a scroll bar as the part arrived (every line rewrapped and
        redrawn 2 columns narrower), hence the room. Anything else: redrawn whole."""
        if not self.is_attached:
            return
        try:
            report = self.query_one("#results", VerticalScroll)
            pending = self.query_one("#delivery-status", Static)
            transcript = self.query_one("#transcript", Static)
            key = self.query_one("#legend", Static)
        except NoMatches:  # not composed that way (or being redrawn): the whole report again
            await self._rerender()
            return
        delivery = self.analysis.delivery
        if delivery is None:
            follow = self.delivery_follow
            if follow is None or not follow.note:
                await self._rerender()  # nothing to say: the section goes
                return
            pending.update(f"note: {follow.note}")
            await self.query("#delivery-room").remove()
            return
        from voicecoach.ui.delivery_view import DeliveryPlot

        widgets = list(self._delivery_widgets(delivery))
        with contextlib.suppress(NoMatches):  # the plot's picture made before it shows
            room = self.query_one("#delivery-room")
            plot = next(w for w in widgets if isinstance(w, DeliveryPlot))
            await plot.paint_ahead(room.size.width)
        if not self.is_attached:  # left meanwhile
            return
        await report.mount(*widgets, after=pending)
        await self.query("#delivery-room").remove()  # the section takes its room
        await pending.remove()
        transcript.update(transcript_text(self.analysis, TRANSCRIPT_STYLE))
        key.update(legend(bool(delivery.trailing_off)))

    def on_mount(self) -> None:
        self._focus_report()
        if self.live_check is not None:
            self.show_check(self.live_check)
        self.app.post_message(self.Opened(self.question, self.analysis))
        self._personal_targets()

    def _personal_targets(self) -> None:
        """Ask for this answer's personal targets from the history (again for the checked
        report: targets from the live figures went with it)."""
        if not self.analysis.no_speech:
            self.app.post_message(
                self.TargetsWanted(self, self.question.id, self.attempt, self.analysis)
            )

    def on_personal_targets_found(self, message: PersonalTargetsFound) -> None:
        self._show_personal_targets(message.targets, message.analysis)

    def _show_personal_targets(self, targets: list[PersonalTarget], analysis: Analysis) -> None:
        if analysis is not self.analysis:
            return  # the live report's, replaced by the checked one meanwhile
        if self.analysis.content is not None:
            self.analysis.content.personal_targets = targets
        if not self.is_attached:
            return
        with contextlib.suppress(NoMatches):  # being redrawn: compose shows them
            widget = self.query_one("#personal-target", Static)
            widget.update(personal_target_text(targets))
            widget.display = True

    def on_check_updated(self, message: CheckUpdated) -> None:
        self.show_check(message.check)

    def show_check(self, check: AnswerCheck) -> None:
        """The check of this screen's live report: one quiet line while it runs; then the
        checked report, if it differs, and what changed."""
        if check.live is not self.opened_with:
            return  # another answer's
        self.check_line = check.line
        if check.done and check.checked is not None and check.checked is not self.analysis:
            # Its personal targets are found again from its own figures (the live report's
            # were copied here: "8.4 fillers/min" beside a checked 8.1).
            self.analysis = check.checked
            if check.attempt is not None:
                self.attempt = check.attempt
            self.call_later(self._rerender)
            self._personal_targets()
            return
        try:
            line = self.query_one("#checked", Static)
        except NoMatches:  # not composed yet: compose shows ``check_line``
            return
        line.update(self.check_line)
        line.display = bool(self.check_line)

    async def _rerender(self) -> None:
        """The whole report again (the checked one may add or drop notes, flags...), where
        the speaker had scrolled to."""
        if not self.is_attached:  # left meanwhile (r, n, escape)
            return
        scroll_y = self.query_one("#results", VerticalScroll).scroll_y
        await self.recompose()
        with contextlib.suppress(NoMatches):  # left while it was being redrawn
            self.query_one("#results", VerticalScroll).scroll_to(y=scroll_y, animate=False)
            self._focus_report()

    def _focus_report(self) -> None:
        """The report takes the keys at once: ↑ ↓ PageUp PageDown Home End scroll it. Nothing
        had the focus, and at 80x24 the talking points and tips below the fold stayed out of
        reach until Tab."""
        self.query_one("#results", VerticalScroll).focus(scroll_visible=False)

    def action_retry(self) -> None:
        self.app.post_message(self.RetryRequested(self, self.question))

    def action_next(self) -> None:
        self.app.post_message(self.NextRequested(self, self.question))

    def action_followup(self) -> None:
        if self.followup is None:
            self.notify("No follow-up for this answer.", timeout=3)
            return
        self.app.post_message(self.FollowupRequested(self, self.followup.question, self.attempt))

    def hides_key(self, action: str) -> bool:
        """`f` is in the key bar only when a follow-up is offered; pressed without one it says
        so (disabled, it did nothing at all)."""
        return action == "followup" and self.followup is None

    def action_replay(self) -> None:
        if self.audio_path is None:
            self.notify("No recording to play.")
            return
        self.app.post_message(self.ReplayRequested(self.audio_path, self.attempt))

    def action_back(self) -> None:
        """Back to the list; before the interview's last answer, that ends it: ask first."""
        position = self.interview_position
        if position is not None and position[0] < position[1]:
            ask_to_end_interview(self, position, self._leave)
        else:
            self._leave()

    def _leave(self) -> None:
        self.app.post_message(self.Closed())
        self.dismiss()
