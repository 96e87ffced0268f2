"""Fakes for the UI tests: a transcriber, an analysis, a microphone, a voice, a store, a player.

Fixed data, so Pilot tests and snapshots are deterministic and need no model or sound card.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from voicecoach.audio.markers import PendingRecording
from voicecoach.config import Config
from voicecoach.datatypes import (
    AnalysedWord,
    Analysis,
    Delivery,
    Filler,
    Pause,
    Transcript,
    Verdict,
    Word,
)
from voicecoach.errors import DeviceError
from voicecoach.private_files import utc_now
from voicecoach.questions import Bank, load_bank
from voicecoach.ui.app import Services, VoiceCoachApp


def sample_analysis(question_id: str = "intro") -> Analysis:
    """A 72 s answer with two fillers, one long and one very long pause, mixed verdicts."""
    words = [
        AnalysedWord("Hi,", 0.5, 0.8, False),
        AnalysedWord("I'm", 0.9, 1.1, False),
        AnalysedWord("Bhargav,", 1.1, 1.6, False),
        AnalysedWord("um,", 1.8, 2.2, True, "hesitation"),
        AnalysedWord("a", 4.6, 4.7, False),
        AnalysedWord("Python", 4.7, 5.1, False),
        AnalysedWord("backend", 5.1, 5.6, False),
        AnalysedWord("developer.", 5.6, 6.2, False),
        AnalysedWord("I", 7.5, 7.6, False),
        AnalysedWord("like", 7.6, 7.9, True, "discourse"),
        AnalysedWord("build", 7.9, 8.2, False),
        AnalysedWord("queues.", 8.2, 8.8, False),
    ]
    fillers = [
        Filler("um", 1.8, 2.2, "hesitation"),
        Filler("like", 7.6, 7.9, "discourse"),
    ]
    pauses = [Pause(2.2, 4.6), Pause(6.2, 7.5), Pause(8.8, 9.1)]
    verdicts = [
        Verdict("duration_s", 72.0, "60-90 s", True, "ok", "Duration"),
        Verdict("wpm", 178.0, "120-160 wpm", False, "over", "Pace"),
        Verdict("filler_rate_per_min", 1.71, "<= 2 per min", True, "ok", "Fillers"),
        Verdict("long_pauses_per_min", 2.57, "<= 2 per min", False, "over", "Long pauses"),
    ]
    return Analysis(
        duration_s=72.0,
        speech_span_s=70.0,
        wpm=178.0,
        articulation_wpm=190.0,
        words=words,
        fillers=fillers,
        pauses=pauses,
        verdicts=verdicts,
        model="fake-tiny",
        question_id=question_id,
        tips=["Slow down: breathe at each full stop.", "Replace 'um' with a silent pause."],
    )


class FakeTranscriber:
    """Stands in for WhisperTranscriber; ``load`` can be held back with a gate."""

    name = "fake-tiny"

    def __init__(self, load_gate: threading.Event | None = None, fail: bool = False) -> None:
        self.load_gate = load_gate
        self.fail = fail

    def load(self) -> None:
        if self.load_gate is not None:
            self.load_gate.wait(10)
        if self.fail:
            raise RuntimeError("model file is corrupt")

    def transcribe(self, samples: Any, progress: Any = None) -> Transcript:
        if progress:
            progress(1.0)
        return Transcript([Word("hello", 0.0, 0.5)], self.name)


@dataclass
class FakeAnalyse:
    """The pipeline: reports progress, optionally waits on a gate, then returns fixed data."""

    gate: threading.Event | None = None
    error: BaseException | None = None
    calls: list[Path] = field(default_factory=list)

    def __call__(
        self, path: Path, transcriber: Any, question: Any, config: Config, progress: Any
    ) -> Analysis:
        self.calls.append(Path(path))
        progress(0.5)
        if self.gate is not None:
            self.gate.wait(10)
        if self.error is not None:
            raise self.error
        progress(1.0)
        return sample_analysis(question.id if question else None)


class FakeRecorder:
    """A microphone whose elapsed time and level the test sets; writes a stub file on stop."""

    def __init__(self, path: Path, fail: str | None = None) -> None:
        self.path = Path(path)
        self.fail = fail
        self.level = 0.0
        # Long enough to be an answer: a take under 2 s is offered for discarding instead
        # (``voicecoach.practice.recordings.SHORT_TAKE_S``); tests of the clock set their own.
        self.elapsed_s = 5.0
        self.recording = False
        self.error: str | None = None
        self.stopped = False

    def start(self) -> None:
        if self.fail:
            raise DeviceError(self.fail)
        self.recording = True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_bytes(b"RIFF-fake-answer")

    def stop(self) -> Path:
        self.recording = False
        self.stopped = True
        return self.path


class FakeVoice:
    def __init__(self, available: bool = True) -> None:
        self._available = available
        self.spoken: list[str] = []
        self.stops = 0

    def available(self) -> bool:
        return self._available

    def speak(self, text: str) -> None:
        self.spoken.append(text)

    def stop(self) -> None:
        self.stops += 1


@dataclass
class FakeAttempt:
    question_id: str
    analysis: Analysis
    audio_path: Path
    created_at: float = 0.0
    checked: bool = True
    id: int | None = None


class FakeStore:
    """Every method of ``AttemptsStore`` (``voicecoach.practice.services``), with the store's
    behaviour in memory: recordings handed out stay unfinished (offered by
    ``unfinished_recording``) until finished; ``pending`` is what an earlier session left."""

    def __init__(self, root: Path, attempts: list[FakeAttempt] | None = None) -> None:
        self.root = root
        self.attempts = list(attempts or [])
        self.finished: list[Path] = []
        self.recovered_message: str | None = ""
        self.pending: list[PendingRecording] = []
        self.recordings: dict[Path, PendingRecording] = {}

    def new_recording_path(self, question_id: str | None) -> Path:
        """Like the real store: the file is created (empty) at once."""
        path = self.root / "recordings" / f"{question_id}-{len(self.attempts) + 1}.wav"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
        self.recordings[path] = PendingRecording(path, question_id, utc_now(), os.getpid(), 0)
        return path

    def finish_recording(self, path: str | os.PathLike[str], delete_audio: bool = False) -> None:
        self.finished.append(Path(path))
        self.recordings.pop(Path(path), None)
        self.pending = [p for p in self.pending if p.path != Path(path)]
        if delete_audio:
            Path(path).unlink(missing_ok=True)

    def pending_recordings(self) -> list[PendingRecording]:
        return [p for p in self.pending if p.path.is_file()]

    def unfinished_recording(self, path: str | os.PathLike[str]) -> PendingRecording | None:
        found = self.recordings.get(Path(path))
        return found if found is not None and found.path.is_file() else None

    def save(
        self,
        analysis: Analysis,
        audio_path: str | os.PathLike[str] | None,
        question_id: str | None = None,
        created_at: str | None = None,
        checked: bool = True,
    ) -> FakeAttempt:
        qid = question_id if question_id is not None else analysis.question_id
        number = len(self.attempts) + 1
        attempt = FakeAttempt(qid, analysis, Path(audio_path or ""), float(number), checked, number)
        self.attempts.append(attempt)
        return attempt

    def _find(self, attempt_id: int) -> FakeAttempt:
        return next(a for a in self.attempts if a.id == attempt_id)

    def replace_analysis(self, attempt_id: int, analysis: Analysis) -> FakeAttempt:
        attempt = self._find(attempt_id)
        attempt.analysis, attempt.checked = analysis, True
        return attempt

    def mark_checked(self, attempt_id: int) -> None:
        self._find(attempt_id).checked = True

    def set_delivery(self, attempt_id: int, delivery: Delivery) -> FakeAttempt:
        attempt = self._find(attempt_id)
        attempt.analysis = replace(attempt.analysis, delivery=delivery)
        return attempt

    def unchecked(self) -> list[FakeAttempt]:
        return sorted((a for a in self.attempts if not a.checked), key=lambda a: a.created_at)

    def list(self, question_id: str | None = None) -> list[FakeAttempt]:
        return [a for a in self.attempts if question_id in (None, a.question_id)]

    def latest_attempts(self, question_ids: Iterable[str]) -> dict[str, FakeAttempt]:
        found = {}
        for qid in question_ids:
            attempts = self.list(qid)
            if attempts:
                found[qid] = max(attempts, key=lambda a: a.created_at)
        return found

    def latest(self, question_id: str | None = None) -> FakeAttempt | None:
        attempts = self.list(question_id)
        return max(attempts, key=lambda a: a.created_at) if attempts else None


class FakePlayer:
    instances: list[FakePlayer] = []

    def __init__(self, path: Path) -> None:
        self.path = path
        self.playing = False
        self.finished = False
        self.position_s = 0.0
        self.duration_s = 72.0
        FakePlayer.instances.append(self)

    def pause(self) -> None:
        self.playing = False

    def resume(self) -> None:
        self.playing = True

    def play(self) -> None:
        self.playing = True

    def toggle(self) -> None:
        self.playing = not self.playing

    def seek(self, seconds: float) -> None:
        self.position_s = seconds

    def stop(self) -> None:
        self.playing = False


@dataclass
class Fakes:
    """Everything a test may want to inspect or steer after building the app."""

    voice: FakeVoice
    store: FakeStore | None
    analyse: FakeAnalyse
    recorders: list[FakeRecorder] = field(default_factory=list)
    mic_error: str | None = None

    @property
    def recorder(self) -> FakeRecorder:
        return self.recorders[-1]


def make_app(
    tmp_path: Path,
    *,
    bank: Bank | None = None,
    notices: list[str] | None = None,
    voice: FakeVoice | None = None,
    store: FakeStore | None | bool = True,
    analyse: FakeAnalyse | None = None,
    transcriber: FakeTranscriber | None = None,
    mic_error: str | None = None,
    speak: bool = True,
) -> tuple[VoiceCoachApp, Fakes]:
    """A VoiceCoachApp wired to fakes only."""
    the_store = FakeStore(tmp_path) if store is True else (store or None)
    fakes = Fakes(
        voice=voice or FakeVoice(),
        store=the_store,
        analyse=analyse or FakeAnalyse(),
        mic_error=mic_error,
    )

    def recorder_factory(path: Path) -> FakeRecorder:
        recorder = FakeRecorder(path, fail=fakes.mic_error)
        fakes.recorders.append(recorder)
        return recorder

    the_transcriber = transcriber or FakeTranscriber()
    services = Services(
        transcriber_factory=lambda: the_transcriber,
        recorder_factory=recorder_factory,
        voice=fakes.voice,
        store=the_store,
        analyse=fakes.analyse,
        player_factory=FakePlayer,
        recordings_dir=tmp_path / "recordings",
    )
    config = Config(home=str(tmp_path), speak_questions=speak)
    app = VoiceCoachApp(config, bank or load_bank(), services, notices=notices or [])
    return app, fakes


async def until(pilot: Any, condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Let the app run until ``condition`` holds (workers post their messages asynchronously)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("condition not reached in time")
        await pilot.pause(0.02)
    await pilot.pause()


def text_of(widget: Any) -> str:
    """What a Static shows, as plain text."""
    content = widget.content
    return getattr(content, "plain", str(content))


async def record_intro(app: VoiceCoachApp, pilot: Any) -> Any:
    """From the list, once the model is ready: open the intro question and start recording;
    the practice screen, recording."""
    from voicecoach.ui.practice import PracticeScreen

    await until(pilot, lambda: "ready" in app.model_state)
    await pilot.press("down", "enter")
    await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
    screen = app.screen
    await pilot.press("space")
    await until(pilot, lambda: getattr(screen, "state", "") == "recording")
    return screen
