"""End to end, the delivery part (issue 21): a spoken answer through the real audio stack, model
and UI; the report appears without waiting for how it sounded ("measuring how it sounds…"), the
part then arrives from its worker process with its plot, and history keeps it."""

from __future__ import annotations

import asyncio
import time
from argparse import Namespace
from collections.abc import Callable
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


async def until(pilot: Any, condition: Callable[[], bool], timeout: float, what: str) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"{what}: not reached in {timeout:.0f} s")
        await pilot.pause(0.02)


def busy(app: Any, group: str) -> bool:
    from textual.worker import WorkerState

    return any(
        w.group == group and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
        for w in app.workers
    )


@pytest.mark.anyio
async def test_the_report_first_then_how_it_sounded(
    virtual_mic: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import Static

    from voicecoach.store import Store
    from voicecoach.ui.app import build_app
    from voicecoach.ui.delivery_view import PENDING
    from voicecoach.ui.practice import PracticeScreen
    from voicecoach.ui.results import ResultsScreen

    home = tmp_path / "home"
    monkeypatch.setenv("VOICECOACH_HOME", str(home))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    args = Namespace(
        home=str(home), no_voice=True, model=None, device=None, config=None, no_mic_check=True
    )
    app = build_app(args)
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen), 10, "practice screen")
        practice = app.screen
        await until(pilot, lambda: app.session.transcriber is not None, 120, "model loaded")
        await pilot.pause(0.5)
        await until(pilot, lambda: not busy(app, "warm-up"), 120, "warm-up finished")
        await pilot.press("space")
        await until(pilot, lambda: practice.state == "recording", 20, "recording")
        player = virtual_mic.play_into_mic(SAMPLE)
        await asyncio.to_thread(player.wait, 60)
        assert player.returncode == 0
        await pilot.pause(0.3)
        stopped = time.monotonic()
        # Pilot's press returns once the app is idle, which can be after the delivery part has
        # come (unit tests check that the report comes first: tests/unit/test_delivery_follows).
        await pilot.press("space")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen), 180, "results screen")
        shown = time.monotonic() - stopped
        results = app.screen
        status = results.query("#delivery-status")
        # Until the part comes, the section says it is on its way.
        assert not status or str(status.first(Static).content) == PENDING
        await until(pilot, lambda: bool(app.screen.query("#delivery-plot")), 120, "delivery")
        followed = time.monotonic() - stopped
        print(f"report {shown:.2f} s after the stop, its delivery part {followed:.2f} s")
        assert app.screen.analysis.delivery is not None
        await until(pilot, lambda: app.check is not None and app.check.done, 120, "check")
    [attempt] = Store(home).list()
    assert attempt.analysis.delivery is not None
    assert attempt.analysis.delivery.pitch_range_st is not None
