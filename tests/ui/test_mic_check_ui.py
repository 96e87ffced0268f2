"""The microphone check before the session's first answer, and on `m`: it names the input,
shows its level, says "say a few words", says when it hears nothing, and ends on a key or by
itself once a voice is heard (issue 22). The listening is faked; the screen only shows it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support.ui_fakes import make_app, text_of, until
from textual.widgets import Static

from voicecoach.audio.level_check import LevelReading
from voicecoach.ui.mic_check import MicCheckScreen
from voicecoach.ui.practice import PracticeScreen
from voicecoach.ui.questions import QuestionListScreen
from voicecoach.ui.widgets import LevelMeter

pytestmark = pytest.mark.anyio


class FakeLevelCheck:
    """A check whose reading the test sets."""

    instances: list[FakeLevelCheck] = []

    def __init__(self) -> None:
        self.device_name = "Fake USB Mic"
        self.reading = LevelReading(0.0, 0.0, False, False)
        self.started = self.stopped = False
        FakeLevelCheck.instances.append(self)

    def start(self) -> None:
        self.started = True

    def poll(self) -> LevelReading:
        return self.reading

    def stop(self) -> None:
        self.stopped = True


def app_with_check(tmp_path: Path, **config: Any) -> tuple[Any, Any]:
    FakeLevelCheck.instances.clear()
    app, fakes = make_app(tmp_path, speak=False)
    app.services.level_check_factory = FakeLevelCheck
    for key, value in config.items():
        setattr(app.config, key, value)
    return app, fakes


def state_of(app: Any) -> str:
    return text_of(app.screen.query_one("#mic-state", Static))


async def open_intro(app: Any, pilot: Any) -> PracticeScreen:
    await until(pilot, lambda: "ready" in app.model_state)
    await pilot.press("down", "enter")
    await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
    return app.screen


async def test_first_space_checks_the_microphone_then_records(tmp_path: Path) -> None:
    app, fakes = app_with_check(tmp_path)
    async with app.run_test(size=(100, 34)) as pilot:
        practice = await open_intro(app, pilot)
        await pilot.press("space")
        await until(pilot, lambda: isinstance(app.screen, MicCheckScreen))
        assert not fakes.recorders  # nothing recorded before the check
        await until(pilot, lambda: bool(FakeLevelCheck.instances))
        check = FakeLevelCheck.instances[-1]
        screen = app.screen
        await until(pilot, lambda: "Fake USB Mic" in text_of(screen.query_one("#mic-device")))
        assert check.started
        assert text_of(screen.query_one("#mic-say", Static)).startswith("Say a few words")
        # Nothing heard for a few seconds: said plainly, with what to do.
        check.reading = LevelReading(0.0, 4.2, False, True)
        await until(pilot, lambda: state_of(app).startswith("No sound from Fake USB Mic"))
        assert "muted" in state_of(app) and "--device" in state_of(app)
        # A voice: the meter moves, "Heard you. Ready.", and the check closes by itself.
        check.reading = LevelReading(0.7, 5.0, True, False)
        await until(pilot, lambda: state_of(app) == "Heard you. Ready.")
        assert screen.query_one("#mic-level", LevelMeter).level == pytest.approx(0.7)
        await until(pilot, lambda: app.screen is practice, timeout=5)
        await until(pilot, lambda: check.stopped)
        message = text_of(practice.query_one("#message", Static))
        assert message.startswith("Microphone check: heard you on Fake USB Mic")
        assert practice.state == "ready"
        # Once a session: the next space records at once.
        await pilot.press("space")
        await until(pilot, lambda: practice.state == "recording")
        assert len(FakeLevelCheck.instances) == 1


async def test_the_check_is_skippable_and_asked_only_once(tmp_path: Path) -> None:
    app, fakes = app_with_check(tmp_path)
    async with app.run_test(size=(100, 34)) as pilot:
        practice = await open_intro(app, pilot)
        await pilot.press("space")
        await until(pilot, lambda: isinstance(app.screen, MicCheckScreen))
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is practice)
        assert text_of(practice.query_one("#message", Static)).startswith(
            "Microphone check skipped"
        )
        await pilot.press("escape")  # another question: no second check
        await until(pilot, lambda: isinstance(app.screen, QuestionListScreen))
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        await pilot.press("space")
        await until(pilot, lambda: app.screen.state == "recording")


async def test_m_checks_from_the_list_and_the_practice_screen(tmp_path: Path) -> None:
    app, _ = app_with_check(tmp_path)
    async with app.run_test(size=(100, 34)) as pilot:
        await until(pilot, lambda: "ready" in app.model_state)
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, MicCheckScreen))
        await until(pilot, lambda: bool(FakeLevelCheck.instances))
        listing = app.screen_stack[0]
        FakeLevelCheck.instances[-1].reading = LevelReading(0.6, 1.0, True, False)
        await until(pilot, lambda: app.screen is listing, timeout=5)
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        practice = app.screen
        await pilot.press("space")  # checked on the list: the answer starts at once
        await until(pilot, lambda: practice.state == "recording")
        await pilot.press("m")  # not while recording (the microphone is in use)
        await pilot.pause(0.2)
        assert app.screen is practice and len(FakeLevelCheck.instances) == 1


async def test_turned_off_in_the_config_space_records_at_once(tmp_path: Path) -> None:
    app, _ = app_with_check(tmp_path, mic_check=False)
    async with app.run_test(size=(100, 34)) as pilot:
        practice = await open_intro(app, pilot)
        await pilot.press("space")
        await until(pilot, lambda: practice.state == "recording")
        assert not FakeLevelCheck.instances
        await pilot.press("space")


async def test_a_microphone_that_cannot_open_is_said(tmp_path: Path) -> None:
    app, _ = app_with_check(tmp_path)

    def broken() -> Any:
        from voicecoach.errors import DeviceError

        raise DeviceError("no input device 'USB'; inputs: 0: pulse")

    app.services.level_check_factory = broken
    app.config.device = "USB"
    async with app.run_test(size=(100, 34)) as pilot:
        practice = await open_intro(app, pilot)
        await pilot.press("space")
        await until(pilot, lambda: isinstance(app.screen, MicCheckScreen))
        await until(pilot, lambda: state_of(app).startswith("Cannot open USB"))
        assert "inputs: 0: pulse" in state_of(app)
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is practice)
        assert "cannot open USB" in text_of(practice.query_one("#message", Static))
