"""Attempts deleted from the history screen, kept aside so `u` can bring them back until the
screen is left.

Why here and not in the screen: deleting moves a recording and rewrites rows, which is disk
and database work; the history screen runs these blocking calls in a thread worker (it moved
files on the UI thread, and a slow disk froze every key). Textual-free, so the rules (what an
undo restores, when a delete becomes final) are tested without the UI. Thread-safe: a delete
or undo in a worker and the final ``close`` never overlap.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from voicecoach.store import Attempt


class DeletingStore(Protocol):
    """What deleting and undoing need of ``voicecoach.store.Store``."""

    def delete(self, attempt_id: int) -> Attempt: ...
    def get(self, attempt_id: int) -> Attempt: ...
    def followups(self, attempt_id: int) -> list[Attempt]: ...
    def link_followups(self, attempt_ids: Iterable[int], parent_id: int) -> None: ...
    def save(
        self,
        analysis: object,
        audio_path: Path | None,
        question_id: str | None = None,
        created_at: str | None = None,
        checked: bool = True,
        parent_id: int | None = None,
    ) -> Attempt: ...


@dataclass(frozen=True)
class _Deleted:
    """One deleted attempt: its recording moved aside (None when it had none) and the ids of
    the follow-up answers it had, which the delete unlinked and an undo links again."""

    attempt: Attempt
    kept: Path | None
    followup_ids: tuple[int, ...]


class AttemptDeletions:
    """The attempts deleted since the history opened, newest last."""

    def __init__(self, store: DeletingStore) -> None:
        self.store = store
        self._deleted: list[_Deleted] = []
        # An attempt brought back is saved under a new number: old id -> new id, so a parent
        # or a follow-up brought back later finds the other under its new number.
        self._renumbered: dict[int, int] = {}
        self._stash: tempfile.TemporaryDirectory[str] | None = None
        self._lock = threading.Lock()

    @property
    def stash_dir(self) -> Path | None:
        """Where the recordings of deleted attempts wait for an undo (None before any)."""
        return Path(self._stash.name) if self._stash is not None else None

    @property
    def can_undo(self) -> bool:
        return bool(self._deleted)

    def delete(self, attempt: Attempt) -> None:
        """Remove the attempt's row and move its recording aside (blocking). On a failure
        (deleted meanwhile elsewhere, a read-only disk) the recording is put back and the
        error raised: nothing is half done."""
        with self._lock:
            kept: Path | None = None
            audio = attempt.audio_path
            try:
                if audio is not None and audio.is_file():
                    if self._stash is None:
                        self._stash = tempfile.TemporaryDirectory(prefix="voicecoach-deleted-")
                    kept = Path(self._stash.name) / audio.name
                    shutil.move(audio, kept)
                followups = tuple(a.id for a in self.store.followups(attempt.id))
                self.store.delete(attempt.id)
            except Exception:
                if kept is not None and audio is not None:
                    with contextlib.suppress(OSError):
                        shutil.move(kept, audio)
                raise
            self._deleted.append(_Deleted(attempt, kept, followups))

    def undo(self) -> tuple[Attempt, Attempt] | None:
        """The last attempt deleted, saved again with its recording (blocking): (the attempt
        as it was, the attempt now, under a new number); None when nothing is left to undo.
        Its follow-up answers still stored are linked to it again (history showed them as
        questions of their own). On a failure it stays undoable and the error is raised."""
        with self._lock:
            if not self._deleted:
                return None
            deleted = self._deleted.pop()
            attempt = deleted.attempt
            try:
                restored = self.store.save(
                    attempt.analysis,
                    deleted.kept,
                    attempt.question_id,
                    created_at=attempt.created_at,
                    checked=attempt.checked,
                    parent_id=self._still_there(attempt.parent_id),
                )
            except Exception:
                self._deleted.append(deleted)
                raise
            self._renumbered[attempt.id] = restored.id
            followups = [self._now(i) for i in deleted.followup_ids]
            self.store.link_followups([i for i in followups if self._exists(i)], restored.id)
            return attempt, restored

    def _now(self, attempt_id: int) -> int:
        """The number an attempt has now (brought back under a new one, maybe twice)."""
        while attempt_id in self._renumbered:
            attempt_id = self._renumbered[attempt_id]
        return attempt_id

    def _exists(self, attempt_id: int) -> bool:
        try:
            self.store.get(attempt_id)
        except Exception:  # AttemptNotFoundError, or a fake's KeyError
            return False
        return True

    def _still_there(self, parent_id: int | None) -> int | None:
        """The parent a restored follow-up answer is linked to again: its link was lost on
        undo, so history showed it as a question of its own. The parent's number now if it
        was brought back; None if it is still deleted."""
        if parent_id is None:
            return None
        parent_id = self._now(parent_id)
        return parent_id if self._exists(parent_id) else None

    def close(self) -> None:
        """The deletes are final (the history was left): the recordings kept for undo go."""
        with self._lock:
            self._deleted.clear()
            self._renumbered.clear()
            stash, self._stash = self._stash, None
        if stash is not None:
            stash.cleanup()
