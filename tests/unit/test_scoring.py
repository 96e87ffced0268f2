"""Hand-worked cases for benchmarks.scoring: every expected figure is computed in the comments."""

from __future__ import annotations

import pytest

from benchmarks.scoring import (
    Counts,
    Interval,
    aggregate,
    compare_words,
    match_events,
    score_clip,
    score_set,
)


def filler(text: str, start: float, end: float, kind: str) -> dict:
    return {"text": text, "start": start, "end": end, "kind": kind}


def pause(start: float, end: float) -> dict:
    return {"start": start, "end": end, "duration": round(end - start, 3)}


def truth(**kw) -> dict:
    base = {
        "audio": "t.wav",
        "duration_s": 10.0,
        "wpm": 150.0,
        "fillers": [],
        "non_fillers": [],
        "pauses": [],
        "no_speech": False,
    }
    base.update(kw)
    return base


def report(**kw) -> dict:
    base = {"duration_s": 10.0, "wpm": 150.0, "word_count": 20, "fillers": [], "pauses": []}
    base.update(kw)
    return base


TRUE_FILLERS = [filler("um", 1.0, 1.4, "hesitation"), filler("like", 3.0, 3.3, "discourse")]


def test_counts_rates_and_empty_convention() -> None:
    c = Counts(tp=2, fp=1, fn=0)
    assert c.precision == pytest.approx(2 / 3)
    assert c.recall == 1.0
    assert c.f1 == pytest.approx(0.8)  # 2 * (2/3) * 1 / (2/3 + 1)
    # nothing to find and nothing found: a perfect score, not a division by zero
    assert Counts().precision == Counts().recall == Counts().f1 == 1.0


def test_perfect_match() -> None:
    s = score_clip(report(fillers=TRUE_FILLERS), truth(fillers=TRUE_FILLERS))
    assert s.hesitation == Counts(1, 0, 0)
    assert s.discourse == Counts(1, 0, 0)
    assert s.discourse_on_non_fillers == 0
    assert s.pace_error_pct == 0.0
    assert s.duration_error_s == 0.0


def test_a_miss() -> None:
    s = score_clip(report(fillers=TRUE_FILLERS[1:]), truth(fillers=TRUE_FILLERS))
    assert s.hesitation == Counts(0, 0, 1)
    assert s.hesitation.recall == 0.0
    assert s.hesitation.precision == 1.0  # nothing was claimed
    assert s.hesitation.f1 == 0.0


def test_a_false_alarm() -> None:
    pred = TRUE_FILLERS + [filler("uh", 6.0, 6.3, "hesitation")]
    s = score_clip(report(fillers=pred), truth(fillers=TRUE_FILLERS))
    assert s.hesitation == Counts(1, 1, 0)
    assert s.hesitation.precision == 0.5
    assert s.hesitation.f1 == pytest.approx(2 / 3)  # 2 * 0.5 * 1 / 1.5


def test_kind_must_agree() -> None:
    # an "um" reported as a discourse filler finds no discourse truth and misses the hesitation
    pred = [filler("um", 1.0, 1.4, "discourse")]
    s = score_clip(report(fillers=pred), truth(fillers=TRUE_FILLERS[:1]))
    assert s.hesitation == Counts(0, 0, 1)
    assert s.discourse == Counts(0, 1, 0)


@pytest.mark.parametrize(
    ("start", "matched"),
    [
        (1.7, True),  # gap to the true filler's end: 1.7 - 1.2 = 0.5 s, inclusive
        (1.71, False),  # gap 0.51 s; centres 1.755 - 1.1 = 0.655 s apart
        (1.1, True),  # overlapping intervals are 0 s apart
        (0.4, True),  # before it: 1.0 - 0.5 = 0.5 s
    ],
)
def test_tolerance_edge(start: float, matched: bool) -> None:
    t = truth(fillers=[filler("um", 1.0, 1.2, "hesitation")])
    r = report(fillers=[filler("um", start, start + 0.1, "hesitation")])
    s = score_clip(r, t)
    assert s.hesitation == (Counts(1, 0, 0) if matched else Counts(0, 1, 1))


def test_matching_is_one_to_one_and_closest_first() -> None:
    true = [Interval(1.0, 1.1), Interval(1.9, 2.0)]
    # X is 0.2 s from A (0.55 s from B: out of reach); Y is 0.4 s from A and 0.35 s from B.
    pred = [Interval(1.3, 1.35), Interval(1.5, 1.55)]
    assert match_events(pred, true, 0.5) == [(0, 0), (1, 1)]
    # two detections on one true filler: one match, one false alarm
    assert match_events([Interval(1.0, 1.1), Interval(1.05, 1.15)], true[:1], 0.5) == [(0, 0)]


def test_non_filler_flagged() -> None:
    t = truth(
        fillers=[filler("like", 1.0, 1.3, "discourse")],
        non_fillers=[{"text": "like", "start": 5.0, "end": 6.5, "approximate": True}],
    )
    pred = [
        filler("like", 1.05, 1.3, "discourse"),  # the real filler
        filler("like", 5.6, 5.8, "discourse"),  # "I like Python": wrong
        filler("basically", 8.0, 8.4, "discourse"),  # a plain false alarm elsewhere
    ]
    s = score_clip(report(fillers=pred), t)
    assert s.discourse == Counts(1, 2, 0)
    assert s.discourse_on_non_fillers == 1


def test_non_filler_needs_the_same_word() -> None:
    t = truth(non_fillers=[{"text": "kind of", "start": 5.0, "end": 6.5}])
    s = score_clip(report(fillers=[filler("like", 5.5, 5.7, "discourse")]), t)
    assert s.discourse == Counts(0, 1, 0)
    assert s.discourse_on_non_fillers == 0


def test_long_pauses_and_boundary_error() -> None:
    # true long pauses: 2.0-3.2 (1.2 s) and 8.0-10.5 (2.5 s); 5.0-5.4 is short and ignored
    t = truth(pauses=[pause(2.0, 3.2), pause(5.0, 5.4), pause(8.0, 10.5)])
    # detected long: 2.1-3.1 (1.0 s), 8.2-10.6, and 12.0-13.5 which matches nothing
    r = report(pauses=[pause(2.1, 3.1), pause(8.2, 10.6), pause(12.0, 13.5)])
    s = score_clip(r, t)
    assert s.long_pauses == Counts(2, 1, 0)
    assert s.long_pauses.f1 == pytest.approx(0.8)  # P 2/3, R 1
    assert s.start_errors_s == pytest.approx([0.1, 0.2])
    assert s.end_errors_s == pytest.approx([0.1, 0.1])
    assert s.to_dict()["median_boundary_error_s"] == pytest.approx(0.1)  # of 0.1 0.2 0.1 0.1


def test_long_pause_detected_too_short_is_a_miss() -> None:
    s = score_clip(report(pauses=[pause(2.1, 3.0)]), truth(pauses=[pause(2.0, 3.2)]))
    assert s.long_pauses == Counts(0, 0, 1)


def test_pace_and_duration_error() -> None:
    s = score_clip(report(wpm=144.0, duration_s=10.02), truth(wpm=150.0, duration_s=10.0))
    assert s.pace_error_pct == pytest.approx(-4.0)  # (144 - 150) / 150
    assert s.duration_error_s == pytest.approx(0.02)


def test_no_speech_counts_invented_words() -> None:
    t = truth(no_speech=True, wpm=0.0)
    s = score_clip(report(word_count=2, wpm=120.0, fillers=[]), t)
    assert s.pace_error_pct is None
    assert s.invented_words == 2
    assert s.invented_fillers == 0


def test_aggregate_is_micro_averaged() -> None:
    two = [filler("um", 1.0, 1.4, "hesitation"), filler("uh", 4.0, 4.3, "hesitation")]
    a = score_clip(report(fillers=two), truth(fillers=two))  # (2, 0, 0)
    b = score_clip(
        report(fillers=[filler("uh", 5.0, 5.2, "hesitation")], wpm=160.0),
        truth(fillers=[filler("um", 1.0, 1.4, "hesitation")]),
    )  # (0, 1, 1)
    agg = aggregate([a, b])
    # summed counts (2, 1, 1): P = R = 2/3; a macro mean of per-clip precision would say 0.5
    assert agg.hesitation == Counts(2, 1, 1)
    assert agg.hesitation.precision == pytest.approx(2 / 3)
    assert agg.mean_abs_pace_error_pct == pytest.approx(3.33, abs=0.01)  # (0 + 6.67) / 2
    assert agg.max_abs_pace_error_pct == pytest.approx(6.67, abs=0.01)
    assert agg.clips == 2
    d = agg.to_dict()
    assert d["hesitation"]["f1"] == pytest.approx(0.6667, abs=1e-4)
    assert len(d["per_clip"]) == 2


def test_score_set_equals_aggregate_of_clips() -> None:
    pairs = [(report(fillers=TRUE_FILLERS), truth(fillers=TRUE_FILLERS))] * 3
    s = score_set(pairs)
    assert s.hesitation == Counts(3, 0, 0)
    assert s.discourse == Counts(3, 0, 0)
    assert s.median_boundary_error_s is None  # no long pauses anywhere


# --- live words against batch (issue 18) -----------------------------------------------------

BATCH = (
    "Before that I worked at a logistics startup, where I built the route pricing service and "
    "mentored two junior engineers. I like working close to the business. So that's a quick "
    "summary of who I am and what I'm looking for next."
).split()


def test_the_same_words_agree_whatever_the_punctuation_and_hyphens() -> None:
    heard = " ".join(BATCH).lower().replace(",", "").split()
    words = compare_words(BATCH, heard)
    assert words.agreement == 1.0 and not words.lost_sentence
    assert compare_words(["back-end", "work"], ["back", "end", "work"]).agreement == 1.0


def test_a_sentence_live_lost_and_words_it_put_in_its_place_are_found() -> None:
    """The issue's 47 s intro: the sentence gone, words from the end standing in its place."""
    cut = BATCH.index("where")
    lost = compare_words(BATCH, BATCH[:cut] + BATCH[cut + 13 :])
    assert lost.lost_sentence and lost.longest_lost_run >= 13
    moved = BATCH[:cut] + BATCH[-11:] + BATCH[cut + 13 :]
    words = compare_words(BATCH, moved)
    assert len(words.misplaced) == 1 and "who i am and what i'm looking" in words.misplaced[0]


def test_misheard_words_are_not_lost_and_an_extra_thank_you_is_invented() -> None:
    # tiny.en on espeak-ng: "a mac off uh air" live, "america ehh" batch: the same sounds.
    words = compare_words(
        "I use a mac off uh air and retries".split(), "I use america ehh and retries".split()
    )
    assert not words.lost_sentence and words.misplaced == []
    words = compare_words(BATCH, [*BATCH[:20], "Thank", "you.", *BATCH[20:]])
    assert words.invented_sign_offs == ["thank"]
    assert (
        compare_words([*BATCH, "Thank", "you."], [*BATCH, "Thank", "you."]).invented_sign_offs == []
    )
