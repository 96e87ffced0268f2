"""Follow-up questions in a session: the one an interviewer asks after an answer, and the
stored attempt a follow-up taken from a results screen is saved linked to."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from voicecoach.questions import Question

if TYPE_CHECKING:
    from voicecoach.analysis.followups import FiredFollowup
    from voicecoach.datatypes import Analysis


def followup_for(question: Question, analysis: Analysis) -> FiredFollowup | None:
    """The follow-up an interviewer asks after this answer (quick: rules on the words); none
    after a follow-up's own answer."""
    if question.parent_id is not None or not question.followups:
        return None
    from voicecoach.analysis.followups import next_followup

    return next_followup(question, analysis)


class FollowupLinks:
    """The follow-up question taken from a results screen, and the stored attempt it follows
    up on: its answers, retries included, are saved linked to it."""

    def __init__(self) -> None:
        self._parent: tuple[str, int | None] | None = None

    def take(self, followup: Question, parent_attempt: Any) -> None:
        """The speaker takes the follow-up offered after ``parent_attempt``'s results (none
        linked when it was not saved)."""
        self._parent = (followup.id, getattr(parent_attempt, "id", None))

    def parent_attempt_id(self, question: Question) -> int | None:
        """The stored attempt ``question`` (a follow-up taken with ``take``) follows up on;
        None for a bank question, or one whose parent was not saved."""
        held = self._parent
        if held is None or question.parent_id is None or held[0] != question.id:
            return None
        return held[1]
