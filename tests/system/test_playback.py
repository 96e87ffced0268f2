"""The Player through the real PortAudio -> ALSA -> PulseAudio stack (the `vout` null sink)."""

from __future__ import annotations

import os
import subprocess
import time

import numpy as np
import pytest
import soundfile as sf
from support import audio_env

from voicecoach.audio.playback import Player, output_available
from voicecoach.errors import AudioFileError, DeviceError

pytestmark = pytest.mark.audio


def wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


@pytest.fixture
def players():
    """Stops every Player a test made, even when it fails (list it last: torn down first)."""
    made: list[Player] = []
    yield lambda player: made.append(player) or player
    for player in made:
        player.stop()


@pytest.fixture
def answer_file(tmp_path):
    path = tmp_path / "answer.flac"  # any format libsndfile reads
    sf.write(path, audio_env.speech_like(1.5), 16_000)
    return path


def test_plays_pauses_seeks_and_finishes(virtual_mic, answer_file, players):
    assert output_available()
    player = players(Player(answer_file))
    assert player.duration_s == pytest.approx(1.5)
    assert (player.position_s, player.playing, player.finished) == (0.0, False, False)

    player.play()
    assert player.playing
    t0 = time.monotonic()
    assert wait_for(lambda: player.position_s >= 0.4, 2.0)
    rate = player.position_s / (time.monotonic() - t0)
    assert 0.5 < rate < 2.0, "plays at about real time"

    player.pause()
    assert not player.playing
    held = player.position_s
    time.sleep(0.25)
    assert player.position_s == pytest.approx(held, abs=0.06)  # one device block at most

    player.seek(1.0)
    assert player.position_s == pytest.approx(1.0)
    player.seek(99)  # clamped
    assert player.position_s == pytest.approx(1.5)
    player.seek(-3)
    assert player.position_s == 0.0
    player.seek(1.2)
    player.toggle()  # resumes
    assert player.playing
    assert player.wait(3.0)
    assert player.finished and not player.playing
    assert player.position_s == pytest.approx(1.5)
    assert player.error is None

    player.play()  # from the start again once finished
    assert wait_for(lambda: 0 < player.position_s < 1.0, 2.0)
    player.stop()
    assert (player.position_s, player.playing, player.finished) == (0.0, False, False)
    player.stop()  # idempotent


def test_plays_an_array_and_reaches_the_speaker(virtual_mic, players):
    """What the Player plays arrives at the output sink (recorded from vout.monitor)."""
    tone = (0.5 * np.sin(2 * np.pi * 440 * np.arange(16_000) / 16_000)).astype(np.float32)
    rec = subprocess.Popen(
        ["parec", "--device=vout.monitor", "--raw", "--format=s16le", "--rate=16000"]
        + ["--channels=1", "--latency-msec=30"],
        stdout=subprocess.PIPE,
        env={**os.environ, **virtual_mic.env},
    )
    try:
        player = players(Player(tone, 16_000))
        player.play()
        assert player.wait(3.0)
        time.sleep(0.2)
    finally:
        rec.terminate()
        heard = np.frombuffer(rec.communicate(timeout=5)[0], dtype="<i2") / 32768
    assert heard.size > 8000
    assert np.abs(heard).max() > 0.3


def test_no_output_device_is_a_one_line_error(no_audio_devices, answer_file):
    assert not output_available()
    player = Player(answer_file)
    with pytest.raises(DeviceError) as info:
        player.play()
    assert "\n" not in str(info.value)
    assert "no audio output" in str(info.value)
    assert not player.playing


def test_unknown_output_device_lists_the_outputs(virtual_mic, answer_file):
    with pytest.raises(DeviceError) as info:
        Player(answer_file, device="no such speaker").play()
    assert "outputs: 0: default" in str(info.value)


def test_unreadable_file(tmp_path):
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk")
    with pytest.raises(AudioFileError):
        Player(bad)
    with pytest.raises(ValueError):
        Player(np.zeros(10, np.float32))  # an array needs its rate
