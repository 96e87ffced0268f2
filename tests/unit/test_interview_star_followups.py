"""The mock interview's report for a behavioural question answered with a story that fires a
follow-up (issue 23): the story's STAR check, its outline after the answer, and the follow-up
under it with what asked it, both in the Markdown and in the HTML page. Through the session as
the app drives it (``PracticeSession``, fakes, no model, no Textual); answers made from words."""

from __future__ import annotations

import re
from pathlib import Path

from support.ui_fakes import FakeAnalyse, FakeRecorder, FakeStore, FakeTranscriber, FakeVoice

from benchmarks.followups import text_analysis
from voicecoach.config import Config
from voicecoach.datatypes import Analysis
from voicecoach.practice.interview import InterviewReport
from voicecoach.practice.pipeline import add_content
from voicecoach.practice.services import Services
from voicecoach.practice.session import PracticeSession
from voicecoach.questions import Question, load_bank

# Situation, task and action told; no result: the report must say what the story lacks.
LEADER = (
    "At my last job, our bulk uploads froze the whole site for minutes. I was responsible for "
    "the upload service. I proposed Celery, my manager approved it, and I led the rollout with "
    "two other developers."
)
DISAGREED = (
    "One developer disagreed with the queue and pushed back in the review. I listened, we ran "
    "both designs for a week, and we kept the queue because the uploads finished sooner."
)
CELERY = (
    "At my last job, bulk uploads with validation and PDF reports ran inside the requests and "
    "froze the site. I was responsible for fixing it. I proposed Celery with RabbitMQ and moved "
    "those jobs to workers, so a network error is retried. As a result, pages answered in under "
    "a second again."
)


def new_session(tmp_path: Path) -> PracticeSession:
    services = Services(
        transcriber_factory=FakeTranscriber,
        recorder_factory=FakeRecorder,
        voice=FakeVoice(),
        store=FakeStore(tmp_path / "attempts"),
        analyse=FakeAnalyse(),
        recordings_dir=tmp_path / "recordings",
    )
    return PracticeSession(Config(home=str(tmp_path / "home")), load_bank(), services)


def analysed(text: str, question: Question) -> Analysis:
    """The answer as the app's analysis gives it: verdicts, talking points, STAR and its tip."""
    return add_content(text_analysis(text, question, seconds=len(text.split()) * 0.4), question)


def answer(
    session: PracticeSession, question: Question, text: str
) -> tuple[InterviewReport | None, Question | None]:
    """The results of one answer are shown: the interview keeps it; the follow-up it fires is
    taken (`f`), as the app does."""
    analysis = analysed(text, question)
    fired = session.followup_for(question, analysis)
    report = session.interview_answered(question, analysis)
    return report, (fired.question if fired else None)


def interview(tmp_path: Path) -> tuple[str, str]:
    """leader (its follow-up answered), then celery-why (its follow-up not taken): the report's
    Markdown and HTML."""
    session = new_session(tmp_path)
    leader, celery = session.bank.get("leader"), session.bank.get("celery-why")
    assert leader is not None and celery is not None and leader.behavioural
    session.start_interview([leader, celery])
    report, followup = answer(session, leader, LEADER)
    assert report is None and followup is not None and followup.id == "leader.disagreement"
    session.take_followup(followup, None)
    assert answer(session, followup, DISAGREED)[0] is None
    report, offered = answer(session, celery, CELERY)
    assert offered is not None and offered.id == "celery-why.network-errors"
    assert report is not None
    said = report.write()
    assert not said.error, said.text
    assert said.report is not None
    md = said.report.read_text(encoding="utf-8")
    html = said.report.with_suffix(".html").read_text(encoding="utf-8")
    return md, html


def section(md: str, heading: str, until: str) -> str:
    start = md.index(heading)
    return md[start : md.index(until, start + len(heading))]


def test_the_story_s_star_check_and_its_follow_up_are_both_in_the_report(tmp_path: Path) -> None:
    md, _ = interview(tmp_path)
    assert "2 of 2 questions answered, and 1 follow-up." in md
    leader = section(md, "## 1. Leader or follower? (leader)", "### Follow-up to 1")
    # STAR: the parts told, the part missing and what to add, then the outline (after it).
    assert "Told the story's situation, task and action." in leader
    assert "end with the result" in leader.lower()
    assert leader.index("What to improve") < leader.index("A strong answer, step by step")
    assert "Situation: one sentence on where and what was wrong" in leader
    # The follow-up, under its parent, with what in the answer asked it.
    follow = section(md, "### Follow-up to 1: When the team disagreed", "## 2.")
    assert "(leader.disagreement)" in follow
    assert re.search(r"Asked because the answer above made the point '[^']+'\.", follow)
    assert "One developer disagreed" in follow
    # The second story: told in full, its outline shown; its follow-up was not answered.
    celery = section(md, "## 2. Why Celery and RabbitMQ for 1,000 logins?", "## Overall")
    assert "Told the story in full: situation, task, action and result." in celery
    assert "A strong answer, step by step" in celery
    assert "Follow-up" not in celery


def test_the_html_page_shows_them_too(tmp_path: Path) -> None:
    _, html = interview(tmp_path)
    assert "Told the story&#x27;s situation, task and action." in html or (
        "Told the story's situation, task and action." in html
    )
    assert "Follow-up to 1: When the team disagreed" in html
    assert "A strong answer, step by step" in html
