"""The mock interview's last answer keeps its "How it sounded" block, without Textual: the
delivery part follows the report (measured in a worker process after the results are shown),
and the interview report is written as the last answer's results open. It used to be written
at once, so the last answer's part, still being measured, was missing from the report; it now
waits for every answer's part to arrive or fail, for a bounded time."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from support.delivery_fakes import FakeMeasure
from support.ui_fakes import FakeAnalyse, FakeRecorder, FakeTranscriber, FakeVoice

from voicecoach.config import Config
from voicecoach.practice.services import Services
from voicecoach.practice.session import PracticeSession
from voicecoach.questions import load_bank
from voicecoach.rendering.delivery import HEADING
from voicecoach.store import Store


def interview_of_one(tmp_path: Path, measure: FakeMeasure) -> tuple[PracticeSession, Any, Any]:
    """A one-question interview whose only answer is given: the report is due."""
    services = Services(
        transcriber_factory=FakeTranscriber,
        recorder_factory=FakeRecorder,
        voice=FakeVoice(),
        store=Store(tmp_path / "home"),
        analyse=FakeAnalyse(),
        recordings_dir=tmp_path / "recordings",
        measure_delivery=measure,
    )
    session = PracticeSession(Config(home=str(tmp_path)), load_bank(), services)
    session.load_model()
    question = session.bank.get("intro")
    assert question is not None
    session.start_interview([question])
    started = session.start_recording(question)
    outcome = session.finish_answer(started.recorder, started.path, question)
    assert outcome is not None and outcome.delivery is not None
    report = session.interview_answered(question, outcome.analysis)
    assert report is not None
    return session, outcome, report


def written(report_notice: Any) -> str:
    assert report_notice.report is not None, report_notice.text
    return Path(report_notice.report).read_text(encoding="utf-8")


def test_the_last_answer_s_late_delivery_part_is_in_the_interview_report(tmp_path: Path) -> None:
    gate = threading.Event()
    session, outcome, report = interview_of_one(tmp_path, FakeMeasure(gate=gate))
    # The App measures the part in its own worker, which ends half a second later.
    worker = threading.Thread(target=session.measure_delivery, args=(outcome.delivery,))
    worker.start()
    threading.Timer(0.5, gate.set).start()
    began = time.monotonic()
    notice = report.write()
    worker.join(10)
    assert time.monotonic() - began < 5.0
    assert notice.text.startswith("Interview finished.")
    assert HEADING in written(notice)  # "How it sounded" for the last answer


def test_a_part_that_fails_lets_the_report_be_written_without_it(tmp_path: Path) -> None:
    measure = FakeMeasure(result=(None, "pitch and loudness not measured (TimeoutError)"))
    session, outcome, report = interview_of_one(tmp_path, measure)
    threading.Timer(0.2, session.measure_delivery, args=(outcome.delivery,)).start()
    began = time.monotonic()
    notice = report.write()
    assert time.monotonic() - began < 5.0
    assert notice.text.startswith("Interview finished.") and HEADING not in written(notice)


def test_the_wait_for_a_part_that_never_comes_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No wait without an end: a part never measured (its worker gone) holds the report back
    only for the bound, then the report is written without it."""
    from voicecoach.practice import delivery_follow

    monkeypatch.setattr(delivery_follow, "REPORT_WAITS_FOR_DELIVERY_S", 0.5)
    _session, _outcome, report = interview_of_one(tmp_path, FakeMeasure())
    began = time.monotonic()
    notice = report.write()
    assert 0.4 < time.monotonic() - began < 5.0
    assert notice.text.startswith("Interview finished.") and HEADING not in written(notice)


def test_quitting_ends_the_wait_at_once(tmp_path: Path) -> None:
    session, _outcome, report = interview_of_one(tmp_path, FakeMeasure())
    threading.Timer(0.2, session.quit).start()
    began = time.monotonic()
    report.write()
    assert time.monotonic() - began < 5.0
