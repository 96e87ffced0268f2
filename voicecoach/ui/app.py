"""The Textual app: glue between the screens and the practice session.

The answer's life (the model, recording, analysing and saving, the check of a live report
against the whole recording, answers kept for later, quitting) is
``voicecoach.practice.session.PracticeSession``, which knows nothing of Textual. The App runs its
blocking calls in ``@work(thread=True)`` workers that post typed messages to the screen that
asked; one handler turns any failed worker into a one-line message in the UI, never a
traceback. Heavy libraries (faster-whisper, sounddevice, piper) are imported only inside those
workers, so the first screen appears at once.
"""

from __future__ import annotations

import asyncio
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from voicecoach.config import Config
from voicecoach.errors import describe_error
from voicecoach.practice.services import (
    LiveLike,
    RecorderLike,
    Services,
    default_services,
    load_setup,
)
from voicecoach.practice.session import (
    ANALYSIS_STOPPED,
    PracticeSession,
    SessionEvents,
    analysed_in_background,
)
from voicecoach.questions import Bank, Question
from voicecoach.ui import messages, resume_gc
from voicecoach.ui.threads import DaemonThreads, end_without_teardown_if_workers_run

if TYPE_CHECKING:
    from voicecoach.audio.markers import PendingRecording
    from voicecoach.datatypes import Analysis
    from voicecoach.practice.checking import AnswerCheck
    from voicecoach.practice.session import LeftRecording, RecoveredOutcome
    from voicecoach.store import Attempt
    from voicecoach.ui.practice import PracticeScreen
    from voicecoach.ui.questions import QuestionListScreen
    from voicecoach.ui.results import ResultsScreen

# How long quitting waits for the workers to stop (they stop at their next step: a Whisper
# segment, a chunk); past it the process ends anyway, their threads are daemons.
QUIT_GRACE_S = 5.0
# Workers whose failure is only logged, never alarming (the live report stays; the first
# analysis is slower; the questions are shown as text).
LOGGED_FAILURES = {
    "voice": "cannot read questions aloud",
    "check": "check against the whole recording failed",
    "warm-up": "warm-up failed (the first analysis will be slower)",
}
# What the screens, the CLI and the benchmark import from here (some defined in the core).
__all__ = ["RecorderLike", "Services", "VoiceCoachApp", "build_app", "run"]


class VoiceCoachApp(App[int]):
    """Practise spoken answers: pick a question, answer out loud, read the feedback."""

    CSS_PATH = "voicecoach.tcss"
    TITLE = "voicecoach"
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("t", "toggle_voice", "Voice"),
        Binding("h", "history", "History"),
        Binding("p", "replay_last", "Replay"),
    ]

    model_state: reactive[str] = reactive("model: loading…")
    handle_signals = False  # `run` sets it: SIGTERM/SIGINT/SIGHUP then close a recording first
    voice_on: reactive[bool] = reactive(True)
    voice_available: reactive[bool | None] = reactive(None)

    def __init__(
        self,
        config: Config,
        bank: Bank,
        services: Services,
        notices: list[str] | tuple[str, ...] = (),
        model_name: str | None = None,
    ) -> None:
        super().__init__()
        self.config = config
        self.bank = bank
        self.services = services
        self.notices = [n for n in notices if n]
        self.model_name = model_name or config.model
        self.voice_on = bool(config.speak_questions)
        events = SessionEvents(
            notify=lambda text, timeout: self._on_ui(self.notify, text, timeout=timeout),
            offer_changed=lambda: self._on_ui(self._show_offer),
        )
        self.session = PracticeSession(config, bank, services, events)
        self._model_load_started = False
        self._requesters: dict[Worker[Any], Any] = {}
        self._speech_generation = 0  # bumped to cancel a question not yet spoken
        self.interrupted_by: str | None = None  # the signal that ended the app, if any
        self.interrupted_recording: Path | None = None
        # The mock interview in progress (``voicecoach.ui.interview.InterviewSession``), if any.
        self.interview_session: Any = None

    @property
    def last_answer(self) -> tuple[Path, Any] | None:
        """The most recent answer this session (audio path, stored attempt or None), for `p`."""
        return self.session.last_answer

    @last_answer.setter
    def last_answer(self, answer: tuple[Path, Any] | None) -> None:
        self.session.last_answer = answer

    @property
    def check(self) -> AnswerCheck | None:
        """The check of the last live report (its results screen shows its line)."""
        return self.session.check

    # --- what the session says, on the UI thread ----------------------------------------------

    def _on_ui(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """From a worker: run it on the UI thread and wait. From the UI thread: after the
        current handler (leaving a recording: on the list, not on the screen being left)."""
        if threading.get_ident() == self._thread_id:
            self.call_later(callback, *args, **kwargs)
        else:
            self.call_from_thread(callback, *args, **kwargs)

    def _show_offer(self) -> None:
        """The oldest answer kept, offered on the question list with `a` (or no offer)."""
        from voicecoach.ui.questions import QuestionListScreen

        line, short = self.session.offer()
        for screen in self.screen_stack:
            if isinstance(screen, QuestionListScreen):
                screen.post_message(messages.RecoveredOffer(line, short))

    # --- start-up -----------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        """The question list is the app's base screen: pushing it over Textual's blank default
        screen cost a second screen's set-up and paint at each start (about 0.07 s)."""
        from voicecoach.ui.questions import QuestionListScreen

        return QuestionListScreen(self.bank.questions, self.notices)

    def on_load(self) -> None:
        """Before any worker: thread workers run in daemon threads that the loop's shutdown
        waits for a bounded time (``DaemonThreads``): quitting never waits on a worker stuck
        in C code (a model load, a Whisper window, a device that does not answer)."""
        asyncio.get_running_loop().set_default_executor(DaemonThreads(QUIT_GRACE_S))

    def on_mount(self) -> None:
        self.model_state = f"model {self.model_name}: loading…"
        self.call_after_refresh(self._after_first_paint)
        # The callback above runs when the screen then current goes idle: a question opened
        # before that covered the list, which then never went idle, and the model never
        # loaded (an answer waited for it for ever). A timer of the App's own runs anyway.
        self.set_timer(1.0, self._after_first_paint)
        if self.handle_signals:
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
                loop.add_signal_handler(signum, self._on_signal, signum)
        store = self.services.store
        if store is not None:
            if store.recovered_message:
                self.notify(store.recovered_message, title="Recovered", timeout=10)
            self._check_pending()

    def _after_first_paint(self) -> None:
        """The list is on screen: only now resume the garbage collector (paused for start-up by
        ``voicecoach.cli.import_ui``) and load the model (importing faster-whisper holds the GIL
        for about half a second)."""
        resume_gc()
        self._start_model_load()

    def _start_model_load(self) -> None:
        """Start loading the model, once (after the first paint, or at the first need)."""
        if not self._model_load_started:
            self._model_load_started = True
            self.load_model()

    @work(thread=True, group="model", exit_on_error=False)
    def load_model(self) -> None:
        """Build and load the transcriber; recording may begin before this finishes."""
        self.post_message(messages.ModelReady(self.session.load_model() or self.model_name))

    def on_model_ready(self, message: messages.ModelReady) -> None:
        self.model_state = f"model {message.name}: ready"
        if self.services.warm_up is not None:
            self._warm_up()
        idle = getattr(self.screen, "state", None) not in ("starting", "recording", "transcribing")
        if idle and self.services.store is not None:
            self._check_kept(self.session.begin_kept_check())

    @work(thread=True, group="warm-up", exit_on_error=False)
    def _warm_up(self) -> None:
        assert self.services.warm_up is not None
        self.services.warm_up()

    @work(thread=True, group="check", exit_on_error=False)
    def _check_kept(self, stop: threading.Event) -> None:
        self.session.check_kept(stop)

    @work(thread=True, group="store", exit_on_error=False)
    def _check_pending(self) -> None:
        self.session.find_pending()

    # --- quitting -----------------------------------------------------------------------------

    def _on_signal(self, signum: int) -> None:
        """Killed politely: close a recording in progress so its WAV is complete (its marker
        stays, so the next start offers it), then leave the terminal as it was."""
        self.interrupted_by = signal.Signals(signum).name
        self._close_recordings()
        self.exit(return_code=128 + signum)

    async def action_quit(self) -> None:
        """Quit (q or escape on the list, ctrl+q, the palette): a recording in progress is
        closed and kept first. Left open, the microphone ended under it at exit and its "was it
        unplugged?" warning was the last line the user saw. An answer still being analysed
        stops where it is and is kept: waiting for it left a blank terminal for up to a
        minute (and for ever when the model never loaded), so say where it went."""
        self._close_recordings()
        self.exit(message=Text(ANALYSIS_STOPPED) if self.session.analysing else None)

    def exit(self, result: int | None = None, return_code: int = 0, message: Any = None) -> None:
        """Every way out: the workers stop at their next step (an answer being analysed, the
        check), none is waited for beyond ``QUIT_GRACE_S``."""
        self.session.quit()
        super().exit(result, return_code, message)

    def _close_recordings(self) -> None:
        closed = self.session.close_recordings()
        if closed is not None:
            self.interrupted_recording = closed

    # --- one handler for every failed worker --------------------------------------------------

    def track(self, worker: Worker[Any], requester: Any) -> Worker[Any]:
        """Remember which screen asked, so a failure is shown there."""
        self._requesters[worker] = requester
        return worker

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if event.state in (WorkerState.SUCCESS, WorkerState.CANCELLED):
            self._requesters.pop(worker, None)
            return
        if event.state != WorkerState.ERROR:
            return
        message = describe_error(worker.error)
        requester = self._requesters.pop(worker, None)
        if worker.group == "model":
            self.model_state = f"model unavailable: {message}"
            return
        if worker.group == "voice":
            self.voice_available = False  # the practice screen then says "text only"
        if worker.group in LOGGED_FAILURES:
            self.log.warning(f"{LOGGED_FAILURES[worker.group]}: {message}")
            return
        handler = getattr(requester, "worker_failed", None)
        if requester is not None and requester.is_attached and callable(handler):
            handler(worker.group, message)
        else:
            self.notify(message, title="voicecoach", severity="error", timeout=8)

    # --- voice --------------------------------------------------------------------------------

    def read_aloud(self, text: str) -> None:
        """Read a question aloud when the voice is on and the machine has an audio output."""
        if self.voice_on:
            self._speak(text, self._speech_generation)

    @work(thread=True, group="voice", exclusive=True, exit_on_error=False)
    def _speak(self, text: str, generation: int) -> None:
        available = self.voice_available
        if available is None:
            available = bool(self.services.voice.available())  # may take a moment (piper)
            self.post_message(messages.VoiceStatus(available))
        # Not if recording started meanwhile: the microphone would hear the question.
        if available and self.voice_on and generation == self._speech_generation:
            self.services.voice.speak(text)

    def on_voice_status(self, message: messages.VoiceStatus) -> None:
        self.voice_available = message.available

    def action_toggle_voice(self) -> None:
        self.voice_on = not self.voice_on
        if not self.voice_on:
            self._stop_voice()
        else:
            question = getattr(self.screen, "question", None)
            idle = getattr(self.screen, "state", None) in ("ready", "failed")
            if isinstance(question, Question) and getattr(self.screen, "speaks", False) and idle:
                self.read_aloud(question.prompt)  # never while recording: it would be heard
        self.notify(
            "Reading questions aloud" if self.voice_on else "Voice off: text only", timeout=2
        )

    @work(thread=True, group="voice-stop", exit_on_error=False)
    def _stop_voice(self) -> None:
        self.services.voice.stop()

    def stop_voice(self) -> None:
        """Stop reading aloud (the speaker has started answering), including a pending start."""
        self._speech_generation += 1
        if self.voice_available is not False:
            self._stop_voice()

    # --- recording and analysis ---------------------------------------------------------------

    def begin_recording(self, screen: Screen[Any], question: Question) -> None:
        self.session.cancel_check()  # the new answer's live transcription needs the model now
        self._start_model_load()
        self.track(self._start_recording(screen, question), screen)

    @work(thread=True, group="record", exit_on_error=False)
    def _start_recording(self, screen: Screen[Any], question: Question) -> None:
        started = self.session.start_recording(question)
        screen.post_message(messages.RecordingStarted(started.recorder, started.path, started.live))

    def finish_answer(
        self,
        screen: Screen[Any],
        recorder: RecorderLike,
        path: Path,
        question: Question,
        live: LiveLike | None = None,
    ) -> None:
        self.session.stopping(recorder)
        self.track(self._analyse_answer(screen, recorder, path, question, live), screen)

    @work(thread=True, group="analyse", exit_on_error=False)
    def _analyse_answer(
        self,
        screen: Screen[Any],
        recorder: RecorderLike,
        path: Path,
        question: Question,
        live: LiveLike | None = None,
    ) -> None:
        outcome = self.session.finish_answer(
            recorder,
            path,
            question,
            live,
            lambda audio, waiting: screen.post_message(messages.Transcribing(audio, waiting)),
            lambda fraction: screen.post_message(messages.TranscribeProgress(fraction)),
        )
        if outcome is None:  # the app quits: kept, and offered at the next start
            return
        attempt, save_error = outcome.attempt, outcome.save_error
        screen.post_message(
            messages.AnalysisReady(outcome.analysis, outcome.audio_path, attempt, save_error)
        )
        if outcome.check is not None:
            self.post_message(
                messages.CheckRequested(outcome.check, outcome.audio_path, question, attempt)
            )
        if not screen.is_attached:  # the speaker went back while it was transcribing
            self.call_from_thread(self._analysed_in_background, question, attempt, save_error)

    def _analysed_in_background(self, question: Question, attempt: Any, save_error: str) -> None:
        """Say that the answer left mid-transcription is done, and show it in the list."""
        from voicecoach.ui.questions import QuestionListScreen

        self.notify(analysed_in_background(question, attempt, save_error), timeout=6)
        for screen in self.screen_stack:
            if isinstance(screen, QuestionListScreen):
                screen.post_message(messages.LastResultsStale())

    def on_check_requested(self, message: messages.CheckRequested) -> None:
        self._check_answer(message.check, message.path, message.question, message.attempt)

    @work(thread=True, group="check", exit_on_error=False)
    def _check_answer(
        self, check: AnswerCheck, path: Path, question: Question, attempt: Any
    ) -> None:
        """Never counted as an answer being analysed: quitting, recording or replaying stops it."""
        worker = get_current_worker()
        try:
            self.session.check_answer(check, path, question, attempt, lambda: worker.is_cancelled)
        finally:  # whatever happened, the "checking…" line does not stay
            self.post_message(messages.AnalysisChecked(check))

    def on_analysis_checked(self, message: messages.AnalysisChecked) -> None:
        """Show the checked report where the live one is still on screen, and follow it
        everywhere the live one was kept this session (`p`, a mock interview, the list)."""
        from voicecoach.ui.interview import session_of
        from voicecoach.ui.questions import QuestionListScreen
        from voicecoach.ui.results import ResultsScreen

        check = message.check
        self.session.follow_check(check)
        if check.checked is not None:
            session = session_of(self)
            if session is not None:
                for qid, kept in list(session.answers.items()):
                    if kept is check.live:
                        session.answers[qid] = check.checked
        for screen in self.screen_stack:
            if isinstance(screen, ResultsScreen):
                screen.post_message(messages.CheckUpdated(check))
            elif isinstance(screen, QuestionListScreen) and check.checked is not None:
                screen.post_message(messages.LastResultsStale())

    def leave_recording(
        self,
        recorder: RecorderLike,
        live: LiveLike | None = None,
        path: Path | None = None,
        question_id: str | None = None,
    ) -> None:
        """Leaving mid-answer (escape, q): offered on the list at once, closed in a worker."""
        left = self.session.leave_recording(recorder, path, question_id)
        self._close_left(recorder, live, left)

    @work(thread=True, group="record-stop", exit_on_error=False)
    def _close_left(
        self, recorder: RecorderLike, live: LiveLike | None, left: LeftRecording
    ) -> None:
        self.session.close_left(recorder, live, left)

    # --- answers kept for later ---------------------------------------------------------------

    def analyse_recovered(self, screen: Screen[Any]) -> None:
        """`a` on the list: repair, analyse and save the oldest recovered recording."""
        pending = self.session.take_recovered()
        if pending is None:
            self.notify("No answer waiting to be analysed.", timeout=3)
            return
        self._start_model_load()
        self.notify(f"Analysing the kept answer {Path(pending.path).name}…", timeout=4)
        self.track(self._analyse_recovered(pending), screen)

    @work(thread=True, group="recover", exit_on_error=False)
    def _analyse_recovered(self, pending: PendingRecording) -> None:
        outcome = self.session.analyse_recovered(pending)
        if outcome is not None:
            self.call_from_thread(self._show_recovered, outcome)

    def _show_recovered(self, done: RecoveredOutcome) -> None:
        shown = (done.question, done.analysis, done.audio_path, done.attempt, done.save_error)
        self.show_results(*shown, done.notice, replacing=False)

    # --- history -----------------------------------------------------------------------------

    def load_last_results(self, screen: Screen[Any], question_ids: list[str]) -> None:
        """Fill the list's "last result" column from the store, off the UI thread."""
        if self.services.store is not None:
            self.track(self._load_last_results(screen, question_ids), screen)

    @work(thread=True, group="store", exclusive=True, exit_on_error=False)
    def _load_last_results(self, screen: Screen[Any], question_ids: list[str]) -> None:
        from voicecoach.ui.questions import summarise_attempt

        newest = self.session.latest_attempts(question_ids)  # one query, one report each
        screen.post_message(
            messages.LastResults({q: summarise_attempt(a) for q, a in newest.items()})
        )

    # --- playback, history, help --------------------------------------------------------------

    def replay(self, audio_path: Path, attempt: Any = None) -> None:
        """`p`: the history's replay screen when it exists, else play the file directly."""
        self.session.cancel_check()  # replaying never waits for it (nor shares the CPU with it)
        if attempt is None:
            self._toggle_playback(audio_path)
            return
        from voicecoach.ui.replay import ReplayScreen

        factory = self.services.player_factory
        find = self.bank.get
        self.push_screen(
            ReplayScreen(attempt, factory, find_question=find)
            if factory is not None
            else ReplayScreen(attempt, find_question=find)
        )

    def _busy_answering(self, key: str) -> bool:
        """`h` and `p` wait while an answer is recorded or analysed (with a one-line notice):
        the history opened over an answer being analysed was replaced by its results, and
        escape from those led back to a practice screen stuck at "measuring…"."""
        state = getattr(self.screen, "state", None)
        if state in ("starting", "recording"):
            self.notify("Stop the recording first (space).", timeout=3)
        elif state == "transcribing":
            self.notify(
                f"Your answer is being analysed: press {key} once its results show.", timeout=3
            )
        else:
            return False
        return True

    def action_replay_last(self) -> None:
        """`p` anywhere: the last answer recorded in this session, else the latest in history
        (after a restart `p` said "no answer recorded yet" beside a history full of them)."""
        if self._busy_answering("p"):
            return
        if self.last_answer is not None:
            self.replay(*self.last_answer)
        elif self.services.store is not None:
            self._replay_latest()
        else:
            self.notify("No answer recorded yet.", timeout=3)

    @work(thread=True, group="replay-latest", exclusive=True, exit_on_error=False)
    def _replay_latest(self) -> None:
        """The history's latest attempt with its audio, read off the UI thread."""
        found = self.session.latest_answer()
        if found is None:
            self.call_from_thread(self.notify, "No answer recorded yet.", timeout=3)
        else:
            self.call_from_thread(self.replay, *found)

    @work(thread=True, group="playback", exclusive=True, exit_on_error=False)
    def _toggle_playback(self, audio_path: Path) -> None:
        self.session.toggle_playback(audio_path)

    def stop_playback(self) -> None:
        player = self.session.release_player()
        if player is not None:
            self.run_worker(player.stop, thread=True, group="playback-stop", exit_on_error=False)

    def _open_history(self) -> Screen[Any] | None:
        """The history screen already on the stack, if any (its module is loaded only once
        one was opened, so the start-up path does not import it)."""
        history = sys.modules.get("voicecoach.ui.history")
        if history is None:
            return None
        return next((s for s in self.screen_stack if isinstance(s, history.HistoryScreen)), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`h` is hidden on the history itself (it would open a second copy)."""
        if action == "history" and self.screen is self._open_history():
            return False
        return True

    def action_history(self) -> None:
        if self._busy_answering("h"):
            return
        opened = self._open_history()
        if opened is not None:  # from a replay or comparison opened there: back to it
            while self.screen is not opened:
                self.pop_screen()
            return
        store = self.services.store
        if store is None and self.services.store_error:
            # Not "not available in this install": the database is there but cannot be used.
            self.notify(
                f"History is not available: {self.services.store_error}",
                severity="warning",
                timeout=10,
            )
            return
        if store is None:
            self.notify(
                "History is not available yet: no attempts store in this install.", timeout=4
            )
            return
        from voicecoach.ui.history import HistoryScreen

        targets = {q.id: (q.target_min_s, q.target_max_s) for q in self.bank.questions}
        factory = self.services.player_factory
        find = self.bank.get
        self.push_screen(
            HistoryScreen(store, targets, factory, find_question=find)
            if factory
            else HistoryScreen(store, targets, find_question=find)
        )

    def end_interview(self) -> None:
        """Back on the question list: a mock interview left before its last answer ends here
        and says so. Left running, it took later practice answers for its own and wrote an
        "Interview finished" report of unrelated answers. The answers given stay in history;
        with at least one, a partial report is written (the rest marked not answered)."""
        if self.interview_session is None:
            return  # the usual case, on every return to the list: nothing to import for it
        from voicecoach.ui.interview import report_dir, session_of

        session = session_of(self)
        self.interview_session = None
        if session is None or session.finished:
            return
        answered, total = len(session.answers), len(session.questions)
        ended = f"Mock interview ended ({answered} of {total} answered)"
        if not answered:
            self.notify(f"{ended}.", timeout=8)
            return
        directory = report_dir(self)
        limit = self.config.max_fillers_per_min

        def write() -> None:
            try:
                md_path, _html = session.write_report(directory, limit, partial=True)
            except OSError as exc:
                message = f"{ended}; the partial report could not be written: "
                message += str(exc.strerror or exc)
                self.call_from_thread(self.notify, message, severity="error", timeout=10)
                return
            message = f"{ended}. Partial report: {md_path}"
            self.call_from_thread(self.notify, message, timeout=10)

        self.run_worker(write, thread=True, group="interview-report", exit_on_error=False)

    def action_help(self) -> None:
        from voicecoach.ui.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def next_question(self, question: Question) -> Question:
        """The question after this one in the bank, wrapping round."""
        questions = self.bank.questions
        ids = [q.id for q in questions]
        index = ids.index(question.id) if question.id in ids else -1
        return questions[(index + 1) % len(questions)]

    # --- the screens' requests, and which screen follows which --------------------------------
    # Screens never import this module: they get their data through their constructors (made
    # here) and post the messages nested on their classes, handled here by name
    # (``on_practice_screen_record_requested`` handles ``PracticeScreen.RecordRequested``; an
    # ``@on(...)`` would import every screen before the first paint). The order of screens is
    # decided here alone: list -> practice -> results -> practice again (r) or the next (n);
    # the history (h), a replay (p) and the help (?) over any of them; escape goes back.
    # A request from a screen no longer shown (a key pressed just before another screen
    # opened) is dropped: following it would replace that other screen.

    def practice_screen(self, question: Question) -> PracticeScreen:
        """A practice screen for ``question``, told what it shows: the pace band of the live
        cues, whether answers are saved to the history, its place in a mock interview."""
        from voicecoach.ui.practice import PracticeScreen

        position = None
        if self.interview_session is not None:
            from voicecoach.ui.interview import session_of

            session = session_of(self)
            position = session.position(question) if session is not None else None
        return PracticeScreen(
            question,
            pace=(self.config.pace_min_wpm, self.config.pace_max_wpm),
            history_open=self.services.store is not None,
            interview_position=position,
        )

    def show_results(
        self,
        question: Question,
        analysis: Analysis,
        audio_path: Path,
        attempt: Attempt | None,
        save_error: str,
        notice: str,
        *,
        replacing: bool,
    ) -> None:
        """The results of an answer, in place of its practice screen (``replacing``) or over
        the list (a kept answer analysed with `a`), with the check of its live report."""
        from voicecoach.ui.results import ResultsScreen

        screen = ResultsScreen(
            question, analysis, audio_path, attempt, save_error, notice, check=self.check
        )
        if replacing:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def on_question_list_screen_shown(self, message: QuestionListScreen.Shown) -> None:
        self.end_interview()

    def on_question_list_screen_last_results_wanted(
        self, message: QuestionListScreen.LastResultsWanted
    ) -> None:
        self.load_last_results(message.screen, message.question_ids)

    def on_question_list_screen_question_chosen(
        self, message: QuestionListScreen.QuestionChosen
    ) -> None:
        if self.screen is message.screen:
            self.push_screen(self.practice_screen(message.question))

    def on_question_list_screen_interview_requested(
        self, message: QuestionListScreen.InterviewRequested
    ) -> None:
        from voicecoach.ui.interview import InterviewSession

        questions = message.questions
        if self.screen is not message.screen or not questions:
            return
        self.interview_session = InterviewSession(list(questions))
        self.notify(
            f"Mock interview: {len(questions)} questions in order. After each answer press "
            "n for the next; the report is written after the last.",
            timeout=6,
        )
        self.push_screen(self.practice_screen(questions[0]))

    def on_question_list_screen_analyse_recovered_requested(
        self, message: QuestionListScreen.AnalyseRecoveredRequested
    ) -> None:
        self.analyse_recovered(message.screen)

    def on_practice_screen_read_aloud_requested(
        self, message: PracticeScreen.ReadAloudRequested
    ) -> None:
        self.read_aloud(message.text)

    def on_practice_screen_record_requested(self, message: PracticeScreen.RecordRequested) -> None:
        self.stop_voice()
        self.stop_playback()
        self.begin_recording(message.screen, message.question)

    def on_practice_screen_stop_requested(self, message: PracticeScreen.StopRequested) -> None:
        self.finish_answer(
            message.screen, message.recorder, message.path, message.question, message.live
        )

    def on_practice_screen_recording_left(self, message: PracticeScreen.RecordingLeft) -> None:
        self.leave_recording(message.recorder, message.live, message.path, message.question_id)

    def on_practice_screen_closed(self, message: PracticeScreen.Closed) -> None:
        self.stop_voice()

    def on_practice_screen_answer_kept(self, message: PracticeScreen.AnswerKept) -> None:
        self.last_answer = (message.path, None)

    def on_practice_screen_analysed(self, message: PracticeScreen.Analysed) -> None:
        """The results in place of the practice screen; covered meanwhile (help), it gets
        them back and asks again once shown; left meanwhile, the answer is announced."""
        screen = message.screen
        if self.screen is not screen:
            if screen.is_attached:
                ready = messages.AnalysisReady(
                    message.analysis, message.audio_path, message.attempt, message.save_error
                )
                screen.post_message(ready)
            else:
                self._analysed_in_background(message.question, message.attempt, message.save_error)
            return
        self.show_results(
            message.question,
            message.analysis,
            message.audio_path,
            message.attempt,
            message.save_error,
            message.notice,
            replacing=True,
        )

    def on_results_screen_opened(self, message: ResultsScreen.Opened) -> None:
        """In a mock interview (`i`), keep this answer; after the last, write the report."""
        if self.interview_session is None:
            return
        from voicecoach.ui.interview import report_dir, session_of

        session = session_of(self)
        if session is None or not session.covers(message.question):
            return
        if not session.record(message.question, message.analysis):
            return
        directory = report_dir(self)
        limit = self.config.max_fillers_per_min

        def write() -> None:
            try:
                md_path, html_path = session.write_report(directory, limit)
            except OSError as exc:
                text = f"Could not write the interview report: {exc.strerror or exc}"
                self.call_from_thread(self.notify, text, severity="error", timeout=8)
                return
            text = f"Interview finished. Report: {md_path} (and {html_path.name})"
            self.call_from_thread(self.notify, text, timeout=10)

        self.run_worker(write, thread=True, group="interview-report", exit_on_error=False)

    def on_results_screen_targets_wanted(self, message: ResultsScreen.TargetsWanted) -> None:
        """The personal targets, found from the history off the UI thread."""
        store = self.services.store
        if store is None:
            return
        from voicecoach.ui.results import find_personal_targets

        screen, analysis = message.screen, message.analysis

        def find() -> None:
            try:
                targets = find_personal_targets(
                    store, message.question_id, message.attempt, analysis, self.config
                )
            except Exception as exc:  # a nicety: never fail the results screen for it
                self.log.warning(f"personal targets unavailable: {exc}")
                return
            if targets:
                screen.post_message(messages.PersonalTargetsFound(targets, analysis))

        self.run_worker(find, thread=True, group="personal-targets", exit_on_error=False)

    def on_results_screen_retry_requested(self, message: ResultsScreen.RetryRequested) -> None:
        if self.screen is message.screen:
            self.stop_playback()
            self.switch_screen(self.practice_screen(message.question))

    def on_results_screen_next_requested(self, message: ResultsScreen.NextRequested) -> None:
        if self.screen is message.screen:
            self.stop_playback()
            self.switch_screen(self.practice_screen(self.next_question(message.question)))

    def on_results_screen_replay_requested(self, message: ResultsScreen.ReplayRequested) -> None:
        self.replay(message.audio_path, message.attempt)

    def on_results_screen_closed(self, message: ResultsScreen.Closed) -> None:
        self.stop_playback()


# --- wiring for the real thing ----------------------------------------------------------------


def build_app(args: Any) -> VoiceCoachApp:
    """Config, bank and real services (``voicecoach.practice.services``), in the App."""
    setup = load_setup(args)
    services = default_services(setup.config, setup.model, setup.device, setup.notices)
    return VoiceCoachApp(
        setup.config, setup.bank, services, notices=setup.notices, model_name=setup.model
    )


def run(args: Any) -> int:
    """Entry point for `voicecoach` with no subcommand."""
    app = build_app(args)
    app.handle_signals = True
    app.run()
    said = app.session.exit_note(app.interrupted_by, app.interrupted_recording)
    if said:
        print(said, file=sys.stderr)
    code = int(app.return_code or 0)
    end_without_teardown_if_workers_run(code)
    return code
