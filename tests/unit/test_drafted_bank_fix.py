"""A drafted bank that cannot be read is named with what to do about it: the line named the
file and the problem ("Illegal character... (at line 3, column 11)") and nothing more (QA)."""

from __future__ import annotations

from pathlib import Path

from voicecoach.questions import load_bank


def test_a_broken_drafted_bank_says_what_to_do(tmp_path: Path) -> None:
    broken = tmp_path / "drafted-job.toml"
    broken.write_text('[[question]]\nid = "x"\ntitle = "X\n', encoding="utf-8")
    bank = load_bank([], tmp_path / "my-questions.toml")
    [error] = bank.errors
    assert error.startswith(f"{broken}: ")
    assert "(at line 3, column " in error  # where
    assert "its questions are left out: correct it there, or delete the file" in error
    assert "`voicecoach questions from YOUR-TEXT` drafts it again" in error
    assert "\n" not in error  # one line


def test_a_bank_named_in_the_config_is_not_told_to_be_drafted_again(tmp_path: Path) -> None:
    other = tmp_path / "mine.toml"
    other.write_text("[[question]]\nid = 'x'\n", encoding="utf-8")
    bank = load_bank([str(other)], tmp_path / "my-questions.toml")
    [error] = bank.errors
    assert error.startswith(str(other)) and "drafts it again" not in error
