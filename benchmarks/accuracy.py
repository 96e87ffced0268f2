"""The accuracy and speed benchmark: this project against bare faster-whisper, on samples/.

The baseline is what a plain integration does: the same model, no prompt, no voice-activity
filter, fillers by word list (no context), pauses from gaps between word timestamps. Both
systems are scored with ``benchmarks.scoring`` against each clip's truth file.
"""

from __future__ import annotations

import json
import platform
import resource
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from benchmarks.environment import where_it_ran
from benchmarks.scoring import Counts, SetScore, aggregate, score_clip
from voicecoach.analysis.fillers import Lexicon, is_hesitation, normalise
from voicecoach.audio import SAMPLE_RATE
from voicecoach.audio.files import load_audio
from voicecoach.config import Config
from voicecoach.paths import REPO_DIR
from voicecoach.questions import load_bank
from voicecoach.transcription.whisper import FILLER_HOTWORDS, WhisperOptions, WhisperTranscriber

SAMPLES_DIR = REPO_DIR / "samples"
EXTENDED_DIR = SAMPLES_DIR / "extended"
FLITE_DIR = SAMPLES_DIR / "flite"  # the same kind of clips said by flite's voices (issue 19)
REAL_VOICES = SAMPLES_DIR / "real" / "voices.json"
SPLIT = SAMPLES_DIR / "split.json"
PARTS = ("tuning", "test")


def speaker_parts() -> dict[str, str]:
    """Speaker -> "tuning" or "test" (samples/split.json)."""
    return dict(json.loads(SPLIT.read_text())["speakers"])


def part_of(entry: dict[str, Any], parts: dict[str, str]) -> str:
    """Which part a truth file or a real clip's entry is in: by its speaker (its voice for the
    first 27 clips); a clip with no voice is in tuning. An unlisted speaker is an error, so that
    no clip lands in a part by accident."""
    speaker = entry.get("speaker") or entry.get("voice")
    if speaker is None:
        return "tuning"
    if speaker not in parts:
        raise KeyError(f"{speaker!r} is not in {SPLIT.name}: give it a part")
    return parts[speaker]


@dataclass
class RealVoices:
    """Real (not synthesised) speech whose words are known and which holds no filler: what a
    synthetic set cannot show, such as a real all-voiced word ("rear") taken for an "um"."""

    clips: int = 0
    words_said: int = 0
    words_counted: int = 0
    word_count_error: int = 0  # sum over clips of |counted - said|
    fillers_flagged: int = 0  # every one is wrong: none was said
    missing: list[str] = field(default_factory=list)  # clips not on this machine
    per_clip: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def only(self, part: str) -> RealVoices:
        """The same figures over the clips of one part of the split."""
        out = RealVoices()
        for row in self.per_clip:
            if row.get("part") != part:
                continue
            said = len(row["said"].split())
            out.clips += 1
            out.words_said += said
            out.words_counted += row["words"]
            out.word_count_error += abs(row["words"] - said)
            out.fillers_flagged += len(row["fillers"])
            out.per_clip.append(row)
        return out


FILLER_KINDS = ("hesitation", "discourse")


@dataclass
class RealFillers:
    """Real speech whose published verbatim text holds fillers (``with_fillers`` in
    samples/real/voices.json). Most have no published times, so a filler is found by kind and
    count within its clip: found = min(said, flagged) for each kind, the rest of the flagged
    ones are extra. A flag at the wrong place in the clip is not caught."""

    clips: int = 0
    said: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FILLER_KINDS, 0))
    found: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FILLER_KINDS, 0))
    extra: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FILLER_KINDS, 0))
    possible: int = 0  # hesitations shown as possible ("uh?"), not counted above
    words_said: int = 0
    words_counted: int = 0
    word_count_error: int = 0  # sum over clips of |counted - said|
    missing: list[str] = field(default_factory=list)
    per_clip: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def only(self, part: str) -> RealFillers:
        """The same figures over the clips of one part of the split."""
        out = RealFillers()
        for row in self.per_clip:
            if row.get("part") != part:
                continue
            said_words = len(row["said"].split())
            for kind in FILLER_KINDS:
                said, flagged = row["said_by_kind"][kind], row["flagged_by_kind"][kind]
                out.said[kind] += said
                out.found[kind] += min(said, flagged)
                out.extra[kind] += max(flagged - said, 0)
            out.possible += len(row.get("possible_flagged", []))
            out.clips += 1
            out.words_said += said_words
            out.words_counted += row["words"]
            out.word_count_error += abs(row["words"] - said_words)
            out.per_clip.append(row)
        return out

    def counts(self, kind: str) -> Counts:
        """Found, extra and missed as true and false positives and false negatives."""
        return Counts(self.found[kind], self.extra[kind], self.said[kind] - self.found[kind])


@dataclass
class SystemRun:
    name: str
    score: SetScore
    processing_s: float
    audio_s: float
    long_clip_rtf: float | None  # the ~90 s intro pitch alone
    peak_rss_mb: float
    real: RealVoices | None = None
    real_fillers: RealFillers | None = None
    parts: dict[str, SetScore] = field(default_factory=dict)  # the same clips, split by voice
    real_parts: dict[str, RealVoices] = field(default_factory=dict)
    real_fillers_parts: dict[str, RealFillers] = field(default_factory=dict)

    @property
    def rtf(self) -> float:
        return self.processing_s / self.audio_s if self.audio_s else 0.0


def truth_files(pattern: str = "*") -> list[Path]:
    """The first 27 clips (samples/), then the extended set (samples/extended/), then the
    flite clips (samples/flite/)."""
    return [
        *sorted(SAMPLES_DIR.glob(f"{pattern}.truth.json")),
        *sorted(EXTENDED_DIR.glob(f"{pattern}.truth.json")),
        *sorted(FLITE_DIR.glob(f"{pattern}.truth.json")),
    ]


def baseline_report(
    samples: Any, transcriber: WhisperTranscriber, lexicon: Lexicon
) -> dict[str, Any]:
    """Bare faster-whisper: word-list fillers and word-gap pauses, as plain tools do."""
    transcript = transcriber.transcribe(samples)
    words = transcript.words
    fillers = []
    i = 0
    while i < len(words):
        token = normalise(words[i].text)
        if is_hesitation(token, lexicon):
            fillers.append(
                {"text": token, "start": words[i].start, "end": words[i].end, "kind": "hesitation"}
            )
            i += 1
            continue
        for phrase in lexicon.discourse:
            n = len(phrase)
            if tuple(normalise(w.text) for w in words[i : i + n]) == phrase:
                fillers.append(
                    {
                        "text": " ".join(phrase),
                        "start": words[i].start,
                        "end": words[i + n - 1].end,
                        "kind": "discourse",
                    }
                )
                i += n - 1
                break
        i += 1
    pauses = [
        {"start": a.end, "end": b.start, "duration": b.start - a.end}
        for a, b in zip(words, words[1:], strict=False)
        if b.start - a.end >= 0.25
    ]
    span = words[-1].end - words[0].start if words else 0.0
    return {
        "duration_s": len(samples) / SAMPLE_RATE,
        "word_count": len(words),
        "wpm": len(words) / span * 60 if span > 0 else 0.0,
        "words": [{"text": w.text, "start": w.start, "end": w.end} for w in words],
        "fillers": fillers,
        "pauses": pauses,
    }


def run_system(
    name: str,
    files: list[Path],
    report_of: Callable[[Any, dict[str, Any]], dict[str, Any]],
    progress: Callable[[str], None],
) -> SystemRun:
    scores = []
    split = speaker_parts()
    by_part: dict[str, list[Any]] = {part: [] for part in PARTS}
    processing = audio_total = 0.0
    long_rtf = None
    for path in files:
        truth = json.loads(path.read_text())
        audio = load_audio(path.parent / truth["audio"])
        started = time.perf_counter()
        report = report_of(audio.samples, truth)
        elapsed = time.perf_counter() - started
        processing += elapsed
        audio_total += audio.duration_s
        if audio.duration_s >= 80:
            long_rtf = elapsed / audio.duration_s
        scores.append(score_clip(report, truth, name=truth["audio"]))
        by_part[part_of(truth, split)].append(scores[-1])
        progress(f"{name}: {truth['audio']} ({elapsed:.1f} s)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    run = SystemRun(name, aggregate(scores), processing, audio_total, long_rtf, peak)
    run.parts = {part: aggregate(clips) for part, clips in by_part.items()}
    return run


ReportOf = Callable[[Any, dict[str, Any]], dict[str, Any]]


def _real_reports(
    part: str, report_of: ReportOf, missing: list[str]
) -> Iterator[tuple[dict[str, Any], Path, dict[str, Any]]]:
    """(listed clip, its path, the system's report) for one part of ``samples/real/voices.json``;
    a clip whose file is not on this machine is added to ``missing``."""
    for clip in json.loads(REAL_VOICES.read_text()).get(part, []):
        path = REAL_VOICES.parent / clip["audio"]  # an absolute path stays as it is
        if not path.exists():
            missing.append(str(path))
            continue
        yield clip, path, report_of(load_audio(path).samples, {"text": clip["text"]})


def real_voices(report_of: ReportOf) -> RealVoices:
    """Score a system on the real voices of ``samples/real/voices.json``."""
    real = RealVoices()
    split = speaker_parts()
    for clip, path, report in _real_reports("clips", report_of, real.missing):
        said = len(clip["text"].split())
        counted = int(report["word_count"])
        flagged = [f["text"] for f in report["fillers"]]
        real.clips += 1
        real.words_said += said
        real.words_counted += counted
        real.word_count_error += abs(counted - said)
        real.fillers_flagged += len(flagged)
        real.per_clip.append(
            {
                "audio": path.name,
                "said": clip["text"],
                "words": counted,
                "fillers": flagged,
                "part": part_of(clip, split),
            }
        )
    return real


def real_fillers(report_of: ReportOf) -> RealFillers:
    """Score a system on the real speech with fillers of ``samples/real/voices.json``."""
    real = RealFillers()
    split = speaker_parts()
    for clip, path, report in _real_reports("with_fillers", report_of, real.missing):
        said_words = len(clip["text"].split())
        counted = int(report["word_count"])
        row: dict[str, Any] = {
            "audio": path.name,
            "said": clip["text"],
            "words": counted,
            "fillers_said": [f["text"] for f in clip["fillers"]],
            "fillers_flagged": [f["text"] for f in report["fillers"]],
            "possible_flagged": [f["text"] for f in report.get("possible_fillers", [])],
            "part": part_of(clip, split),
            "said_by_kind": {},
            "flagged_by_kind": {},
        }
        for kind in FILLER_KINDS:
            said = sum(1 for f in clip["fillers"] if f["kind"] == kind)
            flagged = sum(1 for f in report["fillers"] if f["kind"] == kind)
            row["said_by_kind"][kind] = said
            row["flagged_by_kind"][kind] = flagged
            real.said[kind] += said
            real.found[kind] += min(said, flagged)
            real.extra[kind] += max(flagged - said, 0)
        real.possible += len(row["possible_flagged"])
        real.clips += 1
        real.words_said += said_words
        real.words_counted += counted
        real.word_count_error += abs(counted - said_words)
        real.per_clip.append(row)
    return real


# Ideas measured against the default (docs/BENCHMARK.md): name -> (Whisper options, acoustic pass)
VARIANTS: dict[str, tuple[WhisperOptions, bool]] = {
    "default": (WhisperOptions(), True),
    "no-acoustic": (WhisperOptions(), False),
    "no-prompt": (WhisperOptions(initial_prompt=None), True),
    "prompt+hotwords": (WhisperOptions(hotwords=FILLER_HOTWORDS), True),
    "hotwords-only": (WhisperOptions(initial_prompt=None, hotwords=FILLER_HOTWORDS), True),
    "short-prompt": (WhisperOptions(initial_prompt="Um, uh, so, like, you know."), True),
}


def run(
    model_dir: Path,
    pattern: str = "*",
    baseline: bool = True,
    progress: Callable[[str], None] = lambda _m: None,
    variant: str = "default",
) -> list[SystemRun]:
    """Score this project (and the baseline) over the labelled clips."""
    from voicecoach.analysis import analyze

    files = truth_files(pattern)
    bank = load_bank()
    config = Config()
    lexicon = Lexicon.load()
    options, acoustic = VARIANTS[variant]
    ours = WhisperTranscriber(model_dir, options)
    ours.load()
    # Warm up once (first-call costs: librosa's numba cache, the VAD session) outside the timing.
    warm = load_audio(SAMPLES_DIR / "intro-short.wav").samples
    analyze(warm, ours.transcribe(warm), lexicon=lexicon)

    def our_report(samples: Any, truth: dict[str, Any]) -> dict[str, Any]:
        question = bank.get(truth.get("question_id") or "")
        transcript = ours.transcribe(samples)
        return analyze(samples, transcript, question, config, lexicon, acoustic=acoustic).to_dict()

    name = "voicecoach" if variant == "default" else f"voicecoach ({variant})"
    runs = [run_system(name, files, our_report, progress)]
    runs[0].real = real_voices(our_report)
    runs[0].real_fillers = real_fillers(our_report)
    if baseline:
        bare = WhisperTranscriber(
            model_dir,
            WhisperOptions(
                initial_prompt=None,
                hotwords=None,
                vad_filter=False,
                condition_on_previous_text=True,
                cap_tokens=False,
            ),
        )
        bare.load()
        runs.append(
            run_system("baseline", files, lambda s, _t: baseline_report(s, bare, lexicon), progress)
        )
        runs[-1].real = real_voices(lambda s, _t: baseline_report(s, bare, lexicon))
        runs[-1].real_fillers = real_fillers(lambda s, _t: baseline_report(s, bare, lexicon))
    for r in runs:
        for part in PARTS:
            if r.real is not None:
                r.real_parts[part] = r.real.only(part)
            if r.real_fillers is not None:
                r.real_fillers_parts[part] = r.real_fillers.only(part)
    return runs


ROWS: list[tuple[str, Callable[[SystemRun], str]]] = [
    ("hesitation P / R / F1", lambda r: _prf(r.score.hesitation)),
    ("discourse P / R / F1", lambda r: _prf(r.score.discourse)),
    ("discourse on non-fillers", lambda r: str(r.score.discourse_on_non_fillers)),
    ("long pauses F1", lambda r: f"{r.score.long_pauses.f1:.2f}"),
    ("long-pause boundary error (median)", lambda r: _s(r.score.median_boundary_error_s)),
    ("pace error |%| mean / max", lambda r: _pct(r.score)),
    ("duration error s (max)", lambda r: _s(r.score.max_abs_duration_error_s)),
    ("words invented on no-speech clips", lambda r: str(r.score.invented_words)),
    ("real voices: fillers flagged (none said)", lambda r: _real(r, "fillers_flagged")),
    ("real voices: word count error", lambda r: _real(r, "word_count_error")),
    ("real fillers: hesitation found / said (extra)", lambda r: _real_fillers(r, "hesitation")),
    ("real fillers: discourse found / said (extra)", lambda r: _real_fillers(r, "discourse")),
    ("real fillers: word count error", lambda r: _real_fillers_words(r)),
    ("real-time factor (all clips)", lambda r: f"{r.rtf:.3f}"),
    (
        "real-time factor (90 s pitch)",
        lambda r: "-" if r.long_clip_rtf is None else f"{r.long_clip_rtf:.3f}",
    ),
    ("peak memory (process RSS)", lambda r: f"{r.peak_rss_mb:.0f} MB"),
]


def _prf(c: Any) -> str:
    return f"{c.precision:.2f} / {c.recall:.2f} / {c.f1:.2f}  ({c.tp}/{c.tp + c.fn})"


def _real(r: SystemRun, figure: str) -> str:
    if r.real is None or not r.real.clips:
        return "-"
    return f"{getattr(r.real, figure)}  ({r.real.clips} clips, {r.real.words_said} words)"


def _real_fillers(r: SystemRun, kind: str) -> str:
    f = r.real_fillers
    if f is None or not f.clips:
        return "-"
    return f"{f.found[kind]} / {f.said[kind]}  ({f.extra[kind]})"


def _real_fillers_words(r: SystemRun) -> str:
    f = r.real_fillers
    if f is None or not f.clips:
        return "-"
    return f"{f.word_count_error}  ({f.clips} clips, {f.words_said} words)"


def _s(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f} s"


def _pct(s: SetScore) -> str:
    if s.mean_abs_pace_error_pct is None:
        return "-"
    return f"{s.mean_abs_pace_error_pct:.1f} / {s.max_abs_pace_error_pct:.1f}"


# The split view (issue 19): one column per part and system. Thresholds are chosen on tuning;
# the figures claimed are test's.
SPLIT_ROWS: list[tuple[str, Callable[[SetScore, RealVoices | None, RealFillers | None], str]]] = [
    ("clips (synthetic)", lambda s, _v, _f: str(s.clips)),
    ("hesitation P / R / F1", lambda s, _v, _f: _prf(s.hesitation)),
    ("discourse P / R / F1", lambda s, _v, _f: _prf(s.discourse)),
    (
        "content uses flagged / labelled",
        lambda s, _v, _f: _of(s.discourse_on_non_fillers, s.non_filler_uses),
    ),
    (
        "drawn-out words taken as hesitations",
        lambda s, _v, _f: _of(s.hesitation_on_lengthened, s.lengthened_words),
    ),
    (
        "hesitations at confidence >= 0.8: said",
        lambda s, _v, _f: _of(
            s.hesitation_confident.tp, s.hesitation_confident.tp + s.hesitation_confident.fp
        ),
    ),
    (
        "possible hesitations (uh?): said / shown",
        lambda s, _v, _f: _of(s.possible_said, s.possible_shown),
    ),
    ("long pauses F1", lambda s, _v, _f: f"{s.long_pauses.f1:.2f}"),
    ("long-pause boundary error (median)", lambda s, _v, _f: _s(s.median_boundary_error_s)),
    ("pace error |%| mean / max", lambda s, _v, _f: _pct(s)),
    ("real speech: hesitation P / R / F1", lambda _s, _v, f: _real_prf(f, "hesitation")),
    (
        "real speech: possible hesitations shown",
        lambda _s, _v, f: "-" if f is None else str(f.possible),
    ),
    ("real speech: discourse P / R / F1", lambda _s, _v, f: _real_prf(f, "discourse")),
    ("real, no fillers: fillers flagged", lambda _s, v, _f: _real_flagged(v)),
]


def _of(n: int, total: int) -> str:
    return f"{n} / {total}"


def _real_prf(f: RealFillers | None, kind: str) -> str:
    if f is None or not f.clips or not f.said[kind]:
        return "-"
    return _prf(f.counts(kind))


def _real_flagged(v: RealVoices | None) -> str:
    if v is None or not v.clips:
        return "-"
    return f"{v.fillers_flagged}  ({v.clips} clips)"


def split_table(runs: list[SystemRun]) -> str:
    """Tuning and test side by side, each with every system (ours, then the baseline)."""
    cols = [(part, r) for part in PARTS for r in runs if part in r.parts]
    if not cols:
        return ""
    width = max(len(label) for label, _ in SPLIT_ROWS)
    head = f"{'':{width}}  " + "  ".join(f"{part + ': ' + r.name:>26}" for part, r in cols)
    lines = [head]
    for label, fmt in SPLIT_ROWS:
        cells = [
            fmt(r.parts[part], r.real_parts.get(part), r.real_fillers_parts.get(part))
            for part, r in cols
        ]
        lines.append(f"{label:{width}}  " + "  ".join(f"{c:>26}" for c in cells))
    return "\n".join(lines)


def table(runs: list[SystemRun]) -> str:
    width = max(len(label) for label, _ in ROWS)
    cols = [r.name for r in runs]
    lines = [f"{'':{width}}  " + "  ".join(f"{c:>32}" for c in cols)]
    for label, fmt in ROWS:
        lines.append(f"{label:{width}}  " + "  ".join(f"{fmt(r):>32}" for r in runs))
    return "\n".join(lines)


def to_json(runs: list[SystemRun], model: str) -> dict[str, Any]:
    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {_cores()} cores, {platform.system()}",
        "python": sys.version.split()[0],
        "model": model,
        "environment": where_it_ran(),
        "systems": {
            r.name: {
                **r.score.to_dict(per_clip=True),
                "real_time_factor": round(r.rtf, 4),
                "real_time_factor_90s": None
                if r.long_clip_rtf is None
                else round(r.long_clip_rtf, 4),
                "processing_s": round(r.processing_s, 2),
                "audio_s": round(r.audio_s, 2),
                "peak_rss_mb": round(r.peak_rss_mb),
                "real_voices": None if r.real is None else r.real.to_dict(),
                "real_fillers": None if r.real_fillers is None else r.real_fillers.to_dict(),
            }
            for r in runs
        },
        # The same runs split by voice (samples/split.json): thresholds are chosen on "tuning",
        # the figures claimed are "test"'s.
        "parts": {
            part: {
                r.name: {
                    **r.parts[part].to_dict(per_clip=False),
                    "clip_names": [c.name for c in r.parts[part].per_clip],
                    "real_voices": _summary(r.real_parts.get(part)),
                    "real_fillers": _summary(r.real_fillers_parts.get(part)),
                }
                for r in runs
                if part in r.parts
            }
            for part in PARTS
        },
    }


def _summary(real: RealVoices | RealFillers | None) -> dict[str, Any] | None:
    """A real-voice tally without its per-clip rows (those are in the whole set's figures)."""
    if real is None:
        return None
    return {k: v for k, v in real.to_dict().items() if k != "per_clip"}


def _cores() -> int:
    import os

    return os.cpu_count() or 0
