"""`voicecoach questions from FILE...`: draft a question bank from a job description or résumé.

The drafts are a starting point to review, so they are written to a file of their own (in the
config dir by default, never over an existing file unless asked) and the command says how to
practise them. Reading and drafting are in ``voicecoach.questions.drafting`` (no model, offline).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from voicecoach.config import Config
from voicecoach.errors import ConfigError, VoicecoachError
from voicecoach.paths import config_file, own_questions_file, user_path


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
    from voicecoach.questions.drafted import (
        BankFileExists,
        bank_name,
        draft_bank,
        drafted_file,
        write_bank,
    )

    paths = [user_path(f) for f in args.files]
    drafted = draft_bank(paths)
    if args.out == "-":
        sys.stdout.write(drafted.text)
        return 0
    config_path = _config_path(args)
    # Where every start reads drafted banks: beside my-questions.toml (the config dir).
    read_dir = own_questions_file(getattr(args, "home", None)).parent
    out = user_path(args.out) if args.out else drafted_file(read_dir, bank_name(paths))
    try:
        write_bank(out, drafted.text, replace=args.force)
    except BankFileExists as exc:
        raise VoicecoachError(
            f"{exc}; add --force to replace it, or choose another name with --out"
        ) from exc
    except VoicecoachError as exc:
        if out.is_dir():
            raise VoicecoachError(
                f"{out} is a directory; give --out a file name ending in .toml"
            ) from exc
        raise VoicecoachError(f"{exc}; choose another place with --out") from exc
    print(f"Drafted {drafted.questions} questions from {drafted.sources} ({drafted.counts}).")
    print(f"Saved to {out}")
    print(_how_to_use(out, config_path, read_dir))
    return 0


def _config_path(args: argparse.Namespace) -> Path:
    given = getattr(args, "config", None)
    return user_path(given) if given else config_file(getattr(args, "home", None))


def _how_to_use(out: Path, config_path: Path, read_dir: Path) -> str:
    """That every start reads it (drafted-*.toml beside config.toml), else the line to add to
    config.toml (question_banks), or that it is already there."""
    from voicecoach.questions.drafted import is_read_at_start

    if is_read_at_start(out, read_dir):
        return (
            f"It is read at every start, as are all drafted-*.toml files in {read_dir}:"
            " review and edit it, then run `voicecoach` to practise."
        )
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
