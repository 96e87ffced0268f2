"""The candidate's own questions from the question list: `n` opens a form, the question is
saved to their bank file and appears in the list; `e` edits it, `d` removes it after asking;
built-in questions say they cannot be changed (issue 22)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support.ui_fakes import make_app, text_of, until
from textual.app import App
from textual.widgets import DataTable, Static

from voicecoach.questions import load_bank
from voicecoach.ui.confirm import ConfirmScreen
from voicecoach.ui.practice import PracticeScreen
from voicecoach.ui.question_form import QuestionFormScreen
from voicecoach.ui.questions import QuestionListScreen

pytestmark = pytest.mark.anyio


OWN_MARK = " · yours"  # after an own question's title (tests/ui/test_question_origin.py)


def titles(app: Any) -> list[str]:
    """The titles without the user's own questions' mark."""
    table = app.screen.query_one("#questions", DataTable)
    return [str(table.get_row_at(r)[0]).removesuffix(OWN_MARK) for r in range(table.row_count)]


async def type_text(pilot: Any, text: str) -> None:
    await pilot.press(*text)


def own_bank(tmp_path: Path) -> Any:
    return load_bank((), tmp_path / "config" / "my-questions.toml")


async def test_a_question_added_through_the_form_is_listed_saved_and_practised(
    tmp_path: Path,
) -> None:
    bank = own_bank(tmp_path)
    app, _ = make_app(tmp_path, bank=bank, speak=False)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, QuestionFormScreen))
        # Letters that are keys elsewhere (t, h, p, q, ?) are typed, not obeyed.
        await type_text(pilot, "Why this team, and what would you ship first?")
        await pilot.press("enter")
        await type_text(pilot, "Why do you want to join this team?")
        await pilot.press("enter")
        await type_text(pilot, "45-90")
        await pilot.press("enter")
        await type_text(pilot, "Their product: product, customers")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, QuestionListScreen))
        await until(pilot, lambda: "Why this team, and what would you ship first?" in titles(app))
        saved = (tmp_path / "config" / "my-questions.toml").read_text(encoding="utf-8")
        assert 'prompt = "Why do you want to join this team?"' in saved
        table = app.screen.query_one("#questions", DataTable)
        row = table.get_row_at(table.cursor_row)
        assert str(row[0]) == "Why this team, and what would you ship first?" + OWN_MARK
        assert str(row[1]) == "45-90 s"
        # It is practised like the others: enter opens it, with its own prompt.
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        question = app.screen.question
        assert question.prompt == "Why do you want to join this team?"
        assert [p.point for p in question.points] == ["Their product"]
        # ... and it is in the mock interview's questions and the session's bank.
        assert app.session.bank.get(question.id) is question


async def test_a_bad_target_is_named_in_the_form_which_stays_open(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, bank=own_bank(tmp_path), speak=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, QuestionFormScreen))
        await type_text(pilot, "Salary")
        await pilot.press("enter", "enter")
        await type_text(pilot, "a minute")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, QuestionFormScreen)
        error = text_of(app.screen.query_one("#form-error", Static))
        assert "target 'a minute' should be two numbers of seconds, like 60-90" in error
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, QuestionListScreen))
        assert "Salary" not in titles(app)
        assert not (tmp_path / "config" / "my-questions.toml").exists()


async def test_edit_and_remove_own_question_but_not_a_built_in(tmp_path: Path) -> None:
    own = tmp_path / "config" / "my-questions.toml"
    own.parent.mkdir()
    own.write_text(
        '[[question]]\nid = "salary"\ntitle = "Salary talk"\nprompt = "What salary?"\n'
        "target_s = [20, 40]\n",
        encoding="utf-8",
    )
    app, _ = make_app(tmp_path, bank=own_bank(tmp_path), speak=False)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        # A built-in question: refused, in one line.
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, QuestionListScreen)
        said = [n.message for n in app._notifications]
        assert any("is a built-in question and cannot be edited here" in m for m in said)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, QuestionListScreen)
        assert "Nice to meet you." in [q.prompt for q in app.bank.questions]
        # Theirs: edited through the same form, shown filled in.
        await pilot.press("end", "e")
        await until(pilot, lambda: isinstance(app.screen, QuestionFormScreen))
        await pilot.press("end", *" and benefits")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Salary talk and benefits" in titles(app))
        assert app.bank.get("salary").target_label == "20-40 s"
        # Removed once confirmed; `n` at the confirmation keeps it.
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await pilot.pause()
        assert "Salary talk and benefits" in titles(app)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: "Salary talk and benefits" not in titles(app))
        assert app.bank.get("salary") is None
        assert "salary" not in own.read_text(encoding="utf-8")


async def test_n_is_in_the_key_bar_where_it_fits_and_n_e_d_in_the_help(tmp_path: Path) -> None:
    from rich.console import Console

    from voicecoach.ui.footer import KeyFooter
    from voicecoach.ui.help import HelpScreen

    app, _ = make_app(tmp_path, bank=own_bank(tmp_path), speak=False)
    async with app.run_test(size=(110, 30)) as pilot:
        footer = app.screen.query_one(KeyFooter)
        await until(pilot, lambda: "p Replay" in footer.render().plain)
        assert " n New " in footer.render().plain
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        from voicecoach.ui.help import keys_table

        console = Console(width=80, record=True)
        console.print(keys_table())
        # One line for n, e, d and j (questions from your own text): the help fits 80x24.
        assert "own questions (list): new, edit, remove, from text" in console.export_text()


async def test_own_questions_are_in_the_mock_interview_and_titled_in_history(
    tmp_path: Path,
) -> None:
    import numpy as np
    import soundfile as sf
    from support.ui_fakes import sample_analysis

    from voicecoach.store import Store
    from voicecoach.ui.history import HistoryScreen

    app, _ = make_app(tmp_path, bank=own_bank(tmp_path), speak=False)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, QuestionFormScreen))
        await type_text(pilot, "Salary talk")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Salary talk" in titles(app))
        added = app.bank.get("salary-talk")
        assert added is not None
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        total = len(app.bank.questions)
        assert app.session.interview_position(added) == (total, total)  # asked last
    # The history names its attempts by the title, as the built-in ones.
    store = Store(tmp_path / "home")
    audio = tmp_path / "a.wav"
    sf.write(audio, np.zeros(1600, dtype=np.float32), 16000)
    store.save(sample_analysis("salary-talk"), audio, "salary-talk")
    screen = HistoryScreen(store, find_question=app.bank.get)

    class HostApp(App[None]):
        def on_mount(self) -> None:
            self.push_screen(screen)

    async with HostApp().run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: screen.query_one("#history-table", DataTable).row_count == 1)
        table = screen.query_one("#history-table", DataTable)
        assert str(table.get_row_at(0)[2]) == "Salary talk"


async def test_a_malformed_file_is_not_overwritten_by_the_form(tmp_path: Path) -> None:
    own = tmp_path / "config" / "my-questions.toml"
    own.parent.mkdir()
    broken = '[[question]]\nid = "x"\ntitle = "X"\n'
    own.write_text(broken, encoding="utf-8")
    bank = own_bank(tmp_path)
    app, _ = make_app(tmp_path, bank=bank, notices=bank.errors, speak=False)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        notices = text_of(app.screen.query_one("#notices", Static))
        assert "my-questions.toml (line 2): question 'x': missing prompt" in notices
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, QuestionFormScreen))
        await type_text(pilot, "Salary")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: any("fix or move" in n.message for n in app._notifications))
        assert own.read_text(encoding="utf-8") == broken
        assert "Salary" not in titles(app)
