"""The report first, how it sounded after (issue 21), without Textual: the answer's report is
ready without its delivery part (librosa takes 2-3 s on a 90 s answer), the part follows and
is stored with the attempt, whatever the check of the live report decides; the warm-up starts
no delivery worker when the setting is off."""

from __future__ import annotations

import dataclasses
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from support.delivery_fakes import FakeMeasure, sample_delivery
from support.ui_fakes import (
    FakeAnalyse,
    FakeRecorder,
    FakeStore,
    FakeTranscriber,
    FakeVoice,
    sample_analysis,
)

from voicecoach.config import Config
from voicecoach.datatypes import Analysis
from voicecoach.practice import delivery_process, services
from voicecoach.practice.checking import AnswerCheck, keep_checked
from voicecoach.practice.services import Services, default_services
from voicecoach.practice.session import PracticeSession
from voicecoach.questions import Question, load_bank
from voicecoach.store import Store


class WavRecorder(FakeRecorder):
    """A microphone that leaves a second of tone on disk at the stop."""

    def stop(self) -> Path:
        import soundfile as sf

        t = np.arange(16_000) / 16_000
        sf.write(self.path, (0.2 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), 16_000)
        return super().stop()


class LiveReport:
    """A live transcriber whose report is ``sample_analysis``; remembers the settings used."""

    def __init__(self) -> None:
        self.configs: list[Config] = []

    def feed(self, block: Any) -> None:
        pass

    def start(self) -> LiveReport:
        return self

    def close(self) -> None:
        pass

    def analyse(self, question: Question | None, config: Config, progress: Any) -> Analysis:
        self.configs.append(config)
        return sample_analysis()


def session_with(
    tmp_path: Path, measure: FakeMeasure | None, analyse: Any = None, **config: Any
) -> tuple[PracticeSession, LiveReport, Store]:
    live = LiveReport()
    store = Store(tmp_path / "home")
    the_services = Services(
        transcriber_factory=FakeTranscriber,
        recorder_factory=WavRecorder,
        voice=FakeVoice(),
        store=store,
        analyse=analyse or FakeAnalyse(),
        recordings_dir=tmp_path / "recordings",
        live_factory=lambda _t: live,
        measure_delivery=measure,
    )
    session = PracticeSession(Config(home=str(tmp_path), **config), load_bank(), the_services)
    session.load_model()
    return session, live, store


def answer(session: PracticeSession, live: LiveReport) -> Any:
    question = session.bank.get("intro")
    assert question is not None
    started = session.start_recording(question)
    outcome = session.finish_answer(started.recorder, started.path, question, live)
    assert outcome is not None
    return outcome


def test_the_report_is_ready_without_its_delivery_part_which_follows_and_is_stored(
    tmp_path: Path,
) -> None:
    gate = threading.Event()  # the measure takes as long as the test says
    measure = FakeMeasure(gate=gate)
    session, live, store = session_with(tmp_path, measure)
    began = time.monotonic()
    outcome = answer(session, live)
    assert time.monotonic() - began < 2.0  # the report never waited for the measure
    assert outcome.analysis.delivery is None and measure.calls == []
    assert [c.delivery for c in live.configs] == [False]  # the live report measured none
    follow = outcome.delivery
    assert follow is not None and session.delivery is follow and not follow.done
    [saved] = store.list("intro")
    assert saved.analysis.delivery is None

    gate.set()
    session.measure_delivery(follow)
    assert follow.done and follow.note == ""
    assert measure.calls == [(outcome.audio_path, outcome.analysis)]
    assert outcome.analysis.delivery == sample_delivery()  # the screen shows it
    [saved] = store.list("intro")
    assert saved.analysis.delivery == sample_delivery()  # history and re-opened results too
    assert not saved.checked  # storing it decides nothing about the check


def test_a_failed_measure_leaves_the_report_and_says_why(tmp_path: Path) -> None:
    measure = FakeMeasure(result=(None, "pitch and loudness not measured (TimeoutError: late)"))
    session, live, store = session_with(tmp_path, measure)
    outcome = answer(session, live)
    session.measure_delivery(outcome.delivery)
    assert outcome.delivery.done and "TimeoutError" in outcome.delivery.note
    assert outcome.analysis.delivery is None and store.list("intro")[0].analysis.delivery is None


def test_quitting_cuts_the_measure_short(tmp_path: Path) -> None:
    measure = FakeMeasure()
    session, live, _ = session_with(tmp_path, measure)
    outcome = answer(session, live)
    session.measure_delivery(outcome.delivery)
    [stopped] = measure.stopped
    assert not stopped()
    session.quit()
    assert stopped()


def test_with_the_setting_off_nothing_follows(tmp_path: Path) -> None:
    measure = FakeMeasure()
    session, live, _ = session_with(tmp_path, measure, delivery=False)
    outcome = answer(session, live)
    assert outcome.delivery is None and session.delivery is None and measure.calls == []


def checked_report(fillers: int) -> Analysis:
    return dataclasses.replace(sample_analysis(), fillers=sample_analysis().fillers[:fillers])


@pytest.mark.parametrize("fillers", [2, 1], ids=["no change", "changed"])
@pytest.mark.parametrize("delivery_first", [True, False], ids=["part first", "check first"])
def test_history_keeps_the_delivery_part_whatever_the_check_says(
    tmp_path: Path, fillers: int, delivery_first: bool
) -> None:
    """The check compares no delivery part (``_comparable``) and measures none: the stored
    attempt still ends with the part, whichever of the two ends first."""
    session, live, store = session_with(
        tmp_path, FakeMeasure(), analyse=lambda *_a: checked_report(fillers)
    )
    outcome = answer(session, live)
    check, question = outcome.check, session.bank.get("intro")
    assert check is not None and question is not None
    if delivery_first:
        session.measure_delivery(outcome.delivery)
    session.check_answer(check, outcome.audio_path, question, outcome.attempt)
    if not delivery_first:
        session.measure_delivery(outcome.delivery)
    assert check.kept and (check.checked is None) == (fillers == 2)
    [saved] = store.list("intro")
    assert saved.checked and len(saved.analysis.fillers) == fillers
    assert saved.analysis.delivery == sample_delivery()
    if check.checked is not None:  # the screen shows the checked report: with the part
        assert check.checked.delivery == sample_delivery()


def test_a_check_that_changes_nothing_keeps_the_part_it_measured(tmp_path: Path) -> None:
    """An attempt an earlier session left unchecked, without its delivery part (it quit
    first): the check at the next start measures one, and history keeps it though nothing
    shown changed."""
    store = FakeStore(tmp_path)
    attempt = store.save(sample_analysis(), tmp_path / "a.wav", "intro", checked=False)
    checked = dataclasses.replace(sample_analysis(), delivery=sample_delivery())
    check = AnswerCheck(attempt.analysis)
    keep_checked(check, checked, attempt, store)
    assert check.line.endswith("no change") and check.kept
    assert store.attempts[0].checked and store.attempts[0].analysis.delivery == sample_delivery()


@pytest.mark.parametrize("setting", [True, False])
def test_the_warm_up_starts_the_delivery_worker_only_with_the_setting_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: bool
) -> None:
    started: list[bool] = []
    monkeypatch.setattr(services, "_warm_analysis", lambda: None)
    monkeypatch.setattr(delivery_process, "warm_worker", lambda: started.append(True))
    built = default_services(Config(home=str(tmp_path), delivery=setting), "tiny.en", None, [])
    assert built.warm_up is not None and built.measure_delivery is not None
    built.warm_up()
    assert started == ([True] if setting else [])


def test_a_wait_for_the_worker_ends_once_its_caller_stops() -> None:
    """Quitting while the worker measures: the wait ends within a poll, not at WAIT_S."""
    began = time.monotonic()
    with pytest.raises(TimeoutError):
        delivery_process.measure_in_worker(
            np.zeros(16_000 * 30, dtype=np.float32), [], (120.0, 160.0), stopped=lambda: True
        )
    assert time.monotonic() - began < 5.0
