"""The live report checked against a transcription of the whole recording (voicecoach.ui.app).

The live transcriber (a fake returning analysis A) gives the report at the stop; a background
check then runs the batch analysis (a fake returning B) and, when B differs, the results screen
and the stored attempt take B. The check never costs the speaker anything: a failure keeps A,
a new recording or quitting stops it.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from support.live_fakes import FakeLive
from support.ui_fakes import make_app, record_intro, sample_analysis, until
from textual.css.query import NoMatches
from textual.widgets import Static

from voicecoach.config import Config
from voicecoach.datatypes import Analysis, ContentReport
from voicecoach.practice.checking import UNCHECKED_LINE, describe_changes
from voicecoach.store import Store
from voicecoach.ui.app import VoiceCoachApp
from voicecoach.ui.practice import PracticeScreen
from voicecoach.ui.results import ResultsScreen

ASYNCIO = pytest.mark.parametrize("anyio_backend", ["asyncio"])


def checked_analysis(question_id: str | None = "intro") -> Analysis:
    """B: the live report A with one filler fewer ("like" was a real like) and a faster pace."""
    a = sample_analysis(question_id)
    return dataclasses.replace(a, fillers=a.fillers[:1], wpm=181.0)


class CheckAnalyse:
    """The batch analysis the check runs: holds at a gate (calling the progress callback as
    Whisper does between segments), then returns ``result`` or raises ``error``."""

    def __init__(self, result: Analysis | None = None, error: BaseException | None = None) -> None:
        self.result = result
        self.error = error
        self.gate = threading.Event()
        self.calls: list[Path] = []
        self.started = threading.Event()
        self.stopped = threading.Event()  # the progress callback raised: the check was stopped
        self.ended = threading.Event()

    def __call__(
        self, path: Path, transcriber: Any, question: Any, config: Config, progress: Any
    ) -> Analysis:
        self.calls.append(Path(path))
        self.started.set()
        try:
            deadline = time.monotonic() + 20
            while not self.gate.is_set() and time.monotonic() < deadline:
                try:
                    progress(0.5)  # one more segment decoded
                except BaseException:
                    self.stopped.set()
                    raise
                time.sleep(0.01)
            if self.error is not None:
                raise self.error
            progress(1.0)
            return self.result or sample_analysis(question.id if question else None)
        finally:
            self.ended.set()


class SpyStore(Store):
    """The real store, counting rewrites."""

    def __init__(self, home: Path) -> None:
        super().__init__(home)
        self.replaced: list[int] = []

    def replace_analysis(self, attempt_id: int, analysis: Analysis) -> Any:
        self.replaced.append(attempt_id)
        return super().replace_analysis(attempt_id, analysis)


def build(tmp_path: Path, analyse: CheckAnalyse) -> tuple[VoiceCoachApp, SpyStore]:
    store = SpyStore(tmp_path / "home")
    app, _fakes = make_app(tmp_path, store=store, analyse=analyse)  # type: ignore[arg-type]
    app.services.live_factory = lambda transcriber: FakeLive()
    return app, store


def text_of(screen: Any, selector: str) -> str:
    try:
        content = screen.query_one(selector, Static).content
    except NoMatches:  # being redrawn
        return ""
    return getattr(content, "plain", str(content))


async def answer(app: VoiceCoachApp, pilot: Any) -> ResultsScreen:
    """Choose the intro question, record, stop: the live report appears."""
    await record_intro(app, pilot)
    await pilot.press("space")
    await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
    results = app.screen
    assert isinstance(results, ResultsScreen)
    return results


@pytest.mark.anyio
@ASYNCIO
async def test_the_live_report_then_the_checked_one_on_screen_and_in_the_store(
    tmp_path: Path,
) -> None:
    analyse = CheckAnalyse(checked_analysis())
    app, store = build(tmp_path, analyse)
    async with app.run_test(size=(100, 50)) as pilot:
        results = await answer(app, pilot)
        # The live report (A) at once, and a quiet line while the check runs.
        assert "2 fillers" in text_of(results, "#summary")
        await until(pilot, analyse.started.is_set)
        assert text_of(results, "#checked") == "checking against the whole recording…"
        assert results.query_one("#checked").display
        [stored] = store.list()
        assert stored.filler_count == 2 and stored.status == "unchecked"  # the live report
        analyse.gate.set()
        await until(pilot, lambda: "Checked" in text_of(app.screen, "#checked"))
        shown = app.screen
        assert text_of(shown, "#checked") == (
            "Checked against the whole recording: fillers 2 → 1, pace 178 → 181 wpm"
        )
        assert "1 filler " in text_of(shown, "#summary") and "181 wpm" in text_of(shown, "#summary")
        # The check analysed the stored recording; the attempt now holds B.
        assert analyse.calls == [stored.audio_path]
        [after] = store.list()
        assert (after.id, after.filler_count, after.wpm) == (stored.id, 1, 181.0)
        assert after.checked
        assert [f.text for f in after.analysis.fillers] == ["um"]
        assert store.replaced == [stored.id]
        assert app.last_answer is not None and app.last_answer[1].filler_count == 1
        await pilot.press("r")  # keys keep working
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))


@pytest.mark.anyio
@ASYNCIO
async def test_a_check_that_agrees_says_no_change_and_rewrites_nothing(tmp_path: Path) -> None:
    analyse = CheckAnalyse(sample_analysis("intro"))
    analyse.gate.set()
    app, store = build(tmp_path, analyse)
    async with app.run_test(size=(100, 50)) as pilot:
        await answer(app, pilot)
        await until(pilot, lambda: "Checked" in text_of(app.screen, "#checked"))
        assert text_of(app.screen, "#checked") == "Checked against the whole recording: no change"
        assert "2 fillers" in text_of(app.screen, "#summary")
        assert store.replaced == [] and store.list()[0].filler_count == 2
        assert store.list()[0].checked  # the live report stands, checked


@pytest.mark.anyio
@ASYNCIO
async def test_a_failing_check_keeps_the_live_report_shown_and_stored(tmp_path: Path) -> None:
    analyse = CheckAnalyse(error=RuntimeError("decoder exploded"))
    analyse.gate.set()
    app, store = build(tmp_path, analyse)
    async with app.run_test(size=(100, 50)) as pilot:
        results = await answer(app, pilot)
        await until(pilot, analyse.ended.is_set)
        await until(pilot, lambda: app.check is not None and app.check.done)
        # Said quietly, as history will say it: the live report stays, unchecked.
        await until(pilot, lambda: text_of(results, "#checked") == UNCHECKED_LINE)
        assert app.screen is results and "2 fillers" in text_of(results, "#summary")
        assert store.replaced == [] and store.list()[0].filler_count == 2
        assert not store.list()[0].checked
        assert not any("exploded" in str(n.message) for n in app._notifications)


@pytest.mark.anyio
@ASYNCIO
async def test_a_new_recording_stops_the_check(tmp_path: Path) -> None:
    analyse = CheckAnalyse(checked_analysis())  # never released: only a cancel ends it early
    app, store = build(tmp_path, analyse)
    async with app.run_test(size=(100, 50)) as pilot:
        await answer(app, pilot)
        await until(pilot, analyse.started.is_set)
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        practice = app.screen
        await pilot.press("space")
        await until(pilot, lambda: getattr(practice, "state", "") == "recording")
        await until(pilot, analyse.stopped.is_set)  # Whisper's next segment raised
        await until(pilot, lambda: app.check is not None and app.check.done)
        assert store.replaced == [] and store.list()[0].filler_count == 2
        assert store.list()[0].status == "unchecked"


@pytest.mark.anyio
@ASYNCIO
async def test_quitting_during_a_check_exits_at_once(tmp_path: Path) -> None:
    analyse = CheckAnalyse(checked_analysis())  # runs 20 s unless stopped
    app, store = build(tmp_path, analyse)
    async with app.run_test(size=(100, 50)) as pilot:
        await answer(app, pilot)
        await until(pilot, analyse.started.is_set)
        assert app.session.analysing == 0  # the check is not an answer being analysed
        started = time.monotonic()
        await pilot.press("ctrl+q")
    # Not waited for at the exit (its thread is a daemon): it stops on its own at once.
    assert analyse.ended.wait(5)
    assert time.monotonic() - started < 5
    assert analyse.stopped.is_set()
    assert store.replaced == [] and store.list()[0].filler_count == 2
    # History does not pass the live report off as checked: it is marked so ...
    assert store.list()[0].status == "unchecked"
    # ... and the next start checks it from the kept audio, in the background.
    again = CheckAnalyse(checked_analysis())
    again.gate.set()
    app2, store2 = build(tmp_path, again)
    async with app2.run_test(size=(100, 50)) as pilot:
        await until(pilot, lambda: store2.list()[0].checked, timeout=20)
        assert again.calls == [store2.list()[0].audio_path]
    [after] = store2.list()
    assert (after.filler_count, after.wpm, after.status) == (1, 181.0, "ok")


def test_describe_changes_says_what_the_report_shows_differently() -> None:
    a = sample_analysis()
    assert describe_changes(a, sample_analysis()) is None
    b = dataclasses.replace(a, model="other")  # the model's name is not shown
    assert describe_changes(a, b) is None
    assert describe_changes(a, checked_analysis()) == "fillers 2 → 1, pace 178 → 181 wpm"
    words = dataclasses.replace(a, words=a.words[:-1])
    said = describe_changes(a, words)
    assert said is not None and said.startswith("words 12 → 11; transcript: dropped ")


@pytest.mark.anyio
@ASYNCIO
async def test_no_check_for_an_answer_transcribed_after_the_stop(tmp_path: Path) -> None:
    """Without a live transcriber the report is the batch one already: nothing to check."""
    analyse = CheckAnalyse(checked_analysis())
    analyse.gate.set()
    app, store = build(tmp_path, analyse)
    app.services.live_factory = None
    async with app.run_test(size=(100, 50)) as pilot:
        results = await answer(app, pilot)
        assert "1 filler " in text_of(results, "#summary")  # B, from the batch path
        assert len(analyse.calls) == 1 and app.check is None
        assert not results.query_one("#checked").display
        assert store.replaced == []


@pytest.mark.anyio
@ASYNCIO
async def test_the_personal_target_follows_the_checked_figures(tmp_path: Path) -> None:
    """The target was found from the live figures and copied onto the checked report ("8.4
    fillers/min" beside a checked 8.1): it is found again from the checked one."""
    import numpy as np
    import soundfile as sf

    checked = checked_analysis()  # 1 filler in 70 s: 0.9 per min
    checked.content = ContentReport()  # as the pipeline's report has (its targets go there)
    analyse = CheckAnalyse(checked)
    app, store = build(tmp_path, analyse)
    for day in (1, 2, 3):  # three earlier answers at 5 fillers in 70 s (4.3 per min)
        earlier = sample_analysis()
        earlier.fillers = earlier.fillers[:1] * 5
        audio = tmp_path / f"earlier{day}.wav"
        sf.write(audio, np.zeros(1600, dtype=np.float32), 16000)
        store.save(earlier, audio, "intro", created_at=f"2026-01-0{day}T09:00:00Z")
    async with app.run_test(size=(100, 50)) as pilot:
        results = await answer(app, pilot)
        await until(
            pilot, lambda: "1.7 fillers/min in this answer" in text_of(results, "#personal-target")
        )
        analyse.gate.set()
        await until(pilot, lambda: "Checked" in text_of(app.screen, "#checked"))
        await until(
            pilot,
            lambda: "0.9 fillers/min in this answer" in text_of(app.screen, "#personal-target"),
        )
        assert "1.7" not in text_of(app.screen, "#personal-target")
