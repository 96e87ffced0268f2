"""Whisper's sign-off split by the squeezed-run rule: on an answer recorded through the app
(celery-why, 17 s) tiny.en ended with "workers. Thank you very much for joining us. Thank you
very much for joining us.", "Thank you very" and the second copy squeezed into one instant and
left out, but "much for joining us." (0.26 s over the answer's last 0.14 s of sound, none of
its words with voice of its own) stayed: 4 words never said, the pace 146 -> 163 wpm."""

from __future__ import annotations

import numpy as np

from voicecoach.analysis import analyze
from voicecoach.analysis.voice_activity import SpeechRegion, VoiceActivity
from voicecoach.datatypes import Transcript, Word

RATE = 16_000
# The recording's last speech region ends at 16.06 s.
VOICE = VoiceActivity(
    [SpeechRegion(12.02, 14.28), SpeechRegion(14.56, 16.06)], np.zeros(0), np.zeros(0), -23.0, -60.0
)
SAID = [
    Word(t, 12.1 + 0.3 * i, 12.35 + 0.3 * i, 0.95)
    for i, t in enumerate("our bulk uploads took minutes, and they blocked the web".split())
] + [Word("workers.", 15.6, 15.92, 0.9)]
# What tiny.en wrote after it, with its times and probabilities.
INVENTED = [
    Word("Thank", 15.92, 15.92, 0.002),
    Word("you", 15.92, 15.92, 0.97),
    Word("very", 15.92, 15.92, 0.11),
    Word("much", 15.92, 15.98, 0.99),
    Word("for", 15.98, 15.98, 0.11),
    Word("joining", 15.98, 16.18, 0.10),
    Word("us.", 16.18, 16.18, 0.92),
    Word("Thank", 16.18, 16.26, 0.09),
    Word("you", 16.26, 16.26, 0.99),
    Word("very", 16.26, 16.26, 0.38),
    Word("much", 16.26, 16.26, 1.0),
    Word("for", 16.26, 16.26, 0.13),
    Word("joining", 16.26, 16.26, 0.24),
    Word("us.", 16.26, 16.26, 0.98),
]


def _analyse(words: list[Word]):
    samples = np.zeros(int(17.35 * RATE), dtype=np.float32)
    return analyze(samples, Transcript(words, 17.35), activity=VOICE, acoustic=False)


def test_the_rest_of_a_sign_off_cut_by_squeezed_runs_is_not_counted() -> None:
    analysis = _analyse(SAID + INVENTED)
    assert analysis.transcript == " ".join(w.text for w in SAID)
    assert analysis.word_count == len(SAID)
    assert any("much for joining us." in note for note in analysis.notes)


def test_an_answer_whose_last_words_were_said_keeps_them() -> None:
    # Only a squeezed run opens an invented tail: the answer alone keeps every word, and a
    # sign-off squeezed at the very end takes nothing said before it.
    assert _analyse(SAID).word_count == len(SAID)
    assert _analyse(SAID + INVENTED[7:]).word_count == len(SAID)
