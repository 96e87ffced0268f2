"""Where the features merged together meet, as a job seeker walking the app found them:
a question from a drafted bank refused with `e`/`d` names its file (it said "is not yours"
of the user's own job description), and a replay with a delivery plot shows the plot's key
(what the two y axes and the red marks are), as the results screen does."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from support.delivery_fakes import sample_delivery
from support.ui_fakes import make_app, sample_analysis, until
from textual.app import App
from textual.widgets import DataTable, Static

from voicecoach.questions import load_bank
from voicecoach.store import Store
from voicecoach.ui.delivery_view import DeliveryPlot
from voicecoach.ui.questions import QuestionListScreen
from voicecoach.ui.replay import ReplayScreen

pytestmark = pytest.mark.anyio

DRAFTED = '[[question]]\nid = "sre-why-istio"\ntitle = "Why Istio?"\nprompt = "Why Istio?"\n'


def plain(widget: Static) -> str:
    content = widget.content
    return getattr(content, "plain", str(content))


async def test_a_drafted_question_is_refused_naming_its_file(tmp_path: Path) -> None:
    drafted = tmp_path / "drafted-sre-jd.toml"
    drafted.write_text(DRAFTED, encoding="utf-8")
    bank = load_bank([str(drafted)], tmp_path / "config" / "my-questions.toml")
    app, _ = make_app(tmp_path, bank=bank, speak=False)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#questions", DataTable)
        await pilot.press("end")
        assert str(table.get_row_at(table.cursor_row)[0]) == "Why Istio? · from sre-jd"
        for key in ("e", "d"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, QuestionListScreen)
            said = [n.message for n in app._notifications]
            assert any(f'"Why Istio?" is in {drafted}: change it in that file' in m for m in said)
            assert not any("not yours" in m for m in said)
            app.clear_notifications()
        assert drafted.read_text(encoding="utf-8") == DRAFTED


class HostApp(App[None]):
    def __init__(self, screen: Any) -> None:
        super().__init__()
        self._first = screen

    def on_mount(self) -> None:
        self.push_screen(self._first)


class StillPlayer:
    def __init__(self, path: Path) -> None:
        self.position_s, self.duration_s = 0.0, 1.0
        self.playing, self.finished = False, False

    def play(self) -> None: ...
    def pause(self) -> None: ...
    def resume(self) -> None: ...
    def toggle(self) -> None: ...
    def seek(self, seconds: float) -> None: ...
    def stop(self) -> None: ...


@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_the_replay_plot_has_its_key(tmp_path: Path) -> None:
    store = Store(tmp_path / "home")
    audio = tmp_path / "a.wav"
    sf.write(audio, np.zeros(16000, dtype=np.float32), 16000)
    analysis = dataclasses.replace(sample_analysis(), delivery=sample_delivery())
    attempt = store.save(analysis, audio, "intro")
    screen = ReplayScreen(attempt, StillPlayer)
    async with HostApp(screen).run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: bool(screen.query("#replay-plot")))
        assert isinstance(screen.query_one("#replay-plot"), DeliveryPlot)
        key = plain(screen.query_one("#replay-plot-legend", Static))
        assert "pitch (semitones from your median, left)" in key
        assert "loudness (dBFS, right)" in key
        assert "trailing off" in key  # the sample's trailing-off ends are marked on the plot
