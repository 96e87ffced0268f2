"""The Recorder through the real PortAudio -> ALSA -> PulseAudio stack (virtual microphone)."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import soxr
from support import audio_env

from voicecoach.audio import SAMPLE_RATE, capture
from voicecoach.audio.capture import (
    Recorder,
    default_input_available,
    list_input_devices,
    load_sounddevice,
)
from voicecoach.audio.files import load_audio
from voicecoach.audio.recovery import repair_wav, wav_needs_repair
from voicecoach.errors import DeviceError

pytestmark = pytest.mark.audio


def best_alignment(recorded: np.ndarray, source: np.ndarray) -> tuple[int, float]:
    """Lag of ``source`` inside ``recorded`` and the normalised correlation once aligned."""
    n = len(recorded) + len(source)
    size = 1 << (n - 1).bit_length()
    spectrum = np.fft.rfft(recorded, size) * np.conj(np.fft.rfft(source, size))
    xcorr = np.fft.irfft(spectrum, size)[: len(recorded)]
    lag = int(np.argmax(xcorr))
    segment = recorded[lag : lag + len(source)]
    ref = source[: len(segment)]
    denom = np.linalg.norm(segment) * np.linalg.norm(ref)
    return lag, float(segment @ ref / denom) if denom else 0.0


def wait_for(predicate, timeout: float, step: float = 0.01) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


@pytest.fixture
def recorders():
    """Stops every Recorder a test made, even when it fails, before the mic goes away.

    List it last among a test's fixtures so that it is torn down first: PortAudio must not
    be re-initialised under an open stream.
    """
    made: list[Recorder] = []
    yield lambda rec: made.append(rec) or rec
    for rec in made:
        rec.stop()


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, np.ndarray]:
    samples = audio_env.speech_like(2.0)
    path = tmp_path_factory.mktemp("clip") / "clip.wav"
    sf.write(path, samples, SAMPLE_RATE, subtype="PCM_16")
    return path, sf.read(path, dtype="float32")[0]


def test_records_what_is_played_into_the_microphone(virtual_mic, clip, tmp_path, recorders):
    source_path, source = clip
    out = tmp_path / "answer.wav"
    blocks: list[int] = []
    rec = recorders(Recorder(out, on_block=lambda b: blocks.append(len(b))))
    rec.start()
    assert rec.recording
    assert wait_for(lambda: rec.live, 3.0), "no audio arrived from the virtual microphone"
    time.sleep(0.3)
    quiet_level = rec.level
    t_play = rec.elapsed_s
    player = virtual_mic.play_into_mic(source_path)
    levels = []
    deadline = time.monotonic() + 30
    while player.poll() is None and time.monotonic() < deadline:
        levels.append(rec.level)
        time.sleep(0.02)
    time.sleep(0.3)
    elapsed = rec.elapsed_s
    assert rec.stop() == out
    assert rec.stop() == out  # idempotent
    assert not rec.recording
    assert rec.error is None, rec.error

    info = sf.info(out)
    assert (info.samplerate, info.channels, info.subtype) == (SAMPLE_RATE, 1, "PCM_16")
    assert abs(info.duration - elapsed) < 0.15
    assert info.duration > t_play + len(source) / SAMPLE_RATE
    recorded = sf.read(out, dtype="float32")[0]
    lag, corr = best_alignment(recorded, source)
    latency = lag / SAMPLE_RATE - t_play
    print(f"correlation {corr:.3f}, paplay->recorded latency {latency * 1000:.0f} ms")
    assert corr > 0.8
    assert -0.05 < latency < 1.0
    assert sum(blocks) == info.frames  # on_block saw every 16 kHz sample that was written

    assert quiet_level < 0.05  # silence: the null sink's monitor is digital zero
    assert max(levels) > 0.5  # the clip peaks around -10 dBFS


@pytest.mark.parametrize("writer", ["keeping up", "starved"])
@pytest.mark.parametrize("refuses_in", ["check_input_settings", "InputStream"])
def test_resamples_when_the_device_cannot_do_16k(
    unpaced_mic, tmp_path, monkeypatch, refuses_in, writer, recorders
):
    """Resampled to 16 kHz, the answer keeps its length and its words. The virtual microphone
    is unpaced (far faster than real time): under load the writer thread fell 60 s behind it,
    the recorder dropped blocks as designed (a real microphone delivers in real time) and the
    file was shorter than what was captured. The length is what was captured less what the
    recorder says it dropped; "starved" holds the writer back until blocks are dropped."""
    sd = load_sounddevice()
    source = audio_env.speech_like(1.5)
    unpaced_mic(soxr.resample(source, SAMPLE_RATE, 44_100), rate=44_100)
    real = getattr(sd, refuses_in)

    def no_16k(*args, **kwargs):
        if kwargs.get("samplerate") == SAMPLE_RATE:
            raise sd.PortAudioError("Invalid sample rate [PaErrorCode -9997]")
        return real(*args, **kwargs)

    monkeypatch.setattr(sd, refuses_in, no_16k)
    enough, release = threading.Event(), threading.Event()

    def written(_block: np.ndarray) -> None:
        if rec.written_s > 2.0:
            enough.set()
            if writer == "starved":
                release.wait(30)  # the writer thread, stuck as under heavy load

    rec = recorders(Recorder(tmp_path / "r.wav", on_block=written))
    rec.start()
    assert rec.device_rate == 44_100  # the device's default rate
    try:
        assert enough.wait(5)
        if writer == "starved":
            assert wait_for(lambda: rec.dropped_blocks > 0, 30)
    finally:
        release.set()  # a failed test must not leave the writer stuck
    rec.stop()
    recorded, rate = sf.read(tmp_path / "r.wav", dtype="float32")
    assert rate == SAMPLE_RATE
    dropped_s = rec.dropped_blocks * int(44_100 * capture.BLOCK_S) / 44_100
    assert len(recorded) / rate == pytest.approx(rec.elapsed_s - dropped_s, abs=0.1)
    assert len(recorded) / rate > 2.0
    _lag, corr = best_alignment(recorded[: len(source) + 1000], source)
    assert corr > 0.99


def test_unpaced_microphone_gives_exact_samples(unpaced_mic, tmp_path, recorders):
    source = audio_env.speech_like(3.0, seed=7)
    unpaced_mic(source)
    enough = threading.Event()
    rec = recorders(
        Recorder(
            tmp_path / "u.wav", on_block=lambda _b: enough.set() if rec.written_s > 3.2 else None
        )
    )
    rec.start()
    assert enough.wait(5)
    rec.stop()
    recorded = sf.read(tmp_path / "u.wav", dtype="float32")[0]
    assert len(recorded) >= len(source)
    # the very samples, from the first one on, up to the 16-bit quantisation of the WAV
    np.testing.assert_allclose(recorded[: len(source)], source, rtol=0, atol=2 / 32768)


def test_ten_minute_answer_with_bounded_memory(unpaced_mic, tmp_path, monkeypatch, recorders):
    unpaced_mic(audio_env.speech_like(5.0))
    monkeypatch.setattr(capture, "BLOCK_S", 0.5)  # fewer, larger blocks: 10 min in ~2 s
    done = threading.Event()
    tracemalloc.start()
    try:
        rec = recorders(
            Recorder(
                tmp_path / "long.wav",
                on_block=lambda _b: done.set() if rec.written_s > 600 else None,
            )
        )
        rec.start()
        assert done.wait(40), f"only {rec.written_s:.0f} s written"
        rec.stop()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    info = sf.info(tmp_path / "long.wav")
    print(f"10 min: peak traced memory {peak / 1e6:.1f} MB, dropped {rec.dropped_blocks}")
    assert info.duration >= 600
    assert peak < 30e6  # 10 min as float32 would be 38 MB; the queue is bounded to 60 s


def test_no_microphone_is_a_one_line_device_error(no_audio_devices, tmp_path):
    assert not default_input_available()
    assert list_input_devices() == []
    rec = Recorder(tmp_path / "x.wav")
    with pytest.raises(DeviceError) as info:
        rec.start()
    message = str(info.value)
    assert message.startswith("no microphone found")
    assert "\n" not in message
    assert not (tmp_path / "x.wav").exists()


@pytest.mark.parametrize("device", ["no such mic", 42, "42"])
def test_unknown_device_lists_the_inputs(virtual_mic, tmp_path, device):
    assert default_input_available()
    assert list_input_devices() == ["0: default"]
    with pytest.raises(DeviceError) as info:
        Recorder(tmp_path / "x.wav", device=device).start()
    message = str(info.value)
    assert "\n" not in message
    assert "inputs: 0: default" in message


def test_device_by_name_and_index(virtual_mic, tmp_path, recorders):
    for device in ("default", 0, "0"):
        rec = recorders(Recorder(tmp_path / f"d{device}.wav", device=device))
        rec.start()
        assert wait_for(lambda rec=rec: rec.written_s > 0.1, 3.0)
        rec.stop()
        assert rec.error is None


CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from voicecoach.audio.capture import Recorder
    rec = Recorder(Path(sys.argv[1]))
    rec.start()
    while True:
        print(f"{rec.written_s:.3f} {rec.elapsed_s:.3f}", flush=True)
        time.sleep(0.05)
    """
)


def test_sigkill_keeps_all_but_the_last_second(virtual_mic, clip, tmp_path):
    out = tmp_path / "killed.wav"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    elapsed = 0.0
    player = None
    watchdog = threading.Timer(60, child.kill)  # a hung child must not hang the suite
    watchdog.start()
    try:
        assert child.stdout is not None
        for line in child.stdout:
            elapsed = float(line.split()[1])
            if elapsed > 0 and player is None:
                player = virtual_mic.play_into_mic(clip[0])
            if elapsed >= 2.5:
                break
        child.send_signal(signal.SIGKILL)
        child.wait(5)
    finally:
        watchdog.cancel()
        if child.poll() is None:
            child.kill()
        if player is not None:
            player.wait(5)
    assert elapsed >= 2.5, child.stderr.read() if child.stderr else ""
    as_written = sf.info(out).duration  # what the header says, before any repair
    assert wav_needs_repair(out)
    assert repair_wav(out) == out
    assert not wav_needs_repair(out)
    repaired = load_audio(out)
    print(
        f"killed at {elapsed:.2f} s: header said {as_written:.2f} s, "
        f"repaired file {repaired.duration_s:.2f} s"
    )
    assert elapsed - as_written < 1.0  # readable as it stands, short of at most ~0.5 s
    assert elapsed - repaired.duration_s < 1.0
    assert repaired.duration_s <= elapsed + 0.3
    _lag, corr = best_alignment(repaired.samples, clip[1][:SAMPLE_RATE])
    assert corr > 0.8  # the first second of the clip is in there


def test_repair_of_a_header_with_zero_sizes(tmp_path):
    path = tmp_path / "zero.wav"
    samples = audio_env.speech_like(1.0)
    sf.write(path, samples, SAMPLE_RATE, subtype="PCM_16")
    data = bytearray(path.read_bytes())
    data[4:8] = (0).to_bytes(4, "little")
    data[40:44] = (0).to_bytes(4, "little")
    path.write_bytes(bytes(data) + b"\x01")  # a torn half frame at the end
    assert wav_needs_repair(path)
    repair_wav(path)
    assert sf.info(path).frames == len(samples)
    assert not wav_needs_repair(path)


@pytest.fixture
def tiny_disk(tmp_path: Path):
    """A 64 KiB tmpfs (2 s of 16 kHz PCM_16), or None when mounting is not allowed."""
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)],
        capture_output=True,
        timeout=30,
    )
    if done.returncode != 0:
        yield None
        return
    try:
        yield mnt
    finally:
        if subprocess.run(["umount", str(mnt)], capture_output=True, timeout=30).returncode != 0:
            subprocess.run(["umount", "-l", str(mnt)], capture_output=True, timeout=30)


def test_disk_full_keeps_what_was_captured(
    unpaced_mic, tiny_disk, tmp_path, monkeypatch, recorders
):
    unpaced_mic(audio_env.speech_like(5.0))
    if tiny_disk is None:  # no mount permission: inject the write error instead
        real_write = sf.SoundFile.write
        calls = {"n": 0}

        def failing_write(self, data):
            calls["n"] += 1
            if calls["n"] > 30:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real_write(self, data)

        monkeypatch.setattr(sf.SoundFile, "write", failing_write)
        out = tmp_path / "full.wav"
    else:
        out = tiny_disk / "full.wav"
    rec = recorders(Recorder(out))
    rec.start()
    assert wait_for(lambda: rec.error is not None, 10.0)
    assert not rec.recording
    rec.stop()
    print(f"disk full: {rec.error}")
    assert "\n" not in rec.error
    assert "kept" in rec.error
    if tiny_disk is not None:
        assert "No space left" in rec.error
    kept = load_audio(out)
    assert kept.duration_s > 1.0
    assert abs(kept.duration_s - rec.written_s) < 0.1


def test_device_lost_mid_recording_keeps_the_audio(tmp_path, recorders):
    if not audio_env.pulseaudio_installed():
        pytest.skip("pulseaudio is not installed")
    private = audio_env.start_pulse()
    try:
        with audio_env.use_env(private.env):
            rec = recorders(Recorder(tmp_path / "lost.wav"))
            rec.start()
            assert wait_for(lambda: rec.written_s > 0.5, 5.0)
            private.proc.kill()  # the "microphone" goes away
            assert wait_for(lambda: rec.error is not None, 5.0)
            assert not rec.recording
            rec.stop()
            # A lost device can take longer than stop() waits to let go (under load); touching
            # its stream again meanwhile (use_env re-initialises PortAudio) deadlocked in C.
            assert rec.wait_closed(60.0), "the lost device's stream never closed"
    finally:
        private.stop()
    print(f"device lost: {rec.error}")
    assert "\n" not in rec.error
    assert load_audio(tmp_path / "lost.wav").duration_s > 0.4
