"""An answer stopped: its recording closed, transcribed (the live transcriber's report, else
the whole file once the model is loaded), analysed and saved, its check and its delivery part
set to follow.

Why apart: this is the one path from the stop to the report, with the order that keeps an
answer safe (saved, then its recording marked finished) and the step where quitting stops it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voicecoach.errors import describe_error
from voicecoach.practice.delivery_follow import DeliveryFollow, DeliveryFollows
from voicecoach.practice.in_hand import AnswersInHand, Quitting
from voicecoach.practice.services import LiveLike, ProgressFn, RecorderLike, Services
from voicecoach.practice.session_checks import SessionChecks
from voicecoach.practice.speech_model import SpeechModel
from voicecoach.questions import Question

if TYPE_CHECKING:
    from voicecoach.datatypes import Analysis
    from voicecoach.practice.checking import AnswerCheck

log = logging.getLogger(__name__)

# What happens to an answer analysed while the history's database cannot be opened: its report
# is shown, the next start offers to add it.
HISTORY_CLOSED = "history could not be opened: the next start offers to add it to your history"


def analysed_in_background(question: Question, attempt: Any, save_error: str) -> str:
    """What is said of an answer the speaker left while it was analysed, once it is done."""
    if attempt is not None:
        return f"Your answer to '{question.title}' is analysed and saved (h: history)."
    said = save_error[:1].upper() + save_error[1:]
    return f"Your answer to '{question.title}' is analysed; p replays it. {said}".strip()


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


class AnswerAnalysis:
    """Takes a stopped answer to its report (blocking, in the caller's thread)."""

    def __init__(
        self,
        services: Services,
        model: SpeechModel,
        in_hand: AnswersInHand,
        checks: SessionChecks,
        delivery: DeliveryFollows,
        parent_attempt_id: Callable[[Question], int | None],
    ) -> None:
        self.services = services
        self.model = model
        self.in_hand = in_hand
        self.checks = checks
        self.delivery = delivery
        self.parent_attempt_id = parent_attempt_id

    def finish(
        self,
        recorder: RecorderLike,
        path: Path,
        question: Question,
        live: LiveLike | None,
        on_transcribing: Callable[[Path, bool], None],
        on_progress: ProgressFn,
    ) -> AnswerOutcome | None:
        """Close the recording, wait for the model if needed, transcribe, analyse, save. None
        when quitting stopped it (kept in ``stopped_answers``)."""
        in_hand = self.in_hand
        with in_hand.analysis_running():
            in_hand.release(recorder)
            in_hand.analysis_begins()  # counted as analysing from here (``analysis_running``)
            path = recorded = Path(recorder.stop() or path)
            on_transcribing(path, not self.model.settled.is_set())
            try:
                analysis, check = self._report(path, question, live, on_progress)
            except Quitting:  # the file is complete and its marker stays
                in_hand.stopped_answers.append(recorded)
                return None
            attempt, path, save_error = self._save(analysis, path, recorded, question, check)
            if check is not None and self.model.transcriber is not None:
                self.checks.replace(check)  # before the report is shown: its screen asks for it
            else:
                check = None
            follow = self.delivery.follow(analysis, path, attempt, check)
            return AnswerOutcome(analysis, path, attempt, save_error, check, follow)

    def _report(
        self, path: Path, question: Question, live: LiveLike | None, on_progress: ProgressFn
    ) -> tuple[Analysis, AnswerCheck | None]:
        """The live transcriber's report with its check to follow, else the whole file's once
        the model is loaded. Raises ``Quitting`` between two steps once quitting: not saved,
        it is offered next start."""
        in_hand = self.in_hand

        def progress(fraction: float) -> None:
            in_hand.stop_if_quitting()
            on_progress(fraction)

        config = self.delivery.report_config()
        analysis: Analysis | None = None
        check: AnswerCheck | None = None
        if live is not None:
            try:
                analysis = live.analyse(question, config, progress)
                from voicecoach.practice.checking import AnswerCheck

                check = AnswerCheck(analysis)
            except Quitting:
                raise
            except Exception as exc:
                log.warning("live transcription failed, transcribing the file: %s", exc)
        if analysis is None:
            transcriber = self.model.wait(in_hand.quitting)
            analysis = self.services.analyse(path, transcriber, question, config, progress)
        in_hand.stop_if_quitting()
        return analysis, check

    def _save(
        self,
        analysis: Analysis,
        path: Path,
        recorded: Path,
        question: Question,
        check: AnswerCheck | None,
    ) -> tuple[Any, Path, str]:
        """Saved, then the recording marked finished: a crash before this point leaves the
        recording for the store to recover; a failure above leaves it where it is. The attempt
        (None when not saved), where the audio is now, and why it was not saved."""
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
        return attempt, path, save_error
