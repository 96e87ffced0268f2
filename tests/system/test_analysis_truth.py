"""The analysis against labelled audio (samples/*.truth.json), with the real tiny.en model.

Tolerances are the ones the README states for what a speaker sees. Clips are analysed once per
session; the set-level figures are the benchmark's (docs/BENCHMARK.md), checked here against
the floor we claim so that a regression fails CI.

tiny.en's words move with the CPU code CTranslate2 runs, so no figure here is one machine's
per-clip output: each bound holds in every configuration `make test-cpus` runs, and its comment
gives the range measured across them (docs/RELIABILITY.md, "Whisper on other CPUs"). The
per-clip figures of one machine are in docs/bench-results.json.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks.scoring import aggregate, score_clip
from voicecoach.analysis import analyze
from voicecoach.audio.files import load_audio
from voicecoach.questions import load_bank
from voicecoach.transcription.model_files import resolve_model
from voicecoach.transcription.whisper import WhisperTranscriber

pytestmark = pytest.mark.model

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
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


# Pace error of one clean clip, in %. Measured across CPU configurations: 0.0-0.1 on most clips;
# 2.7-3.4 where a word was split or joined ("roll out", "grow and to"); 8.8 on celery-why-joe-slow
# with CT2_FORCE_CPU_ISA=AVX512, where tiny.en added "let's go first." after the answer. 10 % is
# three or four words on these 30-40 word answers: a dropped sentence or a loop still fails.
CLEAN_PACE_ERROR_PCT = 10.0
# The mean over the clean clips, where one clip's slip weighs a seventh: 0.04-1.8 % measured.
CLEAN_MEAN_PACE_ERROR_PCT = 2.5


@pytest.mark.parametrize("name", CLEAN_PIPER)
def test_clean_clip_matches_its_truth(reports, name: str) -> None:
    report, truth = reports[name]
    score = score_clip(report, truth)
    assert abs(report["duration_s"] - truth["duration_s"]) <= 0.05
    assert score.hesitation.fn == 0 and score.hesitation.fp == 0, report["fillers"]
    assert score.discourse_on_non_fillers == 0, report["fillers"]
    assert score.long_pauses.f1 == 1.0, report["pauses"]
    assert max(score.boundary_errors_s, default=0.0) <= 0.10
    assert abs(score.pace_error_pct) <= CLEAN_PACE_ERROR_PCT, (report["wpm"], truth["wpm"])


def test_clean_clips_pace_on_average(reports) -> None:
    """A speaker reading clearly gets their pace within a few percent, on average."""
    errors = [abs(score_clip(*reports[name]).pace_error_pct) for name in CLEAN_PIPER]
    assert sum(errors) / len(errors) <= CLEAN_MEAN_PACE_ERROR_PCT, errors


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
    from benchmarks.accuracy import real_voices

    transcriber = WhisperTranscriber(resolve_model("tiny.en"))
    return real_voices(
        lambda samples, _truth: analyze(samples, transcriber.transcribe(samples)).to_dict()
    )


# Words miscounted over the real voices (29 clips, 207 words), measured 6-8 across CPU
# configurations: 6 in every one (LibriVox readings' compounds, "is, like, put T." for "is like
# putty", a breath heard as a word), plus "Greggs in" for "Gregson" (GENERIC, AVX, oneDNN AVX2),
# "no. so..." for Common Voice's "no." (oneDNN AVX2) or two words of an invented sign-off after
# "Side right" (AVX2, this machine's default; AVX512 with MKL). Two words of margin: a clip heard
# as an invented sentence (5 words or more) or a clip lost still fails.
REAL_WORD_COUNT_ERROR = 10
# Fillers flagged on those clips (none was said): 1 in every configuration ("is, like, put T."),
# 2 with oneDNN limited to AVX2 (a CPU without AVX-512), which heard Common Voice's "no." as
# "no. so...". Three clips with a filler flagged fails.
REAL_FILLERS_FLAGGED = 2


def test_real_voices_meet_the_claimed_floor(real_voices_analysed: Any) -> None:
    """Real speech that holds no filler (samples/real/voices.json ``clips``: a 1961 speech, the
    speaker-test voice alsa-utils installs, and clips from speech packages' test data): the
    figures docs/BENCHMARK.md states, as a floor. The known misses: "like" in "m f a is like
    putty" (a comparison Whisper wrote as "is, like, put T.", p 0.98; flagged in every CPU
    configuration tried), a "so" in some (REAL_FILLERS_FLAGGED) and the words miscounted
    (REAL_WORD_COUNT_ERROR)."""
    real = real_voices_analysed
    assert real.clips >= 20  # the clips in the repository (alsa-utils adds nine)
    assert real.fillers_flagged <= REAL_FILLERS_FLAGGED, real.per_clip
    assert real.word_count_error <= REAL_WORD_COUNT_ERROR, real.per_clip


# The real speaker's 24 hesitations (``with_fillers``): found 15-18 across CPU configurations (15
# with CT2_FORCE_CPU_ISA=AVX, where tiny.en wrote one "uh" for the four of mfa-uhuh), extra 0-1
# (AVX: a second "uh" in mfa-uh). Bare faster-whisper finds 14 (docs/BENCHMARK.md): a floor of 15
# fails if the filler prompt or the acoustic pass stops working.
REAL_HESITATIONS_FOUND = 15
REAL_HESITATIONS_EXTRA = 1
# Words miscounted over those 8 clips (163 words): 10-15 measured; a lost clip (5+ words) fails.
REAL_FILLERS_WORD_COUNT_ERROR = 17


def test_real_fillers_meet_the_claimed_floor() -> None:
    """Real speech with published fillers (``with_fillers``: the Montreal Forced Aligner's test
    speaker, acted and free talk): most hesitations found, at most one extra; both discourse
    fillers found, and no more extra than the two sentence-opening "so"s of the cold-corpus clip
    (a filler by our labels, not by its transcript's)."""
    from benchmarks.accuracy import real_fillers

    transcriber = WhisperTranscriber(resolve_model("tiny.en"))
    real = real_fillers(
        lambda samples, _truth: analyze(samples, transcriber.transcribe(samples)).to_dict()
    )
    assert real.clips == 8 and not real.missing
    # Counted or shown as possible ("uh?", issue 19: a filler whose span starts late looks like
    # a held word and is shown, not counted): the cross-CPU floor holds for both together, and
    # the counted ones alone stay within three of it (18 -> 15 here when the rule came).
    assert real.found["hesitation"] + real.possible >= REAL_HESITATIONS_FOUND, real.per_clip
    assert real.found["hesitation"] >= REAL_HESITATIONS_FOUND - 3, real.per_clip
    assert real.extra["hesitation"] <= REAL_HESITATIONS_EXTRA, real.per_clip
    assert real.found["discourse"] == 2 and real.extra["discourse"] <= 2, real.per_clip
    assert real.word_count_error <= REAL_FILLERS_WORD_COUNT_ERROR, real.per_clip


def test_the_first_real_voices_still_get_no_filler_and_nearly_every_word(
    real_voices_analysed: Any,
) -> None:
    """The real voices that passed before the package clips came: no filler on any, and every
    word of each but one clip, which is off by at most two. Measured across CPU configurations:
    all exact, but for "Side right" (1.5 s) with AVX2, this machine's default, and AVX512 with
    MKL, where tiny.en went on ("We'll see you in the next video...", "We'll see you next week.")
    over the silence after it and two of those words stayed (4 words for 2). One invented
    sentence, or two clips off, still fails."""
    first = [c for c in real_voices_analysed.per_clip if c["audio"] in FIRST_REAL_VOICES]
    assert any(c["audio"] == "jfk.flac" for c in first)
    assert all(clip["fillers"] == [] for clip in first), first
    off = [c for c in first if c["words"] != len(c["said"].split())]
    assert len(off) <= 1, off
    assert all(abs(c["words"] - len(c["said"].split())) <= 2 for c in off), off


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
    """Where tiny.en misheard a voice badly enough to move the pace by over 5 % (garbled
    espeak-ng), the speaker is told to check the transcript; no clip whose pace is within 3 %
    of the truth gets that note, and neither does the 1961 speech. Measured across CPU
    configurations: the garbled clips off by over 5 % (2 in each, 5.3-27 %) all got the
    note; celery-limits-espeak-f3, 4.9 % off with oneDNN limited to AVX2 (a "Sorton" Whisper
    was sure of), did not, which is why the line is at 5 % (it was 4 %)."""
    from voicecoach.analysis import unclear_words_note

    def noted(report: dict[str, Any]) -> bool:
        return any(n.startswith("many words were hard to make out") for n in report["notes"])

    far, close = [], []
    for name, (report, truth) in reports.items():
        if not truth.get("wpm"):
            continue
        error = abs(report["wpm"] - truth["wpm"]) / truth["wpm"]
        # Misheard: a garbled voice. A clear voice's pace can move as far when tiny.en invents
        # a confident phrase after the answer (celery-why-joe-slow with CT2_FORCE_CPU_ISA=AVX512:
        # "let's go first.", 8.8 %); Whisper is not unsure there, so the note cannot say so.
        if error > 0.05 and (truth.get("voice") or "").startswith("espeak"):
            far.append((name, noted(report)))
        elif error <= 0.03:
            close.append((name, noted(report)))
    assert far and all(flag for _name, flag in far), far
    assert close and not any(flag for _name, flag in close), close

    jfk = load_audio(SAMPLES / "real" / "jfk.flac").samples
    words = WhisperTranscriber(resolve_model("tiny.en")).transcribe(jfk).words
    assert len(words) >= 10 and unclear_words_note(words) is None
