"""The executor the App's thread workers run in: daemon threads, a bounded wait at shutdown.

Textual runs ``@work(thread=True)`` in the event loop's default executor. The standard
``ThreadPoolExecutor`` has non-daemon threads that the loop's shutdown and then the interpreter
join without a timeout: a worker stuck in a wait or in C code (a model load, a Whisper window, a
sound device that does not answer) held the quit for ever. Here each job gets its own daemon
thread; ``shutdown`` gives them ``grace_s`` to finish, then the process may end without them.
Workers stop on their own at their next step once the app quits (``VoiceCoachApp.exit``).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any


class DaemonThreads(ThreadPoolExecutor):
    """A ``ThreadPoolExecutor`` in type only (``loop.set_default_executor`` requires one):
    one daemon thread per job, none kept; ``shutdown(wait=True)`` waits at most ``grace_s``."""

    def __init__(self, grace_s: float) -> None:
        super().__init__(max_workers=1)  # starts no thread; only for the isinstance check
        self.grace_s = grace_s
        self._jobs: set[threading.Thread] = set()
        self._jobs_lock = threading.Lock()
        self._closed = False
        self._count = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()

        def run() -> None:
            try:
                if not future.set_running_or_notify_cancel():
                    return
                try:
                    result = fn(*args, **kwargs)
                except BaseException as exc:  # as ThreadPoolExecutor: the future carries it
                    future.set_exception(exc)
                else:
                    future.set_result(result)
            finally:
                with self._jobs_lock:
                    self._jobs.discard(threading.current_thread())

        with self._jobs_lock:
            if self._closed:
                raise RuntimeError("cannot schedule new futures after shutdown")
            self._count += 1
            thread = threading.Thread(target=run, name=f"voicecoach-worker-{self._count}")
            thread.daemon = True
            self._jobs.add(thread)
        thread.start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """No new jobs; with ``wait``, join the running ones for ``grace_s`` in all."""
        with self._jobs_lock:
            self._closed = True
            running = list(self._jobs)
        if wait:
            deadline = time.monotonic() + self.grace_s
            for thread in running:
                thread.join(max(0.0, deadline - time.monotonic()))

    @property
    def running(self) -> int:
        """Jobs still running (for tests and the exit note)."""
        with self._jobs_lock:
            return len(self._jobs)


# At the very end, a recorder still writing its last blocks gets this long (its own stop's limit).
WRITER_FINISH_S = 15.0


def end_without_teardown_if_workers_run(code: int) -> None:
    """A worker still inside native code when the app has ended (a Whisper window after SIGTERM
    mid-transcription, past the quit's grace) can crash the interpreter's teardown: a segfault,
    exit 139 instead of 143, was seen in a fresh-clone test run on a busy machine. The answer is
    on disk by now (a recorder still writing gets a bounded wait first), so the process ends
    here, skipping the teardown, whenever one of our threads is still running."""
    ours = [t for t in threading.enumerate() if t.daemon and t.name.startswith("voicecoach-")]
    for thread in ours:
        if thread.name == "voicecoach-recorder":
            thread.join(WRITER_FINISH_S)
    if any(t.is_alive() for t in ours):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
