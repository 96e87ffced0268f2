"""The STAR benchmark: situation, task, action and result found or missing, against the labels.

Each story in samples/star/ is analysed as the app does it (``voicecoach.practice.pipeline``:
Whisper, then the analysis, then the STAR check of a behavioural question), and every part's
found/missing is compared with the truth file. The cue lists were chosen on the tuning half
(by story); the figure that counts is the test half's. ``text`` scores the stories' own text
(no model): how much of a miss is the check's and how much Whisper's.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from voicecoach.datatypes import STAR_PARTS, AnalysedWord, Analysis, StarReport
from voicecoach.paths import REPO_DIR

STAR_DIR = REPO_DIR / "samples" / "star"
PARTS = ("tuning", "test")


def truths(pattern: str = "*") -> list[tuple[Path, dict[str, Any]]]:
    """(audio, truth) for every labelled story matching ``pattern``."""
    out = []
    for path in sorted(STAR_DIR.glob(f"{pattern}.truth.json")):
        truth = json.loads(path.read_text("utf-8"))
        out.append((path.with_name(path.name.replace(".truth.json", ".flac")), truth))
    return out


def text_analysis(text: str, question_id: str) -> Analysis:
    """The story's own words as an analysis (no audio, no model): for ``--text``."""
    words = [AnalysedWord(w, i * 0.4, i * 0.4 + 0.3, False) for i, w in enumerate(text.split())]
    span = len(words) * 0.4
    return Analysis(span, span, 150.0, 150.0, words, [], [], [], "text", question_id)


def score(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Parts right over parts judged, overall and per part, per half of the split."""
    out: dict[str, Any] = {}
    for half in PARTS:
        mine = [r for r in rows if r["part"] == half]
        per_part = {}
        for name in STAR_PARTS:
            right = sum(r["found"][name] == r["truth"][name] for r in mine)
            per_part[name] = {"right": right, "of": len(mine)}
        right = sum(p["right"] for p in per_part.values())
        judged = sum(p["of"] for p in per_part.values())
        missing = [(r, n) for r in mine for n in STAR_PARTS if not r["truth"][n]]
        out[half] = {
            "stories": len(mine),
            "parts_right": right,
            "parts_judged": judged,
            "accuracy": round(right / judged, 3) if judged else None,
            "per_part": per_part,
            "missing_parts_told": sum(not r["found"][n] for r, n in missing),
            "missing_parts": len(missing),
            "wrong": [
                f"{r['clip']}: {n} {'found' if r['found'][n] else 'missed'}"
                for r in mine
                for n in STAR_PARTS
                if r["found"][n] != r["truth"][n]
            ],
        }
    return out


def run(
    model: str = "tiny.en",
    pattern: str = "*",
    text_only: bool = False,
    progress: Callable[[str], None] = lambda _m: None,
) -> dict[str, Any]:
    """Every story through the app's analysis (or its text alone), scored part by part."""
    from voicecoach.analysis.star import assess_star
    from voicecoach.config import Config
    from voicecoach.questions import load_bank

    bank = load_bank()
    config = Config()
    transcriber = None
    if not text_only:
        from voicecoach.transcription.model_files import resolve_model
        from voicecoach.transcription.whisper import WhisperTranscriber

        transcriber = WhisperTranscriber(resolve_model(model))
    rows = []
    for audio, truth in truths(pattern):
        question = bank.get(truth["question"])
        if transcriber is None:
            star = assess_star(text_analysis(truth["text"], truth["question"]), question)
            heard = truth["text"]
        else:
            from voicecoach.practice.pipeline import analyze_file

            analysis = analyze_file(audio, transcriber, question, config)
            star, heard = analysis.star, analysis.transcript
        star = star or StarReport()
        found = {p.part: p.found for p in star.parts}
        rows.append(
            {
                "clip": audio.stem,
                "part": truth["part"],
                "voice": truth["voice"],
                "truth": truth["star"],
                "found": {n: bool(found.get(n)) for n in STAR_PARTS},
                "evidence": {p.part: p.evidence for p in star.parts},
                "heard": heard,
            }
        )
        progress(
            f"{audio.stem}: " + " ".join(n[0].upper() if found.get(n) else "-" for n in STAR_PARTS)
        )
    return {"model": "text" if text_only else model, "scores": score(rows), "clips": rows}


def summary(figures: dict[str, Any]) -> str:
    """The figures as a few lines: accuracy per half, per part, and what was wrong."""
    lines = [f"STAR on samples/star ({figures['model']}): each part found or missing"]
    for half in PARTS:
        s = figures["scores"][half]
        per = ", ".join(f"{n} {p['right']}/{p['of']}" for n, p in s["per_part"].items())
        accuracy = f"{s['accuracy']:.0%}" if s["accuracy"] is not None else "-"
        lines.append(
            f"  {half}: {s['parts_right']}/{s['parts_judged']} parts right ({accuracy}); {per}; "
            f"missing parts told missing {s['missing_parts_told']}/{s['missing_parts']}"
        )
        lines.extend(f"    wrong: {w}" for w in s["wrong"])
    return "\n".join(lines)
