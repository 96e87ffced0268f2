"""What the session reads from the history for the screens: each question's last result, the
latest answer to replay, and the speaker's own targets. Blocking reads, none without a store."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voicecoach.config import Config
from voicecoach.practice.services import Services

if TYPE_CHECKING:
    from voicecoach.datatypes import Analysis, PersonalTarget


def same_attempt(attempt: Any, this: Any) -> bool:
    """Whether a stored attempt is ``this`` one (the store may hand back a new object)."""
    if this is None:
        return False
    if attempt is this:
        return True
    this_id = getattr(this, "id", None)
    return this_id is not None and getattr(attempt, "id", None) == this_id


class HistoryReads:
    """The history's reads the screens ask for, through the session's store (None: closed)."""

    def __init__(self, config: Config, services: Services) -> None:
        self.config = config
        self.services = services

    def latest_attempts(self, question_ids: Iterable[str]) -> dict[str, Any]:
        """Each question's newest attempt, for the list's "last result" (blocking)."""
        store = self.services.store
        return dict(store.latest_attempts(question_ids)) if store is not None else {}

    def latest_answer(self) -> tuple[Path, Any] | None:
        """`p` with nothing recorded this session: the history's latest attempt with its audio
        (blocking); None when there is none, or the history is unreadable."""
        if self.services.store is None:
            return None
        try:
            attempt = self.services.store.latest()
        except Exception:  # the history is unreadable: said as for no answer
            attempt = None
        audio = getattr(attempt, "audio_path", None)
        if attempt is None or audio is None:
            return None
        return Path(audio), attempt

    def personal_targets(
        self, question_id: str, this: Any, analysis: Analysis
    ) -> list[PersonalTarget]:
        """The speaker's own targets from this question's earlier answers (not ``this``
        attempt) and ``analysis`` (blocking: it reads the history); none without a history."""
        from voicecoach.analysis.content import personal_targets

        store = self.services.store
        if store is None:
            return []
        attempts = [a for a in store.list(question_id) if not same_attempt(a, this)]
        if all(getattr(a, "created_at", None) is not None for a in attempts):
            attempts.sort(key=lambda a: (a.created_at, getattr(a, "id", 0)))
        else:
            attempts.reverse()  # the store lists newest first
        history = [a.analysis for a in attempts if getattr(a, "analysis", None) is not None]
        return personal_targets(
            [*history, analysis],
            self.config.max_fillers_per_min,
            (self.config.pace_min_wpm, self.config.pace_max_wpm),
        )
