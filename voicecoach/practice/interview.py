"""The mock interview's session: the bank's questions in order, the latest answer to each, and
the report when it ends.

Textual-free, so the session's rules (which question is the interview's, when the last answer
triggers the report, what a report of an interview left early says, what is said at each
step) can be used and tested without the App; ``PracticeSession`` keeps the one in progress.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # not at start-up: the first screen does not need the datatypes
    from voicecoach.datatypes import Analysis
    from voicecoach.questions import Question

INTERVIEWS_DIR = "interviews"


@dataclass(frozen=True)
class Notice:
    """A line for the speaker, how long it stays, and whether it reports a failure."""

    text: str
    timeout: float
    error: bool = False
    # A report just written: shown whole on the question list, where it stays (in a toast
    # a long path wrapped and was gone after 10 s).
    report: Path | None = None


@dataclass
class InterviewSession:
    """The questions in order and the latest answer to each (a retry replaces it), follow-ups
    included (keyed by their own ids, ``<parent>.<id>``), as the seed's interviewer asked them:
    in the flow, right after the answer that triggered them."""

    questions: list[Question]
    answers: dict[str, Analysis] = field(default_factory=dict)
    finished: bool = False
    # Why each follow-up offered was asked (its trigger, as ``FiredFollowup.because`` says).
    reasons: dict[str, str] = field(default_factory=dict)
    # The report written (Markdown): the last question's follow-up, answered after it, writes
    # it again with that answer under its parent.
    report_path: Path | None = None
    # The questions passed over with `s` (reported "Not answered: skipped", even in a report
    # of an interview left early afterwards).
    skipped: set[str] = field(default_factory=set)
    # The last question answered: the full report is due (written in a worker once the
    # answers' delivery parts arrive). Left meanwhile, the interview is not one left early.
    report_due: bool = False

    def opening(self) -> Notice:
        """What is said as the interview begins."""
        return Notice(
            f"Mock interview: {len(self.questions)} questions in order. After each answer "
            "press n for the next (s skips a question); the report is written after the last.",
            6,
        )

    def covers(self, question: Question) -> bool:
        """The question is one of the interview's, or a follow-up of one."""
        asked = (question.id, question.parent_id)
        if self.finished:  # only the follow-up offered after the last answer
            return self.after_last(question)
        return any(q.id in asked for q in self.questions)

    def after_last(self, question: Question) -> bool:
        """The follow-up offered after the last question's answer (asked once the report is
        written: the report is due at the last question, and is written again with it)."""
        last = self.questions[-1].id if self.questions else None
        return question.parent_id == last and question.id in self.reasons

    def position(self, question: Question) -> tuple[int, int] | None:
        """(n, total) for "Question n of total" while this question is the interview's."""
        if not self.covers(question):
            return None
        ids = [q.id for q in self.questions]
        own = question.id if question.id in ids else question.parent_id
        return ids.index(own or question.id) + 1, len(ids)

    def record(
        self,
        question: Question,
        analysis: Analysis,
        followup: Question | None = None,
        because: str = "",
    ) -> bool:
        """Keep the answer and the ``followup`` it calls for (asked next); True when the report
        is due: after the last question (its follow-up, if any, is asked after it and the
        report written again with it)."""
        self.answers[question.id] = analysis
        if followup is not None:
            self.reasons[followup.id] = because
        due = self.questions[-1].id in (question.id, question.parent_id)
        self.report_due = self.report_due or due
        return due

    def skip(self, question: Question) -> Question | None:
        """`s`: ``question`` goes unanswered; the interview's next question, None after the
        last. A question answered before (then retried) keeps its answer; a follow-up skipped
        is not asked, and the interview goes on after its parent."""
        if question.parent_id is None and question.id not in self.answers:
            self.skipped.add(question.id)
        ids = [q.id for q in self.questions]
        own = question.parent_id or question.id
        after = ids.index(own) + 1 if own in ids else len(ids)
        return self.questions[after] if after < len(ids) else None

    def replace(self, old: Analysis, new: Analysis) -> None:
        """A live report kept here was checked against the whole recording: keep the check's."""
        for qid, kept in list(self.answers.items()):
            if kept is old:
                self.answers[qid] = new

    def ended_line(self) -> str:
        passed = f"; {len(self.skipped)} skipped" if self.skipped else ""
        return (
            f"Mock interview ended ({len(self.answers)} of {len(self.questions)} answered{passed})"
        )

    def write_report(
        self, directory: Path, max_fillers_per_min: float, partial: bool = False
    ) -> tuple[Path, Path]:
        """Markdown and HTML under ``directory``, named by the time; ends the session.
        ``partial``: the interview was left early, and the questions not answered say so."""
        from voicecoach.rendering.interview_report import InterviewAnswer, write_reports

        ended = "the interview ended before this answer" if partial else "skipped"
        answers = []
        for q in self.questions:
            missing = "skipped" if q.id in self.skipped else ended
            answers.append(
                InterviewAnswer(
                    q, self.answers.get(q.id), "recorded", "" if q.id in self.answers else missing
                )
            )
            for f in q.followups:  # each follow-up asked, under its parent
                fid = f.question.id
                if fid in self.answers:
                    why = self.reasons.get(fid, "")
                    answers.append(
                        InterviewAnswer(f.question, self.answers[fid], "recorded", because=why)
                    )
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        self.finished = True
        path = self.report_path or directory / f"interview-{stamp}.md"
        written = write_reports(answers, path, max_fillers_per_min)
        self.report_path = written[0]
        return written


@dataclass(frozen=True)
class Skipped:
    """What follows `s` in a mock interview: the ``next`` question's practice screen, or (None)
    the question list, with what to say and the report due (after the last question)."""

    next: Question | None
    notice: Notice | None = None
    report: InterviewReport | None = None


@dataclass(frozen=True)
class InterviewReport:
    """A report due: after the last answer, or partial for an interview left early.
    ``write`` is blocking (the App runs it in a worker) and returns what to say; it first
    waits for what the report still lacks (``ready``, bounded: the answers' delivery parts)."""

    session: InterviewSession
    directory: Path
    max_fillers_per_min: float
    partial: bool = False
    ready: Callable[[], None] = lambda: None

    def write(self) -> Notice:
        self.ready()
        try:
            md_path, html_path = self.session.write_report(
                self.directory, self.max_fillers_per_min, partial=self.partial
            )
        except OSError as exc:
            why = str(exc.strerror or exc)
            if self.partial:
                ended = self.session.ended_line()
                return Notice(f"{ended}; the partial report could not be written: {why}", 10, True)
            return Notice(f"Could not write the interview report: {why}", 8, True)
        if self.partial:
            return Notice(
                f"{self.session.ended_line()}. Partial report: {md_path}", 10, report=md_path
            )
        text = f"Interview finished. Report: {md_path} (and {html_path.name})"
        return Notice(text, 10, report=md_path)


def interviews_dir(root: str | Path | None, home: str | None = None) -> Path:
    """Where interview reports and recordings go: ``interviews/`` beside the attempts (the
    store's ``root``), else in the data directory (``--home``, ``$VOICECOACH_HOME``...)."""
    from voicecoach.paths import data_dir

    base = Path(root) if root else data_dir(home)
    return base / INTERVIEWS_DIR
