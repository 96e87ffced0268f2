"""`voicecoach questions from FILE...`: draft a question bank from a job description or résumé.

The drafts are a starting point to review, so they are written to a file of their own (in the
config dir by default, never over an existing file unless asked) and the command says how to
practise them. Reading and drafting are in ``voicecoach.questions.drafting`` (no model, offline).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import Any

from voicecoach.config import Config
from voicecoach.errors import ConfigError, VoicecoachError
from voicecoach.paths import config_file, unwritable_reason, user_path


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "from",
        parents=[common],
        help="draft questions from a job description or résumé (text or Markdown)",
        description="Draft interview questions from your own text: a job description, a résumé, "
        "or both (plain text or Markdown). The technologies, duties, claims and numbers it "
        "names become questions (why X here, what X does not solve, a scale scenario, a time "
        "you did Y, your role and why this job), each with a time target and talking points, "
        "saved as a question bank file for you to review and edit.",
        epilog="Example: voicecoach questions from job.md resume.txt",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="text or Markdown file(s)")
    parser.add_argument(
        "--out",
        metavar="PATH",
        help="where to save the bank (default: drafted-<name>.toml beside config.toml; "
        "'-' prints it)",
    )
    parser.add_argument("--force", action="store_true", help="replace the --out file if it exists")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from voicecoach.questions import BankError, parse_bank
    from voicecoach.questions.drafting import bank_toml, draft_questions
    from voicecoach.questions.extraction import read
    from voicecoach.questions.reading import read_document, read_source

    paths = [user_path(f) for f in args.files]
    documents = [read_document(read_source(p), p.name) for p in paths]
    reading = read(documents)
    shown = ", ".join(str(p) for p in paths)
    if not reading.names_anything():
        raise VoicecoachError(
            f"{shown} names no technology, duty or achievement to ask about; give a job "
            "description or résumé (its skills, responsibilities or results)"
        )
    name = _name(paths)
    drafts = draft_questions(reading)
    config_path = _config_path(args)
    out = None if args.out == "-" else _out_path(args.out, config_path, name)
    sources = ", ".join(p.name for p in paths)
    header = [
        f"Interview questions drafted by `voicecoach questions from` from {sources}.",
        "Review and edit them: reword a prompt, change a target, add or drop talking points and",
        "their keywords. Same format as the built-in bank (README: 'Questions from your own",
        "text'); each question's comment names the line of the text it came from.",
    ]
    text = bank_toml(drafts, name, header)
    try:
        parse_bank(text, str(out or "drafted bank"))
    except BankError as exc:  # a bug here, not the user's: say so in one line
        raise VoicecoachError(f"the drafted bank does not load ({exc}); please report it") from exc
    if out is None:
        sys.stdout.write(text)
        return 0
    _write(out, text, args.force)
    counts = ", ".join(
        _count(n, word)
        for n, word in (
            (len(reading.technologies), "technology"),
            (len(reading.duties), "duty"),
            (len(reading.claims), "claim"),
            (len(reading.scales), "figure"),
        )
    )
    print(f"Drafted {len(drafts)} questions from {shown} ({counts}).")
    print(f"Saved to {out}")
    print(_how_to_use(out, config_path))
    return 0


def _count(n: int, word: str) -> str:
    plural = word[:-1] + "ies" if word.endswith("y") else word + "s"
    return f"{n} {word if n == 1 else plural}"


def _name(paths: list[Path]) -> str:
    """A short name from the files' names: "job-resume" for job.md and resume.txt."""
    stems = [re.sub(r"[^a-z0-9]+", "-", p.stem.lower()).strip("-") for p in paths]
    name = "-".join(s for s in stems if s)[:40].strip("-")
    return name or "text"


def _config_path(args: argparse.Namespace) -> Path:
    given = getattr(args, "config", None)
    return user_path(given) if given else config_file(getattr(args, "home", None))


def _out_path(given: str | None, config_path: Path, name: str) -> Path:
    if given:
        return user_path(given)
    return config_path.parent / f"drafted-{name}.toml"


def _write(out: Path, text: str, force: bool) -> None:
    """Write the bank atomically; refuse to replace a file (the user's edits) unless forced."""
    if out.is_dir():
        raise VoicecoachError(f"{out} is a directory; give --out a file name ending in .toml")
    if out.exists() and not force:
        raise VoicecoachError(
            f"{out} exists (edits made to it would be lost); add --force to replace it, or "
            "choose another name with --out"
        )
    reason = unwritable_reason(out.parent)
    if reason:
        raise VoicecoachError(f"cannot save {out}: {reason}; choose another place with --out")
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise VoicecoachError(f"cannot save {out} ({exc.strerror}); choose another --out") from exc


def _how_to_use(out: Path, config_path: Path) -> str:
    """The line to add to config.toml (question_banks), or that it is already there."""
    resolved = out.resolve()
    entry = out.name if resolved.parent == config_path.parent.resolve() else str(resolved)
    banks: list[str] = []
    try:
        banks = Config.load(config_path if config_path.exists() else None).question_banks
        if not config_path.exists():
            banks = []
    except ConfigError:
        pass
    if any(Path(b).resolve() == resolved for b in banks):
        return f"It is already in {config_path}'s question_banks: run `voicecoach` to practise."
    listed = [*(_as_written(b, config_path) for b in banks), entry]
    names = ", ".join(f'"{b}"' for b in listed)
    return (
        f"To practise them, review the file, then put this line in {config_path}:\n"
        f"    question_banks = [{names}]"
    )


def _as_written(bank: str, config_path: Path) -> str:
    path = Path(bank)
    return path.name if path.parent == config_path.parent else bank
