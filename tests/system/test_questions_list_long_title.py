"""`voicecoach questions list` with a very long title of the user's own.

Found by QA: one 600-character title padded every row of the table, built-in ones too, to
about 650 columns, so each row wrapped over several lines of an 80-column terminal.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from voicecoach.cli import main

LONG_TITLE = " ".join(["Describe a time you led a team through a hard deadline"] * 10)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("VOICECOACH_HOME", str(home))
    return home


def test_the_table_stays_narrow_and_json_keeps_the_whole_title(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["questions", "add", "--title", LONG_TITLE]) == 0
    capsys.readouterr()
    assert main(["questions", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 120, max(lines, key=len)
    own = next(line for line in lines if line.endswith("yours"))
    assert "Describe a time you led a team" in own and "…" in own, own
    intro = next(line for line in lines if line.startswith("intro "))
    assert "Tell me about yourself" in intro  # a built-in title is whole

    assert main(["questions", "list", "--json"]) == 0
    titles = [row["title"] for row in json.loads(capsys.readouterr().out)]
    assert LONG_TITLE in titles


def test_drafted_questions_are_not_followed_by_no_questions_of_your_own(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by QA: `questions from job.md` then `questions list` listed the seven drafted
    questions and ended with "No questions of your own yet"."""
    job = tmp_path / "job.md"
    job.write_text("Python developer. We use Django, PostgreSQL and Celery.\n", encoding="utf-8")
    assert main(["questions", "from", str(job)]) == 0
    capsys.readouterr()
    assert main(["questions", "list"]) == 0
    out = capsys.readouterr().out
    assert "drafted-job.toml" in out, out
    assert "No questions of your own yet" not in out, out


def test_with_only_built_in_questions_the_hint_is_still_shown(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["questions", "list"]) == 0
    assert "No questions of your own yet" in capsys.readouterr().out
