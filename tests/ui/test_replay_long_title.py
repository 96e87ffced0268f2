"""Replay of an answer to a question of your own with a very long title.

Found by QA at 60x20: the header "Attempt 1 · <a 600-character title> · date · length" wrapped
over the whole screen and the transcript that follows the audio was out of view.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from support.ui_fakes import FakePlayer, sample_analysis, text_of
from textual.app import App
from textual.widgets import Static

from voicecoach.questions import load_bank
from voicecoach.store import Store
from voicecoach.ui.replay import ReplayScreen

pytestmark = pytest.mark.anyio

LONG_TITLE = " ".join(["Describe a time you led a team through a hard deadline"] * 10)


class HostApp(App[None]):
    def __init__(self, screen: Any) -> None:
        super().__init__()
        self._first = screen

    def on_mount(self) -> None:
        self.push_screen(self._first)


async def test_a_long_title_leaves_the_transcript_in_view(tmp_path: Path) -> None:
    store = Store(tmp_path / "home")
    audio = tmp_path / "a.wav"
    sf.write(audio, np.zeros(1600, dtype=np.float32), 16000)
    store.save(sample_analysis("intro"), audio, "intro")
    intro = load_bank().get("intro")
    assert intro is not None
    own = replace(intro, title=LONG_TITLE)
    screen = ReplayScreen(store.list()[0], FakePlayer, lambda _qid: own)  # type: ignore[arg-type]
    async with HostApp(screen).run_test(size=(60, 20)) as pilot:
        await pilot.pause(0.2)
        header = screen.query_one("#replay-title", Static)
        title = text_of(header)
        assert "Describe a time you led a team" in title and "…" in title, title
        assert "s" in title.rsplit("·", 1)[-1]  # the length still ends the line
        assert header.size.height <= 3, title
        transcript = screen.query_one("#replay-transcript", Static)
        assert transcript.region.height > 0 and transcript.region.y < 17
