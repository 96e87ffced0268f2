"""`voicecoach questions add|list|remove` (issue 22), through the real argument parser; errors are
one line and exit code 2, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from voicecoach.cli import main
from voicecoach.questions import load_bank


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("VOICECOACH_HOME", str(home))
    return home


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["questions", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_add_list_remove(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "add",
        "--title",
        "Why this company?",
        "--prompt",
        "Why do you want to work with us?",
        "--target",
        "45-90",
        "--point",
        "Their product: product, customers",
        "--point",
        "My fit: experience, skills",
    )
    assert code == 0
    assert out.startswith("Added 'why-this-company' (Why this company?, 45-90 s, 2 talking points)")
    assert str(home / "my-questions.toml") in out
    question = load_bank((), home / "my-questions.toml").get("why-this-company")
    assert question is not None and question.prompt == "Why do you want to work with us?"

    code, out, _ = run(capsys, "list")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == ["id", "title", "target", "source"]
    intro = next(line for line in lines if line.startswith("intro "))
    assert intro.endswith("built-in") and "Tell me about yourself" in intro
    mine = next(line for line in lines if line.startswith("why-this-company "))
    assert mine.split()[-3:] == ["45-90", "s", "yours"]

    code, out, _ = run(capsys, "list", "--json")
    rows = json.loads(out)
    assert rows[-1] == {
        "id": "why-this-company",
        "title": "Why this company?",
        "target": "45-90 s",
        "source": "yours",
    }

    code, out, _ = run(capsys, "remove", "why-this-company")
    assert code == 0
    assert "Removed 'why-this-company' (Why this company?)" in out
    assert "past attempts stay in your history" in out
    assert load_bank((), home / "my-questions.toml").get("why-this-company") is None
    code, out, _ = run(capsys, "list")
    assert "No questions of your own yet" in out


def test_the_same_title_twice_gets_a_second_id(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "add", "--title", "Salary")[0] == 0
    code, out, _ = run(capsys, "add", "--title", "Salary", "--target", "20-40")
    assert code == 0 and out.startswith("Added 'salary-2' (Salary, 20-40 s)")


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (
            ["remove", "intro"],
            "'intro' is a built-in question: only your own questions can be removed",
        ),
        (["remove", "nope"], "no question 'nope'; `voicecoach questions list` shows the ids"),
        (["add", "--title", "X", "--target", "ninety"], "target 'ninety' should be two numbers"),
        (["add", "--title", "X", "--point", "Impact"], "talking point 'Impact' should be a point"),
        (["add", "--title", " "], "a question needs a title"),
    ],
)
def test_errors_are_one_line(
    home: Path, capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.startswith(f"voicecoach: {said}")
    assert err.count("\n") == 1
    assert not (home / "my-questions.toml").exists()


def test_a_malformed_file_is_named_and_left_alone(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home.mkdir()
    broken = "[[question]\n"
    (home / "my-questions.toml").write_text(broken, encoding="utf-8")
    code, out, err = run(capsys, "list")
    assert code == 0 and "intro" in out  # the others are still listed
    assert "warning" in err and "my-questions.toml" in err
    code, _, err = run(capsys, "add", "--title", "New")
    assert code == 2
    assert err.strip().endswith("fix or move the file, then try again")
    assert (home / "my-questions.toml").read_text(encoding="utf-8") == broken


def test_as_a_process_without_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "VOICECOACH_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "voicecoach", "questions", "remove", "intro"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip() == (
        "voicecoach: 'intro' is a built-in question: only your own questions can be removed"
    )
