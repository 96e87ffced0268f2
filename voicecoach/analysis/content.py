"""What was said, judged as the seed's reviewer did: talking points made or missed, answer shape.

Whisper's text is not the speaker's: "RabbitMQ" comes back as "Rabbit MQ", "idempotency" as "idem
potency", numbers as digits or words. So both the transcript and each keyword are normalised the
same way (lower case, no punctuation, number words as digits, a crude stem), split words are
joined when comparing, and single tokens may differ by a slip (difflib ratio, same first letter).
Paraphrase is handled by the keyword/synonym lists in the bank, with ``a ... b`` meaning "a, then b
within a few words". No model, no network, no UI: the report, the CLI and the UI all use this.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from voicecoach.datatypes import (
    AnalysedWord,
    Analysis,
    ContentFlag,
    ContentReport,
    PersonalTarget,
    PointCoverage,
    Verdict,
)
from voicecoach.questions import Question

# -- normalising ---------------------------------------------------------------------------------

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}

GAP_WORDS = 6  # "a ... b": b starts at most this many tokens after a ends
TOKEN_RATIO = 0.85  # two single tokens count as the same word at this difflib ratio
JOINED_RATIO = 0.9  # a keyword against a split/joined window at this ratio


def stem(token: str) -> str:
    """A crude stem, applied alike to transcript and keywords: plurals and -ing/-ed, final e."""
    if len(token) <= 3 or token.isdigit():
        return token
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("s", "")):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            if suffix == "s" and token.endswith("ss"):
                break
            token = token[: -len(suffix)] + repl
            break
    if token.endswith("e") and len(token) > 3:
        token = token[:-1]
    return token


def _numbers(tokens: list[str]) -> list[str]:
    """Runs of number words as one digit string: 'twenty five thousand' -> '25000'."""
    out: list[str] = []
    total = current = 0
    in_number = False
    for tok in [*tokens, ""]:
        if tok in _UNITS or (tok in _SCALES and in_number):
            in_number = True
            if tok in _UNITS:
                current += _UNITS[tok]
            elif tok in _SCALES:
                scale = _SCALES[tok]
                if scale == 100:
                    current = max(current, 1) * 100
                else:
                    total += max(current, 1) * scale
                    current = 0
            continue
        if tok in _SCALES:  # "thousand" alone
            out.append(str(_SCALES[tok]))
            continue
        if in_number:
            out.append(str(total + current))
            total = current = 0
            in_number = False
        if tok:
            out.append(tok)
    return out


def words_of(text: str) -> list[str]:
    """Lower-case tokens without punctuation; '%' becomes 'percent', '25,000' becomes '25000'.
    An acronym's plural is the acronym ('IDs' is 'id', 'APIs' 'api'): too short for ``stem``."""
    text = re.sub(r"\b([A-Z]{2,})s\b", r"\1", text)
    text = text.lower().replace("%", " percent ").replace("$", " dollar ")
    text = re.sub(r"(?<=\d)[,.](?=\d{3}\b)", "", text)  # 25,000 -> 25000
    text = re.sub(r"['\u2019]", "", text)  # don't -> dont, so one token
    return re.findall(r"[a-z0-9]+", text)


def normalise(text: str) -> list[str]:
    """The comparable form of a phrase: tokens, numbers as digits, stemmed."""
    return [stem(t) for t in _numbers(words_of(text))]


@dataclass(frozen=True)
class Tokens:
    """A transcript as comparable tokens, each pointing back to the words it came from."""

    stems: list[str]
    first: list[int]  # index into ``words`` of the first word behind each token
    last: list[int]  # ... and of the last ("twenty five" is one token from two words)
    words: list[str]

    @classmethod
    def from_words(cls, words: Sequence[str], skip: Iterable[int] = ()) -> Tokens:
        skipped = set(skip)
        raw: list[tuple[str, int]] = [
            (tok, i) for i, word in enumerate(words) if i not in skipped for tok in words_of(word)
        ]
        stems: list[str] = []
        first: list[int] = []
        last: list[int] = []
        i = 0
        while i < len(raw):
            j = i
            while j < len(raw) and (raw[j][0] in _UNITS or (j > i and raw[j][0] in _SCALES)):
                j += 1
            if j > i:  # a run of number words becomes digits
                converted = _numbers([t for t, _ in raw[i:j]])
                for tok in converted:
                    stems.append(tok)
                    first.append(raw[i][1])
                    last.append(raw[j - 1][1])
                i = j
                continue
            tok, src = raw[i]
            stems.append(_numbers([tok])[0])
            first.append(src)
            last.append(src)
            i += 1
        return cls([stem(t) for t in stems], first, last, list(words))

    def quote(self, start: int, end: int) -> str:
        """The original words behind tokens [start, end), without edge punctuation."""
        text = " ".join(self.words[self.first[start] : self.last[end - 1] + 1])
        return text.strip(" ,.;:!?\"'()[]-")


def tokens_of(analysis: Analysis, include_fillers: bool = False) -> Tokens:
    """The analysis's words as tokens; fillers (um, like...) are left out unless asked for."""
    words = [w.text for w in analysis.words]
    skip = [] if include_fillers else [i for i, w in enumerate(analysis.words) if w.filler]
    return Tokens.from_words(words, skip)


# -- matching ------------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _similar(a: str, b: str, threshold: float) -> bool:
    """difflib's ratio at least ``threshold``, with its cheap upper bound tried first."""
    matcher = SequenceMatcher(None, a, b)
    return matcher.quick_ratio() >= threshold and matcher.ratio() >= threshold


@lru_cache(maxsize=65536)
def token_match(a: str, b: str) -> bool:
    """Same stem, or a one-letter slip of a word of 4+ letters ("reddis"/"redis")."""
    if a == b:
        return True
    if len(a) < 4 or len(b) < 4 or a[0] != b[0] or abs(len(a) - len(b)) > 2:
        return False
    if a.isdigit() or b.isdigit():
        return False
    return _similar(a, b, TOKEN_RATIO)


def _joined_match(window: Sequence[str], keyword: Sequence[str]) -> bool:
    """A keyword against a window split or joined differently ("rabbit mq" / "rabbitmq")."""
    a, b = "".join(window), "".join(keyword)
    if len(b) < 5 or a[:1] != b[:1]:  # "a i" must not become "ai"
        return False
    if a == b:
        return True
    return len(b) >= 8 and abs(len(a) - len(b)) <= 2 and _similar(a, b, JOINED_RATIO)


def find_phrase(tokens: Sequence[str], phrase: Sequence[str]) -> list[tuple[int, int]]:
    """Spans [start, end) of ``tokens`` that say ``phrase`` (already normalised)."""
    n = len(phrase)
    if n == 0 or not phrase[0]:
        return []
    spans: list[tuple[int, int]] = []
    sizes = [n] + [m for m in (n - 1, n + 1, n + 2, n - 2) if m >= 1]
    initial = phrase[0][0]
    last_end = 0
    # Every way of matching keeps the first letter, so only those positions can start a match.
    for i in [i for i, t in enumerate(tokens) if t[:1] == initial]:
        if i < last_end:
            continue
        for m in sizes:
            if i + m > len(tokens):
                continue
            window = tokens[i : i + m]
            if m == n:
                if all(token_match(a, b) for a, b in zip(window, phrase, strict=True)):
                    break
            elif _joined_match(window, phrase):
                break
        else:
            continue
        spans.append((i, i + m))
        last_end = i + m
    return spans


@dataclass(frozen=True)
class Pattern:
    """A keyword as parts: 'unique ... constraint' is two parts, the second soon after the first."""

    text: str
    parts: tuple[tuple[str, ...], ...]

    @classmethod
    @lru_cache(maxsize=4096)
    def parse(cls, text: str) -> Pattern:
        parts = tuple(tuple(normalise(p)) for p in text.split("...") if p.strip())
        return cls(text, tuple(p for p in parts if p))

    def find(self, tokens: Sequence[str]) -> list[tuple[int, int]]:
        if not self.parts:
            return []
        spans = find_phrase(tokens, self.parts[0])
        for part in self.parts[1:]:
            nexts = find_phrase(tokens, part)
            joined = []
            for start, end in spans:
                after = [s for s in nexts if 0 <= s[0] - end <= GAP_WORDS]
                if after:
                    joined.append((start, after[0][1]))
            spans = joined
        return spans


def find_any(tokens: Tokens, phrases: Iterable[str]) -> list[tuple[int, int, str]]:
    """Every (start, end, phrase) match of any phrase, in transcript order, without overlaps."""
    hits = []
    for phrase in phrases:
        for start, end in Pattern.parse(phrase).find(tokens.stems):
            hits.append((start, end, phrase))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out: list[tuple[int, int, str]] = []
    last_end = -1
    for hit in hits:
        if hit[0] >= last_end:
            out.append(hit)
            last_end = hit[1]
    return out


def cover_points(
    question: Question | None, tokens: Tokens
) -> list[tuple[PointCoverage, int | None]]:
    """Each talking point, covered or not, with the earliest matching words and where they start."""
    out: list[tuple[PointCoverage, int | None]] = []
    for tp in question.points if question else ():
        hits = find_any(tokens, tp.keywords)
        if hits:
            start, end, _ = hits[0]
            out.append((PointCoverage(tp.point, True, tokens.quote(start, end)), start))
            continue
        # A point made by any concrete quantity ("from five hours to 40 minutes"): the same
        # test as the impact flag's, so the two never disagree on one answer.
        quantity, evidence = has_quantity(tokens) if tp.quantity else (False, "")
        if quantity:
            out.append((PointCoverage(tp.point, True, evidence), None))
        else:
            out.append((PointCoverage(tp.point, False, ""), None))
    return out


# -- answer shape --------------------------------------------------------------------------------

STOPWORDS = frozenset(
    normalise(
        "a an the and or but if so then than that this these those there here is are was were be "
        "been being am i im me my we our us you your he she it its they them their to of in on "
        "at by for with from as into about over under up down out do does did done dont doesnt "
        "didnt have has had having will would could should can cant wont not no yes just also "
        "very really what which who whom when where why how all any some more most much many "
        "one each every other such only own same too again once now well like know mean ill id "
        "ive youre thats its get got go going make made want say said think"
    )
)

RESTATE_PHRASES = (
    "the question is", "you are asking", "youre asking", "if i understand", "if i understood",
    "the problem is", "the challenge is", "the issue is", "so the problem", "to answer",
    "my role", "the reason",
)  # fmt: skip
DIRECT_PHRASES = (
    "yes", "no", "i would", "we would", "wed", "i will", "my answer", "in short",
    "short answer", "the answer is", "it depends", "i make", "i use", "we use", "i am a", "im a",
    "the key is", "the way to", "i proposed", "i lead", "i led",
)  # fmt: skip
EXAMPLE_PHRASES = (
    "for example", "for instance", "e g", "such as", "in my last", "in my current",
    "in my previous", "at my last", "at my current", "at my previous", "in one project",
    "in a project", "in our project", "we had", "we built", "we moved", "we once", "last year",
    "last month", "last spring", "last summer", "last week", "recently", "lets say", "let us say",
    "say we", "imagine", "one time", "in practice", "in our", "at our", "our team", "i built",
    "i wrote", "i introduced", "we introduced", "i set up", "we set up",
)  # fmt: skip
HEDGES = (
    "i think maybe", "i guess", "i suppose", "maybe", "probably", "perhaps", "i think",
    "i feel like", "hopefully", "somewhat", "a little bit", "more or less", "not sure",
    "im not sure", "i dont know", "i dont really know", "not really", "i believe", "try to",
    "kind of", "sort of",
)  # fmt: skip
STRONG_HEDGES = frozenset(
    {"i think maybe", "i guess", "not sure", "im not sure", "i dont know", "i dont really know"}
)
FILLER_HEDGES = frozenset({"kind of", "sort of"})  # hedges only where the analysis saw a filler
NEGATIVE_PHRASES = (
    "no scope", "no growth", "no future", "no budget", "no opportunity", "no opportunities",
    "no recognition", "no learning", "nothing to learn", "nothing new", "not learning",
    "same ... task", "same ... work", "same thing", "same old", "repetitive", "boring", "bored",
    "bad manager", "bad management", "poor management", "my manager doesnt", "toxic",
    "underpaid", "not paid", "low salary", "low pay", "politics", "i hate", "hate it",
    "frustrated", "frustrating", "frustration", "stuck", "not challenging", "micromanage",
    "micromanagement", "dead end", "not valued", "doesnt invest", "dont invest",
    "not interested in ai", "fed up", "sick of", "waste of time",
)  # fmt: skip
CRUTCH_PHRASES = ("and then", "so yeah", "and so", "at the end of the day", "things like that")
UNITS = frozenset(
    normalise(
        "percent per cent x times faster slower seconds minutes hours days weeks months "
        "ms milliseconds dollars rupees euros pounds k users customers clients requests rows "
        "records events transactions calls messages emails jobs tasks queries files documents "
        "people engineers developers servers services orders uploads downloads deployments "
        "deploys tickets bugs incidents reports gb tb mb kb qps rps"
    )
)
# A number with its unit in one token, as Whisper writes some: "10x", "40ms", "5k", "2TB".
UNIT_SUFFIXED = re.compile(r"^\d+(?:x|k|m|bn|b|ms|s|h|gb|tb|mb|kb)$")
IMPACT_WORDS = (
    "half", "halved", "doubled", "tripled", "twice", "percent", "reduced by", "cut by",
    "increased by", "improved by", "saved",
)  # fmt: skip
# "from five hours to 40 minutes": a number soon after "from", another soon after "to".
FROM_TO_REACH = 3

# Questions where a check does not fit (built-in ids; other banks get every check).
NO_RESTATE = frozenset({"greeting", "intro"})
NO_IMPACT = frozenset({"greeting", "leader", "ai-plans", "celery-limits"})
NEGATIVE_FRAMING_QUESTIONS = frozenset({"role-leaving"})

# The advice for an answer of three words or fewer (analysis.coaching's tip); the interview
# report looks for it so as not to repeat the tip under the too-short flag that says the same.
SHORT_ANSWER_TIP = "Reply in a full sentence: restate, answer, give an example."
SHORT_ANSWER_WORDS = 3  # an answer of this many words or fewer, fillers aside, is too short


def spoken_words(words: Iterable[AnalysedWord]) -> int:
    """The answer's words as its speaker counts them, fillers aside: the one count that the
    too-short note, tip and flag all state, so "Um, same." is a one-word answer in each (the
    note and tip once counted the "um" and called it a 2-word answer beside the flag)."""
    return sum(1 for w in words if not w.filler and words_of(w.text))


NO_SPEECH = "no speech"
TOO_SHORT = "too short"


def unrated(analysis: Analysis) -> str | None:
    """Why an answer is not compared with the others: "no speech" (nothing heard) or "too
    short" (SHORT_ANSWER_WORDS words or fewer, fillers aside); None for an answer to rate.

    Why: silence has 0 fillers/min and a three-word reply a wild rate, so either won the best
    attempt and bent the trend and the personal targets; they are kept, but not ranked."""
    if analysis.no_speech or not analysis.words or analysis.speech_span_s <= 0:
        return NO_SPEECH  # no span of speech measured: no pace, a 0.0 rate that means nothing
    if spoken_words(analysis.words) <= SHORT_ANSWER_WORDS:
        return TOO_SHORT
    return None


def word_answer(count: int) -> str:
    """The answer's length as "a one-word answer" or "a 3-word answer" (every answer of up to
    three words was called one word); 0 words besides fillers is "an answer of fillers only"."""
    if count == 0:
        return "an answer of fillers only"
    return f"a {'one' if count == 1 else count}-word answer"


WORDS_PER_SECOND = 2.5  # conversational 150 wpm, for "too short" against the time target


def _content_stems(stems: Iterable[str]) -> set[str]:
    return {s for s in stems if s not in STOPWORDS and len(s) >= 3 and not s.isdigit()}


def _is_year(token: str) -> bool:
    """ "2019" alone is when, not how much."""
    return token.isdigit() and len(token) == 4 and 1900 <= int(token) <= 2100


def _soon(stems: Sequence[str], after: int, test: Callable[[str], bool]) -> int | None:
    """The first token within FROM_TO_REACH after ``after`` that passes ``test``."""
    for j in range(after + 1, min(after + 1 + FROM_TO_REACH, len(stems))):
        if test(stems[j]):
            return j
    return None


def _from_to(stems: Sequence[str]) -> tuple[int, int] | None:
    """The span of "from <number> ... to <number> ...", if said: a change measured ("from
    Pune to Berlin" is not one)."""
    for i, tok in enumerate(stems):
        if tok != "from":
            continue
        first = _soon(stems, i, str.isdigit)
        to = _soon(stems, first, lambda t: t == "to") if first is not None else None
        second = _soon(stems, to, str.isdigit) if to is not None else None
        if second is not None:
            end = second + 1
            if end < len(stems) and stems[end] in UNITS:
                end += 1
            return i, end
    return None


def has_quantity(tokens: Tokens) -> tuple[bool, str]:
    """Concrete impact, with the words that show it: a number with a unit or a count nearby
    ("40 minutes", "4 billion events", "two million users"), one with its unit attached
    ("10x", "40ms"), a large number (not a year), "from X to Y", a percentage, or a change
    word ("halved", "doubled", "reduced by"). Number words count as digits."""
    stems = tokens.stems
    span = _from_to(stems)
    if span is not None:
        return True, tokens.quote(*span)
    for i, tok in enumerate(stems):
        if UNIT_SUFFIXED.match(tok):
            return True, tokens.quote(i, min(i + 2, len(stems)))
        if tok.isdigit() and int(tok) >= 2:
            near = stems[i + 1 : i + 4]
            if any(u in UNITS for u in near) or (int(tok) >= 100 and not _is_year(tok)):
                return True, tokens.quote(i, min(i + 1 + len(near), len(stems)))
    hits = find_any(tokens, IMPACT_WORDS)
    if hits:
        start, end, _ = hits[0]
        return True, tokens.quote(max(start - 2, 0), min(end + 3, len(stems)))
    return False, ""


def _repetitions(tokens: Tokens, exclude: set[str]) -> list[tuple[str, int]]:
    """Words said many times (beyond the question's own terms) and phrases said three times+."""
    stems = tokens.stems
    n = len(stems)
    if n < 20:
        return []
    word_floor = max(4, -(-n * 4 // 100))
    counts = Counter(s for s in stems if s not in STOPWORDS and len(s) >= 3 and s not in exclude)
    found: list[tuple[str, int]] = []
    first_word: dict[str, str] = {}
    for i, s in enumerate(stems):
        first_word.setdefault(s, tokens.quote(i, i + 1).lower())
    for s, c in counts.most_common():
        if c < word_floor:
            break
        found.append((first_word[s], c))
    crutches = {tuple(normalise(p)) for p in CRUTCH_PHRASES}
    for size in (3, 2):
        grams = Counter(tuple(stems[i : i + size]) for i in range(n - size + 1))
        for gram, c in grams.most_common():
            if c < 3:
                break
            content = _content_stems(gram) - exclude
            if not content and gram not in crutches:
                continue
            if any(set(gram) <= set(g.split()) for g, _ in found):
                continue
            i = next(j for j in range(n - size + 1) if tuple(stems[j : j + size]) == gram)
            found.append((tokens.quote(i, i + size).lower(), c))
    return found[:3]


def shape_flags(
    analysis: Analysis,
    question: Question | None,
    tokens: Tokens,
    points: list[tuple[PointCoverage, int | None]],
) -> tuple[list[ContentFlag], dict[str, bool | None]]:
    """The seed's answer-shape checks: too short, structure, impact, hedges, negativity, repeats."""
    flags: list[ContentFlag] = []
    shape: dict[str, bool | None] = {
        "restate": None,
        "direct": None,
        "example": None,
        "impact": None,
    }
    stems = tokens.stems
    qid = question.id if question else None
    if not stems:
        return flags, shape
    answer = tokens.quote(0, len(stems))
    count = spoken_words(analysis.words)  # words, not tokens: "twenty five" is two words said
    if count <= SHORT_ANSWER_WORDS:
        said = "a word" if count == 1 else "a few words"
        flags.append(
            ContentFlag(
                "too-short",
                f"{word_answer(count).capitalize()}: reply in a full, warm sentence "
                f"(restate, answer, give an example), not just {said}.",
                answer,
            )
        )
        return flags, shape
    target_min = question.target_min_s if question else 0.0
    expected = target_min * WORDS_PER_SECOND
    if target_min >= 20 and count < 0.4 * expected:
        flags.append(
            ContentFlag(
                "too-short",
                # "besides fillers": the report's word count includes them (29 here, 31 there)
                f"{count} words besides fillers is short for a "
                f"{question.target_label} answer "  # type: ignore[union-attr]
                f"(about {expected:.0f} words at a conversational pace): add the example and "
                "the result.",
                "",
            )
        )

    # Structure: (a) restate the question, (b) a short direct answer, (c) a concrete example.
    prompt_stems = _content_stems(normalise(question.prompt)) if question else set()
    opening = stems[:25]
    if question and qid not in NO_RESTATE and len(prompt_stems) >= 3:
        shared = prompt_stems & set(opening)
        restated = len(shared) >= 2 or bool(
            [h for h in find_any(tokens, RESTATE_PHRASES) if h[0] < 25]
        )
        shape["restate"] = restated
    if question and question.target_max_s > 15:
        early_point = any(start is not None and start < 40 for _, start in points)
        direct_phrase = any(h[0] < 15 for h in find_any(tokens, DIRECT_PHRASES))
        shape["direct"] = early_point or direct_phrase
        examples = [h for h in find_any(tokens, EXAMPLE_PHRASES) if h[0] >= 3]
        shape["example"] = bool(examples)
        missing = [k for k in ("restate", "direct", "example") if shape[k] is False]
        if missing:
            advice = {
                "restate": "restate the question in a few words",
                "direct": "give the short, direct answer first",
                "example": "back it with one concrete example ('For example, at my current "
                "job we...')",
            }
            flags.append(
                ContentFlag(
                    "structure",
                    "Shape it as restate, answer, example: "
                    + "; ".join(advice[k] for k in missing)
                    + ".",
                    tokens.quote(0, min(len(stems), 12)),
                )
            )

    if question is None or (question.target_max_s > 15 and qid not in NO_IMPACT):
        has_impact, evidence = has_quantity(tokens)
        shape["impact"] = has_impact
        if not has_impact:
            flags.append(
                ContentFlag(
                    "impact",
                    "No concrete impact: add a number (time saved, rows or users handled, a "
                    "percentage, money).",
                    "",
                )
            )

    all_tokens = tokens_of(analysis, include_fillers=True)
    filler_words = {i for i, w in enumerate(analysis.words) if w.filler}
    hedge_hits = []
    for start, end, phrase in find_any(all_tokens, HEDGES):
        in_filler = all_tokens.first[start] in filler_words
        if phrase in FILLER_HEDGES and not in_filler:
            continue  # "what kind of tasks" is not a hedge
        hedge_hits.append((start, end, phrase))
    strong = [h for h in hedge_hits if h[2] in STRONG_HEDGES]
    if len(hedge_hits) >= 2 or strong:
        said = Counter(all_tokens.quote(s, e).lower() for s, e, _ in hedge_hits)
        listed = ", ".join(f"'{w}'" + (f" x{c}" if c > 1 else "") for w, c in said.most_common(4))
        flags.append(
            ContentFlag(
                "hedge",
                f"Hedges and weak words ({listed}) make you sound unsure: state it plainly.",
                " / ".join(all_tokens.quote(s, e) for s, e, _ in hedge_hits[:3]),
            )
        )

    leaving = question is not None and (
        qid in NEGATIVE_FRAMING_QUESTIONS or "leav" in question.prompt.lower()
    )
    if leaving:
        hits = find_any(tokens, NEGATIVE_PHRASES)
        if hits:
            flags.append(
                ContentFlag(
                    "negative-framing",
                    "That sounds negative about your employer: say what you achieved and the "
                    "growth you want next ('I've learned a lot; now I'm ready for a bigger "
                    "challenge').",
                    " / ".join(
                        tokens.quote(max(s - 1, 0), min(e + 1, len(stems))) for s, e, _ in hits[:3]
                    ),
                )
            )

    exclude = set(prompt_stems)
    for tp in question.points if question else ():
        for kw in tp.keywords:
            exclude.update(normalise(kw.replace("...", " ")))
    repeats = _repetitions(tokens, exclude)
    if repeats:
        listed = ", ".join(f"'{w}' x{c}" for w, c in repeats)
        flags.append(
            ContentFlag(
                "repetition",
                f"Said many times: {listed}. Vary the wording or cut the repeats.",
                listed,
            )
        )
    return flags, shape


# -- advice against the verdicts ------------------------------------------------------------------

# What a tip is about, from its words, and the verdicts that judge it.
TIP_METRICS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"\bfillers?\b", re.I), ("filler_rate_per_min", "filler_count")),
    (
        re.compile(r"\b(?:wpm|pace|slow down|too fast|speak faster)\b", re.I),
        ("wpm",),
    ),
    (
        re.compile(
            r"\b\d+\s*(?:-|–|to)\s*\d+\s*(?:s|secs?|seconds|mins?|minutes)\b"
            r"|\btime target\b|\b(?:under|within|at most) (?:\w+ )?(?:seconds|minutes?)\b",
            re.I,
        ),
        ("duration_s", "duration"),
    ),
    (re.compile(r"\bpauses?\b", re.I), ("long_pauses_per_min", "long_pauses")),
)


def tip_metrics(tip: str) -> set[str]:
    """The verdict metrics a tip speaks about (none for content advice)."""
    return {m for pattern, metrics in TIP_METRICS if pattern.search(tip) for m in metrics}


def agrees(tip: str, verdicts: Iterable[Verdict]) -> bool:
    """Whether a tip fits the verdicts shown beside it: it is about no measured target, or
    about one at least that this answer missed. No tip for a target that was met."""
    about = tip_metrics(tip)
    if not about:
        return True
    return any(v.metric in about and not v.ok for v in verdicts)


# -- personal targets ----------------------------------------------------------------------------

MIN_ATTEMPTS = 3


def _round_half(x: float) -> float:
    return round(x * 2) / 2


def _fmt(x: float) -> str:
    return f"{x:g}" if x == int(x) else f"{x:.1f}"


def _met(analysis: Analysis, metrics: tuple[str, ...], within: bool) -> bool:
    """Whether the answer met its target on a metric, as its verdict on screen says (``within``:
    the figure against the target, for a report without verdicts)."""
    verdict = next((v for v in analysis.verdicts if v.metric in metrics), None)
    return verdict.ok if verdict is not None else within


def personal_targets(
    history: Sequence[Analysis],
    max_fillers_per_min: float = 2.0,
    pace: tuple[float, float] = (120.0, 160.0),
) -> list[PersonalTarget]:
    """After three attempts: the speaker's own level and a reachable next goal.

    ``history`` is oldest first and ends with the answer just given. The goal starts from that
    answer, as its verdicts judge it, and is never worse than it: after 0.0 fillers/min,
    "aim for 6.5" (a quarter under the mean of the last three) went backwards. Over the target,
    the goal is a quarter better, never past the fixed target; within it, keep what was done.
    The mean of the last three is given beside it, as the trend.
    """
    spoken = [a for a in history if unrated(a) is None]  # silence and one-word replies skew it
    if len(spoken) < MIN_ATTEMPTS:
        return []
    last = spoken[-MIN_ATTEMPTS:]
    latest = spoken[-1]
    n = len(spoken)
    out: list[PersonalTarget] = []
    recent = round(sum(a.filler_rate_per_min for a in last) / len(last), 1)
    first = round(spoken[0].filler_rate_per_min, 1)
    now = round(latest.filler_rate_per_min, 1)
    fixed = f"<= {max_fillers_per_min:g} per min"
    met = _met(latest, ("filler_rate_per_min", "filler_count"), now <= max_fillers_per_min)
    if met:
        goal = now
        keep = "keep it at 0" if goal == 0 else f"keep it at or under {_fmt(goal)}"
        line = f"{_fmt(now)} fillers/min in this answer -> within target; {keep}"
    else:
        goal = max(max_fillers_per_min, _round_half(now * 0.75))
        if goal >= now:
            goal = max(max_fillers_per_min, _round_half(now - 0.5))
        goal = min(goal, now)
        line = f"{_fmt(now)} fillers/min in this answer -> aim for {_fmt(goal)}"
    line += (
        f" (last 3 of {n} attempts; average {_fmt(recent)}; first {_fmt(first)}; target {fixed})"
    )
    out.append(PersonalTarget("filler_rate_per_min", recent, goal, fixed, n, first, line, now, met))

    low, high = pace
    wpm = latest.wpm
    if not _met(latest, ("wpm",), low <= wpm <= high) and (wpm > high or wpm < low):
        edge = high if wpm > high else low
        goal = round((wpm + (edge - wpm) / 2) / 5) * 5
        # A step toward the band from this answer's pace, never past the band's edge.
        goal = max(min(goal, wpm - 5), high) if wpm > high else min(max(goal, wpm + 5), low)
        middle = sorted(a.wpm for a in last)[1]
        pline = (
            f"{wpm:.0f} wpm in this answer -> aim for {goal:.0f} (last 3 of {n} attempts; "
            f"median {middle:.0f}; target {low:g}-{high:g} wpm)"
        )
        out.append(
            PersonalTarget(
                "wpm",
                round(middle, 1),
                float(goal),
                f"{low:g}-{high:g} wpm",
                n,
                round(spoken[0].wpm, 1),
                pline,
                round(wpm, 1),
                False,
            )
        )
    return out


# -- the whole report ----------------------------------------------------------------------------


def assess_content(
    analysis: Analysis,
    question: Question | None,
    history: Sequence[Analysis] = (),
    max_fillers_per_min: float = 2.0,
    pace: tuple[float, float] = (120.0, 160.0),
) -> ContentReport:
    """Talking points, shape flags and (with three attempts or more) personal targets."""
    tokens = tokens_of(analysis)
    points = cover_points(question, tokens)
    flags, shape = shape_flags(analysis, question, tokens, points)
    return ContentReport(
        talking_points=[p for p, _ in points],
        flags=flags,
        shape=shape,
        personal_targets=personal_targets(history, max_fillers_per_min, pace),
    )
