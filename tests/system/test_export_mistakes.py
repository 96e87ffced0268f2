"""`voicecoach export` when the user mistypes or has one attempt: what they read must be true.

Found by QA in a real terminal: `export DIR --question intor` wrote an empty export and said
"Exported 0 attempts", where `history --question intor` names the known ids; and one attempt
was announced as "1 attempts (1 audio files)".
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from support.analyses import silent_analysis

from voicecoach.cli import main
from voicecoach.store import Store


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    audio = tmp_path / "a.wav"
    sf.write(audio, np.zeros(1600, dtype=np.float32), 16000)
    Store(home).save(silent_analysis(), audio, "intro", created_at="2026-01-01T09:00:00Z")
    return home


def test_a_mistyped_question_is_named_not_exported_empty(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "export"
    assert main(["export", str(out), "--question", "intor", "--home", str(home)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err  # one line
    assert "unknown question 'intor'" in err and "intro" in err, err
    assert not out.exists()  # no empty export that looks like a success


def test_a_question_id_in_the_wrong_case_exports_its_attempts(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "export"
    assert main(["export", str(out), "--question", "Intro", "--home", str(home)]) == 0
    assert "Exported 1 attempt (1 audio file) to" in capsys.readouterr().out


def test_counts_read_as_english(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(tmp_path / "one"), "--home", str(home)]) == 0
    assert "Exported 1 attempt (1 audio file) to" in capsys.readouterr().out
    assert main(["export", str(tmp_path / "none"), "--home", str(tmp_path / "empty")]) == 0
    assert "Exported 0 attempts (0 audio files) to" in capsys.readouterr().out
