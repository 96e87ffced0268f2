"""The technologies a job description or résumé names, found with a curated lexicon.

The lexicon (``technologies.toml``) is data, so a missing framework is a line to add, not code.
Matching is one regular expression over every name and alias, longest first, so "Spring Boot"
wins over "Spring" and "GitHub Actions" over "GitHub". Names that are also English words ("Go",
"Swift", "Spring", "REST") are "strict": they count only written exactly so and where a reader
would take them for the technology (see ``_accept_strict``).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from voicecoach.questions import TalkingPoint

LEXICON_FILE = Path(__file__).with_name("technologies.toml")

# Words after a strict name that make it a technology even where a sentence starts with it
# ("Go services", "React hooks", "Spring applications").
_CUES = frozenset(
    """code codebase codebases service services microservice microservices app apps application
    applications developer developers engineer engineers engineering experience programming
    development hooks components component modules module backend backends frontend frontends
    api apis sdk stack framework frameworks library libraries runtime ecosystem skills project
    projects cluster clusters charts chart jobs job pipelines pipeline workers worker queries
    scripts functions tests test server servers instance instances database databases
    programmer programmers team version versions native applets routines binaries tooling
    platform""".split()
)
# Words a sentence may open with before a technology's name ("Using Go", "Senior Rust engineer").
_OPENERS = frozenset(
    """with in and or also both our we modern strong solid experience knowledge expert expertise
    proficiency proficient fluent familiarity advanced senior junior lead staff principal backend
    frontend mid idiomatic production""".split()
)
# Between two names of a list: "Go, Rust", "C/C++", "Python and R", "Terraform (or Pulumi)".
_LIST_GAP = re.compile(r"^\s*(?:,|/|&|\+|\||;|,?\s*(?:and|or|as well as)|\(|\)\s*,?|,\s*\()?\s*$")
_WORD_BEFORE = re.compile(r"([A-Za-z][\w.+#-]*)\s+$")
_WORD_AFTER = re.compile(r"^\s+([A-Za-z][\w+#.-]*)")
_YEAR_AFTER = re.compile(r"^\s+(?:19|20)\d\d\b")


@dataclass(frozen=True)
class Technology:
    """One technology: its canonical name (used in questions), family and other spellings."""

    name: str
    family: str
    aliases: tuple[str, ...] = ()

    # Spellings that are also English words ("Go", "REST"), set by the lexicon: a spoken "go"
    # or "the rest" must not make a talking point.
    strict: frozenset[str] = frozenset()

    @property
    def keywords(self) -> tuple[str, ...]:
        """How a spoken answer may name it, for talking points (lower case, as the bank keeps):
        not its English-word spellings, unless it has no other ("Swift")."""
        forms = [f for f in (self.name, *self.aliases) if len(f) > 1]
        plain = [f for f in forms if f not in self.strict] or forms[:1]
        return tuple(dict.fromkeys(f.lower() for f in plain))


@dataclass(frozen=True)
class Family:
    """What a family's tools are for, in the words the drafted questions use."""

    id: str
    use: str
    limits: str | None
    why_points: tuple[TalkingPoint, ...]
    limits_points: tuple[TalkingPoint, ...]


@dataclass(frozen=True)
class Mention:
    """A technology found in a text: which, where, and as which spelling."""

    technology: Technology
    start: int
    end: int
    form: str


class Lexicon:
    """Technologies by family, and a matcher for all their names."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.families: dict[str, Family] = {}
        self.technologies: dict[str, Technology] = {}
        self._forms: dict[str, Technology] = {}  # lower case -> technology (not strict)
        self._strict: dict[str, Technology] = {}  # exact spelling -> technology
        strict = set(data.get("strict", []))
        self._list_only = frozenset(data.get("list_only", []))
        for fid, fam in data["family"].items():
            self.families[fid] = Family(
                id=fid,
                use=fam["use"],
                limits=fam.get("limits"),
                why_points=_points(fam.get("why_points", [])),
                limits_points=_points(fam.get("limits_points", [])),
            )
            for name, aliases in fam["technologies"].items():
                forms = frozenset(f for f in (name, *aliases) if f in strict)
                tech = Technology(name, fid, tuple(aliases), forms)
                if name in self.technologies:
                    raise ValueError(f"technology {name!r} is listed twice")
                self.technologies[name] = tech
                for form in (name, *aliases):
                    table = self._strict if form in strict else self._forms
                    key = form if form in strict else form.lower()
                    if key in table or form.lower() in self._forms:
                        raise ValueError(f"the spelling {form!r} is listed twice")
                    table[key] = tech
        self.list_only_names = frozenset(
            self._strict[f].name for f in self._list_only if f in self._strict
        )
        forms = sorted({*self._forms, *(s.lower() for s in self._strict)}, key=len, reverse=True)
        alternation = "|".join(re.escape(f) for f in forms)
        self._pattern = re.compile(
            rf"(?<![\w+#@.-])(?:{alternation})(?![\w+#]|\.\w)", re.IGNORECASE
        )

    def find(self, text: str, listing: bool = False) -> list[Mention]:
        """Every technology the text names, in order (a strict name only where it is one).
        ``listing``: the text is an item of a list of skills ("- Go, for our adapters"), where a
        strict name may open it."""
        candidates = []
        for m in self._pattern.finditer(text):
            form = m.group()
            tech = self._forms.get(form.lower())
            strict = self._strict.get(form)
            if tech is None and strict is None:
                continue  # a strict name in another case: "go", "rest", "SPRING"
            candidates.append((m.start(), m.end(), form, tech or strict, tech is None))
        mentions = []
        for i, (start, end, form, tech, is_strict) in enumerate(candidates):
            if is_strict and not self._accept_strict(text, candidates, i, listing):
                continue
            mentions.append(Mention(tech, start, end, form))
        return mentions

    def names_in(self, text: str) -> set[str]:
        """The canonical names of the technologies the text names."""
        return {m.technology.name for m in self.find(text)}

    def _accept_strict(
        self, text: str, candidates: list[Any], i: int, listing: bool = False
    ) -> bool:
        """Whether a strict name ("Go", "Spring") is the technology here, not the English word."""
        start, end, form = candidates[i][:3]
        after, before = text[end:], text[:start]
        if after.startswith("-") or _YEAR_AFTER.match(after):
            return False  # "Go-to-market", "Spring 2021"
        in_list = _beside(text, candidates, i)
        if form in self._list_only:
            return in_list
        if in_list:
            return True
        word_after = _WORD_AFTER.match(after)
        if word_after and word_after.group(1).lower().rstrip(".,;:") in _CUES:
            return True
        if _starts_clause(before):
            # "Spring is busy", "Express your ideas"; but "- Go, for our adapters" in a skills list
            return listing
        word_before = _WORD_BEFORE.search(before)
        if word_before:
            prev = word_before.group(1)
            head = before[: word_before.start()]
            opener = _starts_clause(head) and (
                prev.lower() in _OPENERS or prev.lower().endswith("ing")
            )
            if prev[:1].isupper() and not opener and prev.lower() not in self._forms:
                return False  # a proper name: "American Express", "Arab Spring"
        return True


def _beside(text: str, candidates: list[Any], i: int) -> bool:
    """Whether candidate ``i`` stands in a list with another one (or after a "Label:")."""
    start, end = candidates[i][:2]
    if i > 0 and _LIST_GAP.match(text[candidates[i - 1][1] : start]):
        return True
    if i + 1 < len(candidates) and _LIST_GAP.match(text[end : candidates[i + 1][0]]):
        return True
    return bool(re.search(r":\s*$", text[:start]))


def _starts_clause(before: str) -> bool:
    """Whether the text before a word ends a sentence (or is nothing), so it is capitalised."""
    stripped = before.rstrip(" \t\"'“‘(*-•")
    return not stripped or stripped[-1] in ".!?\n"


def _points(raw: list[dict[str, Any]]) -> tuple[TalkingPoint, ...]:
    return tuple(TalkingPoint(p["point"], tuple(k.lower() for k in p["keywords"])) for p in raw)


@cache
def lexicon() -> Lexicon:
    """The packaged lexicon, read once."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return Lexicon(tomllib.loads(LEXICON_FILE.read_text(encoding="utf-8")))
