"""The question list says where a question comes from when it is not the built-in bank: a
question drafted from the user's text ("Tell me about yourself", drafted-job-resume.toml)
looked the same as the built-in one of that title. Pilot, fakes, no model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import tomli_w
from support.ui_fakes import make_app, until
from textual.widgets import DataTable

from voicecoach.paths import own_questions_file
from voicecoach.questions import load_bank
from voicecoach.questions.origin import origin_mark
from voicecoach.questions.own import QuestionDraft, add_question

pytestmark = pytest.mark.anyio


def titles(app: Any) -> dict[str, str]:
    table = app.screen.query_one("#questions", DataTable)
    return {str(k.value): str(table.get_cell(k, "title")) for k in table.rows}


def drafted_bank(config: Path) -> None:
    config.mkdir(parents=True, exist_ok=True)
    question = {
        "id": "job-resume-intro",
        "title": "Tell me about yourself",
        "prompt": "Tell me about yourself",
        "target_s": [60, 90],
    }
    (config / "drafted-job-resume.toml").write_text(tomli_w.dumps({"question": [question]}))


@pytest.mark.parametrize("width", [120, 80])
async def test_drafted_and_own_questions_are_told_from_the_built_in_ones(
    tmp_path: Path, width: int
) -> None:
    config = tmp_path / "config"
    drafted_bank(config)
    bank = load_bank((), config / "my-questions.toml")
    add_question(bank, QuestionDraft("Why this team?", "Why this team?", 30, 90, ()))
    app, _ = make_app(tmp_path, bank=bank, speak=False)
    async with app.run_test(size=(width, 24)) as pilot:
        table = app.screen.query_one("#questions", DataTable)
        await until(pilot, lambda: "job-resume-intro" in table.rows)
        await pilot.pause(0.2)
        shown = titles(app)
        assert shown["intro"] == "Tell me about yourself"  # built-in: no mark
        assert shown["job-resume-intro"] == "Tell me about yourself · from job-resume"
        assert shown["why-this-team"] == "Why this team? · yours"
        assert shown["leader"] == "Leader or follower? STAR"
        assert table.max_scroll_x == 0


def test_the_own_file_is_known_by_its_name() -> None:
    from dataclasses import replace

    intro = load_bank().get("intro")
    assert intro is not None
    own = replace(intro, source=str(own_questions_file(Path("/home/x"))))
    assert origin_mark(own) == "yours"
