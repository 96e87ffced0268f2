"""Settings as a typed dataclass, read from config.toml (tomllib)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from voicecoach.errors import ConfigError
from voicecoach.paths import config_file, user_path


@dataclass
class Config:
    """Every setting with its default; config.toml overrides any of them by name."""

    model: str = "tiny.en"
    device: str | int | None = None  # input device name or index; None = system default
    speak_questions: bool = True
    mic_check: bool = True  # the microphone check before the session's first answer
    min_pause_s: float = 0.25
    long_pause_s: float = 1.0
    very_long_pause_s: float = 2.0
    pace_min_wpm: float = 120.0
    pace_max_wpm: float = 160.0
    max_fillers_per_min: float = 2.0
    question_banks: list[str] = field(default_factory=list)  # extra bank TOML files
    filler_lexicon: str | None = None  # extra filler lexicon TOML file
    home: str | None = None  # data directory override
    # Pitch, loudness, trailing off and pace over time in the report (analysis.delivery): about
    # 0.035 x real time once librosa's cache is warm (`make setup`), so on by default.
    delivery: bool = True

    @classmethod
    def load(cls, path: Path | None = None, home: str | None = None) -> Config:
        """Read config.toml if it exists; unknown keys and bad types are reported with the file.

        A file named with ``path`` (``--config``) must exist: a mistyped name was silently
        replaced by the defaults.
        """
        given = path is not None
        path = user_path(path) if path is not None else config_file(home)
        cfg = cls(home=home)
        if not path.exists():
            if given:
                raise ConfigError(f"{path}: no such config file; check the name given to --config")
            return cfg
        # Imported only to read a file: without one, start-up skips tomllib (issue 6).
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover
            import tomli as tomllib
        try:
            data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: {exc}; fix or delete the file") from exc
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read ({exc.strerror})") from exc
        known = {f.name: f for f in fields(cls)}
        for key, value in data.items():
            if key not in known:
                raise ConfigError(
                    f"{path}: unknown setting {key!r}; known: {', '.join(sorted(known))}"
                )
            if key == "home" and home:
                continue  # --home on the command line beats the file's home (data_home)
            default = getattr(cfg, key)
            if isinstance(default, float) and isinstance(value, int):
                value = float(value)
            if default is not None and not isinstance(value, type(default)):
                raise ConfigError(
                    f"{path}: {key} should be {type(default).__name__}, got {value!r}"
                )
            setattr(cfg, key, value)
        # A value of the right type can still make no sense: "5 long (>= -1 s)" was reported.
        limits = (
            ("min_pause_s", cfg.min_pause_s > 0, "more than 0"),
            ("long_pause_s", cfg.long_pause_s >= cfg.min_pause_s, "at least min_pause_s"),
            (
                "very_long_pause_s",
                cfg.very_long_pause_s >= cfg.long_pause_s,
                "at least long_pause_s",
            ),
            ("pace_min_wpm", cfg.pace_min_wpm > 0, "more than 0"),
            ("pace_max_wpm", cfg.pace_max_wpm > cfg.pace_min_wpm, "more than pace_min_wpm"),
            ("max_fillers_per_min", cfg.max_fillers_per_min >= 0, "0 or more"),
        )
        for key, ok, should in limits:
            if not ok:
                raise ConfigError(
                    f"{path}: {key} = {getattr(cfg, key)} should be {should}; fix or delete it"
                )
        base = path.parent
        if not all(isinstance(p, str) for p in cfg.question_banks):
            raise ConfigError(f"{path}: question_banks should be a list of file names")
        cfg.question_banks = [str(base / os.path.expanduser(p)) for p in cfg.question_banks]
        if cfg.filler_lexicon:
            cfg.filler_lexicon = str(base / os.path.expanduser(cfg.filler_lexicon))
        return cfg


def data_home(home: str | None = None, config_path: str | None = None) -> str | None:
    """The data directory every command and the app use, so an answer recorded in the app shows
    in `voicecoach history`: --home, else config.toml's ``home``, else None (paths.data_dir then
    takes $VOICECOACH_HOME, else the platform's data dir). Raises ConfigError for a bad file."""
    return Config.load(user_path(config_path) if config_path else None, home=home).home
