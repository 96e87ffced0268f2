"""Which screen follows which, now that the App alone decides it (issue 20): what a screen
needs reaches it through the App, however deep it is opened."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from support.ui_fakes import make_app, sample_analysis, text_of, until
from textual.widgets import Static

from voicecoach.store import Store
from voicecoach.ui.help import HelpScreen
from voicecoach.ui.history import HistoryScreen
from voicecoach.ui.practice import PracticeScreen
from voicecoach.ui.questions import QuestionListScreen
from voicecoach.ui.replay import ReplayScreen
from voicecoach.ui.results import ResultsScreen

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_a_replay_opened_from_the_history_names_the_question(tmp_path: Path) -> None:
    """`h`, then enter on an attempt: the replay's title says "Tell me about yourself", as
    the list does, not the id "intro" (the bank reaches it through the history)."""
    store = Store(tmp_path / "home")
    audio = tmp_path / "a.wav"
    sf.write(audio, np.zeros(1600, dtype=np.float32), 16000)
    attempt = store.save(sample_analysis("intro"), audio, "intro")
    app, _ = make_app(tmp_path, store=store, speak=False)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("h")
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReplayScreen))
        title = text_of(app.screen.query_one("#replay-title", Static))
        assert title.startswith(f"Attempt {attempt.id} · Tell me about yourself · "), title


async def test_retry_then_back_lands_on_the_list(tmp_path: Path) -> None:
    """Results -> r -> practice in the results' place: escape from it goes back to the list,
    not to the results it replaced; `n` opens the next question the same way."""
    app, _ = make_app(tmp_path, speak=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: "ready" in app.model_state)
        question = app.bank.get("intro")
        assert question is not None
        app.push_screen(ResultsScreen(question, sample_analysis(), None))
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        assert app.screen.question is question  # type: ignore[attr-defined]
        assert len(app.screen_stack) == 2
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, QuestionListScreen))
        app.push_screen(ResultsScreen(question, sample_analysis(), None))
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        assert app.screen.question is app.next_question(question)  # type: ignore[attr-defined]


async def test_a_key_meant_for_the_results_does_not_replace_the_help_over_them(
    tmp_path: Path,
) -> None:
    """`n` on the results with the help opened before the App followed it: the help stays,
    and escape from it shows the results again (the practice screen took the help's place)."""
    app, _ = make_app(tmp_path, speak=False)
    async with app.run_test(size=(100, 40)) as pilot:
        question = app.bank.get("intro")
        assert question is not None
        app.push_screen(ResultsScreen(question, sample_analysis(), None))
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        results = app.screen
        results.action_next()  # its request is on its way to the App...
        app.push_screen(HelpScreen())  # ...when the help opens
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause(0.1)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is results)
