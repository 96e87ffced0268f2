"""Which follow-up an interviewer asks after an answer: the first of the question's follow-ups
whose trigger holds on the analysed answer.

The seed's interviewer built each question on what the candidate had just said ("Why Celery and
RabbitMQ for 1,000 logins?" -> "Does Celery solve network errors?"). Offline and deterministic,
we do it with rules on the analysis the results already show: a talking point made or missed (the
same coverage as the results screen's), a term said (matched as talking points' keywords are:
"Rabbit MQ" is "rabbitmq", "single-threaded" is "single threaded"), or a delivery result (the
time verdict; no example or no concrete quantity, as the answer-shape checks see them). An answer
with no speech, or too short to rate, gets no follow-up: there is nothing to follow up on.
"""

from __future__ import annotations

from dataclasses import dataclass

from voicecoach.analysis.content import (
    EXAMPLE_PHRASES,
    Tokens,
    cover_points,
    find_any,
    has_quantity,
    tokens_of,
    unrated,
)
from voicecoach.datatypes import Analysis
from voicecoach.questions import Followup, Question, Trigger

# A term said just after one of these is denied, not claimed: "Django is not single-threaded"
# must not get "You said Django is single-threaded", nor "never boring" a question on boredom.
NEGATIONS = frozenset(
    {"not", "no", "never", "isnt", "arent", "wasnt", "werent", "dont", "doesnt", "didnt", "without"}
)
NEGATION_REACH = 2  # tokens before the term
# Besides the answer-shape check's example phrases ("for example", "we built", "last year"),
# words that report something done: "I have built the data pipelines", "I practise on Kaggle".
DONE_PHRASES = (
    "i have built", "ive built", "i have done", "ive done", "i have used", "ive used",
    "i have worked on", "ive worked on", "i have trained", "ive trained", "i trained",
    "i have written", "ive written", "i practise", "i practice", "im taking", "i took",
    "i completed", "i made", "i created", "i deployed", "i shipped",
)  # fmt: skip


@dataclass(frozen=True)
class FiredFollowup:
    """A follow-up whose trigger held, with the words (or the result) that made it hold."""

    followup: Followup
    because: str

    @property
    def question(self) -> Question:
        return self.followup.question


def _covered(question: Question, analysis: Analysis, tokens: Tokens) -> list[bool]:
    """Each talking point made or not: the report's own coverage when it has one (what the
    results screen shows), else found as it finds it."""
    content = analysis.content
    if content is not None and len(content.talking_points) == len(question.points):
        return [p.covered for p in content.talking_points]
    return [p.covered for p, _ in cover_points(question, tokens)]


def _duration_status(question: Question, analysis: Analysis) -> str:
    """ "over", "under" or "ok": the report's time verdict, else the speaking time against the
    question's target."""
    verdict = analysis.duration_verdict
    if verdict is not None:
        return verdict.status
    if analysis.speech_span_s > question.target_max_s:
        return "over"
    if analysis.speech_span_s < question.target_min_s:
        return "under"
    return "ok"


def _denied(tokens: Tokens, start: int) -> bool:
    """Whether the words just before token ``start`` deny what follows ("not", "never"...)."""
    before = tokens.stems[max(0, start - NEGATION_REACH) : start]
    return any(t in NEGATIONS for t in before)


def trigger_holds(
    trigger: Trigger, question: Question, analysis: Analysis, tokens: Tokens | None = None
) -> str | None:
    """Why ``trigger`` holds on this answer to ``question`` (the words said, the point, the
    result), or None when it does not."""
    if unrated(analysis) is not None:
        return None
    tokens = tokens if tokens is not None else tokens_of(analysis)
    if trigger.kind in ("made", "missed") and trigger.point is not None:
        covered = _covered(question, analysis, tokens)
        if trigger.point >= len(covered):
            return None
        if covered[trigger.point] == (trigger.kind == "made"):
            return f"{trigger.kind} the point '{question.points[trigger.point].point}'"
        return None
    if trigger.kind == "said":
        hits = [h for h in find_any(tokens, trigger.terms) if not _denied(tokens, h[0])]
        return f'said "{tokens.quote(hits[0][0], hits[0][1])}"' if hits else None
    if trigger.result in ("over-time", "under-time"):
        status = _duration_status(question, analysis)
        said = "ran over its time" if status == "over" else "was under its time"
        return said if f"{status}-time" == trigger.result else None
    if trigger.result == "no-example":
        # Anywhere in the answer: the shape check wants the example after the direct answer,
        # but one that opens the answer ("For example, I built...") is still given.
        examples = find_any(tokens, EXAMPLE_PHRASES)
        examples += [h for h in find_any(tokens, DONE_PHRASES) if not _denied(tokens, h[0])]
        quantity, _ = has_quantity(tokens)
        return None if examples or quantity else "gave no concrete example"
    if trigger.result == "no-quantity":
        quantity, _ = has_quantity(tokens)
        return None if quantity else "gave no concrete quantity"
    return None


def fired_followups(question: Question, analysis: Analysis) -> list[FiredFollowup]:
    """Every follow-up of ``question`` whose trigger holds on ``analysis``, in the bank's order."""
    if not question.followups or unrated(analysis) is not None:
        return []
    tokens = tokens_of(analysis)
    fired = []
    for followup in question.followups:
        because = trigger_holds(followup.trigger, question, analysis, tokens)
        if because is not None:
            fired.append(FiredFollowup(followup, because))
    return fired


def next_followup(question: Question, analysis: Analysis) -> FiredFollowup | None:
    """The follow-up the interviewer asks: the first whose trigger holds, or None."""
    fired = fired_followups(question, analysis)
    return fired[0] if fired else None
