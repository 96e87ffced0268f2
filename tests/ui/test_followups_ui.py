"""Follow-up questions in the app (issue 23): the results offer the follow-up the answer calls
for, `f` asks it (read aloud, marked as a follow-up), its answer is scored and saved linked to
the answer before, and `n` then goes on after the parent question."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.pilot import answer, open_question, until
from support.ui_fakes import FakeAttempt, FakeStore, make_app, text_of
from textual.widgets import Static

from voicecoach.ui.practice import PracticeScreen
from voicecoach.ui.results import ResultsScreen

pytestmark = pytest.mark.anyio
SIZE = (100, 40)
ACHIEVEMENT = "What is one thing you achieved that you are proud of? What changed, and by how much?"


class LinkingStore(FakeStore):
    """The fake store, keeping the parent link as the real one does."""

    def save(self, *args: object, parent_id: int | None = None, **kwargs: object) -> FakeAttempt:
        attempt = super().save(*args, **kwargs)  # type: ignore[arg-type]
        attempt.parent_id = parent_id  # type: ignore[attr-defined]
        return attempt


async def test_the_follow_up_is_offered_asked_and_linked_to_its_parent(tmp_path: Path) -> None:
    store = LinkingStore(tmp_path)
    app, fakes = make_app(tmp_path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "ready" in app.model_state)
        screen = await open_question(pilot, downs=1)  # "Tell me about yourself"
        await answer(pilot, screen)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        offer = text_of(results.query_one("#followup", Static))
        # The fake answer gives no figure: the interviewer asks for an achievement with one.
        assert offer.startswith(f"Follow-up: {ACHIEVEMENT}")
        assert "f: answer it" in offer and "gave no concrete quantity" in offer
        assert not results.hides_key("followup")

        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        follow = app.screen
        assert follow.question.id == "intro.achievement"
        title = text_of(follow.query_one("#question-title", Static))
        assert title == "Follow-up: An achievement with a number"
        await until(pilot, lambda: fakes.voice.spoken[-1:] == [ACHIEVEMENT])  # read aloud

        await answer(pilot, follow)
        parent, child = store.attempts
        assert child.question_id == "intro.achievement"
        assert child.parent_id == parent.id and parent.parent_id is None  # type: ignore[attr-defined]
        done = app.screen
        assert isinstance(done, ResultsScreen) and done.question.id == "intro.achievement"
        assert not done.query("#followup")  # a follow-up has no follow-up of its own
        assert done.hides_key("followup")  # and no `f` in the key bar
        await pilot.press("f")  # pressed anyway: it says there is none (it did nothing)
        await until(pilot, lambda: any("No follow-up" in n.message for n in app._notifications))
        assert app.screen is done

        await pilot.press("n")  # on after the parent: the question after "intro"
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        assert app.screen.question.id == "duplicates"


async def test_no_follow_up_offered_when_no_trigger_holds(tmp_path: Path) -> None:
    from dataclasses import replace

    from voicecoach.questions import load_bank

    bank = load_bank()
    intro = bank.get("intro")
    assert intro is not None
    bank.questions[1] = replace(intro, followups=())  # a user's question without follow-ups
    app, _ = make_app(tmp_path, bank=bank)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "ready" in app.model_state)
        screen = await open_question(pilot, downs=1)
        await answer(pilot, screen)
        assert not app.screen.query("#followup")
        await pilot.press("f")  # says so, and stays
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)


async def test_history_and_replay_show_a_follow_up_linked_to_its_parent(tmp_path: Path) -> None:
    from test_history_ui import FakePlayer, HostApp, cell_texts, make_analysis
    from textual.widgets import DataTable

    from voicecoach.questions import load_bank
    from voicecoach.store import Store
    from voicecoach.ui.history import HistoryScreen
    from voicecoach.ui.replay import ReplayScreen

    store = Store(tmp_path / "home")
    parent = store.save(make_analysis(1, "alpha"), None, "celery-why", created_at="2026-01-01")
    store.save(
        make_analysis(0, "bravo"),
        None,
        "celery-why.network-errors",
        created_at="2026-01-02",
        parent_id=parent.id,
    )
    find = load_bank().get
    screen = HistoryScreen(store, player_factory=FakePlayer, find_question=find)
    async with HostApp(screen).run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        table = screen.query_one("#history-table", DataTable)
        assert cell_texts(table, 2) == [
            f"↳ #{parent.id} Does Celery solve network errors?",
            "Why Celery and RabbitMQ for 1,000 logins?",
        ]
    child = store.followups(parent.id)[0]
    replay = ReplayScreen(child, FakePlayer, find_question=find)
    async with HostApp(replay).run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        title = text_of(replay.query_one("#replay-title", Static))
        assert f"follow-up to attempt {parent.id}: Does Celery solve network errors?" in title
