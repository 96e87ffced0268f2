"""STAR in a story: situation, task, action and result found in an answer's words, or missing.

A behavioural question ("tell me about a time...", the seed's "you said you decided on Celery")
is answered well by a story in four parts: where you were and what was wrong (situation), what
was yours to do (task), what you did, in the first person (action), and what it led to, with a
number where there is one (result); a story that stops before its result is a common gap.
Found by cue phrases and sentence roles, matched with the talking points' normalisation
(voicecoach.analysis.content: Whisper's "I've" or "twenty five" match as said), plus two rules:
"I" with a past-tense verb is an action, and a measured change said after the action ("40
minutes", "30 percent") is a result. Deterministic, no model, a few milliseconds; the cue lists
were chosen on the tuning half of samples/star/ (docs/BENCHMARK.md, "STAR").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from voicecoach.analysis.content import (
    GAP_WORDS,
    SHORT_ANSWER_WORDS,
    UNIT_SUFFIXED,
    Pattern,
    Tokens,
    normalise,
    spoken_words,
    tokens_of,
    words_of,
)
from voicecoach.datatypes import STAR_PARTS, Analysis, StarPart, StarReport
from voicecoach.questions import Question

# -- the cues (normalised like talking-point keywords; "a ... b": b within a few words of a) ------

SITUATION_CUES = (
    "at my last", "at my previous", "at my current", "at my old", "at my first", "at my former",
    "in my last", "in my previous", "in my current", "in my old", "in my first", "in my former",
    "at the time", "at that time", "back then", "back in", "years ago", "months ago",
    "a year ago", "last year", "when i was", "when i joined", "when i worked", "when we",
    "we had a problem", "we had an issue", "we had a", "we had an", "there was a", "there was an",
    "there were", "the problem was", "the issue was", "the situation was", "the context",
    "our app", "our site", "our service", "our system", "our platform", "our team was",
    "the company had", "the team had", "we were", "i was working", "i worked at", "one time",
    "once we", "a client", "a customer", "our client", "our customer",
)  # fmt: skip
TASK_CUES = (
    "i was responsible", "responsible for", "my task", "my job was", "my role was", "my goal",
    "our goal", "the goal was", "i was asked", "asked me to", "wanted me to", "told me to",
    "i was tasked", "tasked with", "i was in charge", "in charge of", "it was my job",
    "it was up to me", "up to me to", "i needed to", "i had to", "we needed to", "we had to",
    "i owned", "i took on", "i took ownership", "i volunteered", "my responsibility",
    "the task was", "the challenge was", "i wanted to", "i had the job", "my part was",
    "i was the one", "needed someone", "wanted someone", "the aim was", "the point was",
    "the idea was", "the brief was", "on me to", "was on me", "fell to me", "offered to",
    "i agreed to", "i volunteered to", "promised to", "i stepped in", "i stepped up",
    "i took over", "somebody needed to", "someone needed to", "somebody had to",
    "someone had to", "expected to", "supposed to", "it was my call", "my decision",
)  # fmt: skip
ACTION_CUES = (
    "i decided", "i proposed", "i suggested", "i built", "i wrote",
    "i designed", "i introduced", "i set up", "i added", "i created", "i implemented", "i led",
    "i moved", "i replaced", "i split", "i migrated", "i ran", "i talked to", "i spoke to",
    "i organised", "i organized", "i made", "i changed", "i started", "i put", "i benchmarked",
    "i measured", "i profiled", "i rewrote", "i tested", "i paired", "i convinced",
    "we decided", "we switched", "we moved", "we rewrote", "we introduced", "we built",
)  # fmt: skip
RESULT_CUES = (
    "as a result", "the result", "in the end", "the outcome", "which meant", "that meant",
    "this meant", "it meant", "since then", "afterwards", "after that", "went from",
    "went down", "went up", "dropped", "fell to", "cut", "reduced", "halved", "doubled",
    "saved", "improved", "sped up", "speed up", "faster", "no longer", "never again",
    "got promoted", "adopted", "on time", "we shipped", "it worked", "paid off", "now it",
    "now the", "now we", "today it", "today the", "ever since", "the feedback", "thanked",
    "stopped getting", "no more", "zero", "so now", "now", "since", "have had no",
    "has had no", "have not", "has not", "havent", "hasnt", "anymore", "any more",
    "disappeared", "twice", "as fast", "the end", "finally", "we delivered", "we hit",
    "we finished", "we launched", "went well",
)  # fmt: skip

# A result's measure: a number (digits or words) followed within UNIT_REACH tokens by one of
# these ("40 minutes", "five percent", "three times faster").
RESULT_UNITS = frozenset(
    normalise(
        "percent per cent x times faster slower quicker seconds minutes hours days weeks months "
        "ms milliseconds dollars euros pounds rupees"
    )
)
UNIT_REACH = 3

# "I" (or "I've") then, within a word or two ("I then", "I quickly"), a past-tense verb: the
# speaker's own action. Verbs of state or need are not actions ("I was", "I had to").
SUBJECTS = frozenset({"i", "ive"})
ACTION_REACH = 2
IRREGULAR_PAST = frozenset(
    "built wrote made led ran took chose found set put got went gave told brought drove began "
    "spent sent kept split cut rewrote sat met paid sold drew undertook overtook shut became "
    "came fell grew held hit left lost won stood taught threw caught bought".split()
)
# The past of being and having: a scene is set with them ("our service was slow"), never an
# action of the speaker's.
PAST_STATES = frozenset("was were had did knew felt thought meant saw heard used".split())
NOT_PAST = frozenset("speed proceed succeed exceed indeed embed need feed seed hundred".split())
NOT_ACTIONS = frozenset(
    "was had used needed wanted felt knew thought liked loved hated noticed realised realized "
    "learned learnt heard joined worked called seemed supposed asked believed hoped expected "
    "guess guessed".split()
)
_PAST = re.compile(r"^[a-z]{3,}ed$")

# How far into the answer the opening sentence is read for a scene (Whisper may run several
# sentences into one with commas).
OPENING_TOKENS = 30

# Evidence: the sentence around the cue, cut to this many words before and after it.
BEFORE_WORDS = 3
AFTER_WORDS = 9
_SENTENCE_END = re.compile(r"[.?!]$")


def _raw(tokens: Tokens, i: int) -> str:
    """The word behind token ``i`` as said (lower case, no punctuation), before stemming."""
    said = words_of(tokens.words[tokens.first[i]])
    return said[0] if said else ""


def _past_action(tokens: Tokens) -> list[tuple[int, int]]:
    """Spans of "I <past-tense verb>" (a word or two may stand between: "I then wrote")."""
    spans = []
    n = len(tokens.stems)
    for i in range(n):
        if _raw(tokens, i) not in SUBJECTS:
            continue
        for j in range(i + 1, min(i + 1 + ACTION_REACH, n)):
            verb = _raw(tokens, j)
            if verb in NOT_ACTIONS or verb in SUBJECTS:
                break
            if verb not in PAST_STATES and _is_past(verb):
                spans.append((i, j + 1))
                break
    return spans


def _phrase_at(stems: Sequence[str], phrase: Sequence[str], at: Sequence[int]) -> list[int]:
    """Where in ``at`` (candidate starts) ``phrase`` is said word for word."""
    n = len(phrase)
    return [i for i in at if tuple(stems[i : i + n]) == tuple(phrase)]


def find_cues(tokens: Tokens, cues: Sequence[str]) -> list[tuple[int, int]]:
    """Spans of the cues said, in order: each cue normalised as talking-point keywords are
    (``Pattern.parse``, "a ... b" with b soon after a), compared stem for stem. No slips or
    split words here, unlike ``find_any``: the cues are common words Whisper spells right, and
    its fuzzy matching took about 50 ms on a 200-word story, this about 1 ms (the first call
    of a process also parses the cues: about 15 ms).
    """
    stems = tokens.stems
    where: dict[str, list[int]] = {}
    for i, stem in enumerate(stems):
        where.setdefault(stem, []).append(i)
    spans = []
    for cue in cues:
        parts = Pattern.parse(cue).parts
        if not parts:
            continue
        starts = _phrase_at(stems, parts[0], where.get(parts[0][0], []))
        for start in starts:
            end = start + len(parts[0])
            for part in parts[1:]:
                nexts = _phrase_at(stems, part, where.get(part[0], []))
                following = [j for j in nexts if 0 <= j - end <= GAP_WORDS]
                if not following:
                    break
                end = following[0] + len(part)
            else:
                spans.append((start, end))
    return sorted(set(spans))


def _is_past(word: str) -> bool:
    """A verb in the past tense, as far as its form shows ("-ed", or an irregular past)."""
    if word in NOT_PAST:
        return False
    return word in IRREGULAR_PAST or word in PAST_STATES or bool(_PAST.match(word))


def _opening_scene(
    tokens: Tokens, sentence: list[int], claimed: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """The opening sentence as the situation, by its role: told in the past ("Our support
    team used to copy orders by hand"), before any action or task of the speaker's (an answer
    that opens "My job was..." or "I proposed..." has set no scene)."""
    n = len(tokens.stems)
    if not n:
        return None
    opening = [i for i in range(min(n, OPENING_TOKENS)) if sentence[tokens.first[i]] == 0]
    past = next((i for i in opening if _is_past(_raw(tokens, i))), None)
    if past is None or any(start <= past for start, _ in claimed):
        return None
    return 0, past + 1


def _sentences(words: Sequence[str]) -> list[int]:
    """The index of the sentence each word is in (a word ending in . ? ! closes one)."""
    index, current = [], 0
    for word in words:
        index.append(current)
        if _SENTENCE_END.search(word.strip("\"')")):
            current += 1
    return index


def _evidence(tokens: Tokens, sentence: list[int], start: int, end: int) -> str:
    """The words around tokens [start, end), kept inside their sentence; the fillers the
    tokens leave out stay out of the quote too ("uh I proposed..." read as a flaw quoted)."""
    first, last = tokens.first[start], tokens.last[end - 1]
    lo = first
    while lo > 0 and first - lo < BEFORE_WORDS and sentence[lo - 1] == sentence[first]:
        lo -= 1
    hi = last
    limit = len(tokens.words) - 1
    while hi < limit and hi - last < AFTER_WORDS and sentence[hi + 1] == sentence[last]:
        hi += 1
    said = {i for f, t in zip(tokens.first, tokens.last, strict=True) for i in range(f, t + 1)}
    quoted = [tokens.words[i] for i in range(lo, hi + 1) if i in said]
    return " ".join(quoted).strip(" ,.;:!?\"'()[]-")


def _measured_after(tokens: Tokens, after: int) -> tuple[int, int] | None:
    """Where a measured change is said at or after token ``after``: a number with a unit of
    time, money or proportion ("40 minutes", "30 percent", "3 times faster", "10x"). A count
    of people or things ("with two other developers") is part of the action, not its result."""
    stems = tokens.stems
    for i in range(after, len(stems)):
        if UNIT_SUFFIXED.match(stems[i]):
            return i, i + 1
        if stems[i].isdigit():
            for j in range(i + 1, min(i + 1 + UNIT_REACH, len(stems))):
                if stems[j] in RESULT_UNITS:
                    return i, j + 1
    return None


def find_star(tokens: Tokens) -> StarReport:
    """Each STAR part with the words that showed it, from the answer's tokens (fillers out)."""
    sentence = _sentences(tokens.words)
    hits: dict[str, tuple[int, int] | None] = dict.fromkeys(STAR_PARTS)

    def first(spans: list[tuple[int, int]]) -> tuple[int, int] | None:
        return min(spans) if spans else None

    task_spans = find_cues(tokens, TASK_CUES)
    hits["task"] = first(task_spans)
    actions = find_cues(tokens, ACTION_CUES) + _past_action(tokens)
    # "I had to" is the task's, not an action, even where a rule would take it for one.
    actions = [a for a in actions if not any(t[0] <= a[0] < t[1] for t in task_spans)]
    hits["action"] = first(actions)
    situations = find_cues(tokens, SITUATION_CUES)
    scene = _opening_scene(tokens, sentence, task_spans + actions)
    hits["situation"] = first(situations + ([scene] if scene else []))
    # A result is told after the action ("the site stopped" before it is the situation).
    after = hits["action"][1] if hits["action"] else len(tokens.stems) // 3
    results = [(s, e) for s, e in find_cues(tokens, RESULT_CUES) if s >= after]
    quantity = _measured_after(tokens, after)
    if quantity is not None:
        results.append(quantity)
    hits["result"] = first(results)
    parts = []
    for name in STAR_PARTS:
        span = hits[name]
        if span is None:
            parts.append(StarPart(name, False))
        else:
            parts.append(StarPart(name, True, _evidence(tokens, sentence, *span)))
    return StarReport(parts)


def assess_star(analysis: Analysis, question: Question | None) -> StarReport | None:
    """The STAR check of an answer to a behavioural question; None for any other question."""
    if question is None or not question.behavioural or analysis.no_speech:
        return None
    return find_star(tokens_of(analysis))


# -- the tip --------------------------------------------------------------------------------------

ADD = {
    "situation": "open with the situation in one sentence ('At my last job, our uploads "
    "froze the site')",
    "task": "say what was yours to do ('I was responsible for...', 'My task was...')",
    "action": "say what you did, in the first person ('I proposed..., I built...')",
    "result": "end with the result, with a number if you can ('As a result, imports went "
    "from five hours to 40 minutes')",
}


TIP_OPENING = "Tell it as a STAR story"


def star_tip(star: StarReport) -> str | None:
    """What to add to the story, part by part; None when all four parts were told."""
    missing = star.missing
    if not missing:
        return None
    names = ", ".join(missing[:-1]) + (" and " if len(missing) > 1 else "") + missing[-1]
    steps = "; ".join(ADD[m] for m in missing)
    return f"{TIP_OPENING}: no {names} heard. {steps[:1].upper()}{steps[1:]}."


def with_star_tip(
    tips: list[str],
    star: StarReport | None,
    question: Question | None,
    analysis: Analysis,
    max_tips: int = 3,
) -> list[str]:
    """The tips with the STAR one after the tips on this answer's own figures and before the
    bank's general coaching (kept within ``max_tips``); unchanged when nothing is missing or
    the answer is too short for a story (its own tip says so)."""
    tips = [t for t in tips if not t.startswith(TIP_OPENING)]  # analysed again: one STAR tip
    tip = star_tip(star) if star is not None else None
    if tip is None or spoken_words(analysis.words) <= SHORT_ANSWER_WORDS:
        return tips
    bank = set(question.tips) if question else set()
    own = [t for t in tips if t not in bank]
    general = [t for t in tips if t in bank]
    return [*own[: max_tips - 1], tip, *general][:max_tips]
