"""`voicecoach export DIR`: attempts.csv, attempts.json (full reports) and the audio files.

Everything is written inside DIR and nowhere else: file names come from the database, so any name
with a path separator (or ``..``) is refused, and existing symlinks are never followed.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
from pathlib import Path
from typing import Any

from voicecoach.commands import store_home
from voicecoach.commands.history import check_question, write_csv
from voicecoach.errors import VoicecoachError
from voicecoach.store import Attempt, Store

AUDIO_SUBDIR = "audio"


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "export",
        parents=[common],
        help="export attempts (CSV, JSON reports, audio) into a directory",
        description="Write attempts.csv, attempts.json (the full reports) and audio/ into DIR.",
        epilog="Example: voicecoach export ~/interview-practice --question intro",
    )
    parser.add_argument("dir", metavar="DIR", help="directory to write into (created if missing)")
    parser.add_argument("--question", metavar="ID", help="only attempts at this question")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    store = Store(store_home(args), reading=True)
    question = getattr(args, "question", None)
    attempts = store.list(question)
    if question is not None and not attempts:
        # A typo in the id would otherwise write an empty export that looks like a success.
        question = check_question(args, question, store)
        attempts = store.list(question)
    out = Path(args.dir)
    written = export(attempts, out)
    print(f"Exported {_count(len(attempts), 'attempt')} ({_count(written, 'audio file')}) to {out}")
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def export(attempts: list[Attempt], out: Path) -> int:
    """Write the export into ``out``; returns how many audio files were copied."""
    try:
        out.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not out.is_dir():
            raise VoicecoachError(f"{out}: not a directory")
        audio_dir = out / AUDIO_SUBDIR
        if audio_dir.is_symlink():
            raise VoicecoachError(f"{audio_dir}: is a symlink; export into an empty directory")
        audio_dir.mkdir(mode=0o700, exist_ok=True)
        records = []
        copied = 0
        for attempt in attempts:
            audio_name = None
            if attempt.audio_path is not None and attempt.audio_path.is_file():
                audio_name = _checked_name(attempt.audio_path.name)
                with attempt.audio_path.open("rb") as src:
                    _write_inside(out, f"{AUDIO_SUBDIR}/{audio_name}", src)
                copied += 1
            record = attempt.record()
            record["model"] = attempt.model
            record["audio"] = f"{AUDIO_SUBDIR}/{audio_name}" if audio_name else None
            record["report"] = attempt.analysis.to_dict()
            records.append(record)
        text = io.StringIO()
        write_csv(attempts, text)
        _write_inside(out, "attempts.csv", io.BytesIO(text.getvalue().encode("utf-8")))
        payload = json.dumps(records, indent=2).encode("utf-8") + b"\n"
        _write_inside(out, "attempts.json", io.BytesIO(payload))
    except OSError as exc:
        raise VoicecoachError(
            f"cannot write the export to {out} ({exc.strerror or exc}); check the path and space"
        ) from exc
    return copied


def _checked_name(name: str) -> str:
    """A bare file name, or a refusal: the export must never write outside its directory."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or os.sep in name:
        raise VoicecoachError(f"refusing to export a file named {name!r} (not a plain file name)")
    return name


def _write_inside(root: Path, relative: str, src: Any) -> None:
    """Copy ``src`` to ``root/relative``, checking the target really is inside ``root``."""
    target = root / relative
    base = root.resolve()
    expected = base if Path(relative).parent == Path(".") else base / Path(relative).parent
    if target.parent.resolve() != expected:
        raise VoicecoachError(f"refusing to write {target}: it would land outside {root}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(target, flags, 0o600)
    except OSError as exc:
        if target.is_symlink():
            raise VoicecoachError(f"refusing to write through the symlink {target}") from exc
        raise
    with os.fdopen(fd, "wb") as dst:
        shutil.copyfileobj(src, dst)
