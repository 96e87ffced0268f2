"""Questions drafted from the labelled job descriptions and résumés in samples/texts/ (issue 23).

The targets: every technology a text names is in at least one drafted question, no drafted
question names a technology the text does not, and every draft reads as a question. The truth
(samples/texts/truth.toml) was labelled by hand; the grammar is checked here with rules of this
file's own, not with the drafting module's. The lexicon and patterns were tuned on tuning/ only.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voicecoach.questions import parse_bank
from voicecoach.questions.drafting import bank_toml, draft_questions
from voicecoach.questions.extraction import read
from voicecoach.questions.lexicon import lexicon
from voicecoach.questions.reading import read_document, read_source

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

TEXTS = Path(__file__).resolve().parents[2] / "samples" / "texts"
TRUTH = tomllib.loads((TEXTS / "truth.toml").read_text(encoding="utf-8"))["texts"]
# A job description with a résumé: the two texts together, as a candidate gives them.
PAIRS = (
    ("tuning/backend-payments-jd.md", "tuning/backend-resume.md"),
    ("test/sre-jd.md", "test/fullstack-resume.txt"),
)
CASES = [(name,) for name in TRUTH] + list(PAIRS)


def _drafts(names: tuple[str, ...]):  # noqa: ANN202 - (reading, drafts)
    documents = [read_document(read_source(TEXTS / n), Path(n).name) for n in names]
    reading = read(documents)
    return reading, draft_questions(reading)


def _with_followups(drafts):  # noqa: ANN001, ANN202 - the drafts and their follow-ups, flat
    return [x for d in drafts for x in (d, *d.followups)]


def _labelled(names: tuple[str, ...]) -> set[str]:
    return set().union(*(TRUTH[n]["technologies"] for n in names))


@pytest.mark.parametrize("names", CASES, ids=["+".join(c) for c in CASES])
def test_every_technology_the_text_names_is_asked_about(names: tuple[str, ...]) -> None:
    _, drafts = _drafts(names)
    asked = set().union(*(lexicon().names_in(d.prompt) for d in drafts))
    missing = _labelled(names) - asked
    assert not missing, f"named in the text, in no drafted question: {sorted(missing)}"


@pytest.mark.parametrize("names", CASES, ids=["+".join(c) for c in CASES])
def test_no_question_names_a_technology_the_text_does_not(names: tuple[str, ...]) -> None:
    _, drafts = _drafts(names)
    drafts = _with_followups(drafts)
    labelled = _labelled(names)
    for draft in drafts:
        extra = lexicon().names_in(f"{draft.title}. {draft.prompt}") - labelled
        assert not extra, f"{draft.prompt!r} names {sorted(extra)}, which the text does not"
    # Names the lexicon does not know are caught too: a capitalised word of a prompt that is
    # not in the text at all was made up (templates hold no product names).
    text = " ".join((TEXTS / n).read_text(encoding="utf-8") for n in names)
    template_words = {"Why", "What", "Tell", "You", "Your", "The", "This", "How", "Was", "Which",
                      "Where", "Is", "Could", "So", "Does", "If", "When", "Scale", "Impact",
                      "Leading", "A", "I", "API", "APIs", "Put"}  # fmt: skip
    for draft in drafts:
        for word in re.findall(r"\b[A-Z][\w+#.-]*[\w+#]", draft.prompt):
            assert word in template_words or word in text, f"{word!r} in {draft.prompt!r}"


_FUNCTION_WORDS = {"a", "an", "the", "of", "to", "and", "or", "for", "in", "on", "with", "by"}
_AN_BEFORE_CONSONANT = re.compile(r"\ban\s+(?![aeiouAEIOU]|hour|honest|MBA|SRE|SQL|ML|API|HTML)\w")
_A_BEFORE_VOWEL = re.compile(r"\ba\s+(?!one|once|uni|use|usu|Eu)[aeiouAEIOU]\w*")


def grammar_problems(text: str, question: bool = True) -> list[str]:
    """What keeps a drafted prompt (or title) from reading as a well-made question."""
    problems = []
    if question and not text.endswith("?"):
        problems.append("does not end with '?'")
    if not text[:1].isupper():
        problems.append("does not start with a capital")
    if re.search(r"[{}]|\bNone\b|\[\w*\]", text):
        problems.append("a template slot is left")
    doubled = re.search(r"\b(\w+|\w+\s+\w+)\s+\1\b", text, re.IGNORECASE)
    if doubled:
        problems.append(f"doubled word {doubled.group()!r}")
    if "  " in text or re.search(r"\s[,?!;:]|\s\.(?!\w)", text):
        problems.append("stray spacing")
    if re.search(r"\*|`|(?<!\w)#|\]\(|__|^\s*[-•]", text):
        problems.append("Markdown left in")
    if text.count("(") != text.count(")") or text.count('"') % 2:
        problems.append("unbalanced brackets or quotes")
    for sentence in re.split(r"(?<=[.?!])\s+", text):
        if sentence and not sentence[0].isupper():
            problems.append(f"sentence without a capital: {sentence!r}")
        last = re.findall(r"(\w+)\W*$", sentence)
        if last and last[0].lower() in _FUNCTION_WORDS:
            problems.append(f"sentence ends on {last[0]!r}")
    if _AN_BEFORE_CONSONANT.search(text) or _A_BEFORE_VOWEL.search(text):
        problems.append("a/an before the wrong sound")
    if re.search(r"\b(?:we|us|our|I|my)\b", text):
        problems.append("the text's own voice left in (we/our/I/my)")
    if re.search(r"\bhad to \w+(?:ed|ing)\b|\bresponsible for (?:to|be)\b", text):
        problems.append("a verb form that does not follow 'had to' / 'responsible for'")
    if question and len(text) > 400:
        problems.append("too long to read aloud as one question")
    return problems


@pytest.mark.parametrize("names", CASES, ids=["+".join(c) for c in CASES])
def test_every_draft_is_a_grammatical_question(names: tuple[str, ...]) -> None:
    _, drafts = _drafts(names)
    assert len(drafts) >= 6
    for draft in _with_followups(drafts):
        assert not grammar_problems(draft.prompt), (draft.prompt, grammar_problems(draft.prompt))
        assert not grammar_problems(draft.title, question=False), draft.title
        assert len(draft.title) <= 61, draft.title


def test_the_grammar_check_catches_what_it_is_for() -> None:
    bad = [
        "Why would you choose {name} here?",
        "tell me about a time you had to design APIs?",
        "Tell me about a time you had to had to design APIs?",
        "Why would you choose PostgreSQL for the?",
        "Tell me about a time you had to design the APIs our customers use.",
        "You say you **reduced** latency by 40%?",
        "Tell me about a time you had to designed an API?",
        "Why would you choose a Ansible playbook?",
    ]
    for text in bad:
        assert grammar_problems(text), text
    assert not grammar_problems("Why would you choose Redis as a cache, and when not?")


@pytest.mark.parametrize("names", CASES, ids=["+".join(c) for c in CASES])
def test_the_saved_bank_loads_and_keeps_every_draft(names: tuple[str, ...]) -> None:
    _, drafts = _drafts(names)
    text = bank_toml(drafts, "sample", ["a header"])
    questions = parse_bank(text, "drafted.toml")
    assert [q.prompt for q in questions] == [d.prompt for d in drafts]
    assert [len(q.followups) for q in questions] == [len(d.followups) for d in drafts]
    assert len({q.id for q in questions}) == len(questions)
    for q in questions:
        assert q.id.startswith("sample-")
        assert q.points and all(p.keywords or p.quantity for p in q.points)
        assert q.tips and 0 < q.target_min_s < q.target_max_s


@pytest.mark.parametrize("names", CASES, ids=["+".join(c) for c in CASES])
def test_talking_points_are_drawn_from_the_text(names: tuple[str, ...]) -> None:
    """Each "why X" asks for the need the text states: keywords taken from its own sentence."""
    _, drafts = _drafts(names)
    text = " ".join((TEXTS / n).read_text(encoding="utf-8") for n in names).lower()
    whys = [d for d in drafts if d.kind == "why"]
    drawn = [p for d in whys for p in d.points if p.point.startswith("The need in this role")]
    assert len(drawn) >= len(whys) // 2  # a name only ever listed has no sentence to draw on
    for point in drawn:
        assert point.keywords and all(k in text for k in point.keywords), point


def test_the_same_text_gives_the_same_bank_quickly() -> None:
    names = tuple(TRUTH)
    started = time.perf_counter()
    first = [bank_toml(_drafts((n,))[1], "x") for n in names]
    elapsed = time.perf_counter() - started
    assert first == [bank_toml(_drafts((n,))[1], "x") for n in names]
    assert elapsed < 5, f"{len(names)} texts took {elapsed:.1f} s"


def test_the_split_has_eight_texts_or_more_and_both_kinds() -> None:
    tuning = [n for n in TRUTH if n.startswith("tuning/")]
    test = [n for n in TRUTH if n.startswith("test/")]
    assert len(tuning) + len(test) >= 8 and len(test) >= 4
    kinds = {read_document(read_source(TEXTS / n), n).kind for n in TRUTH}
    assert kinds == {"job", "resume"}


def test_the_traps_are_not_taken_for_technologies() -> None:
    """Words in the texts that look like a name and are not one there ("Go home on time")."""
    for name, truth in TRUTH.items():
        for trap in truth.get("not", []):
            assert trap in " ".join((TEXTS / name).read_text(encoding="utf-8").split()), trap
            assert not lexicon().names_in(trap), (name, trap)


WORDS = (
    "we you will design build our the a and Go Python Postgres k8s Redis responsible for I led "
    "reduced latency by 40% team of 5 users 10,000 requests per second Spring 2021 - * # ## : , . "
    '( ) " Responsibilities Requirements Experience us my with to in Kafka React REST rest go '
    "Swift C R / + & 3 million events a day e.g. Node.js .NET C# C++ [link](http://x) **bold** "
    "`code` Led Built managing ensuring own of"
).split()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=15), max_size=12))
def test_any_text_drafts_a_bank_that_loads(lines: list[list[str]]) -> None:
    """Whatever the text, no traceback: the drafts load as a bank and each is a question."""
    text = "\n".join(" ".join(line) for line in lines)
    drafts = draft_questions(read([read_document(text, "x.md")]))
    assert parse_bank(bank_toml(drafts, "x"), "x.toml")
    for draft in drafts:
        assert draft.prompt.endswith("?") and draft.prompt[:1].isupper()
        assert "{" not in draft.prompt and not re.search(r"\b(\w+) \1\b", draft.prompt, re.I)
