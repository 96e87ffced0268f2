"""The checks this session runs against whole recordings: the last live report's, after its
results are shown, and those of attempts an earlier session left unchecked, at the start.

Why apart: both share the model with a new answer, so recording stops them; what a check keeps
is ``voicecoach.practice.checking``'s call, when to run and stop one is decided here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voicecoach.config import Config
from voicecoach.practice.delivery_follow import DeliveryFollows
from voicecoach.practice.services import ProgressFn, Services
from voicecoach.practice.session_events import SessionEvents
from voicecoach.practice.speech_model import SpeechModel
from voicecoach.questions import Bank, Question

if TYPE_CHECKING:
    from voicecoach.datatypes import Analysis
    from voicecoach.practice.checking import AnswerCheck


class SessionChecks:
    """The check of the last live report (``current``; not counted as an answer being
    analysed: quitting, recording or replaying stops it instead of waiting for it, the attempt
    then stays unchecked) and the stop of the check of attempts left unchecked."""

    def __init__(
        self,
        config: Config,
        bank: Bank,
        services: Services,
        model: SpeechModel,
        delivery: DeliveryFollows,
        events: SessionEvents,
    ) -> None:
        self.config = config
        self.bank = bank
        self.services = services
        self.model = model
        self.delivery = delivery
        self.events = events
        self.current: AnswerCheck | None = None
        self._kept_stop = threading.Event()

    def cancel(self) -> None:
        """Stop the check of the last live report, if it runs (Whisper stops at its next
        segment), and that of attempts left unchecked; history keeps the live report marked
        unchecked, and the next start checks it."""
        self._kept_stop.set()
        check = self.current
        if check is not None and not check.done:
            check.cancel.set()

    def replace(self, check: AnswerCheck) -> None:
        """A new live report is shown: its check is the one to run, the last one stops."""
        self.cancel()
        self.current = check

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
            # Without the delivery part when it follows the live report: the check carries
            # that one over instead of measuring it twice.
            config = self.delivery.report_config()
            transcriber = self.model.transcriber
            return self.services.analyse(path, transcriber, question, config, progress)

        try:
            run_check(check, analyse, attempt, self.services.store, stopped)
        finally:  # whatever happened, the "checking…" line does not stay
            check.done = True

    def begin_kept(self) -> threading.Event:
        """A new check of attempts left unchecked is about to start: its own stop, which
        ``cancel`` sets (recording stops it)."""
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
                attempt.audio_path, self.model.transcriber, question, self.config, progress
            )

        done = check_kept(store, analyse, stop.is_set)
        changed = sum(1 for d in done if d.changes)
        if changed:
            said = f"{changed} earlier answer{'s' if changed > 1 else ''}"
            self.events.notify(f"Checked {said} against the whole recording (h: history).", 6)
