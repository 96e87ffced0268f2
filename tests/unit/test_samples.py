"""The labelled set in samples/: each truth file agrees with its audio and with itself.

Fast checks only (no Whisper): if a truth file drifts from its clip, every benchmark figure built
on it is wrong, so the labels are tested like code.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
TRUTHS = sorted(SAMPLES.glob("*.truth.json"))
EXTENDED = sorted((SAMPLES / "extended").glob("*.truth.json")) + sorted(
    (SAMPLES / "flite").glob("*.truth.json")
)
QUESTION_IDS = {
    "greeting",
    "intro",
    "duplicates",
    "celery-why",
    "celery-limits",
    "bulk-upload",
    "leader",
    "role-leaving",
    "ai-plans",
}
KEYS = {
    "audio",
    "question_id",
    "voice",
    "speed",
    "tags",
    "text",
    "word_count",
    "duration_s",
    "speech_start",
    "speech_end",
    "speech_span_s",
    "wpm",
    "fillers",
    "non_fillers",
    "pauses",
    "no_speech",
}
EPS = 1e-6


def load(path: Path) -> dict:
    return json.loads(path.read_text())


def ids(paths: list[Path]) -> list[str]:
    return [p.name.removesuffix(".truth.json") for p in paths]


def overlaps(events: list[dict]) -> list[tuple[dict, dict]]:
    ev = sorted(events, key=lambda e: e["start"])
    return [(a, b) for a, b in zip(ev, ev[1:], strict=False) if b["start"] < a["end"] - EPS]


def test_the_set_covers_the_brief() -> None:
    truths = [load(p) for p in TRUTHS]
    assert len(truths) >= 22
    assert {t["question_id"] for t in truths} >= QUESTION_IDS
    suffixes = {Path(t["audio"]).suffix for t in truths}
    assert {".wav", ".flac", ".ogg", ".mp3"} <= suffixes
    assert any(t["sample_rate"] == 44100 and t["channels"] == 2 for t in truths)
    tags = [set(t["tags"]) for t in truths]
    for tag in ("silence", "noise", "breath", "one-word", "pitch", "non-filler"):
        assert any(tag in s for s in tags), tag
    assert sum(t["no_speech"] for t in truths) >= 3
    assert any(t["word_count"] == 1 for t in truths)
    assert any(t["duration_s"] >= 80 and "pitch" in t["tags"] for t in truths)
    snrs = [t["noise"]["snr_db"] for t in truths if t["noise"] and t["noise"]["snr_db"]]
    assert len(snrs) >= 3 and all(10 <= s <= 20 for s in snrs)
    long = [p["duration"] for t in truths for p in t["pauses"]]
    assert sum(d >= 1 for d in long) >= 5 and sum(d >= 2 for d in long) >= 3
    voices = {t["voice"] for t in truths if t["voice"]}
    assert len(voices) >= 4
    size = sum(f.stat().st_size for f in SAMPLES.iterdir() if f.is_file())
    assert size < 15 * 1024 * 1024


@pytest.mark.parametrize("path", TRUTHS + EXTENDED, ids=ids(TRUTHS + EXTENDED))
def test_truth_is_consistent_with_its_audio(path: Path) -> None:
    t = load(path)
    assert KEYS <= set(t)
    audio = path.parent / t["audio"]
    assert audio.exists()
    assert t["question_id"] in QUESTION_IDS
    info = sf.info(str(audio))
    assert abs(info.frames / info.samplerate - t["duration_s"]) <= 0.001
    assert info.samplerate == t["sample_rate"] and info.channels == t["channels"]

    dur = t["duration_s"]
    events = t["fillers"] + t["pauses"]
    for e in events + t["non_fillers"] + t.get("lengthened", []):
        assert 0 <= e["start"] < e["end"] <= dur
    assert not overlaps(t["fillers"] + t.get("lengthened", [])), "a drawn-out word on a filler"
    assert not overlaps(t["fillers"])
    assert not overlaps(t["pauses"])
    assert not overlaps(events), "a filler overlaps a pause"
    for f in t["fillers"]:
        assert f["kind"] in ("hesitation", "discourse")
        assert f["text"]
    for p in t["pauses"]:
        assert p["duration"] == pytest.approx(p["end"] - p["start"], abs=2e-4)
        assert p["duration"] >= 0.25 - EPS

    if t["no_speech"]:
        assert t["word_count"] == 0 and t["text"] == ""
        assert not t["fillers"] and not t["pauses"] and not t["non_fillers"]
        assert t["wpm"] == 0
        return
    words = [w for w in t["text"].split() if re.search(r"[A-Za-z0-9]", w)]
    assert t["word_count"] == len(words)
    assert t["speech_span_s"] == pytest.approx(t["speech_end"] - t["speech_start"], abs=2e-4)
    assert t["wpm"] == pytest.approx(t["word_count"] / t["speech_span_s"] * 60, abs=0.01)
    for e in events:
        assert t["speech_start"] - EPS <= e["start"] and e["end"] <= t["speech_end"] + EPS
    for f in t["fillers"]:
        spoken = f["text"].lower().split()
        assert all(w in t["text"].lower() for w in spoken)


CLEAN = [
    p
    for p in TRUTHS + EXTENDED
    if not load(p)["no_speech"] and not load(p)["noise"] and not load(p).get("condition")
]


def rms_db(x: np.ndarray) -> float:
    return 10 * np.log10(np.mean(x.astype(np.float64) ** 2) + 1e-20)


@pytest.mark.parametrize("path", CLEAN, ids=ids(CLEAN))
def test_clean_clips_are_silent_in_pauses_and_loud_in_fillers(path: Path) -> None:
    """The labels are where the sound is: pauses are quiet, fillers are not."""
    t = load(path)
    data, sr = sf.read(str(path.parent / t["audio"]), dtype="float32", always_2d=True)
    x = data.mean(axis=1)
    lossy = Path(t["audio"]).suffix in (".ogg", ".mp3")
    margin = 0.03 if lossy else 0.005  # codecs smear a few ms of sound into the silence

    def seg(a: float, b: float) -> np.ndarray:
        return x[round(a * sr) : round(b * sr)]

    speech_db = rms_db(seg(t["speech_start"], t["speech_end"]))
    assert rms_db(seg(0, t["speech_start"] - margin)) < speech_db - 40
    for p in t["pauses"]:
        assert rms_db(seg(p["start"] + margin, p["end"] - margin)) < speech_db - 30, p
    for f in t["fillers"]:
        assert rms_db(seg(f["start"], f["end"])) > speech_db - 15, f


def test_a_report_equal_to_the_truth_scores_perfectly() -> None:
    """The scorer and the truth files agree on field names and units."""
    from benchmarks.scoring import score_set

    pairs = []
    for p in TRUTHS:
        t = load(p)
        r = {
            "duration_s": t["duration_s"],
            "wpm": t["wpm"],
            "word_count": t["word_count"],
            "fillers": t["fillers"],
            "pauses": t["pauses"],
        }
        pairs.append((r, t))
    s = score_set(pairs)
    assert s.hesitation.f1 == s.discourse.f1 == s.long_pauses.f1 == 1.0
    assert s.hesitation.tp >= 15 and s.discourse.tp >= 15 and s.long_pauses.tp >= 15
    assert s.discourse_on_non_fillers == 0 and s.invented_words == 0
    assert s.median_boundary_error_s == 0.0
    assert s.mean_abs_pace_error_pct == 0.0


REAL = SAMPLES / "real"


def test_the_real_voices_kept_here_are_16k_mono_flac_with_their_words() -> None:
    """Every real clip in the repository (samples/real/voices.json) is there, 16 kHz mono FLAC,
    with a text; a clip with fillers lists them in the order its text says them."""
    listed = json.loads((REAL / "voices.json").read_text())
    kept = [c for c in listed["clips"] + listed["with_fillers"] if "/" not in c["audio"]]
    assert len(kept) >= 20
    for clip in kept:
        info = sf.info(str(REAL / clip["audio"]))
        assert (info.format, info.samplerate, info.channels) == ("FLAC", 16000, 1), clip["audio"]
        assert clip["text"].split() and clip["source"], clip["audio"]
    for clip in listed["with_fillers"]:
        words = clip["text"].split()
        at = 0
        for filler in clip["fillers"]:
            assert filler["kind"] in ("hesitation", "discourse"), clip["audio"]
            n = len(filler["text"].split())
            while words[at : at + n] != filler["text"].split():
                at += 1
                assert at < len(words), (clip["audio"], filler)
            at += n
    total_s = sum(sf.info(str(REAL / c["audio"])).duration for c in kept)
    assert total_s < 240  # CI analyses them all with the real model


def test_a_report_that_says_the_published_fillers_finds_them_all() -> None:
    """real_fillers counts by kind: the published fillers flagged back are all found, none extra."""
    from benchmarks.accuracy import real_fillers

    listed = {c["text"]: c for c in json.loads((REAL / "voices.json").read_text())["with_fillers"]}

    def says_the_text(_samples: object, truth: dict[str, Any]) -> dict[str, Any]:
        clip = listed[truth["text"]]
        return {"word_count": len(clip["text"].split()), "fillers": clip["fillers"]}

    real = real_fillers(says_the_text)
    assert real.clips == len(listed) and not real.missing
    assert real.found == real.said and sum(real.extra.values()) == 0
    assert real.said["hesitation"] >= 20 and real.word_count_error == 0


def test_the_labelled_set_is_split_by_voice_with_enough_in_each_part() -> None:
    """Issue 19: thresholds are chosen on one part and claimed on the other, so no speaker may
    be in both, and each part must hold enough fillers and traps to measure them."""
    from benchmarks.accuracy import PARTS, part_of, speaker_parts

    parts = speaker_parts()
    assert set(parts.values()) == set(PARTS)
    tally = {part: {"H": 0, "D": 0, "N": 0, "L": 0, "voices": set()} for part in PARTS}
    for path in TRUTHS + EXTENDED:
        t = load(path)
        part = part_of(t, parts)  # an unlisted speaker raises
        if "split" in t:
            assert t["split"] == part, path.name
        n = tally[part]
        n["H"] += sum(f["kind"] == "hesitation" for f in t["fillers"])
        n["D"] += sum(f["kind"] == "discourse" for f in t["fillers"])
        n["N"] += len(t["non_fillers"])
        n["L"] += len(t.get("lengthened", []))
        if t["voice"]:
            n["voices"].add(t.get("speaker") or t["voice"])
    listed = json.loads((REAL / "voices.json").read_text())
    for clip in listed["clips"] + listed["with_fillers"]:
        part_of(clip, parts)
    assert not tally["tuning"]["voices"] & tally["test"]["voices"]
    assert sum(n["H"] for n in tally.values()) >= 150
    assert sum(n["D"] for n in tally.values()) >= 100
    assert len(tally["tuning"]["voices"] | tally["test"]["voices"]) >= 10
    for n in tally.values():
        assert n["H"] >= 75 and n["D"] >= 35 and n["N"] >= 20 and n["L"] >= 15
        assert len(n["voices"]) >= 6
    size = sum(f.stat().st_size for f in (SAMPLES / "extended").iterdir())
    assert size < 20 * 1024 * 1024
    size = sum(f.stat().st_size for f in (SAMPLES / "flite").iterdir())
    assert size < 12 * 1024 * 1024
