"""Short takes (issue 22): space, then space again after a second, offers to discard the take
instead of analysing it and blaming the microphone ("No speech was heard… check the
microphone level"); a discarded take leaves no history row and no file."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.ui_fakes import FakeStore, make_app, record_intro, text_of, until
from textual.widgets import Static

from voicecoach.ui.footer import KeyFooter
from voicecoach.ui.practice import PracticeScreen
from voicecoach.ui.questions import QuestionListScreen
from voicecoach.ui.results import ResultsScreen

pytestmark = pytest.mark.anyio
SIZE = (100, 40)


def message_of(screen: PracticeScreen) -> str:
    return text_of(screen.query_one("#message", Static))


def keys_of(screen: PracticeScreen) -> str:
    return screen.query_one(KeyFooter).render().plain


async def test_a_short_take_is_offered_for_discarding_and_leaves_nothing(tmp_path: Path) -> None:
    app, fakes = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await record_intro(app, pilot)
        assert "Discard" not in keys_of(screen)  # d and k only once a short take waits
        fakes.recorder.elapsed_s = 1.0
        await pilot.press("space")
        await until(pilot, lambda: screen.state == "short")
        await until(pilot, lambda: "d Discard take" in keys_of(screen))
        assert "k Keep take" in keys_of(screen)
        said = message_of(screen)
        assert "discard" in said and "microphone" not in said.lower()
        await until(pilot, lambda: fakes.recorder.stopped)  # the microphone stops meanwhile
        assert fakes.analyse.calls == []
        path = fakes.recorder.path
        await pilot.press("d")
        await until(pilot, lambda: "discarded" in message_of(screen))
        assert screen.state == "ready"
        assert not path.exists()  # no file
        assert fakes.store is not None and fakes.store.attempts == []  # no history row
        assert fakes.store.unfinished_recording(path) is None  # nothing offered later
        assert fakes.analyse.calls == []


async def test_a_short_take_can_be_kept_and_analysed(tmp_path: Path) -> None:
    app, fakes = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await record_intro(app, pilot)
        fakes.recorder.elapsed_s = 1.5
        await pilot.press("space")
        await until(pilot, lambda: screen.state == "short")
        await pilot.press("k")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        assert fakes.store is not None and len(fakes.store.attempts) == 1


async def test_space_on_a_short_take_discards_it_and_records_again(tmp_path: Path) -> None:
    store = FakeStore(tmp_path)
    handed_out = store.new_recording_path
    takes: list[Path] = []

    def new_path(question_id: str | None) -> Path:  # a new name each take, as the real store
        path = handed_out(question_id)
        takes.append(path.rename(path.with_name(f"take-{len(takes)}-{path.name}")))
        return takes[-1]

    store.new_recording_path = new_path  # type: ignore[method-assign]
    app, fakes = make_app(tmp_path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await record_intro(app, pilot)
        first = fakes.recorder
        first.elapsed_s = 0.8
        await pilot.press("space")
        await until(pilot, lambda: screen.state == "short")
        await pilot.press("space")
        await until(pilot, lambda: screen.state == "recording" and fakes.recorder is not first)
        await until(pilot, lambda: not first.path.exists())
        assert fakes.store is not None and fakes.store.attempts == []


async def test_escape_on_a_short_take_discards_it(tmp_path: Path) -> None:
    app, fakes = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await record_intro(app, pilot)
        fakes.recorder.elapsed_s = 1.0
        await pilot.press("space")
        await until(pilot, lambda: screen.state == "short")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, QuestionListScreen))
        await until(pilot, lambda: not fakes.recorder.path.exists())
        assert app.session.pending == []  # not offered with `a`
        assert fakes.store is not None and fakes.store.attempts == []


async def test_a_take_of_two_seconds_or_more_is_analysed_as_before(tmp_path: Path) -> None:
    app, fakes = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await record_intro(app, pilot)
        fakes.recorder.elapsed_s = 2.0
        await pilot.press("space")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        assert screen.state != "short"
