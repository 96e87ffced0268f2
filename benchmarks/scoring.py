"""Score an analysis report against a labelled truth file (samples/*.truth.json).

Why: the product promises filler and pause counts a speaker can trust, so every change to the
analysis is measured on the labelled set rather than judged by ear. These are pure functions on
plain dicts (``Analysis.to_dict()`` on one side, a truth file on the other), so the benchmark, the
tests and any notebook share one definition of "correct".

Definitions (issue 3):
- a detected filler matches a true filler of the same kind when their centres are within
  ``tolerance_s`` (0.5 s), or their intervals are (overlapping counts as 0 s apart); matching is
  one to one and greedy, closest pairs first;
- a discourse detection that matches no true filler but lands on a labelled non-filler use of
  the same word ("I like Python") is a false positive, also counted on its own;
- a long pause is a pause >= ``long_pause_s`` (1 s); a detected long pause matches a true one when
  they overlap; boundary error is |start - start| and |end - end| of matched pairs;
- pace error is (detected wpm - true wpm) / true wpm in %; duration error is in seconds;
- aggregates are micro-averaged: counts are summed over clips before precision and recall.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

FILLER_TOLERANCE_S = 0.5
CONFIDENT_AT = 0.8  # the calibration check: of hesitations reported this sure, how many were said
LONG_PAUSE_S = 1.0
_EPS = 1e-9


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives, with the usual rates."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """1.0 when nothing was detected: no detection can be a false alarm."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """1.0 when there was nothing to find."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict[str, float]:
        return {
            **asdict(self),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True)
class Interval:
    """An event on the time line: a filler, a pause, a non-filler use."""

    start: float
    end: float
    text: str = ""

    @property
    def centre(self) -> float:
        return (self.start + self.end) / 2

    def distance(self, other: Interval) -> float:
        """Seconds between two events: the smaller of the centre gap and the interval gap."""
        gap = max(0.0, max(self.start, other.start) - min(self.end, other.end))
        return min(abs(self.centre - other.centre), gap)

    def overlap(self, other: Interval) -> float:
        return min(self.end, other.end) - max(self.start, other.start)


@dataclass(frozen=True)
class ClipScore:
    """How one report compares with one truth file."""

    name: str
    hesitation: Counts
    discourse: Counts
    discourse_on_non_fillers: int
    long_pauses: Counts
    start_errors_s: list[float]
    end_errors_s: list[float]
    pace_error_pct: float | None
    duration_error_s: float
    no_speech: bool
    invented_words: int  # words reported on a clip whose truth has none
    invented_fillers: int
    non_filler_uses: int = 0  # labelled content uses of filler words ("I like Python")
    lengthened_words: int = 0  # labelled drawn-out words ("whiiile"): traps for hesitations
    hesitation_on_lengthened: int = 0  # false hesitations on one of those
    # Calibration (issue 19): hesitations reported at confidence >= CONFIDENT_AT, matched or not;
    # and the possible ones ("uh?", not counted) that were said / shown.
    hesitation_confident: Counts = Counts()
    possible_said: int = 0
    possible_shown: int = 0

    @property
    def boundary_errors_s(self) -> list[float]:
        return self.start_errors_s + self.end_errors_s

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "hesitation": self.hesitation.to_dict(),
            "discourse": self.discourse.to_dict(),
            "discourse_on_non_fillers": self.discourse_on_non_fillers,
            "long_pauses": self.long_pauses.to_dict(),
            "median_boundary_error_s": _median(self.boundary_errors_s),
            "pace_error_pct": _r(self.pace_error_pct, 2),
            "duration_error_s": round(self.duration_error_s, 4),
            "no_speech": self.no_speech,
            "invented_words": self.invented_words,
            "invented_fillers": self.invented_fillers,
            "non_filler_uses": self.non_filler_uses,
            "lengthened_words": self.lengthened_words,
            "hesitation_on_lengthened": self.hesitation_on_lengthened,
            "hesitation_confident": self.hesitation_confident.to_dict(),
            "possible_said": self.possible_said,
            "possible_shown": self.possible_shown,
        }


@dataclass(frozen=True)
class SetScore:
    """Micro-averaged figures over a set of clips."""

    clips: int
    hesitation: Counts
    discourse: Counts
    discourse_on_non_fillers: int
    long_pauses: Counts
    median_boundary_error_s: float | None
    median_start_error_s: float | None
    median_end_error_s: float | None
    mean_abs_pace_error_pct: float | None
    max_abs_pace_error_pct: float | None
    mean_abs_duration_error_s: float | None
    max_abs_duration_error_s: float | None
    invented_words: int
    invented_fillers: int
    per_clip: list[ClipScore] = field(default_factory=list)
    non_filler_uses: int = 0
    lengthened_words: int = 0
    hesitation_on_lengthened: int = 0
    hesitation_confident: Counts = Counts()
    possible_said: int = 0
    possible_shown: int = 0

    def to_dict(self, per_clip: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "clips": self.clips,
            "hesitation": self.hesitation.to_dict(),
            "discourse": self.discourse.to_dict(),
            "discourse_on_non_fillers": self.discourse_on_non_fillers,
            "long_pauses": self.long_pauses.to_dict(),
            "median_boundary_error_s": self.median_boundary_error_s,
            "median_start_error_s": self.median_start_error_s,
            "median_end_error_s": self.median_end_error_s,
            "mean_abs_pace_error_pct": self.mean_abs_pace_error_pct,
            "max_abs_pace_error_pct": self.max_abs_pace_error_pct,
            "mean_abs_duration_error_s": self.mean_abs_duration_error_s,
            "max_abs_duration_error_s": self.max_abs_duration_error_s,
            "invented_words": self.invented_words,
            "invented_fillers": self.invented_fillers,
            "non_filler_uses": self.non_filler_uses,
            "lengthened_words": self.lengthened_words,
            "hesitation_on_lengthened": self.hesitation_on_lengthened,
            "hesitation_confident": self.hesitation_confident.to_dict(),
            "possible_said": self.possible_said,
            "possible_shown": self.possible_shown,
        }
        if per_clip:
            out["per_clip"] = [c.to_dict() for c in self.per_clip]
        return out


# ----------------------------------------------------------------------------- helpers


def _r(x: float | None, nd: int) -> float | None:
    return None if x is None else round(float(x), nd)


def _median(xs: Sequence[float]) -> float | None:
    return round(float(np.median(np.asarray(xs, dtype=float))), 4) if len(xs) else None


def _norm(text: str) -> str:
    """Lower case, letters and spaces only: "Like," and "like" are the same word."""
    return " ".join(re.sub(r"[^a-z' ]+", " ", text.lower()).split())


def _intervals(events: Iterable[Mapping[str, Any]]) -> list[Interval]:
    return [Interval(float(e["start"]), float(e["end"]), str(e.get("text", ""))) for e in events]


def match_events(
    predicted: Sequence[Interval], truth: Sequence[Interval], tolerance_s: float
) -> list[tuple[int, int]]:
    """One-to-one greedy matching, closest pairs first: (predicted index, truth index) pairs.

    A pair is a candidate when ``distance`` is within the tolerance (inclusive).
    """
    cands = [
        (p.distance(t), abs(p.centre - t.centre), p.start, i, j)
        for i, p in enumerate(predicted)
        for j, t in enumerate(truth)
        if p.distance(t) <= tolerance_s + _EPS
    ]
    cands.sort()
    used_p: set[int] = set()
    used_t: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for *_, i, j in cands:
        if i not in used_p and j not in used_t:
            used_p.add(i)
            used_t.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def match_overlapping(
    predicted: Sequence[Interval], truth: Sequence[Interval]
) -> list[tuple[int, int]]:
    """One-to-one greedy matching of intervals that overlap, largest overlap first."""
    cands = [
        (-p.overlap(t), i, j)
        for i, p in enumerate(predicted)
        for j, t in enumerate(truth)
        if p.overlap(t) > 0
    ]
    cands.sort()
    used_p: set[int] = set()
    used_t: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, i, j in cands:
        if i not in used_p and j not in used_t:
            used_p.add(i)
            used_t.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def _score_kind(
    report: Mapping[str, Any], truth: Mapping[str, Any], kind: str, tolerance_s: float
) -> tuple[Counts, list[Interval]]:
    """Counts for one filler kind, and the detections that matched nothing."""
    pred = _intervals(f for f in report.get("fillers", []) if f.get("kind") == kind)
    true = _intervals(f for f in truth.get("fillers", []) if f.get("kind") == kind)
    pairs = match_events(pred, true, tolerance_s)
    matched = {i for i, _ in pairs}
    unmatched = [p for i, p in enumerate(pred) if i not in matched]
    return Counts(len(pairs), len(pred) - len(pairs), len(true) - len(pairs)), unmatched


def _on_non_filler(det: Interval, non_fillers: Sequence[Interval], tolerance_s: float) -> bool:
    """A false discourse filler that sits on a labelled non-filler use of the same words."""
    d = set(_norm(det.text).split())
    for nf in non_fillers:
        n = set(_norm(nf.text).split())
        same_word = not d or not n or d <= n or n <= d
        inside = det.centre >= nf.start - tolerance_s and det.centre <= nf.end + tolerance_s
        if same_word and inside:
            return True
    return False


def long_pauses(events: Iterable[Mapping[str, Any]], long_pause_s: float) -> list[Interval]:
    """The pauses at or above the long-pause threshold."""
    out = []
    for e in events:
        start, end = float(e["start"]), float(e["end"])
        dur = float(e.get("duration", end - start))
        if dur >= long_pause_s - _EPS:
            out.append(Interval(start, end))
    return out


# ----------------------------------------------------------------------------- scoring


def score_clip(
    report: Mapping[str, Any],
    truth: Mapping[str, Any],
    name: str = "",
    tolerance_s: float = FILLER_TOLERANCE_S,
    long_pause_s: float = LONG_PAUSE_S,
) -> ClipScore:
    """Compare one ``Analysis.to_dict()`` report with one truth dict."""
    hes, hes_unmatched = _score_kind(report, truth, "hesitation", tolerance_s)
    dis, dis_unmatched = _score_kind(report, truth, "discourse", tolerance_s)
    non_fillers = _intervals(truth.get("non_fillers", []))
    on_nf = sum(_on_non_filler(d, non_fillers, tolerance_s) for d in dis_unmatched)
    # A false hesitation on a drawn-out word: it overlaps the word or lies within 0.2 s of it.
    lengthened = _intervals(truth.get("lengthened", []))
    on_long = sum(any(h.distance(w) <= 0.2 for w in lengthened) for h in hes_unmatched)
    true_hes = _intervals(f for f in truth.get("fillers", []) if f.get("kind") == "hesitation")
    sure = _intervals(
        f
        for f in report.get("fillers", [])
        if f.get("kind") == "hesitation" and float(f.get("confidence", 1.0)) >= CONFIDENT_AT
    )
    sure_tp = len(match_events(sure, true_hes, tolerance_s))
    possible = _intervals(report.get("possible_fillers", []))
    possible_said = len(match_events(possible, true_hes, tolerance_s))

    pred_lp = long_pauses(report.get("pauses", []), long_pause_s)
    true_lp = long_pauses(truth.get("pauses", []), long_pause_s)
    pairs = match_overlapping(pred_lp, true_lp)
    lp = Counts(len(pairs), len(pred_lp) - len(pairs), len(true_lp) - len(pairs))
    start_err = [abs(pred_lp[i].start - true_lp[j].start) for i, j in pairs]
    end_err = [abs(pred_lp[i].end - true_lp[j].end) for i, j in pairs]

    true_wpm = float(truth.get("wpm") or 0.0)
    pred_wpm = float(report.get("wpm") or 0.0)
    pace = (pred_wpm - true_wpm) / true_wpm * 100 if true_wpm > 0 else None
    duration_err = float(report.get("duration_s", 0.0)) - float(truth.get("duration_s", 0.0))

    no_speech = bool(truth.get("no_speech", False))
    n_words = int(report.get("word_count", len(report.get("words", []))))
    n_fillers = len(report.get("fillers", []))
    return ClipScore(
        name=name or str(truth.get("audio", "")),
        hesitation=hes,
        discourse=dis,
        discourse_on_non_fillers=on_nf,
        long_pauses=lp,
        start_errors_s=start_err,
        end_errors_s=end_err,
        pace_error_pct=pace,
        duration_error_s=duration_err,
        no_speech=no_speech,
        invented_words=n_words if no_speech else 0,
        invented_fillers=n_fillers if no_speech else 0,
        non_filler_uses=len(non_fillers),
        lengthened_words=len(lengthened),
        hesitation_on_lengthened=on_long,
        hesitation_confident=Counts(sure_tp, len(sure) - sure_tp, 0),
        possible_said=possible_said,
        possible_shown=len(possible),
    )


def aggregate(scores: Sequence[ClipScore]) -> SetScore:
    """Micro-average many clip scores: sum counts first, pool boundary errors."""
    hes = sum((s.hesitation for s in scores), Counts())
    dis = sum((s.discourse for s in scores), Counts())
    lp = sum((s.long_pauses for s in scores), Counts())
    starts = [e for s in scores for e in s.start_errors_s]
    ends = [e for s in scores for e in s.end_errors_s]
    pace = [abs(s.pace_error_pct) for s in scores if s.pace_error_pct is not None]
    dur = [abs(s.duration_error_s) for s in scores]
    return SetScore(
        clips=len(scores),
        hesitation=hes,
        discourse=dis,
        discourse_on_non_fillers=sum(s.discourse_on_non_fillers for s in scores),
        long_pauses=lp,
        median_boundary_error_s=_median(starts + ends),
        median_start_error_s=_median(starts),
        median_end_error_s=_median(ends),
        mean_abs_pace_error_pct=_r(np.mean(pace), 2) if pace else None,
        max_abs_pace_error_pct=_r(max(pace), 2) if pace else None,
        mean_abs_duration_error_s=_r(np.mean(dur), 4) if dur else None,
        max_abs_duration_error_s=_r(max(dur), 4) if dur else None,
        invented_words=sum(s.invented_words for s in scores),
        invented_fillers=sum(s.invented_fillers for s in scores),
        per_clip=list(scores),
        non_filler_uses=sum(s.non_filler_uses for s in scores),
        lengthened_words=sum(s.lengthened_words for s in scores),
        hesitation_on_lengthened=sum(s.hesitation_on_lengthened for s in scores),
        hesitation_confident=sum((s.hesitation_confident for s in scores), Counts()),
        possible_said=sum(s.possible_said for s in scores),
        possible_shown=sum(s.possible_shown for s in scores),
    )


def score_set(
    pairs: Iterable[tuple[Mapping[str, Any], Mapping[str, Any]]],
    tolerance_s: float = FILLER_TOLERANCE_S,
    long_pause_s: float = LONG_PAUSE_S,
) -> SetScore:
    """Score (report, truth) pairs and aggregate them."""
    return aggregate(
        [score_clip(r, t, tolerance_s=tolerance_s, long_pause_s=long_pause_s) for r, t in pairs]
    )


# --- live against batch: the same words, in the same order (issue 18) -------------------------

# A run this long of the reference's words with (almost) nothing heard in their place is a lost
# sentence, not a misheard word; a run of this many heard words that stands elsewhere in the
# reference is out of order (a chunk's words moved, or counted twice).
LOST_RUN_WORDS = 5
MISPLACED_RUN_WORDS = 3


@dataclass(frozen=True)
class WordAgreement:
    """How the words one transcription heard compare with a reference transcription's.

    ``agreement`` is 2 x matched / (reference + heard) over an in-order alignment (difflib): 1.0
    when both are the same words in the same order. A *lost* run is a stretch of reference words
    with less than half as many letters heard in its place (so "a mac off uh air" heard as
    "america ehh" is misheard, not lost); a *misplaced* run is a stretch of heard
    words in no matched place that stands word for word elsewhere in the reference; a sign-off
    word heard and not in the reference there was invented.
    """

    reference_words: int
    heard_words: int
    matched: int
    agreement: float
    longest_lost_run: int  # reference words in the longest lost run (0: none)
    lost_runs: list[str]  # each lost run's reference words, for a reader
    misplaced: list[str]  # each misplaced run's heard words
    invented_sign_offs: list[str]  # sign-off words heard where the reference has none

    @property
    def lost_sentence(self) -> bool:
        return self.longest_lost_run >= LOST_RUN_WORDS

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"lost_sentence": self.lost_sentence}


def _word_keys(texts: Iterable[str]) -> list[str]:
    """Comparable words: lower case, no punctuation; "back-end" and "back end" both two words."""
    return [w for t in texts for w in _norm(t.replace("-", " ")).split()]


def compare_words(reference: Iterable[str], heard: Iterable[str]) -> WordAgreement:
    """Align ``heard`` (live) with ``reference`` (batch): what was lost, moved or invented."""
    from difflib import SequenceMatcher

    from voicecoach.analysis import SIGN_OFF_WORDS

    ref, got = _word_keys(reference), _word_keys(heard)
    ops = SequenceMatcher(a=ref, b=got, autojunk=False).get_opcodes()
    matched = sum(i2 - i1 for op, i1, i2, _j1, _j2 in ops if op == "equal")
    lost: list[str] = []
    misplaced: list[str] = []
    signs: list[str] = []
    ref_text = " " + " ".join(ref) + " "
    # Differences one matched word apart are one stretch: in a misheard phrase difflib matches
    # an "a" or a "not" by chance and splits it in two.
    stretches: list[list[int]] = []
    for k, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal":
            continue
        joined = k >= 2 and ops[k - 1][2] - ops[k - 1][1] <= 1
        if stretches and (joined or stretches[-1][1] == i1) and stretches[-1][3] <= j1:
            stretches[-1][1], stretches[-1][3] = i2, j2
        else:
            stretches.append([i1, i2, j1, j2])
    for i1, i2, j1, j2 in stretches:
        if i2 > i1 and 2 * sum(map(len, got[j1:j2])) < sum(map(len, ref[i1:i2])):
            lost.append(" ".join(ref[i1:i2]))
        extra = got[j1:j2]
        run = " ".join(extra)
        if len(extra) >= MISPLACED_RUN_WORDS and f" {run} " in ref_text:
            misplaced.append(run)
        elif len(extra) > MISPLACED_RUN_WORDS:
            # the longest stretch of these words that the reference holds elsewhere
            best = ""
            for a in range(len(extra)):
                for b in range(a + MISPLACED_RUN_WORDS, len(extra) + 1):
                    piece = " ".join(extra[a:b])
                    if f" {piece} " in ref_text and len(piece) > len(best):
                        best = piece
            if best:
                misplaced.append(best)
        near = set(ref[max(0, i1 - 2) : i2 + 2])
        signs += [w for w in extra if w in SIGN_OFF_WORDS and w not in near]
    longest = max((len(r.split()) for r in lost), default=0)
    total = len(ref) + len(got)
    return WordAgreement(
        reference_words=len(ref),
        heard_words=len(got),
        matched=matched,
        agreement=round(2 * matched / total, 4) if total else 1.0,
        longest_lost_run=longest,
        lost_runs=lost,
        misplaced=misplaced,
        invented_sign_offs=signs,
    )
