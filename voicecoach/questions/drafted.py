"""Drafted banks: questions drafted from the user's own text, saved as ``drafted-<name>.toml``
beside config.toml, where every start reads them (as it reads my-questions.toml), so they are
practised without a line added to config.toml by hand.

Shared by `voicecoach questions from` and the app's question list (``j``), so both draft, name
and save a bank alike. Blocking (it reads files and writes one): the app runs it in a worker.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from voicecoach.errors import VoicecoachError
from voicecoach.paths import unwritable_reason
from voicecoach.questions import DRAFTED_PATTERN

PREFIX = "drafted-"  # DRAFTED_PATTERN's: what every start reads


class BankFileExists(VoicecoachError):
    """The bank file is there already: the user's edits to it would be lost."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} exists (edits made to it would be lost)")
        self.path = path


@dataclass(frozen=True)
class DraftedBank:
    """A bank drafted from some texts: its TOML, and what the texts named (for the summary)."""

    name: str  # the ids' prefix and the file's: "job-resume" for job.md and resume.txt
    text: str
    questions: int
    counts: str  # "17 technologies, 3 duties, 0 claims, 1 figure"
    sources: str  # the files' names, as given


def bank_name(paths: Sequence[Path]) -> str:
    """A short name from the files' names: "job-resume" for job.md and resume.txt."""
    stems = [re.sub(r"[^a-z0-9]+", "-", p.stem.lower()).strip("-") for p in paths]
    name = "-".join(s for s in stems if s)[:40].strip("-")
    return name or "text"


def drafted_file(config_dir: Path, name: str) -> Path:
    return config_dir / f"{PREFIX}{name}.toml"


def is_read_at_start(path: Path, config_dir: Path) -> bool:
    """Whether every start reads this bank file without a line in config.toml."""
    try:
        in_dir = path.resolve().parent == config_dir.resolve()
    except OSError:
        return False
    return in_dir and path.match(DRAFTED_PATTERN)


def _count(n: int, word: str) -> str:
    plural = word[:-1] + "ies" if word.endswith("y") else word + "s"
    return f"{n} {word if n == 1 else plural}"


def draft_bank(paths: Sequence[Path]) -> DraftedBank:
    """The bank drafted from these texts; VoicecoachError in one line when a file cannot be
    read as text or names nothing to ask about."""
    from voicecoach.questions import BankError, parse_bank
    from voicecoach.questions.drafting import bank_toml, draft_questions
    from voicecoach.questions.extraction import read
    from voicecoach.questions.reading import read_document, read_source

    documents = [read_document(read_source(p), p.name) for p in paths]
    reading = read(documents)
    shown = ", ".join(str(p) for p in paths)
    if not reading.names_anything():
        raise VoicecoachError(
            f"{shown} names no technology, duty or achievement to ask about; give a job "
            "description or résumé (its skills, responsibilities or results)"
        )
    name = bank_name(paths)
    drafts = draft_questions(reading)
    sources = ", ".join(p.name for p in paths)
    header = [
        f"Interview questions drafted by `voicecoach questions from` from {sources}.",
        "Review and edit them: reword a prompt, change a target, add or drop talking points and",
        "their keywords. Same format as the built-in bank (README: 'Questions from your own",
        "text'); each question's comment names the line of the text it came from.",
    ]
    text = bank_toml(drafts, name, header)
    try:
        parse_bank(text, "drafted bank")
    except BankError as exc:  # a bug here, not the user's: say so in one line
        raise VoicecoachError(f"the drafted bank does not load ({exc}); please report it") from exc
    counts = ", ".join(
        _count(n, word)
        for n, word in (
            (len(reading.technologies), "technology"),
            (len(reading.duties), "duty"),
            (len(reading.claims), "claim"),
            (len(reading.scales), "figure"),
        )
    )
    return DraftedBank(name, text, len(drafts), counts, shown)


def write_bank(out: Path, text: str, replace: bool = False) -> None:
    """Write the bank atomically; BankFileExists rather than replace a file (the user's edits)
    unless ``replace``; VoicecoachError in one line when it cannot be written."""
    if out.is_dir():
        raise VoicecoachError(f"{out} is a directory")
    if out.exists() and not replace:
        raise BankFileExists(out)
    reason = unwritable_reason(out.parent)
    if reason:
        raise VoicecoachError(f"cannot save {out}: {reason}")
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise VoicecoachError(f"cannot save {out} ({exc.strerror})") from exc


def draft_beside_config(paths: Sequence[Path], config_dir: Path) -> tuple[Path, DraftedBank]:
    """Draft a bank and save it as ``drafted-<name>.toml`` beside config.toml, where the next
    read of the bank finds it; never over an existing one (it may hold the user's edits)."""
    bank = draft_bank(paths)
    out = drafted_file(config_dir, bank.name)
    try:
        write_bank(out, bank.text)
    except BankFileExists as exc:
        raise VoicecoachError(
            f"{out} exists: its questions are in the list already, with your edits; remove "
            "the file to draft it again"
        ) from exc
    return out, bank
