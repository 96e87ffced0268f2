"""`home` in config.toml moves the data directory for the command-line tools as it does for the
app: answers recorded in the app showed nowhere in `voicecoach history` otherwise."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from support.analyses import silent_analysis

from voicecoach.cli import main
from voicecoach.practice.services import load_setup
from voicecoach.store import Store


@pytest.fixture
def configured_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config.toml in the platform's config dir whose ``home`` holds one attempt."""
    monkeypatch.delenv("VOICECOACH_HOME", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "platform-data"))
    (tmp_path / "config" / "voicecoach").mkdir(parents=True)
    data = tmp_path / "answers"
    (tmp_path / "config" / "voicecoach" / "config.toml").write_text(f'home = "{data}"\n')
    audio = tmp_path / "a.wav"
    sf.write(audio, np.zeros(1600, dtype=np.float32), 16000)
    Store(data).save(silent_analysis(), audio, "intro")
    return data


def test_history_reads_the_home_the_app_uses(
    configured_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app_setup = load_setup(argparse.Namespace())
    assert Path(app_setup.config.home or "") == configured_home
    assert main(["history", "--json"]) == 0
    assert [r["question"] for r in json.loads(capsys.readouterr().out)] == ["intro"]
    assert main(["delete", "1", "--yes"]) == 0
    assert "Deleted attempt 1." in capsys.readouterr().out


def test_home_on_the_command_line_beats_the_config_file(
    configured_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other"
    assert main(["history", "--json", "--home", str(other)]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_a_broken_config_is_a_warning_for_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("VOICECOACH_HOME", raising=False)
    bad = tmp_path / "bad.toml"
    bad.write_text("home = [\n")
    assert main(["history", "--json", "--config", str(bad), "--home", str(tmp_path / "d")]) == 0
    assert json.loads(capsys.readouterr().out) == []
