"""Long audio is transcribed in pieces cut at quiet points (voicecoach/transcription/pieces.py), so
faster-whisper's features never cover more than a piece; short answers take the one-pass path.

The real-model test uses a ~60 s clip and 20 s pieces (four pieces, about a minute of CPU on
two cores) instead of an hour: the code path is the same, only the piece length differs.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from voicecoach.analysis import analyze
from voicecoach.analysis.fillers import normalise
from voicecoach.analysis.voice_activity import VAD_FRAME, speech_probabilities
from voicecoach.audio import SAMPLE_RATE
from voicecoach.audio.files import load_audio
from voicecoach.paths import REPO_DIR
from voicecoach.transcription.pieces import QUIET_PROB, piece_bounds
from voicecoach.transcription.whisper import WhisperTranscriber

SAMPLES = REPO_DIR / "samples"
MODEL_DIR = REPO_DIR / "models" / "tiny.en"
CLIPS = [
    "leader-joe.flac",
    "celery-why-joe-slow.flac",
    "ai-plans-hesitant-joe-slower.flac",
    "bulk-upload-joe-nonfillers.flac",
]


@pytest.fixture(scope="module")
def minute() -> np.ndarray:
    """About 62 s of speech: four answers with 0.3 s between them (natural pauses inside)."""
    gap = np.zeros(int(0.3 * SAMPLE_RATE), dtype=np.float32)
    parts = [p for name in CLIPS for p in (load_audio(SAMPLES / name).samples, gap)]
    return np.concatenate(parts)


# --- where the cuts go (Silero VAD, no Whisper) ------------------------------------------------


def test_pieces_cover_the_clip_in_order_and_cut_in_silence(minute: np.ndarray) -> None:
    bounds = piece_bounds(minute, piece_s=20.0)
    assert len(bounds) >= 3
    assert bounds[0][0] == 0 and bounds[-1][1] == len(minute)
    for (_, end), (start, _) in zip(bounds, bounds[1:], strict=False):
        assert end == start  # contiguous: no sample lost or repeated
    assert all(0 < b - a <= 20 * SAMPLE_RATE for a, b in bounds)
    prob = speech_probabilities(minute)
    for _, cut in bounds[:-1]:
        frame = cut // VAD_FRAME
        assert prob[frame] < QUIET_PROB, (cut / SAMPLE_RATE, prob[frame - 3 : frame + 4])


def test_a_clip_no_longer_than_a_piece_is_one_piece(minute: np.ndarray) -> None:
    assert piece_bounds(minute[: 20 * SAMPLE_RATE], piece_s=20.0) == [(0, 20 * SAMPLE_RATE)]


def test_long_audio_vad_a_block_at_a_time_gives_the_same_probabilities(
    minute: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Audio over LONG_VAD_S goes through Silero in blocks (state and context carried), so
    the analysis of an hour does not copy it twice; small blocks here, to cross several."""
    from faster_whisper.vad import get_vad_model

    from voicecoach.analysis import voice_activity as va

    clip = minute[: len(minute) - 1234]  # not a whole number of frames
    padded = np.pad(clip, (0, (-len(clip)) % VAD_FRAME))
    whole = np.asarray(get_vad_model()(padded), dtype=np.float32).reshape(-1)
    monkeypatch.setattr(va, "LONG_VAD_S", 10.0)
    monkeypatch.setattr(va, "VAD_BLOCK", 300)  # 9.6 s blocks
    blocks = va.speech_probabilities(clip)
    assert blocks.shape == whole.shape
    np.testing.assert_allclose(blocks, whole, atol=1e-4)


def test_frame_energy_a_minute_at_a_time_is_the_same(
    minute: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    from voicecoach.analysis import voice_activity as va

    hop = va.ENERGY_HOP
    n = len(minute) // hop
    x = minute[: n * hop].astype(np.float64).reshape(n, hop)
    power = np.convolve((x * x).mean(axis=1), [0.5, 0.5], mode="same")
    expected = (10.0 * np.log10(power + 1e-12)).astype(np.float32)
    monkeypatch.setattr(va, "ENERGY_BLOCK", 777)
    np.testing.assert_array_equal(va.frame_energy_db(minute), expected)


# --- the transcriber's two paths, with a fake model --------------------------------------------


class FakeModel:
    """Stands in for faster-whisper: records each call's length, says one word at 1.0-1.5 s."""

    def __init__(self) -> None:
        self.lengths: list[int] = []

    def transcribe(self, audio: np.ndarray, **_: Any) -> tuple[list[Any], None]:
        self.lengths.append(len(audio))
        word = SimpleNamespace(word=" hello", start=1.0, end=1.5, probability=0.9)
        segment = SimpleNamespace(
            words=[word],
            end=1.5,
            no_speech_prob=0.0,
            avg_logprob=-0.1,
            compression_ratio=1.0,
            text=" hello",
        )
        return [segment], None


def _fake_transcriber(piece_s: float) -> tuple[WhisperTranscriber, FakeModel]:
    transcriber = WhisperTranscriber(Path("models/fake.en"), piece_s=piece_s)
    fake = FakeModel()
    transcriber._model = fake  # load() keeps a model that is already there
    return transcriber, fake


def test_short_audio_takes_the_one_pass_path(
    minute: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An answer up to a piece long goes to faster-whisper whole, as before pieces existed."""

    def no_cuts(*_: Any, **__: Any) -> None:
        raise AssertionError("a short clip must not be cut")

    monkeypatch.setattr("voicecoach.transcription.pieces.piece_bounds", no_cuts)
    transcriber, fake = _fake_transcriber(piece_s=240.0)
    transcript = transcriber.transcribe(minute)
    assert fake.lengths == [len(minute)]
    assert [(w.text, w.start, w.end) for w in transcript.words] == [("hello", 1.0, 1.5)]


def test_word_times_are_moved_to_the_whole_clip(minute: np.ndarray) -> None:
    transcriber, fake = _fake_transcriber(piece_s=20.0)
    progress: list[float] = []
    transcript = transcriber.transcribe(minute, progress.append)
    bounds = piece_bounds(minute, piece_s=20.0)
    assert fake.lengths == [b - a for a, b in bounds]
    starts = [w.start for w in transcript.words]
    assert starts == pytest.approx([a / SAMPLE_RATE + 1.0 for a, _ in bounds])
    assert progress == sorted(progress) and progress[-1] == 1.0


# --- the real model: pieces agree with one pass ------------------------------------------------


@pytest.mark.model
def test_pieces_agree_with_one_pass(minute: np.ndarray) -> None:
    if not (MODEL_DIR / "model.bin").exists():
        pytest.skip("tiny.en is not installed (make models)")
    transcriber = WhisperTranscriber(MODEL_DIR)
    whole = transcriber.transcribe(minute)
    transcriber.piece_s = 20.0
    bounds = piece_bounds(minute, piece_s=20.0)
    progress: list[float] = []
    pieces = transcriber.transcribe(minute, progress.append)

    # In order, inside the clip.
    starts = [w.start for w in pieces.words]
    assert starts == sorted(starts)
    assert 0 <= starts[0] and pieces.words[-1].end <= len(minute) / SAMPLE_RATE + 0.05
    # Close to the single pass: word count within 10 %, the same words at the same times.
    assert abs(len(pieces.words) - len(whole.words)) <= 0.1 * len(whole.words)
    a = [normalise(w.text) for w in whole.words]
    b = [normalise(w.text) for w in pieces.words]
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    assert matcher.ratio() >= 0.9, (whole.text, pieces.text)
    offsets = [
        abs(whole.words[m.a + k].start - pieces.words[m.b + k].start)
        for m in matcher.get_matching_blocks()
        for k in range(m.size)
    ]
    assert float(np.median(offsets)) < 0.1  # absolute times, not times within a piece
    # The same fillers in the same places: what a speaker counts. Across CPU configurations the
    # single pass found 8 and the pieces 8; one filler's word moved ("Well," opening the second
    # answer, at the first cut, was an acoustic "uh" 0.2 s on in the single pass) and with
    # CT2_FORCE_CPU_ISA=AVX512 the single pass put one "uh" at 30.2 s where the pieces (and the
    # other configurations) heard it at 34.0 s. So: each filler of the single pass has one of the
    # pieces within the scoring tolerance (0.5 s, benchmarks.scoring), of any kind, but one;
    # the counts differ by one at most. Fillers lost or moved by the cutting still fail.
    one = analyze(minute, whole).fillers
    cut = analyze(minute, pieces).fillers
    unmatched = [f for f in one if not any(abs(g.start - f.start) <= 0.5 for g in cut)]
    assert len(unmatched) <= 1, (unmatched, cut)
    assert abs(len(cut) - len(one)) <= 1, (one, cut)
    # Progress moves through every piece, in order, and ends at 1.
    assert progress == sorted(progress) and progress[-1] == 1.0
    total = len(minute)
    for start, end in bounds:
        assert any(start / total < p <= end / total for p in progress), (start, end, progress)
