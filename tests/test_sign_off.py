"""Whisper's invented sign-off ("Thank you for watching.") after an answer is not counted."""

from __future__ import annotations

import numpy as np

from voicecoach.analysis import trailing_sign_off
from voicecoach.analysis.voice_activity import SpeechRegion, VoiceActivity
from voicecoach.results import Word

# The end of mfa-acoustic-corpus.flac: voice activity, and what tiny.en wrote over it.
VOICE = VoiceActivity(
    [SpeechRegion(24.19, 24.83), SpeechRegion(24.99, 25.31)], np.zeros(0), np.zeros(0), -23.0, -34.0
)
SAID = [
    Word("be", 24.56, 24.64, 1.0),
    Word("all.", 24.64, 24.86, 1.0),
    Word("Thanks.", 25.02, 25.2, 0.99),
]
SIGN_OFF = [
    Word("Thank", 25.2, 25.4, 0.01),
    Word("you", 25.4, 25.4, 0.98),
    Word("for", 25.4, 25.4, 0.13),
    Word("watching.", 25.4, 25.48, 0.61),
]


def test_a_sign_off_whisper_wrote_over_the_silence_is_found() -> None:
    assert trailing_sign_off(SAID + SIGN_OFF, VOICE) == 4


def test_words_said_at_the_end_are_kept_however_unsure_whisper_was() -> None:
    assert trailing_sign_off(SAID, VOICE) == 0
    # An unsure word followed by a word with voice of its own was said.
    voiced_end = [Word("Thank", 24.2, 24.4, 0.05), Word("you.", 24.45, 24.8, 0.9)]
    assert trailing_sign_off(SAID[:1] + voiced_end, VOICE) == 0
    # One unsure last word alone is not a sign-off: Whisper's loose timing, not invention.
    assert trailing_sign_off(SAID + SIGN_OFF[:1], VOICE) == 0
