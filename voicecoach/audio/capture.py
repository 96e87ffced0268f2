"""Record the answer from the microphone to a WAV file while it is spoken.

Modelled on python-sounddevice's rec_gui example: the PortAudio callback only copies each
block into a queue (and notes its loudness for the meter); a writer thread resamples to
16 kHz mono if needed and streams the blocks to a PCM_16 WAV file. The writer rewrites the
WAV header every ``FLUSH_EVERY_S`` so that a killed process leaves a file that is readable
as it stands, missing at most the last half second; :func:`repair_wav` recovers even that.
Nothing here imports Textual.
"""

from __future__ import annotations

import contextlib
import logging
import math
import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from voicecoach.audio import SAMPLE_RATE
from voicecoach.audio.recovery import repair_wav
from voicecoach.errors import DeviceError
from voicecoach.private_files import disk_full

__all__ = [
    "Recorder",
    "block_level",
    "open_input",
    "default_input_available",
    "list_input_devices",
    "load_sounddevice",
    "repair_wav",
]

_log = logging.getLogger(__name__)

BLOCK_S = 0.05  # 50 ms blocks: a lively meter, little overhead
FLUSH_EVERY_S = 0.5  # header rewritten and data synced this often: a kill loses < 1 s
BACKLOG_S = 60.0  # the queue holds at most this much audio if the disk stalls (bounded memory)
STALL_TIMEOUT_S = 3.0  # no block for this long while recording: the device has gone
# Stopping never waits for ever: PortAudio's stop/close (a device or sound server that does
# not answer) and the writer's last blocks (a disk that does not) each get this long; past it
# the recording is left as it is on disk (the next start repairs and offers it) with a line.
STREAM_CLOSE_TIMEOUT_S = 5.0
WRITER_STOP_TIMEOUT_S = 15.0
LEVEL_FLOOR_DB = -60.0  # dBFS mapped to level 0; 0 dBFS maps to 1
_SFC_UPDATE_HEADER_NOW = 0x1060  # libsndfile: write the current sizes into the header
_STOP = object()  # sentinel for the writer queue

_sd_lock = threading.Lock()
_sd_module: ModuleType | None = None


def _silence_alsa_errors() -> None:
    """Keep alsa-lib's diagnostics off fd 2, where they would garble a terminal UI."""
    try:
        import ctypes
        import ctypes.util

        name = ctypes.util.find_library("asound")
        if not name:
            return
        lib = ctypes.CDLL(name)
        handler_type = ctypes.CFUNCTYPE(
            None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
        )
        handler = handler_type(lambda *_args: None)
        lib.snd_lib_error_set_handler(handler)
        _silence_alsa_errors.handler = handler  # type: ignore[attr-defined]  # keep it alive
    except Exception:  # purely cosmetic, never fatal
        pass


def load_sounddevice() -> ModuleType:
    """Import sounddevice lazily (PortAudio scans devices on import) or raise DeviceError.

    Lazy so that the UI starts fast and tests can point ALSA at a virtual microphone first.
    """
    global _sd_module
    with _sd_lock:
        if _sd_module is None:
            _silence_alsa_errors()
            try:
                import sounddevice
            except OSError as exc:  # PortAudio shared library missing
                raise DeviceError(
                    f"no audio system: {exc}; install PortAudio (apt install libportaudio2)"
                ) from exc
            _sd_module = sounddevice
        return _sd_module


def _input_devices(sd: ModuleType) -> list[tuple[int, str]]:
    try:
        devices = sd.query_devices()
    except Exception:  # a broken backend lists as "no inputs"
        return []
    return [(int(d["index"]), str(d["name"])) for d in devices if d["max_input_channels"] > 0]


def list_input_devices() -> list[str]:
    """Names of the inputs PortAudio sees, as "index: name", for --device and error messages."""
    try:
        sd = load_sounddevice()
    except DeviceError:
        return []
    return [f"{index}: {name}" for index, name in _input_devices(sd)]


def default_input_available() -> bool:
    """True when there is a default microphone, so the UI can say so before recording."""
    try:
        sd = load_sounddevice()
        info = sd.query_devices(kind="input")
    except Exception:  # PortAudioError, DeviceError: no default input
        return False
    return bool(info and info["max_input_channels"] > 0)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def _resolve_device(sd: ModuleType, device: str | int | None) -> tuple[int | None, dict]:
    """Find the input device or raise DeviceError naming the inputs there are."""
    inputs = _input_devices(sd)
    listing = ", ".join(f"{i}: {n}" for i, n in inputs) or "none"
    if isinstance(device, str) and device.strip().lstrip("-").isdigit():
        device = int(device.strip())
    if device is None or device == "":
        try:
            info = sd.query_devices(kind="input")
        except Exception as exc:  # PortAudioError "Error querying device -1"
            raise DeviceError(
                "no microphone found: the system has no audio input device; "
                "connect one or choose one with --device"
            ) from exc
        return None, dict(info)
    try:
        info = sd.query_devices(device, kind="input")
    except Exception as exc:  # ValueError (no match / ambiguous), PortAudioError
        if "multiple" in str(exc).lower():  # a name matching several devices
            raise DeviceError(
                f"{device!r} matches several inputs; give more of the name or the number; "
                f"inputs: {listing}"
            ) from exc
        raise DeviceError(f"no input device {device!r}; inputs: {listing}") from exc
    if info["max_input_channels"] < 1:
        raise DeviceError(f"device {device!r} has no inputs; inputs: {listing}")
    return int(info["index"]), dict(info)


def open_input_stream(
    sd: ModuleType,
    index: int | None,
    info: dict,
    callback: Callable[..., None],
    finished_callback: Callable[[], None] | None = None,
) -> tuple[Any, int]:
    """An input stream on the resolved device, mono float32 in ``BLOCK_S`` blocks, at 16 kHz
    or else at the device's own rate: (stream, rate). Not started. DeviceError naming the
    device when no rate opens."""
    default_rate = int(info.get("default_samplerate") or 48_000)
    rates = [SAMPLE_RATE]
    try:
        sd.check_input_settings(index, channels=1, dtype="float32", samplerate=SAMPLE_RATE)
    except Exception:  # the device does not do 16 kHz: open at its own rate, resample
        rates = [default_rate]
    if default_rate not in rates:
        rates.append(default_rate)  # 16 kHz passed the check but may still fail to open
    failure: BaseException = DeviceError("no sample rate to try")
    for rate in rates:
        try:
            stream = sd.InputStream(
                device=index,
                channels=1,
                samplerate=rate,
                dtype="float32",
                blocksize=max(1, int(rate * BLOCK_S)),
                latency="high",
                callback=callback,
                finished_callback=finished_callback,
            )
        except Exception as exc:  # PortAudioError with an ALSA reason
            failure = exc
            continue
        return stream, rate
    raise DeviceError(
        f"cannot open the microphone {info.get('name', index)!r}: {_one_line(failure)}"
    ) from failure


def open_input(device: str | int | None, callback: Callable[..., None]) -> tuple[Any, str, int]:
    """Resolve ``device`` (None: the default input) and open a stream on it, for a caller other
    than ``Recorder`` (the microphone check): (stream, the device's name, rate)."""
    sd = load_sounddevice()
    index, info = _resolve_device(sd, device)
    stream, rate = open_input_stream(sd, index, info, callback)
    return stream, str(info.get("name") or (device if device is not None else "default")), rate


def block_level(block: np.ndarray) -> float:
    """0..1 loudness of a block for a meter: its RMS from ``LEVEL_FLOOR_DB`` (0) to 0 dBFS (1)."""
    rms = float(np.sqrt(np.mean(block * block))) if len(block) else 0.0
    db = 20.0 * math.log10(rms) if rms > 1e-9 else LEVEL_FLOOR_DB
    return min(1.0, max(0.0, (db - LEVEL_FLOOR_DB) / -LEVEL_FLOOR_DB))


class Recorder:
    """Records the default (or a chosen) microphone into a 16 kHz mono PCM_16 WAV file."""

    def __init__(
        self,
        path: Path,
        device: str | int | None = None,
        on_block: Callable[[np.ndarray], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self.device = device
        self.on_block = on_block
        self._stream: Any = None
        self._writer: threading.Thread | None = None
        self._queue: queue.Queue[Any] = queue.Queue()
        self._lock = threading.Lock()
        self._stream_lock = threading.Lock()
        # Set once the device is stopped and closed: `stop` waits for that only so long, and a
        # second PortAudio call on a stream still aborting can deadlock inside PortAudio.
        self._stream_closed = threading.Event()
        self._stream_closed.set()
        self._device_rate = SAMPLE_RATE
        self._captured = 0  # frames at the device rate, counted in the callback
        self._written = 0  # frames at 16 kHz in the file
        self._level = 0.0
        self._recording = False
        self._stopped = False
        self._error: str | None = None
        self.dropped_blocks = 0  # blocks lost because the writer fell BACKLOG_S behind
        self.overflows = 0  # PortAudio input overflows (the callback was late)

    # -- what the UI polls ---------------------------------------------------------------
    @property
    def level(self) -> float:
        """0..1 loudness of the latest block (-60..0 dBFS), for a meter polled on a timer."""
        return self._level if self._recording else 0.0

    @property
    def elapsed_s(self) -> float:
        """Seconds recorded so far (captured from the device)."""
        return self._captured / self._device_rate

    @property
    def written_s(self) -> float:
        """Seconds already in the file at 16 kHz."""
        return self._written / SAMPLE_RATE

    @property
    def recording(self) -> bool:
        return self._recording

    @property
    def live(self) -> bool:
        """True once the first block arrived: show "recording" then, not at start().

        The first block can take a moment (PortAudio with the ALSA pulse plugin: up to ~2 s
        on an idle PulseAudio null sink); words spoken before it are not captured.
        """
        return self._captured > 0

    @property
    def error(self) -> str | None:
        """One line when the device or the disk failed; what was captured stays in the file."""
        return self._error

    @property
    def device_rate(self) -> int:
        """The rate the device was opened at (16 kHz unless it had to be resampled)."""
        return self._device_rate

    # -- start / stop ----------------------------------------------------------------------
    def start(self) -> None:
        """Open the microphone and begin writing; DeviceError with one line if it cannot."""
        if self._recording or self._stopped:
            raise RuntimeError("a Recorder records once; make a new one")
        sd = load_sounddevice()
        index, info = _resolve_device(sd, self.device)
        stream, rate = open_input_stream(
            sd, index, info, self._callback, finished_callback=self._stream_finished
        )
        self._device_rate = rate
        self._queue = queue.Queue(maxsize=max(16, int(BACKLOG_S / BLOCK_S)))
        try:
            import soundfile as sf

            self.path.parent.mkdir(parents=True, exist_ok=True)
            wav = sf.SoundFile(
                str(self.path),
                mode="w",
                samplerate=SAMPLE_RATE,
                channels=1,
                format="WAV",
                subtype="PCM_16",
            )
        except Exception as exc:  # OSError / LibsndfileError
            stream.close()
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else None
            if disk_full(self.path.parent):  # libsndfile says only "System error."
                reason = "the disk is full; free some space and try again"
            raise DeviceError(
                f"cannot write the recording to {self.path}: {reason or _one_line(exc)}"
            ) from exc
        self._stream = stream
        self._stream_closed.clear()
        self._recording = True
        self._writer = threading.Thread(
            target=self._write_loop, args=(wav, rate), name="voicecoach-recorder", daemon=True
        )
        self._writer.start()
        try:
            stream.start()
        except Exception as exc:
            self._recording = False
            self._finish_writer()
            with contextlib.suppress(Exception):
                stream.close()
            raise DeviceError(f"cannot start the microphone: {_one_line(exc)}") from exc

    def stop(self) -> Path:
        """Stop recording, finish the file and return its path; safe to call twice."""
        with self._lock:
            if self._stopped:
                return self.path
            self._stopped = True
        self._recording = False
        with self._stream_lock:
            stream, self._stream = self._stream, None
        if stream is not None:
            closer = threading.Thread(
                target=self._close_stream, args=(stream,), name="voicecoach-mic-close", daemon=True
            )
            closer.start()
            closer.join(STREAM_CLOSE_TIMEOUT_S)
            if closer.is_alive():
                self._set_error(
                    f"the microphone did not close within {STREAM_CLOSE_TIMEOUT_S:.0f} s; "
                    "the answer so far is kept"
                )
        self._finish_writer()
        return self.path

    def _close_stream(self, stream: Any) -> None:
        """Stop and close the device (a helper thread: ``stop`` waits for it, bounded)."""
        try:
            with self._stream_lock:  # never while the writer thread is aborting
                try:
                    stream.stop()
                except Exception as exc:  # the device vanished already
                    self._set_error(f"the microphone failed: {_one_line(exc)}")
                with contextlib.suppress(Exception):
                    stream.close()
        finally:
            self._stream_closed.set()

    def wait_closed(self, timeout: float) -> bool:
        """True once the device is stopped and closed; ``stop`` returns after
        ``STREAM_CLOSE_TIMEOUT_S`` even when a lost device takes longer to let go."""
        return self._stream_closed.wait(timeout)

    def __enter__(self) -> Recorder:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # -- internals -------------------------------------------------------------------------
    def _set_error(self, message: str) -> None:
        """Every error ends the recording: a poller that sees ``error`` sees ``recording`` False."""
        self._recording = False
        if self._error is None:
            self._error = message
            _log.warning("recording: %s", message)

    def _finish_writer(self) -> None:
        """Let the writer write what is queued and close the file, for ``WRITER_STOP_TIMEOUT_S``
        at most."""
        writer = self._writer
        if writer is None:
            return
        timeout = WRITER_STOP_TIMEOUT_S
        deadline = time.monotonic() + timeout
        while writer.is_alive() and time.monotonic() < deadline:
            try:
                self._queue.put(_STOP, timeout=0.2)
                break
            except queue.Full:
                continue
        writer.join(max(0.0, deadline - time.monotonic()))
        if writer.is_alive():
            self._set_error(
                f"the recording was not finished on disk within {timeout:.0f} s (is the disk "
                "responding?); what reached the file is kept"
            )

    def _callback(self, indata: np.ndarray, frames: int, _time: Any, status: Any) -> None:
        """PortAudio thread: copy, measure, queue. Never blocks and never raises."""
        try:
            if status and status.input_overflow:
                self.overflows += 1
            block = indata[:, 0].copy()
            self._captured += frames
            self._level = block_level(block) if frames else 0.0
            self._queue.put_nowait(block)
        except queue.Full:
            self.dropped_blocks += 1
        except Exception:  # an exception here would abort the stream
            pass

    def _stream_finished(self) -> None:
        """PortAudio calls this when the stream ends; if we did not ask, the device failed."""
        if self._recording and not self._stopped:
            self._set_error(
                "the microphone stopped delivering sound (was it unplugged?); "
                "the answer so far is kept"
            )
            self._recording = False
            with contextlib.suppress(queue.Full):
                self._queue.put_nowait(_STOP)

    def _write_loop(self, wav: Any, rate: int) -> None:
        """Writer thread: resample, write, hand blocks to on_block, keep the header current."""
        resampler = None
        if rate != SAMPLE_RATE:
            import soxr

            resampler = soxr.ResampleStream(rate, SAMPLE_RATE, 1, dtype="float32")
        last_flush = time.monotonic()
        last_block = last_flush
        try:
            while True:
                try:
                    item = self._queue.get(timeout=0.1)
                except queue.Empty:
                    item = None
                now = time.monotonic()
                if item is _STOP:
                    if resampler is not None:
                        tail = resampler.resample_chunk(np.zeros(0, np.float32), last=True)
                        self._write(wav, tail)
                    break
                if item is not None:
                    last_block = now
                    block = item if resampler is None else resampler.resample_chunk(item)
                    if not self._write(wav, block):
                        break
                elif self._recording and now - last_block > STALL_TIMEOUT_S:
                    self._set_error(
                        f"the microphone sent nothing for {STALL_TIMEOUT_S:.0f} s "
                        "(was it unplugged?); the answer so far is kept"
                    )
                    self._abort_stream()
                    break
                if now - last_flush >= FLUSH_EVERY_S:
                    last_flush = now
                    if not self._sync(wav):
                        break
        except Exception as exc:  # never let the thread die silently
            self._set_error(f"recording failed: {_one_line(exc)}")
        finally:
            self._recording = False
            try:
                wav.close()
            except Exception as exc:  # disk full while writing the header
                self._set_error(f"could not finish {self.path.name}: {_one_line(exc)}")
            # leave the queue empty so nothing lingers in memory
            with contextlib.suppress(queue.Empty):
                while True:
                    self._queue.get_nowait()

    def _write(self, wav: Any, block: np.ndarray) -> bool:
        """Write one 16 kHz block; on a disk error note it, stop capturing, keep the file."""
        if not len(block):
            return True
        try:
            wav.write(np.clip(block, -1.0, 1.0))
        except Exception as exc:  # OSError, LibsndfileError, short write
            self._disk_failed(exc, wav)
            return False
        self._written += len(block)
        if self.on_block is not None:
            try:
                self.on_block(block)
            except Exception:  # a consumer bug must not stop the recording
                _log.exception("on_block consumer failed")
        return True

    def _sync(self, wav: Any) -> bool:
        """Put the current length into the header and push the data to the disk."""
        try:
            from soundfile import _snd  # type: ignore[attr-defined]

            _snd.sf_command(wav._file, _SFC_UPDATE_HEADER_NOW, _ffi_null(), 0)
            wav.flush()  # sf_write_sync: fsync
        except Exception as exc:
            self._disk_failed(exc, wav)
            return False
        return True

    def _disk_failed(self, exc: BaseException, wav: Any = None) -> None:
        self._set_error(self._write_failure_message(exc, wav))
        self._abort_stream()

    def _write_failure_message(self, exc: BaseException, wav: Any) -> str:
        """Name the cause: libsndfile only says "System error." unless asked for the detail."""
        if isinstance(exc, OSError) and exc.strerror:
            reason = exc.strerror
        else:
            reason = _one_line(exc)
            with contextlib.suppress(Exception):
                from soundfile import _ffi, _snd  # type: ignore[attr-defined]

                detail = _ffi.string(_snd.sf_strerror(wav._file)).decode(errors="replace")
                reason = detail.split(":", 1)[-1].strip().rstrip(".") or reason
            if disk_full(self.path.parent) and "space" not in reason:
                reason = f"the disk is full: {reason}"
        return (
            f"could not write the recording ({reason}); "
            f"the first {self.written_s:.1f} s are kept in {self.path.name}"
        )

    def _abort_stream(self) -> None:
        """Stop the device after a failure (writer thread); stop() still closes it."""
        self._recording = False
        with self._stream_lock:  # PortAudio calls on one stream must not overlap
            stream = self._stream
            if stream is not None:
                with contextlib.suppress(Exception):
                    stream.abort()


def _ffi_null() -> Any:
    from soundfile import _ffi  # type: ignore[attr-defined]

    return _ffi.NULL
