"""The `voicecoach` command: the terminal UI by default, and subcommands for scripted use.

Each subcommand lives in ``voicecoach/commands/<name>.py`` with ``register(subparsers, common)``;
errors a user can act on are printed as one line, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys

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


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = argparse.ArgumentParser(
        prog="voicecoach",
        parents=[common],
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


def run_default(args: argparse.Namespace) -> int:
    """No subcommand: the terminal UI (imported lazily; it pulls in Textual)."""
    ui_app = importlib.import_module("voicecoach.ui.app")
    return int(ui_app.run(args) or 0)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            return run_default(args)
        return int(args.func(args) or 0)
    except VoicecoachError as exc:
        print(f"voicecoach: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("voicecoach: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
