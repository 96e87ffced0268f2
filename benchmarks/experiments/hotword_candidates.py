"""What the hotword pass's fillers are, against the labels and the current analysis.

    .venv/bin/python -m benchmarks.experiments.hotword_candidates PART TAG [--rows | --coverage]

For every hesitation the hotword pass (``hotword_pass.py``, cached under TAG) wrote: was one
said there (a labelled hesitation within the scoring's 0.5 s), does the current analysis
already report one there, does it lie on a drawn-out trap word, what the main pass has over
its time (nothing, a short word, a word whose span is longer than its letters need), and how
it sounds (voiced, steady, a continued sound). Prints counts, and with --rows one line per
candidate (for choosing the verification on tuning); with --coverage, each labelled hesitation
the analysis misses and whether the hotword pass wrote a filler near it.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import Any

import numpy as np

import voicecoach.analysis as analysis
from benchmarks.accuracy import REAL_VOICES, part_of, speaker_parts
from benchmarks.experiments.hotword_pass import hotword_transcript
from benchmarks.experiments.replay import part_truths, transcript_of
from voicecoach.analysis.acoustic import continues_a_sound, stretch_features
from voicecoach.analysis.fillers import Lexicon, is_hesitation, normalise
from voicecoach.analysis.voice_activity import detect_voice_activity
from voicecoach.audio.files import load_audio
from voicecoach.config import Config
from voicecoach.datatypes import Word
from voicecoach.questions import load_bank

TOL = 0.5


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return max(0.0, max(a[0], b[0]) - min(a[1], b[1]))


@dataclass
class Candidate:
    clip: str
    text: str
    start: float
    end: float
    said: bool  # a labelled hesitation within TOL (None-like False for real clips)
    known: str  # "counted", "possible" or "" (the current analysis's hesitations near it)
    trap: bool  # on a drawn-out word
    under: str  # the main pass's words over its span
    cover: float  # fraction of the span the main pass's words cover
    excess: float  # the longest main word over it: seconds beyond its letters' need
    voiced: float
    change: float
    spread: float
    continues: bool
    speech: float  # voice-activity seconds in the span
    prob: float


def letters_need(words: list[Word]) -> float:
    """Seconds per letter this clip's main-pass words take (median), for 'longer than needed'."""
    rates = [
        (w.end - w.start) / len(normalise(w.text))
        for w in words
        if len(normalise(w.text)) >= 3 and w.end > w.start
    ]
    return float(np.median(rates)) if rates else 0.07


def candidates_of(
    samples: np.ndarray,
    main: list[Word],
    hot: list[Word],
    report: dict[str, Any],
    truth: dict[str, Any] | None,
    lexicon: Lexicon,
    clip: str,
) -> list[Candidate]:
    activity = detect_voice_activity(samples)
    per_letter = letters_need(main)
    said = [
        (float(f["start"]), float(f["end"]))
        for f in (truth or {}).get("fillers", [])
        if f["kind"] == "hesitation"
    ]
    traps = [(float(f["start"]), float(f["end"])) for f in (truth or {}).get("lengthened", [])]
    counted = [(f["start"], f["end"]) for f in report["fillers"] if f["kind"] == "hesitation"]
    possible = [(f["start"], f["end"]) for f in report.get("possible_fillers", [])]
    out = []
    for h in hot:
        if not is_hesitation(normalise(h.text), lexicon):
            continue
        span = (h.start, h.end)
        over = [w for w in main if _distance(span, (w.start, w.end)) == 0 and w.end > w.start]
        over = [w for w in over if min(w.end, h.end) - max(w.start, h.start) > 0.02]
        cover = sum(min(w.end, h.end) - max(w.start, h.start) for w in over) / max(
            h.end - h.start, 0.01
        )
        excess = max(
            ((w.end - w.start) - per_letter * len(normalise(w.text)) for w in over),
            default=0.0,
        )
        f = stretch_features(samples, h.start, h.end)
        known = (
            "counted"
            if any(_distance(span, c) <= TOL for c in counted)
            else "possible"
            if any(_distance(span, c) <= TOL for c in possible)
            else ""
        )
        out.append(
            Candidate(
                clip,
                h.text,
                h.start,
                h.end,
                any(_distance(span, s) <= TOL for s in said),
                known,
                any(_distance(span, t) <= 0.2 for t in traps),
                " ".join(w.text for w in over),
                min(cover, 1.0),
                excess,
                f.voiced_fraction,
                f.spectral_change,
                f.pitch_spread_st,
                continues_a_sound(samples, h.start, h.end),
                activity.speech_between(h.start, h.end),
                h.probability,
            )
        )
    return out


def collect(part: str, tag: str) -> tuple[list[Candidate], dict[str, int]]:
    """Every hotword candidate of PART's synthetic and real clips; and the labelled count."""
    bank, config, lexicon = load_bank(), Config(), Lexicon.load()
    split = speaker_parts()
    cands: list[Candidate] = []
    n_said = 0
    for truth, audio in part_truths(part):
        samples = load_audio(audio).samples
        main = transcript_of(audio, samples)
        hot = hotword_transcript(audio, tag)
        if hot is None:
            continue
        q = bank.get(truth.get("question_id") or "")
        report = analysis.analyze(samples, main, q, config, lexicon).to_dict()
        n_said += sum(1 for f in truth["fillers"] if f["kind"] == "hesitation")
        cands += candidates_of(samples, main.words, hot.words, report, truth, lexicon, audio.name)
    data = json.loads(REAL_VOICES.read_text())
    for key in ("clips", "with_fillers"):
        for clip in data[key]:
            audio = REAL_VOICES.parent / clip["audio"]
            if part_of(clip, split) != part or not audio.exists():
                continue
            hot = hotword_transcript(audio, tag)
            if hot is None:
                continue
            samples = load_audio(audio).samples
            main = transcript_of(audio, samples)
            report = analysis.analyze(samples, main, None, config, lexicon).to_dict()
            name = f"REAL:{key}:{audio.name}"
            cands += candidates_of(samples, main.words, hot.words, report, None, lexicon, name)
    return cands, {"said": n_said}


def main() -> None:
    part, tag = sys.argv[1], sys.argv[2]
    if "--coverage" in sys.argv:
        coverage(part, tag)
        return
    cands, info = collect(part, tag)
    synth = [c for c in cands if not c.clip.startswith("REAL:")]
    real = [c for c in cands if c.clip.startswith("REAL:")]
    said = [c for c in synth if c.said]
    print(f"{part} {tag}: {len(synth)} synthetic candidates, {len(said)} on said hesitations")
    print(f"  labelled hesitations {info['said']}")
    new = [c for c in synth if not c.known]
    print(f"  new against the analysis: {len(new)} ({sum(c.said for c in new)} said)")
    print(f"  on drawn-out words: {sum(c.trap for c in synth)}")
    print(f"  real clips: {len(real)} candidates, new {sum(not c.known for c in real)}")
    if "--rows" in sys.argv:
        for c in sorted(cands, key=lambda c: (c.known, c.said)):
            print(
                f"{'S' if c.said else '-'}{'T' if c.trap else ' '} {c.known:8s} "
                f"{c.clip[:38]:38s} {c.start:6.2f} {c.end - c.start:4.2f} {c.text:6s} "
                f"p{c.prob:.2f} v{c.voiced:.2f} ch{c.change:.3f} sp{c.spread:5.1f} "
                f"cont{int(c.continues)} sp{c.speech:.2f} cov{c.cover:.2f} "
                f"ex{c.excess:+.2f} [{c.under}]"
            )


def coverage(part: str, tag: str) -> None:
    """Of the labelled hesitations the analysis misses, how many the hotword pass wrote."""
    bank, config, lexicon = load_bank(), Config(), Lexicon.load()
    missed = covered = total = by_hot = 0
    for truth, audio in part_truths(part):
        hot = hotword_transcript(audio, tag)
        if hot is None:
            continue
        samples = load_audio(audio).samples
        main = transcript_of(audio, samples)
        q = bank.get(truth.get("question_id") or "")
        report = analysis.analyze(samples, main, q, config, lexicon).to_dict()
        got = [(f["start"], f["end"]) for f in report["fillers"] if f["kind"] == "hesitation"]
        hot_f = [(w.start, w.end) for w in hot.words if is_hesitation(normalise(w.text), lexicon)]
        main_f = [(w.start, w.end) for w in main.words if is_hesitation(normalise(w.text), lexicon)]
        for f in truth["fillers"]:
            if f["kind"] != "hesitation":
                continue
            s = (f["start"], f["end"])
            total += 1
            h = any(_distance(s, x) <= TOL for x in hot_f)
            by_hot += h
            if not any(_distance(s, g) <= TOL for g in got):
                missed += 1
                covered += h
                under = [w.text for w in main.words if _distance(s, (w.start, w.end)) == 0]
                main_near = int(any(_distance(s, x) <= TOL for x in main_f))
                hw = [w.text for w in hot.words if _distance(s, (w.start, w.end)) == 0]
                print(
                    f"  missed {audio.name[:40]} {s[0]:.2f}-{s[1]:.2f} hot={int(h)} "
                    f"main{under} hot{hw} main pass filler near={main_near}"
                )
    print(
        f"{part} {tag}: labelled {total}, hotword pass near {by_hot}; analysis missed {missed}, "
        f"hotword pass near {covered} of those"
    )


if __name__ == "__main__":
    main()
