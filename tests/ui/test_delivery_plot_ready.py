"""The plot's picture is made before the section shows (issue 21, keys as the part arrives): the
first frame of "How it sounded" has the plot drawn, never a "drawing…" placeholder. Made once the
plot was on screen, the thread painting it held the GIL while the UI thread laid out and drew the
new section, and a key pressed then waited behind both."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from rich.text import Text
from support.delivery_fakes import FakeMeasure
from support.ui_fakes import make_app, record_intro, until

from voicecoach.ui.delivery_view import DeliveryPlot
from voicecoach.ui.results import ResultsScreen


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_the_plot_shows_drawn_from_its_first_frame(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    render = DeliveryPlot.render

    def recorded(self: DeliveryPlot) -> object:
        picture = render(self)
        shown.append(picture.plain if isinstance(picture, Text) else "?")
        return picture

    monkeypatch.setattr(DeliveryPlot, "render", recorded)
    painted_again: list[object] = []
    paint = DeliveryPlot._paint
    monkeypatch.setattr(
        DeliveryPlot, "_paint", lambda self, view: (painted_again.append(view), paint(self, view))
    )
    gate = threading.Event()
    app, _ = make_app(tmp_path)
    app.services.measure_delivery = FakeMeasure(gate=gate)
    async with app.run_test(size=(100, 60)) as pilot:
        await record_intro(app, pilot)
        await pilot.press("space")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        gate.set()
        await until(pilot, lambda: bool(app.screen.query("#delivery-plot")))
        await until(pilot, lambda: bool(shown))
        await pilot.pause(0.3)
    assert shown and "drawing…" not in shown
    assert "seconds" in shown[0]  # the plot's x label: the picture itself
    assert painted_again == []  # made at the size it shows at
