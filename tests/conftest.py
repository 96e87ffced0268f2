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
#   virtual_audio   session: a private PulseAudio daemon; its env (ALSA_CONFIG_PATH,
#                   PULSE_SERVER, PULSE_CLIENTCONFIG) is set for the whole session once
#                   started, so child processes (the app under tmux, a killed recorder) hear
#                   the same virtual microphone.
#   virtual_mic     function: the Pulse virtual mic is the default input and `vout` the
#                   default output; `virtual_mic.play_into_mic(path)` speaks into it (paced).
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
    audio = audio_env.start_pulse()
    mp = pytest.MonkeyPatch()
    for key, value in audio.env.items():
        mp.setenv(key, value)
    audio_env.reinit_portaudio()
    try:
        yield audio
    finally:
        mp.undo()
        audio_env.reinit_portaudio()
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
