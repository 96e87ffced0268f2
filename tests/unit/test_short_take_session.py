"""A short take discarded in the session (``PracticeSession.discard_take``): no file, no
history row, nothing offered at the next start."""

from __future__ import annotations

from pathlib import Path

from support.ui_fakes import FakeAnalyse, FakeRecorder, FakeStore, FakeTranscriber, FakeVoice

from voicecoach.config import Config
from voicecoach.practice.services import Services
from voicecoach.practice.session import PracticeSession, is_short_take
from voicecoach.questions import load_bank


def test_under_two_seconds_is_a_short_take() -> None:
    assert is_short_take(0.4) and is_short_take(1.9)
    assert not is_short_take(2.0) and not is_short_take(75.0)


def test_a_discarded_take_leaves_no_file_no_row_and_no_offer(tmp_path: Path) -> None:
    store = FakeStore(tmp_path)
    services = Services(
        transcriber_factory=FakeTranscriber,
        recorder_factory=FakeRecorder,
        voice=FakeVoice(),
        store=store,
        analyse=FakeAnalyse(),
    )
    session = PracticeSession(Config(home=str(tmp_path)), load_bank(), services)
    question = session.bank.questions[0]
    session.recording_asked()
    started = session.start_recording(question)
    assert started.path.exists()
    session.discard_take(started.recorder, started.path, None)
    assert not started.path.exists()
    assert store.attempts == [] and store.unfinished_recording(started.path) is None
    assert not session.answer_in_hand
    assert session.close_recordings() is None  # quitting has nothing left to keep
