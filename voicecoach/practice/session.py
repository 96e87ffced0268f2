"""The answer's life without a UI, as the one object the App talks to: a thin facade over the
session's parts, each in its own module under ``voicecoach.practice``:

- ``speech_model``: the model, loaded once, waited for by each answer (bounded);
- ``in_hand``: answers being recorded or analysed, and quitting (``Quitting``);
- ``recordings``: where an answer's file goes, opening the microphone, a short take discarded;
- ``answer_analysis``: a stopped answer analysed and saved (``AnswerOutcome``);
- ``delivery_follow``: how it sounded, measured after the report (``DeliveryFollow``);
- ``session_checks``: the check of a live report, and of answers left unchecked;
- ``kept_answers``: answers kept for later (`a`), left mid-answer or by a killed session;
- ``history_reads``, ``followup_links``, ``interview_flow``, ``playback``: the rest.

Why here: the App only runs these blocking calls in its thread workers and shows what they
return, so the workflow is tested without Textual. What the session has to say on its own (a
kept answer, a notice) goes to ``SessionEvents``, called from whichever thread it runs on; the
App turns it into UI.

Every wait ends: the model is waited for ``speech_model.MODEL_WAIT_S`` at most, and once
``quit`` is called each answer in hand stops at its next step (``Quitting``), its recording
complete on disk and its marker left, so the next start offers it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voicecoach.config import Config
from voicecoach.practice.answer_analysis import (
    HISTORY_CLOSED,
    AnswerAnalysis,
    AnswerOutcome,
    analysed_in_background,
)
from voicecoach.practice.delivery_follow import DeliveryFollow, DeliveryFollows
from voicecoach.practice.followup_links import FollowupLinks, followup_for
from voicecoach.practice.history_reads import HistoryReads
from voicecoach.practice.in_hand import AnswersInHand, Quitting
from voicecoach.practice.interview import InterviewReport, InterviewSession, Notice, Skipped
from voicecoach.practice.interview_flow import InterviewFlow
from voicecoach.practice.kept_answers import (
    ANALYSIS_STOPPED,
    KEPT_NOTICE,
    KeptAnswers,
    LeftRecording,
    RecoveredOutcome,
)
from voicecoach.practice.playback import Playback
from voicecoach.practice.recordings import Recordings, StartedRecording, is_short_take
from voicecoach.practice.services import LiveLike, ProgressFn, RecorderLike, Services
from voicecoach.practice.session_checks import SessionChecks
from voicecoach.practice.session_events import SessionEvents
from voicecoach.practice.speech_model import SpeechModel
from voicecoach.questions import Bank, Question

if TYPE_CHECKING:
    from voicecoach.analysis.followups import FiredFollowup
    from voicecoach.audio.markers import PendingRecording
    from voicecoach.datatypes import Analysis, PersonalTarget
    from voicecoach.practice.checking import AnswerCheck

# What the UI and the tests name through this module, whichever part holds it.
__all__ = [
    "ANALYSIS_STOPPED",
    "HISTORY_CLOSED",
    "KEPT_NOTICE",
    "AnswerOutcome",
    "DeliveryFollow",
    "LeftRecording",
    "PracticeSession",
    "Quitting",
    "RecoveredOutcome",
    "SessionEvents",
    "StartedRecording",
    "analysed_in_background",
    "is_short_take",
]


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
        self._model = SpeechModel(services, self.model_name)
        self._in_hand = AnswersInHand()
        self._recordings = Recordings(config, services, self._model, self._in_hand)
        self._delivery = DeliveryFollows(config, services, self._in_hand.quitting)
        self._checks = SessionChecks(
            config, bank, services, self._model, self._delivery, self.events
        )
        self._followups = FollowupLinks()
        self._answers = AnswerAnalysis(
            services,
            self._model,
            self._in_hand,
            self._checks,
            self._delivery,
            self._followups.parent_attempt_id,
        )
        self._kept = KeptAnswers(
            bank,
            services,
            self.events,
            self._model,
            self._in_hand,
            self._recordings,
            self._delivery,
        )
        self._history = HistoryReads(config, services)
        self._interview = InterviewFlow(config, services, self._delivery)
        self._playback = Playback(services)
        # The most recent answer this session (audio path, stored attempt or None), for `p`.
        self.last_answer: tuple[Path, Any] | None = None
        # The microphone check ran (or was skipped) this session: once per run, not per answer.
        self.mic_checked = False

    # --- what the parts hold, read by the UI and the tests ------------------------------------

    @property
    def transcriber(self) -> Any:
        return self._model.transcriber

    @property
    def model_error(self) -> str | None:
        return self._model.error

    @property
    def stopped_answers(self) -> list[Path]:
        """Answers whose analysis stopped because the app quit: kept, offered next start."""
        return self._in_hand.stopped_answers

    @property
    def check(self) -> AnswerCheck | None:
        """The check of the last live report, if one was set to follow it."""
        return self._checks.current

    @property
    def delivery(self) -> DeliveryFollow | None:
        """The measure of how the last answer sounded, which follows its report."""
        return self._delivery.latest

    @property
    def interview(self) -> InterviewSession | None:
        """The mock interview in progress (`i`)."""
        return self._interview.interview

    @property
    def pending(self) -> list[PendingRecording]:
        """Answers kept for `a` (a killed session, escape mid-answer, history closed), oldest
        first."""
        return self._kept.pending

    @property
    def analysing(self) -> int:
        """How many answers are being transcribed and saved now."""
        return self._in_hand.analysing

    @property
    def answer_in_hand(self) -> bool:
        """Whether an answer is being recorded (its microphone opening included) or analysed:
        the check of earlier answers then waits, it would share the model and the CPU."""
        return self._in_hand.any

    # --- the model and whether an answer can be taken -----------------------------------------

    def load_model(self) -> str | None:
        return self._model.load()

    def model_problem(self) -> str | None:
        return self._model.problem()

    def storage_problem(self) -> str | None:
        return self._recordings.storage_problem()

    def storage_line(self) -> str:
        return self._recordings.storage_line()

    def mic_check_due(self) -> bool:
        """Whether the first answer waits for the microphone check: once a session, unless the
        config or ``--no-mic-check`` turned it off, or this install cannot check."""
        wanted = self.config.mic_check and self.services.level_check_factory is not None
        return wanted and not self.mic_checked

    def refusal(self) -> str | None:
        """Whether an answer can be taken now, and if not why (quick: from what is known; the
        model still loading is no reason, the answer waits for it)."""
        return self.model_problem() or self.storage_problem()

    # --- quitting -----------------------------------------------------------------------------

    def quit(self) -> None:
        """Every way out: answers in hand stop at their next step, the check is cancelled."""
        self._in_hand.quitting.set()
        self.cancel_check()

    def exit_note(self, signal_name: str | None, recording: Path | None) -> str:
        return self._in_hand.exit_note(signal_name, recording)

    def close_recordings(self) -> Path | None:
        return self._in_hand.close_recordings()

    # --- recording, and the answer analysed ---------------------------------------------------

    def new_recording_path(self, question_id: str) -> Path:
        return self._recordings.new_path(question_id)

    def recording_asked(self) -> None:
        """A recording is asked for (quick, on the UI thread): the check of the last live report
        stops (the new answer's live transcription needs the model), and the answer counts as
        in hand while its microphone opens (``start_recording``)."""
        self._in_hand.asked()
        self.cancel_check()

    def start_recording(self, question: Question) -> StartedRecording:
        """Open the microphone (blocking); in progress until ``finish_answer`` or
        ``leave_recording``."""
        return self._recordings.start(question)

    def discard_take(self, recorder: RecorderLike, path: Path, live: LiveLike | None) -> None:
        self._recordings.discard_take(recorder, path, live)

    def stopping(self, recorder: RecorderLike) -> None:
        """The speaker stopped the answer (quick, on the UI thread): from now on it is closed by
        ``finish_answer``, not by quitting, and counts as in hand until its analysis ends."""
        self._in_hand.stopping(recorder)

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
        outcome = self._answers.finish(recorder, path, question, live, on_transcribing, on_progress)
        if outcome is not None:
            self.last_answer = (outcome.audio_path, outcome.attempt)
        return outcome

    def measure_delivery(self, follow: DeliveryFollow) -> None:
        self._delivery.measure(follow)

    # --- the check of a live report -----------------------------------------------------------

    def cancel_check(self) -> None:
        self._checks.cancel()

    def check_answer(
        self,
        check: AnswerCheck,
        path: Path,
        question: Question,
        attempt: Any,
        stopped: Callable[[], bool] = lambda: False,
    ) -> None:
        self._checks.check_answer(check, path, question, attempt, stopped)

    def follow_check(self, check: AnswerCheck) -> None:
        """The checked report replaces the live one where this session kept it (`p`, a mock
        interview's answers)."""
        if check.checked is not None:
            self._interview.replace(check.live, check.checked)
        if check.checked is None or self.last_answer is None or check.attempt is None:
            return
        path, attempt = self.last_answer
        kept_id = getattr(attempt, "id", None)
        if kept_id is not None and kept_id == getattr(check.attempt, "id", None):
            self.last_answer = (path, check.attempt)

    def begin_kept_check(self) -> threading.Event:
        return self._checks.begin_kept()

    def check_kept(self, stop: threading.Event) -> None:
        self._checks.check_kept(stop)

    # --- answers kept for later (`a`) ---------------------------------------------------------

    def find_pending(self) -> None:
        self._kept.find()

    def offer(self) -> tuple[str, str]:
        return self._kept.offer()

    def take_recovered(self) -> PendingRecording | None:
        return self._kept.take()

    def analyse_recovered(self, pending: PendingRecording) -> RecoveredOutcome | None:
        outcome = self._kept.analyse(pending)
        if outcome is not None:
            self.last_answer = (outcome.audio_path, outcome.attempt)
        return outcome

    def leave_recording(
        self,
        recorder: RecorderLike,
        path: Path | None = None,
        question_id: str | None = None,
    ) -> LeftRecording:
        return self._kept.leave(recorder, path, question_id)

    def close_left(
        self, recorder: RecorderLike, live: LiveLike | None, left: LeftRecording
    ) -> None:
        self._kept.close_left(recorder, live, left)

    # --- history ------------------------------------------------------------------------------

    def latest_attempts(self, question_ids: Iterable[str]) -> dict[str, Any]:
        return self._history.latest_attempts(question_ids)

    def latest_answer(self) -> tuple[Path, Any] | None:
        return self._history.latest_answer()

    def personal_targets(
        self, question_id: str, this: Any, analysis: Analysis
    ) -> list[PersonalTarget]:
        return self._history.personal_targets(question_id, this, analysis)

    # --- follow-up questions ------------------------------------------------------------------

    def followup_for(self, question: Question, analysis: Analysis) -> FiredFollowup | None:
        return followup_for(question, analysis)

    def take_followup(self, followup: Question, parent_attempt: Any) -> None:
        self._followups.take(followup, parent_attempt)

    def parent_attempt_id(self, question: Question) -> int | None:
        return self._followups.parent_attempt_id(question)

    # --- the mock interview (`i` on the list) -------------------------------------------------

    def start_interview(self, questions: Iterable[Question]) -> Notice:
        return self._interview.start(questions)

    def interview_position(self, question: Question) -> tuple[int, int] | None:
        return self._interview.position(question)

    def interview_answered(self, question: Question, analysis: Analysis) -> InterviewReport | None:
        return self._interview.answered(question, analysis)

    def end_interview(self) -> tuple[Notice | None, InterviewReport | None]:
        return self._interview.end()

    def skip_interview_question(self, question: Question) -> Skipped | None:
        return self._interview.skip(question)

    # --- playback -----------------------------------------------------------------------------

    def toggle_playback(self, audio_path: Path) -> None:
        self._playback.toggle(audio_path)

    def release_player(self) -> Any:
        return self._playback.release()
