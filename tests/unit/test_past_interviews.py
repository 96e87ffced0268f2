"""Past mock interview reports read back from their folder (``practice.past_interviews``)."""

from __future__ import annotations

from pathlib import Path

from voicecoach.practice.past_interviews import past_reports, read_report


def test_reports_newest_first_with_their_counts(tmp_path: Path) -> None:
    folder = tmp_path / "interviews"
    folder.mkdir()
    (folder / "interview-20261201-090000.md").write_text("# R\n\nx · 9 of 9 questions answered.\n")
    (folder / "interview-20261201-090000.html").write_text("<html></html>")
    (folder / "interview-20261203-101500.md").write_text("# R\n\nnothing to count\n")
    (folder / "notes.md").write_text("not a report")
    (folder / "intro.wav").write_bytes(b"RIFF")
    newest, oldest = past_reports(folder)
    assert newest.path.name == "interview-20261203-101500.md" and newest.html is None
    assert newest.when == "2026-12-03 10:15" and newest.answered_text == "?"
    assert (oldest.answered, oldest.asked) == (9, 9) and oldest.answered_text == "9 of 9"
    assert oldest.paths_line == f"{oldest.path} (and {oldest.path.with_suffix('.html')})"
    assert read_report(oldest.path).startswith("# R")


def test_no_folder_no_reports(tmp_path: Path) -> None:
    assert past_reports(tmp_path / "interviews") == []
