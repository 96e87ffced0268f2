"""How it sounded in the reports outside the screen (issue 21): `voicecoach analyze` in a
terminal and the mock interview's report show a short block (pitch range and the monotone
verdict, loudness, trailing off, the slowest and fastest pace window) with targets and
verdicts, and the CLI transcript marks a sentence that trailed off with ↘. A report measured
without it reads as before."""

from __future__ import annotations

import dataclasses
import io

from rich.console import Console
from support.delivery_fakes import sample_delivery

from voicecoach.datatypes import AnalysedWord, Analysis, Verdict
from voicecoach.questions import Question
from voicecoach.rendering.interview_report import InterviewAnswer, build, to_html, to_markdown
from voicecoach.rendering.report import render
from voicecoach.rendering.text import TRAILING_MARK


def answer(with_delivery: bool = True) -> Analysis:
    """Two sentences; the second ("...queues." at 8.8 s) trailed off in ``sample_delivery``."""
    words = [
        AnalysedWord("I'm", 0.5, 0.8, False),
        AnalysedWord("a", 0.9, 1.0, False),
        AnalysedWord("Python", 1.0, 1.5, False),
        AnalysedWord("developer.", 5.6, 6.2, False),
        AnalysedWord("I", 7.5, 7.6, False),
        AnalysedWord("build", 7.9, 8.2, False),
        AnalysedWord("queues.", 8.2, 8.8, False),
    ]
    return Analysis(
        duration_s=9.0,
        speech_span_s=8.3,
        wpm=50.0,
        articulation_wpm=60.0,
        words=words,
        fillers=[],
        pauses=[],
        verdicts=[Verdict("duration_s", 9.0, "3-10 s", True, "ok", "Duration")],
        model="fake",
        delivery=sample_delivery() if with_delivery else None,
    )


def cli_report(analysis: Analysis) -> str:
    out = io.StringIO()
    Console(file=out, width=120, no_color=True).print(render(analysis))
    return out.getvalue()


def test_the_cli_report_says_how_it_sounded() -> None:
    report = cli_report(answer())
    block = report[report.index("How it sounded:") :]
    # Each figure against its target, with its verdict, as the report's other lines.
    assert "Pitch range" in block and "5.4 st" in block and ">= 3 st" in block
    assert "Loudness" in block and "-20.0 dBFS" in block and "-35 to -6 dBFS" in block
    assert "Trailing off" in block and "OVER" in block
    # ...and in words: not a monotone, how many ends faded, the slowest and fastest stretch.
    assert "range 5.4 semitones around 120 Hz (not monotone)" in block
    assert f"1 of 2 sentence ends ({TRAILING_MARK} in the transcript)" in block
    assert "slowest 140 wpm (0:00-0:05), fastest 170 wpm (0:05-0:09)" in block
    # The transcript marks the sentence that trailed off, not the one that did not.
    assert f"queues.{TRAILING_MARK}" in report
    assert f"developer.{TRAILING_MARK}" not in report


def test_a_monotone_answer_is_called_one() -> None:
    flat = dataclasses.replace(sample_delivery(), pitch_range_st=1.8, monotone=True)
    report = cli_report(dataclasses.replace(answer(), delivery=flat))
    assert "range 1.8 semitones around 120 Hz (monotone: let it rise and fall)" in report


def test_a_cli_report_without_it_reads_as_before() -> None:
    report = cli_report(answer(with_delivery=False))
    assert "How it sounded" not in report and TRAILING_MARK not in report
    assert "I'm a Python developer. I build queues." in report


QUESTION = Question("intro", "Tell me about yourself", "Tell me about yourself.", 60, 90)


def test_the_interview_report_has_the_block_per_answer_measured() -> None:
    second = dataclasses.replace(QUESTION, id="why", title="Why us?")
    answers = [
        InterviewAnswer(QUESTION, answer(), "recorded"),
        InterviewAnswer(second, answer(with_delivery=False), "recorded"),
    ]
    markdown = to_markdown(build(answers))
    first_part, second_part = markdown.split("## 2. Why us?")
    assert "How it sounded" in first_part and "How it sounded" not in second_part
    assert "Pitch range 5.4 st (target >= 3 st): ok" in first_part
    assert "Trailing off 0.50 of ends (target <= 0.25 of sentence ends): over" in first_part
    assert "range 5.4 semitones around 120 Hz (not monotone)" in first_part
    assert "Trailing off: 1 of 2 sentence ends." in first_part  # no marks in its quote
    assert "slowest 140 wpm (0:00-0:05), fastest 170 wpm (0:05-0:09)" in first_part
    assert "How it sounded</h3>" in to_html(build(answers))
