"""The question list's "Last result" at 60 columns: cut after a whole part with "…" where the
titles cannot give more room (QA: it ran off the edge mid-word, "✗ 72 s · 178 wpm · 2 fille",
nothing saying it was cut); whole again when the terminal is wide enough."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.ui_fakes import FakeAttempt, FakeStore, make_app, sample_analysis, until
from textual.widgets import DataTable

from voicecoach.ui.questions import fit_summary

pytestmark = pytest.mark.anyio

WHOLE = "✗ 72 s · 178 wpm · 2 fillers"


async def test_the_last_result_is_cut_with_an_ellipsis_at_60_columns(tmp_path: Path) -> None:
    store = FakeStore(tmp_path, [FakeAttempt("intro", sample_analysis(), tmp_path / "a.wav")])
    app, _ = make_app(tmp_path, store=store)
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.screen.query_one("#questions", DataTable)
        await until(pilot, lambda: "72 s" in str(table.get_cell("intro", "last")))
        await until(pilot, lambda: str(table.get_cell("intro", "last")) == "✗ 72 s · 178 wpm…")
        await pilot.pause(0.1)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        shown = "\n".join(s.text for s in app.screen._compositor.render_strips())
        assert "✗ 72 s · 178 wpm…" in shown and "2 fille" not in shown, shown
        await pilot.resize_terminal(100, 20)
        await until(pilot, lambda: str(table.get_cell("intro", "last")) == WHOLE)


def test_fit_summary_keeps_whole_parts() -> None:
    assert fit_summary(WHOLE, 40) == WHOLE
    assert fit_summary(WHOLE, 27) == "✗ 72 s · 178 wpm…"
    assert fit_summary(WHOLE, 11) == "✗ 72 s…"
    assert fit_summary("no speech heard at all", 10).endswith("…")
