"""The live cues on the practice screen while recording (issue 22): the pace decays through
silence (it froze), "silent 4 s" after a long pause, "wrap up" near the top of the target band
and "over time" past it; never spoken."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.live_fakes import FakeLive
from support.ui_fakes import make_app, record_intro, text_of, until
from textual.widgets import Static

from voicecoach.practice.live import LiveState

pytestmark = pytest.mark.anyio
SIZE = (100, 40)


def cues_text(screen: object) -> str:
    return text_of(screen.query_one("#live-cues", Static))  # type: ignore[attr-defined]


async def test_cues_follow_silence_and_the_target_band(tmp_path: Path) -> None:
    app, fakes = make_app(tmp_path)
    live = FakeLive()
    app.services.live_factory = lambda transcriber: live
    async with app.run_test(size=SIZE) as pilot:
        screen = await record_intro(app, pilot)  # the intro's band: 60-90 s
        spoken = list(fakes.voice.spoken)
        recorder = fakes.recorder
        recorder.elapsed_s = 30.0
        live.state = LiveState(30.0, 29.0, 70, 0, "", 140.0, None, 30.0)
        await until(pilot, lambda: "140 wpm" in cues_text(screen))
        assert "silent" not in cues_text(screen) and "wrap up" not in cues_text(screen)
        recorder.elapsed_s = 34.2  # four seconds of silence: the pace falls, silence is said
        await until(pilot, lambda: "silent 4 s" in cues_text(screen))
        assert "111 wpm" in cues_text(screen) and "slow" in cues_text(screen)
        live.state = LiveState(81.0, 80.0, 180, 0, "", 140.0, None, 81.0)
        recorder.elapsed_s = 81.0
        await until(pilot, lambda: "wrap up" in cues_text(screen))
        assert "silent" not in cues_text(screen)
        live.state = LiveState(91.0, 90.0, 200, 0, "", 140.0, None, 91.0)
        recorder.elapsed_s = 91.0
        await until(pilot, lambda: "over time" in cues_text(screen))
        assert "wrap up" not in cues_text(screen)
        assert fakes.voice.spoken == spoken  # none of it read aloud
