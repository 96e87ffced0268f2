"""The question bank: the seed's interview questions with time targets, talking points and tips.

Banks are TOML (``bank.toml`` in this package, plus the user's own files named in config). A
malformed bank is reported with its file and line and skipped, so the app still starts.
"""

from __future__ import annotations

import marshal
import os
import sys
from dataclasses import dataclass, field
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


@dataclass
class Bank:
    """The questions in order, and one line per bank file that could not be read."""

    questions: list[Question] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def get(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

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


def _question(entry: Any, where: str, source: str, text: str) -> Question:
    if not isinstance(entry, dict):
        raise BankError(f"{where}: expected a table")
    qid = entry.get("id")
    if not isinstance(qid, str) or not qid.strip():
        raise BankError(f"{where}: missing id")
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
    points = []
    for p in entry.get("points", []):
        if not isinstance(p, dict) or not isinstance(p.get("point"), str):
            raise BankError(f"{where}: each [[question.points]] needs a point")
        keywords = p.get("keywords", [])
        if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
            raise BankError(f"{where}: keywords must be a list of strings")
        quantity = p.get("quantity", False)
        if not isinstance(quantity, bool):
            raise BankError(f"{where}: quantity must be true or false")
        points.append(TalkingPoint(p["point"], tuple(k.lower() for k in keywords), quantity))
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
    return Question(
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


def load_bank(extra_files: list[str] | tuple[str, ...] = ()) -> Bank:
    """The built-in questions, then the user's; a user question with a built-in id replaces it."""
    bank = Bank(questions=builtin_questions())
    for name in extra_files:
        path = Path(name)
        try:
            questions = parse_bank(path.read_text(encoding="utf-8"), str(path))
        except OSError as exc:
            bank.errors.append(f"{path}: cannot read question bank ({exc.strerror})")
            continue
        except UnicodeDecodeError as exc:
            bank.errors.append(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})")
            continue
        except BankError as exc:
            bank.errors.append(str(exc))
            continue
        for q in questions:
            existing = bank.get(q.id)
            if existing:
                bank.questions[bank.questions.index(existing)] = q
            else:
                bank.questions.append(q)
    return bank
