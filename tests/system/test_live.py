"""Live transcription (voicecoach.practice.live): the transcript made while recording agrees
with batch, and the practice screen shows the live cues from a fake live transcriber.

The agreement test runs the real tiny.en model on short labelled clips fed block by block as fast
as possible (the cuts depend on the audio only, so real-time pacing gives the same transcript;
the real-time case is `python -m benchmarks live`).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from support.live_fakes import FakeLive
from support.ui_fakes import make_app, record_intro, until
from textual.widgets import Static

from voicecoach.analysis import analyze
from voicecoach.analysis.voice_activity import detect_voice_activity, speech_probabilities
from voicecoach.audio.files import load_audio
from voicecoach.datatypes import Analysis, Transcript, Word
from voicecoach.paths import REPO_DIR
from voicecoach.practice.live import (
    LiveState,
    LiveTranscriber,
    StreamingVad,
    activity_from_probabilities,
)
from voicecoach.ui.practice import PracticeScreen
from voicecoach.ui.results import ResultsScreen

SAMPLES = REPO_DIR / "samples"
MODEL_DIR = REPO_DIR / "models" / "tiny.en"
BLOCK = 800  # the recorder's 50 ms blocks at 16 kHz


def feed(live: LiveTranscriber, samples: np.ndarray, block: int = BLOCK) -> None:
    for i in range(0, len(samples), block):
        live.feed(samples[i : i + block])


# --- the pieces, without the model -------------------------------------------------------------


def test_streaming_vad_equals_the_whole_clip_and_so_does_the_activity() -> None:
    samples = load_audio(SAMPLES / "intro-short.wav").samples
    whole = speech_probabilities(samples)
    vad = StreamingVad()
    n = len(samples) // 512 * 512
    parts, i, k = [], 0, 0
    sizes = (1, 7, 50, 3)  # uneven numbers of frames, as the worker gets them
    while i + 512 * sizes[k % 4] <= n:
        parts.append(vad(samples[i : i + 512 * sizes[k % 4]]))
        i += 512 * sizes[k % 4]
        k += 1
    parts.append(vad(np.pad(samples[i:], (0, (-len(samples[i:])) % 512))))
    assert np.array_equal(np.concatenate(parts), whole)
    assert activity_from_probabilities(samples, whole).regions == (
        detect_voice_activity(samples).regions
    )


class ChunkRecorder:
    """A transcriber that says one word per call, at the middle of the audio it was given."""

    name = "fake"

    def __init__(self, fail: bool = False) -> None:
        self.calls: list[int] = []
        self.fail = fail

    def transcribe(self, samples: np.ndarray, progress: Any = None) -> Transcript:
        if self.fail:
            raise RuntimeError("decoder exploded")
        self.calls.append(len(samples))
        mid = len(samples) / 16000 / 2
        return Transcript([Word(f"w{len(self.calls)}", mid - 0.1, mid + 0.1)], self.name)


def test_chunks_are_cut_in_pauses_and_words_get_absolute_times() -> None:
    samples = load_audio(SAMPLES / "intro-pitch-90s.flac").samples
    fake = ChunkRecorder()
    live = LiveTranscriber(fake, overlap_s=0.0).start()
    feed(live, samples)
    transcript = live.finish()
    activity = detect_voice_activity(samples)
    assert live.timings.chunks >= 5  # 90 s: cut at pauses, not one window
    assert max(fake.calls) <= 24 * 16000
    starts = [w.start for w in transcript.words]
    assert starts == sorted(starts) and starts[-1] > 60  # absolute times, in order
    # Chunks follow each other and are cut in pauses, never inside speech.
    spans = live.timings.spans
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    cuts = [t for span in spans[1:] for t in span] + [spans[0][1]]
    for region in activity.regions:
        assert not any(region.start + 0.05 < t < region.end - 0.05 for t in cuts)


@pytest.mark.parametrize(
    ("committed", "transcribed", "kept"),
    [
        # The context repeats what the previous chunk committed: only the new word stays.
        (
            [("and", 2.9, 3.15), ("agreed.", 3.6, 4.1)],
            [("and", 2.91, 3.15), ("agreed.", 3.63, 4.19), ("I", 4.73, 4.81)],
            ["I"],
        ),
        # Whisper skipped the context and stretched "I" back over the cut at 5.92 s.
        (
            [("with", 3.8, 4.1), ("experience.", 4.97, 5.43)],
            [("I", 5.35, 5.99), ("started", 5.99, 6.63)],
            ["I", "started"],
        ),
        # Nothing of the context repeated: Whisper skipped it and timed the chunk's first word
        # among the committed ones ("same event. I mean," in duplicates-espeak-us).
        (
            [("nanoseconds", 3.1, 3.8), ("event.", 4.67, 5.09)],
            [("I", 3.46, 4.86), ("mean,", 5.5, 6.3)],
            ["I", "mean,"],
        ),
        # ... but a hesitation there is the context's filler heard again, not a new one.
        (
            [("Ehh...", 4.07, 4.87)],
            [("uh,", 3.87, 4.63), ("each", 5.3, 5.5)],
            ["each"],
        ),
        # The context timed its last repeat after the cut ("teams." counted twice): not new.
        (
            [("our", 3.0, 3.2), ("teams.", 3.3, 3.8)],
            [("our", 3.0, 3.2), ("teams.", 4.1, 4.5), ("Then", 4.9, 5.1)],
            ["Then"],
        ),
        # Part of the context repeated: what lies among the committed words is the context.
        (
            [("still", 3.97, 4.27), ("event.", 4.67, 5.09)],
            [("still", 3.98, 4.3), ("eve", 4.6, 5.0), ("I", 5.5, 5.6)],
            ["I"],
        ),
    ],
)
def test_a_chunk_keeps_its_own_words_and_drops_the_context_it_repeats(
    committed: list[tuple[str, float, float]],
    transcribed: list[tuple[str, float, float]],
    kept: list[str],
) -> None:
    live = LiveTranscriber(ChunkRecorder())
    live._words = [Word(t, a, b, 0.9) for t, a, b in committed]
    begin, cut = committed[0][1] - 0.1, max(b for _t, _a, b in committed) + 0.4
    words = [Word(t, a, b, 0.9) for t, a, b in transcribed]
    assert [w.text for w in live._beyond_committed(words, begin, cut)] == kept


def test_a_sign_off_the_next_chunk_does_not_repeat_is_retracted_when_nothing_was_said() -> None:
    """Whisper ends a window over a pause with "Thank you."; the next window's context has not."""
    live = LiveTranscriber(ChunkRecorder())
    frames = np.zeros(int(7.0 / 0.032), dtype=np.float32)
    frames[int(4.0 / 0.032) : int(6.44 / 0.032)] = 0.9  # speech up to 6.44 s
    live._prob = [frames]
    said = [Word("machine", 5.8, 6.1, 0.9), Word("learning.", 6.1, 6.4, 0.9)]
    live._words = [*said, Word("Thank", 6.45, 6.6, 0.0), Word("you.", 6.6, 6.6, 0.98)]
    context = [Word("machine", 5.8, 6.1, 0.9), Word("learning.", 6.1, 6.5, 0.9)]
    own = [Word("That", 6.9, 7.0, 0.9)]
    assert live._beyond_committed([*context, *own], 5.7, 6.72) == own
    assert live._words == said


def test_a_sign_off_the_next_chunk_hears_as_something_else_gives_way_to_it() -> None:
    """leader-joe after 0.6 s of lead-in: a chunk ended on "Thank you." (probability 0.14) over
    the "uh" that the next chunk's context, hearing the audio go on, heard; batch has "uh"."""
    live = LiveTranscriber(ChunkRecorder())
    said = [Word("wrote", 7.54, 7.72, 0.96), Word("it.", 7.72, 8.22, 1.0)]
    live._words = [*said, Word("Thank", 10.32, 10.32, 0.14), Word("you.", 10.32, 10.52, 0.99)]
    context = [Word("uh,", 10.24, 10.66, 0.0)]
    own = [Word("I", 10.86, 11.12, 0.95), Word("also", 11.12, 11.42, 0.99)]
    kept = live._beyond_committed([*context, *own], 10.24, 10.848)
    assert [w.text for w in kept] == ["uh,", "I", "also"]
    assert live._words == said


def test_words_whisper_invents_where_a_chunk_ends_are_dropped_as_batch_drops_them() -> None:
    """intro-pitch-90s after 1.5 s of lead-in: a chunk cut 0.3 s into a pause ended "reports.
    what I'm doing is," with no voice under the last four: batch's sign-off rule, run again
    while it finds one, leaves "reports."."""
    from voicecoach.analysis.voice_activity import SpeechRegion, VoiceActivity

    live = LiveTranscriber(ChunkRecorder())
    live._words = [Word("the", 40.89, 41.19, 1.0), Word("slowest", 41.19, 41.55, 0.98)]
    voice = VoiceActivity([SpeechRegion(38.7, 41.95)], np.zeros(0), np.zeros(0), -23.0, -60.0)
    own = [
        Word("reports.", 41.55, 41.93, 0.86),
        Word("what", 41.93, 41.93, 0.0),
        Word("I'm", 41.93, 41.93, 0.12),
        Word("doing", 41.93, 42.01, 0.08),
        Word("is,", 42.01, 42.01, 0.29),
    ]
    assert [w.text for w in live._without_inventions(own, voice)] == ["reports."]
    assert [w.text for w in live._without_inventions(own[:1], voice)] == ["reports."]


def test_a_word_stretched_over_words_whisper_skipped_leaves_voice_unheard() -> None:
    """A chunk of intro-pitch-90s came back "services that take for the analyst", "that" timed
    over 2.4 s of "in sensor data, clean it, and store it": that much voice unheard is a skip."""
    from voicecoach.analysis.voice_activity import SpeechRegion, VoiceActivity
    from voicecoach.practice.live import SKIPPED_SPEECH_S, unheard_speech

    voice = VoiceActivity([SpeechRegion(22.7, 26.9)], np.zeros(0), np.zeros(0), -23.0, -60.0)
    skipped = [
        Word("services", 23.15, 23.41),
        Word("that", 23.41, 25.85),
        Word("take", 25.85, 26.1),
    ]
    seconds, at = unheard_speech(skipped, voice, 22.0, 27.3)
    assert seconds >= SKIPPED_SPEECH_S and at == 23.41
    heard = [
        Word(t, 23.15 + 0.3 * i, 23.45 + 0.3 * i)
        for i, t in enumerate("a b c d e f g h i j k l".split())
    ]
    assert unheard_speech(heard, voice, 22.0, 27.3)[0] < SKIPPED_SPEECH_S


def test_same_transcript_however_fast_the_audio_arrives() -> None:
    samples = load_audio(SAMPLES / "intro-short.wav").samples
    results = []
    for block in (160, 800, 16000):
        fake = ChunkRecorder()
        live = LiveTranscriber(fake, min_chunk_s=2.0).start()
        feed(live, samples, block)
        results.append((live.finish().words, fake.calls))
    assert results[0] == results[1] == results[2]


def test_a_failing_live_pass_falls_back_to_the_whole_recording() -> None:
    samples = load_audio(SAMPLES / "intro-short.wav").samples
    fake = ChunkRecorder(fail=True)
    live = LiveTranscriber(fake, min_chunk_s=2.0).start()
    feed(live, samples)
    deadline = time.monotonic() + 20
    while live.state.error is None and time.monotonic() < deadline:
        time.sleep(0.02)  # the worker meets the failure on its first chunk
    assert live.state.error and "decoder exploded" in live.state.error
    fake.fail = False
    transcript = live.finish()
    assert fake.calls == [len(samples)]  # one batch pass over everything
    assert len(transcript.words) == 1


def test_features_measured_while_recording_leave_the_report_unchanged() -> None:
    samples = load_audio(SAMPLES / "intro-pitch-90s.flac").samples
    live = LiveTranscriber(ChunkRecorder(), overlap_s=0.0).start()
    for i in range(0, len(samples), 5 * 16000):
        feed(live, samples[i : i + 5 * 16000])
        time.sleep(0.2)  # the worker commits chunks as they come, analysing each
    report = live.analyse()
    assert len(live.timings.warm_seconds) >= 3
    # Most of the acoustic work was done while "recording" (the fake's one word per chunk
    # leaves much uncovered voice to measure): the stop had little left.
    measured = live.timings.features_measured_at_stop
    assert measured < len(live._features) / 2
    fresh = analyze(samples, Transcript(live.words, "fake"), activity=live.activity())
    assert report.to_dict()["fillers"] == fresh.to_dict()["fillers"]
    assert report.to_dict()["words"] == fresh.to_dict()["words"]
    assert report.wpm == fresh.wpm and report.pauses == fresh.pauses


# --- agreement with batch, real model ------------------------------------------------------------


@pytest.fixture(scope="module")
def whisper() -> Any:
    if not (MODEL_DIR / "model.bin").exists():
        pytest.skip("models/tiny.en is not installed (make models)")
    from voicecoach.transcription.whisper import WhisperTranscriber

    transcriber = WhisperTranscriber(MODEL_DIR)
    transcriber.load()
    return transcriber


def long_pauses(analysis: Analysis) -> list[tuple[float, float]]:
    return [(p.start, p.end) for p in analysis.long_pauses]


@pytest.mark.model
@pytest.mark.parametrize("clip", ["intro-seed-style-espeak.flac"])
def test_live_transcript_agrees_with_batch(whisper: Any, clip: str) -> None:
    samples = load_audio(SAMPLES / clip).samples
    batch = analyze(samples, whisper.transcribe(samples))
    live = LiveTranscriber(whisper).start()
    feed(live, samples)
    report = live.analyse()
    assert live.timings.chunks >= 2  # really transcribed in pieces
    assert abs(len(report.fillers) - len(batch.fillers)) <= 1
    assert long_pauses(report) == long_pauses(batch)  # measured from the same audio
    assert report.wpm == pytest.approx(batch.wpm, rel=0.05)
    assert report.duration_s == batch.duration_s


# --- the practice screen's live cues ---------------------------------------------------------


def cues_text(screen: PracticeScreen) -> str:
    content = screen.query_one("#live-cues", Static).content
    return getattr(content, "plain", str(content))


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_practice_screen_shows_live_cues_and_reports_from_the_live_pass(
    tmp_path: Path,
) -> None:
    app, fakes = make_app(tmp_path)
    live = FakeLive()
    app.services.live_factory = lambda transcriber: live
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: "ready" in app.model_state)
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        assert not screen.query_one("#live-cues").display  # nothing before recording
        await pilot.press("space")
        await until(pilot, lambda: screen.state == "recording")
        assert live.started and fakes.recorder.on_block == live.feed
        assert screen.query_one("#live-cues").display
        assert "fillers so far 0" in cues_text(screen)
        live.state = LiveState(30.0, 26.0, 70, 2, "um", 171.0)
        await until(pilot, lambda: "171 wpm" in cues_text(screen))
        text = cues_text(screen)
        assert "fillers so far 2 (last: um)" in text and "fast" in text
        await pilot.press("space")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        assert live.analysed.is_set()
        # The batch pass only afterwards, as the check of the live report (tests/test_checked).
        await until(pilot, lambda: app.check is not None and app.check.done)
        assert len(fakes.analyse.calls) == 1


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_leaving_mid_answer_closes_the_live_transcriber(tmp_path: Path) -> None:
    app, _fakes = make_app(tmp_path)
    live = FakeLive()
    app.services.live_factory = lambda transcriber: live
    async with app.run_test(size=(100, 40)) as pilot:
        await record_intro(app, pilot)
        await pilot.press("escape")
        await until(pilot, lambda: live.closed)
