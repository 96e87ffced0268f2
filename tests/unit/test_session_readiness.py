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
