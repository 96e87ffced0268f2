"""Typed messages that thread workers post to the screens and the App, and the App to the
screens (the only way they touch a screen). What a screen asks of the App is a message nested
on the screen's own class (``PracticeScreen.RecordRequested``...), handled in the App's
"screens' requests" section.

The types are the real ones, imported for type checking only: the first screen imports this
module, and ``voicecoach.datatypes`` costs start-up time it does not need (issue 6).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from voicecoach.audio.capture import Recorder
    from voicecoach.datatypes import Analysis, PersonalTarget
    from voicecoach.practice.checking import AnswerCheck
    from voicecoach.practice.live import LiveTranscriber
    from voicecoach.questions import Question
    from voicecoach.store import Attempt


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


class TakeDiscarded(Message):
    """The short take was discarded: nothing of it is kept."""


class RecordingStarted(Message):
    """The microphone is open and the answer is streaming to ``path``.

    ``live`` is the transcriber working during the recording (``voicecoach.practice.live``), or None
    when the answer is transcribed after the stop.
    """

    def __init__(self, recorder: Recorder, path: Path, live: LiveTranscriber | None = None) -> None:
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
        self,
        analysis: Analysis,
        audio_path: Path,
        attempt: Attempt | None = None,
        save_error: str = "",
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


class LastResultsStale(Message):
    """An answer was saved or checked while the question list waited below: read its "last
    result" column again."""


class RecoveredOffer(Message):
    """To the question list: the answers kept from an earlier session or left mid-answer, in one
    line (``line``) and in a few words for a short terminal (``short``); empty: none left."""

    def __init__(self, line: str, short: str = "") -> None:
        super().__init__()
        self.line = line
        self.short = short


class InterviewReportWritten(Message):
    """To the question list: a mock interview's report was written at ``path`` (Markdown; the
    HTML page beside it), to be shown whole until the next one."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class CheckRequested(Message):
    """A live report was shown: check it against a transcription of the whole recording.

    Posted to the App by the analysing thread (a worker can only be started on the UI thread).
    """

    def __init__(
        self,
        check: AnswerCheck,
        path: Path,
        question: Question,
        attempt: Attempt | None = None,
    ) -> None:
        super().__init__()
        self.check = check
        self.path = path
        self.question = question
        self.attempt = attempt


class AnalysisChecked(Message):
    """The check of a live report ended; ``check`` holds the checked analysis and the line to
    show, or no analysis when it failed or was stopped. Posted to the App."""

    def __init__(self, check: AnswerCheck) -> None:
        super().__init__()
        self.check = check


class CheckUpdated(Message):
    """To a results screen: the check of a live report moved on (``AnswerCheck``); the screen
    shows its line, and the checked report when it is its own answer's. A separate class from
    ``AnalysisChecked`` so that, bubbling up from the screen, it never reaches the App's
    handler of that one."""

    def __init__(self, check: AnswerCheck) -> None:
        super().__init__()
        self.check = check


class PersonalTargetsFound(Message):
    """To a results screen: the speaker's own targets, found from the history for ``analysis``
    (the screen ignores them once it shows another analysis, the checked one)."""

    def __init__(self, targets: list[PersonalTarget], analysis: Analysis) -> None:
        super().__init__()
        self.targets = targets
        self.analysis = analysis


class QuestionsChanged(Message):
    """The user's own questions were saved (added, edited or removed): the list shows
    ``questions`` again, ``selected`` (an id) under the cursor when it is still there."""

    def __init__(self, questions: list[Question], selected: str | None = None) -> None:
        super().__init__()
        self.questions = questions
        self.selected = selected
