"""The Textual app: glue between the screens and the practice session.

The answer's life (the model, recording, analysing and saving, the check of a live report
against the whole recording, answers kept for later, quitting) is
``voicecoach.practice.session.PracticeSession``, which knows nothing of Textual. The App runs its
blocking calls in ``@work(thread=True)`` workers that post typed messages to the screen that
asked; one handler turns any failed worker into a one-line message in the UI, never a
traceback. Heavy libraries (faster-whisper, sounddevice, piper) are imported only inside those
workers, so the first screen appears at once. Which screen follows which is
``voicecoach.ui.navigation.Navigation``, which the App inherits.
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
)
from voicecoach.questions import Bank, Question
from voicecoach.ui import messages, resume_gc
from voicecoach.ui.navigation import Navigation
from voicecoach.ui.threads import DaemonThreads, end_without_teardown_if_workers_run

if TYPE_CHECKING:
    from voicecoach.audio.markers import PendingRecording
    from voicecoach.datatypes import Analysis
    from voicecoach.practice.checking import AnswerCheck
    from voicecoach.practice.interview import InterviewReport
    from voicecoach.practice.session import DeliveryFollow, LeftRecording
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


class VoiceCoachApp(Navigation):
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
        self.session = PracticeSession(config, bank, services, events, self.model_name)
        self._model_load_started = False
        self._requesters: dict[Worker[Any], Any] = {}
        self._speech_generation = 0  # bumped to cancel a question not yet spoken
        self.interrupted_by: str | None = None  # the signal that ended the app, if any
        self.interrupted_recording: Path | None = None

    @property
    def last_answer(self) -> tuple[Path, Any] | None:
        """The most recent answer this session (audio path, stored attempt or None), for `p`."""
        return self.session.last_answer

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

    # --- start-up -----------------------------------------------------------------------------

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
        if not self.session.answer_in_hand and self.services.store is not None:
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
        """Quit (q on the list, ctrl+q, the palette): a recording in progress is
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
            self.model_state = f"model unavailable: {self.session.model_problem() or message}"
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
        refused = self.session.refusal()
        if refused is not None:  # said before the answer, not after it was recorded
            refuse = getattr(screen, "refuse", None)
            if callable(refuse):
                refuse(refused)
            else:
                self.notify(refused, severity="error", timeout=10)
            return
        self.session.recording_asked()  # the check stops: the live transcription needs the model
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
        if outcome.delivery is not None:  # the report first; how it sounded follows it
            self.call_from_thread(self._measure_delivery, outcome.delivery)
        if not screen.is_attached:  # the speaker went back while it was transcribing
            self.call_from_thread(self._analysed_in_background, question, attempt, save_error)

    @work(thread=True, group="delivery", exit_on_error=False)
    def _measure_delivery(self, follow: DeliveryFollow) -> None:
        try:
            self.session.measure_delivery(follow)  # never raises; quitting cuts it short
        finally:
            self.post_message(messages.DeliveryMeasured(follow))

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

    @work(thread=True, group="record-stop", exit_on_error=False)
    def hold_take(self, recorder: RecorderLike) -> None:
        """A short take waits for keep or discard: the microphone stops now (stopping is safe
        twice: keeping it then finishes the answer as usual)."""
        recorder.stop()

    @work(thread=True, group="record-stop", exit_on_error=False)
    def discard_take(
        self, screen: Screen[Any], recorder: RecorderLike, path: Path, live: LiveLike | None
    ) -> None:
        self.session.discard_take(recorder, path, live)
        screen.post_message(messages.TakeDiscarded())

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
            if outcome.delivery is not None:
                self.call_from_thread(self._measure_delivery, outcome.delivery)

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

    # --- playback, the interview's report, personal targets -----------------------------------

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

    @work(thread=True, group="interview-report", exit_on_error=False)
    def write_interview_report(self, report: InterviewReport) -> None:
        self.call_from_thread(self.say, report.write())

    @work(thread=True, group="personal-targets", exit_on_error=False)
    def find_personal_targets(
        self, screen: ResultsScreen, question_id: str, attempt: Any, analysis: Analysis
    ) -> None:
        try:
            targets = self.session.personal_targets(question_id, attempt, analysis)
        except Exception as exc:  # a nicety: never fail the results screen for it
            self.log.warning(f"personal targets unavailable: {exc}")
            return
        if targets:
            screen.post_message(messages.PersonalTargetsFound(targets, analysis))


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
