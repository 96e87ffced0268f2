"""The dataclasses that cross between layers (audio, transcription, analysis, store, report, UI).

Everything is plain data with times in seconds from the start of the recording, so any layer can
serialise it (``to_dict``) without knowing who made it.
"""

from __future__ import annotations

import re
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


@dataclass(frozen=True)
class Filler:
    """A filler the speaker said: a hesitation (um, uh) or a discourse marker (like, you know)."""

    text: str
    start: float
    end: float
    kind: FillerKind
    source: FillerSource = "asr"
    confidence: float = 1.0


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
    content: ContentReport | None = None  # talking points and answer shape (voicecoach.content)

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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        """Rebuild an analysis from its JSON report (the store keeps reports as JSON)."""
        fillers = [
            Filler(
                f["text"],
                f["start"],
                f["end"],
                f["kind"],
                f.get("source", "asr"),
                f.get("confidence", 1.0),
            )
            for f in data.get("fillers", [])
        ]
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
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON report (see README, "JSON report")."""
        return {
            "duration_s": round(self.duration_s, 3),
            "speech_span_s": round(self.speech_span_s, 3),
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
            "fillers": [
                {
                    "text": f.text,
                    "start": round(f.start, 3),
                    "end": round(f.end, 3),
                    "kind": f.kind,
                    "source": f.source,
                    "confidence": round(f.confidence, 2),
                }
                for f in self.fillers
            ],
            "filler_count": len(self.fillers),
            "filler_rate_per_min": self.filler_rate_per_min,
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
        }
