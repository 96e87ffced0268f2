"""The mock interview's session: the bank's questions in order, the latest answer to each, and
the report when it ends.

Textual-free, so the session's rules (which question is the interview's, when the last answer
triggers the report, what a report of an interview left early says) can be used and tested
without the App; the UI keeps it on the App (``voicecoach.ui.interview``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from voicecoach.datatypes import Analysis
from voicecoach.questions import Question

INTERVIEWS_DIR = "interviews"


@dataclass
class InterviewSession:
    """The questions in order and the latest answer to each (a retry replaces it)."""

    questions: list[Question]
    answers: dict[str, Analysis] = field(default_factory=dict)
    finished: bool = False

    def covers(self, question: Question) -> bool:
        return not self.finished and any(q.id == question.id for q in self.questions)

    def position(self, question: Question) -> tuple[int, int] | None:
        """(n, total) for "Question n of total" while this question is the interview's."""
        if not self.covers(question):
            return None
        ids = [q.id for q in self.questions]
        return ids.index(question.id) + 1, len(ids)

    def record(self, question: Question, analysis: Analysis) -> bool:
        """Keep the answer; True when it was the interview's last question (time to report)."""
        self.answers[question.id] = analysis
        return question.id == self.questions[-1].id

    def write_report(
        self, directory: Path, max_fillers_per_min: float, partial: bool = False
    ) -> tuple[Path, Path]:
        """Markdown and HTML under ``directory``, named by the time; ends the session.
        ``partial``: the interview was left early, and the questions not answered say so."""
        from voicecoach.rendering.interview_report import InterviewAnswer, write_reports

        missing = "the interview ended before this answer" if partial else "skipped"
        answers = [
            InterviewAnswer(
                q, self.answers.get(q.id), "recorded", "" if q.id in self.answers else missing
            )
            for q in self.questions
        ]
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        self.finished = True
        return write_reports(answers, directory / f"interview-{stamp}.md", max_fillers_per_min)


def interviews_dir(root: str | Path | None, home: str | None = None) -> Path:
    """Where interview reports and recordings go: ``interviews/`` beside the attempts (the
    store's ``root``), else in the data directory (``--home``, ``$VOICECOACH_HOME``...)."""
    from voicecoach.paths import data_dir

    base = Path(root) if root else data_dir(home)
    return base / INTERVIEWS_DIR
