"""As the delivery part arrives the report keeps its width (issue 21, keys as the part arrives):
its room is kept from the first paint, so a report that needs a scroll bar once the section is
in has it already. It used to grow one at the arrival: every line rewrapped 2 columns narrower
and the whole report was redrawn while keys waited (over 100 ms on a busy machine)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from support.delivery_fakes import FakeMeasure
from support.ui_fakes import make_app, record_intro, until
from textual.containers import VerticalScroll

from voicecoach.ui.results import ResultsScreen

HEIGHT = 40  # the report fits without the section, not with it


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_the_report_keeps_its_width_as_the_part_arrives(tmp_path: Path) -> None:
    gate = threading.Event()
    app, _ = make_app(tmp_path)
    app.services.measure_delivery = FakeMeasure(gate=gate)
    async with app.run_test(size=(100, HEIGHT)) as pilot:
        await record_intro(app, pilot)
        await pilot.press("space")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        await pilot.pause(0.2)
        report = app.screen.query_one("#results", VerticalScroll)
        transcript = app.screen.query_one("#transcript")
        before = (report.scrollable_content_region.width, transcript.size.width)
        gate.set()
        await until(pilot, lambda: bool(app.screen.query("#delivery-plot")))
        await pilot.pause(0.2)
        after = (report.scrollable_content_region.width, transcript.size.width)
        assert report.virtual_size.height > report.size.height  # it scrolls once the part is in
        assert after == before
