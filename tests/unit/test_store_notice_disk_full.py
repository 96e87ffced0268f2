"""The first screen's notice when the history cannot open because the disk is full.

Found by QA on a full 300 KiB tmpfs: the notice read "... the disk is full; free some space and
start again (answers already recorded are kept) (answers are kept and offered at the next start,
once the history opens)": two promises, and the second untrue, since a recording cannot start
on a full disk ("Cannot record: ... the disk is full").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from voicecoach.config import Config
from voicecoach.errors import StoreError
from voicecoach.practice import services

FULL = (
    "cannot open {db}: the disk is full; free some space and start again "
    "(answers already recorded are kept)"
)


def _notices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, full: bool) -> list[str]:
    home = tmp_path / "home"
    home.mkdir()
    message = FULL.format(db=home / "voicecoach.db")

    class FailingStore:
        def __init__(self, *_args: object) -> None:
            raise StoreError(message)

    monkeypatch.setattr("voicecoach.store.Store", FailingStore)
    monkeypatch.setattr("voicecoach.private_files.disk_full", lambda _directory: full)
    notices: list[str] = []
    built = services.default_services(Config(home=str(home)), "tiny.en", None, notices)
    assert built.store is None and built.store_error == message
    return notices


def test_a_full_disk_is_said_once_without_a_promise_it_cannot_keep(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (notice,) = _notices(tmp_path, monkeypatch, full=True)
    assert "the disk is full; free some space" in notice, notice
    assert notice.count("kept") == 1, notice
    assert "offered at the next start" not in notice, notice


def test_other_store_failures_still_promise_the_answers_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (notice,) = _notices(tmp_path, monkeypatch, full=False)
    assert notice.endswith(
        "(answers are kept and offered at the next start, once the history opens)"
    )
