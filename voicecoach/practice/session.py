"""The answer's life without a UI: the model, a recording with its live transcription, the
analysis and its saving, the check of a live report against the whole recording, answers kept
for later (a killed session, escape mid-answer, history closed), and quitting.

Why here: the App only runs these blocking calls in its thread workers and shows what they
return, so the workflow is tested without Textual, and one object knows which recording is in
progress (quitting closes it) and which answers wait to be analysed. What the session has to
say on its own (a kept answer, a notice) goes to ``SessionEvents``, called from whichever
thread it runs on; the App turns it into UI.

Every wait ends: the model is waited for ``MODEL_WAIT_S`` at most, and once ``quit`` is called
each answer in hand stops at its next step (``Quitting``), its recording complete on disk and
its marker left, so the next start offers it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voicecoach.config import Config
from voicecoach.errors import VoicecoachError, describe_error
from voicecoach.practice.interview import InterviewReport, InterviewSession, Notice, interviews_dir
from voicecoach.practice.services import LiveLike, ProgressFn, RecorderLike, Services
from voicecoach.questions import Bank, Question

if TYPE_CHECKING:
    from voicecoach.analysis.followups import FiredFollowup
    from voicecoach.audio.markers import PendingRecording
    from voicecoach.datatypes import Analysis, PersonalTarget
    from voicecoach.practice.checking import AnswerCheck

log = logging.getLogger(__name__)

# What happens to an answer recorded while the history's database cannot be opened.
UNSAVED_KEPT = "the recording is kept and offered at the next start, once the history opens"
# ... and to one analysed then: its report is shown, the next start offers to add it.
HISTORY_CLOSED = "history could not be opened: the next start offers to add it to your history"
ANALYSIS_STOPPED = (
    "voicecoach: the answer being analysed is kept and offered at the next start "
    "(press a on the question list to analyse it)"
)
KEPT_NOTICE = "Recording stopped and kept — press a to analyse it."
NO_AUDIO_KEPT = "The kept answer held no audio; it was removed."
# How long an answer waits for the speech model to finish loading (tiny.en loads in about a
# second; base in a few on a busy machine): past it the answer fails with a line and is kept.
MODEL_WAIT_S = 120.0
MODEL_TIMED_OUT = (
    "the speech model did not finish loading within {s:.0f} s; restart voicecoach "
    "(the answer is offered again at the start)"
)
# An answer left mid-recording is offered at once; `a` waits this long for its file to close
# (the recorder's own stop is bounded well below it).
FILE_CLOSE_WAIT_S = 30.0
# A take shorter than this (space, then space again a second later) is offered for discarding
# before any analysis: it is an accident, not an answer, and "no speech was heard… check the
# microphone" blamed the microphone for it and left a permanent "no speech" row.
SHORT_TAKE_S = 2.0


def is_short_take(elapsed_s: float) -> bool:
    """Whether a take stopped after ``elapsed_s`` is offered for discarding."""
    return elapsed_s < SHORT_TAKE_S


class Quitting(Exception):
    """Raised in a worker once the app quits: the answer in hand stops where it is; its
    recording is complete on disk and its marker stays, so the next start offers it."""


def analysed_in_background(question: Question, attempt: Any, save_error: str) -> str:
    """What is said of an answer the speaker left while it was analysed, once it is done."""
    if attempt is not None:
        return f"Your answer to '{question.title}' is analysed and saved (h: history)."
    said = save_error[:1].upper() + save_error[1:]
    return f"Your answer to '{question.title}' is analysed; p replays it. {said}".strip()


def same_attempt(attempt: Any, this: Any) -> bool:
    """Whether a stored attempt is ``this`` one (the store may hand back a new object)."""
    if this is None:
        return False
    if attempt is this:
        return True
    this_id = getattr(this, "id", None)
    return this_id is not None and getattr(attempt, "id", None) == this_id


@dataclass
class SessionEvents:
    """What the session says on its own, from whichever thread it runs on (the App marshals
    both to the UI): a notice, and that the answers kept for `a` changed (``offer``)."""

    notify: Callable[[str, float], None] = lambda _text, _timeout: None
    offer_changed: Callable[[], None] = lambda: None


@dataclass(frozen=True)
class StartedRecording:
    """The microphone is open and the answer streams to ``path``; ``live`` transcribes it
    meanwhile (None: after the stop)."""

    recorder: RecorderLike
    path: Path
    live: LiveLike | None


@dataclass
class DeliveryFollow:
    """How an answer sounded (pitch, loudness, trailing off), measured after its report is
    shown: librosa takes 2-3 s on a 90 s answer, and the report is due within a second of the
    stop. The results screen says "measuring how it sounds…" until ``done``, then shows
    ``analysis.delivery``, or ``note`` (why it was not measured)."""

    analysis: Analysis
    audio_path: Path
    attempt: Any = None
    check: AnswerCheck | None = None  # the check of the same live report, if one runs
    done: bool = False
    note: str = ""


@dataclass(frozen=True)
class AnswerOutcome:
    """An answer analysed: its report, where its audio is now, the stored attempt (None when
    not saved, ``save_error`` says why), the check of a live report, if one runs next, and the
    measure of how it sounded, if one follows (``PracticeSession.measure_delivery``)."""

    analysis: Analysis
    audio_path: Path
    attempt: Any = None
    save_error: str = ""
    check: AnswerCheck | None = None
    delivery: DeliveryFollow | None = None


@dataclass(frozen=True)
class RecoveredOutcome:
    """A kept answer analysed: as ``AnswerOutcome``, with its question and the line that says
    when it was recorded."""

    question: Question
    analysis: Analysis
    audio_path: Path
    attempt: Any
    save_error: str
    notice: str
    delivery: DeliveryFollow | None = None


@dataclass(frozen=True)
class LeftRecording:
    """An answer left mid-recording: whether it still has to be announced once closed (it was
    not offered at once), and the event set when its file is complete."""

    announce: bool
    closed: threading.Event = field(default_factory=threading.Event)


class PracticeSession:
    """One practice session's workflow. Blocking methods run in the caller's thread (the App's
    workers); the others are quick and safe from the UI thread."""

    def __init__(
        self,
        config: Config,
        bank: Bank,
        services: Services,
        events: SessionEvents | None = None,
        model_name: str | None = None,
    ) -> None:
        self.config = config
        self.model_name = model_name or config.model
        self.bank = bank
        self.services = services
        self.events = events or SessionEvents()
        self.transcriber: Any = None
        self.model_error: str | None = None
        self._model_settled = threading.Event()
        self._quitting = threading.Event()
        self._lock = threading.Lock()
        self._recording: list[RecorderLike] = []  # recordings in progress (quitting closes them)
        # Answers whose analysis stopped because the app quit: kept, offered next start.
        self.stopped_answers: list[Path] = []
        self._analysing = 0  # answers being transcribed and saved now
        self._starting = 0  # recordings asked for whose microphone is still being opened
        self._stopped = 0  # answers stopped whose analysis has not begun yet
        # The most recent answer this session (audio path, stored attempt or None), for `p`.
        self.last_answer: tuple[Path, Any] | None = None
        self._pending: list[PendingRecording] = []  # answers kept for `a`, oldest first
        # Answers left mid-recording whose file is still being closed: `a` waits for it.
        self._files_closing: dict[Path, threading.Event] = {}
        # The check of the last live report (not counted as an answer being analysed: quitting,
        # recording or replaying stops it instead of waiting for it; the attempt then stays
        # unchecked), and the check at start of attempts an earlier session left unchecked.
        self.check: AnswerCheck | None = None
        self._kept_stop = threading.Event()
        self._player: Any = None  # the answer playing (``toggle_playback``) and its path
        self._player_path: Path | None = None
        self.interview: InterviewSession | None = None  # the mock interview in progress (`i`)
        # The follow-up question taken from a results screen, and the stored attempt it follows
        # up on (``take_followup``): its answers, retries included, are saved linked to it.
        self._followup_parent: tuple[str, int | None] | None = None
        # The measure of how the last answer sounded, which follows its report (its results
        # screen asks for it, like the check).
        self.delivery: DeliveryFollow | None = None
        # The microphone check ran (or was skipped) this session: once per run, not per answer.
        self.mic_checked = False

    # --- the model ----------------------------------------------------------------------------

    def load_model(self) -> str | None:
        """Build and load the transcriber (blocking); its name. Answers wait for this."""
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
        name = getattr(transcriber, "name", None)
        return str(name) if name is not None else None

    def model_problem(self) -> str | None:
        """What is wrong with the speech model once its load failed, with the one command that
        fixes it; None while it loads or once loaded. Said before the first answer: it used to
        be found only after the answer was recorded."""
        if self.transcriber is not None or self.model_error is None:
            return None
        error = self.model_error.rstrip(". ")
        if "`" in error or "--model" in error:  # the error names its fix already
            return f"The speech model cannot be used: {error}."
        from voicecoach.transcription.model_files import install_command

        name = self.model_name
        return (
            f"The speech model {name} cannot be used: {error}. "
            f"Fix: run `{install_command(name)}`, then start voicecoach again."
        )

    def storage_problem(self) -> str | None:
        """Where answers would go and why they cannot, when the history is closed and its
        directory cannot be written (a few stats; with the history open, none: its store made
        the directory). Said before recording: the list promised answers "kept", then space
        failed."""
        if self.services.store is not None:
            return None
        from voicecoach.paths import data_dir, unwritable_reason

        directory = self.services.recordings_dir or data_dir(self.config.home) / "recordings"
        reason = unwritable_reason(directory)
        if reason is None:
            return None
        fix = "move that file away" if "is a file" in reason else "make it writable"
        return (
            f"Answers cannot be recorded: they would go to {directory}, but {reason}; "
            f"{fix} or choose another data directory with --home."
        )

    def storage_line(self) -> str:
        """Where answers go, said where the speaker can find it (the help): the directory when
        it is fine, else why answers cannot be kept. Quick (a few stats)."""
        problem = self.storage_problem()
        if problem is not None:
            return problem
        store = self.services.store
        if store is None:
            error = self.services.store_error or "the history could not be opened"
            return f"Answers are recorded, but not kept in your history: {error}."
        return f"Answers are kept in {store.root} (--home DIR to choose another)."

    def mic_check_due(self) -> bool:
        """Whether the first answer waits for the microphone check: once a session, unless the
        config or ``--no-mic-check`` turned it off, or this install cannot check."""
        wanted = self.config.mic_check and self.services.level_check_factory is not None
        return wanted and not self.mic_checked

    def refusal(self) -> str | None:
        """Whether an answer can be taken now, and if not why (quick: from what is known; the
        model still loading is no reason, the answer waits for it)."""
        return self.model_problem() or self.storage_problem()

    def _wait_for_model(self) -> None:
        """Wait for the model load to end (loaded or failed): bounded, and cut short once
        quitting (``Quitting``)."""
        deadline = time.monotonic() + MODEL_WAIT_S
        while not self._model_settled.wait(0.1):
            if self._quitting.is_set():
                raise Quitting
            if time.monotonic() > deadline:
                raise VoicecoachError(MODEL_TIMED_OUT.format(s=MODEL_WAIT_S))
        if self.transcriber is None:
            raise VoicecoachError(f"cannot transcribe: {self.model_error}")

    def _stop_if_quitting(self, _fraction: float = 0.0) -> None:
        """A progress callback's check: the analysis stops between two steps once quitting."""
        if self._quitting.is_set():
            raise Quitting

    # --- quitting -----------------------------------------------------------------------------

    def quit(self) -> None:
        """Every way out: answers in hand stop at their next step, the check is cancelled."""
        self._quitting.set()
        self.cancel_check()

    @property
    def analysing(self) -> int:
        """How many answers are being transcribed and saved now."""
        return self._analysing

    @property
    def answer_in_hand(self) -> bool:
        """Whether an answer is being recorded (its microphone opening included) or analysed:
        the check of earlier answers then waits, it would share the model and the CPU."""
        return bool(self._starting or self._recording or self._stopped or self._analysing)

    @contextlib.contextmanager
    def _analysis_running(self) -> Iterator[None]:
        with self._lock:
            self._analysing += 1
        try:
            yield
        finally:
            with self._lock:
                self._analysing -= 1

    def exit_note(self, signal_name: str | None, recording: Path | None) -> str:
        """The line left on the terminal after the app ended: where the answer in hand went
        (none after `q` with nothing in hand: `q` says so itself)."""
        note = f"the answer being recorded is kept ({recording}) and offered next start"
        if not recording:
            note = ""
        if signal_name and self.stopped_answers and not recording:
            stopped = self.stopped_answers[0]
            note = f"the answer being analysed is kept ({stopped}) and offered next start"
        if signal_name:
            return f"voicecoach: stopped by {signal_name}{'; ' + note if note else ''}"
        return f"voicecoach: {note}" if note else ""

    def close_recordings(self) -> Path | None:
        """Close the recording in progress so its WAV is complete; its marker stays, so the next
        start offers it. The path closed, if any."""
        with self._lock:
            recorders, self._recording = self._recording, []
        closed = None
        for recorder in recorders:
            try:
                recorder.stop()
            except Exception as exc:  # keep going: exiting matters more
                log.warning("could not close the recording: %s", describe_error(exc))
            else:
                closed = Path(recorder.path)
        return closed

    def _release(self, recorder: RecorderLike) -> None:
        """The recording is stopped by its answer (finished or left), no longer by quitting."""
        with self._lock:
            self._recording = [r for r in self._recording if r is not recorder]

    # --- recording ----------------------------------------------------------------------------

    def new_recording_path(self, question_id: str) -> Path:
        """Where an answer is streamed to: the store's choice, else data_dir/recordings/.

        Without a store (its database cannot be opened) the answer still gets the store's
        marker beside it: a plain file there was never offered once the database opened again.
        """
        store = self.services.store
        if store is not None:
            return Path(store.new_recording_path(question_id))
        from voicecoach.audio.markers import new_recording

        directory = self.services.recordings_dir
        if directory is None:
            from voicecoach.paths import data_dir

            directory = data_dir(self.config.home) / "recordings"
        return new_recording(directory, question_id)

    def start_recording(self, question: Question) -> StartedRecording:
        """Open the microphone (blocking) with a live transcriber when the model is loaded;
        the recording is in progress until ``finish_answer`` or ``leave_recording``."""
        try:
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
            with self._lock:
                self._recording.append(recorder)
        finally:
            with self._lock:
                self._starting = max(0, self._starting - 1)
        return StartedRecording(recorder, path, live)

    def recording_asked(self) -> None:
        """A recording is asked for (quick, on the UI thread): the check of the last live report
        stops (the new answer's live transcription needs the model), and the answer counts as
        in hand while its microphone opens (``start_recording``)."""
        with self._lock:
            self._starting += 1
        self.cancel_check()

    def _new_live(self) -> LiveLike | None:
        """A live transcriber when the model is loaded (else the answer is done after the stop)."""
        factory = self.services.live_factory
        if factory is None or self.transcriber is None:
            return None
        try:
            return factory(self.transcriber)
        except Exception as exc:  # live cues are a bonus: record and transcribe after the stop
            log.warning("no live transcription: %s", describe_error(exc))
            return None

    def _finish_recording(self, path: Path, delete_audio: bool = False) -> None:
        store = self.services.store
        if store is not None:
            store.finish_recording(path, delete_audio=delete_audio)
        else:
            from voicecoach.audio.markers import finish_recording

            finish_recording(path, delete_audio=delete_audio)

    def _discard_empty_recording(self, path: Path) -> None:
        """The microphone never opened: drop the empty file so it is not "recovered" later."""
        try:
            empty = not path.exists() or path.stat().st_size == 0
        except OSError:
            return
        self._finish_recording(path, delete_audio=empty)

    # --- a short take, discarded ----------------------------------------------------------------

    def discard_take(self, recorder: RecorderLike, path: Path, live: LiveLike | None) -> None:
        """A short take the speaker discarded (blocking): closed, its file and marker removed,
        nothing saved, so it leaves no history row and offers nothing at the next start."""
        self._release(recorder)
        try:
            stopped = recorder.stop()
        finally:
            if live is not None:
                live.close()
        self._finish_recording(Path(stopped or path), delete_audio=True)

    # --- an answer, analysed and saved --------------------------------------------------------

    def stopping(self, recorder: RecorderLike) -> None:
        """The speaker stopped the answer (quick, on the UI thread): from now on it is closed by
        ``finish_answer``, not by quitting, and counts as in hand until its analysis ends."""
        with self._lock:
            self._stopped += 1
        self._release(recorder)

    def finish_answer(
        self,
        recorder: RecorderLike,
        path: Path,
        question: Question,
        live: LiveLike | None = None,
        on_transcribing: Callable[[Path, bool], None] = lambda _path, _waiting: None,
        on_progress: ProgressFn = lambda _fraction: None,
    ) -> AnswerOutcome | None:
        """Close the recording, wait for the model if needed, transcribe, analyse, save
        (blocking). None when quitting stopped it (kept in ``stopped_answers``).

        With a live transcriber most of the answer is transcribed already: it finishes the
        last seconds and analyses the whole recording; if it fails, the file is done as batch.
        """
        with self._analysis_running():
            return self._finish_answer(recorder, path, question, live, on_transcribing, on_progress)

    def _finish_answer(
        self,
        recorder: RecorderLike,
        path: Path,
        question: Question,
        live: LiveLike | None,
        on_transcribing: Callable[[Path, bool], None],
        on_progress: ProgressFn,
    ) -> AnswerOutcome | None:
        self._release(recorder)
        with self._lock:  # counted as analysing from here (``_analysis_running``)
            self._stopped = max(0, self._stopped - 1)
        path = recorded = Path(recorder.stop() or path)
        on_transcribing(path, not self._model_settled.is_set())

        def progress(fraction: float) -> None:
            self._stop_if_quitting()
            on_progress(fraction)

        analysis: Analysis | None = None
        check: AnswerCheck | None = None
        try:
            if live is not None:
                try:
                    analysis = live.analyse(question, self._report_config(), progress)
                    from voicecoach.practice.checking import AnswerCheck

                    check = AnswerCheck(analysis)
                except Quitting:
                    raise
                except Exception as exc:
                    log.warning("live transcription failed, transcribing the file: %s", exc)
            if analysis is None:
                self._wait_for_model()
                analysis = self.services.analyse(
                    path, self.transcriber, question, self._report_config(), progress
                )
            self._stop_if_quitting()  # not saved once quitting: it is offered next start
        except Quitting:  # the file is complete and its marker stays
            self.stopped_answers.append(recorded)
            return None
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
                parent = self.parent_attempt_id(question)
                linked = {"parent_id": parent} if parent is not None else {}
                attempt = store.save(analysis, path, question.id, checked=check is None, **linked)
            except Exception as exc:  # the analysis is still worth showing
                save_error = f"not saved to history: {describe_error(exc)}"
            else:
                path = Path(getattr(attempt, "audio_path", None) or path)
                store.finish_recording(recorded)
        self.last_answer = (path, attempt)
        if check is not None and self.transcriber is not None:
            self.cancel_check()
            self.check = check  # before the report is shown: its screen asks for it
        else:
            check = None
        follow = self._follow_delivery(analysis, path, attempt, check)
        return AnswerOutcome(analysis, path, attempt, save_error, check, follow)

    # --- how it sounded, after the report -----------------------------------------------------

    def _report_config(self) -> Config:
        """The settings an answer's report is made with: without the delivery part when it
        follows the report (``measure_delivery``), so the report does not wait 2-3 s for it."""
        if self.config.delivery and self.services.measure_delivery is not None:
            return dataclasses.replace(self.config, delivery=False)
        return self.config

    def _follow_delivery(
        self, analysis: Analysis, path: Path, attempt: Any, check: AnswerCheck | None
    ) -> DeliveryFollow | None:
        """The measure that follows this report, if one does (the setting on, speech heard)."""
        if (
            not self.config.delivery
            or self.services.measure_delivery is None
            or analysis.no_speech
            or analysis.delivery is not None
        ):
            return None
        self.delivery = DeliveryFollow(analysis, path, attempt, check)
        return self.delivery

    def measure_delivery(self, follow: DeliveryFollow) -> None:
        """Measure how the answer sounded (blocking; in a worker process, so no key waits) and
        add it to its report, to the checked report if the check replaced it, and to the
        stored attempt, whichever report it holds by then. Never raises: a failure, or
        quitting, leaves the report without it and ``follow.note`` says why."""
        measure = self.services.measure_delivery
        try:
            if measure is None:
                return
            delivery, follow.note = measure(
                follow.audio_path, follow.analysis, self.config, self._quitting.is_set
            )
            if delivery is not None:
                self._keep_delivery(follow, delivery)
        except Exception as exc:  # the report stands without it
            follow.note = f"pitch and loudness not measured ({describe_error(exc)})"
        finally:
            follow.done = True

    def _keep_delivery(self, follow: DeliveryFollow, delivery: Any) -> None:
        check = follow.check
        with check.lock if check is not None else contextlib.nullcontext():
            follow.analysis.delivery = delivery
            if check is not None and check.checked is not None:
                check.checked.delivery = delivery
            attempt_id = getattr(follow.attempt, "id", None)
            store = self.services.store
            if attempt_id is None or store is None:
                return
            try:
                store.set_delivery(attempt_id, delivery)
            except Exception as exc:  # shown, not kept: history goes without it
                log.warning("delivery part of attempt %s not saved: %s", attempt_id, exc)

    # --- the check of a live report -----------------------------------------------------------

    def cancel_check(self) -> None:
        """Stop the check of the last live report, if it runs (Whisper stops at its next
        segment), and that of attempts left unchecked; history keeps the live report marked
        unchecked, and the next start checks it."""
        self._kept_stop.set()
        check = self.check
        if check is not None and not check.done:
            check.cancel.set()

    def check_answer(
        self,
        check: AnswerCheck,
        path: Path,
        question: Question,
        attempt: Any,
        stopped: Callable[[], bool] = lambda: False,
    ) -> None:
        """The batch analysis of the recorded file, after the live report was shown (blocking);
        what is kept is ``voicecoach.practice.checking``'s call. A failure or a cancel (Whisper
        stops between segments) leaves the live report, unchecked in history."""
        from voicecoach.practice.checking import run_check

        def analyse(progress: ProgressFn) -> Analysis:
            # Without the delivery part when it follows the live report (``measure_delivery``):
            # the check carries that one over instead of measuring it twice.
            config = self._report_config()
            return self.services.analyse(path, self.transcriber, question, config, progress)

        try:
            run_check(check, analyse, attempt, self.services.store, stopped)
        finally:  # whatever happened, the "checking…" line does not stay
            check.done = True

    def follow_check(self, check: AnswerCheck) -> None:
        """The checked report replaces the live one where this session kept it (`p`, a mock
        interview's answers)."""
        if check.checked is not None and self.interview is not None:
            self.interview.replace(check.live, check.checked)
        if check.checked is None or self.last_answer is None or check.attempt is None:
            return
        path, attempt = self.last_answer
        kept_id = getattr(attempt, "id", None)
        if kept_id is not None and kept_id == getattr(check.attempt, "id", None):
            self.last_answer = (path, check.attempt)

    def begin_kept_check(self) -> threading.Event:
        """A new check of attempts left unchecked is about to start: its own stop, which
        ``cancel_check`` sets (recording stops it)."""
        self._kept_stop = threading.Event()
        return self._kept_stop

    def check_kept(self, stop: threading.Event) -> None:
        """Answers an earlier session kept unchecked (it quit, or a new answer began, before
        their check ended): check them from their audio now (blocking), and say how many
        changed."""
        from voicecoach.practice.checking import check_kept

        store = self.services.store
        if store is None:
            return

        def analyse(attempt: Any, progress: ProgressFn) -> Analysis:
            question = self.bank.get(attempt.question_id or "")
            return self.services.analyse(
                attempt.audio_path, self.transcriber, question, self.config, progress
            )

        done = check_kept(store, analyse, stop.is_set)
        changed = sum(1 for d in done if d.changes)
        if changed:
            said = f"{changed} earlier answer{'s' if changed > 1 else ''}"
            self.events.notify(f"Checked {said} against the whole recording (h: history).", 6)

    # --- answers kept for later (`a`) ---------------------------------------------------------

    @property
    def pending(self) -> list[PendingRecording]:
        """Answers kept for `a` (a killed session, escape mid-answer, history closed), oldest
        first."""
        return list(self._pending)

    def _set_pending(self, pending: list[PendingRecording]) -> None:
        with self._lock:
            self._pending = pending
        self.events.offer_changed()

    def find_pending(self) -> None:
        """Find answers an earlier session left unfinished (killed mid-answer): offer them."""
        if self.services.store is not None:
            self._set_pending(list(self.services.store.pending_recordings()))

    def offer(self) -> tuple[str, str]:
        """The line that offers the oldest answer kept, with `a` to analyse and add it, and the
        same in a few words; empty when none is kept. Worded for each way one is left: a killed
        session or escape mid-answer (not analysed yet), or an answer analysed while the history
        could not be opened (it was, so it is not called "not analysed yet")."""
        found = self.pending
        if not found:
            return "", ""
        from voicecoach.store import local_stamp  # the one reading of a stored time

        first = found[0]
        when = local_stamp(first.started_at)
        what = ", ".join(x for x in (first.question_id or "no question", when) if x)
        closed = sum(bool(p.history_closed) for p in found)
        if len(found) > 1:
            if closed == len(found):
                state, todo = "recorded while history could not be opened", "add the oldest"
            elif closed:
                state, todo = "not in your history yet", "add the oldest"
            else:
                state, todo = "not analysed yet", "analyse the oldest"
            return (
                f"{len(found)} answers {state} (oldest: {what}) — press a to {todo}",
                f"{len(found)} answers kept — press a",
            )
        if closed:
            line = (
                f"1 answer recorded while history could not be opened ({what}) — press a "
                "to add it to history"
            )
            return line, "1 answer kept — press a"
        return (
            f"1 answer not analysed yet ({what}) — press a to analyse it",
            "1 answer kept — press a",
        )

    def take_recovered(self) -> PendingRecording | None:
        """`a`: the oldest answer kept, no longer offered (None when there is none)."""
        with self._lock:
            if not self._pending:
                return None
            pending, self._pending = self._pending[0], self._pending[1:]
        self.events.offer_changed()
        return pending

    def analyse_recovered(self, pending: PendingRecording) -> RecoveredOutcome | None:
        """The normal analyse+save path (blocking), after rewriting the sizes a killed writer
        left. None when it held no audio (removed, and said) or quitting stopped it (kept);
        a failure offers it again and raises."""
        with self._analysis_running():
            return self._analyse_recovered(pending)

    def _analyse_recovered(self, pending: PendingRecording) -> RecoveredOutcome | None:
        import soundfile as sf

        from voicecoach.audio.recovery import repair_wav

        path = Path(pending.path)
        closing = self._files_closing.pop(path, None)
        if closing is not None:  # offered at once on escape: its file may still be closing
            closing.wait(FILE_CLOSE_WAIT_S)
        try:
            repair_wav(path)
            if sf.info(str(path)).frames == 0:  # killed before the first block reached disk
                self._finish_recording(path, delete_audio=True)
                self.events.notify(NO_AUDIO_KEPT, 6)
                return None
            self._wait_for_model()
            question = self.bank.get(pending.question_id or "") or Question(
                pending.question_id or "recovered", "Recovered answer", "", 0.0, 3600.0
            )
            analysis = self.services.analyse(
                path, self.transcriber, question, self._report_config(), self._stop_if_quitting
            )
            self._stop_if_quitting()
        except Quitting:  # its marker stays: offered again at the next start
            self.stopped_answers.append(path)
            return None
        except BaseException:
            self._set_pending([pending, *self.pending])
            raise
        attempt, save_error = None, ""
        store = self.services.store
        try:
            if store is None:
                raise VoicecoachError(self.services.store_error or "history could not be opened")
            attempt = store.save(
                analysis, path, pending.question_id, created_at=pending.started_at or None
            )
        except Exception as exc:  # the analysis is still worth showing; the file stays pending
            save_error = f"not saved to history: {describe_error(exc)}"
        else:
            path = Path(getattr(attempt, "audio_path", None) or path)
        from voicecoach.store import local_stamp

        self.last_answer = (path, attempt)
        when = local_stamp(pending.started_at)
        notice = (
            f"Recorded {when} while history could not be opened; analysed again now."
            if pending.history_closed
            else f"Recorded {when}, kept, and analysed now."
        )
        follow = self._follow_delivery(analysis, path, attempt, None)
        return RecoveredOutcome(question, analysis, path, attempt, save_error, notice, follow)

    def leave_recording(
        self,
        recorder: RecorderLike,
        path: Path | None = None,
        question_id: str | None = None,
    ) -> LeftRecording:
        """Leaving mid-answer (escape, q; quick, on the UI thread): offer the answer at once and
        say so; ``close_left`` then closes it. Closing waits for the live transcriber's chunk in
        hand (seconds on a busy machine): the offer used to wait for it, and the speaker landed
        on the list with no word of the answer. Not offered when nothing was heard yet (an
        empty file is removed)."""
        self._release(recorder)
        left = LeftRecording(announce=True)
        if path is not None:
            self._files_closing[Path(path)] = left.closed
        heard = float(getattr(recorder, "elapsed_s", 0.0) or 0.0) > 0
        if path is not None and heard and self.services.store is not None:
            from voicecoach.audio.markers import PendingRecording
            from voicecoach.private_files import utc_now

            left = LeftRecording(announce=False, closed=left.closed)
            self._keep(PendingRecording(Path(path), question_id, utc_now(), 0, 0), True)
        return left

    def close_left(
        self, recorder: RecorderLike, live: LiveLike | None, left: LeftRecording
    ) -> None:
        """Close the file of an answer left without transcribing (blocking), and offer it (`a`
        analyses it; its marker stays, so a later start offers it too). Only a file with no
        audio at all is removed: an answer stopped with escape is never lost unseen."""
        try:
            stopped = recorder.stop()
        finally:
            left.closed.set()
        store = self.services.store
        try:
            if stopped and store is None and self.services.store_error:  # its marker stays
                self.events.notify(f"Answer stopped without feedback; {UNSAVED_KEPT}.", 6)
            if not stopped or store is None:
                return
            path = Path(stopped)
            try:
                import soundfile as sf

                frames: int | None = sf.info(str(path)).frames
            except Exception:  # unreadable here: keep it, the analysis will say what is wrong
                frames = None
            if frames == 0:
                store.finish_recording(path, delete_audio=True)
                self._withdraw(path)
                return
            pending = store.unfinished_recording(path)
            if pending is not None:  # the marker's own times, in place of the first offer's
                self._keep(pending, left.announce)
        finally:
            if live is not None:
                live.close()

    def _keep(self, pending: PendingRecording, announce: bool) -> None:
        """Offer an answer stopped without feedback (after older ones; in place of the same
        file offered already) and, with ``announce``, say so."""
        same = Path(pending.path)
        with self._lock:
            self._pending = [*(p for p in self._pending if Path(p.path) != same), pending]
        self.events.offer_changed()
        if announce:
            self.events.notify(KEPT_NOTICE, 6)

    def _withdraw(self, path: Path) -> None:
        """The answer offered held no audio after all (it is removed): offer it no more."""
        with self._lock:
            left = [p for p in self._pending if Path(p.path) != Path(path)]
            changed, self._pending = len(left) != len(self._pending), left
        if changed:
            self.events.offer_changed()

    # --- history ------------------------------------------------------------------------------

    def latest_attempts(self, question_ids: Iterable[str]) -> dict[str, Any]:
        """Each question's newest attempt, for the list's "last result" (blocking)."""
        store = self.services.store
        return dict(store.latest_attempts(question_ids)) if store is not None else {}

    def latest_answer(self) -> tuple[Path, Any] | None:
        """`p` with nothing recorded this session: the history's latest attempt with its audio
        (blocking); None when there is none, or the history is unreadable."""
        if self.services.store is None:
            return None
        try:
            attempt = self.services.store.latest()
        except Exception:  # the history is unreadable: said as for no answer
            attempt = None
        audio = getattr(attempt, "audio_path", None)
        if attempt is None or audio is None:
            return None
        return Path(audio), attempt

    def personal_targets(
        self, question_id: str, this: Any, analysis: Analysis
    ) -> list[PersonalTarget]:
        """The speaker's own targets from this question's earlier answers (not ``this``
        attempt) and ``analysis`` (blocking: it reads the history); none without a history."""
        from voicecoach.analysis.content import personal_targets

        store = self.services.store
        if store is None:
            return []
        attempts = [a for a in store.list(question_id) if not same_attempt(a, this)]
        if all(getattr(a, "created_at", None) is not None for a in attempts):
            attempts.sort(key=lambda a: (a.created_at, getattr(a, "id", 0)))
        else:
            attempts.reverse()  # the store lists newest first
        history = [a.analysis for a in attempts if getattr(a, "analysis", None) is not None]
        return personal_targets(
            [*history, analysis],
            self.config.max_fillers_per_min,
            (self.config.pace_min_wpm, self.config.pace_max_wpm),
        )

    # --- follow-up questions ------------------------------------------------------------------

    def followup_for(self, question: Question, analysis: Analysis) -> FiredFollowup | None:
        """The follow-up an interviewer asks after this answer (quick: rules on the words);
        none after a follow-up's own answer."""
        if question.parent_id is not None or not question.followups:
            return None
        from voicecoach.analysis.followups import next_followup

        return next_followup(question, analysis)

    def take_followup(self, followup: Question, parent_attempt: Any) -> None:
        """The speaker takes the follow-up offered after ``parent_attempt``'s results: its
        answers are saved linked to that attempt (none when it was not saved)."""
        self._followup_parent = (followup.id, getattr(parent_attempt, "id", None))

    def parent_attempt_id(self, question: Question) -> int | None:
        """The stored attempt ``question`` (a follow-up taken with ``take_followup``) follows
        up on; None for a bank question, or one whose parent was not saved."""
        held = self._followup_parent
        if held is None or question.parent_id is None or held[0] != question.id:
            return None
        return held[1]

    # --- the mock interview (`i` on the list) -------------------------------------------------

    def start_interview(self, questions: Iterable[Question]) -> Notice:
        """The bank's questions in order; what to say as it begins."""
        self.interview = InterviewSession(list(questions))
        return self.interview.opening()

    def interview_position(self, question: Question) -> tuple[int, int] | None:
        """(n, total) while ``question`` is the mock interview's, for "Question n of total"."""
        return self.interview.position(question) if self.interview is not None else None

    def interview_answered(self, question: Question, analysis: Analysis) -> InterviewReport | None:
        """An answer's results are shown: a mock interview keeps it (its latest answer to that
        question); after the last question its report is due."""
        interview = self.interview
        if interview is None or not interview.covers(question):
            return None
        fired = self.followup_for(question, analysis)
        asked = fired.question if fired is not None else None
        if not interview.record(question, analysis, asked, fired.because if fired else ""):
            return None
        return InterviewReport(interview, self._interviews_dir(), self.config.max_fillers_per_min)

    def end_interview(self) -> tuple[Notice | None, InterviewReport | None]:
        """Back on the question list: a mock interview left before its last answer ends here
        (what to say now, and a partial report to write). Left running, it took later practice
        answers for its own and wrote an "Interview finished" report of unrelated answers. The
        answers given stay in history; with at least one, a partial report is written (the
        rest marked not answered)."""
        interview, self.interview = self.interview, None
        if interview is None or interview.finished:
            return None, None
        if not interview.answers:
            return Notice(f"{interview.ended_line()}.", 8), None
        limit = self.config.max_fillers_per_min
        return None, InterviewReport(interview, self._interviews_dir(), limit, partial=True)

    def _interviews_dir(self) -> Path:
        """`interviews/` beside the attempts (the store's root), else the data directory."""
        return interviews_dir(getattr(self.services.store, "root", None), self.config.home)

    # --- playback -----------------------------------------------------------------------------

    def toggle_playback(self, audio_path: Path) -> None:
        """Play an answer (blocking while the player opens); the same answer again pauses or
        resumes it, or plays it from the start once it has finished."""
        player = self._player
        if player is not None and self._player_path == audio_path:
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
        self._player, self._player_path = factory(audio_path), audio_path
        self._player.play()

    def release_player(self) -> Any:
        """The player of the answer playing, if any, for the caller to stop (off the UI
        thread); the next ``toggle_playback`` starts afresh."""
        player, self._player, self._player_path = self._player, None, None
        return player
