"""Questions from your own text in the app (issue 23): `j` on the question list asks for the path
of a job description or résumé, drafts a bank from it off the UI thread, shows the new questions
in the list and says where the bank file is; a missing file or a text with nothing to ask about
is one line in the form, which stays open to correct the path. Pilot, fakes, no model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support.ui_fakes import make_app, text_of, until
from textual.widgets import DataTable, Input, Static

from voicecoach.questions import load_bank
from voicecoach.ui.from_text import FromTextScreen
from voicecoach.ui.practice import PracticeScreen
from voicecoach.ui.questions import QuestionListScreen

pytestmark = pytest.mark.anyio

JOB = (
    Path(__file__).resolve().parents[2] / "samples" / "texts" / "tuning" / "backend-payments-jd.md"
)


def row_ids(app: Any) -> list[str]:
    table = app.screen.query_one("#questions", DataTable)
    return [str(key.value) for key in table.rows]


def notes(app: Any) -> str:
    return " ".join(str(n.message) for n in app._notifications)


async def open_form(app: Any, pilot: Any) -> Input:
    await pilot.pause()
    await pilot.press("j")
    await until(pilot, lambda: isinstance(app.screen, FromTextScreen))
    return app.screen.query_one("#from-text-path", Input)


async def test_j_drafts_questions_from_a_file_into_the_list(tmp_path: Path) -> None:
    config_dir = tmp_path / "config"
    bank = load_bank((), config_dir / "my-questions.toml")
    builtin = len(bank.questions)
    app, _ = make_app(tmp_path, bank=bank, speak=False)
    async with app.run_test(size=(80, 24)) as pilot:
        field = await open_form(app, pilot)
        field.value = str(JOB)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, QuestionListScreen), timeout=30)
        saved = config_dir / "drafted-backend-payments-jd.toml"
        assert saved.is_file()
        await until(pilot, lambda: len(row_ids(app)) > builtin)
        ids = row_ids(app)
        assert "backend-payments-jd-why-postgresql" in ids
        # The cursor is on the first drafted question; the note says where the file is.
        table = app.screen.query_one("#questions", DataTable)
        assert ids[table.cursor_row].startswith("backend-payments-jd-")
        assert str(saved) in notes(app) and "Drafted" in notes(app)
        # A drafted question is practised like any other.
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        assert app.screen.question.id.startswith("backend-payments-jd-")
    # And the next start reads it without a line in config.toml.
    assert not (config_dir / "config.toml").exists()
    again = load_bank((), config_dir / "my-questions.toml")
    assert again.get("backend-payments-jd-why-postgresql") is not None


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        ("nope.md", None, "no such file"),
        ("note.txt", "Remember to buy milk and call grandma on Sunday.\n", "names no technology"),
    ],
)
async def test_a_problem_is_one_line_in_the_form(
    tmp_path: Path, name: str, text: str | None, says: str
) -> None:
    path = tmp_path / name
    if text is not None:
        path.write_text(text, encoding="utf-8")
    config_dir = tmp_path / "config"
    bank = load_bank((), config_dir / "my-questions.toml")
    app, _ = make_app(tmp_path, bank=bank, speak=False)
    async with app.run_test(size=(80, 24)) as pilot:
        field = await open_form(app, pilot)
        field.value = str(path)
        await pilot.press("enter")
        status = app.screen.query_one("#from-text-status", Static)
        await until(pilot, lambda: text_of(status).startswith("✗"), timeout=30)
        line = text_of(status)
        assert says in line and "\n" not in line
        # The form stays open with the path to correct; escape goes back to the list.
        assert isinstance(app.screen, FromTextScreen) and field.value == str(path)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, QuestionListScreen))
        assert len(row_ids(app)) == len(bank.questions)
    assert not list(config_dir.glob("drafted-*.toml"))


async def test_a_text_drafted_before_is_not_drafted_over(tmp_path: Path) -> None:
    """Its questions are in the list already, perhaps edited: the form says so, the file stays."""
    config_dir = tmp_path / "config"
    config_dir.mkdir()
    saved = config_dir / "drafted-backend-payments-jd.toml"
    saved.write_text("# my edits\n", encoding="utf-8")
    app, _ = make_app(tmp_path, bank=load_bank((), config_dir / "my-questions.toml"), speak=False)
    async with app.run_test(size=(80, 24)) as pilot:
        field = await open_form(app, pilot)
        field.value = str(JOB)
        await pilot.press("enter")
        status = app.screen.query_one("#from-text-status", Static)
        await until(pilot, lambda: text_of(status).startswith("✗"), timeout=30)
        assert "exists" in text_of(status)
    assert saved.read_text(encoding="utf-8") == "# my edits\n"
