"""`voicecoach delete ID`: remove an attempt's row and audio, after confirmation.

Without ``--yes`` it asks on a terminal and refuses when input is not a terminal, so a script
never deletes a voice recording by accident.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from voicecoach.commands import store_home
from voicecoach.errors import VoicecoachError
from voicecoach.store import Store


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "delete",
        parents=[common],
        help="delete an attempt (database row and audio)",
        description="Delete an attempt: its database row and its audio file.",
        epilog="Example: voicecoach delete 12  (the id from `voicecoach history`)",
    )
    parser.add_argument("id", type=int, metavar="ID", help="attempt id (see `voicecoach history`)")
    parser.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    store = Store(store_home(args))
    attempt = store.get(args.id)  # a one-line error when the id is unknown
    if not args.yes:
        if not sys.stdin.isatty():
            raise VoicecoachError(
                f"not deleting attempt {attempt.id}: input is not a terminal; add --yes to confirm"
            )
        when = attempt.created_at.replace("T", " ")[:16]
        answer = input(
            f"Delete attempt {attempt.id} ({attempt.question_id or 'no question'}, {when} UTC, "
            f"{attempt.duration_s:.0f} s) and its audio? [y/N] "
        )
        if answer.strip().lower() not in ("y", "yes"):
            print("Kept.")
            return 1
    store.delete(attempt.id)
    print(f"Deleted attempt {attempt.id}.")
    return 0
