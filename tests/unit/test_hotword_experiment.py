"""Issue 19 experiment (benchmarks/experiments/): a second Whisper pass with filler hotwords,
its fillers kept only where the sound agrees. Not part of the analysis (it lost precision on
the test part, docs/BENCHMARK.md); these tests keep the verification honest for the next
session that builds on it. No Whisper: the candidates are given as words."""

from __future__ import annotations

import numpy as np

from benchmarks.experiments.hotword_verify import AROUND_S, add_hotword_fillers, candidate_voice
from voicecoach.analysis.voice_activity import SpeechRegion, VoiceActivity
from voicecoach.audio import SAMPLE_RATE
from voicecoach.datatypes import Filler, Word

RATE = SAMPLE_RATE


def _vowel(seconds: float, f0: float, formants: tuple[float, float], glide: float = 0.0):
    """A voiced sound: harmonics of f0 shaped by two formants; ``glide`` moves pitch and
    formants over the sound (a word's changing sounds), 0 holds them (a filler)."""
    t = np.arange(int(seconds * RATE)) / RATE
    move = 1 + glide * (t / seconds - 0.5)
    phase = 2 * np.pi * np.cumsum(f0 * move) / RATE
    y = np.zeros_like(t)
    for k in range(1, int(4000 / f0)):
        freq = k * f0 * move
        gain = sum(1 / (1 + ((freq - f * move) / 120) ** 2) for f in formants)
        y += gain * np.sin(k * phase) / k
    return 0.3 * y / np.abs(y).max()


def _activity(regions: list[tuple[float, float]]) -> VoiceActivity:
    return VoiceActivity(
        regions=[SpeechRegion(a, b) for a, b in regions],
        speech_prob=np.zeros(1),
        energy_db=np.zeros(1),
        speech_level_db=-20.0,
        floor_db=-70.0,
    )


def _answer(middle: np.ndarray) -> tuple[np.ndarray, list[Word], VoiceActivity, float]:
    """A word, ``middle`` run straight on from it, another word: samples, the main pass's two
    words, the voice (one region: no pause sets the middle off), and where the middle starts."""
    word_a = _vowel(0.4, 120, (700, 1200), glide=0.8)
    word_b = _vowel(0.4, 120, (400, 2000), glide=-0.8)
    silence = np.zeros(int(0.3 * RATE))
    samples = np.concatenate([silence, word_a, middle, word_b, silence]).astype(np.float32)
    samples += (0.001 * np.random.default_rng(0).standard_normal(len(samples))).astype(np.float32)
    start = 0.3 + 0.4
    end = start + len(middle) / RATE
    words = [Word("built", 0.3, start, 0.9), Word("shop", end, end + 0.4, 0.9)]
    return samples, words, _activity([(0.3, end + 0.4)]), start


def test_a_held_um_run_into_the_words_is_added_where_the_hotword_pass_wrote_one() -> None:
    samples, words, activity, start = _answer(_vowel(0.35, 120, (550, 900)))
    um = Word("um,", start + 0.02, start + 0.33, 0.4)
    out_words, fillers, added = add_hotword_fillers(samples, words, [], [um], activity)
    assert added == 1
    assert [f.kind for f in fillers] == ["hesitation"]
    assert fillers[0].start >= start - 0.05 and fillers[0].end <= start + 0.4
    assert len(out_words) == 3  # pace counts the filler as a word


def test_a_near_zero_candidate_stands_for_the_voice_around_its_centre() -> None:
    samples, words, activity, start = _answer(_vowel(0.35, 120, (550, 900)))
    um = Word("um,", start + 0.17, start + 0.17, 0.4)
    a, b = candidate_voice(um, activity) or (0.0, 0.0)
    assert abs(a - (start + 0.17 - AROUND_S)) < 1e-6 and abs(b - (start + 0.17 + AROUND_S)) < 1e-6
    near_the_end = Word("uh,", 1.5, 1.5, 0.4)  # the voice ends at 1.45 s
    a, b = candidate_voice(near_the_end, activity) or (0.0, 0.0)
    assert abs(a - (1.5 - AROUND_S)) < 1e-6 and abs(b - 1.45) < 1e-6


def test_a_candidate_after_the_last_word_heard_is_not_added() -> None:
    samples, words, activity, start = _answer(_vowel(0.35, 120, (550, 900)))
    um = Word("um,", start + 0.02, start + 0.33, 0.4)
    _, fillers, added = add_hotword_fillers(samples, words[:1], [], [um], activity)
    assert added == 0 and fillers == []


def test_a_candidate_near_a_hesitation_the_analysis_has_is_the_same_one() -> None:
    samples, words, activity, start = _answer(_vowel(0.35, 120, (550, 900)))
    um = Word("um,", start + 0.02, start + 0.33, 0.4)
    known = Filler("uh", start + 0.1, start + 0.3, "hesitation", "acoustic", 0.8)
    _, fillers, added = add_hotword_fillers(samples, words, [known], [um], activity)
    assert added == 0 and fillers == [known]


def test_a_candidate_on_a_changing_sound_or_on_silence_is_not_added() -> None:
    # A word: short syllables on different vowels, each after a consonant's hiss.
    rng = np.random.default_rng(1)
    syllables = []
    for f0, formants in (
        (110, (300, 2300)),
        (140, (750, 1100)),
        (100, (450, 900)),
        (150, (350, 1900)),
    ):
        syllables += [0.05 * rng.standard_normal(int(0.04 * RATE)), _vowel(0.05, f0, formants)]
    samples, words, activity, start = _answer(np.concatenate(syllables))
    um = Word("um,", start + 0.02, start + 0.33, 0.4)
    assert add_hotword_fillers(samples, words, [], [um], activity)[2] == 0
    on_silence = Word("uh,", 0.05, 0.05, 0.2)
    assert candidate_voice(on_silence, activity) is None
    assert add_hotword_fillers(samples, words, [], [on_silence], activity)[2] == 0


def test_a_candidate_on_the_held_end_of_a_word_is_not_added() -> None:
    # The word's vowel held long ("theee"): the candidate covers its second half only, so the
    # sound began before it.
    held = _vowel(0.7, 120, (550, 900))
    samples, words, activity, start = _answer(held)
    words = [words[0], Word("the", start, start + 0.7, 0.9), words[1]]
    uh = Word("uh,", start + 0.35, start + 0.68, 0.4)
    assert add_hotword_fillers(samples, words, [], [uh], activity)[2] == 0
