"""Which figure is judged against which target, and how it is worded (a real-terminal audit).

Analyses here run on fixed words and voice activity (no model, no acoustic pass), so each test
names exactly what the speaker said and when.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from rich.console import Console

from voicecoach.analysis import analyze
from voicecoach.analysis.coaching import choose_tips
from voicecoach.analysis.voice_activity import SpeechRegion, VoiceActivity
from voicecoach.audio import SAMPLE_RATE
from voicecoach.datatypes import AnalysedWord, Analysis, Filler, Transcript, Verdict, Word
from voicecoach.questions import load_bank
from voicecoach.rendering.interview_report import _value_text
from voicecoach.rendering.report import render
from voicecoach.ui.questions import summarise_attempt
from voicecoach.ui.results import summary_line

BANK = load_bank()


def said(
    spans: list[tuple[float, float]], recording_s: float, question: str, texts: list[str]
) -> Analysis:
    """An answer of ``texts`` spread evenly over the voiced ``spans``, in a recording."""
    per_span = [len(texts) * (b - a) / sum(e - s for s, e in spans) for a, b in spans]
    words: list[Word] = []
    i = 0
    for (a, b), share in zip(spans, per_span, strict=True):
        n = max(1, round(share)) if i < len(texts) else 0
        step = (b - a) / max(n, 1)
        for k in range(n):
            if i >= len(texts):
                break
            words.append(Word(texts[i], a + k * step, a + (k + 1) * step - 0.02))
            i += 1
    words += [Word(t, spans[-1][1] - 0.2, spans[-1][1]) for t in texts[i:]]
    activity = VoiceActivity(
        [SpeechRegion(a, b) for a, b in spans], np.zeros(0), np.zeros(0), -20.0, -60.0
    )
    samples = np.zeros(int(recording_s * SAMPLE_RATE), dtype=np.float32)
    return analyze(
        samples,
        Transcript(words, "test"),
        question=BANK.get(question),
        activity=activity,
        acoustic=False,
    )


def verdict(analysis: Analysis, metric: str) -> Verdict | None:
    return next((v for v in analysis.verdicts if v.metric == metric), None)


def shown(analysis: Analysis) -> str:
    console = Console(width=200, record=True)
    console.print(render(analysis))
    return console.export_text()


PITCH = ("I build Python services for a logistics company and I like queues " * 10).split()


def test_silence_after_the_last_word_is_not_speaking_time() -> None:
    """14 s said, then 30 s of silence before stop: "0:45 ... Duration 45 s under" with nothing
    saying the speaker stopped at 0:14. Judged now on the 12.7 s spoken, the recording shown."""
    a = said([(0.5, 13.2)], 45.0, "intro", PITCH[:31])
    duration = verdict(a, "duration_s")
    assert duration is not None and duration.value == pytest.approx(12.7, abs=0.01)
    assert duration.status == "under"
    assert a.to_dict()["duration_s"] == 45.0  # the recording's length, as before
    assert a.to_dict()["speech_start_s"] == 0.5
    line = summary_line(a, BANK.get("intro"))  # type: ignore[arg-type]
    assert line.startswith(
        "Spoke 13 s (target 60-90 s) of a 0:45 recording: 32 s of silence after ·"
    )
    assert "Spoke 13 s of a 0:45 recording" in shown(a)
    assert "You spoke 13 s, under the 60-90 s target" in " ".join(a.tips)


def test_a_slow_start_does_not_push_an_88_s_answer_over_90() -> None:
    """88 s spoken after 3 s reaching for the key was "over" the 60-90 s intro target."""
    a = said([(3.0, 91.0)], 92.0, "intro", PITCH * 2)
    duration = verdict(a, "duration_s")
    assert duration is not None and duration.status == "ok"
    assert duration.value == pytest.approx(88.0)
    assert "of a 1:32 recording: 3.0 s of silence before ·" in summary_line(a, BANK.get("intro"))  # type: ignore[arg-type]


def test_one_filler_in_a_greeting_is_counted_not_rated() -> None:
    """'Well, nice to meet you too...' with one filler in 4.6 s read "Fillers 13 /min over"."""
    a = said([(0.3, 4.9)], 6.0, "greeting", "Um nice to meet you too".split())
    assert len(a.fillers) == 1
    assert verdict(a, "filler_rate_per_min") is None
    fillers = verdict(a, "filler_count")
    assert fillers is not None and fillers.ok and fillers.value == 1
    assert fillers.target == "<= 1, answer under 30 s"
    assert not any("per minute" in t for t in a.tips)
    assert "1 filler " in shown(a) and "/min" not in summary_line(a, BANK.get("greeting"))  # type: ignore[arg-type]
    assert a.filler_rate_per_min > 2  # the JSON keeps the rate itself


def test_one_long_pause_in_a_short_intro_is_not_over() -> None:
    """One 1.2 s pause in a 12.8 s answer gave "Long pauses 4.7 /min over"."""
    a = said([(0.3, 6.0), (7.2, 13.1)], 14.0, "intro", PITCH[:31])
    assert len(a.long_pauses) == 1
    pauses = verdict(a, "long_pauses")
    assert pauses is not None and pauses.ok
    assert verdict(a, "long_pauses_per_min") is None


def test_a_one_word_answer_has_no_pace() -> None:
    """ "Same." gave "Pace 176 wpm over" and the tip "176 wpm is fast: slow down"."""
    a = said([(0.5, 0.84)], 2.0, "greeting", ["Same."])
    assert verdict(a, "wpm") is None
    assert not any("wpm" in t for t in a.tips)
    assert any("pace not judged: 1 word is too few" in n for n in a.notes)
    assert "wpm" not in summary_line(a, BANK.get("greeting"))  # type: ignore[arg-type]


def test_a_missed_time_target_never_rounds_into_it() -> None:
    """2.5 s under 3-10 s: the header said "0:03 (3 s, target 3-10 s)", the list "✗ 3 s"."""
    a = said([(0.3, 2.8)], 2.9, "greeting", "Nice to meet you too thanks".split())
    duration = verdict(a, "duration_s")
    assert duration is not None and duration.status == "under"
    assert summary_line(a, BANK.get("greeting")).startswith("Spoke 2.5 s (target 3-10 s) ·")  # type: ignore[arg-type]
    assert summarise_attempt(type("Attempt", (), {"analysis": a})()).startswith("✗ 2.5 s")
    assert _value_text(duration) == "2.5 s"  # the interview report


def test_header_and_table_round_a_rate_alike() -> None:
    """ "3 fillers (14.2/min)" in the header beside "Fillers 14 /min" in the table."""
    from voicecoach.ui.widgets import verdict_table

    texts = ["um" if i % 7 == 0 else w for i, w in enumerate(PITCH[:90])]
    a = said([(0.5, 34.5)], 35.0, "intro", texts)
    rate = verdict(a, "filler_rate_per_min")
    assert rate is not None and rate.value > 10
    yours = list(verdict_table(a.verdicts).columns[1]._cells)
    shown_rate = f"{round(rate.value)} /min"
    assert shown_rate in yours
    assert f"({shown_rate})" in summary_line(a, BANK.get("intro"))  # type: ignore[arg-type]


def test_the_filler_tip_names_every_kind_said() -> None:
    """ "14.2 fillers per minute ('uh' x1, 'um' x1)" left out 'basically', the third."""
    fillers = [
        Filler("uh", 1.0, 1.2, "hesitation"),
        Filler("um", 3.0, 3.2, "hesitation"),
        Filler("basically", 5.0, 5.5, "discourse"),
    ]
    rate = Verdict("filler_rate_per_min", 14.2, "<= 2 per min", False, "over", "Fillers")
    words = [AnalysedWord(w, i, i + 0.3, False) for i, w in enumerate(PITCH[:20])]
    tip = choose_tips([rate], fillers, [], words, None)[0]
    assert "'uh' x1, 'um' x1, 'basically' x1" in tip
    many = fillers + [Filler("like", 6.0, 6.2, "discourse"), Filler("um", 7, 7.2, "hesitation")]
    assert "most often 'um' x2" in choose_tips([rate], many, [], words, None)[0]


def test_counts_are_worded_in_the_singular_when_there_is_one() -> None:
    """ "1 fillers" in the question list, "1 pauses" in the text report, "word(s)" in notes."""
    a = said([(0.3, 6.0), (6.5, 13.1)], 14.0, "intro", PITCH[:30])
    assert len(a.pauses) == 1
    assert "1 pause (" in shown(a)
    ghost = [Word("invented", 20.0, 20.5)]  # no voice under it: left out, with a note
    b = analyze(
        np.zeros(25 * SAMPLE_RATE, dtype=np.float32),
        Transcript(
            [
                Word("Um", 0.4, 0.6),
                *[Word(w, 1 + i * 0.3, 1.2 + i * 0.3) for i, w in enumerate(PITCH[:20])],
                *ghost,
            ],
            "test",
        ),
        question=BANK.get("intro"),
        activity=VoiceActivity([SpeechRegion(0.3, 7.5)], np.zeros(0), np.zeros(0), -20, -60),
        acoustic=False,
    )
    assert len(b.fillers) == 1
    assert summarise_attempt(type("Attempt", (), {"analysis": b})()).endswith("· 1 filler")
    assert any("1 transcribed word with no speech under it" in n for n in b.notes)
    assert not any("(s)" in n for n in b.notes)


def test_interview_help_says_what_the_interview_is(capsys: pytest.CaptureFixture[str]) -> None:
    """`interview --help` said "Run the seed's interview": "seed" means nothing to a user."""
    from voicecoach.cli import parse_args

    with pytest.raises(SystemExit):
        parse_args(["interview", "--help"])
    out = capsys.readouterr().out
    assert "seed" not in out and "mock interview" in out


def test_a_wav_cut_inside_its_audio_is_analysed_with_a_note(tmp_path: Path) -> None:
    """`head -c 100000 intro-short.wav` was analysed silently as a 3.1 s answer."""
    from support.ui_fakes import FakeTranscriber

    from voicecoach.audio.files import load_audio
    from voicecoach.practice.pipeline import analyze_file

    whole = tmp_path / "whole.wav"
    sf.write(whole, np.full(14 * SAMPLE_RATE, 0.01, np.float32), SAMPLE_RATE, subtype="PCM_16")
    cut = tmp_path / "cut.wav"
    cut.write_bytes(whole.read_bytes()[:100_000])
    assert load_audio(whole).note is None
    report = analyze_file(cut, FakeTranscriber())  # type: ignore[arg-type]
    assert report.notes[0] == (
        "the file ends early: 3.1 s of the 14 s its header announces; the figures cover only "
        "what is there"
    )
