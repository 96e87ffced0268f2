"""A virtual microphone and speaker for tests, through the real PortAudio -> ALSA -> Pulse stack.

The machine has no sound card, so we make one:

* **paced** (real time): a private PulseAudio daemon with two null sinks. ``vmic.monitor`` is
  the default source, so whatever ``paplay --device=vmic`` plays is what sounddevice's default
  input hears, at the pace it is played. ``vout`` is the default sink, so playback has a
  device that consumes audio in real time.
* **unpaced** (exact samples): an ALSA ``file`` PCM on a ``null`` slave whose ``infile`` holds
  raw float32 samples; sounddevice (float32, as the Recorder asks) reads those very samples
  as fast as it asks. Raw S16_LE with ``plug`` converting to float is NOT exact: alsa-lib
  then corrupts the samples after a few periods; hence float32.
* **none**: an ALSA configuration whose only card does not exist: PortAudio sees no devices.

Only environment variables are touched (``ALSA_CONFIG_PATH``, ``PULSE_SERVER``,
``PULSE_CLIENTCONFIG``), never HOME. PortAudio scans devices when it initialises, so after
switching call :func:`reinit_portaudio` (done by :func:`use_env`).
"""

from __future__ import annotations

import contextlib
import glob
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ENV_KEYS = ("ALSA_CONFIG_PATH", "PULSE_SERVER", "PULSE_CLIENTCONFIG")
MIC_SINK = "vmic"
OUT_SINK = "vout"
MIC_RATE = 16_000

ALSA_PULSE_CONF = """\
# every ALSA client (PortAudio, arecord) talks to the private PulseAudio daemon
pcm.!default { type pulse }
ctl.!default { type pulse }
"""

ALSA_NO_DEVICE_CONF = """\
# a machine without a sound card: the default PCM points at a card that does not exist
pcm.!default { type hw card 0 }
ctl.!default { type hw card 0 }
"""

ALSA_FILE_MIC_CONF = """\
# capture reads the raw FLOAT_LE mono samples of {infile} at {rate} Hz, unpaced;
# playback goes nowhere
pcm.!default {{
  type asym
  playback.pcm {{ type null }}
  capture.pcm {{
    type plug
    slave {{
      pcm {{
        type file
        slave.pcm {{ type null }}
        file "/dev/null"
        infile "{infile}"
        format "raw"
      }}
      format FLOAT_LE
      rate {rate}
      channels 1
    }}
  }}
}}
ctl.!default {{ type hw card 0 }}
"""

PULSE_SCRIPT = """\
load-module module-native-protocol-unix socket={socket} auth-anonymous=1
load-module module-null-sink sink_name={mic} rate={rate} channels=1
load-module module-null-sink sink_name={out}
set-default-source {mic}.monitor
set-default-sink {out}
"""


def pulseaudio_installed() -> bool:
    return shutil.which("pulseaudio") is not None


def missing_tools() -> list[str]:
    """What else the Pulse virtual microphone needs, as apt package names."""
    missing = []
    if not all(shutil.which(t) for t in ("paplay", "pacat", "parec", "pactl")):
        missing.append("pulseaudio-utils")
    plugin = "alsa-lib/libasound_module_pcm_pulse.so"
    if not any(Path(d, plugin).exists() for d in ("/usr/lib", *glob.glob("/usr/lib/*-linux-*"))):
        missing.append("libasound2-plugins")
    return missing


def _die_with_parent() -> None:
    """Child processes end with the test run even if pytest is killed (Linux prctl)."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def reinit_portaudio() -> None:
    """Make an already imported sounddevice rescan devices under the current environment.

    Pa_Terminate frees every open stream, and a later close() of such a stream crashes the
    process, so streams a test left open are closed first (a safety net: tests stop their
    Recorders and Players).
    """
    sd = sys.modules.get("sounddevice")
    if sd is None:
        return
    import gc

    for obj in gc.get_objects():
        try:
            is_open = isinstance(obj, sd._StreamBase) and not obj.closed
        except ReferenceError:  # a dead weakref.proxy (Textual keeps some) is no stream
            continue
        if is_open:
            with contextlib.suppress(Exception):
                obj.abort()
            with contextlib.suppress(Exception):
                obj.close()
    sd._terminate()
    sd._initialize()


@contextlib.contextmanager
def use_env(env: dict[str, str]) -> Iterator[None]:
    """Point ALSA/Pulse at ``env`` (other ENV_KEYS unset) for the block, then restore."""
    saved = {key: os.environ.get(key) for key in ENV_KEYS}
    try:
        for key in ENV_KEYS:
            os.environ.pop(key, None)
        os.environ.update(env)
        reinit_portaudio()
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        reinit_portaudio()


@dataclass
class VirtualAudio:
    """A running private PulseAudio daemon: a virtual microphone and a virtual speaker."""

    root: Path
    proc: subprocess.Popen | None
    env: dict[str, str] = field(default_factory=dict)
    keepalive: list[subprocess.Popen] = field(default_factory=list)

    @property
    def log(self) -> str:
        path = self.root / "pulse.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def play_into_mic(self, path: str | Path, wait: bool = False) -> subprocess.Popen:
        """Speak ``path`` into the virtual microphone, in real time (paplay)."""
        proc = subprocess.Popen(
            ["paplay", f"--device={MIC_SINK}", str(path)],
            env={**os.environ, **self.env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        if wait:
            proc.wait(timeout=120)
        return proc

    def pactl(self, *args: str) -> str:
        done = subprocess.run(
            ["pactl", *args],
            env={**os.environ, **self.env},
            capture_output=True,
            text=True,
            timeout=10,
        )
        return done.stdout

    def stop(self) -> None:
        for helper in self.keepalive:
            helper.kill()
            helper.wait(timeout=10)  # SIGKILL: at once, unless stuck in the kernel
        self.keepalive.clear()
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        shutil.rmtree(self.root, ignore_errors=True)


def start_pulse(root: Path | None = None, timeout: float = 15.0) -> VirtualAudio:
    """Start a private PulseAudio daemon (root is fine) and wait until it answers."""
    # a short path: unix socket paths are limited to 108 bytes
    root = Path(root) if root is not None else Path(tempfile.mkdtemp(prefix="vc-pulse-"))
    home, runtime = root / "home", root / "run"
    home.mkdir(parents=True, exist_ok=True)
    runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    socket = root / "native"
    script = root / "default.pa"
    script.write_text(PULSE_SCRIPT.format(socket=socket, mic=MIC_SINK, out=OUT_SINK, rate=MIC_RATE))
    (root / "asound-pulse.conf").write_text(ALSA_PULSE_CONF)
    (root / "client.conf").write_text("autospawn = no\n")
    daemon_env = {
        **os.environ,
        "HOME": str(home),
        "XDG_RUNTIME_DIR": str(runtime),
        "XDG_CONFIG_HOME": str(home / ".config"),
    }
    for key in ENV_KEYS:
        daemon_env.pop(key, None)
    with open(root / "pulse.log", "wb") as log:
        proc = subprocess.Popen(
            [
                "pulseaudio",
                "--daemonize=no",
                "--exit-idle-time=-1",
                "--use-pid-file=no",
                "--realtime=no",
                "--high-priority=no",
                "--disallow-module-loading=no",
                "-n",
                "-F",
                str(script),
                "--log-target=stderr",
            ],
            env=daemon_env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
    audio = VirtualAudio(
        root=root,
        proc=proc,
        env={
            "ALSA_CONFIG_PATH": str(root / "asound-pulse.conf"),
            "PULSE_SERVER": f"unix:{socket}",
            "PULSE_CLIENTCONFIG": str(root / "client.conf"),
        },
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log_text = audio.log
            audio.stop()
            raise RuntimeError(f"pulseaudio exited ({proc.returncode}):\n{log_text}")
        if socket.exists() and f"{MIC_SINK}.monitor" in audio.pactl("list", "short", "sources"):
            _keep_sinks_low_latency(audio)
            return audio
        time.sleep(0.05)
    log_text = audio.log
    audio.stop()
    raise RuntimeError(f"pulseaudio did not come up in {timeout} s:\n{log_text}")


def _keep_sinks_low_latency(audio: VirtualAudio) -> None:
    """Keep both null sinks busy at 30 ms latency, then wait out their first 2 s block.

    An idle null sink renders in blocks of its maximum latency (2 s), so a stream opened on
    its monitor, or a playback stream, would otherwise wait up to 2 s for its first block.
    """
    env = {**os.environ, **audio.env}
    quiet = {
        "env": env,
        "stdout": subprocess.DEVNULL,
        "stderr": subprocess.DEVNULL,
        "preexec_fn": _die_with_parent,
    }
    fmt = ["--raw", f"--rate={MIC_RATE}", "--channels=1", "--format=s16le", "--latency-msec=30"]
    audio.keepalive.append(
        subprocess.Popen(
            ["pacat", "--playback", f"--device={MIC_SINK}", *fmt, "/dev/zero"], **quiet
        )
    )
    audio.keepalive.append(
        subprocess.Popen(["parec", f"--device={OUT_SINK}.monitor", *fmt], **quiet)
    )
    probe = subprocess.Popen(
        ["parec", f"--device={MIC_SINK}.monitor", *fmt],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        _read_within(probe.stdout, 320, FIRST_BLOCK_TIMEOUT_S)  # type: ignore[arg-type]
    finally:
        probe.kill()
        probe.wait(timeout=10)


FIRST_BLOCK_TIMEOUT_S = 10.0  # the sink's first block takes up to 2 s; a dead server, for ever


def _read_within(pipe: Any, size: int, timeout: float) -> bytes:
    """Up to ``size`` bytes from a pipe, for ``timeout`` at most (a plain read waits for ever
    when the writer never writes): RuntimeError naming the wait when nothing came."""
    deadline = time.monotonic() + timeout
    data = b""
    while len(data) < size:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([pipe], [], [], left)[0]:
            raise RuntimeError(f"the virtual sink sent no audio within {timeout:.0f} s")
        chunk = os.read(pipe.fileno(), size - len(data))
        if not chunk:
            break
        data += chunk
    return data


def write_raw_float(samples: np.ndarray, path: Path) -> Path:
    """Mono samples -> raw FLOAT_LE, the format the ALSA file mic reads (int16 is scaled)."""
    if samples.dtype == np.int16:
        samples = samples / 32768.0
    samples.astype("<f4").tofile(path)
    return path


def file_mic_env(root: Path, raw: Path, rate: int = MIC_RATE) -> dict[str, str]:
    """Environment for the unpaced ALSA file microphone reading ``raw``."""
    conf = root / "asound-filemic.conf"
    conf.write_text(ALSA_FILE_MIC_CONF.format(infile=raw, rate=rate))
    return {"ALSA_CONFIG_PATH": str(conf), "PULSE_SERVER": "unix:/nonexistent"}


def no_device_env(root: Path) -> dict[str, str]:
    """Environment in which PortAudio finds no audio device at all."""
    conf = root / "asound-nodevice.conf"
    conf.write_text(ALSA_NO_DEVICE_CONF)
    return {"ALSA_CONFIG_PATH": str(conf), "PULSE_SERVER": "unix:/nonexistent"}


def speech_like(seconds: float, rate: int = MIC_RATE, seed: int = 1) -> np.ndarray:
    """A deterministic test signal: bursts of band-limited noise and tones with gaps.

    Broadband, so a cross-correlation has one sharp peak; with silences, so the level meter
    has something to fall to.
    """
    rng = np.random.default_rng(seed)
    n = int(seconds * rate)
    t = np.arange(n) / rate
    noise = np.convolve(rng.standard_normal(n), np.ones(4) / 4, mode="same")
    tone = np.sin(2 * np.pi * 220 * t) + 0.5 * np.sin(2 * np.pi * 1330 * t)
    envelope = (np.sin(2 * np.pi * 1.3 * t) > -0.2).astype(float)
    signal = (0.25 * noise + 0.2 * tone) * envelope
    return signal.astype(np.float32)
