"""The dataclasses that cross between layers (audio, transcription, analysis, store, report, UI).

Everything is plain data with times in seconds from the start of the recording, so any layer can
serialise it (``to_dict``) without knowing who made it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

FillerKind = Literal["hesitation", "discourse"]
FillerSource = Literal["asr", "acoustic"]


@dataclass(frozen=True)
class Word:
    """One word as the transcriber heard it."""

    text: str
    start: float
    end: float
    probability: float = 1.0


@dataclass(frozen=True)
class Transcript:
    """What a transcriber returns: the words with timings, and which model produced them."""

    words: list[Word]
    model: str
    language: str = "en"

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


# A filler at this confidence or more is counted (the headline count, the rate, history and
# charts); under it, it is shown as possible ("uh?") and listed in ``possible_fillers``.
CONFIDENT_FILLER = 0.5


@dataclass(frozen=True)
class Filler:
    """A filler the speaker said: a hesitation (um, uh) or a discourse marker (like, you know)."""

    text: str
    start: float
    end: float
    kind: FillerKind
    source: FillerSource = "asr"
    confidence: float = 1.0


def _filler_dict(f: Filler) -> dict[str, Any]:
    """One filler as the JSON report has it (counted and possible fillers alike)."""
    return {
        "text": f.text,
        "start": round(f.start, 3),
        "end": round(f.end, 3),
        "kind": f.kind,
        "source": f.source,
        "confidence": round(f.confidence, 2),
    }


@dataclass(frozen=True)
class Pause:
    """A silent stretch between speech, measured from the audio."""

    start: float
    end: float

    @property
    def duration(self) -> float:
        return round(self.end - self.start, 3)


@dataclass(frozen=True)
class Verdict:
    """A metric against its target: ``status`` is ``ok``, ``under`` or ``over``."""

    metric: str
    value: float
    target: str
    ok: bool
    status: Literal["ok", "under", "over"]
    label: str = ""


def rounded(value: float, decimals: int, status: str = "ok", target: str = "") -> str:
    """``value`` to ``decimals`` places, or up to two more when that rounding lands on a bound
    of a target it misses: 2.04 over "<= 2 per min" must not read "2.0"."""
    bounds = {float(b) for b in re.findall(r"\d+(?:\.\d+)?", target)}
    text = f"{value:.{decimals}f}"
    for places in range(decimals + 1, decimals + 3):
        if status == "ok" or float(text) not in bounds:
            break
        text = f"{value:.{places}f}"
    return text


def plural(count: int, noun: str, many: str = "") -> str:
    """``1 filler``, ``2 fillers``: a figure a job seeker reads, never ``1 fillers``."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def seconds_text(value: float, status: str = "ok", target: str = "") -> str:
    """Seconds as every screen shows them: one decimal under 10 s (2.5 s must not read "3 s"
    beside a 3-10 s target it missed), whole seconds above, more decimals on a missed bound."""
    return f"{rounded(value, 1 if abs(value) < 10 else 0, status, target)} s"


def clock(seconds: float, *, elapsed: bool = False, tenths: bool = False) -> str:
    """m:ss, the way a speaker reads a stopwatch: the one clock of the CLI and the screens.

    A length is rounded to the second; ``elapsed`` (a running timer) counts whole seconds gone,
    so it never shows a second not yet reached; ``tenths`` (m:ss.s) places a replay's position.
    """
    if tenths:
        seconds = max(0.0, seconds)
        return f"{int(seconds // 60)}:{seconds % 60:04.1f}"
    total = max(0, int(seconds) if elapsed else int(round(seconds)))
    return f"{total // 60}:{total % 60:02d}"


# Metrics judged by a count rather than a rate (answers too short for a per-minute figure).
COUNT_METRICS = {
    "filler_count": ("filler", "fillers"),
    "long_pauses": ("long pause", ""),
    "pace_windows_off": ("window", ""),
}
# The delivery part's figures (issue 21) in their own units, not "per min".
UNIT_METRICS = {
    "pitch_range_st": "st",
    "pitch_movement_st": "st",
    "loudness_dbfs": "dBFS",
    "trailing_off_share": "of ends",
}


def verdict_value_text(verdict: Verdict, per_min: str = "per min") -> str:
    """A verdict's figure, rounded the same way wherever it is printed, never onto a bound of
    a target it missed (14.2 fillers/min reads "14", 2.04 over "<= 2" reads "2.04")."""
    v, status, target = verdict.value, verdict.status, verdict.target
    if verdict.metric in ("duration_s", "duration"):
        return seconds_text(v, status, target)
    if verdict.metric in ("wpm", "pace"):
        return f"{rounded(v, 0, status, target)} wpm"
    if verdict.metric in COUNT_METRICS:
        return plural(int(v), *COUNT_METRICS[verdict.metric])
    if verdict.metric in UNIT_METRICS:
        places = 2 if verdict.metric == "trailing_off_share" else 1
        return f"{rounded(v, places, status, target)} {UNIT_METRICS[verdict.metric]}"
    return f"{rounded(v, 1 if abs(v) < 10 else 0, status, target)} {per_min}"


# Up to this many kinds of filler are all named in the tip; more, and the most frequent are.
NAMED_FILLER_KINDS = 3


def fillers_said(fillers: list[Filler]) -> str:
    """Which fillers, with counts: every kind when there are few ("'uh' x1, 'um' x1,
    'basically' x1"), else the most frequent, said to be so (a list that silently leaves
    one out reads as if it were not said)."""
    counts = Counter(f.text.strip().lower() for f in fillers).most_common()
    shown = ", ".join(f"'{w}' x{n}" for w, n in counts[:NAMED_FILLER_KINDS])
    if len(counts) <= NAMED_FILLER_KINDS:
        return shown
    return f"most often {shown}"


# A silence this long before the first word or after the last is worth pointing out: the time
# target is judged on the speaking time, and the speaker should see why it differs from the
# recording's length (2 s: the very long pause; reaching for the key takes less).
NOTABLE_EDGE_S = 2.0


@dataclass(frozen=True)
class AnalysedWord:
    """A transcript word with its filler flag, for the report and the UI's transcript view."""

    text: str
    start: float
    end: float
    filler: bool
    filler_kind: FillerKind | None = None


@dataclass(frozen=True)
class PointCoverage:
    """Whether the answer made a talking point, with the words that showed it."""

    point: str
    covered: bool
    evidence: str = ""


@dataclass(frozen=True)
class ContentFlag:
    """A problem with the answer's shape (too short, hedged...), with the words behind it."""

    kind: str
    message: str
    evidence: str = ""


@dataclass(frozen=True)
class PersonalTarget:
    """The speaker's own recent level on a metric and the next step toward the fixed target."""

    metric: str
    recent: float
    goal: float
    fixed_target: str
    attempts: int
    first: float
    line: str
    latest: float | None = None  # the answer just given (None: a report from before it)
    met: bool = False  # that answer met the fixed target: the goal is to keep it


@dataclass
class ContentReport:
    """What was said, as the seed's reviewer judged it: points made or missed, and shape flags.

    ``shape`` holds the restate / direct answer / example / impact checks: True (seen), False
    (missing) or None (does not apply to this question).
    """

    talking_points: list[PointCoverage] = field(default_factory=list)
    flags: list[ContentFlag] = field(default_factory=list)
    shape: dict[str, bool | None] = field(default_factory=dict)
    personal_targets: list[PersonalTarget] = field(default_factory=list)

    @property
    def covered(self) -> list[PointCoverage]:
        return [p for p in self.talking_points if p.covered]

    @property
    def missed(self) -> list[PointCoverage]:
        return [p for p in self.talking_points if not p.covered]

    def to_dict(self) -> dict[str, Any]:
        return {
            "talking_points": [asdict(p) for p in self.talking_points],
            "flags": [asdict(f) for f in self.flags],
            "shape": dict(self.shape),
            "personal_targets": [asdict(t) for t in self.personal_targets],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ContentReport:
        return cls(
            talking_points=[
                PointCoverage(p["point"], bool(p["covered"]), p.get("evidence", ""))
                for p in data.get("talking_points", [])
            ],
            flags=[
                ContentFlag(f["kind"], f["message"], f.get("evidence", ""))
                for f in data.get("flags", [])
            ],
            shape=dict(data.get("shape", {})),
            personal_targets=[PersonalTarget(**t) for t in data.get("personal_targets", [])],
        )


@dataclass(frozen=True)
class SentenceEnd:
    """How loud a sentence ended against the speaker's level: ``drop_db`` below it, and whether
    that is trailing off (the listener loses the last words)."""

    start: float
    end: float
    drop_db: float
    trailing: bool


@dataclass(frozen=True)
class PaceWindow:
    """Words per minute over one stretch of the answer, so a rushed ending or slow start shows."""

    start: float
    end: float
    wpm: float


@dataclass
class Delivery:
    """How the answer sounded (voicecoach.analysis.delivery): pitch, loudness, pace over time.

    A figure is None where the audio gave nothing to measure (no voiced frame, no sentence).
    ``verdicts`` are kept apart from the report's own so that the headline checks, tips and
    scores of earlier reports stay what they were.
    """

    pitch_median_hz: float | None
    pitch_range_st: float | None
    pitch_movement_st: float | None
    monotone: bool | None
    loudness_dbfs: float | None
    loudness_variation_db: float | None
    sentence_ends: list[SentenceEnd] = field(default_factory=list)
    pace_windows: list[PaceWindow] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)
    # What the results screen plots: pitch (None where unvoiced) and loudness every
    # ``contour_step_s`` from the recording's start; empty in reports stored before them.
    contour_step_s: float = 0.0
    contour_pitch_hz: list[float | None] = field(default_factory=list)
    contour_loudness_dbfs: list[float] = field(default_factory=list)
    # Sentences whose pitch hardly moved (start, end): the monotone stretches the plot marks.
    flat_stretches: list[tuple[float, float]] = field(default_factory=list)

    @property
    def trailing_off(self) -> list[SentenceEnd]:
        return [e for e in self.sentence_ends if e.trailing]

    def to_dict(self) -> dict[str, Any]:
        def r(value: float | None, places: int = 2) -> float | None:
            return round(value, places) if value is not None else None

        return {
            "pitch_median_hz": r(self.pitch_median_hz, 1),
            "pitch_range_st": r(self.pitch_range_st),
            "pitch_movement_st": r(self.pitch_movement_st),
            "monotone": self.monotone,
            "loudness_dbfs": r(self.loudness_dbfs, 1),
            "loudness_variation_db": r(self.loudness_variation_db, 1),
            "trailing_off_count": len(self.trailing_off),
            "sentence_ends": [
                {
                    "start": round(e.start, 3),
                    "end": round(e.end, 3),
                    "drop_db": round(e.drop_db, 1),
                    "trailing": e.trailing,
                }
                for e in self.sentence_ends
            ],
            "pace_windows": [
                {"start": round(w.start, 3), "end": round(w.end, 3), "wpm": round(w.wpm, 1)}
                for w in self.pace_windows
            ],
            "verdicts": [asdict(v) for v in self.verdicts],
            "flat_stretches": [
                {"start": round(a, 3), "end": round(b, 3)} for a, b in self.flat_stretches
            ],
            "contour": {
                "step_s": self.contour_step_s,
                "pitch_hz": [r(p, 1) for p in self.contour_pitch_hz],
                "loudness_dbfs": [round(v, 1) for v in self.contour_loudness_dbfs],
            },
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Delivery:
        contour = data.get("contour") or {}
        return cls(
            pitch_median_hz=data.get("pitch_median_hz"),
            pitch_range_st=data.get("pitch_range_st"),
            pitch_movement_st=data.get("pitch_movement_st"),
            monotone=data.get("monotone"),
            loudness_dbfs=data.get("loudness_dbfs"),
            loudness_variation_db=data.get("loudness_variation_db"),
            sentence_ends=[
                SentenceEnd(e["start"], e["end"], e["drop_db"], bool(e["trailing"]))
                for e in data.get("sentence_ends", [])
            ],
            pace_windows=[
                PaceWindow(w["start"], w["end"], w["wpm"]) for w in data.get("pace_windows", [])
            ],
            verdicts=[Verdict(**v) for v in data.get("verdicts", [])],
            contour_step_s=float(contour.get("step_s", 0.0)),
            contour_pitch_hz=list(contour.get("pitch_hz", [])),
            contour_loudness_dbfs=list(contour.get("loudness_dbfs", [])),
            flat_stretches=[(f["start"], f["end"]) for f in data.get("flat_stretches", [])],
        )


# The parts of a story, in the order a strong one tells them (voicecoach.analysis.star).
STAR_PARTS: tuple[str, ...] = ("situation", "task", "action", "result")


@dataclass(frozen=True)
class StarPart:
    """One part of a story's STAR shape: found or missing, with the words that showed it."""

    part: str  # one of STAR_PARTS
    found: bool
    evidence: str = ""


@dataclass
class StarReport:
    """Situation, task, action and result in an answer to a behavioural question."""

    parts: list[StarPart] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        return [p.part for p in self.parts if not p.found]

    def get(self, part: str) -> StarPart | None:
        return next((p for p in self.parts if p.part == part), None)

    def to_dict(self) -> dict[str, Any]:
        """``{"situation": {"found": true, "evidence": "..."}, ...}``: keyed, for scripts."""
        return {p.part: {"found": p.found, "evidence": p.evidence} for p in self.parts}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StarReport:
        return cls(
            [
                StarPart(name, bool(data[name].get("found")), data[name].get("evidence", ""))
                for name in STAR_PARTS
                if isinstance(data.get(name), dict)
            ]
        )


@dataclass
class Analysis:
    """The full report on one spoken answer."""

    duration_s: float
    speech_span_s: float
    wpm: float
    articulation_wpm: float
    words: list[AnalysedWord]
    fillers: list[Filler]
    pauses: list[Pause]
    verdicts: list[Verdict]
    model: str
    question_id: str | None = None
    long_pause_s: float = 1.0
    very_long_pause_s: float = 2.0
    notes: list[str] = field(default_factory=list)
    tips: list[str] = field(default_factory=list)
    # Talking points and answer shape (voicecoach.analysis.content).
    content: ContentReport | None = None
    speech_start_s: float | None = None  # first sound of speech (None: a report from before it)
    # Fillers the analysis is not sure of (confidence under CONFIDENT_FILLER): shown as "uh?" in
    # the transcript and listed here, never counted in ``fillers``, the rate or history.
    possible_fillers: list[Filler] = field(default_factory=list)
    # How it sounded (pitch, loudness, pace over time); None when not measured (the setting is
    # off, no speech) and in reports stored before it existed.
    delivery: Delivery | None = None
    # Situation, task, action, result: only for a behavioural question's answer (None otherwise,
    # and in reports stored before it).
    star: StarReport | None = None

    @property
    def transcript(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def word_count(self) -> int:
        return len(self.words)

    @property
    def filler_rate_per_min(self) -> float:
        minutes = self.speech_span_s / 60.0
        return round(len(self.fillers) / minutes, 2) if minutes > 0 else 0.0

    @property
    def long_pauses(self) -> list[Pause]:
        return [p for p in self.pauses if p.duration >= self.long_pause_s]

    @property
    def no_speech(self) -> bool:
        return not self.words and not self.fillers

    @property
    def silent_edges(self) -> tuple[float, float]:
        """Silence before the first sound of speech and after the last (the whole recording
        when nothing was said): the part of the recording the time target does not count."""
        if not self.words:
            return self.duration_s, 0.0
        start = self.speech_start_s if self.speech_start_s is not None else self.words[0].start
        return max(start, 0.0), max(self.duration_s - start - self.speech_span_s, 0.0)

    @property
    def duration_verdict(self) -> Verdict | None:
        return next((v for v in self.verdicts if v.metric in ("duration_s", "duration")), None)

    @property
    def spoke_text(self) -> str:
        """The speaking time as judged, rounded as every screen rounds it ("91 s", "2.5 s"):
        history showed "90.8 s" beside the results' "91 s"."""
        verdict = self.duration_verdict
        if verdict is not None:
            return seconds_text(verdict.value, verdict.status, verdict.target)
        return seconds_text(self.speech_span_s)

    def speaking_text(self, target: str = "") -> str:
        """How long the speaker spoke, as judged (the duration verdict's figure), and the
        recording around it when it holds a notable silence: "spoke 14 s (target 60-90 s) of
        a 0:45 recording: 31 s silent after the last word"."""
        spoke = self.spoke_text
        against = f" (target {target})" if target else ""
        if self.no_speech:
            return f"no speech{against} in a {clock(self.duration_s)} recording"
        before, after = self.silent_edges
        silent = []
        if before >= NOTABLE_EDGE_S:
            silent.append(f"{seconds_text(before)} of silence before")
        if after >= NOTABLE_EDGE_S:
            silent.append(f"{seconds_text(after)}" + (" after" if silent else " of silence after"))
        if not silent:
            return f"spoke {spoke}{against}"
        recording = f"of a {clock(self.duration_s)} recording"
        return f"spoke {spoke}{against} {recording}: {', '.join(silent)}"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        """Rebuild an analysis from its JSON report (the store keeps reports as JSON)."""

        def filler(f: dict[str, Any]) -> Filler:
            return Filler(
                f["text"],
                f["start"],
                f["end"],
                f["kind"],
                f.get("source", "asr"),
                f.get("confidence", 1.0),
            )

        fillers = [filler(f) for f in data.get("fillers", [])]
        filler_spans = [(f.start, f.end, f.kind) for f in fillers]

        def kind_of(w: dict[str, Any]) -> FillerKind | None:
            if not w.get("filler"):
                return None
            for start, end, kind in filler_spans:
                if start - 0.01 <= w["start"] and w["end"] <= end + 0.01:
                    return kind
            return None

        return cls(
            duration_s=data["duration_s"],
            speech_span_s=data["speech_span_s"],
            wpm=data["wpm"],
            articulation_wpm=data["articulation_wpm"],
            words=[
                AnalysedWord(w["text"], w["start"], w["end"], bool(w["filler"]), kind_of(w))
                for w in data.get("words", [])
            ],
            fillers=fillers,
            pauses=[Pause(p["start"], p["end"]) for p in data.get("pauses", [])],
            verdicts=[Verdict(**v) for v in data.get("verdicts", [])],
            model=data.get("model", ""),
            question_id=data.get("question_id"),
            long_pause_s=data.get("long_pause_s", 1.0),
            very_long_pause_s=data.get("very_long_pause_s", 2.0),
            notes=list(data.get("notes", [])),
            tips=list(data.get("tips", [])),
            content=ContentReport.from_dict(data["content"]) if data.get("content") else None,
            speech_start_s=data.get("speech_start_s"),
            possible_fillers=[filler(f) for f in data.get("possible_fillers", [])],
            delivery=Delivery.from_dict(data["delivery"]) if data.get("delivery") else None,
            star=StarReport.from_dict(data["star"]) if data.get("star") else None,
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON report (see README, "JSON report"); ``star`` only for a behavioural
        question's answer, so other reports keep exactly their keys."""
        report = {
            "duration_s": round(self.duration_s, 3),
            "speech_span_s": round(self.speech_span_s, 3),
            "speech_start_s": (
                round(self.speech_start_s, 3) if self.speech_start_s is not None else None
            ),
            "word_count": self.word_count,
            "wpm": round(self.wpm, 1),
            "articulation_wpm": round(self.articulation_wpm, 1),
            "transcript": self.transcript,
            "words": [
                {
                    "text": w.text,
                    "start": round(w.start, 3),
                    "end": round(w.end, 3),
                    "filler": w.filler,
                }
                for w in self.words
            ],
            "fillers": [_filler_dict(f) for f in self.fillers],
            "filler_count": len(self.fillers),
            "filler_rate_per_min": self.filler_rate_per_min,
            "possible_fillers": [_filler_dict(f) for f in self.possible_fillers],
            "pauses": [
                {"start": round(p.start, 3), "end": round(p.end, 3), "duration": p.duration}
                for p in self.pauses
            ],
            "long_pauses": len(self.long_pauses),
            "long_pause_s": self.long_pause_s,
            "very_long_pause_s": self.very_long_pause_s,
            "verdicts": [asdict(v) for v in self.verdicts],
            "tips": list(self.tips),
            "notes": list(self.notes),
            "question_id": self.question_id,
            "model": self.model,
            "content": self.content.to_dict() if self.content is not None else None,
            "delivery": self.delivery.to_dict() if self.delivery is not None else None,
        }
        if self.star is not None:
            report["star"] = self.star.to_dict()
        return report
