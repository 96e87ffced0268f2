"""Advice that agrees with the figures (issue 18): a tip, a "what to improve" line or a personal
target comes from the same verdicts the screen shows; impact is credited for the numbers people
say ("from five hours to 40 minutes", "4 billion events a day").
"""

from __future__ import annotations

import pytest

from voicecoach.analysis.coaching import choose_tips
from voicecoach.analysis.content import assess_content, personal_targets
from voicecoach.analysis.targets import verdicts as make_verdicts
from voicecoach.config import Config
from voicecoach.datatypes import AnalysedWord, Analysis, Filler
from voicecoach.questions import load_bank
from voicecoach.rendering.interview_report import InterviewAnswer, build, to_markdown

BANK = load_bank()
INTRO = BANK.get("intro")
IMPACT_POINT = "A concrete achievement with impact"

STORY = (
    "I'm a backend engineer with six years of experience in Python and Django. At my current "
    "job I own the billing platform, and last year we cut our nightly batch window from five "
    "hours to 40 minutes by moving the reports to Celery. I like clean interfaces and careful "
    "code reviews. Next I want a role where I can grow into data engineering."
)


def intro_answer(text: str, seconds: float, filler_words: tuple[str, ...] = ()) -> Analysis:
    """``text`` spoken evenly over ``seconds``, judged against the intro's targets as the app
    judges it (its verdicts, tips and content), with the words in ``filler_words`` as fillers."""
    assert INTRO is not None
    tokens = text.split()
    step = seconds / len(tokens)
    words = []
    fillers = []
    for i, token in enumerate(tokens):
        is_filler = token.strip(",.").lower() in filler_words
        words.append(AnalysedWord(token, i * step, i * step + step * 0.8, is_filler))
        if is_filler:
            fillers.append(Filler(token, i * step, i * step + 0.3, "discourse"))
    wpm = len(words) / seconds * 60
    verdicts = make_verdicts(seconds, wpm, len(words), len(fillers), 0, INTRO, Config())
    analysis = Analysis(
        duration_s=seconds + 1.0,
        speech_span_s=seconds,
        wpm=wpm,
        articulation_wpm=wpm,
        words=words,
        fillers=fillers,
        pauses=[],
        verdicts=verdicts,
        model="test",
        question_id="intro",
        tips=choose_tips(verdicts, fillers, [], words, INTRO),
    )
    analysis.content = assess_content(analysis, INTRO)
    return analysis


def long_story(repeats: int = 3) -> str:
    return " ".join([STORY] * repeats)


def test_no_tip_for_a_target_that_was_met() -> None:
    """An 80 s answer with no filler was told "Keep it to 60-90 seconds" and "Cut fillers such
    as 'like'" beside verdicts that said both were on target."""
    analysis = intro_answer(long_story(), 80.0)
    assert all(v.ok for v in analysis.verdicts if v.metric != "wpm"), analysis.verdicts
    assert not any("60-90 seconds" in t for t in analysis.tips), analysis.tips
    assert not any("fillers" in t.lower() for t in analysis.tips), analysis.tips
    assert analysis.tips  # the question's content advice still comes


def test_a_missed_target_still_gets_its_tip() -> None:
    """The same bank tips, when the verdict beside them missed: they stay."""
    said = long_story().replace(" I like ", " like I like, like ")
    many = intro_answer(said.replace("engineer", "like engineer"), 80.0, ("like",))
    assert any(not v.ok and "filler" in v.metric for v in many.verdicts)
    assert any("Cut fillers" in t or "fillers per minute" in t for t in many.tips), many.tips
    short = intro_answer(STORY, 30.0)
    assert short.verdicts[0].status == "under"
    assert any("under the 60-90 s target" in t for t in short.tips), short.tips


def test_interview_report_never_lists_a_met_target_to_improve() -> None:
    """ "What to improve" listed those tips beside "Fillers 0.0 per min: on target" under
    "What went well"."""
    assert INTRO is not None
    analysis = intro_answer(long_story(), 80.0)
    text = to_markdown(build([InterviewAnswer(INTRO, analysis)]))
    answer_part = text.split("## Overall insights")[0]
    well, improve = answer_part.split("### What went well")[1].split("### What to improve")
    assert "Fillers 0.0 per min (target <= 2 per min): on target." in well
    assert "60-90 seconds" not in improve and "fillers" not in improve.lower()
    # A filler said inside the target is not a delivery problem either.
    said = long_story().replace(" I like ", " basically I like ", 1)
    one = intro_answer(said, 80.0, ("basically",))
    assert any(v.metric == "filler_rate_per_min" and v.ok for v in one.verdicts)
    text = to_markdown(build([InterviewAnswer(INTRO, one)]))
    assert "fillers heard" not in text.split("### What to improve")[1]


def with_rate(rate: float) -> Analysis:
    """An answer at ``rate`` fillers per minute over 60 s of speech, at 140 wpm."""
    analysis = intro_answer(long_story(), 80.0)
    analysis.speech_span_s = 60.0
    analysis.fillers = [Filler("um", 1.0, 1.2, "hesitation")] * int(round(rate))
    analysis.verdicts = make_verdicts(
        60.0, analysis.wpm, len(analysis.words), len(analysis.fillers), 0, INTRO, Config()
    )
    return analysis


def test_a_personal_target_is_never_above_the_latest_result() -> None:
    """After an answer at 0.0 fillers/min: "Your next target: 8.4 fillers/min -> aim for 6.5"
    (the mean of the last three, going backwards)."""
    (fill,) = personal_targets([with_rate(12), with_rate(13), with_rate(12), with_rate(0)])
    assert fill.goal <= 0.0 and fill.met
    assert fill.line.startswith("0 fillers/min in this answer -> within target; keep it at 0")
    assert "aim for" not in fill.line
    # Over the target, a step down from this answer, and never above it.
    (over,) = personal_targets([with_rate(3), with_rate(12), with_rate(5)])
    assert not over.met and 2.0 <= over.goal < 5.0
    assert over.line.startswith("5 fillers/min in this answer -> aim for")
    # Met targets are what went well in the interview report, not what to improve.
    assert INTRO is not None
    latest = with_rate(0)
    assert latest.content is not None
    latest.content.personal_targets = [fill]
    text = to_markdown(build([InterviewAnswer(INTRO, latest)]))
    assert "Your next target" not in text.split("### What to improve")[1]


@pytest.mark.parametrize(
    "said",
    [
        "we cut our nightly batch window from five hours to 40 minutes",
        "the pipeline now takes 4 billion events a day",
        "the pipeline now takes four billion events a day",
        "the new cache made the search page 10x faster",
        "we brought the error rate down by 30% in a quarter",
        "it now serves two million users every week",
        "I made the upload three times faster",
    ],
)
def test_impact_is_credited_for_the_numbers_people_say(said: str) -> None:
    """ "cut our nightly batch window from five hours to 40 minutes" and "4 billion events a
    day" got "✗ A concrete achievement with impact" and "add a number"."""
    text = (
        "I'm a backend engineer with six years of experience in Python. At my last job "
        f"{said}. Next I want a role where I can grow."
    )
    analysis = intro_answer(text, 40.0)
    assert analysis.content is not None
    [point] = [p for p in analysis.content.talking_points if p.point == IMPACT_POINT]
    assert point.covered and point.evidence, said
    assert analysis.content.shape["impact"] is True
    assert "impact" not in {f.kind for f in analysis.content.flags}
    # Under the time target, the tip does not ask for the number that was just said.
    assert not any("add a concrete example with a number" in t for t in analysis.tips)


@pytest.mark.parametrize(
    "said",
    ["I moved from Pune to Berlin", "I joined the company in 2019", "I like clean code"],
)
def test_no_impact_credited_without_a_quantity(said: str) -> None:
    text = f"I'm a backend engineer. {said}. Next I want a role where I can grow."
    analysis = intro_answer(text, 40.0)
    assert analysis.content is not None
    [point] = [p for p in analysis.content.talking_points if p.point == IMPACT_POINT]
    assert not point.covered, point
    assert any("add a concrete example with a number" in t for t in analysis.tips)


def test_the_interview_pace_counts_only_answers_that_have_a_pace() -> None:
    """A one-word greeting is "171 wpm" by arithmetic but has no pace judged: the interview's
    pace line must not average it in or quote it as the fastest answer."""
    import dataclasses

    from support.ui_fakes import sample_analysis

    from voicecoach.rendering.interview_report import insights

    paced = dataclasses.replace(sample_analysis("intro"), wpm=140.0)
    greeting = sample_analysis("greeting")
    greeting = dataclasses.replace(
        greeting, wpm=171.0, verdicts=[v for v in greeting.verdicts if v.metric != "wpm"]
    )
    bank = load_bank()
    lines = insights(
        [
            InterviewAnswer(bank.get("greeting"), greeting),  # type: ignore[arg-type]
            InterviewAnswer(bank.get("intro"), paced),  # type: ignore[arg-type]
        ]
    )
    pace = next(line for line in lines if line.startswith("Pace:"))
    assert "140 wpm on average (from 140 to 140)" in pace and "171" not in pace
