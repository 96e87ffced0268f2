"""Replay: once the answer has played to its end, ← then space plays from where ← went.

Found by QA in tmux: at "0:09.2 / 0:09.2 · finished", ← showed 0:04.2, and space then played
the whole answer again from 0:00, as if the seek had not happened.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from support.ui_fakes import FakePlayer, sample_analysis
from textual.app import App

from voicecoach.store import Store
from voicecoach.ui.replay import ReplayScreen

pytestmark = pytest.mark.anyio


class HostApp(App[None]):
    def __init__(self, screen: Any) -> None:
        super().__init__()
        self._first = screen

    def on_mount(self) -> None:
        self.push_screen(self._first)


def _screen(tmp_path: Path) -> ReplayScreen:
    store = Store(tmp_path / "home")
    audio = tmp_path / "a.wav"
    sf.write(audio, np.zeros(1600, dtype=np.float32), 16000)
    store.save(sample_analysis("intro"), audio, "intro")
    return ReplayScreen(store.list()[0], FakePlayer)  # type: ignore[arg-type]


def _finished(player: Any) -> None:
    player.playing, player.finished, player.position_s = False, True, player.duration_s


async def test_space_after_a_seek_back_from_the_end_plays_from_there(tmp_path: Path) -> None:
    screen = _screen(tmp_path)
    async with HostApp(screen).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        player = screen.player
        assert player is not None
        _finished(player)
        await pilot.press("left")
        assert player.position_s == pytest.approx(player.duration_s - 5)
        await pilot.press("space")
        assert player.playing
        assert player.position_s == pytest.approx(player.duration_s - 5)


async def test_space_at_the_end_plays_again_from_the_start(tmp_path: Path) -> None:
    screen = _screen(tmp_path)
    async with HostApp(screen).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        player = screen.player
        assert player is not None
        _finished(player)
        await pilot.press("space")
        assert player.playing and player.position_s == 0.0
