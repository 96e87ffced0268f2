"""A WAV, FLAC, OGG or MP3 cut inside its header (a copy stopped after a few bytes) is said to
be damaged or cut short: "not a readable audio file (...); use WAV, FLAC, OGG or MP3" told the
owner of a WAV to use WAV. Bytes that are no audio at all keep that line."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from voicecoach.audio.files import load_audio
from voicecoach.errors import AudioFileError

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _wav_bytes() -> bytes:
    out = io.BytesIO()
    sf.write(out, np.zeros(16_000, dtype=np.float32), 16_000, format="WAV", subtype="PCM_16")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("answer.wav", _wav_bytes()[:30]),
        ("answer.flac", (SAMPLES / "greeting-same.flac").read_bytes()[:30]),
        ("answer.ogg", (SAMPLES / "ai-plans-joe-ogg.ogg").read_bytes()[:30]),
        ("answer.ogg", (SAMPLES / "ai-plans-joe-ogg.ogg").read_bytes()[:2000]),
    ],
    ids=["wav-30-bytes", "flac-30-bytes", "ogg-30-bytes", "ogg-2000-bytes"],
)
def test_a_file_cut_inside_its_header_is_said_to_be_cut_short(
    tmp_path: Path, name: str, data: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(AudioFileError) as caught:
        load_audio(path)
    message = str(caught.value)
    assert "damaged or cut short" in message and "record or export" in message, message
    assert "use WAV, FLAC" not in message


def test_text_is_still_told_which_formats_to_use(tmp_path: Path) -> None:
    path = tmp_path / "answer.wav"
    path.write_text("these are my notes, not a recording\n")
    with pytest.raises(AudioFileError) as caught:
        load_audio(path)
    assert "not a readable audio file" in str(caught.value)
    assert "use WAV, FLAC, OGG or MP3" in str(caught.value)
