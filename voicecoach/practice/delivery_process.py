"""The delivery measure (analysis.delivery) in a worker process of its own.

librosa's numba code holds the GIL: loading its cache held it for up to 0.5 s and its Viterbi
for 1.2 s on a 90 s answer when run in one of the app's threads, and a key must be answered
within 100 ms. In another process it holds nobody's GIL. One worker is started on first use
and kept (it pays the 2-3 s cache load once); the wait for it is bounded.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from voicecoach.datatypes import AnalysedWord, Delivery

if TYPE_CHECKING:
    import numpy as np

# A 90 s answer takes 2-3 s warm and the first in a worker 30 s more on a cold numba cache
# (`make setup` warms it); past this the report goes without its delivery part.
WAIT_S = 120.0

_lock = threading.Lock()
_pool: Any = None  # a multiprocessing Pool: its threads are daemons, so it never holds up exit


def _worker() -> Any:
    global _pool
    with _lock:
        if _pool is None:
            # spawn, not fork: the parent has threads (the UI, the recorder) a fork would copy
            # mid-lock.
            # multiprocessing hands the child sys.stderr's file descriptor, and under the
            # Textual app that is not a real one ("bad value(s) in fds_to_keep"): it gets
            # /dev/null's while the worker starts, and the worker writes nowhere (the screen).
            with open(os.devnull, "w") as devnull:
                saved, sys.stderr = sys.stderr, devnull
                try:
                    _pool = multiprocessing.get_context("spawn").Pool(1, initializer=_quiet)
                finally:
                    sys.stderr = saved
            atexit.register(_stop)
        return _pool


def _quiet() -> None:
    """In the worker: its output would land on the app's screen (errors come back pickled),
    and it ends with its parent (a parent ended hard left it waiting on its queue for good)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def _stop() -> None:
    """End the worker while the interpreter is whole (a Pool collected at its very end
    printed "Exception ignored in Pool.__del__")."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.terminate()


def _measure(
    samples: np.ndarray, words: Sequence[AnalysedWord], pace: tuple[float, float]
) -> Delivery:
    from voicecoach.analysis.delivery import measure_delivery

    return measure_delivery(samples, words, pace=pace)


def measure_in_worker(
    samples: np.ndarray,
    words: Sequence[AnalysedWord],
    pace: tuple[float, float],
    wait_s: float = WAIT_S,
) -> Delivery:
    """``measure_delivery`` in the worker process; its errors, and TimeoutError past
    ``wait_s``, reach the caller; a worker that did not answer in time is ended, and the next
    call starts another."""
    global _pool
    pool = _worker()
    try:
        return pool.apply_async(_measure, (samples, list(words), pace)).get(timeout=wait_s)
    except multiprocessing.TimeoutError:
        with _lock:
            if _pool is pool:
                _pool = None
        pool.terminate()
        raise


def _warm() -> float:
    from voicecoach.analysis.delivery import warm

    return warm()


def warm_worker() -> Any:
    """Start the worker and have it load librosa's compiled code (2-3 s there, about 30 s on a
    cold cache) without waiting for it, so that the first answer's report does not wait for
    it either. Returns the pending result (its ``get`` gives the seconds it took)."""
    return _worker().apply_async(_warm)
