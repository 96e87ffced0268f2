"""The app in a real terminal (tmux): it starts, shows the questions, answers keys, and quits."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def capture(session: str) -> str:
    return subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True, timeout=10
    ).stdout


def wait_for(session: str, text: str, timeout: float = 90.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = capture(session)
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")


@pytest.fixture
def tmux_app(tmp_path: Path):
    session = f"vc-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "VOICECOACH_HOME": str(tmp_path), "TERM": "xterm-256color"}
    command = f"{sys.executable} -m voicecoach --no-voice; echo EXITED-$?; sleep 30"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40", command],
        check=True,
        env=env,
        timeout=10,
    )
    try:
        yield session
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True, timeout=10)


def keys(session: str, *names: str) -> None:
    for name in names:
        subprocess.run(["tmux", "send-keys", "-t", session, name], check=True, timeout=10)
        # A bare Escape followed at once by another key reads as Alt+key in a terminal.
        time.sleep(0.4 if name == "Escape" else 0.1)


@pytest.mark.model
def test_app_runs_in_a_real_terminal(tmux_app: str) -> None:
    screen = wait_for(tmux_app, "Tell me about yourself")
    assert "Nice to meet you" in screen or "Opening small talk" in screen
    keys(tmux_app, "?")
    wait_for(tmux_app, "voicecoach keys")
    keys(tmux_app, "Escape")
    keys(tmux_app, "Down", "Enter")
    wait_for(tmux_app, "60-90")  # the intro's target band on the practice screen
    keys(tmux_app, "Escape")
    wait_for(tmux_app, "Opening small talk")
    time.sleep(0.3)
    keys(tmux_app, "q")
    screen = wait_for(tmux_app, "EXITED-0")
    assert "Traceback" not in screen
