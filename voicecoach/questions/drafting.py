"""Interview questions drafted from a job description or résumé, in the seed's kinds.

The seed's interviewer asked about what the candidate's own stack named: "Why Celery and RabbitMQ
for a thousand logins?", then "So Celery will solve network errors?", a scale scenario with real
numbers, a time you led, your role and why you are leaving. This module asks the same of what
any text names (``extraction.read``: its technologies, duties, claims and figures), then writes
the drafts as a bank file. Templates are fixed sentences with one slot each, filled with names
and with phrases already fit to follow them, so every draft reads as a question. Deterministic
and offline: no model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from voicecoach.questions.extraction import BASE_VERBS, TRAILING, Reading, base_form
from voicecoach.questions.lexicon import Lexicon, Technology, lexicon
from voicecoach.questions.reading import Passage

WHY_LIMIT = 5  # "why X" questions for the technologies the text stresses most
LIMITS_LIMIT = 2  # "what X does not solve" follow-ups, for the first of those
SCALE_LIMIT = 2
STORY_LIMIT = 4
CLAIM_LIMIT = 4
GROUP_SIZE = 4  # technologies named in one "which of these have you used" question

# The families asked "why X" first, when the text stresses several equally.
FAMILY_ORDER = (
    "database", "queue", "jobs", "cache", "backend", "language", "cloud", "containers", "data",
    "warehouse", "search", "ml", "api", "frontend", "mobile", "iac", "ci", "observability",
    "cloud_service", "security", "testing", "bi", "embedded", "tools",
)  # fmt: skip
SCALE_FAMILIES = ("database", "cache", "queue", "jobs", "warehouse", "search", "data", "backend")

_STOP = frozenset(
    """a an the and or of for to in on at by with from into over under about as is are be been
    being will would can could should may might must our your their its this that these those
    we you they it us them who which what when where how all any each every more most other some
    such than then there also very well using use used across within new including include
    includes help helps ensure ensuring work working team teams role company day etc eg ie via
    both own per based strong great good best high highly""".split()
)


@dataclass(frozen=True)
class DraftPoint:
    """A talking point of a drafted question."""

    point: str
    keywords: tuple[str, ...] = ()
    quantity: bool = False


@dataclass
class Draft:
    """One drafted question, with the passage of the text it came from (for the reviewer)."""

    kind: str  # intro, role, why, limits, scale, experience, story, claim
    slug: str
    title: str
    prompt: str
    target_s: tuple[int, int]
    points: list[DraftPoint] = field(default_factory=list)
    tips: list[str] = field(default_factory=list)
    origin: str = ""
    # A follow-up's trigger on its parent's answer (``[[question.followups]]``), and a
    # question's follow-ups: "Why Celery?", then "So Celery will solve network errors?".
    trigger: dict[str, Any] | None = None
    followups: list[Draft] = field(default_factory=list)
    # A story's strong answer, step by step: such a draft is written ``kind = "behavioural"``,
    # so its answer is checked for STAR as the seed's "Leader or follower?" is.
    outline: list[str] = field(default_factory=list)

    def well_formed(self) -> bool:
        return (
            well_formed(self.prompt)
            and well_formed(self.title, question=False)
            and all(f.well_formed() for f in self.followups)
        )


# -- writing ------------------------------------------------------------------------------------


def join_names(names: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) <= 2:
        return " and ".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _lead(kind: str) -> str:
    return {"job": "This role uses", "resume": "Your résumé lists"}.get(kind, "You mention")


def _mentions_lead(kind: str) -> str:
    return {"job": "The job description mentions", "resume": "Your résumé mentions"}.get(
        kind, "You mention"
    )


def _kind_of(passage: Passage, reading: Reading) -> str:
    doc = next((d for d in reading.documents if d.name == passage.source), None)
    return doc.kind if doc else "text"


def _origin(passage: Passage) -> str:
    text = passage.text if len(passage.text) <= 100 else passage.text[:97].rstrip() + "..."
    return f"{passage.source}, line {passage.line}: {text}"


_UNITS = frozenset(
    "second seconds minute minutes hour hours week weeks month months year years".split()
)


def _context_keywords(text: str, lex: Lexicon, limit: int = 6) -> tuple[str, ...]:
    """Content words of a passage, for a talking point "drawn from the text": the things it is
    about ("settlement", "payouts"), not its verbs ("build", "handle"), which any answer says."""
    for mention in reversed(lex.find(text)):  # "Framework" of "Django REST Framework" is a name
        text = text[: mention.start] + " " + text[mention.end :]
    words = re.findall(r"[A-Za-z][A-Za-z-]{3,}", text)
    picked: list[str] = []
    for w in words:
        low = w.lower()
        if low in _STOP or low in picked or low in _UNITS:
            continue
        if low in BASE_VERBS or base_form(low) or low.endswith(("ing", "ed")):
            continue
        picked.append(low)
    return tuple(picked[:limit])


def _ranked(reading: Reading) -> list[str]:
    """The technologies by how much the text stresses them: mentions, duties, first place."""

    def score(name: str) -> tuple[float, int, int]:
        where = reading.mentions[name]
        stressed = sum(1 for p, _ in where if p.in_duties or p.in_experience)
        first = min(
            (reading.documents.index(d), d.passages.index(p))
            for p, _ in where
            for d in reading.documents
            if p in d.passages
        )
        family = where[0][1].technology.family
        order = FAMILY_ORDER.index(family) if family in FAMILY_ORDER else len(FAMILY_ORDER)
        return (-(len(where) + 2 * min(stressed, 2)), order, first[0] * 10_000 + first[1])

    return sorted(reading.mentions, key=score)


def _tech(reading: Reading, name: str) -> Technology:
    return reading.mentions[name][0][1].technology


def _family(reading: Reading, name: str) -> str:
    return _tech(reading, name).family


def said(reading: Reading, name: str) -> str:
    """A technology as the text writes it ("S3", "Postgres"), so the question sounds like the
    text; the canonical name where the text wrote it in lower case only ("k8s", "golang")."""
    forms = [m.form for _, m in reading.mentions[name]]
    best = max(dict.fromkeys(forms), key=forms.count)
    if best.islower() and not name.islower():
        return name
    return best


def _why(reading: Reading, name: str, lex: Lexicon) -> Draft:
    tech = _tech(reading, name)
    family = lex.families[tech.family]
    passage = _best_passage(reading, name)
    shown = said(reading, name)
    numbers = [s for s, p in reading.scales if p == passage]
    if numbers:
        prompt = f"Why would you choose {shown} {family.use}? Is it really needed for {numbers[0]}?"
    else:
        prompt = (
            f"Why would you choose {shown} {family.use}, and when would it be the wrong choice?"
        )
    context = _context_keywords(passage.text, lex)
    points = [DraftPoint(p.point, p.keywords) for p in family.why_points]
    if context:
        points.insert(0, DraftPoint("The need in this role that it meets", context))
    points.append(
        DraftPoint(
            "When it would be the wrong choice, and what instead",
            ("overkill", "instead", "wrong choice", "trade-off", "tradeoff", "simpler", "cost"),
        )
    )
    return Draft(
        kind="why",
        slug=_slug(name),
        title=f"Why {shown}?",
        prompt=prompt,
        target_s=(45, 120),
        points=points,
        tips=[
            f"Justify {shown} by the work, not by fashion: what would be slow, fragile or costly "
            "without it here.",
            "Show the trade-off: what it costs to run, and what you would choose instead, and "
            "when.",
        ],
        origin=_origin(passage),
    )


def _limits(reading: Reading, name: str, lex: Lexicon) -> Draft | None:
    tech = _tech(reading, name)
    family = lex.families[tech.family]
    if not family.limits:
        return None
    shown = said(reading, name)
    return Draft(
        kind="limits",
        slug=_slug(name),
        title=f"What {shown} does not solve",
        prompt=family.limits.format(name=shown),
        target_s=(30, 90),
        points=[DraftPoint(p.point, p.keywords) for p in family.limits_points],
        tips=[
            f"Don't over-promise: say what {shown} does, and what it leaves to you.",
            "Name what covers the rest, and keep the concerns apart in your answer.",
        ],
        origin=_origin(_best_passage(reading, name)),
    )


def _best_passage(reading: Reading, name: str) -> Passage:
    where = [p for p, _ in reading.mentions[name]]
    with_numbers = {p for _, p in reading.scales}
    for passage in where:
        if passage in with_numbers:
            return passage
    for passage in where:
        if passage.in_duties:
            return passage
    lex = lexicon()
    for passage in where:  # a sentence that says what it is for, not a list of names
        if _context_keywords(passage.text, lex):
            return passage
    return where[0]


def _scale(reading: Reading, phrase: str, passage: Passage, lex: Lexicon) -> Draft:
    kind = _kind_of(passage, reading)
    named = [m.technology for m in lex.find(passage.text)]
    # Only what the same sentence names: a database named elsewhere may not carry this load.
    techs = list(dict.fromkeys(t.name for t in named if t.family in SCALE_FAMILIES))[:3]
    shown = [said(reading, n) for n in techs]
    lead = _mentions_lead(kind)
    if kind == "resume":
        ask = (
            "How did the system handle that load, where did it strain first, and what did you "
            "change?"
        )
    elif techs:
        ask = (
            f"How would a design with {join_names(shown)} handle that load, where would it break "
            "first, and what would you change?"
        )
    else:
        ask = (
            "How would you design for that load, where would it break first, and what would "
            "you change?"
        )
    figures = tuple(
        dict.fromkeys([phrase.lower(), *re.findall(r"[\d][\d,.]*\s?[kKmMbB]?", phrase)])
    )
    points = [
        DraftPoint("The arithmetic out loud, from the figure given", figures),
        DraftPoint(
            "Where it breaks first",
            ("bottleneck", "database", "connections", "cpu", "memory", "latency", "locks"),
        ),
        DraftPoint(
            "How you would measure it", ("load test", "benchmark", "metrics", "monitor", "profile")
        ),
        DraftPoint(
            "Whether the load really needs more",
            ("not massive", "overkill", "enough", "one server", "simple", "not a lot"),
        ),
    ]
    if techs:
        keywords = tuple(k for n in techs for k in _tech(reading, n).keywords)
        points.insert(1, DraftPoint(f"The part {join_names(shown)} play", keywords))
    return Draft(
        kind="scale",
        slug=_slug(phrase),
        title=f"Scale: {phrase}",
        prompt=f"{lead} {phrase}. {ask}",
        target_s=(60, 150),
        points=points,
        tips=[
            "Do the arithmetic out loud: per second, per day, per server.",
            "Say where it breaks first and how you would know, before adding machinery.",
        ],
        origin=_origin(passage),
    )


def _experience(reading: Reading, names: Sequence[str], kind: str, lex: Lexicon) -> Draft:
    family = lex.families[_tech(reading, names[0]).family]
    shown = [said(reading, n) for n in names]
    lead = f"{_lead(kind)} {join_names(shown)}."
    if len(names) == 1:
        ask = f"Where have you used it {family.use}, and why was it the right choice there?"
    else:
        ask = f"Which of them have you used {family.use}, and why was each the right choice?"
    points = [
        DraftPoint(f"Where you used {said(reading, n)}, and why", _tech(reading, n).keywords)
        for n in names
    ]
    points += [DraftPoint(p.point, p.keywords) for p in family.why_points]
    passage = _best_passage(reading, names[0])
    return Draft(
        kind="experience",
        slug=_slug("-".join(names)),
        title=_title(f"Your experience with {join_names(shown)}"),
        prompt=f"{lead} {ask}",
        target_s=(45, 120),
        points=points,
        tips=[
            "One real use each: the problem, why this tool, and what came of it.",
            "Say plainly which you have not used, and how you would learn it.",
        ],
        origin=_origin(passage),
    )


_STAR = (
    DraftPoint("Situation: where and when", ("at the time", "we had", "the problem", "situation")),
    DraftPoint("What you did yourself", ("i decided", "i built", "i wrote", "i led", "i proposed")),
    DraftPoint("The result, with a number", ("result", "reduced", "improved", "saved"), True),
)


def _story_outline(task: str) -> list[str]:
    """A strong story's four steps; ``task`` names the duty, in the speaker's words."""
    return [
        "Situation: one sentence on where you were and what was wrong or at stake.",
        f"Task: what was yours: '{task}', and who asked for it.",
        "Action: in the first person, the steps you took yourself ('I designed...').",
        "Result: what changed, with a number, and what you would do differently.",
    ]


def _story(phrase: str, form: str, passage: Passage, lex: Lexicon) -> Draft:
    if form == "base":
        lead = f"a time you had to {phrase}"
        task = f"I had to {phrase}"
    else:
        lead = f"a time you were responsible for {phrase}"
        task = f"I was responsible for {phrase}"
    return Draft(
        kind="story",
        slug=_slug(phrase),
        title=_title(f"A time you {lead.split(' you ', 1)[1]}"),
        prompt=(
            f"Tell me about {lead}. What was the situation, what did you do, and what was the "
            "result?"
        ),
        target_s=(60, 120),
        points=[
            DraftPoint("The work this role asks for", _context_keywords(phrase, lex) or ("i",)),
            *_STAR,
        ],
        tips=[
            "Tell one real story: situation, task, the action you took yourself, and the result.",
            "End on the result with a number, and what you would do differently.",
        ],
        origin=_origin(passage),
        outline=_story_outline(task),
    )


def _claim(phrase: str, kind: str, passage: Passage, lex: Lexicon) -> Draft:
    context = _context_keywords(phrase, lex) or ("i",)
    outline: list[str] = []
    if kind == "lead":
        prompt = (
            f"You say you {phrase}. Was that your own initiative or were you asked to, and what "
            "did you decide yourself?"
        )
        title = f"Leading: you {phrase}"
        points = [
            DraftPoint(
                "A consistent account of who decided what",
                (
                    "i proposed",
                    "i suggested",
                    "manager approved",
                    "we decided",
                    "i decided",
                    "my idea",
                ),
            ),  # fmt: skip
            DraftPoint("What you led yourself", ("i led", "i drove", "i owned", "i built")),
            DraftPoint("Working with the team", ("team", "together", "agreed", "reviewed")),
        ]
        tips = [
            "Tell one consistent story: what you proposed, who approved it, what you led.",
            "Show initiative and collaboration together.",
        ]
        # The seed's "Leader or follower?": a story of who decided what, checked as one.
        outline = [
            "Situation: one sentence on where you were and what needed leading.",
            "Task: whose idea it was and what was yours to decide.",
            "Action: in the first person: what you proposed, who approved it, what you led.",
            "Result: what changed, with a number, and what it says about how you lead.",
        ]
    elif kind == "team":
        prompt = f"You say your team {phrase}. What was your own part, and how did you measure it?"
        title = f"Your part: the team {phrase}"
        points = [
            DraftPoint("Your own part in it", ("i built", "i wrote", "i led", "my part", "i did")),
            DraftPoint("How it was measured", ("measured", "metrics", "before", "after"), True),
        ]
        tips = ["Say 'I' for what you did and 'we' for the team's; both matter."]
    elif kind == "impact":
        prompt = f"You say you {phrase}. How did you do it, and how did you measure the result?"
        title = f"Impact: you {phrase}"
        points = [
            DraftPoint("What you changed", context),
            DraftPoint(
                "How it was measured, before and after",
                ("measured", "before", "after", "metrics", "benchmark", "dashboard"),
                True,
            ),  # fmt: skip
            DraftPoint("Your own part", ("i built", "i wrote", "i led", "i proposed", "i decided")),
        ]
        tips = ["Give the before and after, how you measured them, and what was yours."]
    else:
        prompt = (
            f"Tell me about when you {phrase}. What was the situation, what did you do, and what "
            "was the result?"
        )
        title = f"When you {phrase}"
        points = [DraftPoint("The work itself", context), *_STAR]
        tips = ["Situation, task, action, result: end on the result, with a number."]
        outline = _story_outline(f"I {phrase}")
    return Draft(
        kind="claim",
        slug=_slug(phrase),
        title=_title(title),
        prompt=prompt,
        target_s=(45, 120),
        points=points,
        tips=tips,
        origin=_origin(passage),
        outline=outline,
    )


def _intro(reading: Reading) -> Draft:
    skills = tuple(k for n in _ranked(reading)[:10] for k in _tech(reading, n).keywords)
    years = []
    for doc in reading.documents:
        for p in doc.passages:
            years += re.findall(r"\b(\d{1,2})\+?\s*(?:years|yrs)\b", p.text, re.I)
    points = [
        DraftPoint(
            "Name and current role",
            ("my name is", "i'm a", "i am a", "i work as", "developer", "engineer"),
        ),  # fmt: skip
        DraftPoint(
            "Years of experience",
            (
                "years of experience",
                "years experience",
                "for ... years",
                *(f"{y} years" for y in years[:2]),
            ),
        ),
        DraftPoint(
            "A concrete achievement with impact",
            ("reduced", "improved", "saved", "faster", "percent"),
            True,
        ),  # fmt: skip
        DraftPoint(
            "What you are looking for next",
            (
                "looking for",
                "next step",
                "excited to",
                "i'd like to",
                "i would like to",
                "hoping to",
            ),
        ),  # fmt: skip
    ]
    if skills:
        jobs = any(d.kind == "job" for d in reading.documents)
        named = "Key skills this role names" if jobs else "Key skills the text names"
        points.insert(2, DraftPoint(named, skills))
    return Draft(
        kind="intro",
        slug="yourself",
        title="Tell me about yourself",
        prompt="Could you start by telling me about yourself?",
        target_s=(60, 90),
        points=points,
        tips=[
            "Keep it to 60-90 seconds: role, years, two or three skills this job asks for, one "
            "achievement with a number, what you want next.",
            "Pick the skills the job description names, with a quick example each.",
        ],
    )


def _role(reading: Reading, lex: Lexicon) -> Draft:
    wants_job = any(d.kind == "job" for d in reading.documents)
    if wants_job:
        what = f"this {reading.title} role" if reading.title else "this role"
        prompt = f"What is your role in your current team, and why do you want {what}?"
    else:
        prompt = "What is your role in your current team, and why are you looking for a new one?"
    drawn = tuple(
        k for phrase, _, _ in reading.duties[:4] for k in _context_keywords(phrase, lex, 2)
    )
    points = [
        DraftPoint(
            "Your responsibilities and team",
            ("team", "responsible", "lead", "code review", "architecture", "mentor", "my role"),
        ),  # fmt: skip
        DraftPoint(
            "What you achieved there",
            ("achieved", "delivered", "built", "improved", "shipped", "introduced"),
        ),  # fmt: skip
        DraftPoint(
            "A positive reason: growth and new challenges",
            ("growth", "grow", "challenge", "opportunity", "learn", "next step"),
        ),  # fmt: skip
    ]
    if drawn:
        points.insert(2, DraftPoint("What in this role draws you", tuple(dict.fromkeys(drawn))))
    return Draft(
        kind="role",
        slug="role-and-why",
        title="Your role, and why this job" if wants_job else "Your role, and why you are leaving",
        prompt=prompt,
        target_s=(45, 120),
        points=points,
        tips=[
            "Describe the role crisply: team size, decisions you own, what you shipped.",
            "Give a positive reason: what this job offers that you want next, not what you "
            "dislike.",
        ],
    )


def draft_questions(reading: Reading, lex: Lexicon | None = None) -> list[Draft]:
    """The drafted questions, in an interview's order; every technology named in one of them."""
    lex = lex or lexicon()
    drafts: list[Draft] = [_intro(reading), _role(reading, lex)]
    ranked = _ranked(reading)
    asked_why = ranked[:WHY_LIMIT]
    limits = 0
    for name in asked_why:
        why = _why(reading, name, lex)
        drafts.append(why)
        if limits < LIMITS_LIMIT:
            follow = _limits(reading, name, lex)
            if follow:  # asked when the answer names it, as the seed's interviewer did
                terms = dict.fromkeys([name.lower(), *_tech(reading, name).keywords])
                follow.trigger = {"said": list(terms)}
                why.followups.append(follow)
                limits += 1
    seen_scales: set[str] = set()
    for phrase, passage in reading.scales:
        if len(seen_scales) >= SCALE_LIMIT or phrase.lower() in seen_scales:
            continue
        seen_scales.add(phrase.lower())
        scale = _scale(reading, phrase, passage, lex)
        scale.followups.append(_numbers_followup("scale"))
        drafts.append(scale)
    stories = sorted(reading.duties, key=lambda d: -len(lex.names_in(d[0])))[:STORY_LIMIT]
    order = {id(d): i for i, d in enumerate(reading.duties)}
    for phrase, form, passage in sorted(stories, key=lambda d: order[id(d)]):
        story = _story(phrase, form, passage, lex)
        story.followups.append(_numbers_followup("story"))
        drafts.append(story)
    picked_claims = _pick_claims(reading.claims)
    for phrase, kind, passage in picked_claims:
        drafts.append(_claim(phrase, kind, passage, lex))
    drafts = [d for d in drafts if d.well_formed()]
    # Every technology the text names, in at least one question: the rest by family.
    named = set().union(*(lex.names_in(d.prompt) for d in drafts))
    rest = [n for n in ranked if n not in named]
    groups: dict[tuple[str, str], list[str]] = {}
    for name in rest:
        passage = reading.mentions[name][0][0]
        key = (_tech(reading, name).family, _kind_of(passage, reading))
        groups.setdefault(key, []).append(name)
    for (family, _), names in groups.items():
        if len(names) == 1 and names[0] in lex.list_only_names:
            # "This role uses R." does not name R to a reader who has only the letter: put it
            # beside another of its family ("Python and R"), as lists name it.
            other = next(
                (n for n in ranked if n != names[0] and _family(reading, n) == family), None
            )
            if other:
                names.insert(0, other)
    at = 2 + len([d for d in drafts if d.kind in ("why", "limits")])
    for (_, kind), names in groups.items():
        for i in range(0, len(names), GROUP_SIZE):
            drafts.insert(at, _experience(reading, names[i : i + GROUP_SIZE], kind, lex))
            at += 1
    return drafts


def _numbers_followup(kind: str) -> Draft:
    """ "Put numbers on it", asked when the answer gave none (the seed: "reduced request time
    by 30%", "handled 1 million records")."""
    if kind == "scale":
        prompt = (
            "Put numbers on it: how much would each server or database handle, and how many "
            "would you need?"
        )
        points = [
            DraftPoint("The arithmetic per machine", ("per second", "per server", "each"), True)
        ]
    else:
        prompt = "What was the result in numbers: what changed, and by how much?"
        points = [
            DraftPoint(
                "A before and after, with a figure", ("from", "to", "reduced", "percent"), True
            )
        ]
    return Draft(
        kind="numbers",
        slug="numbers",
        title="Put numbers on it" if kind == "scale" else "The result in numbers",
        prompt=prompt,
        target_s=(20, 60),
        points=points,
        tips=["Give one figure you measured, with its unit, and what it was before."],
        trigger={"delivery": "no-quantity"},
    )


def _pick_claims(claims: Iterable[tuple[str, str, Passage]]) -> list[tuple[str, str, Passage]]:
    """Up to CLAIM_LIMIT claims: impact and leadership first, in the text's order."""
    claims = list(claims)
    rank = {"impact": 0, "lead": 0, "team": 1, "story": 2}
    chosen = sorted(range(len(claims)), key=lambda i: (rank[claims[i][1]], i))[:CLAIM_LIMIT]
    return [claims[i] for i in sorted(chosen)]


_DOUBLED = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)


def well_formed(text: str, question: bool = True) -> bool:
    """No slot left, no doubled word, a capital first; a question ends with "?"."""
    if "{" in text or "}" in text or _DOUBLED.search(text) or "  " in text:
        return False
    if not text[:1].isupper():
        return False
    return text.endswith("?") if question else True


def _slug(text: str) -> str:
    """An id's part: "run-and-upgrade-gke-clusters", at most six words, not ending on "and"."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower().replace("+", "p").replace("#", "sharp"))
    words = slug.strip("-").split("-")[:6]
    while len(words) > 1 and words[-1] in TRAILING:
        words.pop()
    return "-".join(words) or "q"


def _title(text: str, limit: int = 60) -> str:
    """A title of at most ``limit`` characters, cut at a word, not on "the" or "and", nor inside
    a technology's name ("GitHub" of "GitHub Actions" would name another one)."""
    text = text[:1].upper() + text[1:]
    if len(text) <= limit:
        return text
    cut = limit
    for mention in lexicon().find(text):
        if mention.start < cut < mention.end + 1:
            cut = mention.start
    words = text[:cut].rsplit(" ", 1)[0].split() if cut == limit else text[:cut].split()
    while words and (
        words[-1].lower().strip(",;:") in TRAILING or not re.search(r"[\w%)]", words[-1])
    ):
        words.pop()
    return " ".join(words).rstrip(",;:") + "…"


def bank_data(drafts: Sequence[Draft], prefix: str) -> list[dict[str, Any]]:
    """The drafts as bank entries (the fields of voicecoach/questions/bank.toml), unique ids."""
    entries = []
    ids: set[str] = set()
    for d in drafts:
        base = (
            f"{prefix}-{d.kind}-{d.slug}"
            if d.kind not in ("intro", "role")
            else f"{prefix}-{d.slug}"
        )
        qid, n = base, 2
        while qid in ids:
            qid, n = f"{base}-{n}", n + 1
        ids.add(qid)
        entry = _entry(d, qid)
        if d.followups:
            entry["followups"] = [
                {**_entry(f, f"{f.kind}-{f.slug}" if f.kind != f.slug else f.kind),
                 "trigger": f.trigger}
                for f in d.followups
            ]  # fmt: skip
        entries.append(entry)
    return entries


def _entry(d: Draft, qid: str) -> dict[str, Any]:
    points = []
    for p in d.points:
        keywords = [k for k in dict.fromkeys(k.lower().strip() for k in p.keywords) if k]
        if not keywords and not p.quantity:
            continue
        point: dict[str, Any] = {"point": p.point, "keywords": keywords}
        if p.quantity:
            point["quantity"] = True
        points.append(point)
    entry: dict[str, Any] = {
        "id": qid,
        "title": d.title,
        "prompt": d.prompt,
        "target_s": list(d.target_s),
    }
    if d.outline:  # a story: checked for situation, task, action and result
        entry["kind"] = "behavioural"
        entry["outline"] = list(d.outline)
    entry["tips"] = list(d.tips)
    entry["points"] = points
    return entry


def bank_toml(drafts: Sequence[Draft], prefix: str, header: Sequence[str] = ()) -> str:
    """The bank file's text: tomli_w's TOML, each question under a comment naming the line of
    the text it came from, so the reviewer can see why it was asked."""
    import tomli_w

    parts = [f"# {line}".rstrip() for line in header]
    for draft, entry in zip(drafts, bank_data(drafts, prefix), strict=True):
        parts.append("")
        if draft.origin:
            parts.append("# from " + " ".join(draft.origin.split()))
        parts.append(tomli_w.dumps({"question": [entry]}).rstrip())
    return "\n".join(parts).lstrip("\n") + "\n"
