"""Whisper's repetition loops are collapsed; real repeated speech is kept.

A fake faster-whisper model stands in for the real one, so these run in milliseconds and check
WhisperTranscriber's own post-processing of the words Whisper returns.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np

from voicecoach.results import Word
from voicecoach.transcribe import WhisperTranscriber, collapse_repetition_loops


class FakeWhisper:
    """Returns one segment with the given (word, start, end) triples, like WhisperModel."""

    def __init__(self, words: list[tuple[str, float, float]]) -> None:
        self.words = words

    def transcribe(self, _samples: np.ndarray, **_options: Any) -> tuple[list[Any], Any]:
        words = [SimpleNamespace(word=w, start=s, end=e, probability=0.9) for w, s, e in self.words]
        end = self.words[-1][2] if self.words else 0.0
        segment = SimpleNamespace(
            words=words, no_speech_prob=0.01, avg_logprob=-0.3, start=0.0, end=end
        )
        return [segment], SimpleNamespace(language="en")


def transcribe(words: list[tuple[str, float, float]]) -> list[tuple[str, float, float]]:
    transcriber = WhisperTranscriber("models/not-loaded")
    transcriber._model = FakeWhisper(words)  # load() then keeps the fake
    out = transcriber.transcribe(np.zeros(16000 * 10, dtype=np.float32)).words
    return [(w.text, w.start, w.end) for w in out]


# tiny.en on samples/intro-hesitant-espeak-us.flac, window 4.00-9.34 s ("like Django and Flask"
# heard as one "and" and eight zero-length copies of it), times from the window's start.
LOOP = [
    (" uh,", 0.00, 0.86),
    (" mostly", 1.14, 1.50),
    (" pie,", 1.50, 1.88),
    (" and,", 3.24, 3.24),
    (" like,", 3.40, 4.00),
    (" and,", 4.02, 4.32),
    (" and,", 4.64, 4.64),
    (" and,", 4.70, 4.70),
    (" and,", 4.76, 4.76),
    (" and,", 4.92, 4.92),
    (" and,", 5.00, 5.00),
    (" and,", 5.00, 5.00),
    (" and,", 5.00, 5.00),
    (" and.", 5.00, 5.00),
]


def test_a_repetition_loop_collapses_to_its_first_word() -> None:
    words = transcribe(LOOP)
    assert [w for w, _s, _e in words] == ["uh,", "mostly", "pie,", "and,", "like,", "and,"]
    assert words[-1] == ("and,", 4.02, 4.32)  # the copy with a real duration, where it was heard


def test_real_repeated_speech_is_kept() -> None:
    said = [(" No,", 0.50, 0.80), (" no,", 1.00, 1.30), (" no.", 1.50, 1.82), (" Stop.", 2.1, 2.5)]
    assert [w for w, _s, _e in transcribe(said)] == ["No,", "no,", "no.", "Stop."]


def test_a_loop_needs_most_copies_near_zero_and_three_in_a_row() -> None:
    # One zero-length word among real ones (Whisper often gives a short word no length): kept.
    one_zero = [(" no", 0.5, 0.8), (" no", 0.9, 0.9), (" no", 1.0, 1.3)]
    assert len(collapse_repetition_loops([Word(t, s, e) for t, s, e in one_zero])) == 3
    # Two zero-length copies are not a run of three: kept ("that that" happens in speech).
    two = [(" that", 0.5, 0.5), (" that", 0.5, 0.5), (" works", 0.6, 0.9)]
    assert len(collapse_repetition_loops([Word(t, s, e) for t, s, e in two])) == 3
