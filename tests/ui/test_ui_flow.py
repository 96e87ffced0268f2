"""The practice flow through the real UI (Pilot), with fakes for the model, microphone and voice."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from support.pilot import answer, open_question, record, until
from support.ui_fakes import (
    FakeAnalyse,
    FakeAttempt,
    FakePlayer,
    FakeStore,
    FakeTranscriber,
    FakeVoice,
    make_app,
    sample_analysis,
    text_of,
)
from textual.widgets import DataTable, Digits, ProgressBar, Static

from voicecoach.errors import AudioFileError
from voicecoach.questions import load_bank
from voicecoach.rendering.text import transcript_text
from voicecoach.ui.help import HelpScreen
from voicecoach.ui.practice import PracticeScreen
from voicecoach.ui.results import ResultsScreen
from voicecoach.ui.widgets import TRANSCRIPT_STYLE, LevelMeter, TargetBar

pytestmark = pytest.mark.anyio
SIZE = (100, 40)


async def test_whole_flow_list_practice_record_results(tmp_path: Path) -> None:
    gate = threading.Event()
    app, fakes = make_app(tmp_path, analyse=FakeAnalyse(gate=gate))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "ready" in app.model_state)
        table = app.screen.query_one("#questions", DataTable)
        assert table.row_count == len(app.bank.questions)

        screen = await open_question(pilot, downs=1)
        assert screen.question.id == "intro"
        assert "Tell me about yourself" in text_of(screen.query_one("#question-prompt", Static))
        await until(pilot, lambda: fakes.voice.spoken == ["Tell me about yourself."])
        assert text_of(screen.query_one("#state", Static)).startswith("READY")

        await record(pilot, screen)
        assert screen.state == "recording"
        assert "RECORDING" in text_of(screen.query_one("#state", Static))
        assert fakes.voice.stops >= 1  # reading aloud stops when the answer starts
        fakes.recorder.elapsed_s = 72.4
        fakes.recorder.level = 0.6
        await until(pilot, lambda: screen.query_one("#timer", Digits).value == "1:12")
        assert screen.query_one("#target-bar", TargetBar).elapsed == pytest.approx(72.4)
        assert screen.query_one("#level", LevelMeter).level == pytest.approx(0.6)
        assert screen.query_one("#timer", Digits).has_class("in-zone")

        await pilot.press("space")
        bar = screen.query_one("#progress", ProgressBar)
        await until(pilot, lambda: bar.progress == 50)
        assert screen.state == "transcribing" and bar.display
        assert fakes.recorder.stopped
        gate.set()

        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        results = app.screen
        verdicts = results.query_one("#verdicts", Static)
        verdict_text = str(verdicts.content.columns[3]._cells)  # type: ignore[union-attr]
        assert "ok" in verdict_text and "over" in verdict_text
        transcript = results.query_one("#transcript", Static).content
        assert "[2.4 s]" in transcript.plain and "[1.3 s]" in transcript.plain
        assert "[0.3 s]" not in transcript.plain  # short pauses are not marked
        styled = {transcript.plain[s.start : s.end] for s in transcript.spans}
        assert {"*um*", "_like_", "[2.4 s]"} <= styled
        tips = text_of(results.query_one("#tips", Static))
        assert "Slow down" in tips
        assert "72 s" in text_of(results.query_one("#summary", Static))

        # The attempt was saved in the store with the recording.
        assert fakes.store is not None and len(fakes.store.attempts) == 1
        assert fakes.store.finished == [fakes.recorder.path]

        await pilot.press("escape")
        await until(pilot, lambda: app.screen.query("#questions"))
        table = app.screen.query_one("#questions", DataTable)
        await until(pilot, lambda: "72 s" in str(table.get_cell("intro", "last")))


async def test_retry_next_and_back(tmp_path: Path) -> None:
    app, fakes = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(pilot, downs=1)
        await answer(pilot, screen)

        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        assert app.screen.question.id == "intro"

        screen = app.screen
        await answer(pilot, screen)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        assert app.screen.question.id == "duplicates"

        await pilot.press("escape")
        await until(pilot, lambda: app.screen.query("#questions"))
        assert len(app.screen_stack) == 1  # the list (the base screen): nothing left behind
        await pilot.press("q")
        await until(pilot, lambda: not app.is_running)


async def test_escape_while_recording_keeps_the_file(tmp_path: Path) -> None:
    app, fakes = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(pilot, downs=0)
        await record(pilot, screen)
        await pilot.press("escape")
        await until(pilot, lambda: fakes.recorder.stopped)
        assert fakes.recorder.path.exists()
        assert fakes.analyse.calls == []


async def test_t_toggles_voice_and_no_output_means_text_only(tmp_path: Path) -> None:
    app, fakes = make_app(tmp_path, voice=FakeVoice(available=False))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(pilot, downs=0)
        state = screen.query_one("#voice-state", Static)
        await until(pilot, lambda: "text only" in text_of(state))
        assert "no audio output" in text_of(state)
        assert fakes.voice.spoken == []

    app, fakes = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(pilot, downs=0)
        await until(pilot, lambda: fakes.voice.spoken == ["Nice to meet you."])
        await pilot.press("t")
        assert app.voice_on is False
        await until(pilot, lambda: fakes.voice.stops >= 1)
        assert "voice off" in text_of(screen.query_one("#voice-state", Static))
        await pilot.press("t")
        assert app.voice_on is True
        await until(pilot, lambda: len(fakes.voice.spoken) == 2)


async def test_no_voice_option_starts_silent(tmp_path: Path) -> None:
    app, fakes = make_app(tmp_path, speak=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(pilot, downs=0)
        await pilot.pause(0.1)
        assert fakes.voice.spoken == []
        assert "voice off" in text_of(screen.query_one("#voice-state", Static))


async def test_help_lists_every_key(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        keys = app.screen.query_one("#help-keys", Static).content
        listed = " ".join(str(c) for c in keys.columns[0]._cells)  # type: ignore[union-attr]
        for key in ("enter", "space", "t", "r", "n", "p", "h", "?", "escape", "q"):
            assert key in listed
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, HelpScreen))
        assert app.screen.query("#questions")


async def test_no_microphone_is_a_message_not_a_crash(tmp_path: Path) -> None:
    app, fakes = make_app(tmp_path, mic_error="no input device found (no microphone)")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(pilot, downs=0)
        await record(pilot, screen)
        assert screen.state == "failed"
        message = text_of(screen.query_one("#message", Static))
        assert "Cannot record: no input device found" in message
        assert "--device" in message
        assert not fakes.recorder.path.exists()  # nothing was recorded: no empty file left
        # The app still works: back to the list, open another question.
        await pilot.press("escape")
        screen = await open_question(pilot, downs=1)
        assert screen.question.id == "intro"


async def test_failed_transcription_keeps_the_recording(tmp_path: Path) -> None:
    analyse = FakeAnalyse(error=AudioFileError("answer.wav: the audio is damaged"))
    app, fakes = make_app(tmp_path, analyse=analyse)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(pilot, downs=1)
        await record(pilot, screen)
        await pilot.press("space")
        await until(pilot, lambda: screen.state == "failed")
        message = text_of(screen.query_one("#message", Static))
        assert "Transcription failed: answer.wav: the audio is damaged" in message
        assert str(fakes.recorder.path) in message and fakes.recorder.path.exists()
        assert fakes.store is not None and fakes.store.attempts == []
        FakePlayer.instances.clear()
        await pilot.press("p")  # the kept recording can be heard
        await until(pilot, lambda: bool(FakePlayer.instances))
        assert FakePlayer.instances[-1].path == fakes.recorder.path
        await pilot.press("p")
        await until(pilot, lambda: not FakePlayer.instances[-1].playing)
        # Space tries again.
        analyse.error = None
        await answer(pilot, screen)


async def test_unexpected_error_is_one_line(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, analyse=FakeAnalyse(error=RuntimeError("boom\nsecond line")))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(pilot, downs=0)
        await record(pilot, screen)
        await pilot.press("space")
        await until(pilot, lambda: screen.state == "failed")
        message = text_of(screen.query_one("#message", Static))
        assert "RuntimeError: boom" in message and "second line" not in message


async def test_recording_starts_before_the_model_is_ready(tmp_path: Path) -> None:
    gate = threading.Event()
    app, fakes = make_app(tmp_path, transcriber=FakeTranscriber(load_gate=gate))
    async with app.run_test(size=SIZE) as pilot:
        assert "loading" in app.model_state
        screen = await open_question(pilot, downs=0)
        await record(pilot, screen)
        assert screen.state == "recording"
        await pilot.press("space")
        state = screen.query_one("#state", Static)
        await until(pilot, lambda: "waiting for the speech model" in text_of(state))
        gate.set()
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        assert "ready" in app.model_state


async def test_missing_model_is_shown_and_recording_is_kept(tmp_path: Path) -> None:
    """The model fails while an answer is recorded: the recording is kept. (A model known to
    have failed before the answer refuses it instead: tests/ui/test_readiness.py.)"""
    gate = threading.Event()
    app, fakes = make_app(tmp_path, transcriber=FakeTranscriber(load_gate=gate, fail=True))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(pilot, downs=0)
        await record(pilot, screen)
        gate.set()
        await until(pilot, lambda: "unavailable" in app.model_state)
        assert "model file is corrupt" in app.model_state
        await pilot.press("space")
        await until(pilot, lambda: screen.state == "failed")
        message = text_of(screen.query_one("#message", Static))
        assert "cannot transcribe" in message and str(fakes.recorder.path) in message


async def test_malformed_bank_is_reported_and_app_works(tmp_path: Path) -> None:
    bad = tmp_path / "mine.toml"
    bad.write_text('[[question]]\nid = "x"\nprompt = \n', encoding="utf-8")
    bank = load_bank([str(bad)])
    assert bank.errors
    app, _ = make_app(tmp_path, bank=bank, notices=bank.errors)
    async with app.run_test(size=SIZE) as pilot:
        notices = text_of(app.screen.query_one("#notices", Static))
        assert "mine.toml" in notices and "line" in notices
        screen = await open_question(pilot, downs=2)
        assert screen.question.id == "duplicates"


async def test_last_result_shown_in_list(tmp_path: Path) -> None:
    store = FakeStore(
        tmp_path, [FakeAttempt("greeting", sample_analysis("greeting"), tmp_path / "a.wav")]
    )
    app, _ = make_app(tmp_path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("#questions", DataTable)
        await until(pilot, lambda: "72 s" in str(table.get_cell("greeting", "last")))
        assert str(table.get_cell("intro", "last")) == "—"


async def test_start_reads_last_results_once(tmp_path: Path) -> None:
    """The list reads each question's attempts once at start (mount and the first resume used
    to read them twice), and again each time it is shown."""
    store = FakeStore(
        tmp_path, [FakeAttempt("greeting", sample_analysis("greeting"), tmp_path / "a.wav")]
    )
    reads: list[str | None] = []
    read = store.list

    def counted(question_id: str | None = None) -> list[FakeAttempt]:
        reads.append(question_id)
        return read(question_id)

    store.list = counted  # type: ignore[method-assign]
    app, _ = make_app(tmp_path, store=store)
    ids = [q.id for q in app.bank.questions]
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("#questions", DataTable)
        await until(pilot, lambda: "72 s" in str(table.get_cell("greeting", "last")))
        await asyncio.wait_for(app.workers.wait_for_complete(), 10)
        await pilot.pause()
        assert reads == ids
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("escape")
        await until(pilot, lambda: reads == ids * 2)


async def test_list_reads_only_the_newest_attempts_when_the_store_can(tmp_path: Path) -> None:
    """A store with ``latest_attempts`` (the real one) is asked for the newest attempt of each
    question at once, not for every attempt question by question."""
    newer = FakeAttempt("greeting", sample_analysis("greeting"), tmp_path / "b.wav", 2.0)

    class NewestStore(FakeStore):
        asked: list[list[str]] = []

        def list(self, question_id: str | None = None) -> list[FakeAttempt]:
            raise AssertionError("every attempt read")

        def latest_attempts(self, question_ids: list[str]) -> dict[str, FakeAttempt]:
            self.asked.append(list(question_ids))
            return {"greeting": newer}

    store = NewestStore(tmp_path)
    app, _ = make_app(tmp_path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("#questions", DataTable)
        await until(pilot, lambda: "72 s" in str(table.get_cell("greeting", "last")))
        assert str(table.get_cell("intro", "last")) == "—"
        assert store.asked == [[q.id for q in app.bank.questions]]


async def test_p_replays_and_h_without_history(tmp_path: Path) -> None:
    app, fakes = make_app(tmp_path, store=None)
    FakePlayer.instances.clear()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(pilot, downs=0)
        await answer(pilot, screen)
        await pilot.press("p")
        await until(pilot, lambda: bool(FakePlayer.instances))
        player = FakePlayer.instances[-1]
        assert player.path == fakes.recorder.path and player.playing
        await pilot.press("p")
        await until(pilot, lambda: not player.playing)
        await pilot.press("h")  # no store: a message, and the results stay
        await pilot.pause(0.05)
        assert isinstance(app.screen, ResultsScreen)
        # Without a store, answers go under the data dir's recordings/.
        assert fakes.recorder.path.parent == tmp_path / "recordings"


def test_transcript_marks_pauses_between_the_right_words() -> None:
    text = transcript_text(sample_analysis(), TRANSCRIPT_STYLE).plain
    assert text == (
        "Hi, I'm Bhargav, *um*, [2.4 s] a Python backend developer. [1.3 s] I _like_ build queues."
    )


async def test_real_store_history_and_replay(tmp_path: Path) -> None:
    from voicecoach.store import Store
    from voicecoach.ui.history import HistoryScreen
    from voicecoach.ui.replay import ReplayScreen

    store = Store(tmp_path / "home")
    app, fakes = make_app(tmp_path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(pilot, downs=1)
        await record(pilot, screen)
        assert fakes.recorder.path.parent == store.recordings_dir
        await pilot.press("space")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        [attempt] = store.list("intro")
        assert app.screen.audio_path == attempt.audio_path and attempt.audio_path.exists()
        assert store.pending_recordings() == []

        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, ReplayScreen))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))

        await pilot.press("h")
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        await pilot.press("escape")
        await until(pilot, lambda: app.screen.query("#questions"))
        table = app.screen.query_one("#questions", DataTable)
        await until(pilot, lambda: "72 s" in str(table.get_cell("intro", "last")))


class TruthTranscriber:
    """The sample's true text, words spread evenly over its speech (no model needed)."""

    name = "truth"

    def __init__(self, truth: dict) -> None:
        self.truth = truth

    def transcribe(self, samples: object, progress: Callable[[float], None] | None = None):
        from voicecoach.datatypes import Transcript, Word

        tokens = self.truth["text"].split()
        start, end = self.truth["speech_start"], self.truth["speech_end"]
        step = (end - start) / len(tokens)
        words = [Word(t, start + i * step, start + (i + 0.8) * step) for i, t in enumerate(tokens)]
        if progress:
            progress(0.5)
            progress(1.0)
        return Transcript(words, self.name)


async def test_real_analysis_on_a_sample(tmp_path: Path) -> None:
    """The real pipeline (audio file -> analysis -> verdicts) behind the UI, model faked."""
    import json
    import shutil

    from voicecoach.practice.services import default_analyse

    samples = Path(__file__).resolve().parents[2] / "samples"
    truth = json.loads((samples / "ai-plans-joe.truth.json").read_text())
    app, fakes = make_app(tmp_path, transcriber=TruthTranscriber(truth))  # type: ignore[arg-type]
    app.services.analyse = default_analyse
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(PracticeScreen(app.bank.get("ai-plans")))  # type: ignore[arg-type]
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        screen = app.screen
        await record(pilot, screen)
        shutil.copy(samples / "ai-plans-joe.flac", fakes.recorder.path)
        await pilot.press("space")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen), timeout=30)
        analysis = app.screen.analysis
        assert {v.metric for v in analysis.verdicts} >= {"duration_s", "wpm"}
        assert analysis.duration_s == pytest.approx(truth["duration_s"], abs=0.1)
        transcript = app.screen.query_one("#transcript", Static).content
        styled = {transcript.plain[s.start : s.end] for s in transcript.spans}
        assert "*um*" in styled
        summary = text_of(app.screen.query_one("#summary", Static))
        assert f"{analysis.word_count} words" in summary and analysis.word_count > 30
        fillers = len(analysis.fillers)
        # A 14 s answer: fillers are judged by count, so the header gives no per-minute rate.
        assert f"{fillers} filler{'' if fillers == 1 else 's'} ·" in summary
        assert "/min" not in summary and analysis.speech_span_s < 30


async def test_device_failure_mid_answer_analyses_what_was_kept(tmp_path: Path) -> None:
    app, fakes = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(pilot, downs=1)
        await record(pilot, screen)
        await pilot.press("h")  # no history while recording
        assert app.screen is screen
        fakes.recorder.elapsed_s = 0.0  # at once: analysed all the same, not a short take
        fakes.recorder.error = "the input device was unplugged"
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        assert fakes.recorder.stopped and fakes.analyse.calls == [fakes.recorder.path]
        notice = text_of(app.screen.query_one("#notice", Static))
        assert "The microphone stopped at 0:00: the input device was unplugged" in notice


async def test_t_while_recording_does_not_speak(tmp_path: Path) -> None:
    app, fakes = make_app(tmp_path, speak=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(pilot, downs=0)
        await record(pilot, screen)
        await pilot.press("t")
        await pilot.pause(0.1)
        assert app.voice_on and fakes.voice.spoken == []


def test_malformed_config_still_builds_the_app(tmp_path: Path) -> None:
    from argparse import Namespace

    from voicecoach.ui.app import build_app

    (tmp_path / "config.toml").write_text("model = = 'x'\n", encoding="utf-8")
    app = build_app(Namespace(home=str(tmp_path), device=None, no_voice=True))
    assert any("config.toml" in n and "default settings" in n for n in app.notices)
    assert app.config.model == "tiny.en" and app.voice_on is False
    assert len(app.bank.questions) >= 9


async def test_warm_up_runs_after_the_model_and_its_failure_is_quiet(tmp_path: Path) -> None:
    calls: list[str] = []

    def warm_up() -> None:
        calls.append("warm")
        raise RuntimeError("librosa missing")

    app, _ = make_app(tmp_path)
    app.services.warm_up = warm_up
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: calls == ["warm"])
        await pilot.pause(0.05)
        assert "ready" in app.model_state
        assert not app._notifications  # nothing shown to the user


class SlowVoice(FakeVoice):
    """A voice whose availability check takes a while (Piper loading)."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()

    def available(self) -> bool:
        self.gate.wait(5)
        return True


async def test_recording_before_the_voice_is_ready_keeps_it_silent(tmp_path: Path) -> None:
    voice = SlowVoice()
    app, fakes = make_app(tmp_path, voice=voice)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(pilot, downs=0)
        await record(pilot, screen)
        voice.gate.set()
        await until(pilot, lambda: app.voice_available is True)
        await pilot.pause(0.05)
        assert voice.spoken == []


class BrokenVoice(FakeVoice):
    def available(self) -> bool:
        raise OSError("PortAudio exploded")


async def test_a_broken_voice_means_text_only(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, voice=BrokenVoice())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(pilot, downs=0)
        state = screen.query_one("#voice-state", Static)
        await until(pilot, lambda: "text only" in text_of(state))
        assert not app._notifications


async def test_h_in_history_does_not_stack_another_history(tmp_path: Path) -> None:
    """`h` on the history (or on a replay opened from it) used to push one more history."""
    from voicecoach.store import Store
    from voicecoach.ui.footer import KeyFooter
    from voicecoach.ui.history import HistoryScreen
    from voicecoach.ui.replay import ReplayScreen

    store = Store(tmp_path / "home")
    app, _ = make_app(tmp_path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(pilot, downs=1)
        await answer(pilot, screen)
        await pilot.press("h")
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen))
        depth = len(app.screen_stack)
        history = app.screen
        await pilot.pause(0.05)
        assert "History" not in app.screen.query_one(KeyFooter).render().plain
        await pilot.press("h")
        await pilot.pause(0.05)
        assert len(app.screen_stack) == depth and app.screen is history
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, ReplayScreen))
        await pilot.press("h")  # back to the history it came from, not a new one
        await until(pilot, lambda: app.screen is history)
        assert len(app.screen_stack) == depth
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))


def _write_tone(path: Path, seconds: float) -> None:
    import numpy as np
    import soundfile as sf

    t = np.arange(int(seconds * 16_000)) / 16_000
    sf.write(path, (0.2 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), 16_000, "PCM_16")


async def test_escape_mid_answer_offers_the_answer_for_analysis(tmp_path: Path) -> None:
    """Escape (or q) mid-answer kept the file but told nobody and dropped its marker: it sat in
    recordings/ where neither the app nor the next start would ever offer it."""
    from voicecoach.store import Store
    from voicecoach.ui.questions import QuestionListScreen

    store = Store(tmp_path / "home")
    app, fakes = make_app(tmp_path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(pilot, downs=1)
        await record(pilot, screen)
        _write_tone(fakes.recorder.path, 2.0)
        fakes.recorder.elapsed_s = 2.0
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, QuestionListScreen))
        await until(pilot, lambda: any("kept" in n.message for n in app._notifications))
        line = app.screen.query_one("#recovered", Static)
        await until(pilot, lambda: line.display)
        assert "(intro, " in text_of(line) and "press a" in text_of(line)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        assert app.screen.question.id == "intro"
    [attempt] = store.list("intro")
    assert attempt.audio_path is not None and attempt.audio_path.exists()
    assert store.pending_recordings() == [] and not fakes.recorder.path.exists()


async def test_escape_before_any_audio_leaves_nothing_to_offer(tmp_path: Path) -> None:
    from voicecoach.store import Store
    from voicecoach.ui.questions import QuestionListScreen

    store = Store(tmp_path / "home")
    app, fakes = make_app(tmp_path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(pilot, downs=1)
        await record(pilot, screen)
        _write_tone(fakes.recorder.path, 0.0)  # the header only: the microphone gave nothing
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, QuestionListScreen))
        await until(pilot, lambda: not fakes.recorder.path.exists())
        await pilot.pause(0.05)
        assert not app.screen.query_one("#recovered", Static).display
        assert app.session.pending == []


async def test_leaving_while_transcribing_says_the_answer_is_still_saved(tmp_path: Path) -> None:
    """Escape during the transcription left silently; the answer was saved later, unseen."""
    from voicecoach.ui.questions import QuestionListScreen

    gate = threading.Event()
    app, fakes = make_app(tmp_path, analyse=FakeAnalyse(gate=gate))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(pilot, downs=1)
        await record(pilot, screen)
        await pilot.press("space")
        await until(pilot, lambda: screen.state == "transcribing")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, QuestionListScreen))
        await until(pilot, lambda: any("still" in n.message for n in app._notifications))
        gate.set()
        table = app.screen.query_one("#questions", DataTable)
        await until(pilot, lambda: "72 s" in str(table.get_cell("intro", "last")))
        await until(pilot, lambda: any("saved" in n.message for n in app._notifications))
        assert fakes.store is not None and len(fakes.store.attempts) == 1


async def test_progress_moves_before_the_first_fraction(tmp_path: Path) -> None:
    """Whisper reports progress per segment: a 30 s answer sat at a still "0%" bar for the
    whole transcription. Until the first fraction, the bar is indeterminate (it animates)."""
    gate = threading.Event()
    inner = FakeAnalyse()

    def analyse(path: Path, *args: object) -> object:
        gate.wait(10)
        return inner(path, *args)  # type: ignore[arg-type]

    app, _ = make_app(tmp_path, analyse=analyse)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_question(pilot, downs=1)
        await record(pilot, screen)
        await pilot.press("space")
        bar = screen.query_one("#progress", ProgressBar)
        await until(pilot, lambda: screen.state == "transcribing")
        await pilot.pause(0.1)
        assert bar.display and bar.total is None  # indeterminate: it moves
        gate.set()
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))


def test_a_missed_target_never_reads_as_its_own_bound() -> None:
    """1 long pause in 29.4 s is 2.04/min, over '<= 2 per min', but it showed as '2.0 /min'."""
    from rich.console import Console

    from voicecoach.datatypes import Verdict
    from voicecoach.rendering.report import format_value, render
    from voicecoach.ui.widgets import verdict_table

    over = Verdict("long_pauses_per_min", 2.04, "<= 2 per min", False, "over", "Long pauses")
    short = Verdict("duration_s", 59.6, "60-90 s", False, "under", "Duration")
    fine = Verdict("filler_rate_per_min", 2.0, "<= 2 per min", True, "ok", "Fillers")
    assert format_value(over.metric, over.value, over.status, over.target) == "2.04 per min"
    assert format_value(fine.metric, fine.value, fine.status, fine.target) == "2.0 per min"
    yours = list(verdict_table([over, short, fine]).columns[1]._cells)
    assert yours == ["2.04 /min", "59.6 s", "2.0 /min"]
    analysis = sample_analysis()
    analysis.verdicts = [over, short, fine]
    console = Console(width=100, record=True)
    console.print(render(analysis))
    assert "2.04 per min" in console.export_text()


async def test_help_lists_the_history_and_replay_keys_and_fits_80x24(tmp_path: Path) -> None:
    """c (compare) and the replay keys (space, ← →, n) worked but no help mentioned them."""
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        table = app.screen.query_one("#help-keys", Static).content
        keys = [str(c) for c in table.columns[0]._cells]  # type: ignore[union-attr]
        what = " ".join(str(c) for c in table.columns[1]._cells)  # type: ignore[union-attr]
        assert "c" in keys and "compare" in what
        assert any("←" in k and "→" in k for k in keys) and "seek" in what
        panel = app.screen.query_one("#help")
        assert panel.region.y >= 0 and panel.region.bottom <= 24
        note = app.screen.query_one("#help-note", Static)
        assert note.region.bottom <= panel.region.bottom  # nothing cut off at the bottom
