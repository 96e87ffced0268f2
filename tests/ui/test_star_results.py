"""STAR on the results screen (Pilot, fakes only): each part told (✓, with its words) or missing
(✗, with what to add), and the question's outline of a strong answer after the attempt, never
on the practice screen before it."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.ui_fakes import make_app, sample_analysis, text_of, until
from textual.widgets import Static

from voicecoach.datatypes import AnalysedWord, Analysis
from voicecoach.practice.pipeline import add_content
from voicecoach.ui.practice import PracticeScreen
from voicecoach.ui.results import ResultsScreen

pytestmark = pytest.mark.anyio
SIZE = (110, 70)
NO_RESULT = (
    "At my last job, our bulk uploads froze the whole site for minutes. I was responsible for "
    "the upload service. I proposed Celery, my manager approved it, and I built the proof of "
    "concept with two other developers."
)


def story(text: str, question: object) -> Analysis:
    analysis = sample_analysis("leader")
    analysis.words = [
        AnalysedWord(w, i * 0.4, i * 0.4 + 0.3, False) for i, w in enumerate(text.split())
    ]
    analysis.fillers = []
    return add_content(analysis, question)  # type: ignore[arg-type]


def shown(screen: object) -> str:
    return "\n".join(text_of(s) for s in screen.query(Static))  # type: ignore[attr-defined]


async def test_results_show_each_star_part_and_the_outline(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "ready" in app.model_state)
        leader = app.bank.get("leader")
        assert leader is not None
        app.push_screen(ResultsScreen(leader, story(NO_RESULT, leader), None))
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        screen = app.screen
        star = text_of(screen.query_one("#star", Static))
        assert '✓ Situation  "At my last job, our bulk uploads froze' in star
        assert '✓ Action  "' in star and "I proposed Celery" in star
        assert "✗ Result  missing: end with the result" in star
        assert "Story (STAR): 3 of 4 parts told" in shown(screen)
        tips = text_of(screen.query_one("#tips", Static))
        assert "Tell it as a STAR story: no result heard" in tips
        outline = text_of(screen.query_one("#outline", Static))
        assert outline.splitlines()[0].startswith("1. Situation:")
        assert len(outline.splitlines()) == len(leader.outline)


async def test_other_questions_show_no_star_and_no_outline(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "ready" in app.model_state)
        intro = app.bank.get("intro")
        assert intro is not None
        app.push_screen(ResultsScreen(intro, sample_analysis(), None))
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        await pilot.pause(0.1)
        assert not app.screen.query("#star")
        assert not app.screen.query("#outline")
        assert "STAR" not in shown(app.screen)


async def test_the_outline_is_not_shown_before_the_answer(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, speak=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "ready" in app.model_state)
        leader = app.bank.get("leader")
        assert leader is not None
        app.push_screen(PracticeScreen(leader))
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        await pilot.pause(0.1)
        before = shown(app.screen)
        assert leader.prompt.split("?")[0] in before  # the question is on screen
        assert not any(step[:40] in before for step in leader.outline)
