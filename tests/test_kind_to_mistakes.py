"""Mistakes a first-time user makes, met as they would meet them: each gets one line naming the
problem and what to do, nothing recorded is lost, and no traceback reaches the user."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_cli_analyze import SAMPLES, assert_one_line_error

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "models" / "tiny.en"
HAS_MODEL = (TINY / "model.bin").exists()
GREETING = SAMPLES / "greeting-same.flac"


def vc(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The CLI in a fresh process, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "voicecoach", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


# --- a damaged model directory -----------------------------------------------------------------


def damaged_model(directory: Path, how: str) -> Path:
    """A copy of tiny.en broken the way a failed download or a full disk breaks it."""
    directory.mkdir(parents=True)
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        shutil.copyfile(TINY / name, directory / name)
    with (TINY / "model.bin").open("rb") as fh:
        head = fh.read(3000)
    if how == "truncated model.bin":
        (directory / "model.bin").write_bytes(head)
    else:  # "no vocabulary": model.bin complete in name only, the vocabulary missing
        os.symlink(TINY / "model.bin", directory / "model.bin")
        (directory / "vocabulary.txt").unlink()
    return directory


@pytest.mark.skipif(not HAS_MODEL, reason="the tiny.en model is not installed")
@pytest.mark.parametrize("how", ["truncated model.bin", "no vocabulary"])
def test_a_damaged_model_directory_is_one_line_naming_the_fix(tmp_path: Path, how: str) -> None:
    model = damaged_model(tmp_path / "my-model", how)
    done = vc("analyze", str(GREETING), "--model", str(model), "--json")
    assert_one_line_error(done, str(model), "damaged or incomplete", "--model")
    assert done.stdout == ""


@pytest.mark.skipif(not HAS_MODEL, reason="the tiny.en model is not installed")
def test_a_damaged_installed_model_names_the_install_command(tmp_path: Path) -> None:
    damaged_model(tmp_path / "models" / "tiny.en", "truncated model.bin")
    done = vc("analyze", str(GREETING), env={"VOICECOACH_MODELS": str(tmp_path / "models")})
    assert_one_line_error(done, "damaged or incomplete", "`make models`")
