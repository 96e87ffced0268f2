"""The analysis against labelled audio (samples/*.truth.json), with the real tiny.en model.

Tolerances are the ones the README states for what a speaker sees. Clips are analysed once per
session; the set-level figures are the benchmark's (docs/BENCHMARK.md), checked here against
the floor we claim so that a regression fails CI.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from voicecoach.analysis import analyze
from voicecoach.audio.files import load_audio
from voicecoach.models import resolve_model
from voicecoach.questions import load_bank
from voicecoach.scoring import aggregate, score_clip
from voicecoach.transcribe import WhisperTranscriber

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
CLEAN_PIPER = [
    "intro-short",
    "leader-joe",
    "celery-why-joe-slow",
    "bulk-upload-joe-nonfillers",
    "role-leaving-joe-44k-stereo",
    "ai-plans-joe-mp3",
    "ai-plans-joe-ogg",
]


@pytest.fixture(scope="session")
def reports() -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """Every labelled clip analysed once: name -> (report, truth)."""
    transcriber = WhisperTranscriber(resolve_model("tiny.en"))
    bank = load_bank()
    out = {}
    for path in sorted(SAMPLES.glob("*.truth.json")):
        truth = json.loads(path.read_text())
        audio = load_audio(SAMPLES / truth["audio"])
        report = analyze(
            audio.samples,
            transcriber.transcribe(audio.samples),
            bank.get(truth.get("question_id") or ""),
        ).to_dict()
        out[path.name.removesuffix(".truth.json")] = (report, truth)
    return out


@pytest.mark.parametrize("name", CLEAN_PIPER)
def test_clean_clip_matches_its_truth(reports, name: str) -> None:
    report, truth = reports[name]
    score = score_clip(report, truth)
    assert abs(report["duration_s"] - truth["duration_s"]) <= 0.05
    assert score.hesitation.fn == 0 and score.hesitation.fp == 0, report["fillers"]
    assert score.discourse_on_non_fillers == 0, report["fillers"]
    assert score.long_pauses.f1 == 1.0, report["pauses"]
    assert max(score.boundary_errors_s, default=0.0) <= 0.10
    assert abs(score.pace_error_pct) <= 5.0, (report["wpm"], truth["wpm"])


@pytest.mark.parametrize("name", ["silence-only", "noise-only", "breath-only"])
def test_no_speech_gives_no_words(reports, name: str) -> None:
    report, _ = reports[name]
    assert report["words"] == [] and report["fillers"] == []
    assert report["transcript"] == ""
    assert "no speech detected" in report["notes"]


def test_one_word_answer_is_flagged_too_short(reports) -> None:
    report, _ = reports["greeting-same"]
    assert report["word_count"] == 1
    duration = next(v for v in report["verdicts"] if v["metric"] == "duration_s")
    assert duration["status"] == "under"
    assert any("too short" in n for n in report["notes"])


def test_formats_agree(reports) -> None:
    """The same answer as FLAC, OGG and MP3 gives the same figures."""
    flac, ogg, mp3 = (
        reports[n][0] for n in ("ai-plans-joe", "ai-plans-joe-ogg", "ai-plans-joe-mp3")
    )
    for other in (ogg, mp3):
        assert other["word_count"] == flac["word_count"]
        assert len(other["fillers"]) == len(flac["fillers"])
        assert abs(other["wpm"] - flac["wpm"]) <= 0.03 * flac["wpm"]


def test_whole_set_meets_the_claimed_floor(reports) -> None:
    """The figures README/docs claim for the labelled set (see docs/BENCHMARK.md)."""
    score = aggregate([score_clip(r, t, name=n) for n, (r, t) in reports.items()])
    assert score.invented_words == 0 and score.invented_fillers == 0
    assert score.long_pauses.f1 >= 0.95
    assert score.median_boundary_error_s is not None and score.median_boundary_error_s <= 0.10
    assert score.max_abs_duration_error_s <= 0.05
    assert score.hesitation.f1 >= 0.85
    assert score.discourse.f1 >= 0.85
    assert score.discourse_on_non_fillers <= 1


# The real voices the test held before the clips from speech packages' test data came (jfk.flac
# and alsa-utils' speaker-test sounds): all of them still pass.
FIRST_REAL_VOICES = {
    "jfk.flac",
    "Front_Center.wav",
    "Front_Left.wav",
    "Front_Right.wav",
    "Rear_Center.wav",
    "Rear_Left.wav",
    "Rear_Right.wav",
    "Side_Left.wav",
    "Side_Right.wav",
    "Noise.wav",
}


@pytest.fixture(scope="module")
def real_voices_analysed() -> Any:
    """Every clip of samples/real/voices.json's ``clips`` analysed once."""
    from voicecoach.bench import real_voices

    transcriber = WhisperTranscriber(resolve_model("tiny.en"))
    return real_voices(
        lambda samples, _truth: analyze(samples, transcriber.transcribe(samples)).to_dict()
    )


def test_real_voices_meet_the_claimed_floor(real_voices_analysed: Any) -> None:
    """Real speech that holds no filler (samples/real/voices.json ``clips``: a 1961 speech, the
    speaker-test voice alsa-utils installs, and clips from speech packages' test data): the
    figures docs/BENCHMARK.md states, as a floor. The known misses: "like" in "m f a is like
    putty" (a comparison Whisper wrote as "is, like, put T.", p 0.98) and 7 words miscounted
    (hyphenated compounds, "Greggs in" for "Gregson", "a liner" for "aligner"...)."""
    real = real_voices_analysed
    assert real.clips >= 20  # the clips in the repository (alsa-utils adds nine)
    assert real.fillers_flagged <= 1, real.per_clip
    assert real.word_count_error <= 7, real.per_clip


def test_real_fillers_meet_the_claimed_floor() -> None:
    """Real speech with published fillers (``with_fillers``: the Montreal Forced Aligner's test
    speaker, acted and free talk): hesitations found, none extra; both discourse fillers found,
    and no more extra than the two sentence-opening "so"s of the cold-corpus clip (a filler by
    our labels, not by its transcript's)."""
    from voicecoach.bench import real_fillers

    transcriber = WhisperTranscriber(resolve_model("tiny.en"))
    real = real_fillers(
        lambda samples, _truth: analyze(samples, transcriber.transcribe(samples)).to_dict()
    )
    assert real.clips == 8 and not real.missing
    assert real.found["hesitation"] >= 14 and real.extra["hesitation"] == 0, real.per_clip
    # Issue 19: three of his fillers whose spans start late look like a held word and are shown
    # as possible ("uh?"), not counted: still shown, never lost.
    assert real.found["hesitation"] + real.possible >= 17, real.per_clip
    assert real.found["discourse"] == 2 and real.extra["discourse"] <= 2, real.per_clip
    assert real.word_count_error <= 11, real.per_clip


def test_the_first_real_voices_still_get_no_filler_and_every_word(
    real_voices_analysed: Any,
) -> None:
    """The real voices that passed before the package clips came still do, clip by clip."""
    first = [c for c in real_voices_analysed.per_clip if c["audio"] in FIRST_REAL_VOICES]
    assert any(c["audio"] == "jfk.flac" for c in first)
    for clip in first:
        assert clip["fillers"] == [], clip
        assert clip["words"] == len(clip["said"].split()), clip


def test_a_quiet_recording_is_named_in_the_notes(reports) -> None:
    """At a tenth of its level intro-short's loudest speech is about -29 dBFS, where tiny.en's
    words start to change with the gain: the speaker is told to come closer or raise the level."""
    from voicecoach.analysis import QUIET_NOTE

    samples = load_audio(SAMPLES / "intro-short.wav").samples * 0.1
    transcriber = WhisperTranscriber(resolve_model("tiny.en"))
    quiet = analyze(samples, transcriber.transcribe(samples)).to_dict()
    assert QUIET_NOTE in quiet["notes"]
    assert all(QUIET_NOTE not in report["notes"] for report, _truth in reports.values())


def test_a_transcript_whisper_was_unsure_of_is_named_in_the_notes(reports) -> None:
    """Where tiny.en misheard a voice badly enough to move the pace by over 4 % (garbled
    espeak-ng), the speaker is told to check the transcript; no clip whose pace is within 3 %
    of the truth gets that note, and neither does the 1961 speech."""
    from voicecoach.analysis import unclear_words_note

    def noted(report: dict[str, Any]) -> bool:
        return any(n.startswith("many words were hard to make out") for n in report["notes"])

    far, close = [], []
    for name, (report, truth) in reports.items():
        if not truth.get("wpm"):
            continue
        error = abs(report["wpm"] - truth["wpm"]) / truth["wpm"]
        if error > 0.04:
            far.append((name, noted(report)))
        elif error <= 0.03:
            close.append((name, noted(report)))
    assert far and all(flag for _name, flag in far), far
    assert close and not any(flag for _name, flag in close), close

    jfk = load_audio(SAMPLES / "real" / "jfk.flac").samples
    words = WhisperTranscriber(resolve_model("tiny.en")).transcribe(jfk).words
    assert len(words) >= 10 and unclear_words_note(words) is None
