"""The question list marks a story (checked for STAR, issue 23), so the candidate sees which
answers are judged as stories; not follow-ups, which every built-in question has. The mark fits
the list at 80 columns: the title gives way (cut with …), the mark and the last result stay
whole. Pilot, fakes, no model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support.ui_fakes import FakeAttempt, FakeStore, make_app, sample_analysis, until
from textual.widgets import DataTable

from voicecoach.questions import load_bank
from voicecoach.questions.own import QuestionDraft, add_question

pytestmark = pytest.mark.anyio


def titles(app: Any) -> dict[str, str]:
    table = app.screen.query_one("#questions", DataTable)
    return {str(k.value): str(table.get_cell(k, "title")) for k in table.rows}


async def test_stories_are_marked_within_80_columns(tmp_path: Path) -> None:
    bank = load_bank((), tmp_path / "config" / "my-questions.toml")
    add_question(bank, QuestionDraft("Why this team?", "Why this team?", 30, 90, ()))
    attempts = [FakeAttempt(q, sample_analysis(q), tmp_path / f"{q}.wav") for q in bank.ids]
    app, _ = make_app(tmp_path, bank=bank, store=FakeStore(tmp_path, attempts), speak=False)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.screen.query_one("#questions", DataTable)
        await until(pilot, lambda: "72 s" in str(table.get_cell("intro", "last")))
        await until(pilot, lambda: table.columns["last"].content_width > len("Last result"))
        await pilot.pause(0.2)
        shown = titles(app)
        # leader and celery-why are stories; intro is not.
        assert shown["leader"] == "Leader or follower? STAR"
        assert shown["celery-why"].endswith("… STAR") or shown["celery-why"].endswith(" STAR")
        assert shown["intro"] == "Tell me about yourself"
        assert shown["why-this-team"] == "Why this team? · yours"  # not a story; the user's own
        # Nothing pushed off the screen: no sideways scrolling, the last result whole.
        assert table.max_scroll_x == 0
        assert "72 s" in str(table.get_cell("leader", "last"))
        # Too narrow for both (40 columns): the title keeps its room, the marks go.
        await pilot.resize_terminal(40, 24)
        await pilot.pause(0.2)
        shown = titles(app)
        assert shown["leader"] == "Leader or follower?"
        assert shown["celery-why"].startswith("Why Celery")
        assert "STAR" not in shown["celery-why"]
