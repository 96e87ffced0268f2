"""Checks before the first answer (issue 22): a model that cannot be used or a data directory
that cannot be written is said on the question list with its fix, and space refuses the answer
with that line before the microphone opens (it was found only after the answer was recorded)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.pilot import open_question, until
from support.ui_fakes import FakeTranscriber, make_app, text_of
from textual.widgets import Static

from voicecoach.ui.widgets import ModelStatus

pytestmark = pytest.mark.anyio
SIZE = (100, 40)


async def test_a_broken_model_is_said_with_its_fix_and_practice_is_refused(
    tmp_path: Path,
) -> None:
    app, fakes = make_app(tmp_path, transcriber=FakeTranscriber(fail=True))
    async with app.run_test(size=SIZE) as pilot:
        status = app.screen.query_one(ModelStatus)
        await until(pilot, lambda: "unavailable" in text_of(status))
        said = text_of(status)
        assert "model file is corrupt" in said and "make models" in said
        assert status.size.height >= 2  # said in full, not cut to one line
        screen = await open_question(pilot, downs=0)
        await pilot.press("space")
        await until(pilot, lambda: screen.state == "failed")
        message = text_of(screen.query_one("#message", Static))
        assert "model file is corrupt" in message and "`make models`" in message
        assert fakes.recorders == []  # the microphone never opened
        assert not any((tmp_path / "recordings").glob("*.wav"))


async def test_a_model_still_loading_does_not_refuse_the_answer(tmp_path: Path) -> None:
    import threading

    gate = threading.Event()
    app, fakes = make_app(tmp_path, transcriber=FakeTranscriber(load_gate=gate))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(pilot, downs=0)
        await pilot.press("space")
        await until(pilot, lambda: screen.state == "recording")
        gate.set()
        assert len(fakes.recorders) == 1


async def test_a_data_directory_that_is_a_file_refuses_the_answer_before_recording(
    tmp_path: Path,
) -> None:
    home = tmp_path / "data"
    home.write_text("not a directory", encoding="utf-8")
    app, fakes = make_app(tmp_path, store=None)
    app.services.recordings_dir = home / "recordings"
    app.services.store_error = f"the data directory {home} is a file, not a directory"
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "ready" in app.model_state)
        screen = await open_question(pilot, downs=0)
        await pilot.press("space")
        await until(pilot, lambda: screen.state == "failed")
        message = text_of(screen.query_one("#message", Static))
        assert str(home / "recordings") in message  # where answers would go
        assert f"{home} is a file" in message and "permissions" not in message
        assert fakes.recorders == []  # the microphone never opened
