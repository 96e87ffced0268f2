"""The microphone check's listening (``voicecoach.audio.level_check``), with a fake stream fed
silence then speech and a fake clock: no sound card, no Textual."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import numpy as np

from voicecoach.audio.level_check import HEARD_S, SILENT_AFTER_S, LevelCheck

RATE = 16_000
BLOCK = 800  # 50 ms, as the real stream delivers


class FakeStream:
    """Delivers what the test feeds to the callback, from another thread as PortAudio does."""

    def __init__(self, callback: Callable[..., None]) -> None:
        self.callback = callback
        self.started = self.stopped = self.closed = False

    def start(self) -> None:
        self.started = True

    def stop(self) -> None:
        self.stopped = True

    def close(self) -> None:
        self.closed = True

    def feed(self, samples: np.ndarray) -> None:
        def deliver() -> None:
            for i in range(0, len(samples), BLOCK):
                block = samples[i : i + BLOCK].reshape(-1, 1).astype(np.float32)
                self.callback(block, len(block), None, None)

        thread = threading.Thread(target=deliver)
        thread.start()
        thread.join(5)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def make_check() -> tuple[LevelCheck, list[FakeStream], Clock]:
    streams: list[FakeStream] = []
    clock = Clock()

    def opener(callback: Callable[..., None]) -> tuple[Any, str, int]:
        streams.append(FakeStream(callback))
        return streams[-1], "Fake USB Mic", RATE

    return LevelCheck("USB", open_stream=opener, clock=clock), streams, clock


def voice(seconds: float, amplitude: float = 0.1) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return (amplitude * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


def test_silence_then_speech() -> None:
    check, streams, clock = make_check()
    assert check.device_name == "USB"  # named as asked until it opens
    check.start()
    (stream,) = streams
    assert stream.started and check.device_name == "Fake USB Mic"
    stream.feed(np.zeros(RATE * 2, dtype=np.float32))
    clock.now += 2.0
    reading = check.poll()
    assert reading.level == 0.0 and not reading.heard and not reading.silent
    # A muted microphone's faint hiss is not a voice either.
    stream.feed(np.random.default_rng(0).normal(0, 1e-4, RATE * 2).astype(np.float32))
    clock.now += SILENT_AFTER_S
    reading = check.poll()
    assert reading.silent and not reading.heard and reading.level < 0.3
    # Then someone speaks: heard, the meter up, silence no longer said.
    stream.feed(voice(HEARD_S + 0.1))
    reading = check.poll()
    assert reading.heard and not reading.silent and reading.level > 0.6
    check.stop()
    assert stream.stopped and stream.closed
    check.stop()  # twice is fine


def test_a_click_is_not_a_voice() -> None:
    check, streams, clock = make_check()
    check.start()
    streams[0].feed(voice(0.1, 0.5))  # one loud 0.1 s bump
    clock.now += 1.0
    assert not check.poll().heard


def test_the_callback_only_queues() -> None:
    """Nothing is measured until the UI polls: the PortAudio thread copies and queues."""
    check, streams, _ = make_check()
    check.start()
    streams[0].feed(voice(1.0))
    assert check._level == 0.0 and check._queue.qsize() == RATE // BLOCK
    assert check.poll().heard
