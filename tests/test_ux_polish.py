"""Second audit batch: the list at 80 columns, the key bar while transcribing, the history chart,
`analyze`'s text output, replay titles and local times. Each test fails without its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable
from ui_fakes import FakeAttempt, FakeStore, make_app, sample_analysis, until

from voicecoach.ui.questions import fit_title

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"  # Textual runs on asyncio


def _long_result_store(tmp_path: Path) -> FakeStore:
    """The longest question with a last result: at 80 columns its row used to be cut."""
    analysis = sample_analysis("celery-why")
    analysis.duration_s = 130.0
    analysis.fillers = analysis.fillers * 6  # 12 fillers: a two-digit count
    return FakeStore(tmp_path, [FakeAttempt("celery-why", analysis, tmp_path / "a.wav")])


@pytest.mark.parametrize("width", [80, 100, 120])
async def test_question_list_fits_the_terminal(tmp_path: Path, width: int) -> None:
    """At 80 columns "Last result" ran off the screen ("✗ 30 s · 171 wpm · 2 fil"): titles
    give way instead; at 100+ nothing is cut."""
    app, _ = make_app(tmp_path, store=_long_result_store(tmp_path))
    async with app.run_test(size=(width, 24)) as pilot:
        table = app.screen.query_one("#questions", DataTable)
        await until(pilot, lambda: "130 s" in str(table.get_cell("celery-why", "last")))
        await until(pilot, lambda: table.columns["last"].content_width > len("Last result"))
        await pilot.pause(0.05)
        summary = str(table.get_cell("celery-why", "last"))
        assert summary.endswith("12 fillers")
        room = table.scrollable_content_region.width
        assert table.virtual_size.width <= room, (table.virtual_size.width, room)
        titles = [str(table.get_cell(q.id, "title")) for q in app.bank.questions]
        if width >= 100:
            assert titles == [q.title for q in app.bank.questions]
        else:
            cut = titles[3]
            assert cut.startswith("Why Celery and RabbitMQ") and cut.endswith("…"), cut
        # A wider terminal gives the titles back.
        await pilot.resize_terminal(140, 24)
        await pilot.pause(0.1)
        titles = [str(table.get_cell(q.id, "title")) for q in app.bank.questions]
        assert titles == [q.title for q in app.bank.questions]


def test_fit_title_cuts_at_a_word() -> None:
    assert fit_title("Tell me about yourself", 30) == "Tell me about yourself"
    assert fit_title("Why Celery and RabbitMQ for 1,000 logins?", 36) == (
        "Why Celery and RabbitMQ for 1,000…"
    )
    assert fit_title("Supercalifragilisticexpialidocious", 10) == "Supercali…"
    assert len(fit_title("Why Celery and RabbitMQ for 1,000 logins?", 20)) <= 20


async def test_space_is_not_offered_while_transcribing(tmp_path: Path) -> None:
    """The key bar said "space Record / stop" while transcribing, where space does nothing."""
    import threading

    from ui_fakes import FakeAnalyse

    from voicecoach.ui.footer import KeyFooter
    from voicecoach.ui.practice import PracticeScreen
    from voicecoach.ui.results import ResultsScreen

    gate = threading.Event()
    app, _ = make_app(tmp_path, analyse=FakeAnalyse(gate=gate))
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: "ready" in app.model_state)
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        screen = app.screen
        bar = screen.query_one(KeyFooter)
        assert "Record / stop" in bar.render().plain
        await pilot.press("space")
        await until(pilot, lambda: screen.state == "recording")
        await until(pilot, lambda: "Record / stop" in bar.render().plain)
        await pilot.press("space")
        await until(pilot, lambda: screen.state == "transcribing")
        await until(pilot, lambda: "Record / stop" not in bar.render().plain)
        assert "Back" in bar.render().plain
        gate.set()
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
