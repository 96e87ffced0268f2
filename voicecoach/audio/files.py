"""Read any audio file the user has into 16 kHz mono float32, with one-line errors."""

from __future__ import annotations

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

    @property
    def duration_s(self) -> float:
        return len(self.samples) / SAMPLE_RATE


def to_mono_16k(data: np.ndarray, rate: int) -> np.ndarray:
    """Average channels and resample (soxr) to the analysis rate."""
    if data.ndim == 2:
        data = data.mean(axis=1)
    data = np.ascontiguousarray(data, dtype=np.float32)
    if rate != SAMPLE_RATE and len(data):
        import soxr

        data = soxr.resample(data, rate, SAMPLE_RATE).astype(np.float32)
    return data


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
        with sf.SoundFile(str(path)) as fh:
            rate, channels = fh.samplerate, fh.channels
            expected = fh.frames
            data = fh.read(dtype="float32", always_2d=True)
    except sf.LibsndfileError as exc:
        reason = exc.error_string.rstrip(".")
        if "does not exist" in reason:  # what libsndfile says of non-audio bytes named .mp3
            reason = "no audio data"
        raise AudioFileError(
            f"{path}: not a readable audio file ({reason}); use WAV, FLAC, OGG or MP3"
        ) from exc
    except (RuntimeError, OSError, EOFError, ValueError) as exc:
        raise AudioFileError(f"{path}: the audio is damaged or truncated ({exc})") from exc
    if 0 < expected and len(data) < expected:
        raise AudioFileError(
            f"{path}: the file is truncated ({len(data)} of {expected} frames readable)"
        )
    if len(data) == 0:
        raise AudioFileError(f"{path}: the file holds no audio (zero length)")
    if not np.all(np.isfinite(data)):
        raise AudioFileError(f"{path}: the audio holds invalid samples (NaN or infinity)")
    return LoadedAudio(to_mono_16k(data, rate), rate, channels)
