"""Typed messages that thread workers post back to the UI (the only way they touch it)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from voicecoach.datatypes import Analysis


class ModelReady(Message):
    """The transcriber has loaded; answers can be transcribed without waiting."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


class VoiceStatus(Message):
    """Whether questions can be read aloud on this machine (an audio output and a voice)."""

    def __init__(self, available: bool) -> None:
        super().__init__()
        self.available = available


class RecordingStarted(Message):
    """The microphone is open and the answer is streaming to ``path``.

    ``live`` is the transcriber working during the recording (``voicecoach.practice.live``), or None
    when the answer is transcribed after the stop.
    """

    def __init__(self, recorder: Any, path: Path, live: Any = None) -> None:
        super().__init__()
        self.recorder = recorder
        self.path = path
        self.live = live


class Transcribing(Message):
    """The recording is closed; transcription has started (or waits for the model)."""

    def __init__(self, path: Path, waiting_for_model: bool) -> None:
        super().__init__()
        self.path = path
        self.waiting_for_model = waiting_for_model


class TranscribeProgress(Message):
    """Fraction of the answer transcribed, 0..1, from the transcriber's progress callback."""

    def __init__(self, fraction: float) -> None:
        super().__init__()
        self.fraction = fraction


class AnalysisReady(Message):
    """The answer is analysed (and saved, when a store exists)."""

    def __init__(
        self, analysis: Analysis, audio_path: Path, attempt: Any = None, save_error: str = ""
    ) -> None:
        super().__init__()
        self.analysis = analysis
        self.audio_path = audio_path
        self.attempt = attempt
        self.save_error = save_error


class LastResults(Message):
    """One-line summaries of each question's last attempt, keyed by question id."""

    def __init__(self, summaries: dict[str, str]) -> None:
        super().__init__()
        self.summaries = summaries


class CheckRequested(Message):
    """A live report was shown: check it against a transcription of the whole recording.

    Posted to the App by the analysing thread (a worker can only be started on the UI thread).
    """

    def __init__(self, check: Any, path: Path, question: Any, attempt: Any = None) -> None:
        super().__init__()
        self.check = check
        self.path = path
        self.question = question
        self.attempt = attempt


class AnalysisChecked(Message):
    """The check of a live report ended; ``check`` (``voicecoach.ui.app.AnswerCheck``) holds
    the checked analysis and the line to show, or no analysis when it failed or was stopped."""

    def __init__(self, check: Any) -> None:
        super().__init__()
        self.check = check
