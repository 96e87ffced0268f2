"""`voicecoach questions add|list|remove|from`: the user's own questions from the command line.

The questions are kept in the user's bank file in the config dir
(``voicecoach.paths.own_questions_file``); saving is ``voicecoach.questions.own``, which the
app's form uses too. Each action is one function, registered in ``ACTIONS``; `from` (a bank
drafted from a job description or résumé) is in its own module, ``questions_from``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from voicecoach.commands import questions_from
from voicecoach.questions import Bank


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "questions",
        parents=[common],
        help="add, list or remove your own questions, or draft them from a job description "
        "or résumé (from)",
        description="Your own interview questions, kept in my-questions.toml in the config dir "
        "(beside config.toml) and practised like the built-in ones.",
        epilog='Example: voicecoach questions add --title "Why this company?"  |  '
        "voicecoach questions list  |  voicecoach questions from job.md",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    for register_action in ACTIONS:
        register_action(actions, common)


def register_add(actions: Any, common: argparse.ArgumentParser) -> None:
    add = actions.add_parser(
        "add",
        parents=[common],
        help="add a question of your own",
        description="Add a question of your own; its id is made from the title.",
        epilog='Example: voicecoach questions add --title "Why this company?" --target 45-90 '
        '--point "Their product: product, customers" --point "My fit: experience, skills"',
    )
    add.add_argument("--title", required=True, help="what the question list shows")
    add.add_argument("--prompt", default="", help="the question as read aloud (default: the title)")
    add.add_argument(
        "--target",
        default="",
        metavar="MIN-MAX",
        help="how long the answer should take, in seconds (default: 30-120)",
    )
    add.add_argument(
        "--point",
        action="append",
        default=[],
        metavar='"POINT: KW1, KW2"',
        help="a talking point and the keywords that show it was made (repeatable)",
    )
    add.set_defaults(func=run_add)


def register_list(actions: Any, common: argparse.ArgumentParser) -> None:
    listing = actions.add_parser(
        "list",
        parents=[common],
        help="every question: id, title, target, source (built-in or yours)",
        description="Every question you can practise, built-in and yours.",
        epilog="Example: voicecoach questions list --json",
    )
    listing.add_argument("--json", action="store_true", help="print a JSON list on stdout")
    listing.set_defaults(func=run_list)


def register_remove(actions: Any, common: argparse.ArgumentParser) -> None:
    remove = actions.add_parser(
        "remove",
        parents=[common],
        help="remove one of your own questions (its attempts stay in your history)",
        description="Remove one of your own questions; its past attempts stay in your history.",
        epilog="Example: voicecoach questions remove why-this-company",
    )
    remove.add_argument(
        "id", metavar="ID", help="the question's id (see `voicecoach questions list`)"
    )
    remove.set_defaults(func=run_remove)


ACTIONS: tuple[Callable[[Any, argparse.ArgumentParser], None], ...] = (
    register_add,
    register_list,
    register_remove,
    questions_from.register,
)


def load(args: argparse.Namespace) -> Bank:
    """The bank as the app would read it (other bank files' problems are warnings)."""
    from voicecoach.commands.analyze import load_config_and_bank

    return load_config_and_bank(args)[1]


def run_add(args: argparse.Namespace) -> int:
    from voicecoach.questions.own import add_question, make_draft

    draft = make_draft(args.title, args.prompt, args.target, args.point)
    bank = load(args)
    question = add_question(bank, draft)
    points = f", {len(question.points)} talking points" if question.points else ""
    print(
        f"Added {question.id!r} ({question.title}, {question.target_label}{points}) to "
        f"{bank.own_file}."
    )
    return 0


def run_list(args: argparse.Namespace) -> int:
    from voicecoach.questions.own import source_label

    bank = load(args)
    rows = [(q.id, q.title, q.target_label, source_label(bank, q)) for q in bank.questions]
    if args.json:
        fields = ("id", "title", "target", "source")
        json.dump([dict(zip(fields, row, strict=True)) for row in rows], sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    header = ("id", "title", "target", "source")
    # A title of the user's own can run to hundreds of characters: it widened every row of
    # the table past any terminal. The full title stays in --json and my-questions.toml.
    rows = [(qid, _shortened(title), target, source) for qid, title, target, source in rows]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(3)]
    for row in [header, *rows]:
        cells = [str(c).ljust(w) for c, w in zip(row[:3], widths, strict=True)]
        print("  ".join([*cells, row[3]]))
    # Drafted banks (`questions from`) are the user's questions too: after listing them,
    # "No questions of your own yet" read as if they had not been found.
    if all(row[3] == "built-in" for row in rows):
        print("No questions of your own yet: add one with `voicecoach questions add --title ...`.")
    return 0


TITLE_WIDTH = 50  # the longest built-in title is 41 characters


def _shortened(title: str) -> str:
    return title if len(title) <= TITLE_WIDTH else title[: TITLE_WIDTH - 1].rstrip() + "…"


def run_remove(args: argparse.Namespace) -> int:
    from voicecoach.questions.own import remove_question

    removed = remove_question(load(args), args.id)
    print(f"Removed {removed.id!r} ({removed.title}); its past attempts stay in your history.")
    return 0
