"""The delivery measure (analysis.delivery) in a worker process of its own.

librosa's numba code holds the GIL: loading its cache held it for up to 0.5 s and its Viterbi
for 1.2 s on a 90 s answer when run in one of the app's threads, and a key must be answered
within 100 ms. In another process it holds nobody's GIL. One worker is started on first use
and kept (it pays the 2-3 s cache load once); the wait for it is bounded.

A plain subprocess speaking pickles over its stdin and stdout, not multiprocessing: that hands
the child sys.stderr's descriptor (not a real one under the Textual app), and its resource
tracker printed "leaked semaphore objects" when `voicecoach analyze` was ended by SIGTERM.
The worker's stderr is /dev/null (the app's screen is the terminal), and it ends when its
stdin closes, that is with its parent.
"""

from __future__ import annotations

import os
import pickle
import select
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Any

from voicecoach.datatypes import AnalysedWord, Delivery

if TYPE_CHECKING:
    import numpy as np

# A 90 s answer takes 2-3 s warm and the first in a worker 30 s more on a cold numba cache
# (`make setup` warms it); past this the report goes without its delivery part.
WAIT_S = 120.0
POLL_S = 0.1  # how often a wait looks whether its caller stopped (quitting)
_HEADER = struct.Struct("!Q")


def _never() -> bool:
    return False


class _Worker:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "voicecoach.practice.delivery_process"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.unread = 0  # replies to requests nobody waits for (the warm-up)

    def send(self, request: tuple[str, tuple[Any, ...]]) -> None:
        assert self.proc.stdin is not None
        _write(self.proc.stdin, request)

    def receive(self, deadline: float, stopped: Callable[[], bool] = _never) -> tuple[str, Any]:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        size = _HEADER.unpack(_read(fd, _HEADER.size, deadline, stopped))[0]
        return pickle.loads(_read(fd, size, deadline, stopped))

    def end(self) -> None:
        self.proc.kill()
        self.proc.wait(timeout=10)


def _write(stream: IO[bytes], message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _read(fd: int, size: int, deadline: float, stopped: Callable[[], bool] = _never) -> bytes:
    chunks, left = [], size
    while left:
        wait = deadline - time.monotonic()
        if wait <= 0:
            raise TimeoutError("the delivery worker did not answer in time")
        if stopped():
            raise TimeoutError("stopped before the delivery worker answered")
        ready, _, _ = select.select([fd], [], [], min(wait, POLL_S))
        if not ready:
            continue
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError("the delivery worker ended")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


_lock = threading.Lock()
_worker: _Worker | None = None


def _ask(
    request: tuple[str, tuple[Any, ...]],
    wait_s: float | None,
    stopped: Callable[[], bool] = _never,
) -> Any:
    """Send a request; with ``wait_s``, wait that long for its reply (None: do not wait), or
    until ``stopped()`` (the worker is then ended: its reply would come to nobody)."""
    global _worker
    with _lock:
        if _worker is None or _worker.proc.poll() is not None:
            _worker = _Worker()
        worker = _worker
        try:
            worker.send(request)
            if wait_s is None:
                worker.unread += 1
                return None
            deadline = time.monotonic() + wait_s
            for _ in range(worker.unread):
                worker.receive(deadline, stopped)
            worker.unread = 0
            status, value = worker.receive(deadline, stopped)
        except (OSError, EOFError, TimeoutError, pickle.UnpicklingError):
            worker.end()
            _worker = None
            raise
    if status == "error":
        raise value
    return value


def measure_in_worker(
    samples: np.ndarray,
    words: Sequence[AnalysedWord],
    pace: tuple[float, float],
    wait_s: float = WAIT_S,
    stopped: Callable[[], bool] = _never,
) -> Delivery:
    """``measure_delivery`` in the worker process; its errors, and TimeoutError past
    ``wait_s`` or once ``stopped()``, reach the caller; a worker that did not answer in time is
    ended, and the next call starts another."""
    return _ask(("measure", (samples, list(words), pace)), wait_s, stopped)


def warm_worker() -> None:
    """Start the worker and have it load librosa's compiled code (2-3 s there, about 30 s on a
    cold cache) without waiting for it, so that the first answer's report does not wait for
    it either."""
    _ask(("warm", ()), None)


def _serve() -> None:
    """The worker: requests on stdin, replies on the stdout it was given; anything librosa
    prints goes to /dev/null."""
    requests = os.fdopen(os.dup(0), "rb")
    replies = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1):
        os.dup2(devnull, fd)
    from voicecoach.analysis.delivery import measure_delivery, warm

    while True:
        header = requests.read(_HEADER.size)
        if len(header) < _HEADER.size:
            return  # the parent closed our stdin: it ended
        kind, args = pickle.loads(requests.read(_HEADER.unpack(header)[0]))
        try:
            if kind == "measure":
                samples, words, pace = args
                reply: tuple[str, Any] = ("ok", measure_delivery(samples, words, pace=pace))
            else:
                reply = ("ok", warm())
        except Exception as exc:  # the caller raises it
            reply = ("error", exc)
        _write(replies, reply)


if __name__ == "__main__":
    _serve()
