"""Undoing the deletion of an answer that had follow-up answers: they are shown under it
again (the delete unlinked them; the undo brought the answer back under a new number and
left them as questions of their own)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf
from support.ui_fakes import sample_analysis

from voicecoach.practice.deletions import AttemptDeletions
from voicecoach.store import Store


def _save(store: Store, tmp_path: Path, question: str, parent_id: int | None = None) -> int:
    audio = tmp_path / f"{question}.wav"
    sf.write(audio, np.zeros(1600, dtype=np.float32), 16000)
    return store.save(sample_analysis("intro"), audio, question, parent_id=parent_id).id


def test_undo_links_the_follow_ups_to_the_answer_brought_back(tmp_path: Path) -> None:
    store = Store(tmp_path / "home")
    parent = _save(store, tmp_path, "intro")
    first = _save(store, tmp_path, "intro.achievement", parent)
    second = _save(store, tmp_path, "intro.challenge", parent)
    unrelated = _save(store, tmp_path, "weakness")
    deletions = AttemptDeletions(store)
    deletions.delete(store.get(parent))
    assert store.get(first).parent_id is None  # shown as a question of its own meanwhile
    done = deletions.undo()
    assert done is not None
    restored = done[1]
    assert [a.id for a in store.followups(restored.id)] == [first, second]
    assert store.get(second).parent_id == restored.id
    assert store.get(unrelated).parent_id is None


def test_a_follow_up_deleted_after_its_parent_comes_back_under_it(tmp_path: Path) -> None:
    """Parent deleted, then one of its follow-ups: undo twice (follow-up first, then the
    parent): both are linked again, the other follow-up too."""
    store = Store(tmp_path / "home")
    parent = _save(store, tmp_path, "intro")
    first = _save(store, tmp_path, "intro.achievement", parent)
    second = _save(store, tmp_path, "intro.challenge", parent)
    deletions = AttemptDeletions(store)
    deletions.delete(store.get(parent))
    deletions.delete(store.get(first))
    back_first = deletions.undo()
    back_parent = deletions.undo()
    assert back_first is not None and back_parent is not None
    linked = {a.id for a in store.followups(back_parent[1].id)}
    assert linked == {back_first[1].id, second}
