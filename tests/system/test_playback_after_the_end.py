"""The real Player: after the sound has ended, a seek back chooses where play starts again
(the replay screen's ← then space); at the end, play starts from the beginning."""

from __future__ import annotations

import time

import pytest
import soundfile as sf
from support import audio_env

from voicecoach.audio.playback import Player

pytestmark = pytest.mark.audio


def test_play_after_the_end_starts_where_a_seek_put_it(virtual_mic, tmp_path) -> None:
    path = tmp_path / "answer.flac"
    sf.write(path, audio_env.speech_like(1.5), 16_000)
    player = Player(path)
    try:
        player.play()
        assert player.wait(4.0) and player.finished
        player.seek(1.0)
        player.play()
        time.sleep(0.1)
        assert player.position_s >= 1.0  # not back to 0:00
        assert player.wait(3.0) and player.finished
        player.play()  # at the end: from the start again
        time.sleep(0.1)
        assert 0 < player.position_s < 1.0
    finally:
        player.stop()
