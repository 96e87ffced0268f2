"""Pace and long-pause errors clip by clip, from cached Whisper words (issue 19; docs/BENCHMARK.md,
"Pace and long pauses").

    .venv/bin/python -m benchmarks.experiments.pace_pauses [tuning|test]

For each clip with a pace: the pace error as `make bench` scores it (benchmarks/scoring.py),
split into the word count's error and the speaking span's; the words Whisper wrote, the words
the analysis kept, the hesitations counted (confident, possible) against those said, and
Whisper's mean word probability; then the mean error by engine and by condition, what the mean
would be with the hesitations counted exactly or left out on both sides, and with two counts
tried for stretches Whisper is unsure of (not adopted: both worse on tuning): its words' syllables
over tuning's median syllables per word said, or the stretch's duration at the clip's rate where
Whisper is sure. Then every long pause missed or invented, with both pause lists. Run on the
test part, it is a look at the test part.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from typing import Any

import numpy as np

import voicecoach.analysis as analysis
from benchmarks.experiments.pace_measures import syllables
from benchmarks.experiments.replay import part_truths, transcript_of
from benchmarks.scoring import LONG_PAUSE_S, long_pauses, match_overlapping, score_clip
from voicecoach.analysis.fillers import Lexicon
from voicecoach.audio.files import load_audio
from voicecoach.config import Config
from voicecoach.questions import load_bank


def _condition(truth: dict[str, Any]) -> str:
    noise = truth.get("noise") or {}
    parts = [truth.get("condition") or "", noise.get("kind", "")]
    return "+".join(p for p in parts if p) or "clean"


def rows(part: str) -> list[dict[str, Any]]:
    bank, config, lexicon = load_bank(), Config(), Lexicon.load()
    out = []
    for truth, audio in part_truths(part):
        samples = load_audio(audio).samples
        transcript = transcript_of(audio, samples)
        question = bank.get(truth.get("question_id") or "")
        report = analysis.analyze(samples, transcript, question, config, lexicon).to_dict()
        score = score_clip(report, truth, name=truth["audio"])
        said = long_pauses(truth.get("pauses", []), LONG_PAUSE_S)
        found = long_pauses(report.get("pauses", []), LONG_PAUSE_S)
        pairs = match_overlapping(found, said)
        probability = [w.probability for w in transcript.words]
        heard_at = {(round(w.start, 2), round(w.end, 2)): w.probability for w in transcript.words}
        kept = [  # (text, Whisper's probability, a filler, seconds); added hesitations are sure
            (w["text"], heard_at.get((round(w["start"], 2), round(w["end"], 2)), 1.0))
            + (bool(w.get("filler")), w["end"] - w["start"])
            for w in report["words"]
        ]
        out.append(
            {
                "name": truth["audio"],
                "engine": str(truth.get("voice") or "").split(":")[0],
                "condition": _condition(truth),
                "pace": score.pace_error_pct,
                "said_words": truth.get("word_count", 0),
                "kept_words": len(report["words"]),
                "heard_words": len(transcript.words),
                "said_span": truth.get("speech_span_s", 0.0),
                "found_span": report["speech_span_s"],
                "said_hes": sum(f["kind"] == "hesitation" for f in truth["fillers"]),
                "found_hes": sum(f["kind"] == "hesitation" for f in report["fillers"]),
                "possible": len(report.get("possible_fillers", [])),
                "probability": float(np.mean(probability)) if probability else 0.0,
                "kept": kept,
                "syllables_per_word": syllables(truth["text"]) / max(truth.get("word_count", 1), 1),
                "missed": [said[j] for j in range(len(said)) if j not in {b for _, b in pairs}],
                "invented": [found[i] for i in range(len(found)) if i not in {a for a, _ in pairs}],
                "said_pauses": [(p["start"], p["end"]) for p in truth.get("pauses", [])],
                "found_pauses": [(p["start"], p["end"]) for p in report.get("pauses", [])],
            }
        )
    return out


def _pace_if(r: dict[str, Any], words: float, said_words: float) -> float:
    """The pace error with these word counts and the clip's spans."""
    return abs(words / said_words * r["said_span"] / r["found_span"] - 1) * 100


def main() -> None:
    part = sys.argv[1] if len(sys.argv) > 1 else "tuning"
    all_rows = rows(part)
    paced = [r for r in all_rows if r["pace"] is not None]
    print(f"{part}: {len(paced)} clips with a pace, mean |error| ", end="")
    print(f"{np.mean([abs(r['pace']) for r in paced]):.2f} %")
    print(" pace  words kept/said (err) heard  span  hesitations found+possible/said  p  clip")
    for r in sorted(paced, key=lambda r: -abs(r["pace"])):
        words = (r["kept_words"] / r["said_words"] - 1) * 100
        span = (r["said_span"] / r["found_span"] - 1) * 100
        print(
            f"{r['pace']:+6.1f} {r['kept_words']:4d}/{r['said_words']:3d} ({words:+5.1f}) "
            f"{r['heard_words']:4d} {span:+5.1f}  {r['found_hes']}+{r['possible']}/{r['said_hes']}"
            f"  {r['probability']:.2f}  {r['condition']:12s} {r['name']}"
        )
    groups: dict[str, list[float]] = defaultdict(list)
    for r in paced:
        groups[f"engine {r['engine']}"].append(abs(r["pace"]))
        groups[f"condition {r['condition']}"].append(abs(r["pace"]))
    for key, values in sorted(groups.items()):
        print(f"  {key:24s} {len(values):3d} clips, mean |error| {np.mean(values):.1f} %")
    exact = [
        _pace_if(
            r, r["kept_words"] - r["found_hes"] - r["possible"] + r["said_hes"], r["said_words"]
        )
        for r in paced
    ]
    without = [
        _pace_if(
            r, r["kept_words"] - r["found_hes"] - r["possible"], r["said_words"] - r["said_hes"]
        )
        for r in paced
    ]
    print(f"  hesitations counted exactly: mean |error| {np.mean(exact):.2f} %")
    print(f"  hesitations left out on both sides: mean |error| {np.mean(without):.2f} %")
    per_word = float(np.median([r["syllables_per_word"] for r in rows("tuning") if r["pace"]]))
    for below in (0.2, 0.3, 0.5, 0.7):
        by_syllables, by_duration = [], []
        for r in paced:
            sure = [w for w in r["kept"] if w[1] >= below or w[2]]
            unsure = [w for w in r["kept"] if not (w[1] >= below or w[2])]
            n = len(sure) + sum(syllables(w[0]) for w in unsure) / per_word
            by_syllables.append(_pace_if(r, n, r["said_words"]))
            content = [w for w in sure if not w[2]]
            if len(content) >= 5 and unsure:
                rate = len(content) / max(sum(w[3] for w in content), 1e-3)
                n = len(sure) + sum(w[3] for w in unsure) * rate
            else:
                n = len(r["kept"])
            by_duration.append(_pace_if(r, n, r["said_words"]))
        print(
            f"  words under p {below}: as syllables / {per_word:.2f} {np.mean(by_syllables):.2f} %,"
            f" as seconds at the sure words' rate {np.mean(by_duration):.2f} %"
        )
    said = sum(sum(e - s >= LONG_PAUSE_S - 1e-9 for s, e in r["said_pauses"]) for r in all_rows)
    missed = sum(len(r["missed"]) for r in all_rows)
    invented = sum(len(r["invented"]) for r in all_rows)
    tp = said - missed
    f1 = 2 * tp / (2 * tp + missed + invented) if tp else 0.0
    print(f"long pauses: {tp} of {said} found, {invented} invented, F1 {f1:.2f}")
    for r in all_rows:
        if r["missed"] or r["invented"]:
            show = [(round(i.start, 2), round(i.end, 2)) for i in r["missed"]]
            extra = [(round(i.start, 2), round(i.end, 2)) for i in r["invented"]]
            print(f"  {r['name']} ({r['condition']}): missed {show}, invented {extra}")
            print(f"    said  {[(round(s, 2), round(e, 2)) for s, e in r['said_pauses']]}")
            print(f"    found {[(round(s, 2), round(e, 2)) for s, e in r['found_pauses']]}")


if __name__ == "__main__":
    main()
