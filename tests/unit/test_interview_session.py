"""The mock interview's life and the other decisions the App used to make, without Textual
(``voicecoach.practice.session`` and ``voicecoach.practice.interview``): what the speaker is
told as an interview begins, ends early or ends with its report; a checked report replacing the
live one in the interview; the personal targets read from the history; whether an answer is in
hand (the check of earlier answers waits for it)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from support.ui_fakes import (
    FakeAnalyse,
    FakeAttempt,
    FakeRecorder,
    FakeStore,
    FakeTranscriber,
    FakeVoice,
    sample_analysis,
)

from voicecoach.config import Config
from voicecoach.practice.checking import AnswerCheck
from voicecoach.practice.interview import InterviewReport
from voicecoach.practice.services import Services
from voicecoach.practice.session import PracticeSession
from voicecoach.questions import Question, load_bank


def new_session(tmp_path: Path, store: Any = True) -> PracticeSession:
    services = Services(
        transcriber_factory=FakeTranscriber,
        recorder_factory=FakeRecorder,
        voice=FakeVoice(),
        store=FakeStore(tmp_path / "attempts") if store is True else store,
        analyse=FakeAnalyse(),
        recordings_dir=tmp_path / "recordings",
    )
    return PracticeSession(Config(home=str(tmp_path / "home")), load_bank(), services)


def three(session: PracticeSession) -> list[Question]:
    return list(session.bank.questions[:3])


def test_an_interview_says_how_it_runs_and_where_each_question_stands(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    questions = three(session)
    opening = session.start_interview(questions)
    assert opening.text.startswith("Mock interview: 3 questions in order.")
    assert "press n for the next" in opening.text and not opening.error
    assert session.interview_position(questions[1]) == (2, 3)
    others = [q for q in session.bank.questions if q not in questions]
    assert session.interview_position(others[0]) is None  # a practice answer, not the interview's


def test_the_last_answer_writes_the_report_and_says_where(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    questions = three(session)
    session.start_interview(questions)
    assert session.interview_answered(questions[0], sample_analysis(questions[0].id)) is None
    report = session.interview_answered(questions[2], sample_analysis(questions[2].id))
    assert isinstance(report, InterviewReport) and not report.partial
    said = report.write()
    assert said.text.startswith("Interview finished. Report: ") and not said.error
    md = Path(said.text.split("Report: ", 1)[1].split(" (and ")[0])
    assert md.parent == tmp_path / "attempts" / "interviews" and md.exists()  # beside the history
    # Finished: a later answer to the same question is a practice answer again.
    assert session.interview_answered(questions[0], sample_analysis(questions[0].id)) is None
    assert session.end_interview() == (None, None)  # nothing more to say on the list


def test_an_interview_left_early_says_so_with_a_partial_report(tmp_path: Path) -> None:
    session = new_session(tmp_path, store=None)  # no history: the data directory
    questions = three(session)
    session.start_interview(questions)
    session.interview_answered(questions[0], sample_analysis(questions[0].id))
    said, report = session.end_interview()
    assert said is None and report is not None and report.partial
    assert session.interview is None and session.interview_position(questions[0]) is None
    note = report.write()
    assert note.text.startswith("Mock interview ended (1 of 3 answered). Partial report: ")
    md = Path(note.text.split("Partial report: ", 1)[1])
    assert md.parent == tmp_path / "home" / "interviews"
    assert "the interview ended before this answer" in md.read_text(encoding="utf-8")


def test_an_interview_left_before_any_answer_only_says_it_ended(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    session.start_interview(three(session))
    said, report = session.end_interview()
    assert report is None and said is not None
    assert said.text == "Mock interview ended (0 of 3 answered)."
    assert session.end_interview() == (None, None)  # back on the list again: nothing


def test_a_report_that_cannot_be_written_says_why(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    questions = three(session)
    (tmp_path / "attempts").mkdir()
    (tmp_path / "attempts" / "interviews").write_text("a file where the folder goes")
    session.start_interview(questions)
    session.interview_answered(questions[0], sample_analysis(questions[0].id))
    _said, partial = session.end_interview()
    assert partial is not None
    note = partial.write()
    assert note.error
    assert note.text.startswith("Mock interview ended (1 of 3 answered); the partial report")
    session.start_interview(questions)
    last = session.interview_answered(questions[2], sample_analysis(questions[2].id))
    assert last is not None
    note = last.write()
    assert note.error and note.text.startswith("Could not write the interview report: ")


def test_a_checked_report_replaces_the_live_one_in_the_interview(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    questions = three(session)
    session.start_interview(questions)
    live = sample_analysis(questions[0].id)
    session.interview_answered(questions[0], live)
    check = AnswerCheck(live)
    check.checked = dataclasses.replace(live, wpm=live.wpm + 10)
    session.follow_check(check)
    assert session.interview is not None
    assert session.interview.answers[questions[0].id] is check.checked


def test_personal_targets_come_from_the_earlier_answers_not_this_one(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    store = session.services.store
    assert isinstance(store, FakeStore)
    analysis = sample_analysis("intro")
    audio = tmp_path / "a.wav"
    store.attempts = [
        FakeAttempt("intro", sample_analysis("intro"), audio, created_at=1.0, id=1),
        FakeAttempt("intro", sample_analysis("intro"), audio, created_at=2.0, id=2),
        FakeAttempt("intro", analysis, audio, created_at=3.0, id=3),  # this answer, saved
    ]
    this = dataclasses.replace(store.attempts[2])  # the store may hand back a new object
    targets = session.personal_targets("intro", this, analysis)
    assert targets and "of 3 attempts" in targets[0].line  # two earlier answers and this one
    assert new_session(tmp_path, store=None).personal_targets("intro", None, analysis) == []


def test_an_answer_is_in_hand_from_the_request_to_the_end_of_its_analysis(
    tmp_path: Path,
) -> None:
    session = new_session(tmp_path)
    session.load_model()
    question = session.bank.questions[0]
    assert not session.answer_in_hand
    session.recording_asked()  # the microphone is being opened
    assert session.answer_in_hand
    started = session.start_recording(question)
    assert session.answer_in_hand
    session.stopping(started.recorder)  # stopped; its analysis has not begun yet
    assert session.answer_in_hand
    assert session.finish_answer(started.recorder, started.path, question) is not None
    assert not session.answer_in_hand
    session.recording_asked()
    left = session.start_recording(question)
    session.leave_recording(left.recorder, left.path, question.id)  # escape mid-answer
    assert not session.answer_in_hand
