"""The question bank: the seed's interview questions with time targets, talking points and tips.

Banks are TOML (``bank.toml`` in this package, plus the user's own files named in config). A
malformed bank is reported with its file and line and skipped, so the app still starts.
"""

from __future__ import annotations

import marshal
import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

DEFAULT_TARGET_S = (30.0, 120.0)
BUILTIN_SOURCE = "built-in bank"
# ``kind`` values that ask for a story (banks written in US English say "behavioral").
BEHAVIOURAL_KINDS = frozenset({"behavioural", "behavioral"})
# The built-in bank as tomllib read it, kept beside our bytecode (``make bytecode`` writes it, as
# Python writes a .pyc where bytecode may be written): tomllib, pure Python, took about 0.02 G
# instructions to read bank.toml at every start (issue 6). Used only when it was made from the
# very same text, which it holds.
BANK_CACHE = Path(__file__).parent / "__pycache__" / "bank.toml.marshal"
BANK_FILE = Path(__file__).with_name("bank.toml")
_CACHE_FORMAT = 1


def _tomllib() -> Any:
    """tomllib, imported when a TOML text is actually parsed (not for a cached bank)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib


@dataclass(frozen=True)
class TalkingPoint:
    """A point a strong answer makes, with words that show it was made."""

    point: str
    keywords: tuple[str, ...] = ()
    # Also made by any concrete quantity said ("from five hours to 40 minutes", "4 billion
    # events a day", "30%"), whatever the words: ``quantity = true`` in the bank.
    quantity: bool = False


# What a follow-up's trigger looks at in the analysed answer (``[[question.followups]]``).
TRIGGER_KINDS = ("made", "missed", "said", "delivery")
# ``delivery = "..."``: the answer's time verdict, or what it lacked.
DELIVERY_RESULTS = ("over-time", "under-time", "no-example", "no-quantity")


@dataclass(frozen=True)
class Trigger:
    """When a follow-up is asked: ``kind`` is ``made`` or ``missed`` (a talking point of the
    parent question, by its text or its number from 1: ``point``), ``said`` (any of ``terms``,
    matched as talking points' keywords are) or ``delivery`` (``result``: one of
    ``DELIVERY_RESULTS``)."""

    kind: str
    point: int | None = None  # index into the parent question's points (0-based)
    terms: tuple[str, ...] = ()
    result: str = ""

    def describe(self, parent: Question | None = None) -> str:
        """The trigger in words, for the benchmark table and the docs."""
        if self.kind in ("made", "missed") and self.point is not None:
            name = (
                parent.points[self.point].point
                if parent is not None and self.point < len(parent.points)
                else f"point {self.point + 1}"
            )
            return f"{self.kind} '{name}'"
        if self.kind == "said":
            return "said " + " / ".join(f"'{t}'" for t in self.terms)
        return self.result


@dataclass(frozen=True)
class Question:
    id: str
    title: str
    prompt: str
    target_min_s: float
    target_max_s: float
    points: tuple[TalkingPoint, ...] = ()
    tips: tuple[str, ...] = ()
    source: str = "built-in"
    # The follow-ups an interviewer may ask after this question's answer, in the bank's order
    # (the first whose trigger holds is asked).
    followups: tuple[Followup, ...] = ()
    # A follow-up's own question knows its parent's id (None for a bank question): its
    # answers are stored linked to the parent's, and `n` goes on after the parent.
    parent_id: str | None = None
    # What kind of answer it asks for: "behavioural" (a story of something you did, checked for
    # situation, task, action and result: voicecoach.analysis.star) or "" (any other).
    kind: str = ""
    # A strong answer's shape, step by step: shown after the attempt, never before (it would
    # become a script to read out rather than a story to tell).
    outline: tuple[str, ...] = ()

    @property
    def target_label(self) -> str:
        return f"{self.target_min_s:g}-{self.target_max_s:g} s"

    @property
    def behavioural(self) -> bool:
        """Whether the answer is a story to check for STAR (either spelling in a bank)."""
        return self.kind in BEHAVIOURAL_KINDS


@dataclass(frozen=True)
class Followup:
    """A question asked after its parent's answer when ``trigger`` holds on that answer;
    ``question`` is answered and scored like any other (its id: ``<parent>.<id>``)."""

    question: Question
    trigger: Trigger


@dataclass
class Bank:
    """The questions in order, and one line per bank file that could not be read."""

    questions: list[Question] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Where it was read from, so that it can be read again after the user's own questions
    # change (``voicecoach.questions.own``): the config's bank files, then the user's own.
    extra_files: tuple[str, ...] = ()
    own_file: str | None = None

    def is_own(self, question: Question) -> bool:
        """One of the user's own questions (theirs to edit and remove; the others are not)."""
        return self.own_file is not None and question.source == self.own_file

    def get(self, question_id: str) -> Question | None:
        """A bank question by id, else a follow-up's own question (``<parent>.<id>``): history,
        replay and the interview report name a follow-up's answer by its title."""
        found = next((q for q in self.questions if q.id == question_id), None)
        if found is None and "." in question_id:
            followups = (f.question for q in self.questions for f in q.followups)
            found = next((f for f in followups if f.id == question_id), None)
        return found

    def find(self, typed: str) -> Question | None:
        """A question id as typed on the command line: exact, else ignoring case (`--question
        Intro` was refused though the list shows the titles capitalised)."""
        found = self.get(typed.strip())
        if found is not None:
            return found
        folded = typed.strip().casefold()
        return next((q for q in self.questions if q.id.casefold() == folded), None)

    @property
    def ids(self) -> list[str]:
        return [q.id for q in self.questions]


class BankError(ValueError):
    """A bank file that is not valid TOML or not a valid bank."""


def parse_bank(text: str, source: str) -> list[Question]:
    """Questions from one bank file's text; BankError names the file and, where known, the line."""
    return _bank_questions(_load_toml(text, source), source, text)


def _load_toml(text: str, source: str) -> dict[str, Any]:
    tomllib = _tomllib()
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BankError(f"{source}: {exc}") from exc
    return data


def _bank_questions(data: dict[str, Any], source: str, text: str) -> list[Question]:
    """The questions of one bank's parsed TOML (``text``: its source, for line numbers)."""
    entries = data.get("question")
    if not isinstance(entries, list) or not entries:
        raise BankError(f"{source}: no [[question]] entries")
    questions = []
    for n, entry in enumerate(entries, 1):
        questions.append(_question(entry, f"{source}: question {n}", source, text))
    return questions


def _line_of(text: str, needle: str) -> str:
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return f" (line {number})"
    return ""


def _question(entry: Any, where: str, source: str, text: str, named: bool = False) -> Question:
    """One question; ``named``: ``where`` already names it (a follow-up's own question)."""
    if not isinstance(entry, dict):
        raise BankError(f"{where}: expected a table")
    qid = entry.get("id")
    if not isinstance(qid, str) or not qid.strip():
        raise BankError(f"{where}: missing id")
    if not named:
        line = _line_of(text, '"' + qid + '"')
        where = f"{source}{line}: question {qid!r}"
    prompt = entry.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        raise BankError(f"{where}: missing prompt")
    target = entry.get("target_s", list(DEFAULT_TARGET_S))
    if (
        not isinstance(target, list)
        or len(target) != 2
        or not all(isinstance(t, (int, float)) and not isinstance(t, bool) for t in target)
        or not 0 < target[0] <= target[1]
    ):
        raise BankError(f"{where}: target_s must be [min, max] seconds, got {target!r}")
    points = _points(entry.get("points", []), where, "question.points")
    tips = entry.get("tips", [])
    if not isinstance(tips, list) or not all(isinstance(t, str) for t in tips):
        raise BankError(f"{where}: tips must be a list of strings")
    kind = entry.get("kind", "")
    if not isinstance(kind, str):
        raise BankError(f'{where}: kind must be a string, such as "behavioural"')
    outline = entry.get("outline", [])
    if not isinstance(outline, list) or not all(isinstance(o, str) for o in outline):
        raise BankError(f"{where}: outline must be a list of strings")
    title = entry.get("title", prompt)
    question = Question(
        id=qid.strip(),
        title=str(title),
        prompt=prompt.strip(),
        target_min_s=float(target[0]),
        target_max_s=float(target[1]),
        points=tuple(points),
        tips=tuple(tips),
        source=source,
        kind=kind.strip().lower(),
        outline=tuple(outline),
    )
    followups = entry.get("followups", [])
    if not isinstance(followups, list):
        raise BankError(f"{where}: followups must be [[question.followups]] tables")
    if not followups:
        return question
    found = tuple(_followup(f, question, where, source, text) for f in followups)
    ids = [f.question.id for f in found]
    for fid in ids:
        if ids.count(fid) > 1:
            raise BankError(f"{where}: two follow-ups with the id {fid.split('.', 1)[1]!r}")
    return replace(question, followups=found)


def _points(entries: Any, where: str, table: str) -> list[TalkingPoint]:
    """The talking points of a question or a follow-up."""
    if not isinstance(entries, list):
        raise BankError(f"{where}: points must be [[{table}]] tables")
    points = []
    for p in entries:
        if not isinstance(p, dict) or not isinstance(p.get("point"), str):
            raise BankError(f"{where}: each [[{table}]] needs a point")
        keywords = p.get("keywords", [])
        if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
            raise BankError(f"{where}: keywords must be a list of strings")
        quantity = p.get("quantity", False)
        if not isinstance(quantity, bool):
            raise BankError(f"{where}: quantity must be true or false")
        points.append(TalkingPoint(p["point"], tuple(k.lower() for k in keywords), quantity))
    return points


def _followup(entry: Any, parent: Question, where: str, source: str, text: str) -> Followup:
    """One ``[[question.followups]]``: a question of its own (id, title?, prompt, target_s,
    points, tips) and the trigger on the parent's answer that asks it."""
    if not isinstance(entry, dict):
        raise BankError(f"{where}: each [[question.followups]] must be a table")
    fid = entry.get("id")
    if not isinstance(fid, str) or not fid.strip() or "." in fid:
        raise BankError(f"{where}: each follow-up needs an id (letters, digits, -; no dot)")
    fid = fid.strip()
    line = _line_of(text, '"' + fid + '"')
    where = f"{source}{line}: follow-up {fid!r} of {parent.id!r}"
    if "followups" in entry:
        raise BankError(f"{where}: a follow-up has no follow-ups of its own")
    own = _question({**entry, "id": f"{parent.id}.{fid}"}, where, source, text, named=True)
    if "target_s" not in entry:  # a follow-up is timed like its parent unless it says
        own = replace(own, target_min_s=parent.target_min_s, target_max_s=parent.target_max_s)
    trigger = _trigger(entry.get("trigger"), parent, where)
    return Followup(replace(own, parent_id=parent.id, source=source), trigger)


def _trigger(entry: Any, parent: Question, where: str) -> Trigger:
    """``trigger = { made = 2 }``, ``{ missed = "point text" }``, ``{ said = ["Redis"] }`` or
    ``{ delivery = "over-time" }``: exactly one of them."""
    kinds = " | ".join(TRIGGER_KINDS)
    if not isinstance(entry, dict) or len(entry) != 1:
        raise BankError(f"{where}: trigger must be one of {{ {kinds} = ... }}")
    ((kind, value),) = entry.items()
    if kind in ("made", "missed"):
        return Trigger(kind, point=_point_index(value, parent, where))
    if kind == "said":
        terms = [value] if isinstance(value, str) else value
        if (
            not isinstance(terms, list)
            or not terms
            or not all(isinstance(t, str) and t.strip() for t in terms)
        ):
            raise BankError(f"{where}: trigger said must be a term or a list of terms")
        return Trigger(kind, terms=tuple(t.strip().lower() for t in terms))
    if kind == "delivery":
        if value not in DELIVERY_RESULTS:
            raise BankError(
                f"{where}: trigger delivery must be one of {', '.join(DELIVERY_RESULTS)}, "
                f"got {value!r}"
            )
        return Trigger(kind, result=value)
    raise BankError(f"{where}: unknown trigger {kind!r}; use one of {kinds}")


def _point_index(value: Any, parent: Question, where: str) -> int:
    """A parent's talking point named by its number (from 1) or its text (any case)."""
    count = len(parent.points)
    if isinstance(value, int) and not isinstance(value, bool):
        if 1 <= value <= count:
            return value - 1
        raise BankError(f"{where}: trigger names point {value}; {parent.id!r} has {count}")
    if isinstance(value, str):
        for i, p in enumerate(parent.points):
            if p.point.casefold() == value.strip().casefold():
                return i
        raise BankError(f"{where}: trigger names no talking point of {parent.id!r}: {value!r}")
    raise BankError(f"{where}: a trigger's point is its number or its text, got {value!r}")


def _builtin_text() -> str:
    """bank.toml's text: read as a file (importlib.resources, with zipfile, cost about 0.006 G
    instructions of start-up), through importlib.resources where the package is not files."""
    try:
        return BANK_FILE.read_text("utf-8")
    except OSError:
        from importlib import resources

        return resources.files(__name__).joinpath("bank.toml").read_text("utf-8")


def _cached_bank(text: str, cache: Path) -> dict[str, Any] | None:
    """The cached parse of ``text``; None if there is none, or it was made from another text."""
    try:
        form, source, data = marshal.loads(cache.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if form != _CACHE_FORMAT or source != text or not isinstance(data, dict):
        return None
    return data


def _write_cache(text: str, data: dict[str, Any], cache: Path) -> bool:
    """Keep ``data`` (the parse of ``text``) in ``cache``, atomically; False if it cannot be."""
    try:
        payload = marshal.dumps((_CACHE_FORMAT, text, data))
    except ValueError:  # a TOML value marshal cannot hold (a date): parse each time
        return False
    tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
    try:
        cache.parent.mkdir(exist_ok=True)
        tmp.write_bytes(payload)
        os.replace(tmp, cache)
    except OSError:  # a read-only install: parse each time
        tmp.unlink(missing_ok=True)
        return False
    return True


def compile_builtin_bank(cache: Path | None = None) -> bool:
    """Write the built-in bank's cache (``make bytecode``); BankError if the bank is invalid."""
    text = _builtin_text()
    data = _load_toml(text, BUILTIN_SOURCE)
    _bank_questions(data, BUILTIN_SOURCE, text)  # only a valid bank is kept
    return _write_cache(text, data, cache or BANK_CACHE)


def builtin_questions() -> list[Question]:
    text = _builtin_text()
    data = _cached_bank(text, BANK_CACHE)
    if data is None:
        data = _load_toml(text, BUILTIN_SOURCE)
        if not sys.dont_write_bytecode:
            _write_cache(text, data, BANK_CACHE)
    return _bank_questions(data, BUILTIN_SOURCE, text)


def read_bank_file(path: Path, *, own: bool = False) -> list[Question]:
    """One bank file's questions; BankError in one line naming the file. The user's own file
    (``own``) may be missing or hold no questions yet: that is an empty list, not an error."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if own:
            return []
        raise BankError(f"{path}: cannot read question bank (No such file or directory)") from None
    except OSError as exc:
        raise BankError(f"{path}: cannot read question bank ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise BankError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    data = _load_toml(text, str(path))
    if own and not data.get("question"):
        return []
    return _bank_questions(data, str(path), text)


def _same_file(a: str | Path, b: str | Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return str(a) == str(b)


# Banks drafted from the user's texts (``voicecoach.questions.drafted``), read at every start
# from the directory of the user's own questions (the config dir).
DRAFTED_PATTERN = "drafted-*.toml"
# What to do about one that cannot be read: the message named the file and the problem only.
DRAFTED_FIX = (
    "; its questions are left out: correct it there, or delete the file "
    "(`voicecoach questions from YOUR-TEXT` drafts it again)"
)


def drafted_files(directory: Path) -> list[Path]:
    """The drafted banks in ``directory``, by name; none when it cannot be read."""
    try:
        return sorted(p for p in directory.glob(DRAFTED_PATTERN) if p.is_file())
    except OSError:
        return []


def load_bank(
    extra_files: list[str] | tuple[str, ...] = (), own_file: str | Path | None = None
) -> Bank:
    """The built-in questions, then the config's bank files, then the banks drafted from the
    user's texts (``drafted-*.toml`` beside ``own_file``: `voicecoach questions from`), then the
    user's own questions (``own_file``); the last two are read even when the config does not
    name them. A question with an id already in the bank replaces it."""
    own = str(Path(own_file)) if own_file is not None else None
    bank = Bank(questions=builtin_questions(), extra_files=tuple(extra_files), own_file=own)
    files = [(n, False) for n in extra_files if own is None or not _same_file(n, own)]
    drafted: list[Path] = []
    if own is not None:
        drafted = drafted_files(Path(own).parent)
        files = [(n, False) for n, _ in files if not any(_same_file(n, d) for d in drafted)]
        files.extend((str(d), False) for d in drafted)
        files.append((own, True))
    for name, is_own in files:
        try:
            questions = read_bank_file(Path(name), own=is_own)
        except BankError as exc:
            fix = DRAFTED_FIX if any(str(d) == name for d in drafted) else ""
            bank.errors.append(f"{exc}{fix}")
            continue
        for q in questions:
            existing = bank.get(q.id)
            if existing:
                bank.questions[bank.questions.index(existing)] = q
            else:
                bank.questions.append(q)
    return bank
