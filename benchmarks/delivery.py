"""The delivery figures (issue 21) on samples/delivery/: pitch range against Praat's, the
monotone verdict, trailing-off sentence ends, and the cost per second of audio.

Sentences are the truth's (the measure is judged apart from the transcriber); ``--part`` picks
the voices thresholds were chosen on ("tuning") or the held-out ones ("test").
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from voicecoach.analysis import delivery as measure
from voicecoach.audio.files import load_audio
from voicecoach.datatypes import AnalysedWord

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "delivery"
LONG_ANSWER = SAMPLES.parent / "intro-pitch-90s.flac"


def _words(truth: dict[str, Any]) -> list[AnalysedWord]:
    """Evenly timed words over each sentence: enough for the pace windows."""
    out = []
    for s in truth["sentences"]:
        edges = np.linspace(s["start"], s["end"], s["words"] + 1)
        out += [
            AnalysedWord("w", float(a), float(b), False)
            for a, b in zip(edges, edges[1:], strict=False)
        ]
    return out


def clip_results(part: str = "all") -> list[dict[str, Any]]:
    """Each clip's measured figures beside its truth."""
    rows = []
    for truth_file in sorted(SAMPLES.glob("*.truth.json")):
        truth = json.loads(truth_file.read_text())
        if part != "all" and truth["split"] != part:
            continue
        audio = load_audio(truth_file.with_name(truth_file.name.replace(".truth.json", ".flac")))
        spans = [(s["start"], s["end"], s["words"]) for s in truth["sentences"]]
        d = measure.measure_delivery(audio.samples, _words(truth), spans=spans)
        rows.append(
            {
                "clip": truth_file.name.removesuffix(".truth.json"),
                "split": truth["split"],
                "praat_range_st": truth["praat_range_st"],
                "range_st": d.pitch_range_st,
                "monotone_truth": truth["monotone"],
                "monotone": d.monotone,
                "faded": [s["faded"] for s in truth["sentences"]],
                "drops_db": [round(e.drop_db, 1) for e in d.sentence_ends],
                "trailing": [e.trailing for e in d.sentence_ends],
            }
        )
    return rows


def cost_per_second(path: Path = LONG_ANSWER) -> dict[str, float]:
    """Seconds of delivery analysis per second of audio on the 90 s answer, after a warm-up
    in this process (loading the numba cache is paid once per process, and measured apart)."""
    audio = load_audio(path)
    warm_s = measure.warm()
    words = [
        AnalysedWord("w", t, t + 0.3, False) for t in np.arange(0.5, audio.duration_s - 1, 0.4)
    ]
    t = time.perf_counter()
    measure.measure_delivery(audio.samples, words)
    spent = time.perf_counter() - t
    return {
        "process_warm_up_s": round(warm_s, 2),
        "seconds": round(spent, 2),
        "audio_s": round(audio.duration_s, 1),
        "x_real_time": round(spent / audio.duration_s, 4),
    }


def figures(part: str = "test", with_cost: bool = True) -> dict[str, Any]:
    rows = clip_results(part)
    errors = [abs(r["range_st"] - r["praat_range_st"]) for r in rows if r["range_st"] is not None]
    right = [r["monotone"] == r["monotone_truth"] for r in rows]
    tp = fp = fn = 0
    for r in rows:
        for truth, found in zip(r["faded"], r["trailing"], strict=True):
            tp += truth and found
            fp += found and not truth
            fn += truth and not found
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    out: dict[str, Any] = {
        "part": part,
        "clips": len(rows),
        "pitch_range_error_st_median": round(float(np.median(errors)), 2) if errors else None,
        "monotone_accuracy": round(sum(right) / len(right), 3) if right else None,
        "trailing_off": {
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(f1, 3),
        },
        "rows": rows,
    }
    if with_cost:
        out["cost"] = cost_per_second()
    return out


def print_figures(f: dict[str, Any]) -> None:
    print(f"delivery on samples/delivery/ ({f['part']} part, {f['clips']} clips)")
    print(f"  pitch range error vs Praat (median): {f['pitch_range_error_st_median']} st")
    print(f"  monotone verdict accuracy: {f['monotone_accuracy']:.0%}")
    t = f["trailing_off"]
    print(
        f"  trailing-off ends: F1 {t['f1']:.2f} "
        f"(precision {t['precision']:.2f}, recall {t['recall']:.2f})"
    )
    if "cost" in f:
        c = f["cost"]
        print(
            f"  cost: {c['x_real_time']} x real time ({c['seconds']} s on {c['audio_s']} s), "
            f"after {c['process_warm_up_s']} s of warm-up once per process"
        )
