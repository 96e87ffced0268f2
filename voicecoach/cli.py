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
from types import ModuleType
from typing import Any, NoReturn

from voicecoach import __version__
from voicecoach.errors import VoicecoachError

SUBCOMMANDS = (
    "analyze",
    "bench",
    "bench-live",
    "history",
    "replay",
    "export",
    "delete",
    "interview",
)


def common_options() -> argparse.ArgumentParser:
    """Options every command takes, before or after the subcommand name."""
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS keeps a subparser's default from overwriting a value given before the subcommand.
    common.add_argument(
        "--home",
        default=argparse.SUPPRESS,
        metavar="DIR",
        help="data directory for attempts and config (default: $VOICECOACH_HOME or the "
        "platform's user data dir)",
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
    parser = argparse.ArgumentParser(
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
    full parser, whose help and messages stay as they were.
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args, rest = build_parser(commands=False).parse_known_args(argv)
    except _FullParserNeeded:
        rest = ["full"]
    if rest:
        return build_parser().parse_args(argv)
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
    try:
        if args.command is None:
            return run_default(args)
        return int(args.func(args) or 0)
    except VoicecoachError as exc:
        report_error(args, str(exc), exc.json_shown)
        return 2
    except KeyboardInterrupt:
        report_error(args, "interrupted")
        return 130
    except BrokenPipeError:
        return 0
