"""The two or three tips that matter most for this answer, worded from its own numbers.

A tip about a measured target (time, pace, fillers, pauses) is given only when the verdict on
that target missed it: ours are written from the failing verdicts, and the question bank's are
read for the target they speak of (``agrees``): "Keep it to 60-90 seconds" beside "Speaking
time 80 s: on target" read as if the app contradicted itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from voicecoach.analysis.content import (
    SHORT_ANSWER_TIP,
    SHORT_ANSWER_WORDS,
    Tokens,
    agrees,
    has_quantity,
    spoken_words,
    word_answer,
)
from voicecoach.datatypes import (
    AnalysedWord,
    Filler,
    Pause,
    Verdict,
    fillers_said,
    plural,
    seconds_text,
    verdict_value_text,
)
from voicecoach.questions import Question

MAX_TIPS = 3


def choose_tips(
    verdicts: list[Verdict],
    fillers: list[Filler],
    long_pauses: list[Pause],
    words: Sequence[AnalysedWord],
    question: Question | None,
) -> list[str]:
    """Failing metrics first (most off-target first), then the question's own coaching.

    ``words`` rather than a count: no speech at all and an answer that is too short (counted
    fillers aside, as the note and the answer-shape flag count it) get different tips.
    """
    by_metric = {v.metric: v for v in verdicts}
    tips: list[str] = []
    duration = by_metric.get("duration_s")
    spoken = spoken_words(words)
    too_short = spoken <= SHORT_ANSWER_WORDS
    if not words:
        tips.append("No speech was detected: check the microphone level and answer out loud.")
    elif too_short:
        tips.append(f"That was {word_answer(spoken)}. {SHORT_ANSWER_TIP}")
    fill = by_metric.get("filler_rate_per_min") or by_metric.get("filler_count")
    if fill and not fill.ok and fillers:
        tips.append(
            f"{verdict_value_text(fill, 'fillers per minute')} ({fillers_said(fillers)}): pause "
            "silently instead; a short silence sounds more confident than a filler."
        )
    if duration and not duration.ok and not too_short:
        spoke = seconds_text(duration.value, duration.status, duration.target)
        said = [w.text for w in words if not w.filler]
        numbered = has_quantity(Tokens.from_words(said))[0]
        if duration.status == "over":
            tips.append(
                f"You spoke {spoke}, over the {duration.target} target: lead with the direct "
                "answer and keep one example."
            )
        else:
            tips.append(
                f"You spoke {spoke}, under the {duration.target} target: "
                + (
                    "say what your example led to and what it taught you."
                    if numbered  # it has its number: asking for one read as unheard
                    else "add a concrete example with a number (time saved, users, percent)."
                )
            )
    pace = by_metric.get("wpm")  # absent when the answer has too few words for a pace
    if pace and not pace.ok:
        if pace.status == "over":
            tips.append(f"{pace.value:.0f} wpm is fast: slow down and let key points land.")
        else:
            tips.append(f"{pace.value:.0f} wpm is slow: aim for {pace.target} with fewer stops.")
    very_long = [p for p in long_pauses if p.duration >= 2.0]
    pauses = by_metric.get("long_pauses_per_min") or by_metric.get("long_pauses")
    if very_long and pauses is not None and not pauses.ok:  # not beside "on target"
        tips.append(
            f"{plural(len(very_long), 'pause')} of 2 s or more: plan the answer's shape (point, "
            "example, result) so you know what comes next."
        )
    if question:  # the bank's words: its tips on a measured target only when it was missed
        for tip in question.tips:
            if len(tips) >= MAX_TIPS:
                break
            if agrees(tip, verdicts):
                tips.append(tip)
    return tips[:MAX_TIPS]
