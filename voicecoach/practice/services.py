"""What the practice session talks to outside itself, as injectable services: the transcriber,
the microphone, the question voice, the attempts store, the analysis and the player.

Why here and not in the UI: the session (``voicecoach.practice.session``) and its tests use
them without Textual; the App only receives them. Each real service is imported lazily (its
factory runs in a worker), so the first screen appears before faster-whisper, sounddevice or
piper are loaded. ``AttemptsStore`` is the whole of what the workflow needs from the store, so
it calls the store's methods instead of probing for them.
"""

from __future__ import annotations

import builtins
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from voicecoach.config import Config
from voicecoach.errors import VoicecoachError
from voicecoach.questions import Bank, Question

if TYPE_CHECKING:
    # Not imported at start-up: the first screen needs none of these dataclasses.
    from voicecoach.audio.markers import PendingRecording
    from voicecoach.datatypes import Analysis, Delivery
    from voicecoach.store import Attempt

ProgressFn = Callable[[float], None]
AnalyseFn = Callable[[Path, Any, "Question | None", Config, ProgressFn], "Analysis"]
# (audio, its report, settings, stopped) -> the delivery part, or None and why not; never raises.
DeliveryFn = Callable[[Path, "Analysis", Config, Callable[[], bool]], "tuple[Delivery | None, str]"]


class RecorderLike(Protocol):
    """What the session and the practice screen need from ``voicecoach.audio.capture.Recorder``."""

    path: Path
    level: float
    elapsed_s: float
    recording: bool
    error: str | None

    def start(self) -> None: ...
    def stop(self) -> Path: ...


class LiveLike(Protocol):
    """What the session needs from ``voicecoach.practice.live.LiveTranscriber`` (fed by the
    recorder)."""

    def feed(self, block: Any) -> None: ...
    def start(self) -> Any: ...
    def close(self) -> None: ...
    def analyse(
        self, question: Question | None, config: Config, progress: ProgressFn
    ) -> Analysis: ...


class LevelCheckLike(Protocol):
    """What the microphone check screen needs from ``voicecoach.audio.level_check.LevelCheck``."""

    device_name: str

    def start(self) -> None: ...
    def poll(self) -> Any: ...
    def stop(self) -> None: ...


class VoiceLike(Protocol):
    """What the app needs from ``voicecoach.audio.question_voice.QuestionVoice``."""

    def available(self) -> bool: ...
    def speak(self, text: str) -> None: ...
    def stop(self) -> None: ...


@runtime_checkable
class AttemptsStore(Protocol):
    """What the answer's life uses of ``voicecoach.store.Store``: recordings in progress and
    their markers, saving, the check's rewrites, and the latest attempts. A store may be
    missing altogether (``Services.store`` None: the database could not be opened), never
    half there."""

    root: Path
    recovered_message: str | None  # a damaged database was moved aside: where to

    def new_recording_path(self, question_id: str | None) -> Path: ...
    def finish_recording(
        self, path: str | os.PathLike[str], delete_audio: bool = False
    ) -> None: ...
    def pending_recordings(self) -> builtins.list[PendingRecording]: ...
    def unfinished_recording(self, path: str | os.PathLike[str]) -> PendingRecording | None: ...
    def save(
        self,
        analysis: Analysis,
        audio_path: str | os.PathLike[str] | None,
        question_id: str | None = None,
        created_at: str | None = None,
        checked: bool = True,
        parent_id: int | None = None,
    ) -> Attempt: ...
    def replace_analysis(self, attempt_id: int, analysis: Analysis) -> Attempt: ...
    def mark_checked(self, attempt_id: int) -> None: ...
    def set_delivery(self, attempt_id: int, delivery: Delivery) -> Attempt: ...
    def unchecked(self) -> builtins.list[Attempt]: ...
    def list(self, question_id: str | None = None) -> builtins.list[Attempt]: ...
    def latest_attempts(self, question_ids: Iterable[str]) -> dict[str, Attempt]: ...
    def latest(self, question_id: str | None = None) -> Attempt | None: ...


class NullVoice:
    """No text-to-speech on this install: questions are shown as text only."""

    def available(self) -> bool:
        return False

    def speak(self, text: str) -> None:
        """Nothing to say with."""

    def stop(self) -> None:
        """Nothing to stop."""


class LazyVoice:
    """``voicecoach.audio.question_voice.QuestionVoice``, built on first use in a worker (piper
    is heavy)."""

    def __init__(self) -> None:
        self._voice: VoiceLike | None = None

    def _get(self) -> VoiceLike:
        if self._voice is None:
            try:
                from voicecoach.audio.question_voice import QuestionVoice
            except ModuleNotFoundError as exc:
                if not (exc.name or "").startswith("voicecoach"):
                    raise
                self._voice = NullVoice()
            else:
                self._voice = QuestionVoice()
        return self._voice

    def available(self) -> bool:
        return bool(self._get().available())

    def speak(self, text: str) -> None:
        self._get().speak(text)

    def stop(self) -> None:
        if self._voice is not None:
            self._voice.stop()


def default_analyse(
    path: Path, transcriber: Any, question: Question | None, config: Config, progress: ProgressFn
) -> Analysis:
    """The real pipeline, imported in the worker (it pulls in numpy and the analysis)."""
    from voicecoach.practice.pipeline import analyze_file

    return analyze_file(path, transcriber, question, config, progress)


def default_measure_delivery(
    path: Path, analysis: Analysis, config: Config, stopped: Callable[[], bool]
) -> tuple[Delivery | None, str]:
    """The real delivery measure of a saved answer, in its worker process."""
    from voicecoach.practice.pipeline import measure_delivery_file

    return measure_delivery_file(path, analysis, config, stopped)


def default_warm_up(delivery: bool = True) -> None:
    """Load the analysis's heavy parts (the VAD model: about a second on first use; with
    ``delivery``, the delivery worker process, which loads librosa's compiled code in 2-3 s on
    its own) before the first answer ends, so its feedback is not late. Best effort: a failure
    here only costs time. Without ``delivery`` (the setting off) no worker is started: it
    would load librosa in a process of its own for nothing."""
    _warm_analysis()
    if delivery:
        from voicecoach.practice.delivery_process import warm_worker

        warm_worker()  # in its own process, not waited for


def _warm_analysis() -> None:
    import numpy as np

    from voicecoach.analysis import analyze
    from voicecoach.datatypes import Transcript

    noise = (np.random.default_rng(0).standard_normal(16_000) * 0.05).astype(np.float32)
    analyze(noise, Transcript([], "warm-up"))
    try:
        from voicecoach.analysis.acoustic import stretch_features
    except ImportError:
        return
    stretch_features(noise, 0.1, 0.9)


@dataclass
class Services:
    """Everything the session talks to outside itself; tests pass fakes for each."""

    transcriber_factory: Callable[[], Any]
    recorder_factory: Callable[[Path], RecorderLike]
    voice: VoiceLike
    store: AttemptsStore | None = None
    analyse: AnalyseFn = default_analyse
    player_factory: Callable[[Path], Any] | None = None
    recordings_dir: Path | None = None
    warm_up: Callable[[], None] | None = None
    # Builds a transcriber that works while the answer is recorded (from the loaded model), so
    # the report is ready at the stop; None: transcribe after the stop (``analyse``).
    live_factory: Callable[[Any], LiveLike] | None = None
    # Why there is no store, when it could not be opened (for `h`): one line.
    store_error: str | None = None
    # Measures how a saved answer sounded after its report is shown (the report never waits
    # for it); None: no delivery part follows (the fakes of most tests).
    measure_delivery: DeliveryFn | None = None
    # Builds the microphone check (level meter, "say a few words"); None: no check here.
    level_check_factory: Callable[[], LevelCheckLike] | None = None


def default_services(
    config: Config, model: str, device: str | int | None, notices: list[str]
) -> Services:
    """The real transcriber, microphone, voice, store and player, each imported lazily."""
    from voicecoach.paths import data_dir

    def transcriber_factory() -> Any:
        from voicecoach.transcription.model_files import resolve_model
        from voicecoach.transcription.whisper import WhisperTranscriber

        return WhisperTranscriber(resolve_model(model))

    def recorder_factory(path: Path) -> RecorderLike:
        try:
            from voicecoach.audio.capture import Recorder
        except ModuleNotFoundError as exc:
            if (exc.name or "").startswith("voicecoach"):
                raise VoicecoachError("recording is not available in this install yet") from exc
            raise
        return Recorder(path, device=device)

    def player_factory(path: Path) -> Any:
        from voicecoach.audio.playback import Player, output_available

        if not output_available():
            raise VoicecoachError("no audio output device: cannot play the answer here")
        return Player(path)

    home = data_dir(config.home)
    store = None
    store_error = None
    try:
        from voicecoach.store import Store
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("voicecoach"):
            raise
    else:
        try:
            store = Store(config.home)
        except VoicecoachError as exc:
            store_error = str(exc)
            from voicecoach.paths import unwritable_reason
            from voicecoach.private_files import disk_full

            unusable = unwritable_reason(home / "recordings")
            if unusable is not None:  # "kept" would be a promise the next space breaks
                notices.append(f"{exc}; answers cannot be recorded: {unusable}")
            elif disk_full(home):
                # The store already says "the disk is full; free some space ... (answers already
                # recorded are kept)"; a second promise that new answers are kept is not true:
                # a recording cannot start on a full disk.
                notices.append(str(exc))
            else:
                notices.append(
                    f"{exc} (answers are kept and offered at the next start, once the history "
                    "opens)"
                )

    def level_check_factory() -> LevelCheckLike:
        from voicecoach.audio.level_check import LevelCheck

        return LevelCheck(device)

    def live_factory(transcriber: Any) -> LiveLike:
        from voicecoach.practice.live import LiveTranscriber

        return LiveTranscriber(transcriber)

    return Services(
        transcriber_factory=transcriber_factory,
        recorder_factory=recorder_factory,
        voice=LazyVoice(),
        store=store,
        player_factory=player_factory,
        recordings_dir=home / "recordings",
        warm_up=lambda: default_warm_up(config.delivery),
        live_factory=live_factory,
        store_error=store_error,
        measure_delivery=default_measure_delivery,
        level_check_factory=level_check_factory,
    )


@dataclass
class Setup:
    """What the command line and the config file ask for, read before any service is built."""

    config: Config
    bank: Bank
    model: str
    device: str | int | None
    notices: list[str] = field(default_factory=list)  # one line each, shown on the first screen


def load_setup(args: Any) -> Setup:
    """Config (defaults plus a notice if the file is malformed), the options that override it,
    and the question bank (a bank file that cannot be read is a notice, not a failure)."""
    from voicecoach.errors import ConfigError
    from voicecoach.paths import own_questions_file
    from voicecoach.questions import load_bank

    home = getattr(args, "home", None)
    config_path = getattr(args, "config", None)
    notices: list[str] = []
    try:
        config = Config.load(Path(config_path) if config_path else None, home=home)
    except ConfigError as exc:
        config = Config(home=home)
        notices.append(f"{exc} (using default settings)")
    if getattr(args, "no_voice", False):
        config.speak_questions = False
    if getattr(args, "no_mic_check", False):
        config.mic_check = False
    model = getattr(args, "model", None) or config.model
    device = getattr(args, "device", None)
    if device is None:
        device = config.device
    elif isinstance(device, str) and device.isdigit():
        device = int(device)
    # The option overrides the file's device for every reader: the microphone check named "the
    # default input" for `--device nosuchmic` (it read the config).
    config.device = device
    bank = load_bank(config.question_banks, own_questions_file(home))
    notices.extend(bank.errors)
    return Setup(config, bank, model, device, notices)
