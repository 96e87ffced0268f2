"""Content coaching on known transcripts: talking points (slips and paraphrase must match,
near-misses must not), answer-shape flags, personal targets, and the JSON round trip."""

from __future__ import annotations

import pytest

from voicecoach.analysis.content import assess_content, find_phrase, normalise, personal_targets
from voicecoach.datatypes import AnalysedWord, Analysis
from voicecoach.questions import Question, TalkingPoint, load_bank

BANK = load_bank()
HESITATIONS = {"um", "uh", "er", "hmm", "ah"}


def answer(text: str, qid: str | None = None, fillers: tuple[str, ...] = ()) -> Analysis:
    """An Analysis of ``text`` at 150 wpm; hesitations and the words in ``fillers`` flagged."""
    words = []
    for i, token in enumerate(text.split()):
        bare = token.strip(",.?!").lower()
        filler = bare in HESITATIONS or bare in fillers
        words.append(AnalysedWord(token, i * 0.4, i * 0.4 + 0.3, filler))
    span = len(words) * 0.4
    return Analysis(
        duration_s=span,
        speech_span_s=span,
        wpm=150.0,
        articulation_wpm=160.0,
        words=words,
        fillers=[],
        pauses=[],
        verdicts=[],
        model="test",
        question_id=qid,
    )


def points(text: str, qid: str) -> dict[str, str | None]:
    """point -> evidence (None when missed)."""
    report = assess_content(answer(text, qid), BANK.get(qid))
    return {p.point: (p.evidence if p.covered else None) for p in report.talking_points}


def flags(text: str, qid: str | None, fillers: tuple[str, ...] = ()) -> dict[str, str]:
    question = BANK.get(qid) if qid else None
    report = assess_content(answer(text, qid, fillers), question)
    return {f.kind: f.evidence for f in report.flags}


DUP_ID = "A unique message id or idempotency key"
DUP_CONSTRAINT = "An insert into a unique constraint; a failure marks a duplicate"
DUP_REDIS = "A fast store such as a Redis set with expiry"
DUP_ATOMIC = "Check and write as one atomic step"
DUP_BROKER = "Broker-level deduplication"


# -- normalising and matching ---------------------------------------------------------------


def test_normalise_joins_case_plurals_numbers_and_punctuation() -> None:
    assert normalise("Unique-Constraints!") == normalise("unique constraint")
    assert normalise("twenty five thousand rows") == normalise("25,000 rows")
    assert normalise("Don't") == ["dont"]
    assert normalise("30%") == normalise("30 percent")
    # An acronym's plural: "the message IDs" makes the point "message id" (too short to stem).
    assert normalise("the message IDs") == normalise("the message id")
    assert normalise("two APIs") == normalise("two API")


@pytest.mark.parametrize(
    ("said", "keyword"),
    [
        ("we used Rabbit MQ for it", "rabbitmq"),
        ("the idem potency key is", "idempotency key"),
        ("store it in REDIS.", "redis"),
        ("a unique-constraint on the column", "unique constraint"),
        ("unique constraints", "unique constraint"),
        ("keep it in Reddis", "redis"),  # a one-letter slip
        ("set n x", "setnx"),
        ("the data base", "database"),
    ],
)
def test_slips_match(said: str, keyword: str) -> None:
    assert find_phrase(normalise(said), normalise(keyword)), (said, keyword)


@pytest.mark.parametrize(
    ("said", "keyword"),
    [
        ("the message idea was", "message id"),  # 'id' is too short to be fuzzy
        ("a i think", "ai"),  # split words only join into 5+ letters
        ("the broken queue", "broker"),
        ("it is unique", "unique constraint"),
        ("we reduced it", "produced"),
        ("an entry", "retry"),
    ],
)
def test_near_misses_do_not_match(said: str, keyword: str) -> None:
    assert not find_phrase(normalise(said), normalise(keyword)), (said, keyword)


# -- talking points -------------------------------------------------------------------------


def test_duplicates_slips_and_paraphrase_cover_points_with_evidence() -> None:
    got = points(
        "So the question is how to drop duplicate messages at the worker. I'd make the consumer "
        "idem potent: every message carries a UUID, and the worker inserts it into a table with "
        "a unique index on that column. If the insert fails, it's a duplicate and we skip it. "
        "For a fast path we keep recent ids in Redis with a TTL, using SETNX so the check and "
        "the write happen atomically. For example at Waterlabs this cut duplicate emails to zero.",
        "duplicates",
    )
    assert got[DUP_ID] == "idem potent"
    assert got[DUP_CONSTRAINT] == "unique index"
    assert got[DUP_REDIS] == "Redis"
    assert got[DUP_ATOMIC] in {"SETNX", "atomically"}
    assert got[DUP_BROKER] is None


def test_duplicates_paraphrase_with_gap_pattern() -> None:
    got = points(
        "The producer should attach a unique key to every message. The worker inserts that key "
        "into a column that is unique, and a constraint violation means we have seen it.",
        "duplicates",
    )
    assert got[DUP_ID] == "unique key"
    assert got[DUP_CONSTRAINT] == "unique, and a constraint"  # 'unique ... constraint'
    assert got[DUP_REDIS] is None


def test_duplicates_vague_answer_misses_points() -> None:
    """The seed's answer: configure timestamps, store service types, keep the queue status."""
    got = points(
        "I would configure the timestamps and store the service types in the DB, and maintain "
        "the message queue status so that we know what was processed.",
        "duplicates",
    )
    assert all(evidence is None for evidence in got.values()), got


def test_intro_years_and_skills_from_digits_or_words() -> None:
    got = points(
        "My name is Bhargav, a back-end engineer with five years of experience in Python and "
        "Rabbit MQ. Next I want a role where I can grow into data engineering.",
        "intro",
    )
    assert got["Name and current role"] == "My name is"
    assert got["Years of experience"] == "years of experience"
    assert got["Key technical skills"] == "Python"
    assert got["What you are looking for next"] is not None
    assert got["A concrete achievement with impact"] is None


def test_bulk_upload_numbers_spoken_or_written() -> None:
    for said in ("That's twenty five thousand rows", "That's 25,000 rows", "that is 25000 rows"):
        got = points(said + ", which is not much for Postgres.", "bulk-upload")
        assert got["The numbers: 25,000 rows is not massive"] is not None, said


def test_question_without_points_has_no_talking_points() -> None:
    plain = Question("q", "Q", "Why?", 10, 60, points=(TalkingPoint("x", ("zebra",)),))
    report = assess_content(answer("No zebras were harmed in this answer at all.", "q"), plain)
    assert [p.covered for p in report.talking_points] == [True]
    assert assess_content(answer("Anything at all here", None), None).talking_points == []


# -- answer shape ---------------------------------------------------------------------------


def test_one_word_answer_is_flagged_too_short() -> None:
    got = flags("Same.", "greeting")
    assert got == {"too-short": "Same"}


def _analysed(said: str) -> Analysis:
    """``said`` through analyze and the content pass, as the app reports a "Same." clip with
    Whisper's words replaced (its "um" kept as written: the acoustic pass is tested elsewhere)."""
    from pathlib import Path

    from voicecoach.analysis import analyze
    from voicecoach.audio.files import load_audio
    from voicecoach.datatypes import Transcript, Word
    from voicecoach.practice.pipeline import add_content

    greeting = BANK.get("greeting")
    samples = load_audio(Path(__file__).parents[2] / "samples/greeting-same.flac").samples
    words = [Word(t, 0.3 + 0.25 * i, 0.5 + 0.25 * i, 0.9) for i, t in enumerate(said.split())]
    analysis = analyze(samples, Transcript(words=words, model="test"), greeting, acoustic=False)
    return add_content(analysis, greeting)


@pytest.mark.parametrize(
    ("said", "called"),
    [
        ("Same.", "a one-word answer"),
        ("Same as before.", "a 3-word answer"),
        ("Um, same.", "a one-word answer"),
        ("Um, uh, I agree.", "a 2-word answer"),
    ],
    ids=["one word", "three words", "um same", "two fillers two words"],
)
def test_a_too_short_answer_is_called_by_its_word_count_fillers_aside(
    said: str, called: str
) -> None:
    """Up to three words are too short, but three words were also "a one-word answer" in the
    report's note, its tip and the answer-shape flag; and the note and tip called "Um, same."
    "a 2-word answer" beside the flag's "A one-word answer" ("Um, uh, I agree." had the flag and
    no note). Every line gives the words said, fillers aside; the interview report says it once."""
    from voicecoach.rendering.interview_report import to_improve

    report = _analysed(said)
    assert f"too short: {called}" in report.notes
    assert report.tips[0].startswith(f"That was {called}.")
    assert report.content is not None
    [flag] = [f for f in report.content.flags if f.kind == "too-short"]
    assert flag.message.startswith(called[0].upper() + called[1:])
    assert sum(called in line.lower() for line in to_improve(report)) == 1, to_improve(report)


def test_an_answer_of_fillers_only_is_not_called_one_word() -> None:
    """An "Um." alone was "a one-word answer"; with fillers aside it has no words, and the note and
    the tip say what it was rather than a count of 1 (or 0)."""
    report = _analysed("Um.")
    assert "too short: an answer of fillers only" in report.notes
    assert report.tips[0].startswith("That was an answer of fillers only.")
    assert not any("word answer" in line for line in [*report.notes, *report.tips])


def test_warm_greeting_has_no_flags() -> None:
    assert flags("Nice to meet you too. I'm looking forward to our conversation.", "greeting") == {}


def test_short_answer_for_a_long_target_is_flagged() -> None:
    got = flags("I'm a Python developer with Django and some cloud work.", "intro")
    assert "too-short" in got


def test_negative_framing_when_leaving() -> None:
    got = flags(
        "I'm the team lead. Honestly it's the same kind of tasks every day, there is no scope "
        "for AI, and my manager is a bad manager.",
        "role-leaving",
    )
    assert "negative-framing" in got
    assert "same kind of tasks" in got["negative-framing"]
    assert "no scope" in got["negative-framing"]


def test_positive_leaving_story_is_not_negative() -> None:
    got = flags(
        "I lead a team of five back-end developers and run the code reviews. I've learned a lot "
        "there and shipped our billing platform. Now I'm ready for a bigger challenge in machine "
        "learning systems, which is the growth I want next.",
        "role-leaving",
    )
    assert "negative-framing" not in got


def test_negative_words_elsewhere_are_not_employer_framing() -> None:
    got = flags("Scheduling was boring to write but Celery beat retries it.", "celery-why")
    assert "negative-framing" not in got


def test_hedges_flagged_and_kind_of_only_as_filler() -> None:
    got = flags(
        "I think maybe we could sort of use Redis, I guess, for the keys.",
        "duplicates",
        fillers=("sort",),
    )
    assert "hedge" in got
    assert "I think maybe" in got["hedge"]
    clean = flags(
        "What kind of tasks need Celery? Reports that take two minutes block a web worker, so "
        "we moved them to Celery and the pages stayed fast.",
        "celery-why",
    )
    assert "hedge" not in clean


def test_structure_restate_answer_example_seen() -> None:
    report = assess_content(
        answer(
            "Why Celery for a thousand logins? Logins don't need it; heavy jobs do. For example, "
            "our bulk uploads took 4 minutes and blocked the web workers, so we moved them to "
            "Celery and requests stayed under 200 milliseconds.",
            "celery-why",
        ),
        BANK.get("celery-why"),
    )
    assert report.shape == {"restate": True, "direct": True, "example": True, "impact": True}
    assert not {f.kind for f in report.flags} & {"structure", "impact"}


def test_structure_and_impact_missing() -> None:
    got = flags(
        "Concurrency is set per worker and each task is acknowledged late, with prefetch set "
        "to one, and the pool is the default pool with sensible settings for the queues.",
        "bulk-upload",
    )
    assert "structure" in got
    assert "impact" in got


def test_repetition_flags_a_word_said_many_times() -> None:
    text = (
        "I am completely back end, completely focused on APIs, completely into databases, and "
        "I completely own the services and the deployment pipeline of the whole platform team "
        "for the last five years."
    )
    got = flags(text, "intro")
    assert "repetition" in got
    assert "'completely' x4" in got["repetition"]


def test_question_terms_are_not_repetition() -> None:
    text = (
        "Celery runs the slow work. Celery retries failed tasks. Celery schedules the nightly "
        "jobs. Celery keeps the web workers free, so Celery pays off for our reports of 2 "
        "minutes, for example."
    )
    assert "repetition" not in flags(text, "celery-why")


# -- personal targets ------------------------------------------------------------------------


def with_rate(rate: float, wpm: float = 140.0) -> Analysis:
    a = answer("one two three four five six", "intro")
    a.speech_span_s = 60.0
    a.wpm = wpm
    a.fillers = [object()] * int(round(rate))  # type: ignore[list-item]
    return a


def test_personal_target_needs_three_attempts() -> None:
    assert personal_targets([with_rate(5), with_rate(4)]) == []


def test_personal_target_line_and_goal() -> None:
    history = [with_rate(6), with_rate(5), with_rate(4), with_rate(3)]
    (fill,) = personal_targets(history)
    assert fill.metric == "filler_rate_per_min"
    assert fill.recent == 4.0  # the last three's mean, the trend
    assert fill.latest == 3.0  # the goal starts from the answer just given
    assert fill.goal == 2.0
    assert fill.first == 6.0
    assert fill.attempts == 4
    assert fill.line.startswith("3 fillers/min in this answer -> aim for 2 (last 3 of 4")


def test_personal_target_within_target_and_pace() -> None:
    targets = personal_targets([with_rate(1, 190), with_rate(1, 185), with_rate(2, 180)])
    fill, pace = targets
    assert "within target" in fill.line
    assert pace.metric == "wpm"
    assert pace.recent == 185
    assert 160 <= pace.goal < 185


def test_content_round_trips_through_json() -> None:
    a = answer("Same.", "greeting")
    a.content = assess_content(a, BANK.get("greeting"), history=[with_rate(5)] * 3)
    data = a.to_dict()
    assert data["content"]["flags"][0]["kind"] == "too-short"
    assert {"point", "covered", "evidence"} <= set(data["content"]["talking_points"][0])
    assert data["content"]["personal_targets"][0]["goal"] == 4.0
    back = Analysis.from_dict(data)
    assert back.content == a.content
    assert Analysis.from_dict({**data, "content": None}).content is None


def test_too_short_says_its_count_leaves_fillers_aside() -> None:
    """The report says "31 words" (fillers included) and the flag "29 words is short": the
    flag's count must say it leaves the fillers out."""
    text = "Hi, I'm Bhargav, um, a Python developer with five years of Django. um"
    report = assess_content(answer(text, "intro"), BANK.get("intro"))
    [short] = [f for f in report.flags if f.kind == "too-short"]
    assert short.message.startswith("11 words besides fillers is short for a 60-90 s answer")


def test_personal_target_leaves_out_silent_and_too_short_answers() -> None:
    """ "last 3 of 5 attempts" counted a silent attempt and a "Yes, sure." whose 0 or 30
    fillers/min skewed the target; only answers that can be rated count."""
    silent = answer("", "intro")
    short = answer("Um, yes sure.", "intro")
    short.speech_span_s = 2.0
    short.fillers = [object()]  # type: ignore[list-item]  # 30 fillers/min
    history = [with_rate(6), with_rate(5), silent, short, with_rate(4)]
    (fill,) = personal_targets(history)
    assert fill.attempts == 3
    assert fill.recent == 5.0  # (6 + 5 + 4) / 3, neither 0 nor 30 in it
    assert "(last 3 of 3 attempts;" in fill.line
