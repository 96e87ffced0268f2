"""The mock interview's report is due after the last answer and is written in a worker once the
answers' delivery parts arrive. Back on the question list meanwhile (escape on the last
question's follow-up), the interview is left: that used to end it as one left early, and a
second, partial report ("the interview ended before this answer") was written beside the
full one. Without Textual: the session as the App drives it."""

from __future__ import annotations

import threading
from pathlib import Path

from support.delivery_fakes import FakeMeasure
from test_interview_last_delivery import interview_of_one

from voicecoach.practice.interview import interviews_dir


def test_leaving_while_the_full_report_is_written_writes_no_partial_one(tmp_path: Path) -> None:
    gate = threading.Event()
    session, outcome, report = interview_of_one(tmp_path, FakeMeasure(gate=gate))
    measuring = threading.Thread(target=session.measure_delivery, args=(outcome.delivery,))
    measuring.start()
    notices = []
    writing = threading.Thread(target=lambda: notices.append(report.write()))
    writing.start()  # waits for the last answer's delivery part
    try:
        said, partial = session.end_interview()  # the list shown: escape on the follow-up
        assert partial is None, "a partial report beside the full one being written"
        assert said is None
    finally:
        gate.set()
        measuring.join(10)
        writing.join(10)
    [notice] = notices
    assert notice.text.startswith("Interview finished."), notice.text
    reports = sorted(interviews_dir(tmp_path / "home").glob("*.md"))
    assert reports == [notice.report]
    assert "the interview ended before this answer" not in reports[0].read_text("utf-8")


def test_an_interview_left_before_its_last_answer_still_gets_its_partial_report(
    tmp_path: Path,
) -> None:
    """What the fix must keep: left early, the answers given are reported as partial."""
    from support.ui_fakes import FakeAnalyse, FakeRecorder, FakeTranscriber, FakeVoice

    from voicecoach.config import Config
    from voicecoach.practice.services import Services
    from voicecoach.practice.session import PracticeSession
    from voicecoach.questions import load_bank
    from voicecoach.store import Store

    services = Services(
        transcriber_factory=FakeTranscriber,
        recorder_factory=FakeRecorder,
        voice=FakeVoice(),
        store=Store(tmp_path / "home"),
        analyse=FakeAnalyse(),
        recordings_dir=tmp_path / "recordings",
    )
    session = PracticeSession(Config(home=str(tmp_path)), load_bank(), services)
    session.load_model()
    first, second = session.bank.questions[:2]
    session.start_interview([first, second])
    started = session.start_recording(first)
    outcome = session.finish_answer(started.recorder, started.path, first)
    assert outcome is not None
    assert session.interview_answered(first, outcome.analysis) is None  # one more to go
    said, partial = session.end_interview()
    assert said is None and partial is not None
    notice = partial.write()
    assert "Partial report" in notice.text
