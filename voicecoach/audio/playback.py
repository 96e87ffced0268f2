"""Play an answer back (history, replay) or a synthesised question through sounddevice.

The whole sound sits in memory (an hour of 16 kHz mono is 230 MB as float32, so answers
are fine) and an ``OutputStream`` callback copies from it at a position. Pause keeps the
stream open and plays silence, so pause, resume and seek are instant and never block the UI.
Nothing here imports Textual.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Any

import numpy as np

from voicecoach.audio.capture import STREAM_CLOSE_TIMEOUT_S, load_sounddevice
from voicecoach.errors import AudioFileError, DeviceError

__all__ = ["Player", "output_available"]

# ``wait()`` with no timeout waits for the rest of the sound plus this: an output that stops
# pulling frames (a stalled sound server) never holds the caller.
WAIT_SLACK_S = 5.0


def output_available() -> bool:
    """True when there is a default output device, i.e. a question can be heard."""
    try:
        sd = load_sounddevice()
        info = sd.query_devices(kind="output")
    except Exception:  # no default output, or no PortAudio at all
        return False
    return bool(info and info["max_output_channels"] > 0)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _read_file(path: Path) -> tuple[np.ndarray, int]:
    import soundfile as sf

    try:
        data, rate = sf.read(str(path), dtype="float32", always_2d=True)
    except Exception as exc:  # LibsndfileError, OSError
        raise AudioFileError(f"{path}: cannot play this file ({_one_line(exc)})") from exc
    return data, int(rate)


class Player:
    """Plays a file or an array, with pause, resume, seek and a position the UI can poll."""

    def __init__(
        self,
        source: str | Path | np.ndarray,
        samplerate: int | None = None,
        device: str | int | None = None,
    ) -> None:
        if isinstance(source, np.ndarray):
            if samplerate is None:
                raise ValueError("samplerate is required when playing an array")
            data = np.asarray(source, dtype=np.float32)
            rate = int(samplerate)
        else:
            data, rate = _read_file(Path(source))
        if data.ndim == 1:
            data = data[:, None]
        if data.shape[1] > 2:  # mix surround down to mono: we only need to hear speech
            data = data.mean(axis=1, keepdims=True)
        self._data = np.ascontiguousarray(data, dtype=np.float32)
        self._rate = rate
        self._device = device
        self._stream: Any = None
        self._pos = 0  # next frame to hand to the device
        self._paused = False
        self._finished = False
        self._lock = threading.Lock()  # position, between the UI and the audio callback
        self._stream_lock = threading.RLock()  # open/close: play, stop, _reap
        self._done = threading.Event()
        self._done.set()  # nothing playing: wait() returns at once
        self._error: str | None = None
        self._ended = False  # the current stream has finished (set by PortAudio)
        self._callback_stop: type[BaseException] = Exception

    # -- state ---------------------------------------------------------------------------
    @property
    def duration_s(self) -> float:
        return len(self._data) / self._rate

    @property
    def position_s(self) -> float:
        """Seconds into the sound (frames handed to the device; it is heard one latency later)."""
        self._reap()
        return self._pos / self._rate

    @property
    def playing(self) -> bool:
        self._reap()
        return self._stream is not None and not self._paused and not self._finished

    @property
    def paused(self) -> bool:
        return self._stream is not None and self._paused and not self._finished

    @property
    def finished(self) -> bool:
        """True once the sound has played to its end."""
        self._reap()
        return self._finished

    @property
    def error(self) -> str | None:
        """One line when the output device failed during playback."""
        return self._error

    # -- control -------------------------------------------------------------------------
    def play(self) -> None:
        """Start playing from the current position (from the start once at the end): after
        the end, a seek back (the replay's left arrow) chooses where playing starts again."""
        if self.playing:
            return
        if self._pos >= len(self._data):
            self._pos = 0
        self._finished = False
        self._paused = False
        self._done.clear()
        with self._stream_lock:
            stream = self._stream
            if stream is not None and (self._ended or not stream.active):
                # ended by CallbackStop or a device error: a stopped stream is not reused
                self._stream = None
                self._close(stream)
            if self._stream is None:
                try:
                    self._open()
                except BaseException:
                    self._done.set()
                    raise

    def pause(self) -> None:
        self._paused = True

    def resume(self) -> None:
        if self._stream is None or self._finished:
            self.play()
        else:
            self._paused = False

    def toggle(self) -> None:
        """Space bar semantics: pause when playing, otherwise play or resume."""
        if self.playing:
            self.pause()
        else:
            self.resume()

    def stop(self) -> None:
        """Stop, release the device, and rewind."""
        with self._stream_lock:
            stream, self._stream = self._stream, None
            if stream is not None:
                self._close(stream, abort=True)
        self._paused = False
        self._finished = False
        self._pos = 0
        self._done.set()

    def seek(self, seconds: float) -> None:
        """Jump to an absolute time, clamped to the sound."""
        frame = int(round(max(0.0, min(float(seconds), self.duration_s)) * self._rate))
        with self._lock:
            self._pos = frame

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the sound ends or stop(); True if it did within the timeout (by
        default the rest of the sound plus ``WAIT_SLACK_S``)."""
        if timeout is None:
            timeout = max(0.0, self.duration_s - self._pos / self._rate) + WAIT_SLACK_S
        done = self._done.wait(timeout)
        self._reap()
        return done

    def close(self) -> None:
        self.stop()

    def __enter__(self) -> Player:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # -- internals -----------------------------------------------------------------------
    def _open(self) -> None:
        sd = load_sounddevice()
        self._callback_stop = sd.CallbackStop
        self._error = None
        self._ended = False
        try:
            info = sd.query_devices(self._device, kind="output")
        except Exception as exc:
            if self._device is None:
                raise DeviceError(
                    "no audio output found: nothing to play through (the text is shown instead)"
                ) from exc
            outputs = ", ".join(
                f"{d['index']}: {d['name']}"
                for d in _safe_devices(sd)
                if d["max_output_channels"] > 0
            )
            raise DeviceError(
                f"no output device {self._device!r}; outputs: {outputs or 'none'}"
            ) from exc
        channels = self._data.shape[1]
        rate = self._rate
        try:
            sd.check_output_settings(self._device, channels=channels, samplerate=rate)
        except Exception:  # the device cannot play this rate: resample the whole sound once
            import soxr

            rate = int(info.get("default_samplerate") or 48_000)
            with self._lock:
                position_s = self._pos / self._rate
                self._data = np.ascontiguousarray(
                    soxr.resample(self._data, self._rate, rate), dtype=np.float32
                )
                self._rate = rate
                self._pos = int(position_s * rate)
        try:
            stream = sd.OutputStream(
                device=self._device,
                samplerate=rate,
                channels=channels,
                dtype="float32",
                callback=self._callback,
                finished_callback=self._on_finished,
            )
            stream.start()
        except Exception as exc:
            raise DeviceError(
                f"cannot play through {info.get('name', 'the output')!r}: {_one_line(exc)}"
            ) from exc
        self._stream = stream

    def _callback(self, outdata: np.ndarray, frames: int, _time: Any, _status: Any) -> None:
        """PortAudio thread: copy the next frames, or silence while paused."""
        try:
            if self._paused:
                outdata.fill(0)
                return
            with self._lock:
                start = self._pos
                chunk = self._data[start : start + frames]
                self._pos = start + len(chunk)
            n = len(chunk)
            outdata[:n] = chunk
            if n < frames:
                outdata[n:].fill(0)
                self._finished = True
        except Exception:  # an exception here would kill the stream mid-sound
            outdata.fill(0)
            self._finished = True
        if self._finished:
            raise self._callback_stop  # plays this last block, then ends the stream

    def _on_finished(self) -> None:
        """End of stream: the sound is over, stop() was called, or the device failed."""
        stream = self._stream
        if not self._finished and stream is not None and self._pos < len(self._data):
            self._error = "the audio output stopped before the end of the sound"
        self._finished = self._finished or stream is not None
        self._ended = True
        self._done.set()

    def _reap(self) -> None:
        """Close a stream that has ended, releasing the device.

        Called from the polled getters and wait(), i.e. from the thread that drives the
        player, never from PortAudio's thread (where closing is not allowed) and never from
        a helper thread left running (which could race with PortAudio being re-initialised;
        ``_close``'s thread is joined at once).
        """
        if self._ended and self._stream is not None:
            with self._stream_lock:
                stream = self._stream
                if self._ended and stream is not None:
                    self._stream = None
                    self._close(stream)

    def _close(self, stream: Any, abort: bool = False) -> None:
        """Close a stream, waiting ``STREAM_CLOSE_TIMEOUT_S`` at most: PortAudio's close can
        block on a sound server that does not answer. The closing thread is a daemon joined
        at once, so it never runs beside another PortAudio call of this player's caller."""

        def close() -> None:
            if abort:
                with contextlib.suppress(Exception):
                    stream.abort()
            with contextlib.suppress(Exception):
                stream.close()

        closer = threading.Thread(target=close, name="voicecoach-output-close", daemon=True)
        closer.start()
        closer.join(STREAM_CLOSE_TIMEOUT_S)
        if closer.is_alive() and self._error is None:
            self._error = (
                f"the audio output did not close within {STREAM_CLOSE_TIMEOUT_S:.0f} s; "
                "restart voicecoach if it stays silent"
            )


def _safe_devices(sd: Any) -> list[dict]:
    try:
        return list(sd.query_devices())
    except Exception:
        return []
