"""Read any audio file the user has into 16 kHz mono float32, with one-line errors."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

from voicecoach.audio import SAMPLE_RATE
from voicecoach.errors import AudioFileError


@dataclass(frozen=True)
class LoadedAudio:
    """Samples ready for analysis, and what the file was."""

    samples: np.ndarray  # float32, mono, SAMPLE_RATE
    source_rate: int
    source_channels: int
    announced_s: float | None = None  # a WAV header's length when the file holds less

    @property
    def duration_s(self) -> float:
        return len(self.samples) / SAMPLE_RATE

    @property
    def note(self) -> str | None:
        """A note for the report when the file ends before its header says it does (a copy
        cut short, a recording cut by a crash): analysed, since refusing would lose it, but
        the figures then cover only what is there."""
        if self.announced_s is None:
            return None
        from voicecoach.datatypes import seconds_text

        return (
            f"the file ends early: {seconds_text(self.duration_s)} of the "
            f"{seconds_text(self.announced_s)} its header announces; the figures cover only "
            "what is there"
        )


# A WAV header's data size meaning "unknown, read to the end" (streamed WAVs), not a length.
UNKNOWN_WAV_SIZES = frozenset({0, 0xFFFF_FFFF, 0x7FFF_FFFF})


def wav_announced_s(path: Path, rate: int) -> float | None:
    """Seconds a WAV's header announces, when its data chunk claims more whole frames than
    the file holds (libsndfile quietly reads what is there); None otherwise or if not a WAV."""
    import struct

    from voicecoach.audio.recovery import _scan

    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            align, size_at, start = _scan(fh, size)
            fh.seek(size_at)
            declared = struct.unpack("<I", fh.read(4))[0]
    except (AudioFileError, OSError, struct.error):
        return None
    if declared in UNKNOWN_WAV_SIZES or rate <= 0:
        return None
    if declared // align <= (size - start) // align:
        return None
    return declared // align / rate


# Sample rates a recording can have. A header outside them is damaged or not sound: at 1 Hz a
# 2 s clip would be resampled into 8 hours of audio, at 2^31 Hz into none.
MIN_SOURCE_RATE = 4_000
MAX_SOURCE_RATE = 768_000
# Frames decoded at a time: the file is read, mixed to mono and resampled block by block, so
# memory holds the 16 kHz result and one block, not the whole file at its own rate (a 3-hour
# 48 kHz stereo file is 4 GB as float32 samples; its 16 kHz mono result 0.7 GB).
READ_BLOCK_FRAMES = 1 << 18


def to_mono_16k(data: np.ndarray, rate: int) -> np.ndarray:
    """Average channels and resample (soxr) to the analysis rate."""
    if data.ndim == 2:
        # One channel is taken as it is (the same numbers as its mean, without a second copy
        # of the whole recording: 230 MB for an hour at 16 kHz).
        data = data[:, 0] if data.shape[1] == 1 else data.mean(axis=1)
    data = np.ascontiguousarray(data, dtype=np.float32)
    if rate != SAMPLE_RATE and len(data):
        import soxr

        data = soxr.resample(data, rate, SAMPLE_RATE).astype(np.float32)
    return data


# Names libsndfile hands to libmpg123, which prints "Note: Illegal Audio-MPEG-Header ..." lines of
# its own on bad data (straight to file descriptor 2, so Python cannot catch them).
MPEG_SUFFIXES = frozenset({".mp3", ".mp2", ".mp1", ".mpga", ".mpeg"})
MPEG_FORMATS = frozenset({"MP3", "MPEG"})  # soundfile's name for the container


@contextmanager
def quiet_stderr(enabled: bool = True) -> Iterator[None]:
    """Point file descriptor 2 at /dev/null for the block, and always back after it.

    Only for the MPEG decoder: the terminal UI (Textual) draws on file descriptor 2, so this
    is never used around files the app itself records (WAV).
    """
    if not enabled:
        yield
        return
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):
        yield  # no usable stderr to silence
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 2)
        finally:
            os.close(devnull)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


# How WAV (RIFF, RIFX, RF64), FLAC and OGG files begin: a file that does and still cannot be
# opened was cut inside its header (a copy stopped after a few bytes); "use WAV, FLAC, OGG or
# MP3" told the owner of a WAV to use WAV.
AUDIO_MAGIC = (b"RIFF", b"RIFX", b"RF64", b"fLaC", b"OggS")


def _audio_magic(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(4) in AUDIO_MAGIC
    except OSError:
        return False


def load_audio(path: str | Path) -> LoadedAudio:
    """Decode WAV/FLAC/OGG/MP3 (anything libsndfile reads) or raise AudioFileError."""
    path = Path(path)
    if not path.exists():
        raise AudioFileError(f"{path}: no such file")
    if path.is_dir():
        raise AudioFileError(f"{path}: is a directory, not an audio file")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise AudioFileError(f"{path}: cannot read ({exc.strerror})") from exc
    if size == 0:
        raise AudioFileError(f"{path}: the file is empty (0 bytes); record the answer again")
    try:
        # libmpg123 writes its notes on non-audio or damaged MP3 data to stderr: our one line
        # says what is wrong, so they are silenced around the open (named MP3) and the read (MP3
        # by name or by content: libsndfile recognises MPEG data under any name).
        mpeg_name = path.suffix.lower() in MPEG_SUFFIXES
        with quiet_stderr(mpeg_name):
            fh = sf.SoundFile(str(path))
        with fh, quiet_stderr(mpeg_name or fh.format in MPEG_FORMATS):
            rate, channels, container = fh.samplerate, fh.channels, fh.format
            expected = fh.frames
            if not MIN_SOURCE_RATE <= rate <= MAX_SOURCE_RATE:
                raise AudioFileError(
                    f"{path}: the file claims a sample rate of {rate} Hz, which no recording "
                    f"has ({MIN_SOURCE_RATE}-{MAX_SOURCE_RATE} Hz); the header is damaged: "
                    "export the answer again as WAV, FLAC, OGG or MP3"
                )
            samples, read, finite = _read_mono_16k(fh, rate)
    except sf.LibsndfileError as exc:
        reason = exc.error_string.rstrip(".")
        if "does not exist" in reason:  # what libsndfile says of non-audio bytes named .mp3
            reason = "no audio data"
        reason = reason.removeprefix("Error : ")
        if "decoder" in reason or _audio_magic(path):
            # "flac decoder lost sync": the format was recognised and its data broke off, so
            # "use WAV, FLAC, ..." read as if FLAC itself were the problem.
            raise AudioFileError(
                f"{path}: the audio looks damaged or cut short ({reason}); record or export "
                "the answer again"
            ) from exc
        raise AudioFileError(
            f"{path}: not a readable audio file ({reason}); use WAV, FLAC, OGG or MP3"
        ) from exc
    except (RuntimeError, OSError, EOFError, ValueError) as exc:
        raise AudioFileError(f"{path}: the audio is damaged or truncated ({exc})") from exc
    if 0 < expected and read < expected:
        raise AudioFileError(
            f"{path}: the file is truncated ({read} of {expected} frames readable)"
        )
    if read == 0 or len(samples) == 0:
        raise AudioFileError(f"{path}: the file holds no audio (zero length)")
    if not finite:
        raise AudioFileError(f"{path}: the audio holds invalid samples (NaN or infinity)")
    announced = wav_announced_s(path, rate) if container == "WAV" else None
    return LoadedAudio(samples, rate, channels, announced)


def _read_mono_16k(fh: sf.SoundFile, rate: int) -> tuple[np.ndarray, int, bool]:
    """The whole file as 16 kHz mono float32, decoded a block at a time (the same numbers as
    ``to_mono_16k`` on the whole file: soxr's stream gives its one-shot result); also how many
    frames were read and whether every sample was finite."""
    resampler = None
    if rate != SAMPLE_RATE:
        import soxr

        resampler = soxr.ResampleStream(rate, SAMPLE_RATE, 1, dtype="float32")
    parts: list[np.ndarray] = []
    read = 0
    finite = True
    for block in fh.blocks(blocksize=READ_BLOCK_FRAMES, dtype="float32", always_2d=True):
        read += len(block)
        finite = finite and bool(np.all(np.isfinite(block)))
        mono = to_mono_16k(block, SAMPLE_RATE)  # channels mixed; the rate is changed below
        if resampler is not None:
            mono = resampler.resample_chunk(mono)
        if len(mono):
            parts.append(mono)
    if resampler is not None and read:
        parts.append(resampler.resample_chunk(np.zeros(0, np.float32), last=True))
    samples = np.concatenate(parts) if parts else np.zeros(0, np.float32)
    return samples.astype(np.float32, copy=False), read, finite
