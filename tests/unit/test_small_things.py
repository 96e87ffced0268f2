"""Small things a job seeker tripped over (issue 22): `interview --from-files` passing over a
file without a word, `--question Intro` refused, a file where the recordings' folder should be
blamed on the permissions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from voicecoach import cli
from voicecoach.audio.markers import new_recording
from voicecoach.commands import analyze
from voicecoach.errors import StoreError, VoicecoachError
from voicecoach.questions import load_bank


class Reached(Exception):
    """The command got as far as loading the model: its arguments were all accepted."""


def no_model(_cfg: object) -> object:
    raise Reached


def wav(path: Path) -> Path:
    sf.write(path, np.zeros(1600, dtype=np.float32), 16000)
    return path


def test_interview_from_files_names_the_files_it_ignores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "answers"
    answers.mkdir()
    wav(answers / "intro.wav")
    wav(answers / "about_me.wav")
    (answers / "notes.txt").write_text("x", encoding="utf-8")
    monkeypatch.setattr(analyze, "make_transcriber", no_model)
    args = cli.parse_args(
        ["--home", str(tmp_path / "home"), "interview", "--from-files", str(answers),
         "--out", str(tmp_path / "report.md")]
    )  # fmt: skip
    with pytest.raises(Reached):
        args.func(args)
    err = capsys.readouterr().err
    assert "ignored about_me.wav, notes.txt" in err
    assert "intro" in err  # the ids it would have read


def test_interview_from_files_with_no_answer_names_what_it_ignored(tmp_path: Path) -> None:
    answers = tmp_path / "answers"
    answers.mkdir()
    wav(answers / "about_me.wav")
    args = cli.parse_args(
        ["--home", str(tmp_path / "home"), "interview", "--from-files", str(answers)]
    )
    with pytest.raises(VoicecoachError, match="ignored: about_me.wav"):
        args.func(args)


def test_question_ids_are_accepted_whatever_their_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(analyze, "make_transcriber", no_model)
    answer = wav(tmp_path / "a.wav")
    home = ["--home", str(tmp_path / "home")]
    args = cli.parse_args([*home, "analyze", str(answer), "--question", "Intro"])
    with pytest.raises(Reached):
        args.func(args)
    args = cli.parse_args([*home, "interview", "--questions", "Intro,CELERY-why"])
    args.from_files = tmp_path  # a.wav is no answer: the ids were accepted, the files not
    with pytest.raises(VoicecoachError, match="no answer files"):
        args.func(args)
    args = cli.parse_args([*home, "analyze", str(answer), "--question", "Introduction"])
    with pytest.raises(VoicecoachError, match="unknown question 'Introduction'; known: .*intro"):
        args.func(args)
    bank = load_bank()
    assert bank.find("Intro") is bank.get("intro")


def test_a_file_in_the_way_of_the_recordings_is_named_not_the_permissions(
    tmp_path: Path,
) -> None:
    recordings = tmp_path / "recordings"
    recordings.write_text("not a folder", encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        new_recording(recordings, "intro")
    message = str(caught.value)
    assert f"{recordings} is a file, not a directory" in message
    assert "permissions" not in message


def test_history_question_accepted_whatever_its_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from support.analyses import silent_analysis

    from voicecoach.store import Store

    home = tmp_path / "home"
    Store(home).save(silent_analysis(), wav(tmp_path / "a.wav"), "intro")
    args = cli.parse_args(["--home", str(home), "history", "--question", "Intro", "--json"])
    assert args.func(args) == 0
    assert '"question": "intro"' in capsys.readouterr().out
