"""Filler detection on transcripts: what a speaker would see flagged, and what must not be."""

from __future__ import annotations

import pytest

from voicecoach.analysis.fillers import Lexicon, find_fillers
from voicecoach.errors import ConfigError
from voicecoach.results import Word


def words_of(text: str, gap_at: dict[int, float] | None = None) -> list[Word]:
    """Words 0.3 s apart; ``gap_at[i]`` inserts extra silence before word i."""
    out, t = [], 0.0
    for i, token in enumerate(text.split()):
        t += (gap_at or {}).get(i, 0.0)
        out.append(Word(token, t, t + 0.25))
        t += 0.3
    return out


def flagged(text: str, gap_at: dict[int, float] | None = None) -> list[tuple[str, str]]:
    words = words_of(text, gap_at)
    gaps = [0.0] + [
        max(0.0, b.start - a.end - 0.05) for a, b in zip(words, words[1:], strict=False)
    ]
    fillers, _ = find_fillers(words, Lexicon.load(), gaps)
    return [(f.text, f.kind) for f in fillers]


@pytest.mark.parametrize(
    "text",
    [
        "I like Python.",
        "What kind of tasks do you run?",
        "Do you know Redis?",
        "You know the answer.",
        "It looks like a queue.",
        "I would like to lead.",
        "This sort of problem is common.",
        "What I mean is simple.",
        "We did well in the review.",
        "I have worked with tools like Celery.",
        "So far we have not needed it.",
    ],
)
def test_non_filler_uses_are_not_flagged(text: str) -> None:
    assert flagged(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Um, I started as a trainee.", [("um", "hesitation")]),
        ("I, uh, moved teams.", [("uh", "hesitation")]),
        ("Hmmm. Let me think.", [("hmmm", "hesitation")]),
        ("It was, like, a big queue.", [("like", "discourse")]),
        ("It is, you know, a queue.", [("you know", "discourse")]),
        ("I basically wrote the workers.", [("basically", "discourse")]),
        ("It is kind of slow.", [("kind of", "discourse")]),
        ("We used some kind of broker.", [("some kind of", "discourse")]),
        ("So, I joined in 2020.", [("so", "discourse")]),
        ("So, that project taught me a lot.", [("so", "discourse")]),
        ("Well, it depends.", [("well", "discourse")]),
        ("I mean, it works.", [("i mean", "discourse")]),
        ("I am a completely backend developer.", [("completely", "discourse")]),
    ],
)
def test_fillers_are_flagged_with_their_kind(text: str, expected: list[tuple[str, str]]) -> None:
    assert flagged(text) == expected


def test_so_that_after_a_comma_and_a_pause_is_a_purpose_clause() -> None:
    text = "I introduced Celery there, so that uploads run in the background."
    assert flagged(text, gap_at={4: 0.4}) == []
    assert flagged("It ran there, so, that was it.", gap_at={3: 0.4}) == [("so", "discourse")]


def test_like_set_off_by_silence_is_a_filler_even_without_commas() -> None:
    assert flagged("it was like huge", gap_at={2: 0.4, 3: 0.4}) == [("like", "discourse")]


def test_user_lexicon_adds_phrases(tmp_path) -> None:
    extra = tmp_path / "mine.toml"
    extra.write_text('[discourse]\nphrases = ["to be honest"]\n[hesitation]\nwords = ["ehm"]\n')
    lexicon = Lexicon.load(extra)
    fillers, kinds = find_fillers(words_of("To be honest, ehm, it works"), lexicon)
    assert [(f.text, f.kind) for f in fillers] == [
        ("to be honest", "discourse"),
        ("ehm", "hesitation"),
    ]
    assert kinds[:4] == ["discourse", "discourse", "discourse", "hesitation"]


def test_malformed_user_lexicon_names_the_file(tmp_path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[discourse\nphrases = 3")
    with pytest.raises(ConfigError, match="bad.toml"):
        Lexicon.load(bad)


def test_unsure_words_get_a_note_only_when_most_are_unsure_and_there_are_enough() -> None:
    from voicecoach.analysis import unclear_words_note

    def words(probabilities: list[float]) -> list[Word]:
        return [Word(f"w{i}", i * 0.3, i * 0.3 + 0.2, p) for i, p in enumerate(probabilities)]

    note = unclear_words_note(words([0.9] * 6 + [0.3] * 6))  # mean 0.60
    assert note is not None and "60%" in note and "check the transcript" in note
    assert unclear_words_note(words([0.9] * 9 + [0.3] * 3)) is None  # mean 0.75: clear enough
    assert unclear_words_note(words([0.2] * 9)) is None  # too few words to judge
