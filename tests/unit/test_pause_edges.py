"""Issue 19, long pauses: a pause is as long as the silence said, and a filler said in what
Silero took for silence is not part of a pause. Labelled audio (tuning part), no Whisper."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from benchmarks.accuracy import part_of, speaker_parts, truth_files
from benchmarks.scoring import Interval, match_overlapping
from voicecoach.analysis import analyze, silent_pauses
from voicecoach.analysis.voice_activity import (
    SpeechRegion,
    VoiceActivity,
    detect_voice_activity,
)
from voicecoach.audio.files import load_audio
from voicecoach.datatypes import Transcript, Word
from voicecoach.paths import REPO_DIR

FLITE = REPO_DIR / "samples" / "flite"


def _clean_tuning_clips() -> list[tuple[dict[str, Any], Path]]:
    split = speaker_parts()
    out = []
    for path in truth_files():
        truth = json.loads(path.read_text())
        clean = not truth.get("noise") and not truth.get("condition")
        if clean and part_of(truth, split) == "tuning" and len(truth.get("pauses", [])) >= 2:
            out.append((truth, path.parent / truth["audio"]))
    return out


def test_a_silence_is_measured_as_long_as_it_was_said() -> None:
    """On the clean tuning clips, the silences between speech last as long as those planted: a
    1.0 s pause must not come out 0.99 s and miss the long-pause mark. (Measured: median -10 ms
    before, 0 ms now, over about 160 pauses; the silence began a hop late.)"""
    starts: list[float] = []
    lengths: list[float] = []
    for truth, audio in _clean_tuning_clips():
        samples = load_audio(audio).samples
        silences = silent_pauses(detect_voice_activity(samples), 0.0, len(samples) / 16000, 0.2)
        found = [Interval(p.start, p.end) for p in silences]
        said = [Interval(p["start"], p["end"]) for p in truth["pauses"]]
        for i, j in match_overlapping(found, said):
            starts.append(found[i].start - said[j].start)
            f, t = found[i], said[j]
            lengths.append((f.end - f.start) - (t.end - t.start))
    assert len(lengths) >= 100
    assert abs(float(np.median(starts))) <= 0.005
    assert abs(float(np.median(lengths))) <= 0.005


def _words_over(regions: list[SpeechRegion]) -> list[Word]:
    """Words covering every speech region, about 0.3 s each: what Whisper heard, with no voice
    left over in the regions, so that only voice outside them can be a hesitation."""
    words = []
    for r in regions:
        n = max(1, round(r.duration / 0.3))
        step = r.duration / n
        for i in range(n):
            words.append(Word(f"w{len(words)}", r.start + i * step, r.start + (i + 1) * step, 0.9))
    return words


def test_a_hesitation_silero_missed_splits_the_pause_around_it() -> None:
    """flite rms through a telephone band: Silero gives the quiet "uh", "er" and "ah" 0.2-0.4,
    so its silences ran over them and three long pauses were reported that the speaker never
    made, each with the "uh" the analysis reported (and the transcript shows) inside it. The
    one long pause said (9.95-11.95 s) is the one reported."""
    audio = FLITE / "tuning-16c-ai-plans-flite-rms-telephone.flac"
    truth = json.loads(audio.with_name(audio.stem + ".truth.json").read_text())
    samples = load_audio(audio).samples
    activity = detect_voice_activity(samples)
    report = analyze(samples, Transcript(_words_over(activity.regions), "stub"))
    heard = [f for f in [*report.fillers, *report.possible_fillers] if f.kind == "hesitation"]
    assert heard  # the acoustic pass hears them ...
    for pause in report.pauses:  # ... and no pause runs over one
        assert not any(f.start < pause.end and f.end > pause.start for f in heard)
    said = [(p["start"], p["end"]) for p in truth["pauses"] if p["duration"] >= 1.0]
    assert len(report.long_pauses) == len(said) == 1
    assert report.long_pauses[0].start == pytest.approx(said[0][0], abs=0.15)
    assert report.long_pauses[0].end == pytest.approx(said[0][1], abs=0.2)


def test_the_sounds_are_the_regions_to_their_sound_s_end_and_the_voice_heard_outside() -> None:
    activity = detect_voice_activity(np.zeros(16000, dtype=np.float32))
    regions = [SpeechRegion(0.0, 1.0), SpeechRegion(2.0, 3.0)]
    base = VoiceActivity(
        regions,
        activity.speech_prob,
        activity.energy_db,
        activity.speech_level_db,
        activity.floor_db,
        end_late_s=0.01,
    )
    sounds = base.sounds([(1.4, 1.6), (0.95, 1.1), (2.5, 3.5)])
    assert [(r.start, r.end) for r in sounds] == [(0.0, 1.1), (1.4, 1.6), (2.0, 3.5)]
    assert [(r.start, r.end) for r in base.sounds()] == [(0.0, 0.99), (2.0, 2.99)]
    assert base.regions == regions  # the acoustic passes keep the regions as they were
