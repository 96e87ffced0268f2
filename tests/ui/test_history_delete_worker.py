"""Deleting and undoing in the history never block the UI: the recording is moved and the
rows rewritten in a worker while the keys still answer (issue 22)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from support.ui_fakes import FakePlayer, sample_analysis, text_of, until
from textual.app import App
from textual.widgets import DataTable, Static

from voicecoach.questions import load_bank
from voicecoach.store import Attempt, Store
from voicecoach.ui.history import HistoryScreen

pytestmark = pytest.mark.anyio


class SlowStore(Store):
    """A store on a disk that takes its time: delete and save wait for ``gate`` (bounded)."""

    gate = threading.Event()

    def delete(self, attempt_id: int) -> Attempt:
        self.gate.wait(5)
        return super().delete(attempt_id)

    def save(self, *args: Any, **kwargs: Any) -> Attempt:
        self.gate.wait(5)
        return super().save(*args, **kwargs)


class HostApp(App[None]):
    def __init__(self, screen: Any) -> None:
        super().__init__()
        self._first = screen

    def on_mount(self) -> None:
        self.push_screen(self._first)


@pytest.fixture
def store(tmp_path: Path) -> SlowStore:
    store = SlowStore(tmp_path / "home")
    store.gate = threading.Event()
    store.gate.set()
    for i, question in enumerate(["intro", "celery-why", "leader"]):
        audio = tmp_path / f"{i}.wav"
        sf.write(audio, np.zeros(1600, dtype=np.float32), 16000)
        store.save(sample_analysis(question), audio, question, created_at=f"2026-01-0{i + 1}Z")
    store.gate.clear()
    return store


async def test_keys_answer_while_a_delete_and_an_undo_run(store: SlowStore) -> None:
    screen = HistoryScreen(store, player_factory=FakePlayer, find_question=load_bank().get)  # type: ignore[arg-type]
    app = HostApp(screen)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = screen.query_one("#history-table", DataTable)
        status = screen.query_one("#history-status", Static)
        newest = store.list()[0]
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        # The store is still deleting: the screen says so and the cursor still moves.
        assert text_of(status) == f"Deleting attempt {newest.id}…"
        await pilot.press("down")
        assert table.cursor_row == 1
        await pilot.press("u")  # a second edit waits for the first, and says why
        assert any("Deleting attempt" in str(n.message) for n in app._notifications)
        store.gate.set()
        await until(pilot, lambda: table.row_count == 2 and not screen._editing)
        assert len(store.list()) == 2
        assert newest.audio_path is not None and not newest.audio_path.exists()

        store.gate.clear()
        await pilot.press("u")
        await pilot.pause()
        assert text_of(status) == "Bringing the attempt back…"
        await pilot.press("up")
        assert table.cursor_row == 0
        store.gate.set()
        await until(pilot, lambda: table.row_count == 3 and not screen._editing)
        back = store.list()[0]
        assert back.question_id == newest.question_id
        assert back.audio_path is not None and back.audio_path.is_file()
