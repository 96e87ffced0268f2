"""Fillers, possible fillers and long pauses are marked with characters as well as colour, on
the results screen and in the replay, so that with NO_COLOR (or a monochrome terminal) the
marks alone tell them apart (issue 22)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from support.ui_fakes import FakePlayer, make_app, sample_analysis, text_of, until
from textual.app import App
from textual.widgets import Static

from voicecoach.datatypes import AnalysedWord, Analysis, Filler
from voicecoach.store import Store
from voicecoach.ui.replay import ReplayScreen
from voicecoach.ui.results import ResultsScreen

pytestmark = pytest.mark.anyio


def with_possible_filler() -> Analysis:
    """The sample answer with an "uh?" the analysis was not sure of (shown, not counted)."""
    analysis = sample_analysis()
    words = list(analysis.words)
    words.insert(8, AnalysedWord("uh?", 6.8, 7.1, False))
    analysis.words = words
    analysis.possible_fillers = [Filler("uh", 6.8, 7.1, "hesitation", "acoustic", 0.4)]
    return analysis


class HostApp(App[None]):
    def __init__(self, screen: Any) -> None:
        super().__init__()
        self._first = screen

    def on_mount(self) -> None:
        self.push_screen(self._first)


async def test_results_transcript_marks_read_without_colour(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(120, 50)) as pilot:
        assert app.no_color  # the monochrome terminal of a NO_COLOR user
        question = app.bank.get("intro")
        assert question is not None
        app.push_screen(ResultsScreen(question, with_possible_filler(), None))
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        transcript = text_of(app.screen.query_one("#transcript", Static))
        assert transcript == (
            "Hi, I'm Bhargav, *um*, [2.4 s] a Python backend developer. [1.3 s] (uh?) I _like_ "
            "build queues."
        )
        legend = text_of(app.screen.query_one("#legend", Static))
        assert "*um* hesitation" in legend and "_like_ filler phrase" in legend
        assert "(uh?) possible, not counted" in legend and "[1.4 s] long pause" in legend


async def test_replay_transcript_marks_fillers(tmp_path: Path) -> None:
    store = Store(tmp_path / "home")
    audio = tmp_path / "a.wav"
    sf.write(audio, np.zeros(1600, dtype=np.float32), 16000)
    store.save(with_possible_filler(), audio, "intro")
    screen = ReplayScreen(store.list()[0], FakePlayer)  # type: ignore[arg-type]
    async with HostApp(screen).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        transcript = text_of(screen.query_one("#replay-transcript", Static))
        assert "*um*," in transcript and "_like_" in transcript
        assert "(uh?)" in transcript and "[2.4 s]" in transcript
