"""The Textual app: question list -> practice -> results, with every dependency injected.

A report made live (while the answer was spoken) is shown at once and kept unchecked, then
checked in a background worker against a batch transcription of the whole recording; what
history keeps of it is decided in ``voicecoach.practice.checking`` (unchecked attempts left
by a stopped check are checked at the next start).

Blocking work (loading the model, opening the microphone, transcribing, saving, playing) runs in
``@work(thread=True)`` workers on the App that post typed messages to the screen that asked; one
handler turns any failed worker into a one-line message in the UI, never a traceback. Heavy
libraries (faster-whisper, sounddevice, piper) are imported only inside those workers, so the first
screen appears at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import importlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from rich.text import Text
from textual import work
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from voicecoach.config import Config
from voicecoach.errors import VoicecoachError
from voicecoach.questions import Bank, Question
from voicecoach.ui import resume_gc
from voicecoach.ui.formatting import describe_time
from voicecoach.ui.messages import (
    AnalysisChecked,
    AnalysisReady,
    CheckRequested,
    CheckUpdated,
    LastResults,
    LastResultsStale,
    ModelReady,
    PersonalTargetsFound,
    RecordingStarted,
    RecoveredOffer,
    TranscribeProgress,
    Transcribing,
    VoiceStatus,
)
from voicecoach.ui.threads import DaemonThreads

if TYPE_CHECKING:
    # Not imported at start-up: its dataclasses cost about 0.04 G instructions to create, and
    # the first screen needs none of them (the store's worker imports it for a past result).
    from voicecoach.datatypes import Analysis
    from voicecoach.practice.checking import AnswerCheck
    from voicecoach.store import Attempt
    from voicecoach.ui.practice import PracticeScreen
    from voicecoach.ui.questions import QuestionListScreen
    from voicecoach.ui.results import ResultsScreen

ProgressFn = Callable[[float], None]
AnalyseFn = Callable[[Path, Any, "Question | None", Config, ProgressFn], "Analysis"]


# What happens to an answer recorded while the history's database cannot be opened.
UNSAVED_KEPT = "the recording is kept and offered at the next start, once the history opens"
# ... and to one analysed then: its report is shown, the next start offers to add it.
HISTORY_CLOSED = "history could not be opened: the next start offers to add it to your history"


ANALYSIS_STOPPED = (
    "voicecoach: the answer being analysed is kept and offered at the next start "
    "(press a on the question list to analyse it)"
)
# How long an answer waits for the speech model to finish loading (tiny.en loads in about a
# second; base in a few on a busy machine): past it the answer fails with a line and is kept.
MODEL_WAIT_S = 120.0
# How long quitting waits for the workers to stop (they stop at their next step: a Whisper
# segment, a chunk); past it the process ends anyway, their threads are daemons.
QUIT_GRACE_S = 5.0
# At the very end, a recorder still writing its last blocks gets this long (its own stop's limit).
WRITER_FINISH_S = 15.0
MODEL_TIMED_OUT = (
    "the speech model did not finish loading within {s:.0f} s; restart voicecoach "
    "(the answer is offered again at the start)"
)


class _Quitting(Exception):
    """Raised in a worker once the app quits: the answer in hand stops where it is; its
    recording is complete on disk and its marker stays, so the next start offers it."""


def counted_analysis(method: Callable[..., None]) -> Callable[..., None]:
    """A worker that counts as an answer being analysed while it runs (quitting waits for it
    and says why): one wrapper instead of a counted twin of each worker."""

    @functools.wraps(method)
    def run(app: VoiceCoachApp, *args: Any, **kwargs: Any) -> None:
        with app._analysis_running():
            method(app, *args, **kwargs)

    return run


class RecorderLike(Protocol):
    """What the practice screen needs from ``voicecoach.audio.capture.Recorder``."""

    level: float
    elapsed_s: float
    recording: bool
    error: str | None

    def start(self) -> None: ...
    def stop(self) -> Path: ...


class LiveLike(Protocol):
    """What the app needs from ``voicecoach.practice.live.LiveTranscriber`` (fed by the
    recorder)."""

    def feed(self, block: Any) -> None: ...
    def start(self) -> Any: ...
    def close(self) -> None: ...
    def analyse(
        self, question: Question | None, config: Config, progress: ProgressFn
    ) -> Analysis: ...


class VoiceLike(Protocol):
    """What the app needs from ``voicecoach.audio.question_voice.QuestionVoice``."""

    def available(self) -> bool: ...
    def speak(self, text: str) -> None: ...
    def stop(self) -> None: ...


class NullVoice:
    """No text-to-speech on this install: questions are shown as text only."""

    def available(self) -> bool:
        return False

    def speak(self, text: str) -> None:
        """Nothing to say with."""

    def stop(self) -> None:
        """Nothing to stop."""


class LazyVoice:
    """``voicecoach.audio.question_voice.QuestionVoice``, built on first use in a worker (piper
    is heavy)."""

    def __init__(self) -> None:
        self._voice: VoiceLike | None = None

    def _get(self) -> VoiceLike:
        if self._voice is None:
            try:
                from voicecoach.audio.question_voice import QuestionVoice
            except ModuleNotFoundError as exc:
                if not (exc.name or "").startswith("voicecoach"):
                    raise
                self._voice = NullVoice()
            else:
                self._voice = QuestionVoice()
        return self._voice

    def available(self) -> bool:
        return bool(self._get().available())

    def speak(self, text: str) -> None:
        self._get().speak(text)

    def stop(self) -> None:
        if self._voice is not None:
            self._voice.stop()


def describe_error(exc: BaseException | None) -> str:
    """One line a user can act on, whatever failed."""
    if exc is None:
        return "something failed without an error message"
    if isinstance(exc, VoicecoachError):
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if isinstance(exc, ModuleNotFoundError) and (exc.name or "").startswith("voicecoach"):
        return f"this part of voicecoach is not installed yet ({exc.name})"
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def default_analyse(
    path: Path, transcriber: Any, question: Question | None, config: Config, progress: ProgressFn
) -> Analysis:
    """The real pipeline, imported in the worker (it pulls in numpy and the analysis)."""
    from voicecoach.practice.pipeline import analyze_file

    return analyze_file(path, transcriber, question, config, progress)


def default_warm_up() -> None:
    """Load the analysis's heavy parts (the VAD model: about a second on first use) before the
    first answer ends, so its feedback is not late. Best effort: a failure here only costs time."""
    import numpy as np

    from voicecoach.analysis import analyze
    from voicecoach.datatypes import Transcript

    noise = (np.random.default_rng(0).standard_normal(16_000) * 0.05).astype(np.float32)
    analyze(noise, Transcript([], "warm-up"))
    try:
        from voicecoach.analysis.acoustic import stretch_features
    except ImportError:
        return
    stretch_features(noise, 0.1, 0.9)


@dataclass
class Services:
    """Everything the App talks to outside the UI; tests pass fakes for each."""

    transcriber_factory: Callable[[], Any]
    recorder_factory: Callable[[Path], RecorderLike]
    voice: VoiceLike
    store: Any = None
    analyse: AnalyseFn = default_analyse
    player_factory: Callable[[Path], Any] | None = None
    recordings_dir: Path | None = None
    warm_up: Callable[[], None] | None = None
    # Builds a transcriber that works while the answer is recorded (from the loaded model), so
    # the report is ready at the stop; None: transcribe after the stop (``analyse``).
    live_factory: Callable[[Any], LiveLike] | None = None
    # Why there is no store, when it could not be opened (for `h`): one line.
    store_error: str | None = None


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
        self.transcriber: Any = None
        self.model_error: str | None = None
        self._model_settled = threading.Event()
        self._model_load_started = False
        self._quitting = threading.Event()  # set by exit(): workers stop at their next step
        # Answers whose analysis stopped because the app quit: kept, offered next start.
        self.stopped_answers: list[Path] = []
        self._requesters: dict[Worker[Any], Any] = {}
        self._player: Any = None
        # The most recent answer this session (audio path, stored attempt or None), for `p`.
        self.last_answer: tuple[Path, Any] | None = None
        self._speech_generation = 0  # bumped to cancel a question not yet spoken
        self.pending: list[Any] = []  # recordings a killed session left, oldest first
        self.interrupted_by: str | None = None  # the signal that ended the app, if any
        self.interrupted_recording: Path | None = None
        self._analysing = 0  # answers being transcribed and saved now (worker threads)
        self._analysing_lock = threading.Lock()
        # The check of the last live report (not counted as an answer being analysed: quitting,
        # recording or replaying stops it instead of waiting for it; the attempt then stays
        # unchecked), and the check at start of attempts an earlier session left unchecked.
        self.check: AnswerCheck | None = None
        self._kept_stop = threading.Event()
        # Answers left mid-recording whose file is still being closed: `a` waits for it.
        self._files_closing: dict[Path, threading.Event] = {}
        # The mock interview in progress (``voicecoach.ui.interview.InterviewSession``), if any.
        self.interview_session: Any = None

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
        recovered = getattr(self.services.store, "recovered_message", None)
        if isinstance(recovered, str) and recovered:
            self.notify(recovered, title="Recovered", timeout=10)
        pending = getattr(self.services.store, "pending_recordings", None)
        if callable(pending):
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

    def _wait_for_model(self) -> None:
        """Wait for the model load to end (loaded or failed) in a worker: bounded, and cut
        short when the app quits (``_Quitting``)."""
        deadline = time.monotonic() + MODEL_WAIT_S
        while not self._model_settled.wait(0.1):
            if self._quitting.is_set():
                raise _Quitting
            if time.monotonic() > deadline:
                raise VoicecoachError(MODEL_TIMED_OUT.format(s=MODEL_WAIT_S))

    def _stop_if_quitting(self, _fraction: float = 0.0) -> None:
        """A progress callback's check: the analysis stops between two steps once quitting."""
        if self._quitting.is_set():
            raise _Quitting

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
        message = None
        if self.analysing:
            message = Text(ANALYSIS_STOPPED)
        self.exit(message=message)

    def exit(self, result: int | None = None, return_code: int = 0, message: Any = None) -> None:
        """Every way out: the workers stop at their next step (an answer being analysed, the
        check), none is waited for beyond ``QUIT_GRACE_S``."""
        self._quitting.set()
        self.cancel_check()
        super().exit(result, return_code, message)

    def cancel_check(self) -> None:
        """Stop the check of the last live report, if it runs (Whisper stops at its next
        segment), and that of attempts left unchecked; history keeps the live report marked
        unchecked, and the next start checks it."""
        self._kept_stop.set()
        check = self.check
        if check is not None and not check.done:
            check.cancel.set()

    @property
    def analysing(self) -> int:
        """How many answers are being transcribed and saved now."""
        return self._analysing

    @contextlib.contextmanager
    def _analysis_running(self) -> Iterator[None]:
        with self._analysing_lock:
            self._analysing += 1
        try:
            yield
        finally:
            with self._analysing_lock:
                self._analysing -= 1

    def _close_recordings(self) -> None:
        """Close a recording in progress so its WAV is complete; its marker stays, so the next
        start offers it (``run`` says where it is)."""
        for screen in self.screen_stack:
            recorder = getattr(screen, "recorder", None)
            if recorder is not None and getattr(screen, "state", None) == "recording":
                try:
                    recorder.stop()
                except Exception as exc:  # keep going: exiting matters more
                    self.log.warning(f"could not close the recording: {describe_error(exc)}")
                else:
                    self.interrupted_recording = Path(recorder.path)

    @work(thread=True, group="store", exit_on_error=False)
    def _check_pending(self) -> None:
        """Find answers an earlier session left unfinished (killed mid-answer): offer them."""
        found = list(self.services.store.pending_recordings())
        self.call_from_thread(self._offer_pending, found)

    def _offer_pending(self, found: list[Any]) -> None:
        """Show the oldest answer left out of history on the question list, with `a` to
        analyse and add it. Worded for each way one is left: a killed session or escape
        mid-answer (not analysed yet), or an answer analysed while the history could not be
        opened (it was, so it is not called "not analysed yet")."""
        from voicecoach.ui.questions import QuestionListScreen

        self.pending = found
        line = short = ""
        if found:
            first = found[0]
            when = describe_time(first.started_at)
            what = ", ".join(x for x in (first.question_id or "no question", when) if x)
            closed = sum(bool(getattr(p, "history_closed", False)) for p in found)
            if len(found) > 1:
                if closed == len(found):
                    state, todo = "recorded while history could not be opened", "add the oldest"
                elif closed:
                    state, todo = "not in your history yet", "add the oldest"
                else:
                    state, todo = "not analysed yet", "analyse the oldest"
                line = f"{len(found)} answers {state} (oldest: {what}) — press a to {todo}"
                short = f"{len(found)} answers kept — press a"
            elif closed:
                line = (
                    f"1 answer recorded while history could not be opened ({what}) — press a "
                    "to add it to history"
                )
                short = "1 answer kept — press a"
            else:
                line = f"1 answer not analysed yet ({what}) — press a to analyse it"
                short = "1 answer kept — press a"
        for screen in self.screen_stack:
            if isinstance(screen, QuestionListScreen):
                screen.post_message(RecoveredOffer(line, short))

    def analyse_recovered(self, screen: Screen[Any]) -> None:
        """`a` on the list: repair, analyse and save the oldest recovered recording."""
        if not self.pending:
            self.notify("No answer waiting to be analysed.", timeout=3)
            return
        pending, self.pending = self.pending[0], self.pending[1:]
        self._start_model_load()
        self._offer_pending(self.pending)
        self.notify(f"Analysing the kept answer {Path(pending.path).name}…", timeout=4)
        self.track(self._analyse_recovered(pending), screen)

    @work(thread=True, group="recover", exit_on_error=False)
    @counted_analysis
    def _analyse_recovered(self, pending: Any) -> None:
        """The normal analyse+save path, after rewriting the sizes a killed writer left."""
        import soundfile as sf

        from voicecoach.audio.recovery import repair_wav

        path = Path(pending.path)
        closing = self._files_closing.pop(path, None)
        if closing is not None:  # offered at once on escape: its file may still be closing
            closing.wait(30)  # the recorder's own stop is bounded well below this
        try:
            repair_wav(path)
            if sf.info(str(path)).frames == 0:  # killed before the first block reached disk
                self.services.store.finish_recording(path, delete_audio=True)
                self.call_from_thread(
                    self.notify, "The kept answer held no audio; it was removed.", timeout=6
                )
                return
            self._wait_for_model()
            if self.transcriber is None:
                raise VoicecoachError(f"cannot transcribe: {self.model_error}")
            question = self.bank.get(pending.question_id or "") or Question(
                pending.question_id or "recovered", "Recovered answer", "", 0.0, 3600.0
            )
            analysis = self.services.analyse(
                path, self.transcriber, question, self.config, self._stop_if_quitting
            )
            self._stop_if_quitting()
        except _Quitting:  # its marker stays: offered again at the next start
            self.stopped_answers.append(path)
            return
        except BaseException:
            self.call_from_thread(self._offer_pending, [pending, *self.pending])
            raise
        attempt, save_error = None, ""
        try:
            attempt = self.services.store.save(
                analysis, path, pending.question_id, created_at=pending.started_at or None
            )
        except Exception as exc:  # the analysis is still worth showing; the file stays pending
            save_error = f"not saved to history: {describe_error(exc)}"
        else:
            path = Path(getattr(attempt, "audio_path", None) or path)
        self.last_answer = (path, attempt)
        when = describe_time(pending.started_at)
        notice = (
            f"Recorded {when} while history could not be opened; analysed again now."
            if getattr(pending, "history_closed", False)
            else f"Recorded {when}, kept, and analysed now."
        )
        self.call_from_thread(
            self._show_recovered, question, analysis, path, attempt, save_error, notice
        )

    def _show_recovered(
        self,
        question: Question,
        analysis: Analysis,
        path: Path,
        attempt: Any,
        save_error: str,
        notice: str,
    ) -> None:
        self.show_results(question, analysis, path, attempt, save_error, notice, replacing=False)

    @work(thread=True, group="model", exit_on_error=False)
    def load_model(self) -> None:
        """Build and load the transcriber; recording may begin before this finishes."""
        try:
            transcriber = self.services.transcriber_factory()
            load = getattr(transcriber, "load", None)
            if callable(load):
                load()
        except BaseException as exc:
            self.model_error = describe_error(exc)
            self._model_settled.set()
            raise
        self.transcriber = transcriber
        self._model_settled.set()
        self.post_message(ModelReady(str(getattr(transcriber, "name", self.model_name))))

    @work(thread=True, group="warm-up", exit_on_error=False)
    def _warm_up(self) -> None:
        assert self.services.warm_up is not None
        self.services.warm_up()

    def on_model_ready(self, message: ModelReady) -> None:
        self.model_state = f"model {message.name}: ready"
        if self.services.warm_up is not None:
            self._warm_up()
        idle = getattr(self.screen, "state", None) not in ("starting", "recording", "transcribing")
        if idle and callable(getattr(self.services.store, "unchecked", None)):
            self._kept_stop = threading.Event()
            self._check_kept(self._kept_stop)

    @work(thread=True, group="check", exit_on_error=False)
    def _check_kept(self, stop: threading.Event) -> None:
        """Answers an earlier session kept unchecked (it quit, or a new answer began, before
        their check ended): check them from their audio now; recording stops this."""
        from voicecoach.practice.checking import check_kept

        def analyse(attempt: Any, progress: ProgressFn) -> Analysis:
            question = self.bank.get(attempt.question_id or "")
            return self.services.analyse(
                attempt.audio_path, self.transcriber, question, self.config, progress
            )

        done = check_kept(self.services.store, analyse, stop.is_set)
        changed = sum(1 for d in done if d.changes)
        if changed:
            said = f"{changed} earlier answer{'s' if changed > 1 else ''}"
            self.call_from_thread(
                self.notify, f"Checked {said} against the whole recording (h: history).", timeout=6
            )

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
            self.log.warning(f"cannot read questions aloud: {message}")
            return
        if worker.group == "check":  # never alarming: the live report stays
            self.log.warning(f"check against the whole recording failed: {message}")
            return
        if worker.group == "warm-up":
            self.log.warning(f"warm-up failed (the first analysis will be slower): {message}")
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
            self.post_message(VoiceStatus(available))
        # Not if recording started meanwhile: the microphone would hear the question.
        if available and self.voice_on and generation == self._speech_generation:
            self.services.voice.speak(text)

    def on_voice_status(self, message: VoiceStatus) -> None:
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

    def new_recording_path(self, question_id: str) -> Path:
        """Where an answer is streamed to: the store's choice, else data_dir/recordings/.

        Without a store (its database cannot be opened) the answer still gets the store's
        marker beside it: a plain file there was never offered once the database opened again.
        """
        store = self.services.store
        if store is not None and hasattr(store, "new_recording_path"):
            return Path(store.new_recording_path(question_id))
        from voicecoach.audio.markers import new_recording

        directory = self.services.recordings_dir
        if directory is None:
            from voicecoach.paths import data_dir

            directory = data_dir(self.config.home) / "recordings"
        return new_recording(directory, question_id)

    def begin_recording(self, screen: Screen[Any], question: Question) -> None:
        self.cancel_check()  # the new answer's live transcription needs the model now
        self._start_model_load()
        self.track(self._start_recording(screen, question), screen)

    @work(thread=True, group="record", exit_on_error=False)
    def _start_recording(self, screen: Screen[Any], question: Question) -> None:
        path = self.new_recording_path(question.id)
        live = self._new_live()
        try:
            recorder = self.services.recorder_factory(path)
            if live is not None:
                recorder.on_block = live.feed  # type: ignore[attr-defined]
                live.start()
            recorder.start()
        except BaseException:
            if live is not None:
                live.close()
            self._discard_empty_recording(path)
            raise
        screen.post_message(RecordingStarted(recorder, path, live))

    def _new_live(self) -> LiveLike | None:
        """A live transcriber when the model is loaded (else the answer is done after the stop)."""
        factory = self.services.live_factory
        if factory is None or self.transcriber is None:
            return None
        try:
            return factory(self.transcriber)
        except Exception as exc:  # live cues are a bonus: record and transcribe after the stop
            self.log.warning(f"no live transcription: {describe_error(exc)}")
            return None

    def _discard_empty_recording(self, path: Path) -> None:
        """The microphone never opened: drop the empty file so it is not "recovered" later."""
        try:
            empty = not path.exists() or path.stat().st_size == 0
        except OSError:
            return
        store = self.services.store
        if store is not None and hasattr(store, "finish_recording"):
            store.finish_recording(path, delete_audio=empty)
        else:
            from voicecoach.audio.markers import finish_recording

            finish_recording(path, delete_audio=empty)

    def finish_answer(
        self,
        screen: Screen[Any],
        recorder: RecorderLike,
        path: Path,
        question: Question,
        live: LiveLike | None = None,
    ) -> None:
        self.track(self._analyse_answer(screen, recorder, path, question, live), screen)

    @work(thread=True, group="analyse", exit_on_error=False)
    @counted_analysis
    def _analyse_answer(
        self,
        screen: Screen[Any],
        recorder: RecorderLike,
        path: Path,
        question: Question,
        live: LiveLike | None = None,
    ) -> None:
        """Close the recording, wait for the model if needed, transcribe, analyse, save.

        With a live transcriber most of the answer is transcribed already: it finishes the
        last seconds and analyses the whole recording; if it fails, the file is done as batch.
        """
        path = recorded = Path(recorder.stop() or path)
        screen.post_message(Transcribing(path, not self._model_settled.is_set()))

        def progress(fraction: float) -> None:
            self._stop_if_quitting()
            screen.post_message(TranscribeProgress(fraction))

        analysis: Analysis | None = None
        check: AnswerCheck | None = None
        try:
            if live is not None:
                try:
                    analysis = live.analyse(question, self.config, progress)
                    from voicecoach.practice.checking import AnswerCheck

                    check = AnswerCheck(analysis)
                except _Quitting:
                    raise
                except Exception as exc:
                    self.log.warning(f"live transcription failed, transcribing the file: {exc}")
            if analysis is None:
                self._wait_for_model()
                if self.transcriber is None:
                    raise VoicecoachError(f"cannot transcribe: {self.model_error}")
                analysis = self.services.analyse(
                    path, self.transcriber, question, self.config, progress
                )
            self._stop_if_quitting()  # not saved once quitting: it is offered next start
        except _Quitting:  # the file is complete and its marker stays
            self.stopped_answers.append(recorded)
            return
        # Saved, then the recording marked finished: a crash before this point leaves the
        # recording for the store to recover; a failure above leaves it where it is.
        attempt, save_error = None, ""
        store = self.services.store
        if store is None and self.services.store_error:
            # Its marker stays, saying it was analysed: the next start with the history open
            # again offers it as an answer to add (not as one never analysed).
            from voicecoach.audio.markers import mark_history_closed

            mark_history_closed(recorded)
            save_error = HISTORY_CLOSED
        if store is not None:
            try:
                # A live report is kept unchecked until its check ends (or the next start's).
                attempt = store.save(analysis, path, question.id, checked=check is None)
            except Exception as exc:  # the analysis is still worth showing
                save_error = f"not saved to history: {describe_error(exc)}"
            else:
                path = Path(getattr(attempt, "audio_path", None) or path)
                if hasattr(store, "finish_recording"):
                    store.finish_recording(recorded)
        self.last_answer = (path, attempt)
        if check is not None and self.transcriber is not None:
            self.cancel_check()
            self.check = check  # before the report is shown: its screen asks for it
        else:
            check = None
        screen.post_message(AnalysisReady(analysis, path, attempt, save_error))
        if check is not None:
            self.post_message(CheckRequested(check, path, question, attempt))
        if not screen.is_attached:  # the speaker went back while it was transcribing
            self.call_from_thread(self._analysed_in_background, question, attempt, save_error)

    def _analysed_in_background(self, question: Question, attempt: Any, save_error: str) -> None:
        """Say that the answer left mid-transcription is done, and show it in the list."""
        from voicecoach.ui.questions import QuestionListScreen

        if attempt is not None:
            text = f"Your answer to '{question.title}' is analysed and saved (h: history)."
        else:
            said = save_error[:1].upper() + save_error[1:]
            text = f"Your answer to '{question.title}' is analysed; p replays it. {said}"
        self.notify(text.strip(), timeout=6)
        for screen in self.screen_stack:
            if isinstance(screen, QuestionListScreen):
                screen.post_message(LastResultsStale())

    def on_check_requested(self, message: CheckRequested) -> None:
        self._check_answer(message.check, message.path, message.question, message.attempt)

    @work(thread=True, group="check", exit_on_error=False)
    def _check_answer(
        self, check: AnswerCheck, path: Path, question: Question, attempt: Any
    ) -> None:
        """The batch analysis of the recorded file, after the live report was shown; what is
        kept is ``voicecoach.practice.checking``'s call. Never counted as an answer being
        analysed, and never a cost to the speaker: a failure or a cancel (Whisper stops between
        segments) leaves the live report, unchecked in history."""
        from voicecoach.practice.checking import run_check

        worker = get_current_worker()

        def analyse(progress: ProgressFn) -> Analysis:
            return self.services.analyse(path, self.transcriber, question, self.config, progress)

        try:
            run_check(check, analyse, attempt, self.services.store, lambda: worker.is_cancelled)
        finally:  # whatever happened, the "checking…" line does not stay
            check.done = True
            self.post_message(AnalysisChecked(check))

    def on_analysis_checked(self, message: AnalysisChecked) -> None:
        """Show the checked report where the live one is still on screen, and follow it
        everywhere the live one was kept this session (`p`, a mock interview, the list)."""
        from voicecoach.ui.interview import session_of
        from voicecoach.ui.questions import QuestionListScreen
        from voicecoach.ui.results import ResultsScreen

        check = message.check
        if check.checked is not None:
            if self.last_answer is not None and check.attempt is not None:
                path, attempt = self.last_answer
                if attempt is not None and getattr(attempt, "id", object()) == getattr(
                    check.attempt, "id", None
                ):
                    self.last_answer = (path, check.attempt)
            session = session_of(self)
            if session is not None:
                for qid, kept in list(session.answers.items()):
                    if kept is check.live:
                        session.answers[qid] = check.checked
        for screen in self.screen_stack:
            if isinstance(screen, ResultsScreen):
                screen.post_message(CheckUpdated(check))
            elif isinstance(screen, QuestionListScreen) and check.checked is not None:
                screen.post_message(LastResultsStale())

    def leave_recording(
        self,
        recorder: RecorderLike,
        live: LiveLike | None = None,
        path: Path | None = None,
        question_id: str | None = None,
    ) -> None:
        """Leaving mid-answer (escape, q): offer the answer on the list at once and say so,
        then close it in a worker. Closing waits for the live transcriber's chunk in hand
        (seconds on a busy machine): the offer used to wait for it, and the speaker landed on
        the list with no word of the answer. Not offered when nothing was heard yet (an empty
        file is removed)."""
        store = self.services.store
        offered = False
        closing = threading.Event()
        if path is not None:
            self._files_closing[Path(path)] = closing
        heard = float(getattr(recorder, "elapsed_s", 0.0) or 0.0) > 0
        if path is not None and heard and hasattr(store, "unfinished_recording"):
            from voicecoach.audio.markers import PendingRecording, utc_now

            offered = True
            pending = PendingRecording(Path(path), question_id, utc_now(), 0, 0)
            # Once the practice screen is gone: shown on the list, not on the screen leaving.
            self.call_later(self._keep_abandoned, pending, True)
        self.abandon_recording(recorder, live, announce=not offered, closed=closing)

    @work(thread=True, group="record-stop", exit_on_error=False)
    def abandon_recording(
        self,
        recorder: RecorderLike,
        live: LiveLike | None = None,
        announce: bool = True,
        closed: threading.Event | None = None,
    ) -> None:
        """Close the file of an answer left without transcribing, and offer it on the list
        (`a` analyses it; its marker stays, so a later start offers it too). Only a file with
        no audio at all is removed: an answer stopped with escape is never lost unseen.
        ``announce``: no offer was made yet (``leave_recording`` makes it at once); ``closed``
        is set once the file is complete (an `a` pressed meanwhile waits for it)."""
        try:
            path = recorder.stop()
        finally:
            if closed is not None:
                closed.set()
        store = self.services.store
        try:
            if path and store is None and self.services.store_error:  # its marker stays
                self.call_from_thread(
                    self.notify, f"Answer stopped without feedback; {UNSAVED_KEPT}.", timeout=6
                )
            if not path or store is None or not hasattr(store, "finish_recording"):
                return
            path = Path(path)
            try:
                import soundfile as sf

                frames: int | None = sf.info(str(path)).frames
            except Exception:  # unreadable here: keep it, the analysis will say what is wrong
                frames = None
            if frames == 0:
                store.finish_recording(path, delete_audio=True)
                self.call_from_thread(self._withdraw_pending, path)
                return
            unfinished = getattr(store, "unfinished_recording", None)
            pending = unfinished(path) if callable(unfinished) else None
            if pending is not None:  # the marker's own times, in place of the first offer's
                self.call_from_thread(self._keep_abandoned, pending, announce)
        finally:
            if live is not None:
                live.close()

    def _keep_abandoned(self, pending: Any, announce: bool = False) -> None:
        """Offer an answer stopped without feedback (after older ones; in place of the same
        file offered already) and, with ``announce``, say so."""
        same = Path(pending.path)
        kept = [p for p in self.pending if Path(p.path) != same]
        self.pending = [*kept, pending]
        self._offer_pending(self.pending)
        if announce:
            self.notify("Recording stopped and kept — press a to analyse it.", timeout=6)

    def _withdraw_pending(self, path: Path) -> None:
        """The answer offered held no audio after all (it is removed): offer it no more."""
        left = [p for p in self.pending if Path(p.path) != Path(path)]
        if len(left) != len(self.pending):
            self._offer_pending(left)

    # --- history -----------------------------------------------------------------------------

    def load_last_results(self, screen: Screen[Any], question_ids: list[str]) -> None:
        """Fill the list's "last result" column from the store, off the UI thread."""
        if self.services.store is not None:
            self.track(self._load_last_results(screen, question_ids), screen)

    @work(thread=True, group="store", exclusive=True, exit_on_error=False)
    def _load_last_results(self, screen: Screen[Any], question_ids: list[str]) -> None:
        from voicecoach.ui.questions import latest, summarise_attempt

        store = self.services.store
        summaries: dict[str, str] = {}
        newest = getattr(store, "latest_attempts", None)
        if callable(newest):  # one query, one report parsed per question
            for qid, attempt in newest(question_ids).items():
                summaries[qid] = summarise_attempt(attempt)
        else:
            for qid in question_ids:
                attempts = list(store.list(qid))
                if attempts:
                    summaries[qid] = summarise_attempt(latest(attempts))
        screen.post_message(LastResults(summaries))

    # --- playback, history, help --------------------------------------------------------------

    def replay(self, audio_path: Path, attempt: Any = None) -> None:
        """`p`: the history's replay screen when it exists, else play the file directly."""
        self.cancel_check()  # replaying never waits for it (nor shares the CPU with it)
        if attempt is not None:
            try:
                replay = importlib.import_module("voicecoach.ui.replay")
            except ModuleNotFoundError:
                replay = None
            if replay is not None and hasattr(replay, "ReplayScreen"):
                factory = self.services.player_factory
                screen = (
                    replay.ReplayScreen(attempt, factory, find_question=self.bank.get)
                    if factory is not None
                    else replay.ReplayScreen(attempt, find_question=self.bank.get)
                )
                self.push_screen(screen)
                return
        self._toggle_playback(audio_path)

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
        elif self.services.store is not None and hasattr(self.services.store, "latest"):
            self._replay_latest()
        else:
            self.notify("No answer recorded yet.", timeout=3)

    @work(thread=True, group="replay-latest", exclusive=True, exit_on_error=False)
    def _replay_latest(self) -> None:
        """The history's latest attempt with its audio, read off the UI thread."""
        try:
            attempt = self.services.store.latest()  # type: ignore[union-attr]
        except Exception:  # the history is unreadable: say so, as for no answer
            attempt = None
        audio = getattr(attempt, "audio_path", None)
        if attempt is None or audio is None:
            self.call_from_thread(self.notify, "No answer recorded yet.", timeout=3)
            return
        self.call_from_thread(self.replay, Path(audio), attempt)

    @work(thread=True, group="playback", exclusive=True, exit_on_error=False)
    def _toggle_playback(self, audio_path: Path) -> None:
        player = self._player
        if player is not None and getattr(player, "_vc_path", None) == audio_path:
            if getattr(player, "finished", False):
                player.seek(0)
                player.play()
            else:
                player.toggle()
            return
        if player is not None:
            player.stop()
        factory = self.services.player_factory
        if factory is None:
            raise VoicecoachError("playback is not available in this install")
        player = factory(audio_path)
        player._vc_path = audio_path
        self._player = player
        player.play()

    def stop_playback(self) -> None:
        if self._player is not None:
            player, self._player = self._player, None
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
        try:
            history = importlib.import_module("voicecoach.ui.history")
        except ModuleNotFoundError:
            history = None
        if store is None and self.services.store_error:
            # Not "not available in this install": the database is there but cannot be used.
            self.notify(
                f"History is not available: {self.services.store_error}",
                severity="warning",
                timeout=10,
            )
            return
        if store is None or history is None or not hasattr(history, "HistoryScreen"):
            self.notify(
                "History is not available yet: no attempts store in this install.", timeout=4
            )
            return
        targets = {q.id: (q.target_min_s, q.target_max_s) for q in self.bank.questions}
        if self.services.player_factory is not None:
            screen = history.HistoryScreen(
                store, targets, self.services.player_factory, find_question=self.bank.get
            )
        else:
            screen = history.HistoryScreen(store, targets, find_question=self.bank.get)
        self.push_screen(screen)

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
                ready = AnalysisReady(
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
                screen.post_message(PersonalTargetsFound(targets, analysis))

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


def default_services(
    config: Config, model: str, device: str | int | None, notices: list[str]
) -> Services:
    """The real transcriber, microphone, voice, store and player, each imported lazily."""
    from voicecoach.paths import data_dir

    def transcriber_factory() -> Any:
        from voicecoach.transcription.model_files import resolve_model
        from voicecoach.transcription.whisper import WhisperTranscriber

        return WhisperTranscriber(resolve_model(model))

    def recorder_factory(path: Path) -> RecorderLike:
        try:
            from voicecoach.audio.capture import Recorder
        except ModuleNotFoundError as exc:
            if (exc.name or "").startswith("voicecoach"):
                raise VoicecoachError("recording is not available in this install yet") from exc
            raise
        return Recorder(path, device=device)

    def player_factory(path: Path) -> Any:
        from voicecoach.audio.playback import Player, output_available

        if not output_available():
            raise VoicecoachError("no audio output device: cannot play the answer here")
        return Player(path)

    home = data_dir(config.home)
    store = None
    store_error = None
    try:
        from voicecoach.store import Store
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("voicecoach"):
            raise
    else:
        try:
            store = Store(config.home)
        except VoicecoachError as exc:
            store_error = str(exc)
            notices.append(
                f"{exc} (answers are kept and offered at the next start, once the history opens)"
            )

    def live_factory(transcriber: Any) -> LiveLike:
        from voicecoach.practice.live import LiveTranscriber

        return LiveTranscriber(transcriber)

    return Services(
        transcriber_factory=transcriber_factory,
        recorder_factory=recorder_factory,
        voice=LazyVoice(),
        store=store,
        player_factory=player_factory,
        recordings_dir=home / "recordings",
        warm_up=default_warm_up,
        live_factory=live_factory,
        store_error=store_error,
    )


def build_app(args: Any) -> VoiceCoachApp:
    """Config (defaults plus a message if the file is malformed), bank and real services."""
    from voicecoach.errors import ConfigError
    from voicecoach.questions import load_bank

    home = getattr(args, "home", None)
    config_path = getattr(args, "config", None)
    notices: list[str] = []
    try:
        config = Config.load(Path(config_path) if config_path else None, home=home)
    except ConfigError as exc:
        config = Config(home=home)
        notices.append(f"{exc} (using default settings)")
    if getattr(args, "no_voice", False):
        config.speak_questions = False
    model = getattr(args, "model", None) or config.model
    device = getattr(args, "device", None)
    if device is None:
        device = config.device
    elif isinstance(device, str) and device.isdigit():
        device = int(device)
    bank = load_bank(config.question_banks)
    notices.extend(bank.errors)
    services = default_services(config, model, device, notices)
    return VoiceCoachApp(config, bank, services, notices=notices, model_name=model)


def run(args: Any) -> int:
    """Entry point for `voicecoach` with no subcommand."""
    app = build_app(args)
    app.handle_signals = True
    app.run()
    kept = app.interrupted_recording
    note = f"the answer being recorded is kept ({kept}) and offered next start" if kept else ""
    if app.interrupted_by and app.stopped_answers and not kept:  # `q` says so itself
        stopped = app.stopped_answers[0]
        note = f"the answer being analysed is kept ({stopped}) and offered next start"
    if app.interrupted_by:
        print(
            f"voicecoach: stopped by {app.interrupted_by}{'; ' + note if note else ''}",
            file=sys.stderr,
        )
    elif note:
        print(f"voicecoach: {note}", file=sys.stderr)
    code = int(app.return_code or 0)
    _end_without_teardown_if_workers_run(code)
    return code


def _end_without_teardown_if_workers_run(code: int) -> None:
    """A worker still inside native code when the app has ended (a Whisper window after SIGTERM
    mid-transcription, past ``QUIT_GRACE_S``) can crash the interpreter's teardown: a segfault,
    exit 139 instead of 143, was seen in a fresh-clone test run on a busy machine. The answer is
    on disk by now (a recorder still writing gets a bounded wait first), so the process ends
    here, skipping the teardown, whenever one of our threads is still running."""
    ours = [t for t in threading.enumerate() if t.daemon and t.name.startswith("voicecoach-")]
    for thread in ours:
        if thread.name == "voicecoach-recorder":
            thread.join(WRITER_FINISH_S)
    if any(t.is_alive() for t in ours):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
