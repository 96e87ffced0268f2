"""Recording an answer: where its file goes (and why it cannot), opening the microphone with a
live transcriber, closing a file and its marker, and a short take discarded."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from voicecoach.config import Config
from voicecoach.errors import describe_error
from voicecoach.practice.in_hand import AnswersInHand
from voicecoach.practice.services import LiveLike, RecorderLike, Services
from voicecoach.practice.speech_model import SpeechModel
from voicecoach.questions import Question

log = logging.getLogger(__name__)

# A take shorter than this (space, then space again a second later) is offered for discarding
# before any analysis: it is an accident, not an answer, and "no speech was heard… check the
# microphone" blamed the microphone for it and left a permanent "no speech" row.
SHORT_TAKE_S = 2.0


def is_short_take(elapsed_s: float) -> bool:
    """Whether a take stopped after ``elapsed_s`` is offered for discarding."""
    return elapsed_s < SHORT_TAKE_S


@dataclass(frozen=True)
class StartedRecording:
    """The microphone is open and the answer streams to ``path``; ``live`` transcribes it
    meanwhile (None: after the stop)."""

    recorder: RecorderLike
    path: Path
    live: LiveLike | None


class Recordings:
    """The answers' files: the store's when the history is open, else data_dir/recordings/
    with the store's marker beside each."""

    def __init__(
        self, config: Config, services: Services, model: SpeechModel, in_hand: AnswersInHand
    ) -> None:
        self.config = config
        self.services = services
        self.model = model
        self.in_hand = in_hand

    def _directory(self) -> Path:
        from voicecoach.paths import data_dir

        return self.services.recordings_dir or data_dir(self.config.home) / "recordings"

    def storage_problem(self) -> str | None:
        """Where answers would go and why they cannot, when the history is closed and its
        directory cannot be written (a few stats; with the history open, none: its store made
        the directory). Said before recording: the list promised answers "kept", then space
        failed."""
        if self.services.store is not None:
            return None
        from voicecoach.paths import unwritable_reason

        directory = self._directory()
        reason = unwritable_reason(directory)
        if reason is None:
            return None
        fix = "move that file away" if "is a file" in reason else "make it writable"
        return (
            f"Answers cannot be recorded: they would go to {directory}, but {reason}; "
            f"{fix} or choose another data directory with --home."
        )

    def storage_line(self) -> str:
        """Where answers go, said where the speaker can find it (the help): the directory when
        it is fine, else why answers cannot be kept. Quick (a few stats)."""
        problem = self.storage_problem()
        if problem is not None:
            return problem
        store = self.services.store
        if store is None:
            error = self.services.store_error or "the history could not be opened"
            return f"Answers are recorded, but not kept in your history: {error}."
        return f"Answers are kept in {store.root} (--home DIR to choose another)."

    def new_path(self, question_id: str) -> Path:
        """Where an answer is streamed to: the store's choice, else data_dir/recordings/.

        Without a store (its database cannot be opened) the answer still gets the store's
        marker beside it: a plain file there was never offered once the database opened again.
        """
        store = self.services.store
        if store is not None:
            return Path(store.new_recording_path(question_id))
        from voicecoach.audio.markers import new_recording

        return new_recording(self._directory(), question_id)

    def start(self, question: Question) -> StartedRecording:
        """Open the microphone (blocking) with a live transcriber when the model is loaded;
        the recording is in progress until its answer is finished or left."""
        recorder: RecorderLike | None = None
        try:
            path = self.new_path(question.id)
            live = self._new_live()
            try:
                recorder = self.services.recorder_factory(path)
                if live is not None:
                    recorder.on_block = live.feed  # type: ignore[attr-defined]
                    live.start()
                recorder.start()
            except BaseException:
                recorder = None
                if live is not None:
                    live.close()
                self._discard_empty(path)
                raise
        finally:
            self.in_hand.opened(recorder)
        return StartedRecording(recorder, path, live)

    def _new_live(self) -> LiveLike | None:
        """A live transcriber when the model is loaded (else the answer is done after the stop)."""
        factory = self.services.live_factory
        if factory is None or self.model.transcriber is None:
            return None
        try:
            return factory(self.model.transcriber)
        except Exception as exc:  # live cues are a bonus: record and transcribe after the stop
            log.warning("no live transcription: %s", describe_error(exc))
            return None

    def finish(self, path: Path, delete_audio: bool = False) -> None:
        """The recording is done with: its marker removed (and its audio, with
        ``delete_audio``)."""
        store = self.services.store
        if store is not None:
            store.finish_recording(path, delete_audio=delete_audio)
        else:
            from voicecoach.audio.markers import finish_recording

            finish_recording(path, delete_audio=delete_audio)

    def _discard_empty(self, path: Path) -> None:
        """The microphone never opened: drop the empty file so it is not "recovered" later."""
        try:
            empty = not path.exists() or path.stat().st_size == 0
        except OSError:
            return
        self.finish(path, delete_audio=empty)

    def discard_take(self, recorder: RecorderLike, path: Path, live: LiveLike | None) -> None:
        """A short take the speaker discarded (blocking): closed, its file and marker removed,
        nothing saved, so it leaves no history row and offers nothing at the next start."""
        self.in_hand.release(recorder)
        try:
            stopped = recorder.stop()
        finally:
            if live is not None:
                live.close()
        self.finish(Path(stopped or path), delete_audio=True)
