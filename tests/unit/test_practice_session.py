"""The answer's life without Textual (``voicecoach.practice.session``): what a speaker would
notice, driven straight through the session with a fake model, microphone and store (and the
real store where markers and the next start matter).

An answer is analysed and saved; a live report is saved unchecked, then checked; quitting in the
middle of an analysis keeps the answer for the next start; a kept answer is analysed and saved;
a recording that holds nothing is removed.
"""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
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
from voicecoach.errors import DeviceError
from voicecoach.practice.checking import CHECKED
from voicecoach.practice.services import AttemptsStore, Services
from voicecoach.practice.session import (
    HISTORY_CLOSED,
    KEPT_NOTICE,
    PracticeSession,
    SessionEvents,
)
from voicecoach.questions import Question, load_bank
from voicecoach.store import Store

DEAD_PID = 2**22 + 12345  # no such process: what the next start sees of this one


class Said:
    """The session's own words: notices, and the offer line each time it changes."""

    def __init__(self) -> None:
        self.notices: list[str] = []
        self.offers: list[str] = []
        self.session: PracticeSession | None = None

    def events(self) -> SessionEvents:
        def offer_changed() -> None:
            assert self.session is not None
            self.offers.append(self.session.offer()[0])

        return SessionEvents(lambda text, _timeout: self.notices.append(text), offer_changed)


class WavRecorder(FakeRecorder):
    """A microphone that leaves ``seconds`` of a tone on disk at the stop (0: the header only)."""

    seconds = 1.0

    def stop(self) -> Path:
        t = np.arange(int(self.seconds * 16_000)) / 16_000
        tone = (0.2 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
        sf.write(self.path, tone, 16_000, "PCM_16")
        return super().stop()


class LiveReport:
    """A live transcriber: the answer is transcribed while it is recorded; its report is A."""

    def __init__(self) -> None:
        self.closed = False

    def feed(self, block: Any) -> None:
        pass

    def start(self) -> LiveReport:
        return self

    def close(self) -> None:
        self.closed = True

    def analyse(self, question: Question | None, config: Config, progress: Any) -> Analysis:
        progress(1.0)
        return sample_analysis(question.id if question else "intro")


def new_session(
    tmp_path: Path,
    store: Any = True,
    analyse: Any = None,
    recorder: type[FakeRecorder] = FakeRecorder,
    **extra: Any,
) -> tuple[PracticeSession, Said]:
    said = Said()
    services = Services(
        transcriber_factory=FakeTranscriber,
        recorder_factory=recorder,
        voice=FakeVoice(),
        store=FakeStore(tmp_path) if store is True else store,
        analyse=analyse or FakeAnalyse(),
        recordings_dir=tmp_path / "recordings",
        **extra,
    )
    session = PracticeSession(Config(home=str(tmp_path)), load_bank(), services, said.events())
    said.session = session
    return session, said


def intro(session: PracticeSession) -> Question:
    question = session.bank.get("intro")
    assert question is not None
    return question


def kill_marker(path: Path) -> None:
    """The next start: the process that wrote this recording is gone."""
    marker = path.with_name(path.stem + ".recording.json")
    data = json.loads(marker.read_text())
    data["pid"], data["pid_start"] = DEAD_PID, None
    marker.write_text(json.dumps(data))


def test_both_stores_are_complete_attempts_stores(tmp_path: Path) -> None:
    assert isinstance(FakeStore(tmp_path), AttemptsStore)
    assert isinstance(Store(tmp_path / "home"), AttemptsStore)


def test_an_answer_is_analysed_and_saved(tmp_path: Path) -> None:
    session, said = new_session(tmp_path)
    store = session.services.store
    assert isinstance(store, FakeStore)
    assert session.load_model() == "fake-tiny"
    started = session.start_recording(intro(session))
    assert started.recorder.recording and started.live is None
    shown: list[tuple[Path, bool]] = []
    fractions: list[float] = []
    outcome = session.finish_answer(
        started.recorder,
        started.path,
        intro(session),
        None,
        lambda path, waiting: shown.append((path, waiting)),
        fractions.append,
    )
    assert outcome is not None and outcome.save_error == "" and outcome.check is None
    assert shown == [(started.path, False)] and fractions == [0.5, 1.0]
    [attempt] = store.attempts
    assert outcome.attempt is attempt and attempt.question_id == "intro" and attempt.checked
    assert store.finished == [started.path]  # saved, then the recording finished
    assert session.last_answer == (started.path, attempt)
    assert session.analysing == 0 and session.close_recordings() is None
    assert said.notices == []


def test_a_live_report_is_saved_unchecked_then_checked(tmp_path: Path) -> None:
    """The live report (A) is shown and saved at once, unchecked; the check against the whole
    recording (B: one filler fewer) then takes its place in history and for `p`."""
    checked = dataclasses.replace(sample_analysis(), fillers=sample_analysis().fillers[:1])
    batch = FakeAnalyse()
    batch_result: list[Analysis] = [checked]

    def analyse(*args: Any) -> Analysis:
        batch(*args)
        return batch_result[0]

    store = Store(tmp_path / "home")
    session, _ = new_session(
        tmp_path, store=store, analyse=analyse, recorder=WavRecorder, live_factory=lambda t: live
    )
    live = LiveReport()
    session.load_model()
    started = session.start_recording(intro(session))
    assert started.live is live
    outcome = session.finish_answer(started.recorder, started.path, intro(session), live)
    assert outcome is not None and outcome.check is not None and batch.calls == []
    assert session.check is outcome.check
    [saved] = store.list("intro")
    assert not saved.checked and len(saved.analysis.fillers) == 2
    session.check_answer(outcome.check, outcome.audio_path, intro(session), outcome.attempt)
    check = outcome.check
    assert check.done and check.kept and check.line.startswith(f"{CHECKED}: fillers 2 → 1")
    [kept] = store.list("intro")
    assert kept.checked and len(kept.analysis.fillers) == 1
    session.follow_check(check)
    assert session.last_answer is not None and session.last_answer[1] is check.attempt
    assert store.unchecked() == []


def test_quitting_mid_analysis_keeps_the_answer_and_the_next_start_offers_it(
    tmp_path: Path,
) -> None:
    gate = threading.Event()
    analyse = FakeAnalyse(gate=gate)
    store = Store(tmp_path / "home")
    session, _ = new_session(tmp_path, store=store, analyse=analyse, recorder=WavRecorder)
    session.load_model()
    started = session.start_recording(intro(session))
    outcomes: list[Any] = []
    worker = threading.Thread(
        target=lambda: outcomes.append(
            session.finish_answer(started.recorder, started.path, intro(session))
        ),
        daemon=True,
    )
    try:
        worker.start()
        deadline = time.monotonic() + 10
        while not analyse.calls and time.monotonic() < deadline:
            time.sleep(0.01)
        assert session.analysing == 1
        session.quit()
        gate.set()  # Whisper's next segment: the progress callback stops it there
        worker.join(5)
    finally:
        gate.set()
    assert not worker.is_alive() and outcomes == [None]
    assert session.stopped_answers == [started.path] and started.path.is_file()
    assert store.list() == []
    kill_marker(started.path)
    next_start, said = new_session(tmp_path, store=Store(tmp_path / "home"))
    next_start.find_pending()
    [pending] = next_start.pending
    assert pending.path == started.path
    assert said.offers[-1].startswith("1 answer not analysed yet (intro, ")
    assert said.offers[-1].endswith("— press a to analyse it")


def test_quitting_while_recording_closes_the_file_and_keeps_it(tmp_path: Path) -> None:
    session, _ = new_session(tmp_path, recorder=WavRecorder)
    started = session.start_recording(intro(session))
    session.quit()
    assert session.close_recordings() == started.path
    assert started.recorder.stopped and started.path.is_file()
    assert session.close_recordings() is None  # closed once


def test_a_kept_answer_is_analysed_and_saved(tmp_path: Path) -> None:
    """An answer left with escape is offered at once, then (`a`) analysed and saved."""
    store = Store(tmp_path / "home")
    session, said = new_session(tmp_path, store=store, recorder=WavRecorder)
    started = session.start_recording(intro(session))
    started.recorder.elapsed_s = 1.0
    left = session.leave_recording(started.recorder, started.path, "intro")
    assert not left.announce and said.notices == [KEPT_NOTICE]
    assert said.offers[-1].startswith("1 answer not analysed yet (intro, ")
    session.close_left(started.recorder, None, left)
    assert left.closed.is_set() and len(session.pending) == 1  # replaced, not added
    pending = session.take_recovered()
    assert pending is not None and session.pending == [] and said.offers[-1] == ""
    session.load_model()
    done = session.analyse_recovered(pending)
    assert done is not None and done.save_error == "" and done.question.id == "intro"
    assert done.notice.startswith("Recorded ") and done.notice.endswith(", kept, and analysed now.")
    [attempt] = store.list("intro")
    assert done.attempt.id == attempt.id and attempt.audio_path == done.audio_path
    assert attempt.audio_path is not None and attempt.audio_path.is_file()
    assert store.pending_recordings() == [] and not started.path.exists()
    assert session.last_answer == (done.audio_path, done.attempt)


def test_an_answer_analysed_while_history_is_closed_is_offered_to_add(tmp_path: Path) -> None:
    session, _ = new_session(tmp_path, store=None, recorder=WavRecorder, store_error="locked")
    session.load_model()
    started = session.start_recording(intro(session))
    outcome = session.finish_answer(started.recorder, started.path, intro(session))
    assert outcome is not None and outcome.attempt is None
    assert outcome.save_error == HISTORY_CLOSED and started.path.is_file()
    kill_marker(started.path)
    store = Store(tmp_path)  # the history opens again, where the recording was kept
    next_start, said = new_session(tmp_path, store=store)
    next_start.find_pending()
    assert said.offers[-1].startswith("1 answer recorded while history could not be opened")


def test_a_microphone_that_never_opens_leaves_no_recording(tmp_path: Path) -> None:
    class Unplugged(FakeRecorder):
        def __init__(self, path: Path) -> None:
            super().__init__(path, fail="no input device")

    session, _ = new_session(tmp_path, recorder=Unplugged)
    store = session.services.store
    assert isinstance(store, FakeStore)
    with pytest.raises(DeviceError):
        session.start_recording(intro(session))
    [path] = store.finished
    assert not path.exists() and store.recordings == {}
    assert session.close_recordings() is None


def test_an_answer_left_with_no_audio_is_removed_and_not_offered(tmp_path: Path) -> None:
    class Silent(WavRecorder):
        seconds = 0.0

    store = Store(tmp_path / "home")
    session, said = new_session(tmp_path, store=store, recorder=Silent)
    started = session.start_recording(intro(session))
    started.recorder.elapsed_s = 0.5  # the clock ran, the microphone gave nothing
    left = session.leave_recording(started.recorder, started.path, "intro")
    assert len(session.pending) == 1
    session.close_left(started.recorder, None, left)
    assert session.pending == [] and said.offers[-1] == ""
    assert not started.path.exists() and store.pending_recordings() == []
