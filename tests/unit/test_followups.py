"""Follow-up questions (issue 23): the bank format and its one-line errors, which follow-up a
text answer fires (each trigger when its condition holds and not otherwise), the attempt link in
the store and its migration, the session saving a follow-up linked to its parent, and the mock
interview asking them in the flow with the report showing each under its parent."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from support.ui_fakes import (
    FakeAnalyse,
    FakeAttempt,
    FakeRecorder,
    FakeStore,
    FakeTranscriber,
    FakeVoice,
    sample_analysis,
)

from benchmarks.followups import all_rows, markdown, text_analysis
from voicecoach.analysis.followups import fired_followups, next_followup
from voicecoach.config import Config
from voicecoach.practice.services import Services
from voicecoach.practice.session import PracticeSession
from voicecoach.questions import BankError, Question, load_bank, parse_bank
from voicecoach.store import MIGRATIONS, SCHEMA_VERSION, Store

BANK = load_bank()

PARENT = """
[[question]]
id = "cache"
title = "Caching"
prompt = "How would you cache this?"
target_s = [30, 90]
[[question.points]]
point = "An expiry"
keywords = ["ttl", "expiry"]
[[question.points]]
point = "Invalidation"
keywords = ["invalidate"]
"""


def bank_with(followup: str) -> list[Question]:
    return parse_bank(PARENT + followup, "my-bank.toml")


def fired(qid: str, text: str, seconds: float | None = None) -> list[str]:
    question = BANK.get(qid)
    assert question is not None
    answer = text_analysis(text, question, seconds)
    return [f.question.id.split(".", 1)[1] for f in fired_followups(question, answer)]


# --- the bank format ---------------------------------------------------------------------------


def test_a_follow_up_is_a_question_of_its_own_with_a_trigger() -> None:
    [q] = bank_with(
        """
[[question.followups]]
id = "stale"
title = "Stale reads"
prompt = "What if the data changes before the key expires?"
trigger = { made = "an expiry" }
tips = ["Say how you invalidate."]
[[question.followups.points]]
point = "Invalidate on write"
keywords = ["invalidate", "delete the key"]
"""
    )
    [f] = q.followups
    assert f.question.id == "cache.stale" and f.question.parent_id == "cache"
    assert f.question.title == "Stale reads" and f.question.tips == ("Say how you invalidate.",)
    assert (f.question.target_min_s, f.question.target_max_s) == (30, 90)  # the parent's
    assert f.question.points[0].keywords == ("invalidate", "delete the key")
    assert (f.trigger.kind, f.trigger.point) == ("made", 0)


@pytest.mark.parametrize(
    ("trigger", "kind", "point", "terms", "result"),
    [
        ("{ missed = 2 }", "missed", 1, (), ""),
        ('{ said = ["Redis", "unique key"] }', "said", None, ("redis", "unique key"), ""),
        ('{ said = "Redis" }', "said", None, ("redis",), ""),
        ('{ delivery = "over-time" }', "delivery", None, (), "over-time"),
        ('{ delivery = "no-example" }', "delivery", None, (), "no-example"),
    ],
)
def test_each_kind_of_trigger_is_read(
    trigger: str, kind: str, point: int | None, terms: tuple[str, ...], result: str
) -> None:
    [q] = bank_with(f'[[question.followups]]\nid = "x"\nprompt = "Why?"\ntrigger = {trigger}\n')
    t = q.followups[0].trigger
    assert (t.kind, t.point, t.terms, t.result) == (kind, point, terms, result)


@pytest.mark.parametrize(
    ("trigger", "says"),
    [
        ("", "trigger must be one of { made | missed | said | delivery"),
        ("trigger = { made = 3 }", "trigger names point 3; 'cache' has 2"),
        ('trigger = { missed = "speed" }', "names no talking point of 'cache': 'speed'"),
        ('trigger = { heard = "x" }', "unknown trigger 'heard'"),
        ("trigger = { said = [] }", "trigger said must be a term or a list"),
        ('trigger = { delivery = "late" }', "trigger delivery must be one of over-time"),
        ('trigger = { made = 1, said = "a" }', "trigger must be one of"),
    ],
)
def test_a_bad_trigger_is_one_line_naming_the_file_and_line(trigger: str, says: str) -> None:
    with pytest.raises(BankError) as caught:
        bank_with(f'[[question.followups]]\nid = "x"\nprompt = "Why?"\n{trigger}\n')
    message = str(caught.value)
    assert message.startswith("my-bank.toml (line 14): follow-up 'x' of 'cache': ")
    assert says in message and "\n" not in message


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ('id = "x"\ntrigger = { made = 1 }', "follow-up 'x' of 'cache': missing prompt"),
        ('prompt = "Why?"\ntrigger = { made = 1 }', "each follow-up needs an id"),
        ('id = "a.b"\nprompt = "Why?"', "each follow-up needs an id (letters, digits, -; no dot)"),
    ],
)
def test_a_follow_up_without_id_or_prompt_is_one_line(entry: str, says: str) -> None:
    with pytest.raises(BankError) as caught:
        bank_with("[[question.followups]]\n" + entry + "\n")
    message = str(caught.value)
    assert message.startswith("my-bank.toml") and says in message and "\n" not in message


def test_two_follow_ups_with_one_id_and_nested_follow_ups_are_refused() -> None:
    one = '[[question.followups]]\nid = "x"\nprompt = "A?"\ntrigger = { made = 1 }\n'
    with pytest.raises(BankError, match="two follow-ups with the id 'x'"):
        bank_with(one + one)
    nested = one + '[[question.followups.followups]]\nid = "y"\nprompt = "B?"\n'
    with pytest.raises(BankError, match="a follow-up has no follow-ups of its own"):
        bank_with(nested)


def test_a_user_bank_with_a_bad_follow_up_is_skipped_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "mine.toml"
    bad.write_text(PARENT + '[[question.followups]]\nid = "x"\nprompt = "A?"\n', "utf-8")
    bank = load_bank([str(bad)])
    assert bank.get("cache") is None and len(bank.errors) == 1
    assert bank.errors[0].startswith(f"{bad} (line 14): follow-up 'x' of 'cache'")


def test_every_built_in_question_has_follow_ups_found_by_id() -> None:
    for q in BANK.questions:
        assert q.followups, q.id
        for f in q.followups:
            assert BANK.get(f.question.id) is f.question  # history and replay find its title
            assert "?" in f.question.prompt
    assert BANK.get("celery-why.network-errors").title == "Does Celery solve network errors?"  # type: ignore[union-attr]
    assert BANK.get("nope.network-errors") is None


# --- which follow-up fires -----------------------------------------------------------------------


def test_a_term_said_fires_its_follow_up_with_slips_and_not_without_it() -> None:
    # The seed's chain: Celery "so the server won't stop" -> "Does Celery solve network errors?"
    assert "network-errors" in fired(
        "celery-why", "With Celery the server won't stop when the network is slow."
    )
    assert "network-errors" not in fired(
        "celery-why", "Celery keeps the slow reports off the web workers."
    )
    assert "redis-expiry" in fired("duplicates", "I keep each message id in Reddis with an expiry.")
    assert "redis-expiry" not in fired(
        "duplicates", "I keep each message id in a set in the database."
    )
    assert "single-threaded" in fired(
        "celery-why", "Django is single-threaded, so emails blocked it."
    )
    assert "celery-origin" in fired(
        "intro", "I am a back end developer, I work with Rabbit MQ daily."
    )
    assert "celery-origin" not in fired(
        "intro", "I am a back end developer, I work with Kafka daily."
    )
    assert "unique-constraint" in fired("duplicates", "A unique constraint on the key.")
    assert "unique-constraint" not in fired("duplicates", "The table has a unique key.")
    # A term denied is not said: "You said Django is single-threaded" would be wrong.
    assert "single-threaded" not in fired("celery-why", "Django is not single-threaded at all.")


def test_a_point_made_or_missed_fires_by_number_or_text() -> None:
    led = "I led the rollout, and I proposed Celery to my manager, who agreed."
    assert "disagreement" in fired("leader", led)
    assert "who-decided" not in fired("leader", led)  # "I proposed": the account is there
    vague = "We used Celery because the manager wanted it and the team went along."
    assert "disagreement" not in fired("leader", vague) and "who-decided" in fired("leader", vague)
    assert "which-tasks" in fired("celery-why", "Celery was a good idea for the company.")
    assert "which-tasks" not in fired("celery-why", "Sending emails blocked the request.")


def test_delivery_triggers_follow_the_time_verdict_and_the_shape() -> None:
    words = "I am a developer and I want to build a model that predicts failures. " * 3
    assert "say-more" in fired("leader", "I proposed it and I led it.", seconds=10)
    assert "say-more" not in fired("leader", "I proposed it and I led it. " * 6, seconds=45)
    assert "thirty-seconds" in fired("intro", words, seconds=100)
    assert "thirty-seconds" not in fired("intro", words, seconds=80)
    assert "tried-already" in fired("ai-plans", words)
    assert "tried-already" not in fired(
        "ai-plans", "For example, I built a small classifier. " + words
    )
    assert "achievement" in fired("intro", words)
    assert "achievement" not in fired(
        "intro", "I cut the build time from five hours to 40 minutes."
    )


def test_no_follow_up_on_silence_or_an_answer_too_short_to_rate() -> None:
    question = BANK.get("celery-why")
    assert question is not None
    assert fired_followups(question, text_analysis("", question)) == []
    assert next_followup(question, text_analysis("Network.", question)) is None
    first = next_followup(
        question, text_analysis("The network was slow and emails failed.", question)
    )
    assert first is not None and first.question.id == "celery-why.network-errors"  # bank order
    assert first.because == 'said "network"'


# --- the store ---------------------------------------------------------------------------------


def test_a_follow_up_is_stored_linked_to_its_parent(tmp_path: Path) -> None:
    store = Store(tmp_path)
    parent = store.save(sample_analysis("celery-why"), None, "celery-why")
    child = store.save(
        sample_analysis("celery-why.network-errors"), None, "celery-why.network-errors",
        parent_id=parent.id,
    )  # fmt: skip
    assert store.get(child.id).parent_id == parent.id and parent.parent_id is None
    assert [a.id for a in store.followups(parent.id)] == [child.id]
    assert store.get(child.id).record()["parent_id"] == parent.id
    store.delete(parent.id)
    assert store.get(child.id).parent_id is None  # kept, unlinked


def test_a_database_from_before_follow_ups_migrates_and_keeps_its_attempts(tmp_path: Path) -> None:
    db = tmp_path / "voicecoach.db"
    conn = sqlite3.connect(db)
    for step in MIGRATIONS[:3]:
        for statement in step:
            conn.execute(statement)
    conn.execute(
        "INSERT INTO attempts (created_at, question_id, model, duration_s, wpm, filler_count,"
        " filler_rate_per_min, long_pauses, audio_path, analysis_json)"
        " VALUES ('2026-12-01T00:00:00+00:00', 'intro', 'tiny.en', 72, 178, 2, 1.7, 1, NULL, ?)",
        (json.dumps(sample_analysis("intro").to_dict()),),
    )
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    store = Store(tmp_path)
    [old] = store.list()
    assert old.parent_id is None and old.question_id == "intro"
    with sqlite3.connect(db) as check:
        assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    new = store.save(sample_analysis("intro.achievement"), None, parent_id=old.id)
    assert store.followups(old.id)[0].id == new.id


# --- the session and the mock interview --------------------------------------------------------


class LinkingStore(FakeStore):
    """The fake store, keeping the parent link as the real one does."""

    def save(self, *args: object, parent_id: int | None = None, **kwargs: object) -> FakeAttempt:
        attempt = super().save(*args, **kwargs)  # type: ignore[arg-type]
        attempt.parent_id = parent_id  # type: ignore[attr-defined]
        return attempt


def new_session(tmp_path: Path) -> PracticeSession:
    services = Services(
        transcriber_factory=FakeTranscriber,
        recorder_factory=FakeRecorder,
        voice=FakeVoice(),
        store=LinkingStore(tmp_path / "attempts"),
        analyse=FakeAnalyse(),
        recordings_dir=tmp_path / "recordings",
    )
    session = PracticeSession(Config(home=str(tmp_path / "home")), load_bank(), services)
    session.load_model()
    return session


def answer(session: PracticeSession, question: Question) -> object:
    started = session.start_recording(question)
    session.stopping(started.recorder)
    done = session.finish_answer(started.recorder, started.path, question)
    assert done is not None
    return done.attempt


def test_a_follow_up_taken_is_saved_linked_to_the_answer_it_followed(tmp_path: Path) -> None:
    session = new_session(tmp_path)
    intro = session.bank.get("intro")
    assert intro is not None
    parent = answer(session, intro)
    offered = session.followup_for(intro, sample_analysis("intro"))  # no number in it
    assert offered is not None and offered.question.id == "intro.achievement"
    session.take_followup(offered.question, parent)
    child = answer(session, offered.question)
    retry = answer(session, offered.question)  # `r` on its results: still the follow-up
    assert child.parent_id == parent.id and retry.parent_id == parent.id  # type: ignore[attr-defined]
    assert answer(session, intro).parent_id is None  # type: ignore[attr-defined]
    assert session.followup_for(offered.question, sample_analysis("intro")) is None


def test_the_interview_asks_follow_ups_in_the_flow_and_reports_them_under_their_parent(
    tmp_path: Path,
) -> None:
    session = new_session(tmp_path)
    intro, duplicates = session.bank.get("intro"), session.bank.get("duplicates")
    assert intro is not None and duplicates is not None
    session.start_interview([intro, duplicates])
    assert session.interview_answered(intro, sample_analysis("intro")) is None
    follow = next(f.question for f in intro.followups if f.question.id == "intro.achievement")
    assert session.interview_position(follow) == (1, 2)  # asked as part of question 1
    assert session.interview_answered(follow, sample_analysis(follow.id)) is None
    report = session.interview_answered(duplicates, sample_analysis("duplicates"))
    assert report is not None  # due at the last question, its follow-up asked after it
    first = report.write()
    md = Path(first.text.split("Report: ", 1)[1].split(" (and ")[0])
    text = md.read_text("utf-8")
    assert "1 of 2" not in text and "2 of 2 questions answered, and 1 follow-up" in text
    under = text.index("## 1. Tell me about yourself")
    assert (
        under < text.index("### Follow-up to 1: An achievement with a number") < text.index("## 2.")
    )
    assert "Asked because the answer above gave no concrete quantity." in text
    last = next(
        f.question for f in duplicates.followups if f.question.id == "duplicates.idempotency-key"
    )
    again = session.interview_answered(last, sample_analysis(last.id))
    assert again is not None  # the report again, with the last question's follow-up
    assert again.write().report == md
    assert "### Follow-up to 2: What makes two messages the same?" in md.read_text("utf-8")


# --- the benchmark's table ---------------------------------------------------------------------


def test_every_trigger_on_the_labelled_answers_as_docs_benchmark_says() -> None:
    """Each trigger is tried where its condition holds and where it does not; the only wrong
    decisions are the two BENCHMARK.md names (the parent's talking-point keywords), and the
    table there is the one the code gives."""
    rows, texts, clips, written = all_rows()
    assert all(r.should and r.quiet_should for r in rows)  # both ways, every follow-up
    assert {w for r in rows for w in r.wrong} == {
        "test-11a-leader-en-gb-Annie-white15 (missed)",
        "tuning-12a-role-leaving-en-us-m3-babble15 (missed)",
    }
    doc = (Path(__file__).parents[2] / "docs" / "BENCHMARK.md").read_text("utf-8")
    assert markdown(rows, texts, clips, written) in doc
