"""The results' title reads as a sentence for a question title ending in "?" (it said
"Why Celery and RabbitMQ for 1,000 logins?: your answer"), issue 22."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.ui_fakes import make_app, sample_analysis, text_of, until
from textual.widgets import Static

from voicecoach.ui.results import ResultsScreen

pytestmark = pytest.mark.anyio


async def test_results_title_names_the_question_after_your_answer(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        question = app.bank.get("celery-why")
        assert question is not None
        app.push_screen(ResultsScreen(question, sample_analysis("celery-why"), None))
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        title = text_of(app.screen.query_one("#results-title", Static))
        assert title == "Your answer: Why Celery and RabbitMQ for 1,000 logins?"
