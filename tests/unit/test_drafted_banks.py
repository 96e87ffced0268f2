"""Banks drafted from the user's text take part without a line in config.toml (issue 23): every
``drafted-*.toml`` beside config.toml is read at start, as my-questions.toml is; a malformed one
is named in one line and skipped. The core function the app's `j` calls drafts and saves one
there, never over an existing file. No model, no UI."""

from __future__ import annotations

from pathlib import Path

import pytest

from voicecoach.cli import main
from voicecoach.errors import VoicecoachError
from voicecoach.questions import load_bank
from voicecoach.questions.drafted import draft_beside_config

JOB = (
    Path(__file__).resolve().parents[2] / "samples" / "texts" / "tuning" / "backend-payments-jd.md"
)


def test_a_drafted_bank_beside_config_is_read_at_start(tmp_path: Path) -> None:
    own = tmp_path / "my-questions.toml"
    before = load_bank([], own)
    path, drafted = draft_beside_config([JOB], tmp_path)
    assert path == tmp_path / "drafted-backend-payments-jd.toml" and path.is_file()
    bank = load_bank([], own)
    new = [q for q in bank.questions if q.source == str(path)]
    assert len(new) == drafted.questions == len(bank.questions) - len(before.questions)
    assert bank.get("backend-payments-jd-why-postgresql") is not None
    assert not bank.errors


def test_drafting_again_keeps_the_user_s_edits(tmp_path: Path) -> None:
    path, _ = draft_beside_config([JOB], tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("Why PostgreSQL?", "Why Postgres?"))
    with pytest.raises(VoicecoachError, match="exists: its questions are in the list already"):
        draft_beside_config([JOB], tmp_path)
    assert "Why Postgres?" in path.read_text(encoding="utf-8")


def test_nothing_to_ask_about_is_one_line_and_no_file(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Remember to buy milk and call grandma on Sunday.\n")
    with pytest.raises(VoicecoachError, match="names no technology"):
        draft_beside_config([note], tmp_path / "config")
    with pytest.raises(VoicecoachError, match="no such file"):
        draft_beside_config([tmp_path / "nope.md"], tmp_path / "config")
    assert not (tmp_path / "config").exists()


def test_a_malformed_drafted_bank_is_named_and_skipped(tmp_path: Path) -> None:
    (tmp_path / "drafted-broken.toml").write_text("[[question]]\nid = 'x'\n")
    bank = load_bank([], tmp_path / "my-questions.toml")
    assert len(bank.errors) == 1 and "drafted-broken.toml" in bank.errors[0]
    assert bank.get("intro") is not None


def test_questions_list_names_the_drafted_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["questions", "from", str(JOB), "--home", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["questions", "list", "--home", str(tmp_path)]) == 0
    listed = capsys.readouterr().out
    assert "backend-payments-jd-why-postgresql" in listed
    assert "drafted-backend-payments-jd.toml" in listed
