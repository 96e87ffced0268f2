"""The silence cue counts only the audio the live pass has listened to (issue 22): while it
transcribes a chunk it hears nothing new, and in a real terminal on a busy machine the screen
said "silent 4 s" while the answer went on."""

from __future__ import annotations

from voicecoach.config import Config
from voicecoach.practice.cues import choose_cues
from voicecoach.practice.live import LiveState

BAND = (60.0, 90.0)


def test_no_silence_cue_for_audio_the_voice_activity_has_not_heard_yet() -> None:
    # Speech last heard 17 s in; the recorder is at 21 s, the voice activity at 17.5 s (busy
    # transcribing): the 3.5 s it has not listened to may be speech, so no cue and no decay.
    cues = choose_cues(21.0, BAND, 17.0, 140.0, Config(), heard_s=17.5)
    assert cues.silent_s is None
    assert cues.pace_wpm == 140.0


def test_the_silence_cue_comes_once_the_voice_activity_has_heard_the_silence() -> None:
    cues = choose_cues(21.0, BAND, 17.0, 140.0, Config(), heard_s=21.0)
    assert cues.silent_s == 4
    assert cues.pace_wpm is not None and cues.pace_wpm < 140.0


def test_the_time_cues_follow_the_clock_not_the_voice_activity() -> None:
    assert choose_cues(85.0, BAND, 84.0, 140.0, Config(), heard_s=70.0).time == "wrap up"
    assert choose_cues(91.0, BAND, 90.0, 140.0, Config(), heard_s=70.0).time == "over time"


def test_a_state_that_does_not_say_how_far_it_heard_counts_all_the_audio() -> None:
    state = LiveState(last_speech_s=17.0)
    assert state.heard_s is None
    assert choose_cues(21.0, BAND, 17.0, 140.0, Config(), heard_s=state.heard_s).silent_s == 4
