"""Whether an answer can be taken now, and if not why (``PracticeSession.refusal``): decided
in the session, without Textual, so the UI only shows it."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.ui_fakes import FakeAnalyse, FakeRecorder, FakeTranscriber, FakeVoice

from voicecoach.config import Config
from voicecoach.errors import ModelMissingError
from voicecoach.practice.services import Services
from voicecoach.practice.session import PracticeSession
from voicecoach.questions import load_bank


def session(tmp_path: Path, factory: object, model: str = "tiny.en") -> PracticeSession:
    services = Services(
        transcriber_factory=factory,  # type: ignore[arg-type]
        recorder_factory=FakeRecorder,
        voice=FakeVoice(),
        analyse=FakeAnalyse(),
        recordings_dir=tmp_path / "recordings",
    )
    return PracticeSession(Config(home=str(tmp_path)), load_bank(), services, model_name=model)


def test_a_loaded_or_loading_model_refuses_nothing(tmp_path: Path) -> None:
    s = session(tmp_path, FakeTranscriber)
    assert s.refusal() is None  # still loading: the answer waits for it
    s.load_model()
    assert s.refusal() is None


def test_a_model_that_failed_names_the_command_for_its_name(tmp_path: Path) -> None:
    s = session(tmp_path, lambda: FakeTranscriber(fail=True), model="base")
    with pytest.raises(RuntimeError):
        s.load_model()
    said = s.refusal()
    assert said is not None
    assert "model file is corrupt" in said and "`make models MODEL=base`" in said


def test_an_error_that_names_its_fix_is_not_given_a_second_one(tmp_path: Path) -> None:
    def missing() -> object:
        raise ModelMissingError("model 'tiny.en' is not installed: run `make models`")

    s = session(tmp_path, missing)
    with pytest.raises(ModelMissingError):
        s.load_model()
    said = s.refusal() or ""
    assert said.count("make models") == 1 and "not installed" in said


def test_a_data_directory_that_is_a_file_is_said_to_be_one(tmp_path: Path) -> None:
    from voicecoach.paths import unwritable_reason

    home = tmp_path / "data"
    assert unwritable_reason(home / "recordings") is None  # made on demand
    home.write_text("x", encoding="utf-8")
    assert unwritable_reason(home / "recordings") == f"{home} is a file, not a directory"
    assert unwritable_reason(home) == f"{home} is a file, not a directory"


def test_a_recording_under_a_file_says_is_a_file_not_check_the_permissions(
    tmp_path: Path,
) -> None:
    from voicecoach.audio.markers import new_recording
    from voicecoach.errors import StoreError

    home = tmp_path / "data"
    home.write_text("x", encoding="utf-8")
    with pytest.raises(StoreError) as raised:
        new_recording(home / "recordings", "intro")
    said = str(raised.value)
    assert f"{home} is a file" in said and "permissions" not in said


def test_the_start_does_not_promise_answers_kept_where_none_can_be_written(
    tmp_path: Path,
) -> None:
    from voicecoach.practice.services import default_services

    home = tmp_path / "data"
    home.write_text("x", encoding="utf-8")
    notices: list[str] = []
    services = default_services(Config(home=str(home)), "tiny.en", None, notices)
    assert services.store is None
    said = " ".join(notices)
    assert "cannot be recorded" in said and "is a file" in said and "kept" not in said
    s = PracticeSession(Config(home=str(home)), load_bank(), services)
    refused = s.refusal() or ""
    assert str(home / "recordings") in refused and "is a file" in refused
