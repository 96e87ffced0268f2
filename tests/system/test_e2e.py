"""End to end: a spoken answer through the real audio stack, the real model and the real UI.

The sample is played into the virtual microphone in real time (PulseAudio null sink, ALSA
pulse plugin, PortAudio, sounddevice); the app records it, transcribes it with tiny.en and
shows the results screen, whose figures must match ``voicecoach analyze FILE --json`` of the
same file, and the attempt must be in ``voicecoach history --json``. Two variants: the App
under Pilot (fast, inspects the Analysis) and the real process in tmux (reads the screen).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import time
from argparse import Namespace
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "intro-short.wav"
MODEL = ROOT / "models" / "tiny.en"

pytestmark = [
    pytest.mark.model,
    pytest.mark.audio,
    pytest.mark.skipif(
        not (MODEL / "model.bin").exists(),
        reason="the tiny.en model is not installed (make models)",
    ),
]

# The benchmark's tolerances: a live recording adds lead-in and lead-out silence.
WPM_REL = 0.05
FILLER_ABS = 1
DURATION_ABS_S = 1.5


class Reference:
    """`voicecoach analyze SAMPLE --json`, started early so it runs while the app records."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "voicecoach", "analyze", str(SAMPLE), "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "HF_HUB_OFFLINE": "1"},
        )
        self._result: dict[str, Any] | None = None

    def result(self) -> dict[str, Any]:
        if self._result is None:
            out, err = self.proc.communicate(timeout=240)
            assert self.proc.returncode == 0, err
            self._result = json.loads(out)
        return self._result


@pytest.fixture(scope="module")
def reference() -> Iterator[Reference]:
    ref = Reference()
    yield ref
    if ref.proc.poll() is None:
        ref.proc.kill()
        ref.proc.wait(timeout=10)


def history(home: Path) -> list[dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "voicecoach", "history", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "VOICECOACH_HOME": str(home)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def assert_figures_match(
    duration_s: float, wpm: float, fillers: int, long_pauses: int, ref: dict[str, Any]
) -> None:
    """The live answer's figures against the file's batch analysis, within tolerance."""
    got = f"duration {duration_s}, wpm {wpm}, fillers {fillers}, long pauses {long_pauses}"
    want = (
        f"duration {ref['duration_s']}, wpm {ref['wpm']}, fillers {ref['filler_count']}, "
        f"long pauses {ref['long_pauses']}"
    )
    assert abs(wpm - ref["wpm"]) <= WPM_REL * ref["wpm"] + 0.5, f"{got} vs {want}"
    assert abs(fillers - ref["filler_count"]) <= FILLER_ABS, f"{got} vs {want}"
    assert long_pauses == ref["long_pauses"], f"{got} vs {want}"
    # Recorded: the file plus lead-in/out silence, never shorter than the speech itself.
    assert ref["duration_s"] - 0.5 <= duration_s <= ref["duration_s"] + DURATION_ABS_S + 0.5, (
        f"{got} vs {want}"
    )


# --- Pilot: the App object, real services -----------------------------------------------------


async def until(pilot: Any, condition: Callable[[], bool], timeout: float, what: str) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"{what}: not reached in {timeout:.0f} s")
        await pilot.pause(0.05)
    await pilot.pause()


def busy(app: Any, group: str) -> bool:
    from textual.worker import WorkerState

    return any(
        w.group == group and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
        for w in app.workers
    )


@pytest.mark.anyio
async def test_spoken_answer_pilot(
    virtual_mic: Any, reference: Reference, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from voicecoach.ui.app import build_app
    from voicecoach.ui.practice import PracticeScreen
    from voicecoach.ui.results import ResultsScreen

    home = tmp_path / "home"
    monkeypatch.setenv("VOICECOACH_HOME", str(home))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    args = Namespace(
        home=str(home), no_voice=True, no_mic_check=True, model=None, device=None, config=None
    )
    app = build_app(args)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down", "enter")  # the intro ("tell me about yourself")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen), 10, "practice screen")
        practice = app.screen
        assert practice.question.id == "intro"
        # The real path: the model is loaded before the answer, as for a user who reads first.
        await until(pilot, lambda: app.session.transcriber is not None, 120, "model loaded")
        # ...and its warm-up (numba, VAD) is over: it holds the GIL for seconds, which would
        # delay this test's own start of the playback and add silence before the speech.
        await pilot.pause(0.5)
        await until(pilot, lambda: not busy(app, "warm-up"), 120, "warm-up finished")
        started = time.monotonic()
        await pilot.press("space")
        await until(pilot, lambda: practice.state == "recording", 20, "recording")
        recording = time.monotonic()
        player = virtual_mic.play_into_mic(SAMPLE)
        await asyncio.to_thread(player.wait, 60)
        played = time.monotonic()
        assert player.returncode == 0, player.stderr.read() if player.stderr else ""
        await pilot.pause(0.3)
        await pilot.press("space")
        print(f"recording after {recording - started:.2f} s, played {played - recording:.2f} s")
        await until(
            pilot,
            lambda: isinstance(app.screen, ResultsScreen) or practice.state == "failed",
            180,
            "results screen",
        )
        assert isinstance(app.screen, ResultsScreen), practice.query_one("#message").render()
        results = app.screen
        live_report = results.opened_with  # (the check may have replaced it already)
        # Then the live report is checked against a transcription of the whole recording.
        await until(pilot, lambda: app.check is not None and app.check.done, 120, "check")
        await pilot.pause(0.3)
        assert app.check is not None and app.check.live is live_report
        assert app.check.line.startswith("Checked against the whole recording: ")
        results = app.screen
        assert isinstance(results, ResultsScreen)
        a = results.analysis
        print(
            f"live {live_report.wpm:.1f} wpm, {len(live_report.fillers)} fillers; {app.check.line}"
        )
        assert not results.save_error
        audio = results.audio_path
    ref = reference.result()
    assert_figures_match(a.duration_s, a.wpm, len(a.fillers), len(a.long_pauses), ref)
    rows = history(home)
    assert len(rows) == 1 and rows[0]["question"] == "intro"
    assert rows[0]["filler_count"] == len(a.fillers)
    assert abs(rows[0]["wpm"] - a.wpm) <= 0.06
    assert audio is not None and Path(audio).is_file()


# --- tmux: the real process in a real terminal ------------------------------------------------

# The speaking time (the recording around it when it holds a long silence), then the figures;
# the filler rate only for an answer long enough to have one (this one is 13 s).
SUMMARY = re.compile(
    r"Spoke (?P<dur>[\d.]+) s \(target [^)]*\)(?: of a [\d:]+ recording: [^·]*)? · "
    r"(?P<words>\d+) words? · (?P<wpm>\d+) wpm · "
    r"(?P<fillers>\d+) fillers?(?: \([\d.]+ /min\))? · (?P<pauses>\d+) long pauses?"
)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_spoken_answer_real_terminal(
    virtual_mic: Any, reference: Reference, tmp_path: Path
) -> None:
    from support.tmux_session import TmuxApp

    home = tmp_path / "home"
    home.mkdir()
    app = TmuxApp(home, {**virtual_mic.env, "HF_HUB_OFFLINE": "1"})
    try:
        app.wait_for("Tell me about yourself", 30)
        app.keys("Down", "Enter")
        app.wait_for("60-90", 15)
        app.wait_for(": ready", 120)  # the model status line
        app.wait_idle()  # and its warm-up is over (see TmuxApp.wait_idle)
        app.keys("Space")
        app.wait_for("RECORDING", 20)
        virtual_mic.play_into_mic(SAMPLE).wait(60)
        time.sleep(0.3)
        app.keys("Space")
        screen = app.wait_for("Your answer: ", 180)  # the results screen's title
        match = None
        deadline = time.monotonic() + 10
        while match is None and time.monotonic() < deadline:
            match = SUMMARY.search(" ".join(screen.split()))  # the line may wrap
            if match is None:
                time.sleep(0.2)
                screen = app.screen()
        assert match, screen
        assert "Traceback" not in screen
        # The live report, then the check against the whole recording: the figures it shows
        # are the ones history keeps.
        screen = app.wait_for("Checked against the whole recording", 120)
        match = SUMMARY.search(" ".join(screen.split()))
        assert match, screen
        rows = history(home)
        app.keys("q")  # results -> the list (its last result filled in) -> quit
        app.wait_for("Choose a question", 20)
        app.keys("q")
        assert "Traceback" not in app.wait_for("EXITED-0", 20)
    finally:
        app.kill()
    ref = reference.result()
    # The screen shows the speaking time (not the recording, which adds the silence before
    # and after the answer) in whole seconds, and whole wpm: allow for the rounding.
    assert_figures_match(
        float(match["dur"]),
        float(match["wpm"]),
        int(match["fillers"]),
        int(match["pauses"]),
        {**ref, "duration_s": ref["speech_span_s"] - 0.5, "wpm": ref["wpm"]},
    )
    assert len(rows) == 1 and rows[0]["question"] == "intro"
    assert rows[0]["filler_count"] == int(match["fillers"])
