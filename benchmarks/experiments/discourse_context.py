"""Discourse markers in context: where the rules go wrong, and two rules tried (issue 19).

    .venv/bin/python -m benchmarks.experiments.discourse_context list PART [VARIANT]
    .venv/bin/python -m benchmarks.experiments.discourse_context replay PART [VARIANT]

``list`` prints every occurrence of a discourse phrase in Whisper's (cached) words, with what the
labels say it is (FILLER, content = a labelled non-filler use, - = neither), whether the analysis
flags it (ok / FP / FN), the words around it and the silence (s) before and after it: the
errors can be read without re-running Whisper. ``replay`` prints the part's scores (as
``benchmarks.experiments.replay`` does) with a variant of the rules installed.

VARIANT (default "current"):
- "set-off-before": "you know" and "I mean" are fillers when silence (>= 0.2 s, the threshold
  the rules already use after a marker) sets them off BEFORE, at a sentence or clause start
  ("...at night. [0.5 s] You know the jobs nobody else wants."): Whisper often drops the comma
  after them there. Chosen on tuning; the test part looked at once: worse (BENCHMARK.md).
- "degree" (rule (c) of BENCHMARK.md) is no longer a variant: it is in the analysis since the
  twelfth session (fillers.DEGREE_AFTER), after the lead decided the labels are right.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import voicecoach.analysis as analysis
import voicecoach.analysis.fillers as fillers
from voicecoach.analysis.fillers import Lexicon, _Token

Rule = Callable[[tuple[str, ...], list[_Token], int, list[float]], bool]
CURRENT_RULE: Rule = fillers._discourse_is_filler
SET_OFF_S = 0.2  # the silence that already sets a marker off after it (fillers.py)


def _prev(toks: list[_Token], i: int) -> _Token | None:
    return toks[i - 1] if i > 0 else None


def set_off_before(phrase: tuple[str, ...], toks: list[_Token], i: int, gaps: list[float]) -> bool:
    """The current rule, but "you know" / "I mean" also count when silence sets them off before,
    at a sentence or clause start (the variant looked at on test, as it was looked at)."""
    if phrase not in {("you", "know"), ("i", "mean")}:
        return CURRENT_RULE(phrase, toks, i, gaps)
    n = len(phrase)
    prev = _prev(toks, i)
    last = toks[i + n - 1]
    nxt = toks[i + n] if i + n < len(toks) else None
    sentence_start = prev is None or prev.sentence_end
    next_gap = gaps[i + n] if i + n < len(gaps) else 1.0
    after = last.comma_after or last.sentence_end or next_gap >= SET_OFF_S
    before = gaps[i] >= SET_OFF_S and (sentence_start or (prev is not None and prev.comma_after))
    if phrase == ("you", "know"):
        if prev is not None and prev.norm in fillers.YOU_KNOW_NOT_FILLER_BEFORE:
            if not prev.comma_after:
                return False  # "do you know", "if you know"
        return after or before
    if last.comma_after:
        return True
    # "I mean it" / "I mean that" / "I mean to" say what is meant (a content use).
    return (after or before) and (nxt is None or nxt.norm not in {"it", "that", "to"})


VARIANTS: dict[str, Rule] = {
    "current": CURRENT_RULE,
    "set-off-before": set_off_before,
}


def install(variant: str) -> None:
    """Make find_fillers use the variant's rule (it looks the rule up at each call)."""
    fillers._discourse_is_filler = VARIANTS[variant]  # type: ignore[assignment]


def occurrences(part: str) -> list[str]:
    """One line per discourse phrase Whisper wrote in the part's labelled clips."""
    from benchmarks.experiments.frame_detector import CURRENT
    from benchmarks.experiments.replay import part_truths, transcript_of
    from voicecoach.audio.files import load_audio
    from voicecoach.config import Config
    from voicecoach.questions import load_bank

    seen: dict[str, Any] = {}
    real_find = analysis.find_fillers

    def spy(words: Any, lexicon: Lexicon, pause_before: Any = None) -> Any:
        seen["words"], seen["gaps"] = words, pause_before
        out = real_find(words, lexicon, pause_before)
        seen["kinds"] = out[1]
        return out

    analysis.find_fillers = spy  # type: ignore[assignment]
    bank, config, lexicon = load_bank(), Config(), Lexicon.load()
    lines: list[str] = []
    try:
        for truth, audio in part_truths(part):
            samples = load_audio(audio).samples
            CURRENT["clip"] = audio.name
            question = bank.get(truth.get("question_id") or "")
            analysis.analyze(samples, transcript_of(audio, samples), question, config, lexicon)
            lines += _clip_lines(audio.name, truth, seen, lexicon)
    finally:
        analysis.find_fillers = real_find  # type: ignore[assignment]
    return lines


def _clip_lines(
    name: str, truth: dict[str, Any], seen: dict[str, Any], lexicon: Lexicon
) -> list[str]:
    words, gaps, kinds = seen["words"], seen["gaps"], seen["kinds"]
    toks = fillers._tokens(words)
    lines, i = [], 0
    while i < len(toks):
        phrase = next(
            (
                p
                for p in lexicon.phrases_from(toks[i].norm)
                if tuple(t.norm for t in toks[i : i + len(p)]) == p
            ),
            None,
        )
        if phrase is None:
            i += 1
            continue
        n = len(phrase)
        start, end = words[i].start, words[i + n - 1].end
        label = label_of(phrase[0], start, end, truth)
        flagged = kinds[i] == "discourse"
        mark = "   " if label == "-" and not flagged else "ok "
        if flagged != (label == "FILLER") and not (label == "-" and not flagged):
            mark = "FP " if flagged else "FN "
        before = " ".join(w.text.strip() for w in words[max(0, i - 2) : i]) or "<START>"
        after = " ".join(w.text.strip() for w in words[i + n : i + n + 2])
        gap_after = gaps[i + n] if i + n < len(gaps) else float("nan")
        said = " ".join(w.text.strip() for w in words[i : i + n])
        lines.append(
            f"{mark}{label:8s} {' '.join(phrase):12s}| {before} [{gaps[i]:.2f}] **{said}** "
            f"[{gap_after:.2f}] {after} | {name}"
        )
        i += n
    return lines


def label_of(first: str, start: float, end: float, truth: dict[str, Any]) -> str:
    """FILLER if a labelled discourse filler with the same first word is there (0.3 s either
    side, as words drift), content if a labelled non-filler use spans it, else "-"."""
    stem = first[:4]  # "sorta" / "sort of", "kinda" / "kind of"
    for f in truth.get("fillers", []):
        same = f["text"].lower().split()[0][:4] == stem
        if f["kind"] == "discourse" and same and start < f["end"] + 0.3 and f["start"] < end + 0.3:
            return "FILLER"
    for f in truth.get("non_fillers", []):
        if f["text"].lower().split()[0][:4] == stem and start < f["end"] and f["start"] < end:
            return "content"
    return "-"


def main() -> None:
    command, part = sys.argv[1], sys.argv[2]
    install(sys.argv[3] if len(sys.argv) > 3 else "current")
    if command == "list":
        print("\n".join(occurrences(part)))
    elif command == "replay":
        from benchmarks.experiments.replay import run

        for key, value in run(part).items():
            print(f"{part} {key}: {value}")
    else:
        raise SystemExit(f"unknown command {command!r}: list or replay")


if __name__ == "__main__":
    main()
