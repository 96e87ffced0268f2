"""The microphone check in a real terminal (tmux) with the virtual microphone: the first space
of a session opens it; it names the input, says when it hears nothing, hears a voice played
into the microphone ("Heard you. Ready."), closes, and the next space records (issue 22)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "intro-short.wav"
MODEL = ROOT / "models" / "tiny.en"

pytestmark = [
    pytest.mark.model,
    pytest.mark.audio,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    pytest.mark.skipif(
        not (MODEL / "model.bin").exists(),
        reason="the tiny.en model is not installed (make models)",
    ),
]


def test_the_first_answer_waits_for_the_microphone_check(virtual_mic: Any, tmp_path: Path) -> None:
    from support.tmux_session import TmuxApp

    home = tmp_path / "home"
    home.mkdir()
    app = TmuxApp(home, {**virtual_mic.env, "HF_HUB_OFFLINE": "1"}, args="--no-voice")
    try:
        app.wait_for("Tell me about yourself", 30)
        app.keys("Down", "Enter")
        app.wait_for("60-90", 15)
        app.wait_for(": ready", 120)  # the model: an answer could be taken now
        app.keys("Space")
        screen = app.wait_for("Microphone check", 15)
        assert "RECORDING" not in screen
        screen = app.wait_for("Say a few words", 10)
        # The virtual microphone plays nothing yet: after a few seconds it is said.
        screen = app.wait_for("No sound from", 20)
        flat = " ".join(screen.split())
        assert "check it is not muted" in flat and "--device" in flat
        assert "Input: " in flat and "(opening…)" not in flat
        player = virtual_mic.play_into_mic(SAMPLE)
        try:
            app.wait_for("Heard you. Ready.", 20)
            # It closes by itself, back on the question, ready.
            screen = app.wait_for("Microphone check: heard you on", 10)
            assert "READY" in screen
        finally:
            player.wait(60)
        time.sleep(0.3)
        app.keys("Space")  # once a session: this space records
        screen = app.wait_for("RECORDING", 20)
        assert "Microphone check" not in screen.split("RECORDING")[-1]
        app.keys("Escape")  # left mid-answer: kept and offered on the list
        app.wait_for("Choose a question", 20)
        app.keys("q")
        assert "Traceback" not in app.wait_for("EXITED-0", 30)
    finally:
        app.kill()
