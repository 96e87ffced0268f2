"""`voicecoach interview --from-files` asks a follow-up in the flow (issue 23): the real tiny.en
model on a spoken answer whose words fire the follow-up, whose own answer is a file named
<question-id>.<follow-up id>; the report shows it under its parent, history links it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from voicecoach.cli import main
from voicecoach.paths import REPO_DIR

SAMPLES = REPO_DIR / "samples"


@pytest.mark.model
def test_a_spoken_answer_fires_its_follow_up_in_the_interview(tmp_path: Path, capsys) -> None:
    answers = tmp_path / "answers"
    answers.mkdir()
    # "I proposed Celery, and my manager agreed ... I also led the rollout": initiative made.
    shutil.copy(SAMPLES / "leader-joe.flac", answers / "leader.flac")
    shutil.copy(SAMPLES / "leader-espeak-m3.flac", answers / "leader.disagreement.flac")
    home, out = tmp_path / "home", tmp_path / "report.md"
    args = ["--home", str(home), "interview", "--from-files", str(answers), "--out", str(out)]

    assert main([*args, "--questions", "leader", "--save"]) == 0
    md = out.read_text("utf-8")
    assert "1 of 1 questions answered, and 1 follow-up." in md
    parent_at = md.index("## 1. Leader or follower? (leader)")
    follow_at = md.index("### Follow-up to 1: When the team disagreed (leader.disagreement)")
    assert parent_at < follow_at
    assert "Asked because the answer above made the point 'Initiative: you led the work'." in md
    assert "ignored" not in capsys.readouterr().err  # the follow-up's file is read, not ignored

    assert main(["--home", str(home), "history", "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    by_question = {r["question"]: r for r in records}
    assert by_question["leader.disagreement"]["parent_id"] == by_question["leader"]["id"]
    assert by_question["leader"]["parent_id"] is None


@pytest.mark.model
def test_analyze_offers_the_follow_up_and_links_its_answer(tmp_path: Path, capsys) -> None:
    home = str(tmp_path / "home")
    leader = str(SAMPLES / "leader-joe.flac")
    assert main(["--home", home, "analyze", leader, "--question", "leader", "--save"]) == 0
    out = capsys.readouterr().out
    assert "Follow-up: Tell me about a time the team disagreed with something you drove." in out
    assert "`voicecoach analyze ANSWER --question leader.disagreement --save --parent 1`" in out

    follow = str(SAMPLES / "leader-espeak-m3.flac")
    args = ["--home", home, "analyze", follow, "--question", "leader.disagreement"]
    assert main([*args, "--parent", "1"]) == 2  # not saved: nothing to link
    assert "--parent links a saved answer: add --save" in capsys.readouterr().err
    assert main(["--home", home, "analyze", follow, "--question", "leader", "--save",
                 "--parent", "1"]) == 2  # fmt: skip
    assert "--parent needs a follow-up's id" in capsys.readouterr().err
    assert main([*args, "--save", "--parent", "1"]) == 0
    assert "Follow-up:" not in capsys.readouterr().out  # none after a follow-up's answer
    assert main(["--home", home, "history", "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [(r["question"], r["parent_id"]) for r in records] == [
        ("leader.disagreement", 1),
        ("leader", None),
    ]
