"""Every subcommand's --help ends with an example to copy, as the top-level --help does.

A job seeker reads `voicecoach history --help` to learn how to use it; a description alone
leaves them guessing at the argument order (found by QA in a real terminal).
"""

from __future__ import annotations

import argparse

import pytest

from voicecoach.cli import build_parser

# Every subcommand has its example now.
NOT_YET: set[tuple[str, ...]] = set()


def _subcommands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    found: list[tuple[tuple[str, ...], argparse.ArgumentParser]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found.append(((*path, name), child))
                found.extend(_subcommands(child, (*path, name)))
    return found


SUBCOMMANDS = _subcommands(build_parser())


def test_the_walk_finds_the_commands_a_user_can_type() -> None:
    names = {path for path, _ in SUBCOMMANDS}
    assert {("analyze",), ("history",), ("questions", "list"), ("questions", "from")} <= names


@pytest.mark.parametrize(
    "path,parser",
    [(path, parser) for path, parser in SUBCOMMANDS if path not in NOT_YET],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else "",
)
def test_help_shows_an_example_of_this_very_command(
    path: tuple[str, ...], parser: argparse.ArgumentParser
) -> None:
    shown = parser.format_help()
    assert "Example: voicecoach " + " ".join(path) in " ".join(shown.split()), shown
