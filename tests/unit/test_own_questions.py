"""The user's own question bank (issue 22): read, written with tomli_w, read back the same; ids
from titles; the typed target and talking points checked in one line; a malformed file named in
one line while the built-in questions still load; built-in questions never changed."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest

from voicecoach.paths import own_questions_file
from voicecoach.practice.services import load_setup
from voicecoach.questions import TalkingPoint, load_bank
from voicecoach.questions.own import (
    OwnQuestionError,
    add_question,
    edit_question,
    make_draft,
    parse_point,
    parse_target,
    question_id,
    remove_question,
    source_label,
)


@pytest.fixture
def own(tmp_path: Path) -> Path:
    return tmp_path / "config" / "my-questions.toml"


def test_added_question_round_trips_through_the_file(own: Path) -> None:
    bank = load_bank((), own)
    draft = make_draft(
        "Why this company?",
        "Why do you want to work here?",
        "45-90",
        ["Their product: Product, customers", "", "My fit: experience, skills"],
    )
    added = add_question(bank, draft)
    assert added.id == "why-this-company"
    assert bank.get("why-this-company") == added  # the bank given is read again
    again = load_bank((), own).get("why-this-company")
    assert again is not None
    assert (again.title, again.prompt) == ("Why this company?", "Why do you want to work here?")
    assert (again.target_min_s, again.target_max_s) == (45.0, 90.0)
    assert again.points == (
        TalkingPoint("Their product", ("product", "customers")),
        TalkingPoint("My fit", ("experience", "skills")),
    )
    assert again.source == str(own)
    assert source_label(bank, again) == "yours"
    assert source_label(bank, bank.get("intro")) == "built-in"
    # The file is the built-in bank's format, readable by a person.
    text = own.read_text(encoding="utf-8")
    assert text.startswith("# Your own interview questions")
    assert '[[question]]\nid = "why-this-company"' in text


def test_ids_come_from_titles_and_never_clash(own: Path) -> None:
    assert question_id("Why this company?", []) == "why-this-company"
    assert question_id("Tell me about yourself", ["intro"]) == "tell-me-about-yourself"
    assert question_id("Intro", ["intro"]) == "intro-2"
    assert question_id("INTRO", ["intro", "Intro-2"]) == "intro-3"
    assert question_id("?!", []) == "question"
    long = question_id("What would you build first if you joined the platform team here", [])
    assert len(long) <= 40 and not long.endswith("-") and long.startswith("what-would-you")
    bank = load_bank((), own)
    first = add_question(bank, make_draft("Greeting"))
    second = add_question(bank, make_draft("Greeting"))
    assert (first.id, second.id) == ("greeting-2", "greeting-3")  # "greeting" is built in
    assert load_bank((), own).get("greeting").prompt == "Nice to meet you."


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("60-90", (60.0, 90.0)),
        (" 60 - 90 s", (60.0, 90.0)),
        ("45–120", (45.0, 120.0)),
        ("30 to 45 seconds", (30.0, 45.0)),
        ("7.5-10", (7.5, 10.0)),
    ],
)
def test_targets_as_typed(typed: str, expected: tuple[float, float]) -> None:
    assert parse_target(typed) == expected


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("90", "target '90' should be two numbers of seconds, like 60-90"),
        ("a minute", "target 'a minute' should be two numbers of seconds, like 60-90"),
        ("90-60", "the first number should be more than 0 and at most the second"),
        ("0-60", "the first number should be more than 0 and at most the second"),
    ],
)
def test_bad_targets_are_named(typed: str, said: str) -> None:
    with pytest.raises(OwnQuestionError, match=said):
        parse_target(typed)


def test_talking_points_need_keywords_after_a_colon() -> None:
    assert parse_point(" Impact : 30%, faster ") == TalkingPoint("Impact", ("30%", "faster"))
    for typed in ("Impact", "Impact:", ": faster", "Impact: , "):
        with pytest.raises(OwnQuestionError, match="a point, a colon, then its keywords"):
            parse_point(typed)
    with pytest.raises(OwnQuestionError, match="needs a title"):
        make_draft("   ")
    draft = make_draft("Salary", target="")
    assert (draft.prompt, draft.target_min_s, draft.target_max_s) == ("Salary", 30.0, 120.0)


def test_edit_keeps_the_id_and_tips_remove_leaves_an_empty_valid_file(own: Path) -> None:
    own.parent.mkdir(parents=True)
    own.write_text(
        '[[question]]\nid = "salary"\ntitle = "Salary"\nprompt = "What salary?"\n'
        'tips = ["Give a range."]\n',
        encoding="utf-8",
    )
    bank = load_bank((), own)
    edited = edit_question(bank, "Salary", make_draft("Salary talk", "", "20-40"))
    assert (edited.id, edited.title, edited.prompt) == ("salary", "Salary talk", "Salary talk")
    assert load_bank((), own).get("salary").tips == ("Give a range.",)
    removed = remove_question(bank, "salary")
    assert removed.title == "Salary talk"
    assert bank.get("salary") is None
    empty = load_bank((), own)
    assert empty.errors == [] and empty.get("salary") is None
    add_question(empty, make_draft("Again"))  # an emptied file takes new questions
    assert load_bank((), own).get("again") is not None


def test_built_in_and_unknown_questions_are_refused_in_one_line(own: Path) -> None:
    bank = load_bank((), own)
    with pytest.raises(OwnQuestionError) as refused:
        remove_question(bank, "intro")
    assert str(refused.value) == (
        "'intro' is a built-in question: only your own questions can be removed"
    )
    with pytest.raises(OwnQuestionError, match="only your own questions can be edited"):
        edit_question(bank, "intro", make_draft("Me"))
    with pytest.raises(OwnQuestionError, match="no question 'nope'; `voicecoach questions list`"):
        remove_question(bank, "nope")
    assert not own.exists()


def test_a_malformed_file_is_one_line_and_never_overwritten(own: Path, tmp_path: Path) -> None:
    own.parent.mkdir(parents=True)
    broken = '[[question]]\nid = "x"\ntitle = "X"\n'  # no prompt
    own.write_text(broken, encoding="utf-8")
    bank = load_bank((), own)
    assert bank.get("intro") is not None  # the built-in questions still load
    assert bank.errors == [f"{own} (line 2): question 'x': missing prompt"]
    with pytest.raises(OwnQuestionError) as refused:
        add_question(bank, make_draft("New"))
    assert "\n" not in str(refused.value)
    assert str(refused.value).endswith("missing prompt; fix or move the file, then try again")
    assert own.read_text(encoding="utf-8") == broken
    own.write_text("[[question]\n", encoding="utf-8")  # not TOML
    assert len(load_bank((), own).errors) == 1
    # The app starts with the problem as a notice on the first screen.
    home = tmp_path / "home"
    own_questions_file(home).parent.mkdir(parents=True)
    own_questions_file(home).write_text(broken, encoding="utf-8")
    setup = load_setup(argparse.Namespace(home=str(home)))
    assert any("missing prompt" in n for n in setup.notices)
    assert setup.bank.get("intro") is not None


def test_the_own_file_named_in_the_config_too_is_read_once(own: Path) -> None:
    bank = load_bank((), own)
    add_question(bank, make_draft("Salary"))
    both = load_bank([str(own)], own)
    assert both.errors == []
    assert [q.id for q in both.questions].count("salary") == 1
    assert both.is_own(both.get("salary"))


def test_a_file_that_cannot_be_written_is_named(own: Path) -> None:
    bank = load_bank((), own)
    # Where the new text is written first (then moved over the file): a folder, here.
    own.parent.mkdir(parents=True)
    (own.parent / f".{own.name}.{os.getpid()}.tmp").mkdir()
    with pytest.raises(OwnQuestionError) as refused:
        add_question(bank, make_draft("Salary"))
    assert str(refused.value).startswith(f"{own}: cannot save your questions (")
    assert "\n" not in str(refused.value)
    assert not own.exists() and bank.get("salary") is None
