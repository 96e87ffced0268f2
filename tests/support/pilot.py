"""Steps through the practice flow with Textual's Pilot: open a question, record, answer. Shared
by the UI tests and the system tests that drive the app in-process."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.pilot import Pilot

from voicecoach.ui.practice import PracticeScreen
from voicecoach.ui.results import ResultsScreen


async def until(pilot: Pilot, condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Let the app run until ``condition`` holds (workers post from threads)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("condition not reached in time")
        await pilot.pause(0.02)
    await pilot.pause()  # let a newly pushed screen finish mounting


async def open_question(pilot: Pilot, downs: int = 1) -> PracticeScreen:
    """From the list, arrow down ``downs`` rows and press enter."""
    await pilot.press(*(["down"] * downs), "enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, PracticeScreen))
    return pilot.app.screen  # type: ignore[return-value]


async def record(pilot: Pilot, screen: PracticeScreen) -> None:
    await pilot.press("space")
    await until(pilot, lambda: screen.state in ("recording", "failed"))


async def answer(pilot: Pilot, screen: PracticeScreen) -> None:
    """Record on ``screen``, stop, and wait for the results."""
    await record(pilot, screen)
    await pilot.press("space")
    await until(pilot, lambda: isinstance(pilot.app.screen, ResultsScreen))
