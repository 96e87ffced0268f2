"""`voicecoach analyze FILE --question ID --json` carries the follow-up the answer calls for, as
the text report ends with it (issue 23): a script sees what to ask next. No model: the analysis
is made from the answer's words."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

import voicecoach.practice.pipeline
from benchmarks.followups import text_analysis
from voicecoach import cli
from voicecoach.commands import analyze

NETWORK = (
    "We moved the bulk uploads and the reports to Celery workers on RabbitMQ, so the site keeps "
    "answering and a network error is retried instead of lost."
)
QUIET = "We moved the bulk uploads and the reports to Celery workers so the site keeps answering."


def analyse_json(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    question: str,
    said: str,
) -> dict[str, object]:
    def from_words(samples, transcriber, q, config, progress=None):  # noqa: ANN001, ANN202
        return text_analysis(said, q)

    monkeypatch.setattr(analyze, "make_transcriber", lambda cfg: object())
    monkeypatch.setattr(voicecoach.practice.pipeline, "analyze_samples", from_words)
    answer = tmp_path / "answer.wav"
    sf.write(answer, np.zeros(1600, dtype=np.float32), 16000)
    home = str(tmp_path / "home")
    args = cli.parse_args(
        ["--home", home, "analyze", str(answer), "--question", question, "--json"]
    )
    assert args.func(args) == 0
    report: dict[str, object] = json.loads(capsys.readouterr().out)
    return report


def test_the_follow_up_that_fired_is_in_the_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    report = analyse_json(tmp_path, monkeypatch, capsys, "celery-why", NETWORK)
    assert report["followup"] == {
        "id": "celery-why.network-errors",
        "prompt": "So you're saying Celery will solve all network-related issues and the "
        "server won't stop?",
        "why": 'said "network"',
    }


def test_no_follow_up_is_null(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    report = analyse_json(tmp_path, monkeypatch, capsys, "celery-why", QUIET)
    assert "followup" in report and report["followup"] is None
    # A follow-up's own answer is followed by none.
    report = analyse_json(tmp_path, monkeypatch, capsys, "celery-why.network-errors", NETWORK)
    assert report["followup"] is None
