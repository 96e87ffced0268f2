"""Shared pytest fixtures. Each section belongs to one area; add new fixtures in a section."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import audio_env
import numpy as np
import pytest

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
