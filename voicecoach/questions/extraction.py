"""What a job description or résumé names besides its technologies: the duties it lists, the
claims a résumé makes, the loads it gives in figures, the job's title.

A duty ("you will design...", "responsible for...", a bullet under "Responsibilities") and a claim
("Reduced latency by 40%", "I led a team of 5") become phrases that follow "you had to" or "you
say you": the first word in lower case, "our" as "the" and "my" as "your", cut to one clause (the
clause holding the company's "we" left out), never ending on "the" or "and". What cannot be made
so is left out rather than asked badly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from voicecoach.questions.lexicon import Lexicon, Mention, lexicon
from voicecoach.questions.reading import Document, Passage

MAX_PHRASE_WORDS = 18

TRAILING = frozenset(
    """a an the and or of for to in on at by with from into as is are be our your their its
    that which who while so such including like e.g i.e""".split()
)
BASE_VERBS = frozenset(
    """design build develop own lead mentor maintain write create implement improve scale run
    operate deliver ship drive architect define plan review test debug deploy automate monitor
    migrate integrate collaborate partner work support manage coach hire grow optimize optimise
    refactor document establish set shape champion evaluate research prototype contribute
    participate take make bring help ensure partner troubleshoot investigate respond handle
    secure harden model analyse analyze translate communicate present teach guide foster
    identify reduce increase modernize modernise rebuild rewrite replace extend evolve own
    oversee coordinate prioritize prioritise estimate measure instrument tune configure
    provision administer port launch introduce balance advocate influence mentor onboard
    standardize standardise streamline simplify speed unblock write move keep fix talk meet
    turn find explore adopt apply share spread pair act serve protect resolve detect prevent
    address answer assess audit benchmark code compose connect convert cut deepen deploy
    enable enhance execute expand facilitate gather hold host inform lower maximize maximise
    minimize minimise organize organise perform prepare process produce promote provide
    publish raise recommend release remove report represent scope select solve specify
    structure supervise sustain track train transform triage upgrade validate verify
    visualize visualise""".split()
)
# What a job description says "you will" do that is not a duty to tell a story about.
NOT_DUTIES = frozenset(
    """join enjoy get have receive love find learn grow report be become experience knowledge
    understanding familiarity exposure proficiency fluency background degree passion
    ability""".split()
)
IRREGULAR_PAST = {
    "led": "lead", "built": "build", "ran": "run", "grew": "grow", "wrote": "write",
    "drove": "drive", "cut": "cut", "made": "make", "took": "take", "brought": "bring",
    "won": "win", "set": "set", "began": "begin", "taught": "teach", "sold": "sell",
    "rebuilt": "rebuild", "rewrote": "rewrite", "oversaw": "oversee", "undertook": "undertake",
    "became": "become", "spun": "spin", "shipped": "ship", "hired": "hire", "saved": "save",
}  # fmt: skip
NOT_CLAIM_VERBS = frozenset(
    """experienced skilled certified qualified motivated dedicated talented seasoned
    accomplished proven based required preferred related advanced distributed detailed
    interested focused expected needed desired red""".split()
)
LEAD_VERBS = frozenset(
    """led managed mentored headed supervised coordinated coached hired grew directed
    spearheaded championed ran""".split()
)
_NUMBER_WORDS = (
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
    r"fifty|hundred|hundreds|thousand|thousands|million|millions|billion|billions|half|doubled|"
    r"tripled|halved"
)
_QUANTITY = re.compile(
    rf"\d+(?:[.,]\d+)?\s*(?:%|x\b|×|k\b|m\b|ms\b)|\b(?:{_NUMBER_WORDS})\b|\$\s?\d|"
    r"(?<![\d,.])(?!(?:19|20)\d\d\b)\d+(?:,\d{3})*(?:\.\d+)?(?![\d,])",
    re.IGNORECASE,
)
_SCALE_NUMBER = (
    r"(?<![$£€\d.,+])(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s?(?:k|K|M|B|million|billion|thousand))?\+?"
)
_SCALE_UNITS = (
    r"requests|users|customers|clients|events|messages|transactions|orders|rows|records|"
    r"documents|queries|calls|jobs|tasks|devices|sessions|merchants|payments|shipments|"
    r"files|uploads|visitors|subscribers|players|tenants|vehicles|sensors|logins|bookings|"
    r"deliveries|searches|emails|notifications|trades|streams|page views|"
    r"images|videos|API calls|page views|data points|RPS|QPS"
)
_RATE = (
    r"(?:\s+(?:per|a|an|each|every)\s+(?:second|minute|hour|day|week|month|year)"
    r"|\s?/\s?(?:s|sec|second|day|month)\b|\s+(?:daily|monthly|weekly))?"
)
_SCALE = re.compile(
    rf"{_SCALE_NUMBER}\s+(?:(?:active|concurrent|daily|monthly|paying|registered|unique|new|"
    rf"simultaneous|live|API|HTTP|database|online|global|incoming|outgoing)\s+){{0,2}}"
    rf"(?:{_SCALE_UNITS})\b{_RATE}"
    rf"|{_SCALE_NUMBER}\s?(?:TB|PB|GB)\b(?:\s+of\s+(?:data|logs|events|images|video))?{_RATE}"
    rf"|\b\d{{2}}(?:\.\d+)?%\s+(?:uptime|availability)"
)


@dataclass(frozen=True)
class Reading:
    """What the texts name, gathered before any question is written."""

    documents: tuple[Document, ...]
    mentions: dict[str, list[tuple[Passage, Mention]]]  # canonical name -> where
    duties: list[tuple[str, str, Passage]]  # (phrase, form: base/gerund/noun, passage)
    claims: list[tuple[str, str, Passage]]  # (phrase in the past, kind: lead/impact/team/story)
    scales: list[tuple[str, Passage]]
    title: str | None

    @property
    def technologies(self) -> set[str]:
        return set(self.mentions)

    def names_anything(self) -> bool:
        return bool(self.mentions or self.duties or self.claims or self.scales)


def read(documents: Sequence[Document], lex: Lexicon | None = None) -> Reading:
    """The technologies, duties, claims and numbers the documents name."""
    lex = lex or lexicon()
    mentions: dict[str, list[tuple[Passage, Mention]]] = {}
    duties: list[tuple[str, str, Passage]] = []
    claims: list[tuple[str, str, Passage]] = []
    scales: list[tuple[str, Passage]] = []
    title = None
    for doc in documents:
        if doc.kind == "job" and title is None:
            title = job_title(doc)
        for passage in doc.passages:
            for mention in lex.find(passage.text, passage.in_listing):
                mentions.setdefault(mention.technology.name, []).append((passage, mention))
            for duty in duties_of(passage, doc.kind, lex):
                duties.append((*duty, passage))
            claim = claim_of(passage, doc.kind, lex)
            if claim:
                claims.append((*claim, passage))
            for m in _SCALE.finditer(passage.text):
                if is_load(m.group()):
                    scales.append((m.group().strip(), passage))
    return Reading(tuple(documents), mentions, duties, claims, scales, title)


def is_load(figure: str) -> bool:
    """Whether a figure is a load worth a scale scenario: "1,200 payments per minute", "2
    billion events", "400 TB"; not "30 customers" (a count, not a load)."""
    if re.search(
        r"\b(?:per|a|an|each|every)\s+(?:second|minute|hour|day|week|month|year)\b|/|"
        r"daily|monthly|weekly|TB|PB|%|\d\s?[kKMB]\b|million|billion|thousand",
        figure,
    ):
        return True
    number = re.match(r"[\d,.]+", figure)
    return bool(number) and float(number.group().replace(",", "") or 0) >= 1000


_ROLE_NOUNS = re.compile(
    r"\b(?:engineer|developer|programmer|architect|scientist|analyst|designer|manager|"
    r"administrator|sre|lead|consultant|specialist|devops|technician|intern|tester)s?\b",
    re.IGNORECASE,
)


def job_title(doc: Document) -> str | None:
    """The job's title: a "Job title:" line, else the first heading that names a role."""
    for passage in doc.passages[:12]:
        m = re.match(r"^(?:job title|title|position|role)\s*:\s*(.+)$", passage.text, re.I)
        if m:
            return _clean_title(m.group(1))
    for heading in doc.headings[:3]:
        if _ROLE_NOUNS.search(heading):
            return _clean_title(heading)
    return None


def _clean_title(text: str) -> str | None:
    text = re.split(r"\s+[-–—|@]\s+|\s*\(|\s*,\s*|\s+at\s+|\s+in\s+", text.strip())[0]
    text = re.sub(r"^(?:job title|position|role)\s*:\s*", "", text, flags=re.I).strip(" .:")
    text = re.sub(r"\s+(?:role|position|job)$", "", text, flags=re.I)
    words = text.split()
    if not words or len(words) > 6 or not _ROLE_NOUNS.search(text):
        return None
    return text


def duty_of(passage: Passage, kind: str, lex: Lexicon) -> tuple[str, str] | None:
    """A responsibility the passage states, as a phrase that follows "had to" or "were
    responsible for", and which of the two it follows; None if it states none."""
    text = passage.text.strip()
    patterns = (
        r"\byou(?:'ll| will| would|'d)\s+(?:also\s+)?"
        r"(?:be\s+(?:responsible for|expected to|asked to|tasked with|working on)\s+)?(.+)",
        r"\b(?:you are|you're|you'll be|you will be)\s+responsible for\s+(.+)",
        r"^(?:be\s+)?responsible for\s+(.+)",
        r"\byour (?:main )?(?:job|role|mission|responsibilit(?:y|ies)) "
        r"(?:will be|is|are) to\s+(.+)",
    )
    for pattern in patterns:
        m = re.search(pattern, text, re.IGNORECASE)
        if m:
            return _as_duty(m.group(1), lex, "job")
    if passage.bullet and passage.in_duties and kind != "resume":
        return _as_duty(text, lex, "job")
    return None


def duties_of(passage: Passage, kind: str, lex: Lexicon) -> list[tuple[str, str]]:
    """The responsibilities the passage states: one (``duty_of``), or each item of a list of
    them under a label ("Duties: build Django APIs, design PostgreSQL schemas, mentor junior
    engineers": asked as one story, or not at all once over ``MAX_PHRASE_WORDS``). Split only
    when every item is a duty of its own, a verb first: "design APIs for payments, refunds and
    invoices" and "build services, ensuring uptime" stay whole."""
    if passage.bullet and passage.in_duties and kind != "resume":
        items = [i for i in re.split(r"\s*;\s*|,\s+(?:and\s+)?", passage.text) if i.strip()]
        # Three items at least, or semicolons: "build X, and keep Y in sync" is one sentence.
        listing = len(items) > 2 or (len(items) > 1 and ";" in passage.text)
        listed = [_as_duty(item, lex, "job") for item in items] if listing else []
        if listed and all(duty is not None and duty[1] == "base" for duty in listed):
            return [duty for duty in listed if duty is not None]
    duty = duty_of(passage, kind, lex)
    return [duty] if duty else []


def _as_duty(phrase: str, lex: Lexicon, voice: str) -> tuple[str, str] | None:
    phrase = _phrase(phrase, lex, voice)
    if phrase is None:
        return None
    words = phrase.split()
    first = words[0].lower()
    if first in NOT_DUTIES:
        return None  # "you'll join a team of five", "you will learn"
    if first in BASE_VERBS:
        return phrase, "base"
    stem = base_form(first)
    if stem:
        return " ".join([stem, *words[1:]]), "base"
    if first.endswith("ing") and len(first) > 5:
        return phrase, "gerund"
    if first in ("the", "a", "an", "all", "your") or first.endswith(_NOUN_ENDINGS):
        return phrase, "noun"  # "the on-call rotation", "ownership of billing"
    return None  # a word that may be a verb we do not know: no duty rather than a wrong one


_NOUN_ENDINGS = ("tion", "sion", "ment", "ance", "ence", "ity", "ship", "ness", "ics")


def base_form(word: str) -> str | None:
    """ "designs" -> "design", "identifies" -> "identify", when the stem is a known verb."""
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("es", "e")):
        if word.endswith(suffix) and word[: len(word) - len(suffix)] + repl in BASE_VERBS:
            return word[: len(word) - len(suffix)] + repl
    if word.endswith("es") and word[:-1] in BASE_VERBS:
        return word[:-1]
    return None


def claim_of(passage: Passage, kind: str, lex: Lexicon) -> tuple[str, str] | None:
    """A claim a résumé makes ("Reduced latency by 40%", "I led a team of 5"), as a phrase in
    the past for "you say you ...", and its kind; None for anything else."""
    if kind == "job":
        return None
    text = passage.text.strip()
    m = re.match(r"^(?:I|We)\s+(?:also\s+)?(\w+)\b", text)
    subject = "I"
    if m:
        subject = text.split()[0]
        text = text[len(subject) :].strip()
    first = text.split()[0].lower() if text.split() else ""
    first = first.strip(",.;:")
    past = first in IRREGULAR_PAST or (first.endswith("ed") and len(first) > 4)
    if not past or first in NOT_CLAIM_VERBS:
        return None
    if not (m or (kind == "resume" and (passage.bullet or passage.in_experience))):
        return None  # a claim is the candidate's: a résumé's bullet, or "I/We ..." anywhere
    phrase = _phrase(text, lex, "resume")
    if phrase is None:
        return None
    if subject == "We":
        return phrase, "team"
    if first in LEAD_VERBS:
        return phrase, "lead"
    if _QUANTITY.search(re.sub(r"\bteam of \w+", "", phrase)):  # a team's size is no result
        return phrase, "impact"
    return phrase, "story"


def _phrase(text: str, lex: Lexicon, voice: str) -> str | None:
    """A clause from the text, fit to follow "you had to" / "you say you": first word in lower
    case (not a name), the listener's pronouns, cut to one clause, no dangling last word."""
    text = text.strip().strip("•*-–— ").rstrip(".;:!?,")
    text = re.sub(r"\s+([,.;:!?])", r"\1", re.sub(r"\s+", " ", text))
    we = re.search(r"\b(?:we|us|we're|we've|we'll|you'll|you're)\b", text, re.IGNORECASE)
    if we:  # "with UIKit where we still need it": keep the clause before it, if it stands alone
        text = _cut(text[: we.start()], whole=False) or ""
    if voice == "job":
        swaps = ((r"\bour\b", "the"), (r"\bOur\b", "The"))  # fmt: skip
    else:
        swaps = ((r"\bmy\b", "your"), (r"\bMy\b", "Your"), (r"\bI\b", "you"), (r"\bme\b", "you"),
                 (r"\bmyself\b", "yourself"), (r"\bour\b", "the"))  # fmt: skip
    for pattern, repl in swaps:
        text = re.sub(pattern, repl, text)
    words = text.split()
    if len(words) > MAX_PHRASE_WORDS:
        cut = _cut(text)
        if cut is None:
            return None
        words = cut.split()
    if any(re.fullmatch(r"#+|[*_`]+|[\[\]]", w) for w in words):
        return None  # layout the reader did not take away: not a sentence to ask about
    while words and (
        words[-1].lower().strip(",;:") in TRAILING or not re.search(r"[\w%)]", words[-1])
    ):
        words.pop()  # "... for the", "... and '"
    if len(words) < 2:
        return None
    first = words[0]
    if first[:1].isupper() and first[1:].islower() and not lex.names_in(first):
        words[0] = first.lower()
    phrase = " ".join(words).rstrip(",;:")
    if phrase.count("(") != phrase.count(")"):
        phrase = re.sub(r"\s*\([^)]*$", "", phrase).strip()
    if phrase.count('"') % 2 or phrase.count("“") != phrase.count("”"):
        phrase = phrase.replace('"', "").replace("“", "").replace("”", "")
    return phrase if len(phrase.split()) >= 2 else None


def _cut(text: str, whole: bool = True) -> str | None:
    """The longest first clause of at most MAX_PHRASE_WORDS words, or None; ``whole=False``:
    the text ends mid-clause, so one of its clause breaks must be used."""
    best = None
    if whole and len(text.split()) <= MAX_PHRASE_WORDS:
        return text
    for m in re.finditer(
        r",\s|;\s|\s[–—-]\s|\s\(|\s(?:so that|in order to|to ensure|which|while|where|that)\s",
        text,
    ):
        head = text[: m.start()]
        n = len(head.split())
        if 4 <= n <= MAX_PHRASE_WORDS:
            best = head
    return best
