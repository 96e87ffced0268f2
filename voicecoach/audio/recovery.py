"""Make a WAV file readable again after the recording process was killed.

libsndfile writes the RIFF and data sizes into the header only when told to (the recorder
does so every half second) and when the file is closed. A process killed in between leaves
sizes that stop short of the data on disk (or are 0 if it died in the first half second).
The samples themselves are all there, so we rewrite the two sizes from the file's length.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

from voicecoach.errors import AudioFileError

__all__ = ["repair_wav", "wav_needs_repair"]

_MAX_RIFF = 0xFFFF_FFFF


def _scan(fh, size: int) -> tuple[int, int, int]:
    """Return (block_align, data_size_field_offset, data_start) or raise AudioFileError."""
    head = fh.read(12)
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        raise AudioFileError(f"{fh.name}: not a WAV file (no RIFF/WAVE header)")
    block_align = 0
    pos = 12
    while pos + 8 <= size:
        fh.seek(pos)
        chunk_id, chunk_size = struct.unpack("<4sI", fh.read(8))
        if chunk_id == b"fmt ":
            fmt = fh.read(min(chunk_size, 16))
            if len(fmt) < 16:
                break
            block_align = struct.unpack("<H", fmt[12:14])[0]
        elif chunk_id == b"data":
            if block_align <= 0:
                raise AudioFileError(f"{fh.name}: damaged WAV header (no format before the data)")
            return block_align, pos + 4, pos + 8
        pos += 8 + chunk_size + (chunk_size & 1)
    raise AudioFileError(f"{fh.name}: damaged WAV header (no data chunk); nothing to recover")


def wav_needs_repair(path: str | Path) -> bool:
    """True when the header's sizes do not match what is on disk (a killed recording)."""
    path = Path(path)
    size = path.stat().st_size
    with open(path, "rb") as fh:
        try:
            align, size_at, start = _scan(fh, size)
        except AudioFileError:
            return False
        fh.seek(size_at)
        declared = struct.unpack("<I", fh.read(4))[0]
        fh.seek(4)
        riff = struct.unpack("<I", fh.read(4))[0]
    actual = min(size - start, _MAX_RIFF - start) // align * align
    return declared != actual or riff != min(size - 8, _MAX_RIFF)


def repair_wav(path: str | Path) -> Path:
    """Rewrite the RIFF and data sizes from the file's length, in place; returns the path.

    Only whole frames are counted; a torn last frame is cut off. A file that needs no repair
    is left untouched. Raises AudioFileError if the header itself is missing or damaged.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise AudioFileError(f"{path}: cannot read ({exc.strerror})") from exc
    if size < 44:
        raise AudioFileError(f"{path}: too short to hold a WAV header ({size} bytes)")
    with open(path, "r+b") as fh:
        align, size_at, start = _scan(fh, size)
        data = min(size - start, _MAX_RIFF - start) // align * align
        end = start + data
        fh.seek(size_at)
        fh.write(struct.pack("<I", data))
        fh.seek(4)
        fh.write(struct.pack("<I", min(end - 8, _MAX_RIFF)))
        if end < size:
            fh.truncate(end)  # a torn frame at the end would be read as noise
        fh.flush()
        os.fsync(fh.fileno())
    return path
