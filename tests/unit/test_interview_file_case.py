"""`voicecoach interview --from-files DIR` finds an answer whatever the case of its name, as
question ids on the command line are (`--question Intro`): `Greeting.flac` (a name a file
manager capitalises, or a case-insensitive disk) was ignored as "not named <question-id>"."""

from __future__ import annotations

from pathlib import Path

from voicecoach.commands.interview import find_answer, ignored_files
from voicecoach.questions import load_bank


def test_an_answer_named_in_another_case_is_found(tmp_path: Path) -> None:
    (tmp_path / "Greeting.flac").write_bytes(b"x")
    (tmp_path / "INTRO.WAV").write_bytes(b"x")
    (tmp_path / "celery-why.Mp3").write_bytes(b"x")
    (tmp_path / "about_me.wav").write_bytes(b"x")
    assert find_answer(tmp_path, "greeting") == tmp_path / "Greeting.flac"
    assert find_answer(tmp_path, "intro") == tmp_path / "INTRO.WAV"
    assert find_answer(tmp_path, "celery-why") == tmp_path / "celery-why.Mp3"
    assert find_answer(tmp_path, "leader") is None
    bank = load_bank()
    assert ignored_files(tmp_path, [bank.get(q) for q in bank.ids]) == ["about_me.wav"]


def test_the_exact_name_is_still_found(tmp_path: Path) -> None:
    (tmp_path / "intro.wav").write_bytes(b"x")
    (tmp_path / "intro.notes").write_bytes(b"x")
    assert find_answer(tmp_path, "intro") == tmp_path / "intro.wav"
