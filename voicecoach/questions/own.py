"""The user's own questions: what the CLI (`voicecoach questions`) and the app's form save.

They live in one bank file in the config dir (``voicecoach.paths.own_questions_file``), in the
built-in bank's format, written with tomli_w. Every change reads the file again first, so the
CLI and the app never overwrite each other's questions; a file that cannot be read is never
overwritten (the user may want to fix it by hand): the change is refused in one line.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from voicecoach.errors import VoicecoachError
from voicecoach.questions import (
    BUILTIN_SOURCE,
    DEFAULT_TARGET_S,
    Bank,
    BankError,
    Question,
    TalkingPoint,
    load_bank,
    read_bank_file,
)

HEADER = (
    "# Your own interview questions, kept by voicecoach (`voicecoach questions add`, or `n` on\n"
    "# the app's question list). Same format as the built-in bank (voicecoach/questions/\n"
    "# bank.toml); editing by hand is fine, comments are not kept when the app saves.\n\n"
)
MAX_ID_LENGTH = 40
TARGET_HELP = "two numbers of seconds, like 60-90"
POINT_HELP = "a point, a colon, then its keywords separated by commas (Intro: my name is, i am)"


class OwnQuestionError(VoicecoachError):
    """A question that cannot be saved as given, or a change the user's file refuses."""


@dataclass(frozen=True)
class QuestionDraft:
    """A question as the user wrote it, checked: what the form dismisses with and the CLI
    saves. Its id is found when it is added (from the title) and kept when it is edited."""

    title: str
    prompt: str
    target_min_s: float
    target_max_s: float
    points: tuple[TalkingPoint, ...] = ()


def parse_target(text: str) -> tuple[float, float]:
    """``60-90`` (also ``60 - 90 s``, ``60–90``, ``60 to 90``) as seconds."""
    cleaned = text.strip().lower().removesuffix("seconds").removesuffix("s").strip()
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(\d+(?:\.\d+)?)", cleaned)
    if not match:
        raise OwnQuestionError(f"target {text.strip()!r} should be {TARGET_HELP}")
    low, high = float(match[1]), float(match[2])
    if not 0 < low <= high:
        raise OwnQuestionError(
            f"target {text.strip()!r}: the first number should be more than 0 and at most the "
            "second, like 60-90"
        )
    return low, high


def parse_point(text: str) -> TalkingPoint:
    """``Years of experience: years of experience, years in``: a point and its keywords (the
    words that show the answer made it; without any, no answer could ever make it)."""
    point, colon, keywords = text.partition(":")
    words = tuple(k.strip().lower() for k in keywords.split(",") if k.strip())
    if not point.strip() or not colon or not words:
        raise OwnQuestionError(f"talking point {text.strip()!r} should be {POINT_HELP}")
    return TalkingPoint(point.strip(), words)


def parse_points(lines: Iterable[str]) -> tuple[TalkingPoint, ...]:
    """One talking point per non-blank line (the form's box; the CLI's repeated --point)."""
    return tuple(parse_point(line) for line in lines if line.strip())


def make_draft(
    title: str, prompt: str = "", target: str = "", points: Iterable[str] = ()
) -> QuestionDraft:
    """A draft from the text the user typed; OwnQuestionError names the first problem. The
    question read aloud defaults to the title, the target to the bank's default range."""
    title = " ".join(title.split())
    if not title:
        raise OwnQuestionError("a question needs a title (what the list shows)")
    low, high = parse_target(target) if target.strip() else DEFAULT_TARGET_S
    return QuestionDraft(title, prompt.strip() or title, low, high, parse_points(points))


def draft_of(question: Question) -> QuestionDraft:
    """A question as the form shows it to be edited."""
    return QuestionDraft(
        question.title,
        question.prompt,
        question.target_min_s,
        question.target_max_s,
        question.points,
    )


def target_text(draft: QuestionDraft | Question) -> str:
    return f"{draft.target_min_s:g}-{draft.target_max_s:g}"


def point_text(point: TalkingPoint) -> str:
    """A talking point as the user types it (the inverse of ``parse_point``)."""
    return f"{point.point}: {', '.join(point.keywords)}"


def question_id(title: str, taken: Iterable[str]) -> str:
    """An id from the title (``Why this company?`` -> ``why-this-company``), cut at a word,
    unlike every id ``taken`` (compared ignoring case, as ``--question`` ids are)."""
    slug = re.sub(r"[^\w]+", "-", title.casefold()).strip("-_") or "question"
    if len(slug) > MAX_ID_LENGTH:
        cut = slug[:MAX_ID_LENGTH]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    used = {t.casefold() for t in taken}
    candidate, n = slug, 2
    while candidate in used:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def source_label(bank: Bank, question: Question) -> str:
    """Where a question comes from, as `questions list` says it: built-in, yours, or a file."""
    if bank.is_own(question):
        return "yours"
    return "built-in" if question.source == BUILTIN_SOURCE else question.source


def read_own(path: Path) -> list[Question]:
    """The questions in the user's file (none when it does not exist yet)."""
    try:
        return read_bank_file(path, own=True)
    except BankError as exc:
        raise OwnQuestionError(f"{exc}; fix or move the file, then try again") from exc


def _entry(question: Question) -> dict[str, Any]:
    def number(value: float) -> float | int:
        return int(value) if float(value).is_integer() else value

    entry: dict[str, Any] = {
        "id": question.id,
        "title": question.title,
        "prompt": question.prompt,
        "target_s": [number(question.target_min_s), number(question.target_max_s)],
    }
    if question.tips:
        entry["tips"] = list(question.tips)
    points = []
    for p in question.points:
        point: dict[str, Any] = {"point": p.point, "keywords": list(p.keywords)}
        if p.quantity:
            point["quantity"] = True
        points.append(point)
    if points:
        entry["points"] = points
    return entry


def write_own(path: Path, questions: list[Question]) -> None:
    """Write the user's file whole, atomically (a crash leaves the old file, never half a
    new one); its directory is made if need be."""
    import tomli_w

    entries = [_entry(q) for q in questions]
    text = HEADER + (tomli_w.dumps({"question": entries}) if entries else "")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise OwnQuestionError(
            f"{path}: cannot save your questions ({exc.strerror}); check that its folder is "
            "writable"
        ) from exc


def _with_file(bank: Bank) -> Path:
    if bank.own_file is None:
        raise OwnQuestionError("no file for your own questions in this setup")
    return Path(bank.own_file)


def _refuse_not_own(bank: Bank, question_id: str, doing: str) -> Question:
    """The user's own question with this id, or the one line saying why it cannot be changed."""
    question = bank.find(question_id)
    if question is None:
        raise OwnQuestionError(
            f"no question {question_id!r}; `voicecoach questions list` shows the ids"
        )
    if not bank.is_own(question):
        if question.source == BUILTIN_SOURCE:
            raise OwnQuestionError(
                f"{question.id!r} is a built-in question: only your own questions can be {doing}"
            )
        # A bank file named in the config (a drafted one too) is the user's to edit by hand.
        raise OwnQuestionError(
            f"{question.id!r} is in {question.source}: change that file; only the questions "
            f"`voicecoach questions add` made can be {doing} here"
        )
    return question


def reload(bank: Bank) -> None:
    """Read the bank again into the same object: the app's screens and session hold it."""
    fresh = load_bank(bank.extra_files, bank.own_file)
    bank.questions[:] = fresh.questions
    bank.errors[:] = fresh.errors


def add_question(bank: Bank, draft: QuestionDraft) -> Question:
    """Save a new question of the user's, with an id of its own; the bank is read again."""
    path = _with_file(bank)
    own = read_own(path)
    qid = question_id(draft.title, [*bank.ids, *(q.id for q in own)])
    question = Question(
        id=qid,
        title=draft.title,
        prompt=draft.prompt,
        target_min_s=draft.target_min_s,
        target_max_s=draft.target_max_s,
        points=draft.points,
        source=str(path),
    )
    write_own(path, [*own, question])
    reload(bank)
    return question


def edit_question(bank: Bank, question_id: str, draft: QuestionDraft) -> Question:
    """Change one of the user's questions; its id (and so its history) stays, its tips too."""
    path = _with_file(bank)
    current = _refuse_not_own(bank, question_id, "edited")
    own = read_own(path)
    index = next((i for i, q in enumerate(own) if q.id == current.id), None)
    if index is None:
        raise OwnQuestionError(f"{current.id!r} is no longer in {path}; it was removed meanwhile")
    edited = replace(
        own[index],
        title=draft.title,
        prompt=draft.prompt,
        target_min_s=draft.target_min_s,
        target_max_s=draft.target_max_s,
        points=draft.points,
    )
    own[index] = edited
    write_own(path, own)
    reload(bank)
    return edited


def remove_question(bank: Bank, question_id: str) -> Question:
    """Remove one of the user's questions; its past attempts stay in the history."""
    path = _with_file(bank)
    current = _refuse_not_own(bank, question_id, "removed")
    own = read_own(path)
    kept = [q for q in own if q.id != current.id]
    if len(kept) == len(own):
        raise OwnQuestionError(f"{current.id!r} is no longer in {path}; it was removed meanwhile")
    write_own(path, kept)
    reload(bank)
    return current
