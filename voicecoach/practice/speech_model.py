"""The speech model of a session: loaded once in a worker, waited for by each answer (bounded),
and what is wrong with it said before the first answer."""

from __future__ import annotations

import threading
import time
from typing import Any

from voicecoach.errors import VoicecoachError, describe_error
from voicecoach.practice.in_hand import Quitting
from voicecoach.practice.services import Services

# How long an answer waits for the speech model to finish loading (tiny.en loads in about a
# second; base in a few on a busy machine): past it the answer fails with a line and is kept.
MODEL_WAIT_S = 120.0
MODEL_TIMED_OUT = (
    "the speech model did not finish loading within {s:.0f} s; restart voicecoach "
    "(the answer is offered again at the start)"
)


class SpeechModel:
    """The transcriber once loaded (None before, or after a failed load, ``error`` says why)."""

    def __init__(self, services: Services, name: str) -> None:
        self.services = services
        self.name = name
        self.transcriber: Any = None
        self.error: str | None = None
        self.settled = threading.Event()

    def load(self) -> str | None:
        """Build and load the transcriber (blocking); its name. Answers wait for this."""
        try:
            transcriber = self.services.transcriber_factory()
            load = getattr(transcriber, "load", None)
            if callable(load):
                load()
        except BaseException as exc:
            self.error = describe_error(exc)
            self.settled.set()
            raise
        self.transcriber = transcriber
        self.settled.set()
        name = getattr(transcriber, "name", None)
        return str(name) if name is not None else None

    def problem(self) -> str | None:
        """What is wrong with the speech model once its load failed, with the one command that
        fixes it; None while it loads or once loaded. Said before the first answer: it used to
        be found only after the answer was recorded."""
        if self.transcriber is not None or self.error is None:
            return None
        error = self.error.rstrip(". ")
        if "`" in error or "--model" in error:  # the error names its fix already
            return f"The speech model cannot be used: {error}."
        from voicecoach.transcription.model_files import install_command

        return (
            f"The speech model {self.name} cannot be used: {error}. "
            f"Fix: run `{install_command(self.name)}`, then start voicecoach again."
        )

    def wait(self, quitting: threading.Event) -> Any:
        """Wait for the load to end (loaded or failed): bounded, and cut short once quitting
        (``Quitting``); the transcriber."""
        deadline = time.monotonic() + MODEL_WAIT_S
        while not self.settled.wait(0.1):
            if quitting.is_set():
                raise Quitting
            if time.monotonic() > deadline:
                raise VoicecoachError(MODEL_TIMED_OUT.format(s=MODEL_WAIT_S))
        if self.transcriber is None:
            raise VoicecoachError(f"cannot transcribe: {self.error}")
        return self.transcriber
