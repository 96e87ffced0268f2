"""`voicecoach questions ...`: the question bank's commands, one module per action.

Each action lives in its own module (``voicecoach/commands/questions_<action>.py``) with
``register(subparsers, common)``, as the top-level commands do, so actions are added without
touching one another's code.
"""

from __future__ import annotations

import argparse
import importlib
from typing import Any

ACTIONS = ("from",)


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "questions",
        parents=[common],
        help="question bank commands (from: draft questions from a job description or résumé)",
        description="Work with question banks.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    for action in ACTIONS:
        module = importlib.import_module(f"voicecoach.commands.questions_{action}")
        module.register(actions, common)
