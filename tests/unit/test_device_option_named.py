"""`--device NAME` is the input the app names, not only the one it opens: the microphone check
said "Input: the default input" and "Cannot open the default input: no input device
'nosuchmic'", reading the config's device (unset) rather than the option."""

from __future__ import annotations

import argparse
from pathlib import Path

from voicecoach.practice.services import load_setup


def test_the_device_option_is_the_configured_device(tmp_path: Path) -> None:
    setup = load_setup(argparse.Namespace(home=str(tmp_path / "home"), device="nosuchmic"))
    assert setup.device == "nosuchmic"
    assert setup.config.device == "nosuchmic"  # what the microphone check names
    by_index = load_setup(argparse.Namespace(home=str(tmp_path / "home"), device="3"))
    assert by_index.device == 3 and by_index.config.device == 3


def test_without_the_option_the_config_file_decides(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text('device = "pulse"\n', encoding="utf-8")
    setup = load_setup(argparse.Namespace(home=str(home), device=None))
    assert setup.device == "pulse" and setup.config.device == "pulse"
