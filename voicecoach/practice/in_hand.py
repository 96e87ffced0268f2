"""The answers in hand and the way out: recordings in progress (quitting closes them), answers
whose microphone is opening, stopped or being analysed, and those quitting stopped.

Why apart: every part of the session asks one question of it (is an answer in hand, are we
quitting) and quitting must reach each answer at its next step; one object keeps those counts
under one lock.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from pathlib import Path

from voicecoach.errors import describe_error
from voicecoach.practice.services import RecorderLike

log = logging.getLogger(__name__)


class Quitting(Exception):
    """Raised in a worker once the app quits: the answer in hand stops where it is; its
    recording is complete on disk and its marker stays, so the next start offers it."""


class AnswersInHand:
    """What is being recorded or analysed now, and whether the app quits. Quick and safe from
    any thread."""

    def __init__(self) -> None:
        self.quitting = threading.Event()
        self.lock = threading.Lock()
        self._recording: list[RecorderLike] = []  # recordings in progress (quitting closes them)
        # Answers whose analysis stopped because the app quit: kept, offered next start.
        self.stopped_answers: list[Path] = []
        self.analysing = 0  # answers being transcribed and saved now
        self._starting = 0  # recordings asked for whose microphone is still being opened
        self._stopped = 0  # answers stopped whose analysis has not begun yet

    @property
    def any(self) -> bool:
        """Whether an answer is being recorded (its microphone opening included) or analysed."""
        return bool(self._starting or self._recording or self._stopped or self.analysing)

    def stop_if_quitting(self, _fraction: float = 0.0) -> None:
        """A progress callback's check: the analysis stops between two steps once quitting."""
        if self.quitting.is_set():
            raise Quitting

    @contextlib.contextmanager
    def analysis_running(self) -> Iterator[None]:
        with self.lock:
            self.analysing += 1
        try:
            yield
        finally:
            with self.lock:
                self.analysing -= 1

    def asked(self) -> None:
        """A recording is asked for: in hand while its microphone opens."""
        with self.lock:
            self._starting += 1

    def opened(self, recorder: RecorderLike | None) -> None:
        """The microphone asked for opened (``recorder``) or failed (None)."""
        with self.lock:
            if recorder is not None:
                self._recording.append(recorder)
            self._starting = max(0, self._starting - 1)

    def stopping(self, recorder: RecorderLike) -> None:
        """The speaker stopped the answer: in hand until its analysis begins."""
        with self.lock:
            self._stopped += 1
        self.release(recorder)

    def analysis_begins(self) -> None:
        """A stopped answer's analysis begins (counted by ``analysis_running`` from here)."""
        with self.lock:
            self._stopped = max(0, self._stopped - 1)

    def release(self, recorder: RecorderLike) -> None:
        """The recording is stopped by its answer (finished or left), no longer by quitting."""
        with self.lock:
            self._recording = [r for r in self._recording if r is not recorder]

    def close_recordings(self) -> Path | None:
        """Close the recording in progress so its WAV is complete; its marker stays, so the next
        start offers it. The path closed, if any."""
        with self.lock:
            recorders, self._recording = self._recording, []
        closed = None
        for recorder in recorders:
            try:
                recorder.stop()
            except Exception as exc:  # keep going: exiting matters more
                log.warning("could not close the recording: %s", describe_error(exc))
            else:
                closed = Path(recorder.path)
        return closed

    def exit_note(self, signal_name: str | None, recording: Path | None) -> str:
        """The line left on the terminal after the app ended: where the answer in hand went
        (none after `q` with nothing in hand: `q` says so itself)."""
        note = f"the answer being recorded is kept ({recording}) and offered next start"
        if not recording:
            note = ""
        if signal_name and self.stopped_answers and not recording:
            stopped = self.stopped_answers[0]
            note = f"the answer being analysed is kept ({stopped}) and offered next start"
        if signal_name:
            return f"voicecoach: stopped by {signal_name}{'; ' + note if note else ''}"
        return f"voicecoach: {note}" if note else ""
