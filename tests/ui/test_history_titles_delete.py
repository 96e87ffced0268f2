"""The history names questions by their titles, and an attempt can be deleted from it, after a
confirmation, and brought back with u until the history is left (issue 22)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from support.ui_fakes import FakePlayer, sample_analysis, text_of, until
from textual.app import App
from textual.widgets import DataTable, Select, Static

from voicecoach.questions import load_bank
from voicecoach.store import Store
from voicecoach.ui.confirm import ConfirmScreen
from voicecoach.ui.history import CompareScreen, HistoryScreen

pytestmark = pytest.mark.anyio


class HostApp(App[None]):
    def __init__(self, screen: Any) -> None:
        super().__init__()
        self._first = screen

    def on_mount(self) -> None:
        self.push_screen(self._first)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "home")
    for i, question in enumerate(["intro", "celery-why", "gone-from-the-bank"]):
        audio = tmp_path / f"{i}.wav"
        sf.write(audio, np.zeros(1600, dtype=np.float32), 16000)
        analysis = sample_analysis(question)
        store.save(analysis, audio, question, created_at=f"2026-01-0{i + 1}T09:00:00Z")
    return store


def questions(table: DataTable[Any]) -> list[str]:
    return [str(table.get_row_at(r)[2]) for r in range(table.row_count)]


def history(store: Store) -> HistoryScreen:
    return HistoryScreen(store, player_factory=FakePlayer, find_question=load_bank().get)  # type: ignore[arg-type]


async def test_history_shows_question_titles(store: Store) -> None:
    screen = history(store)
    async with HostApp(screen).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = screen.query_one("#history-table", DataTable)
        # Newest first; a question no longer in the bank keeps its id.
        assert questions(table) == [
            "gone-from-the-bank",
            "Why Celery and RabbitMQ for 1,000 logins?",
            "Tell me about yourself",
        ]
        select = screen.query_one("#history-filter", Select)
        labels = [str(label) for label, _ in select._options]
        assert "Why Celery and RabbitMQ for 1,000 logins?" in labels
        assert "celery-why" not in labels
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("down", "c")
        await pilot.pause()
        assert isinstance(screen.app.screen, CompareScreen)
        heading = text_of(screen.app.screen.query_one("#title-a", Static))
        assert "Why Celery and RabbitMQ for 1,000 logins?" in heading  # the older, on the left


async def test_delete_asks_first_and_undo_brings_it_back(store: Store) -> None:
    screen = history(store)
    app = HostApp(screen)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = screen.query_one("#history-table", DataTable)
        newest = store.list()[0]
        assert newest.audio_path is not None and newest.audio_path.is_file()
        assert "d Delete" in " ".join(
            screen.app.screen.query_one("KeyFooter").render().plain.split()
        )

        # d asks; n keeps the attempt.
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "gone-from-the-bank" in text_of(app.screen.query_one("#confirm-question", Static))
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen and table.row_count == 3 and len(store.list()) == 3

        # d then y deletes it, its recording with it (in a worker: the row goes once done).
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await until(pilot, lambda: table.row_count == 2)
        assert app.screen is screen
        assert table.row_count == 2 and len(store.list()) == 2
        assert not newest.audio_path.exists()
        assert "gone-from-the-bank" not in questions(table)

        # u brings it back, with its recording, at its place in time.
        await pilot.press("u")
        await until(pilot, lambda: table.row_count == 3)
        back = store.list()[0]
        assert back.question_id == "gone-from-the-bank" and back.created_at == newest.created_at
        assert back.audio_path is not None and back.audio_path.is_file()
        assert back.analysis.words == newest.analysis.words


async def test_leaving_the_history_makes_the_delete_final(store: Store) -> None:
    screen = history(store)
    app = HostApp(screen)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("d", "y")
        await until(pilot, lambda: len(store.list()) == 2 and not screen._editing)
        stash = screen.deletions.stash_dir
        assert stash is not None and any(stash.iterdir())
        await pilot.press("escape")
        await until(pilot, lambda: not stash.exists())  # the recording kept for undo is gone
        assert len(store.list()) == 2
