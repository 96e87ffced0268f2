"""The live pass says how far its voice activity has listened (``LiveState.heard_s``), so the
silence cue never counts, as silence, the speech it has not looked at while it transcribes a
chunk (issue 22: "silent 4 s" while the answer went on, in a real terminal on a busy machine)."""

from __future__ import annotations

import threading
import time
from typing import Any

import numpy as np

from voicecoach.audio.files import load_audio
from voicecoach.config import Config
from voicecoach.datatypes import Transcript
from voicecoach.paths import REPO_DIR
from voicecoach.practice.cues import choose_cues
from voicecoach.practice.live import LiveTranscriber

SAMPLE = REPO_DIR / "samples" / "intro-short.wav"
BLOCK = 800  # the recorder's 50 ms blocks at 16 kHz
WAIT_S = 30.0  # bounded: Silero over 14 s of audio takes well under a second


class HeldTranscriber:
    """A transcriber that keeps the worker busy until released, as Whisper on a busy CPU."""

    name = "held"

    def __init__(self) -> None:
        self.called = threading.Event()
        self.release = threading.Event()

    def transcribe(self, samples: np.ndarray, progress: Any = None) -> Transcript:
        self.called.set()
        assert self.release.wait(WAIT_S), "the test never released the transcriber"
        return Transcript([], self.name)


def wait_until(condition: Any) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, "the live pass never got there"
        time.sleep(0.02)


def test_speech_fed_while_a_chunk_is_transcribed_is_not_counted_as_silence() -> None:
    samples = load_audio(SAMPLE).samples  # speech from 0.6 s to 13.3 s, pauses under 1.3 s
    transcriber = HeldTranscriber()
    live = LiveTranscriber(transcriber).start()  # type: ignore[arg-type]
    try:
        cut = int(5.0 * 16000)  # the first pause after 4 s of audio ends a chunk (~4.7 s)
        for i in range(0, cut, BLOCK):
            live.feed(samples[i : i + BLOCK])
        assert transcriber.called.wait(WAIT_S), "no chunk was cut"
        for i in range(cut, len(samples), BLOCK):  # the answer goes on; the worker is busy
            live.feed(samples[i : i + BLOCK])
        state = live.state
        assert state.heard_s is not None and state.last_speech_s is not None
        assert state.heard_s < state.received_s - 5  # it has not listened to the rest yet
        cues = choose_cues(
            state.received_s, (60.0, 90.0), state.last_speech_s, 150.0, Config(), state.heard_s
        )
        assert cues.silent_s is None and cues.pace_wpm == 150.0  # no "silent 8 s"
        transcriber.release.set()
        wait_until(lambda: live.state.heard_s >= live.state.received_s - 0.032)
        state = live.state
        assert state.last_speech_s is not None and state.last_speech_s > 13.0  # it caught up
    finally:
        transcriber.release.set()
        live.close(WAIT_S)
