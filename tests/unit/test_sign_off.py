"""Words Whisper invents with no audio of their own ("Thank you for watching.") are not counted."""

from __future__ import annotations

import numpy as np

from voicecoach.analysis import trailing_sign_off
from voicecoach.analysis.voice_activity import SpeechRegion, VoiceActivity
from voicecoach.datatypes import Word

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


def test_words_whisper_squeezed_into_one_instant_were_not_said() -> None:
    """A live chunk of a real 4 s "no." (Common Voice) came back "no. So, we're going to take a
    look at ..." with 25 words at 2.04 s, none with a duration: the answer is "no."."""
    from voicecoach.analysis import squeezed_runs
    from voicecoach.analysis.fillers import Lexicon

    lexicon = Lexicon.load()
    invented = "we're going to take a look at what we're going to do.".split()
    words = [Word("no.", 1.28, 1.66, 0.08), Word("So,", 1.66, 1.76, 0.1)]
    words += [Word(t, 2.04, 2.04, 0.5) for t in invented]
    # "So," (probability 0.10) opened the invented phrase; a word Whisper was sure of did not.
    assert squeezed_runs(words, lexicon) == list(range(1, 2 + len(invented)))
    sure = [words[0], Word("So,", 1.66, 1.76, 0.9)] + words[2:]
    assert squeezed_runs(sure, lexicon) == list(range(2, 2 + len(invented)))
    # Whisper writes "um, um, uh" over one sound: the acoustic pass sorts those out, not this.
    hesitations = [Word(t, 6.14, 6.14, 0.5) for t in ("um,", "um,", "uh,")]
    assert squeezed_runs(words[:2] + hesitations, lexicon) == []
    # Two words at one instant are loose timing, not invention; so are three at three instants.
    loose = [Word("you", 25.4, 25.4, 0.98), Word("for", 25.4, 25.4, 0.13)]
    spread = [Word(t, 3.0 + i, 3.0 + i, 0.9) for i, t in enumerate(("a", "b", "c"))]
    assert squeezed_runs(words[:2] + loose + spread, lexicon) == []


def test_an_invented_sign_off_holding_a_hesitation_is_dropped_whole() -> None:
    """The sign-off is taken off before hesitations are sorted out: a "um" inside it must not
    be looked for among the words that remain (real audio: mfa-thoughts.flac, 3.6 s)."""
    from pathlib import Path

    from voicecoach.analysis import analyze
    from voicecoach.audio.files import load_audio
    from voicecoach.datatypes import Transcript

    samples = load_audio(Path(__file__).parents[2] / "samples/real/mfa-thoughts.flac").samples
    said = "I have a thousand thoughts about that thing.".split()
    times = [0.6, 0.92, 1.04, 1.14, 1.36, 1.62, 1.88, 2.0, 2.16]
    words = [Word(t, a, b, 0.9) for t, a, b in zip(said, times, times[1:], strict=False)]
    words += [
        Word("Thank", 2.2, 3.3, 0.01),
        Word("um,", 3.4, 3.4, 0.5),
        Word("you.", 3.5, 3.5, 0.9),
    ]
    report = analyze(samples, Transcript(words=words, model="test"))
    assert [w.text for w in report.words] == said
    assert any("sign-off" in n for n in report.notes)


def test_a_real_no_followed_by_an_invented_phrase_is_scored_as_no() -> None:
    """What the live path heard in a real 4 s "no." (Common Voice, samples/real): the report holds
    "no." alone, flags no "so", and does not call 25 invented words hard to make out."""
    from pathlib import Path

    from voicecoach.analysis import analyze
    from voicecoach.audio.files import load_audio
    from voicecoach.datatypes import Transcript

    path = Path(__file__).parents[2] / "samples/real/commonvoice-en-22058264.flac"
    samples = load_audio(path).samples
    invented = "we're going to take a look at what we're going to do,".split()
    words = [Word("no.", 1.28, 1.66, 0.08), Word("So,", 1.66, 1.76, 0.1)]
    words += [Word(t, 2.04, 2.04, p) for t, p in zip(invented * 2, [0.3, 0.5] * 12, strict=True)]
    report = analyze(samples, Transcript(words=words, model="test"))
    assert [w.text for w in report.words] == ["no."]
    assert report.fillers == []
    assert not any("hard to make out" in n for n in report.notes)
