"""The question bank: the seed's interview questions with time targets, talking points and tips.

Banks are TOML (``bank.toml`` in this package, plus the user's own files named in config). A
malformed bank is reported with its file and line and skipped, so the app still starts.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_TARGET_S = (30.0, 120.0)


@dataclass(frozen=True)
class TalkingPoint:
    """A point a strong answer makes, with words that show it was made."""

    point: str
    keywords: tuple[str, ...] = ()


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

    @property
    def target_label(self) -> str:
        return f"{self.target_min_s:g}-{self.target_max_s:g} s"


@dataclass
class Bank:
    """The questions in order, and one line per bank file that could not be read."""

    questions: list[Question] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def get(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    @property
    def ids(self) -> list[str]:
        return [q.id for q in self.questions]


class BankError(ValueError):
    """A bank file that is not valid TOML or not a valid bank."""


def parse_bank(text: str, source: str) -> list[Question]:
    """Questions from one bank file's text; BankError names the file and, where known, the line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BankError(f"{source}: {exc}") from exc
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
        points.append(TalkingPoint(p["point"], tuple(k.lower() for k in keywords)))
    tips = entry.get("tips", [])
    if not isinstance(tips, list) or not all(isinstance(t, str) for t in tips):
        raise BankError(f"{where}: tips must be a list of strings")
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
    )


def builtin_questions() -> list[Question]:
    text = resources.files("voicecoach.questions").joinpath("bank.toml").read_text("utf-8")
    return parse_bank(text, "built-in bank")


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
