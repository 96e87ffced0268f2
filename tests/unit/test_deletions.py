"""Deleting attempts from the history with undo, without Textual
(``voicecoach.practice.deletions``, run by the history screen in a worker)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from support.ui_fakes import sample_analysis

from voicecoach.practice.deletions import AttemptDeletions
from voicecoach.store import Store


def stored(tmp_path: Path) -> Store:
    store = Store(tmp_path / "home")
    audio = tmp_path / "a.wav"
    sf.write(audio, np.zeros(1600, dtype=np.float32), 16000)
    store.save(sample_analysis("intro"), audio, "intro", created_at="2026-01-01T09:00:00Z")
    return store


def test_delete_moves_the_recording_aside_and_undo_brings_both_back(tmp_path: Path) -> None:
    store = stored(tmp_path)
    (attempt,) = store.list()
    deletions = AttemptDeletions(store)
    assert deletions.undo() is None and not deletions.can_undo
    deletions.delete(attempt)
    assert store.list() == [] and attempt.audio_path is not None
    assert not attempt.audio_path.exists()
    stash = deletions.stash_dir
    assert stash is not None and [p.name for p in stash.iterdir()] == [attempt.audio_path.name]
    done = deletions.undo()
    assert done is not None
    old, restored = done
    assert old is attempt and restored.created_at == attempt.created_at
    assert restored.audio_path is not None and restored.audio_path.is_file()
    assert not deletions.can_undo


def test_a_failed_delete_puts_the_recording_back(tmp_path: Path) -> None:
    store = stored(tmp_path)
    (attempt,) = store.list()
    store.delete(attempt.id)  # deleted meanwhile elsewhere; its file put back by hand
    assert attempt.audio_path is not None
    sf.write(attempt.audio_path, np.zeros(160, dtype=np.float32), 16000)
    deletions = AttemptDeletions(store)
    with pytest.raises(Exception):  # noqa: B017 - the store's own error for a missing row
        deletions.delete(attempt)
    assert attempt.audio_path.is_file() and not deletions.can_undo


def test_close_makes_the_deletes_final(tmp_path: Path) -> None:
    store = stored(tmp_path)
    deletions = AttemptDeletions(store)
    deletions.delete(store.list()[0])
    stash = deletions.stash_dir
    assert stash is not None and stash.exists()
    deletions.close()
    assert not stash.exists() and not deletions.can_undo and store.list() == []


def test_undo_keeps_a_follow_up_linked_to_its_parent(tmp_path: Path) -> None:
    """A follow-up's answer deleted and brought back is still shown under the answer it
    followed (it came back as a question of its own), under that answer's new number when it
    was brought back first; if that answer is still deleted, unlinked."""
    store = stored(tmp_path)
    (parent,) = store.list()
    audio = tmp_path / "b.wav"
    sf.write(audio, np.zeros(1600, dtype=np.float32), 16000)
    child = store.save(sample_analysis("intro"), audio, "intro.achievement", parent_id=parent.id)
    deletions = AttemptDeletions(store)
    deletions.delete(child)
    done = deletions.undo()
    assert done is not None and done[1].parent_id == parent.id
    assert [a.id for a in store.followups(parent.id)] == [done[1].id]
    deletions.delete(store.get(done[1].id))
    deletions.delete(parent)
    restored_parent = deletions.undo()  # the parent, under a new number
    restored_child = deletions.undo()
    assert restored_parent is not None and restored_child is not None
    assert restored_child[1].parent_id == restored_parent[1].id
    deletions.delete(store.get(restored_parent[1].id))
    deletions.delete(store.get(restored_child[1].id))
    alone = deletions.undo()  # the follow-up's answer, its parent still deleted
    assert alone is not None and alone[1].parent_id is None
