"""Which live cue shows while an answer is recorded (``voicecoach.practice.cues``): the pace
decays through silence, "silent N s" after the config's very long pause, "wrap up" in the last
10 s of the target band and "over time" after it."""

from __future__ import annotations

import pytest

from voicecoach.config import Config
from voicecoach.practice.cues import Cues, choose_cues

BAND = (60.0, 90.0)


def test_speaking_inside_the_band_shows_only_the_pace() -> None:
    assert choose_cues(30.0, BAND, 29.8, 140.0, Config()) == Cues(140.0, None, "")


def test_the_pace_decays_through_silence_instead_of_freezing() -> None:
    config = Config()
    paces = [choose_cues(30.0 + s, BAND, 30.0, 140.0, config).pace_wpm for s in (0, 5, 10, 19)]
    assert paces[0] == 140.0
    assert paces[0] > paces[1] > paces[2] > paces[3] > 0  # falls second by second
    assert paces[2] == pytest.approx(70.0)  # half the 20 s window is silence
    assert choose_cues(51.0, BAND, 30.0, 140.0, config).pace_wpm is None  # all silence


def test_silence_is_said_after_the_configs_very_long_pause() -> None:
    config = Config()  # very long pause: 2 s
    assert choose_cues(31.5, BAND, 30.0, 140.0, config).silent_s is None
    assert choose_cues(34.2, BAND, 30.0, 140.0, config).silent_s == 4
    longer = Config(very_long_pause_s=5.0)
    assert choose_cues(34.2, BAND, 30.0, 140.0, longer).silent_s is None


def test_no_silence_cue_before_the_first_word() -> None:
    assert choose_cues(8.0, BAND, None, None, Config()) == Cues(None, None, "")


def test_wrap_up_ten_seconds_before_the_top_of_the_band_then_over_time() -> None:
    config = Config()
    assert choose_cues(79.9, BAND, 79.8, 140.0, config).time == ""
    assert choose_cues(80.0, BAND, 79.8, 140.0, config).time == "wrap up"
    assert choose_cues(90.0, BAND, 89.8, 140.0, config).time == "wrap up"
    assert choose_cues(90.1, BAND, 90.0, 140.0, config).time == "over time"


def test_a_band_narrower_than_ten_seconds_wraps_up_from_its_bottom() -> None:
    assert choose_cues(2.0, (3.0, 10.0), 1.9, None, Config()).time == ""
    assert choose_cues(3.0, (3.0, 10.0), 2.9, None, Config()).time == "wrap up"
