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
