"""How an answer sounded (pitch, loudness, trailing off), measured after its report is shown,
and kept with the report, its check and its stored attempt.

Why apart: the report is due within a second of the stop and librosa takes 2-3 s on a 90 s
answer, so the part follows on its own clock.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voicecoach.config import Config
from voicecoach.errors import describe_error
from voicecoach.practice.services import Services

if TYPE_CHECKING:
    from voicecoach.datatypes import Analysis
    from voicecoach.practice.checking import AnswerCheck

log = logging.getLogger(__name__)


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


class DeliveryFollows:
    """The measures that follow this session's reports; ``latest`` is the last answer's."""

    def __init__(self, config: Config, services: Services, quitting: threading.Event) -> None:
        self.config = config
        self.services = services
        self.quitting = quitting
        self.latest: DeliveryFollow | None = None

    def report_config(self) -> Config:
        """The settings an answer's report is made with: without the delivery part when it
        follows the report (``measure``), so the report does not wait 2-3 s for it."""
        if self.config.delivery and self.services.measure_delivery is not None:
            return dataclasses.replace(self.config, delivery=False)
        return self.config

    def follow(
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
        self.latest = DeliveryFollow(analysis, path, attempt, check)
        return self.latest

    def measure(self, follow: DeliveryFollow) -> None:
        """Measure how the answer sounded (blocking; in a worker process, so no key waits) and
        add it to its report, to the checked report if the check replaced it, and to the
        stored attempt, whichever report it holds by then. Never raises: a failure, or
        quitting, leaves the report without it and ``follow.note`` says why."""
        measure = self.services.measure_delivery
        try:
            if measure is None:
                return
            delivery, follow.note = measure(
                follow.audio_path, follow.analysis, self.config, self.quitting.is_set
            )
            if delivery is not None:
                self._keep(follow, delivery)
        except Exception as exc:  # the report stands without it
            follow.note = f"pitch and loudness not measured ({describe_error(exc)})"
        finally:
            follow.done = True

    def _keep(self, follow: DeliveryFollow, delivery: Any) -> None:
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
