"""`voicecoach history`: every stored attempt, as a table, JSON or CSV (one record per attempt).

JSON and CSV carry the same fields (``Attempt.record()``) so scripts can rely on either; their
``time`` stays ISO 8601 in UTC with its offset (unambiguous for scripts), while the table for
people shows local time, as the app does. Both carry the speaking time and a ``status`` (``ok``,
``no speech``, ``too short``, ``unchecked``): the raw figures of a silent take (0 fillers/min)
read as a flawless answer in a spreadsheet otherwise.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Any, TextIO

from voicecoach.analysis.content import NO_SPEECH
from voicecoach.commands import store_home
from voicecoach.errors import VoicecoachError
from voicecoach.store import UNCHECKED, Attempt, Store, local_stamp

BEST_LEGEND = (
    "* best attempt at its question: fewest fillers/min, in the time target when any is\n"
    "  (answers with no speech or too short to rate are kept but never best)"
)
UNCHECKED_LEGEND = (
    "unchecked: the report made while you spoke, not yet checked against the whole recording;\n"
    "  the app checks it at its next start (its figures may still change)"
)


FIELDS = (
    "id",
    "time",
    "question",
    "duration_s",
    "speaking_s",
    "status",
    "wpm",
    "filler_count",
    "filler_rate_per_min",
    "long_pauses",
    "parent_id",  # the attempt a follow-up question's answer followed (issue 23); else empty
)


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "history",
        parents=[common],
        help="list stored attempts (newest first)",
        description="List stored attempts, newest first: a table, or --json / --csv for scripts.",
        epilog="Example: voicecoach history --question intro  |  "
        "voicecoach history --csv > attempts.csv",
    )
    parser.add_argument("--question", metavar="ID", help="only attempts at this question")
    fmt = parser.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="a JSON list, one object per attempt")
    fmt.add_argument("--csv", action="store_true", help="CSV with a header row")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    store = Store(store_home(args), reading=True)
    if store.recovered_message:
        print(f"voicecoach: {store.recovered_message}", file=sys.stderr)
    for pending in store.pending_recordings():
        # One analysed while the database could not be opened was analysed: "unfinished" and
        # "analyse it" were not true of it.
        kept, todo = (
            ("an answer recorded while the history could not be opened was kept", "add it")
            if pending.history_closed
            else ("an unfinished recording from an earlier session was kept", "analyse it")
        )
        print(
            f"voicecoach: {kept}: {pending.path}; {todo} with `voicecoach analyze "
            f"{pending.path} --question {pending.question_id or 'ID'} --save`",
            file=sys.stderr,
        )
    question = getattr(args, "question", None)
    attempts = store.list(question)
    if question is not None and not attempts:
        question = check_question(args, question, store)
        attempts = store.list(question)
    if getattr(args, "json", False):
        json.dump([a.record() for a in attempts], sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif getattr(args, "csv", False):
        write_csv(attempts, sys.stdout)
    else:
        print_table(attempts, store, sys.stdout, question)
    return 0


def check_question(args: argparse.Namespace, question: str, store: Store) -> str:
    """A --question with no attempts: the id it means when only its case differs (`Intro`);
    a typo (not in the bank, no attempts ever) is an error naming the known ids, not "No
    attempts yet" or an empty list."""
    from voicecoach.commands.analyze import load_config
    from voicecoach.paths import own_questions_file
    from voicecoach.questions import load_bank

    own = own_questions_file(getattr(args, "home", None))
    bank = load_bank(load_config(args).question_banks, own)
    stored = store.question_ids()
    if bank.get(question) is not None or question in stored:
        return question
    found = bank.find(question)
    if found is not None:
        return found.id
    folded = question.casefold()
    match = next((q for q in stored if q.casefold() == folded), None)
    if match is not None:
        return match
    raise VoicecoachError(f"unknown question {question!r}; known: {', '.join(bank.ids)}")


def write_csv(attempts: list[Attempt], out: TextIO) -> None:
    """The records as CSV (also used by `voicecoach export`)."""
    writer = csv.DictWriter(out, fieldnames=list(FIELDS), lineterminator="\n")
    writer.writeheader()
    for attempt in attempts:
        writer.writerow({key: _inert(value) for key, value in attempt.record().items()})


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: object) -> object:
    """A text cell a spreadsheet would run as a formula (a question id edited by hand to
    ``=HYPERLINK(...)``) gets a leading apostrophe, so opening the export never runs it;
    --json and attempts.json keep the text as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def print_table(
    attempts: list[Attempt], store: Store, out: TextIO, question: str | None = None
) -> None:
    """A plain aligned table for people; `*` marks the best attempt at each question."""
    if not attempts and question is not None:
        out.write(
            f"No attempts at {question!r} yet. Practise it with `voicecoach`, or import a "
            f"recording with `voicecoach analyze FILE --question {question} --save`.\n"
        )
        return
    if not attempts:
        out.write(
            "No attempts yet. Practise with `voicecoach`, or import a recording with "
            "`voicecoach analyze FILE --question ID --save`.\n"
        )
        return
    best_ids = {a.id for a in store.best_per_question().values()}
    header = ("id", "time (local)", "question", "spoke", "wpm", "fillers", "/min", "long pauses")
    rows = [
        (
            f"{a.id}{'*' if a.id in best_ids else ''}",
            local_stamp(a.created_at),
            (a.question_id or "-")
            + (f" (follow-up to {a.parent_id})" if a.parent_id is not None else "")
            + ("" if a.checked else f" ({UNCHECKED})"),
            # the speaking time the target judges; none when nothing was said
            "-" if a.unrated == NO_SPEECH else a.analysis.spoke_text,
            # Silence read "0 wpm 0 fillers", like a flawless answer: say what it was instead.
            a.unrated or f"{a.wpm:.0f}",
            "-" if a.analysis.no_speech else str(a.filler_count),
            "-" if a.unrated else f"{a.filler_rate_per_min:.1f}",
            str(a.long_pauses),
        )
        for a in attempts
    ]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    left = {1, 2}  # time and question read best left-aligned; numbers right-aligned

    def line(cells: tuple[str, ...]) -> str:
        padded = (
            c.ljust(w) if i in left else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )
        return "  ".join(padded).rstrip()

    out.write(line(header) + "\n")
    for row in rows:
        out.write(line(row) + "\n")
    out.write(BEST_LEGEND + "\n")
    if not all(a.checked for a in attempts):
        out.write(UNCHECKED_LEGEND + "\n")
