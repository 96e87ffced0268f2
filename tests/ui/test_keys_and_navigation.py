"""Screen flow found in a real-terminal audit: a mock interview left with escape, a results
screen that did not scroll, `h` while an answer was analysed, escape mid-answer, the key bar,
the voice line, space on the results, home/end on the list and the help in a small terminal
(Pilot, fakes only)."""

from __future__ import annotations

import stat
import threading
from pathlib import Path
from typing import Any

import pytest
from support.ui_fakes import FakeAnalyse, FakeVoice, make_app, sample_analysis, text_of, until
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from voicecoach.questions import load_bank
from voicecoach.rendering.interview_report import InterviewAnswer, write_reports
from voicecoach.ui.footer import KeyFooter
from voicecoach.ui.help import HelpScreen
from voicecoach.ui.practice import PracticeScreen
from voicecoach.ui.questions import QuestionListScreen
from voicecoach.ui.results import ResultsScreen

pytestmark = pytest.mark.anyio


def notices(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


def footer_text(app: Any) -> str:
    return app.screen.query_one(KeyFooter).render().plain


async def answer_here(pilot: Any) -> None:
    """Record on the practice screen shown, stop, and wait for its results."""
    screen = pilot.app.screen
    assert isinstance(screen, PracticeScreen)
    await pilot.press("space")
    await until(pilot, lambda: screen.state == "recording")
    await pilot.press("space")
    await until(pilot, lambda: isinstance(pilot.app.screen, ResultsScreen))


async def open_row(pilot: Any, question_id: str) -> None:
    """From the list, practise ``question_id``."""
    table = pilot.app.screen.query_one("#questions", DataTable)
    table.move_cursor(row=table.get_row_index(question_id))
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, PracticeScreen))


async def start_recording(pilot: Any, question_id: str = "intro") -> Any:
    """From the list, practise ``question_id`` and start recording; the practice screen."""
    await open_row(pilot, question_id)
    practice = pilot.app.screen
    await pilot.press("space")
    await until(pilot, lambda: practice.state == "recording")
    return practice


# --- 1. the mock interview ------------------------------------------------------------------


async def test_escape_ends_the_interview_and_later_answers_are_not_its_own(
    tmp_path: Path,
) -> None:
    """Left with escape after question 1, the interview kept running: practising the last
    question later said "Interview finished" with unrelated answers in its report."""
    app, _ = make_app(tmp_path, speak=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: "ready" in app.model_state)
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        await answer_here(pilot)
        await pilot.press("escape", "y")  # y: end the interview (it asks first, issue 22)
        await until(pilot, lambda: isinstance(app.screen, QuestionListScreen))
        total = len(app.bank.questions)
        await until(pilot, lambda: any("Partial report" in n for n in notices(app)))
        assert any(f"Mock interview ended (1 of {total} answered)" in n for n in notices(app))

        for qid in ("intro", app.bank.questions[-1].id):  # plain practice now
            await open_row(pilot, qid)
            assert not app.screen.query("#interview-progress")
            await answer_here(pilot)
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, QuestionListScreen))
        await pilot.pause(0.3)
        assert not any("Interview finished" in n for n in notices(app))
        reports = sorted((tmp_path / "interviews").glob("interview-*.md"))
        assert len(reports) == 1  # the partial one only
        text = reports[0].read_text(encoding="utf-8")
        assert "the interview ended before this answer" in text
        assert stat.S_IMODE(reports[0].stat().st_mode) == 0o600


async def test_escape_before_any_answer_says_the_interview_ended(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, speak=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        await pilot.press("escape", "y")  # y: end the interview (it asks first, issue 22)
        await until(pilot, lambda: isinstance(app.screen, QuestionListScreen))
        total = len(app.bank.questions)
        await until(pilot, lambda: f"Mock interview ended (0 of {total} answered)." in notices(app))
        assert not (tmp_path / "interviews").exists()


async def test_the_interview_says_which_question_of_how_many(tmp_path: Path) -> None:
    """Only a 6 s notice at the start said it was an interview at all."""
    app, _ = make_app(tmp_path, speak=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: "ready" in app.model_state)
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        total = len(app.bank.questions)
        line = app.screen.query_one("#interview-progress", Static)
        assert text_of(line) == f"Mock interview · question 1 of {total}"
        await answer_here(pilot)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        line = app.screen.query_one("#interview-progress", Static)
        assert text_of(line) == f"Mock interview · question 2 of {total}"


def test_interview_reports_are_readable_by_the_owner_only(tmp_path: Path) -> None:
    """The README says the files are readable by you only; the reports were 0644."""
    question = load_bank().questions[0]
    old = tmp_path / "old.md"
    old.write_text("x", encoding="utf-8")
    old.chmod(0o644)
    for out in (tmp_path / "new" / "report.md", old):
        md, html = write_reports([InterviewAnswer(question, sample_analysis(question.id))], out)
        assert stat.S_IMODE(md.stat().st_mode) == 0o600
        assert stat.S_IMODE(html.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700


# --- 2. the results scroll with the keyboard at once -----------------------------------------


async def test_results_still_scroll_once_the_checked_report_replaces_the_live_one(
    tmp_path: Path,
) -> None:
    """The check redraws the whole report: nothing had the focus after it, and PageDown did
    nothing until Tab (in the real app a check follows every live report)."""
    from test_checked import CheckAnalyse, answer, build, checked_analysis
    from test_checked import text_of as shown

    analyse = CheckAnalyse(checked_analysis())
    app, _store = build(tmp_path, analyse)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer(app, pilot)
        analyse.gate.set()
        await until(pilot, lambda: "Checked" in shown(app.screen, "#checked"))
        await pilot.pause(0.1)
        report = app.screen.query_one("#results", VerticalScroll)
        assert report.max_scroll_y > 0 and report.scroll_y == 0
        await pilot.press("pagedown")
        await until(pilot, lambda: report.scroll_y > 0)
        await pilot.press("end")
        await until(pilot, lambda: report.scroll_y == report.max_scroll_y)
        tips = app.screen.query_one("#tips", Static)
        assert tips.region.bottom <= 24 - 2  # "What to work on", below the fold, in view
        await pilot.press("home")
        await until(pilot, lambda: report.scroll_y == 0)


# --- 3. h and ? while an answer is being analysed --------------------------------------------


async def test_h_while_analysing_waits_and_escape_from_the_results_is_the_list(
    tmp_path: Path,
) -> None:
    """History opened over the answer being analysed; its results then replaced the history,
    and escape led back to a practice screen stuck at "measuring…"."""
    from voicecoach.store import Store

    gate = threading.Event()
    app, _ = make_app(tmp_path, store=Store(tmp_path / "home"), analyse=FakeAnalyse(gate=gate))
    async with app.run_test(size=(100, 40)) as pilot:
        practice = await start_recording(pilot)
        await pilot.press("space")
        await until(pilot, lambda: practice.state == "transcribing")
        await pilot.press("h")
        await until(pilot, lambda: any("being analysed" in n for n in notices(app)))
        assert app.screen is practice
        gate.set()
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, QuestionListScreen))
        assert not any(isinstance(s, PracticeScreen) for s in app.screen_stack)


async def test_results_ready_under_the_help_show_once_it_closes(tmp_path: Path) -> None:
    gate = threading.Event()
    app, _ = make_app(tmp_path, analyse=FakeAnalyse(gate=gate), speak=False)
    async with app.run_test(size=(100, 40)) as pilot:
        practice = await start_recording(pilot)
        await pilot.press("space")
        await until(pilot, lambda: practice.state == "transcribing")
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        gate.set()
        await pilot.pause(0.3)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        assert not any(isinstance(s, PracticeScreen) for s in app.screen_stack)


# --- 4. escape while recording ---------------------------------------------------------------


class SlowClose:
    """A live transcriber whose close waits for the chunk in hand (held by a gate)."""

    def __init__(self, gate: threading.Event) -> None:
        from voicecoach.practice.live import LiveState

        self.state = LiveState()
        self.gate = gate

    def feed(self, block: Any) -> None:
        pass

    def start(self) -> SlowClose:
        return self

    def close(self) -> None:
        self.gate.wait(10)

    def analyse(self, question: Any, config: Any, progress: Any) -> Any:
        return sample_analysis()


async def test_escape_while_recording_offers_the_answer_at_once(tmp_path: Path) -> None:
    """The offer and the notice waited for the live transcriber to close (seconds): the
    speaker landed on the list with no word of the answer."""
    from voicecoach.store import Store

    gate = threading.Event()
    app, fakes = make_app(tmp_path, store=Store(tmp_path / "home"), speak=False)
    app.services.live_factory = lambda transcriber: SlowClose(gate)  # type: ignore[assignment]
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: "ready" in app.model_state)
        await start_recording(pilot)
        fakes.recorder.elapsed_s = 3.0
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, QuestionListScreen))
        line = app.screen.query_one("#recovered", Static)
        await until(pilot, lambda: line.display, timeout=1.0)
        assert "press a" in text_of(line) and "(intro, " in text_of(line)
        assert "Recording stopped and kept — press a to analyse it." in notices(app)
        gate.set()
        await pilot.pause(0.3)
        assert len(app.session.pending) == 1  # the worker's own offer replaced the first, not added


async def test_a_right_after_escape_waits_for_the_file_to_be_closed(tmp_path: Path) -> None:
    """The offer comes before the file is closed: `a` pressed at once must not analyse (nor
    move) a recording still being written; it waits, then the answer is analysed whole."""
    from support.ui_fakes import FakeRecorder
    from test_ui_flow import _write_tone

    from voicecoach.store import Store

    gate = threading.Event()

    class SlowStop(FakeRecorder):
        def stop(self) -> Path:
            gate.wait(10)
            return super().stop()

    store = Store(tmp_path / "home")
    app, fakes = make_app(tmp_path, store=store, speak=False)
    recorders: list[SlowStop] = []

    def factory(path: Path) -> SlowStop:
        recorders.append(SlowStop(path))
        return recorders[-1]

    app.services.recorder_factory = factory  # type: ignore[assignment]
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: "ready" in app.model_state)
        await start_recording(pilot)
        _write_tone(recorders[-1].path, 2.0)
        recorders[-1].elapsed_s = 2.0
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, QuestionListScreen))
        await until(pilot, lambda: app.screen.query_one("#recovered", Static).display, 1.0)
        await pilot.press("a")
        await pilot.pause(0.3)
        assert fakes.analyse.calls == [] and not isinstance(app.screen, ResultsScreen)
        gate.set()
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
    [attempt] = store.list("intro")
    assert attempt.audio_path is not None and attempt.audio_path.exists()


# --- 5. the key bar --------------------------------------------------------------------------


async def test_footer_hides_history_and_replay_while_recording(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, speak=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_row(pilot, "intro")
        assert "History" in footer_text(app)
        practice = app.screen
        await pilot.press("space")
        await until(pilot, lambda: practice.state == "recording")
        await pilot.pause(0.1)
        bar = footer_text(app)
        assert "History" not in bar and "Replay" not in bar and "Record" in bar
        await pilot.press("h")  # still answers, with a word
        await until(pilot, lambda: "Stop the recording first (space)." in notices(app))


@pytest.mark.parametrize("width", [50, 40])
async def test_narrow_footer_keeps_help_and_back(tmp_path: Path, width: int) -> None:
    app, _ = make_app(tmp_path, speak=False)
    async with app.run_test(size=(width, 24)) as pilot:
        await open_row(pilot, "intro")
        await answer_here(pilot)
        await pilot.pause(0.1)
        bar = footer_text(app)
        assert "esc" in bar and "Back" in bar
        assert "?" in bar and "Help" in bar


async def test_replay_without_output_offers_no_play_keys_and_fits(tmp_path: Path) -> None:
    from voicecoach.errors import VoicecoachError
    from voicecoach.store import Store
    from voicecoach.ui.replay import ReplayScreen

    def no_output(path: Path) -> Any:
        raise VoicecoachError("no audio output device: cannot play the answer here")

    store = Store(tmp_path / "home")
    audio = tmp_path / "a.wav"
    audio.write_bytes(b"RIFF")
    attempt = store.save(sample_analysis(), audio, "intro")
    app, _ = make_app(tmp_path, store=store, speak=False)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ReplayScreen(attempt, no_output))
        await until(pilot, lambda: isinstance(app.screen, ReplayScreen))
        await pilot.pause(0.1)
        bar = footer_text(app)
        assert "Pause" not in bar and "-5 s" not in bar and "Back" in bar
        status = text_of(app.screen.query_one("#replay-status", Static))
        assert status.startswith("No audio output") and len(status) <= 78


# --- 6. the voice line while recording ---------------------------------------------------------


async def test_t_while_recording_with_no_voice_does_not_claim_to_read(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, speak=False, voice=FakeVoice())
    async with app.run_test(size=(100, 40)) as pilot:
        practice = await start_recording(pilot)
        await pilot.press("t")
        await pilot.pause(0.2)
        shown = text_of(practice.query_one("#voice-state", Static))
        assert "reading the question aloud" not in shown
        assert shown.startswith("voice on")


# --- 7. space on the results, home/end on the list ---------------------------------------------


async def test_space_on_the_results_records_the_same_question_again(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, speak=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_row(pilot, "intro")
        await answer_here(pilot)
        await pilot.press("space")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        assert app.screen.question.id == "intro"  # type: ignore[attr-defined]


async def test_end_and_home_jump_to_the_last_and_first_question(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, speak=False)
    async with app.run_test(size=(100, 40)) as pilot:
        table = app.screen.query_one("#questions", DataTable)
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == table.row_count - 1
        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0


# --- 8. the help in a small terminal ---------------------------------------------------------


async def test_help_at_50x15_wraps_and_scrolls(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path, speak=False)
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        panel = app.screen.query_one("#help", VerticalScroll)
        assert panel.region.x >= 0 and panel.region.right <= 50
        keys = app.screen.query_one("#help-keys", Static)
        assert keys.region.right <= panel.region.right
        assert panel.max_scroll_y > 0
        await pilot.press("end")
        await until(pilot, lambda: panel.scroll_y == panel.max_scroll_y)
        note = app.screen.query_one("#help-note", Static)
        assert note.region.bottom <= 15


async def test_p_after_a_restart_replays_the_latest_answer_in_history(tmp_path: Path) -> None:
    """`p` on the question list after a restart said "No answer recorded yet in this session."
    beside a history full of answers: it plays the latest one."""
    import numpy as np
    import soundfile as sf

    from voicecoach.store import Store
    from voicecoach.ui.replay import ReplayScreen

    store = Store(tmp_path / "home")
    audio = tmp_path / "a.wav"
    sf.write(audio, np.zeros(16000, dtype=np.float32), 16000)
    older = store.save(sample_analysis(), audio, "intro", created_at="2026-01-01T09:00:00Z")
    sf.write(audio, np.zeros(16000, dtype=np.float32), 16000)  # saving moved the first
    latest = store.save(sample_analysis(), audio, "leader", created_at="2026-01-02T09:00:00Z")
    assert latest.id != older.id
    app, _fakes = make_app(tmp_path, store=store)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QuestionListScreen))
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, ReplayScreen))
        assert app.screen.attempt.id == latest.id  # type: ignore[attr-defined]
        assert not any("No answer" in n for n in notices(app))
