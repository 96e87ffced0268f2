"""A mock interview whose last answer's delivery part is still being measured when its results
open: the report the App writes then has that answer's "How it sounded" block (it used to be
written at once, without it)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from support.delivery_fakes import FakeMeasure
from support.ui_fakes import make_app, until

from voicecoach.questions import Bank, load_bank
from voicecoach.rendering.delivery import HEADING
from voicecoach.ui.practice import PracticeScreen
from voicecoach.ui.results import ResultsScreen

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_the_report_of_an_interview_has_its_last_answer_s_late_delivery_part(
    tmp_path: Path,
) -> None:
    intro = load_bank().get("intro")
    assert intro is not None
    app, _ = make_app(tmp_path, bank=Bank(questions=[intro]), speak=False)
    gate = threading.Event()
    app.services.measure_delivery = FakeMeasure(gate=gate)
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: "ready" in app.model_state)
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        screen = app.screen
        await pilot.press("space")
        await until(pilot, lambda: screen.state == "recording")
        await pilot.press("space")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        await pilot.pause(0.3)  # the report is due; its answer's part is still on its way
        gate.set()
        reports = tmp_path / "interviews"
        await until(pilot, lambda: any(reports.glob("interview-*.md")))
        (md,) = reports.glob("interview-*.md")
        assert HEADING in md.read_text(encoding="utf-8")
