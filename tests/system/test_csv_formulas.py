"""history --csv and export's attempts.csv open in a spreadsheet without running anything.

Found by QA: a question id edited by hand in my-questions.toml to "=1+1" (or a HYPERLINK
formula) reached the CSV as is, and a spreadsheet evaluates such a cell when the file opens.
"""

from __future__ import annotations

import csv
import io
import json
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
    store = Store(home)
    for i, qid in enumerate(["=1+1", "intro", "@SUM(A1)"]):
        audio = tmp_path / f"a{i}.wav"
        sf.write(audio, np.zeros(1600, dtype=np.float32), 16000)
        store.save(silent_analysis(), audio, qid, created_at=f"2026-01-0{i + 1}T09:00:00Z")
    return home


def test_history_csv_cells_are_never_formulas(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["history", "--csv", "--home", str(home)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["question"] for r in rows] == ["'@SUM(A1)", "intro", "'=1+1"]
    for row in rows:
        assert not any(v.startswith(("=", "+", "-", "@")) for v in row.values()), row


def test_export_csv_too_while_json_keeps_the_id(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "export"
    assert main(["export", str(out), "--home", str(home)]) == 0
    rows = list(csv.DictReader((out / "attempts.csv").open(encoding="utf-8")))
    assert "'=1+1" in [r["question"] for r in rows]
    records = json.loads((out / "attempts.json").read_text(encoding="utf-8"))
    assert "=1+1" in [r["question"] for r in records]
