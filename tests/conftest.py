"""Shared pytest fixtures and checks. Each section belongs to one area; add new fixtures in a
section. The tests mirror the code by what they need (see "Layout" below); their helpers live in
tests/support/ and are imported as `support.<module>`."""

from __future__ import annotations

import faulthandler
import inspect
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from support import audio_env

# =============================================================================================
# Layout: where a test goes, and the markers that say what it needs
#
#   architecture/  how the code and its install are built: import rules (import-linter contracts,
#                  no import circle), heavy imports kept lazy, the environment equals the lock.
#   unit/          the core through its own functions: no Pilot, no real model, no sound device
#                  (analysis, store, scoring); fast, and run anywhere.
#   ui/            the Textual app through Pilot, with the fakes in support/ui_fakes.py.
#   system/        the real thing: the Whisper model, the virtual microphone and speaker, the CLI
#                  and the app as subprocesses, tmux. A file sits in the first group all of its
#                  tests fit, so `pytest tests/architecture tests/unit tests/ui` needs no model
#                  and no audio stack.
#   Markers: `model` on every test that needs the Whisper model under models/ (tests/system
#   only), `audio` on every test that uses the virtual microphone or speaker (virtual_mic /
#   virtual_audio). Collection fails when a test breaks these rules where it can tell
#   (pytest_collection_modifyitems below), and a test without `model` runs with no model
#   installed (_no_model_without_the_marker), so one that needs it without saying so fails.
# =============================================================================================

TESTS = Path(__file__).resolve().parent
# Fixtures that start the PulseAudio daemon: a test using one needs the `audio` marker.
AUDIO_FIXTURES = frozenset({"virtual_audio", "virtual_mic"})
# Names in a test's source (with its decorators) that mean it uses the real Whisper model under
# models/: the constants the test files use for it.
MODEL_WORDS = re.compile(r"\b(HAS_MODEL|MODEL_DIR|TINY)\b")


def _layout_problems(item: pytest.Item) -> list[str]:
    """What is wrong with where this test is and the markers it carries (empty when nothing)."""
    group = item.path.relative_to(TESTS).parts[0] if item.path.is_relative_to(TESTS) else ""
    has_model = item.get_closest_marker("model") is not None
    has_audio = item.get_closest_marker("audio") is not None
    problems = []
    if AUDIO_FIXTURES & set(getattr(item, "fixturenames", ())) and not has_audio:
        problems.append("uses the virtual microphone without @pytest.mark.audio")
    function = getattr(item, "function", None)
    if function is not None and not has_model:
        try:
            source = inspect.getsource(function)
        except (OSError, TypeError):
            source = ""
        if MODEL_WORDS.search(source):
            problems.append("uses the Whisper model without @pytest.mark.model")
    if group in ("unit", "ui", "architecture") and (has_model or has_audio):
        problems.append(
            f"needs the model or the audio stack: it belongs in tests/system, not {group}/"
        )
    return problems


NO_MODEL_NOTE = (
    "this test has no @pytest.mark.model, so it ran with VOICECOACH_MODELS pointing at an empty "
    "directory: if it needs the Whisper model (even only to get past the check that it is "
    "installed), mark it `model` and move it to tests/system"
)


@pytest.fixture(autouse=True)
def _no_model_without_the_marker(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A test without the `model` marker sees no installed model (it and its subprocesses), so
    one that needs the model without saying so fails here, not on a machine without models/."""
    if request.node.get_closest_marker("model") is None:
        empty = tmp_path_factory.getbasetemp() / "no-model-without-the-model-marker"
        empty.mkdir(exist_ok=True)
        monkeypatch.setenv("VOICECOACH_MODELS", str(empty))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if (
        report.failed
        and item.get_closest_marker("model") is None
        and "model" in report.longreprtext
    ):
        report.sections.append(("no model without the marker", NO_MODEL_NOTE))


@pytest.fixture
def anyio_backend() -> str:
    """Textual runs on asyncio: every `@pytest.mark.anyio` test does too."""
    return "asyncio"


# ============================================================================ end of layout ===


# =============================================================================================
# Audio: the virtual microphone and speaker (see tests/audio_env.py)
#
#   virtual_audio   session: a private PulseAudio daemon (started once, ~2 s). It does not
#                   change the environment by itself: use virtual_mic.
#   virtual_mic     function: for the test's duration os.environ holds ALSA_CONFIG_PATH,
#                   PULSE_SERVER and PULSE_CLIENTCONFIG (also `virtual_mic.env`), so this
#                   process and its children (the app under tmux, a killed recorder) get the
#                   Pulse virtual mic as the default input and the `vout` sink as the default
#                   output; `virtual_mic.play_into_mic(path)` speaks into it (paced).
#   unpaced_mic     function, factory: unpaced_mic(samples, rate=16000) makes an ALSA file
#                   PCM that serves exactly those samples, unpaced, as the default input.
#   no_audio_devices function: PortAudio sees no device at all.
# Skips only when pulseaudio is not installed (.ci/run installs it).
# =============================================================================================


@pytest.fixture(scope="session")
def virtual_audio() -> Iterator[audio_env.VirtualAudio]:
    if not audio_env.pulseaudio_installed():
        pytest.skip(
            "pulseaudio is not installed (apt install pulseaudio pulseaudio-utils "
            "libasound2-plugins; .ci/run installs them)"
        )
    missing = audio_env.missing_tools()
    if missing:
        pytest.fail(f"the virtual microphone needs: apt install {' '.join(missing)}")
    audio = audio_env.start_pulse()
    try:
        yield audio
    finally:
        audio.stop()


@pytest.fixture
def virtual_mic(virtual_audio: audio_env.VirtualAudio) -> Iterator[audio_env.VirtualAudio]:
    if not virtual_audio.alive():
        pytest.fail(f"the virtual PulseAudio daemon died:\n{virtual_audio.log}")
    with audio_env.use_env(virtual_audio.env):
        yield virtual_audio


@pytest.fixture
def unpaced_mic(tmp_path: Path) -> Iterator[Callable[..., Path]]:
    stack = []

    def make(samples: np.ndarray, rate: int = audio_env.MIC_RATE) -> Path:
        raw = audio_env.write_raw_float(samples, tmp_path / f"mic{len(stack)}.f32")
        ctx = audio_env.use_env(audio_env.file_mic_env(tmp_path, raw, rate))
        ctx.__enter__()
        stack.append(ctx)
        return raw

    try:
        yield make
    finally:
        while stack:
            stack.pop().__exit__(None, None, None)


@pytest.fixture
def no_audio_devices(tmp_path: Path) -> Iterator[None]:
    with audio_env.use_env(audio_env.no_device_env(tmp_path)):
        yield


# ============================================================================ end of audio ===


# =============================================================================================
# Time limits: no run waits for ever (issue 17)
#
#   pytest-timeout (pyproject: `timeout`, `timeout_method = "signal"`) fails a test that runs
#   over its limit, printing every thread's stack, and the run goes on with the next test.
#   The signal cannot end two kinds of hang; these hooks do:
#   - the main thread stuck in C code (a signal handler runs only between bytecodes): a
#     faulthandler watchdog (a C thread) dumps the stacks and ends the run BACKSTOP_S after
#     the limit, as the "thread" method would have at the limit;
#   - a non-daemon thread left behind by a failed test (the interpreter joins them at exit,
#     for ever): at the end of the session they get LEFTOVER_GRACE_S, then the process exits
#     with the run's status (1 if it had passed), naming them.
# =============================================================================================

BACKSTOP_S = 60.0
LEFTOVER_GRACE_S = 10.0
# Modules whose tests legitimately take longer than the default limit (pyproject: 120 s), with
# their own. Measured with --durations on a 2-core AMD EPYC shared with other jobs: the
# analysis-truth session fixture transcribes every labelled clip (81 s in its first test's
# setup), the e2e tests speak a 90 s answer in real time (57 s).
# Paths relative to tests/.
SLOW_MODULES = {"system/test_analysis_truth.py": 600.0, "system/test_e2e.py": 600.0}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    problems = []
    for item in items:
        problems += [f"{item.nodeid}: {problem}" for problem in _layout_problems(item)]
        module = item.path.relative_to(TESTS).as_posix() if item.path.is_relative_to(TESTS) else ""
        limit = SLOW_MODULES.get(module)
        if limit is not None and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(limit))
    if problems:
        raise pytest.UsageError(
            "tests in the wrong place or without the markers they need (see tests/conftest.py, "
            "Layout):\n  " + "\n  ".join(problems)
        )


def _real_stderr(config: pytest.Config) -> int:
    """The terminal's stderr (pytest's faulthandler plugin keeps a copy: fd 2 is captured)."""
    from _pytest.faulthandler import fault_handler_stderr_fd_key

    return config.stash.get(fault_handler_stderr_fd_key, 2)


@pytest.hookimpl(optionalhook=True)  # pytest-timeout's hook: fine when it is disabled
def pytest_timeout_set_timer(item: pytest.Item, settings: Any) -> None:
    """Beside pytest-timeout's signal (which still runs: this returns None)."""
    if settings.timeout and settings.timeout > 0:
        faulthandler.dump_traceback_later(
            settings.timeout + BACKSTOP_S, exit=True, file=_real_stderr(item.config)
        )


@pytest.hookimpl(optionalhook=True)
def pytest_timeout_cancel_timer(item: pytest.Item) -> None:
    faulthandler.cancel_dump_traceback_later()


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Everything is reported; threads that would hold the interpreter's exit get a grace."""
    left = [
        t
        for t in threading.enumerate()
        if t is not threading.main_thread() and not t.daemon and t.is_alive()
    ]
    deadline = time.monotonic() + LEFTOVER_GRACE_S
    for thread in left:
        thread.join(max(0.0, deadline - time.monotonic()))
    stuck = [t.name for t in left if t.is_alive()]
    if stuck:
        status = int(getattr(config, "_vc_exitstatus", 1)) or 1
        message = (
            f"\nconftest: {len(stuck)} non-daemon thread(s) still running after the session "
            f"and {LEFTOVER_GRACE_S:.0f} s: {', '.join(stuck)}; ending the run (status {status}) "
            "instead of waiting for them at exit\n"
        )
        os.write(_real_stderr(config), message.encode())
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    session.config._vc_exitstatus = exitstatus  # type: ignore[attr-defined]
