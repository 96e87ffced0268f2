"""The microphone check before the first answer: listen for a few seconds, show the level, and
say whether a voice was heard or only silence.

Why: a muted or wrong microphone used to show only after a whole answer ("no speech was
heard"). As in ``voicecoach.audio.capture`` (python-sounddevice's rec_gui), the PortAudio
callback only queues the blocks; ``poll``, called by the UI on a timer, drains the queue and
measures (a few 50 ms blocks: microseconds). The stream is opened by ``capture.open_input`` (the
recorder's own device resolution and sample rates), or by a stream opener the tests pass.
Nothing here imports Textual.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

# A block louder than this is taken for a voice: a muted input or a silent virtual source is
# far below it (-60 dBFS and under), speech at arm's length well above (-35..-10 dBFS).
SPEECH_LEVEL_DB = -45.0
HEARD_S = 0.4  # this much voice in all is "heard" (a click or a bump is not)
SILENT_AFTER_S = 4.0  # nothing heard this long after the stream opened: say so
CLOSE_TIMEOUT_S = 5.0  # closing never waits longer on a device that does not answer
MAX_QUEUED_BLOCKS = 200  # 10 s of 50 ms blocks: a UI that stops polling never grows memory

# (callback) -> (stream with start/stop/close, the device's name, its sample rate)
StreamOpener = Callable[[Callable[..., None]], tuple[Any, str, int]]


@dataclass(frozen=True)
class LevelReading:
    """What the check shows now: the meter's level (0..1), how long it has listened, whether a
    voice was heard, and whether it has heard nothing for ``SILENT_AFTER_S``."""

    level: float
    listened_s: float
    heard: bool
    silent: bool


class LevelCheck:
    """One check of one input device; ``start`` (blocking) opens it, ``stop`` closes it."""

    def __init__(
        self,
        device: str | int | None = None,
        open_stream: StreamOpener | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.device = device
        self._open_stream = open_stream
        self._clock = clock
        self.device_name = "" if device is None else str(device)
        self._queue: queue.Queue[np.ndarray] = queue.Queue(maxsize=MAX_QUEUED_BLOCKS)
        self._stream: Any = None
        self._rate = 16_000
        self._started_at: float | None = None
        self._level = 0.0
        self._voiced_s = 0.0
        self._heard = False
        self._lock = threading.Lock()

    def start(self) -> None:
        """Open and start the input (blocking: PortAudio scans and opens the device);
        DeviceError with one line when it cannot."""
        opener = self._open_stream
        if opener is None:
            from voicecoach.audio.capture import open_input

            def opener(callback: Callable[..., None]) -> tuple[Any, str, int]:
                return open_input(self.device, callback)

        stream, name, rate = opener(self._callback)
        self.device_name, self._rate = name, rate
        with self._lock:
            self._stream = stream
        stream.start()
        self._started_at = self._clock()

    def _callback(self, indata: Any, frames: int, _time: Any, _status: Any) -> None:
        """PortAudio thread: copy and queue, nothing else; never blocks, never raises."""
        with contextlib.suppress(Exception):
            self._queue.put_nowait(np.array(indata[:frames, 0], dtype=np.float32))

    def poll(self) -> LevelReading:
        """Measure what arrived since the last poll (quick: safe on the UI thread)."""
        from voicecoach.audio.capture import LEVEL_FLOOR_DB, block_level

        speech_level = (SPEECH_LEVEL_DB - LEVEL_FLOOR_DB) / -LEVEL_FLOOR_DB
        while True:
            try:
                block = self._queue.get_nowait()
            except queue.Empty:
                break
            self._level = block_level(block)
            if self._level >= speech_level:
                self._voiced_s += len(block) / self._rate
        self._heard = self._heard or self._voiced_s >= HEARD_S
        listened = 0.0 if self._started_at is None else self._clock() - self._started_at
        silent = not self._heard and listened >= SILENT_AFTER_S
        return LevelReading(self._level, listened, self._heard, silent)

    def stop(self) -> None:
        """Close the input; waits ``CLOSE_TIMEOUT_S`` at most (the closing thread is a daemon).
        Safe twice."""
        with self._lock:
            stream, self._stream = self._stream, None
        if stream is None:
            return

        def close() -> None:
            with contextlib.suppress(Exception):
                stream.stop()
            with contextlib.suppress(Exception):
                stream.close()

        closer = threading.Thread(target=close, name="voicecoach-mic-check-close", daemon=True)
        closer.start()
        closer.join(CLOSE_TIMEOUT_S)
