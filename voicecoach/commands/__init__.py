"""One module per `voicecoach` subcommand; each exposes ``register(subparsers, common)``."""

from __future__ import annotations

import argparse
import sys

from voicecoach.config import data_home
from voicecoach.errors import ConfigError


def store_home(args: argparse.Namespace) -> str | None:
    """The data directory as the app finds it (``config.data_home``): a ``home`` set in
    config.toml counted only in the app, so answers recorded there were missing from
    `voicecoach history`. A config file that cannot be read is a warning, as in the app."""
    home = getattr(args, "home", None)
    try:
        return data_home(home, getattr(args, "config", None))
    except ConfigError as exc:
        print(f"voicecoach: warning: {exc} (its home setting is not used)", file=sys.stderr)
        return home
