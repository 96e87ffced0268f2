"""`s` in a mock interview (no Textual): the question passed over is reported "Not answered:
skipped", the interview goes on with the next, and skipping the last ends it with the report
of the answers given (or, with none, a line and no report)."""

from __future__ import annotations

from pathlib import Path

from support.ui_fakes import FakeStore, sample_analysis
from test_interview_session import new_session, three

from voicecoach.practice.interview import InterviewReport


def report_text(report: InterviewReport | None) -> str:
    assert report is not None
    said = report.write()
    assert not said.error, said.text
    path = said.report
    assert path is not None
    return path.read_text(encoding="utf-8")


def test_a_skipped_question_is_passed_over_and_reported_as_skipped(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    first, second, last = three(session)
    session.start_interview([first, second, last])
    session.interview_answered(first, sample_analysis(first.id))
    skipped = session.skip_interview_question(second)
    assert skipped is not None and skipped.next == last and skipped.report is None
    assert skipped.notice is not None and skipped.notice.text == "Skipped question 2 of 3."
    report = session.interview_answered(last, sample_analysis(last.id))
    assert report is not None and not report.partial
    text = report_text(report)
    assert text.count("Not answered: skipped.") == 1
    assert "2 of 3 questions answered" in text


def test_skipping_the_last_question_writes_the_report_of_the_answers_given(
    tmp_path: Path,
) -> None:
    session = new_session(tmp_path)
    first, second, last = three(session)
    session.start_interview([first, second, last])
    session.interview_answered(first, sample_analysis(first.id))
    assert session.skip_interview_question(second) is not None
    done = session.skip_interview_question(last)
    assert done is not None and done.next is None and done.report is not None
    assert not done.report.partial  # the interview was taken to its end
    text = report_text(done.report)
    assert text.count("Not answered: skipped.") == 2
    assert "the interview ended before" not in text
    # Back on the list: nothing more to end or write (no second, partial report).
    assert session.interview is None and session.end_interview() == (None, None)


def test_skipping_every_question_writes_no_report(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    questions = three(session)
    session.start_interview(questions)
    for question in questions[:2]:
        assert session.skip_interview_question(question) is not None
    done = session.skip_interview_question(questions[2])
    assert done is not None and done.next is None and done.report is None
    assert done.notice is not None
    assert done.notice.text == "Mock interview ended (0 of 3 answered; 3 skipped): no report."
    assert session.end_interview() == (None, None)
    assert not (tmp_path / "attempts" / "interviews").exists()


def test_an_interview_left_after_a_skip_tells_the_two_apart(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    first, second, last = three(session)
    session.start_interview([first, second, last])
    session.skip_interview_question(first)
    session.interview_answered(second, sample_analysis(second.id))
    said, report = session.end_interview()
    assert said is None and report is not None and report.partial
    note = report.write()
    assert note.text.startswith("Mock interview ended (1 of 3 answered; 1 skipped). Partial")
    assert note.report is not None
    text = note.report.read_text(encoding="utf-8")
    assert text.count("Not answered: skipped.") == 1
    assert text.count("Not answered: the interview ended before this answer.") == 1


def test_a_question_answered_then_retried_keeps_its_answer_when_skipped(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    first, second, last = three(session)
    session.start_interview([first, second, last])
    session.interview_answered(first, sample_analysis(first.id))
    skipped = session.skip_interview_question(first)  # `r`, then `s` on the retry
    assert skipped is not None and skipped.next == second
    interview = session.interview
    assert interview is not None and first.id in interview.answers and not interview.skipped


def test_a_skipped_follow_up_goes_on_after_its_parent(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    bank = session.bank
    parent = next(q for q in bank.questions if q.followups)
    following = bank.questions[bank.questions.index(parent) + 1]
    followup = parent.followups[0].question
    session.start_interview(list(bank.questions))
    skipped = session.skip_interview_question(followup)
    assert skipped is not None and skipped.next == following and skipped.report is None
    assert skipped.notice is not None and skipped.notice.text == "Skipped the follow-up."
    interview = session.interview
    assert interview is not None and not interview.skipped  # the parent's answer stands


def test_a_question_not_the_interviews_is_not_skipped(tmp_path: Path) -> None:
    session = new_session(tmp_path, store=FakeStore(tmp_path / "attempts"))
    questions = three(session)
    assert session.skip_interview_question(questions[0]) is None  # no interview
    session.start_interview(questions[:2])
    assert session.skip_interview_question(questions[2]) is None
