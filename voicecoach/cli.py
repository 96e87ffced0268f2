"""The `voicecoach` command: the terminal UI by default, and subcommands for scripted use.

Each subcommand lives in ``voicecoach/commands/<name>.py`` with ``register(subparsers, common)``;
errors a user can act on are printed as one line, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any, NoReturn

from voicecoach import __version__
from voicecoach.errors import VoicecoachError

SUBCOMMANDS = (
    "analyze",
    "history",
    "replay",
    "export",
    "delete",
    "interview",
    "questions",
)


class UsageError(SystemExit):
    """argparse's usage error (exit code 2), raised once its one line is on stderr; it
    keeps the message so that ``parse_args`` can give it as JSON too when --json was asked for."""

    def __init__(self, message: str, command: str) -> None:
        super().__init__(2)
        self.message = message
        self.command = command  # "voicecoach analyze": whose --help says what it takes

    @property
    def line(self) -> str:
        """The problem and what to do, in one line (on stderr, and in JSON under --json)."""
        return f"{self.message}; run `{self.command} --help` for the usage"


class _Parser(argparse.ArgumentParser):
    """argparse's parser, with the same stderr and exit code on a usage error, raised as
    UsageError so that a script that asked for --json gets the error on stdout as JSON."""

    command: str | None = None  # the subcommand, once parsed: "unrecognized arguments" is
    # reported by the top-level parser after the subcommand's has finished

    def parse_known_args(  # type: ignore[override]
        self, args: list[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        self.command = getattr(parsed, "command", None)
        return parsed, extras

    def error(self, message: str) -> NoReturn:
        """One line naming the problem and the --help to read (exit code 2, as argparse): the
        whole usage block above "error: argument ID: invalid int value" buried the problem."""
        command = self.prog if self.command is None else f"{self.prog} {self.command}"
        raised = UsageError(message, command)
        with contextlib.suppress(OSError):  # stderr gone: the exit code still says it
            print(f"voicecoach: {raised.line}", file=sys.stderr, flush=True)
        raise raised


def asks_for_json(argv: list[str]) -> bool:
    """Whether the command line asks for --json (or an abbreviation argparse takes for it),
    looked at without parsing: it is asked when the parse itself failed."""
    options = argv[: argv.index("--")] if "--" in argv else argv
    return any(t.startswith("--j") and "--json".startswith(t) for t in options)


def common_options() -> argparse.ArgumentParser:
    """Options every command takes, before or after the subcommand name."""
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS keeps a subparser's default from overwriting a value given before the subcommand.
    common.add_argument(
        "--home",
        default=argparse.SUPPRESS,
        metavar="DIR",
        help="data directory for attempts and config (default: config.toml's home, "
        "$VOICECOACH_HOME or the platform's user data dir)",
    )
    common.add_argument(
        "--model",
        default=argparse.SUPPRESS,
        metavar="NAME|PATH",
        help="Whisper model: tiny.en (default), base, or a CTranslate2 model directory",
    )
    common.add_argument(
        "--config",
        default=argparse.SUPPRESS,
        metavar="FILE",
        help="config file (default: config.toml in the config dir)",
    )
    return common


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; ``commands=False``: the top-level options only (see parse_args)."""
    common = common_options()
    parser = _Parser(
        prog="voicecoach",
        parents=[common],
        add_help=commands,
        description="Practise spoken interview answers offline: hear a question, answer out "
        "loud, and see duration, pace, fillers and pauses against targets. "
        "Run without a command to open the terminal UI.",
        epilog="Examples: voicecoach  |  voicecoach analyze answer.wav --question intro --json  |  "
        "voicecoach history --json",
    )
    parser.add_argument("--version", action="version", version=f"voicecoach {__version__}")
    parser.add_argument(
        "--device",
        default=None,
        metavar="NAME|INDEX",
        help="input device for recording (default: config or the system default)",
    )
    parser.add_argument(
        "--no-voice", action="store_true", help="do not read questions aloud (text only)"
    )
    parser.add_argument(
        "--no-mic-check",
        action="store_true",
        help="skip the microphone check before the first answer (m still runs it)",
    )
    if not commands:
        parser.add_argument(
            "-h", "--help", nargs=0, action=_NeedsFullParser, default=argparse.SUPPRESS
        )
        parser.set_defaults(command=None)
        parser.error = _need_full_parser  # type: ignore[method-assign]
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        try:
            module_name = f"voicecoach.commands.{name.replace('-', '_')}"
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue  # not built yet
            raise
        module.register(sub, common)
    return parser


class _FullParserNeeded(Exception):
    """The top-level parser met something only the full one handles (a command, help, an error)."""


class _NeedsFullParser(argparse.Action):
    def __call__(self, *_args: Any, **_kwargs: Any) -> NoReturn:
        raise _FullParserNeeded


def _need_full_parser(_message: str) -> NoReturn:
    raise _FullParserNeeded


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The arguments, without importing every subcommand's module when none is named.

    Opening the UI (no command) is the common case and its start-up is timed (issue 6: the
    first screen within 0.5 s); importing and registering the subcommands costs it about 0.05 s.
    So the top-level options are parsed first; a command name, ``-h`` or any error goes to the
    full parser, whose help and messages stay as they were. Under --json its usage errors are
    also one ``{"error": ...}`` object on stdout, as every other error is (``report_error``).
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args, rest = build_parser(commands=False).parse_known_args(argv)
    except _FullParserNeeded:
        rest = ["full"]
    if rest:
        try:
            return build_parser().parse_args(argv)
        except UsageError as exc:
            if asks_for_json(argv):
                with contextlib.suppress(OSError):  # stdout gone: the stderr lines are said
                    print(json.dumps({"error": exc.line}), flush=True)
            raise
    return args


def import_ui() -> ModuleType:
    """``voicecoach.ui.app`` (it pulls in Textual), with the cyclic GC paused until the first
    screen is painted: see ``voicecoach.ui.pause_gc``."""
    from voicecoach.ui import pause_gc

    pause_gc()
    return importlib.import_module("voicecoach.ui.app")


def run_default(args: argparse.Namespace) -> int:
    """No subcommand: the terminal UI (imported lazily; it pulls in Textual)."""
    if not interactive_terminal():
        raise VoicecoachError(
            "the practice app needs a terminal to draw in and read keys from (standard input "
            "or standard error is redirected here); run `voicecoach` in a terminal, or use "
            "`voicecoach analyze FILE` and `voicecoach history` in scripts"
        )
    return int(import_ui().run(args) or 0)


def interactive_terminal() -> bool:
    """Whether the UI can run: Textual reads keys from standard input and draws on standard
    error. Without them it drew into a file or pipe, or waited for keys that never came
    (stdin from /dev/null, cron, CI) with the microphone and model loaded for nobody."""
    streams = (sys.__stdin__, sys.__stderr__)
    return all(stream is not None and stream.isatty() for stream in streams)


def report_error(args: argparse.Namespace, message: str, json_shown: bool = False) -> None:
    """The one line on stderr; with ``--json`` also ``{"error": message}`` on stdout, so a
    script that reads stdout as JSON gets the failure as JSON, not an empty string."""
    print(f"voicecoach: {message}", file=sys.stderr)
    if getattr(args, "json", False) and not json_shown:
        with contextlib.suppress(OSError):  # stdout closed or gone: the stderr line is said
            print(json.dumps({"error": message}), flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    return run_reporting_errors(
        args, lambda: run_default(args) if args.command is None else args.func(args)
    )


def run_reporting_errors(args: argparse.Namespace, command: Callable[[], int | None]) -> int:
    """Run a command with its failures as the one line (and exit code) every command gives:
    2 for a problem the user can act on, 130 when interrupted; the benchmark's CLI too."""
    try:
        return int(command() or 0)
    except VoicecoachError as exc:
        report_error(args, str(exc), exc.json_shown)
        return 2
    except KeyboardInterrupt:
        report_error(args, "interrupted")
        return 130
    except BrokenPipeError:
        return 0
