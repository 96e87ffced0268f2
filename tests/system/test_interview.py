"""`voicecoach interview --from-files`: the real tiny.en model on two short samples, and the
report builder on fixed analyses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from voicecoach.analysis.content import assess_content
from voicecoach.cli import main
from voicecoach.datatypes import AnalysedWord, Analysis, Filler, Verdict
from voicecoach.paths import REPO_DIR
from voicecoach.questions import load_bank
from voicecoach.rendering.interview_report import InterviewAnswer, build, to_html, to_markdown

SAMPLES = REPO_DIR / "samples"
BANK = load_bank()


@pytest.mark.model
def test_interview_from_files_writes_markdown_and_html(tmp_path: Path, capsys) -> None:
    answers = tmp_path / "answers"
    answers.mkdir()
    shutil.copy(SAMPLES / "greeting-same.flac", answers / "greeting.flac")
    shutil.copy(SAMPLES / "leader-joe.flac", answers / "leader.flac")
    out = tmp_path / "report" / "mock.md"

    rc = main(
        [
            "--home",
            str(tmp_path / "home"),
            "interview",
            "--from-files",
            str(answers),
            "--out",
            str(out),
        ]
    )

    assert rc == 0
    md = out.read_text(encoding="utf-8")
    page = out.with_suffix(".html").read_text(encoding="utf-8")
    for text in (md, page):
        assert "Opening small talk (greeting)" in text
        assert "Leader or follower? (leader)" in text
        assert "Overall insights" in text
        assert "What went well" in text and "What to improve" in text
    # Bank order: greeting first, leader after the questions without files.
    assert md.index("(greeting)") < md.index("(duplicates)") < md.index("(leader)")
    assert "Not answered: no answer file." in md
    assert "A one-word answer" in md  # the seed's "Same."
    assert "Made the point: A consistent account of who decided what" in md
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert "report:" in capsys.readouterr().out


def test_interview_without_answer_files_fails_before_loading_the_model(
    tmp_path: Path, capsys
) -> None:
    (tmp_path / "notes.txt").write_text("nothing here")
    rc = main(["--home", str(tmp_path), "interview", "--from-files", str(tmp_path)])
    assert rc == 2
    assert "no answer files" in capsys.readouterr().err


def test_interview_rejects_unknown_question(tmp_path: Path, capsys) -> None:
    rc = main(["--home", str(tmp_path), "interview", "--from-files", ".", "--questions", "nope"])
    assert rc == 2
    assert "unknown question" in capsys.readouterr().err


def fixed(text: str, qid: str, rate: float, ok: bool) -> Analysis:
    words = [AnalysedWord(w, i * 0.4, i * 0.4 + 0.3, False) for i, w in enumerate(text.split())]
    status = "ok" if ok else "over"
    a = Analysis(
        duration_s=60.0,
        speech_span_s=60.0,
        wpm=140.0,
        articulation_wpm=150.0,
        words=words,
        fillers=[Filler("um", 1.0, 1.2, "hesitation")] * int(rate),  # 60 s: rate per minute
        pauses=[],
        verdicts=[
            Verdict("duration_s", 60.0, "45-120 s", True, "ok", "Duration"),
            Verdict("filler_rate_per_min", rate, "<= 2 per min", ok, status, "Fillers"),
        ],
        model="test",
        question_id=qid,
    )
    a.content = assess_content(a, BANK.get(qid))
    return a


def test_report_blocks_render_the_same_story_in_both_formats() -> None:
    answers = [
        InterviewAnswer(BANK.get("greeting"), skipped="no answer file"),  # type: ignore[arg-type]
        InterviewAnswer(
            BANK.get("role-leaving"),  # type: ignore[arg-type]
            fixed(
                "I lead the team but it is the same tasks every day and boring.",
                "role-leaving",
                1.0,
                True,
            ),
        ),
        InterviewAnswer(
            BANK.get("ai-plans"),  # type: ignore[arg-type]
            fixed(
                "I have not built a model yet but I take a course on Kaggle.",
                "ai-plans",
                5.0,
                False,
            ),
        ),
    ]
    blocks = build(answers)
    md, page = to_markdown(blocks), to_html(blocks)
    assert "negative about your employer" in md
    assert "rose as the interview went on" in md  # 1.0 then 5.0 per minute
    assert "Not answered: greeting." in md
    assert "Fillers 5.0 per min (target <= 2 per min): over" in md
    assert "&quot;" in page or "&#x27;" in page  # quotes escaped, not raw
    assert page.count("<h2>") == 4  # three questions and the insights


@pytest.mark.parametrize("name", ["greeting.WAV", "greeting.ogg"])
def test_answer_files_any_supported_extension(tmp_path: Path, name: str) -> None:
    from voicecoach.commands.interview import find_answer

    (tmp_path / name).write_bytes(b"x")
    assert find_answer(tmp_path, "greeting") == tmp_path / name
    assert find_answer(tmp_path, "intro") is None


def test_the_interview_session_runs_without_the_app(tmp_path: Path) -> None:
    """The App's mock interview, used without Textual: which question of how many, the last
    answer asks for the report, a retry replaces an answer, and a report of an interview left
    early says which answers it ended before."""
    from voicecoach.practice.interview import InterviewSession, interviews_dir

    questions = [BANK.get("role-leaving"), BANK.get("ai-plans"), BANK.get("greeting")]
    session = InterviewSession(questions)  # type: ignore[arg-type]
    assert session.position(questions[1]) == (2, 3)  # type: ignore[arg-type]
    assert session.position(BANK.get("leader")) is None  # type: ignore[arg-type]
    first = fixed("I lead the team but it is the same tasks.", "role-leaving", 1.0, True)
    again = fixed("I want a role with more to learn every day.", "role-leaving", 1.0, True)
    assert session.record(questions[0], first) is False  # type: ignore[arg-type]
    assert session.record(questions[0], again) is False  # type: ignore[arg-type]
    assert session.answers == {"role-leaving": again}

    md, page = session.write_report(interviews_dir(tmp_path), 2.0, partial=True)
    assert md.parent == tmp_path / "interviews" and page == md.with_suffix(".html")
    text = md.read_text(encoding="utf-8")
    assert "more to learn" in text and "same tasks" not in text  # the retry's words
    assert "the interview ended before this answer" in text
    assert session.finished and session.position(questions[0]) is None  # type: ignore[arg-type]
