"""The mock interview in progress (`i` on the list) as the session runs it: which answers are
its own, when its report is due, and the report waiting for its answers' delivery parts.

Why apart: ``interview.py`` holds the interview's rules and its report; this holds the one in
progress and ties it to the session's follow-ups, history root and delivery measures.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from voicecoach.config import Config
from voicecoach.practice.delivery_follow import DeliveryFollows
from voicecoach.practice.followup_links import followup_for
from voicecoach.practice.interview import (
    InterviewReport,
    InterviewSession,
    Notice,
    Skipped,
    interviews_dir,
)
from voicecoach.practice.services import Services
from voicecoach.questions import Question

if TYPE_CHECKING:
    from voicecoach.datatypes import Analysis


class InterviewFlow:
    """The mock interview in progress (``interview``, None when none is)."""

    def __init__(self, config: Config, services: Services, delivery: DeliveryFollows) -> None:
        self.config = config
        self.services = services
        self.delivery = delivery
        self.interview: InterviewSession | None = None

    def start(self, questions: Iterable[Question]) -> Notice:
        """The bank's questions in order; what to say as it begins."""
        self.interview = InterviewSession(list(questions))
        return self.interview.opening()

    def position(self, question: Question) -> tuple[int, int] | None:
        """(n, total) while ``question`` is the mock interview's, for "Question n of total"."""
        return self.interview.position(question) if self.interview is not None else None

    def answered(self, question: Question, analysis: Analysis) -> InterviewReport | None:
        """An answer's results are shown: a mock interview keeps it (its latest answer to that
        question); after the last question its report is due."""
        interview = self.interview
        if interview is None or not interview.covers(question):
            return None
        fired = followup_for(question, analysis)
        asked = fired.question if fired is not None else None
        if not interview.record(question, analysis, asked, fired.because if fired else ""):
            return None
        return self._report(interview)

    def skip(self, question: Question) -> Skipped | None:
        """`s` on the practice screen: ``question`` left unanswered and the interview goes on
        (about 29 questions with drafted banks, each had to be answered). After the last
        question it ends here: the report of the answers given (the others "Not answered:
        skipped"), or, with none, only a line; the list shown next finds nothing to end.
        None when ``question`` is not the interview's."""
        interview = self.interview
        if interview is None or not interview.covers(question):
            return None
        n, total = interview.position(question) or (0, 0)
        following = interview.skip(question)
        if following is not None:
            what = "the follow-up" if question.parent_id else f"question {n} of {total}"
            return Skipped(following, Notice(f"Skipped {what}.", 2))
        self.interview = None
        if question.parent_id is not None:
            # The last question's follow-up: its report was written (or is being) on its parent.
            return Skipped(None, Notice("Skipped the follow-up: the interview is over.", 4))
        if not interview.answers:
            return Skipped(None, Notice(f"{interview.ended_line()}: no report.", 8))
        return Skipped(None, report=self._report(interview))

    def end(self) -> tuple[Notice | None, InterviewReport | None]:
        """Back on the question list: a mock interview left before its last answer ends here
        (what to say now, and a partial report to write). Left running, it took later practice
        answers for its own and wrote an "Interview finished" report of unrelated answers. The
        answers given stay in history; with at least one, a partial report is written (the
        rest marked not answered). After the last answer its full report is due, perhaps still
        being written (waiting for the delivery parts): left then (escape on the last
        question's follow-up), a partial report was written beside it."""
        interview, self.interview = self.interview, None
        if interview is None or interview.finished or interview.report_due:
            return None, None
        if not interview.answers:
            return Notice(f"{interview.ended_line()}.", 8), None
        return None, self._report(interview, partial=True)

    def replace(self, old: Analysis, new: Analysis) -> None:
        """A live report kept by the interview was checked: the interview keeps the check's."""
        if self.interview is not None:
            self.interview.replace(old, new)

    def _report(self, interview: InterviewSession, partial: bool = False) -> InterviewReport:
        """The report due, written once its answers' delivery parts have arrived or failed:
        written at once, it lacked the last answer's "How it sounded", still being measured."""

        def parts_arrived() -> None:
            self.delivery.wait_for(list(interview.answers.values()))

        directory = interviews_dir(getattr(self.services.store, "root", None), self.config.home)
        limit = self.config.max_fillers_per_min
        return InterviewReport(interview, directory, limit, partial=partial, ready=parts_arrived)
