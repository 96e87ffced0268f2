"""Filler detection on transcripts: what a speaker would see flagged, and what must not be."""

from __future__ import annotations

import pytest

from voicecoach.analysis.fillers import Lexicon, find_fillers
from voicecoach.datatypes import Word
from voicecoach.errors import ConfigError


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
        ("I kind of led the migration.", [("kind of", "discourse")]),
        ("It was, kind of, slow.", [("kind of", "discourse")]),
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


@pytest.mark.parametrize("text", ["It is kind of slow.", "The team is sort of small."])
def test_kind_of_grading_the_next_word_is_a_degree_word(text: str) -> None:
    # "somewhat slow": the labelled set calls it a content use (docs/BENCHMARK.md, twelfth session).
    assert flagged(text) == []


def test_kind_of_set_off_by_commas_is_still_a_filler() -> None:
    assert flagged("The soft one lets us clean up, kind of, a last chance.") == [
        ("kind of", "discourse")
    ]
    assert flagged("My team is great, sort of, but the product is settled.") == [
        ("sort of", "discourse")
    ]


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


# What tiny.en wrote for mfa-cold-corpus.flac (word|start|end|probability).
COLD_CORPUS_HEARD = (
    "so|1.62|1.94|0.12 this|1.94|2.18|0.96 is|2.18|2.4|0.99 the|2.61|2.91|0.99 "
    "sick|2.91|3.13|0.34 purpose.|3.13|3.59|0.47 I|4.26|4.26|0.96 have|4.26|4.42|0.83 "
    "a|4.42|4.62|0.92 cold,|4.62|4.9|0.82 so|4.96|5.02|0.97 I|5.02|5.34|0.95 "
    "probably|5.34|5.44|0.36 spent|5.44|5.66|0.58 quite|5.66|5.92|0.37 different|5.92|6.26|0.92 "
    "than|6.26|7|0.97 the,|7|7.38|0.97 uh,|7.38|8.04|0.55 acoustic|8.44|8.44|0.78 "
    "purpose.|8.44|9.22|0.92 Um,|9.92|10.44|0.54 the|10.86|10.86|0.82 reporting|10.86|11.04|0.77 "
    "environment|11.04|11.46|1.00 is|11.46|11.7|0.99 also|11.7|12.14|1.00 quite|12.14|12.38|0.99 "
    "different.|12.38|12.78|1.00 And|13.48|13.74|0.97 I'm|13.74|13.92|0.99 saying|13.92|14.32|0.99 "
    "different|14.72|15.06|0.75 words|15.06|15.64|1.00 that|15.64|15.86|0.96 I|15.86|15.94|0.99 "
    "did|15.94|16.04|0.92 not|16.04|16.3|1.00 say|16.3|16.46|1.00 I'm|16.46|16.6|0.63 "
    "the|16.6|16.66|0.97 original|16.66|16.92|1.00 one.|16.92|17.64|0.95 Uh,|18.39|18.39|0.70 "
    "and|19.73|20.33|0.98 here's|20.33|20.69|0.97 a|20.69|20.79|0.48 long|20.79|21.09|0.99 "
    "pause,|21.09|21.61|1.00 and|22.31|22.41|0.99 I|22.41|22.59|0.94 think|22.59|22.73|0.99 "
    "this|22.73|22.87|0.61 is|22.87|22.95|0.95 probably|22.95|23.13|1.00 good.|23.13|23.63|0.97 "
    "Alright,|23.89|24.15|0.38 thanks.|24.41|24.61|0.98"
)


def test_a_pause_counts_before_one_word_only() -> None:
    """mfa-cold-corpus.flac (a real speaker): "I have a (pause) cold, so I probably sound quite
    different". tiny.en's "cold," starts early, over the pause (4.42-4.80 s), as Whisper's words
    often do. The pause is before "cold"; it used to count before "so" as well, which made that
    "so" (a conjunction after a comma) a discourse filler "set off by a pause"."""
    from support.heard import words_heard

    from voicecoach.analysis import analyze
    from voicecoach.audio.files import load_audio
    from voicecoach.datatypes import Transcript
    from voicecoach.paths import REPO_DIR

    samples = load_audio(REPO_DIR / "samples" / "real" / "mfa-cold-corpus.flac").samples
    report = analyze(samples, Transcript(words_heard(COLD_CORPUS_HEARD), "tiny.en"))
    assert any(p.start < 4.5 and p.end > 4.75 for p in report.pauses)  # the pause is there
    assert not any(f.kind == "discourse" and 4.9 < f.start < 5.1 for f in report.fillers)
    # The "so" that opens the answer is still a discourse filler.
    assert any(f.kind == "discourse" and f.start < 2.0 for f in report.fillers)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I actually read that queue every morning.", []),
        ("What actually failed is listed first.", []),
        ("Actually, I wrote most of the plan.", [("actually", "discourse")]),
        ("For a day, actually in Redis with an expiry.", [("actually", "discourse")]),
        ("The team is great, sorta, but the product is settled.", [("sorta", "discourse")]),
        ("What kinda tasks need it?", []),
    ],
)
def test_actually_inside_a_clause_is_content_and_sorta_is_sort_of(
    text: str, expected: list[tuple[str, str]]
) -> None:
    """Issue 19: "I actually read it" says what happened; "Actually, ..." is a filler. Whisper
    writes "sort of" as "sorta" too, with the same rule as "sort of"."""
    assert flagged(text) == expected
