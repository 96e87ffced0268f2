"""A FLAC cut short (a copy that stopped, a full disk) is said to be damaged or cut short: "not a
readable audio file ...; use WAV, FLAC, OGG or MP3" read as if FLAC itself were the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from voicecoach.audio.files import load_audio
from voicecoach.errors import AudioFileError

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "greeting-same.flac"


@pytest.mark.parametrize("keep", [0.5, 200])
def test_a_truncated_flac_is_said_to_be_damaged_or_cut_short(tmp_path: Path, keep: float) -> None:
    data = SAMPLE.read_bytes()
    cut = tmp_path / "answer.flac"
    cut.write_bytes(data[: int(len(data) * keep) if keep < 1 else int(keep)])
    with pytest.raises(AudioFileError) as caught:
        load_audio(cut)
    message = str(caught.value)
    assert "damaged or cut short" in message and "record or export" in message, message
    assert "use WAV, FLAC" not in message and "Error :" not in message
