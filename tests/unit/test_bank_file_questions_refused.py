"""A question from a bank file named in the config (a drafted one: `voicecoach questions from`)
cannot be edited or removed by `voicecoach questions`: the one line says which file it is in,
so the user knows where to change it, in a sentence that reads (it said "'x' is /path.toml")."""

from __future__ import annotations

from pathlib import Path

import pytest

from voicecoach.questions import load_bank
from voicecoach.questions.own import OwnQuestionError, edit_question, make_draft, remove_question

DRAFTED = '[[question]]\nid = "sre-why-istio"\ntitle = "Why Istio?"\nprompt = "Why Istio?"\n'


def test_a_drafted_question_names_the_file_to_change(tmp_path: Path) -> None:
    drafted = tmp_path / "drafted-sre-jd.toml"
    drafted.write_text(DRAFTED, encoding="utf-8")
    bank = load_bank([str(drafted)], tmp_path / "my-questions.toml")
    assert bank.get("sre-why-istio") is not None
    with pytest.raises(OwnQuestionError) as refused:
        remove_question(bank, "sre-why-istio")
    said = str(refused.value)
    assert said.startswith(f"'sre-why-istio' is in {drafted}: change that file")
    assert "can be removed here" in said
    with pytest.raises(OwnQuestionError, match=r"is in .*drafted-sre-jd\.toml: change that file"):
        edit_question(bank, "sre-why-istio", make_draft("Why Istio here?"))
    assert drafted.read_text(encoding="utf-8") == DRAFTED
