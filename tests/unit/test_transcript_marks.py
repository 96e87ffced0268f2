"""The CLI report's transcript marks fillers, possible fillers and pauses with characters, so
they read apart with NO_COLOR, in a pipe, or on a monochrome terminal (issue 22)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from rich.text import Text

from voicecoach.datatypes import AnalysedWord, Analysis, Filler, Pause
from voicecoach.rendering.report import TRANSCRIPT_STYLE, render
from voicecoach.rendering.text import transcript_text


def answer() -> Analysis:
    words = [
        AnalysedWord("So,", 0.5, 0.8, False),
        AnalysedWord("um,", 1.0, 1.3, True, "hesitation"),
        AnalysedWord("you", 3.6, 3.8, True, "discourse"),
        AnalysedWord("know,", 3.8, 4.0, True, "discourse"),
        AnalysedWord("uh?", 4.2, 4.5, False),
        AnalysedWord("I", 4.6, 4.7, False),
        AnalysedWord("build", 4.7, 5.0, False),
        AnalysedWord("queues.", 5.0, 5.5, False),
    ]
    return Analysis(
        duration_s=6.0,
        speech_span_s=5.0,
        wpm=96.0,
        articulation_wpm=100.0,
        words=words,
        fillers=[
            Filler("um", 1.0, 1.3, "hesitation"),
            Filler("you know", 3.6, 4.0, "discourse"),
        ],
        possible_fillers=[Filler("uh", 4.2, 4.5, "hesitation", "acoustic", 0.4)],
        pauses=[Pause(1.3, 3.6)],
        verdicts=[],
        model="fake",
    )


def test_marks_tell_fillers_possible_fillers_and_pauses_apart() -> None:
    text = transcript_text(answer(), TRANSCRIPT_STYLE).plain
    # A filler phrase is marked once, as a whole; punctuation stays outside the mark.
    assert text == "So, *um*, [2.3 s] _you know_, (uh?) I build queues."


def test_cli_report_with_no_color_keeps_the_marks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100)
    assert console.no_color
    console.print(render(answer()))
    report = out.getvalue()
    assert "\x1b[3" not in report and "\x1b[4" not in report  # no colour, foreground or back
    read = Text.from_ansi(report).plain  # what the terminal shows, bold and dim aside
    assert "So, *um*, [2.3 s] _you know_, (uh?) I build queues." in read
