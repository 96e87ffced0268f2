"""The one place that knows where things live: models, user data, config."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "voicecoach"
PACKAGE_DIR = Path(__file__).resolve().parent
# A source checkout keeps its models beside the package (installed by `make models`).
REPO_DIR = PACKAGE_DIR.parent


def models_dir() -> Path:
    """Where CTranslate2 Whisper models live: $VOICECOACH_MODELS, else the checkout's models/."""
    env = os.environ.get("VOICECOACH_MODELS")
    return Path(env) if env else REPO_DIR / "models"


def user_path(text: str | os.PathLike[str]) -> Path:
    """A path the user typed, with a leading ``~`` expanded: the shell leaves it alone in
    ``--home=~/x`` and in quotes, and a folder literally named ``~`` appeared instead."""
    return Path(text).expanduser()


def data_dir(home: str | os.PathLike[str] | None = None) -> Path:
    """The user's attempts and database: --home, $VOICECOACH_HOME, else the platform data dir."""
    if home:
        return user_path(home)
    env = os.environ.get("VOICECOACH_HOME")
    if env:
        return user_path(env)
    return Path(platformdirs.user_data_dir(APP_NAME))


def config_file(home: str | os.PathLike[str] | None = None) -> Path:
    """config.toml: inside --home / $VOICECOACH_HOME when set, else the platform config dir."""
    if home or os.environ.get("VOICECOACH_HOME"):
        return data_dir(home) / "config.toml"
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


OWN_QUESTIONS_NAME = "my-questions.toml"


def own_questions_file(home: str | os.PathLike[str] | None = None) -> Path:
    """The user's own questions (``voicecoach questions add``, ``n`` in the app): beside
    config.toml, so a candidate keeps their questions where their settings are."""
    return config_file(home).parent / OWN_QUESTIONS_NAME


def numba_cache_dir() -> Path:
    """Where numba keeps librosa's compiled functions ($NUMBA_CACHE_DIR when set): warmed by
    `make setup`, so an analysis loads them instead of compiling for half a minute."""
    env = os.environ.get("NUMBA_CACHE_DIR")
    return Path(env) if env else Path(platformdirs.user_cache_dir(APP_NAME)) / "numba"


def unwritable_reason(directory: str | os.PathLike[str]) -> str | None:
    """Why files cannot be created in ``directory`` (made on demand, with its parents), or
    None. Names the first path that exists on the way: a file there is said to be a file, not
    met with "check the permissions" (that fixes nothing)."""
    probe = Path(directory)
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        return f"{probe} is a file, not a directory"
    if not os.access(probe, os.W_OK | os.X_OK):
        return f"{probe} is not writable (check its permissions)"
    return None
