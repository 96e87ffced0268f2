"""How an answer sounded (pitch, loudness, trailing off), measured after its report is shown,
and kept with the report, its check and its stored attempt; a mock interview's report waits
for the parts of its answers (bounded).

Why apart: the report is due within a second of the stop and librosa takes 2-3 s on a 90 s
answer, so the part follows on its own clock; whoever shows or writes the report asks here
whether it has arrived.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voicecoach.config import Config
from voicecoach.errors import describe_error
from voicecoach.practice.services import Services

if TYPE_CHECKING:
    from voicecoach.datatypes import Analysis
    from voicecoach.practice.checking import AnswerCheck

log = logging.getLogger(__name__)

# How long a mock interview's report waits for its answers' delivery parts: the measure's own
# bound (``delivery_process.WAIT_S``, 120 s) and a margin; a part measured takes 2-3 s.
REPORT_WAITS_FOR_DELIVERY_S = 125.0
POLL_S = 0.1  # how often that wait looks whether the app quits


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
    # Set with ``done``: what a report written meanwhile waits for.
    arrived: threading.Event = field(default_factory=threading.Event, compare=False, repr=False)

    def holds(self, analysis: Analysis) -> bool:
        """Whether ``analysis`` gets this part: the live report, or the check's that replaced
        it."""
        check = self.check
        return analysis is self.analysis or (check is not None and check.checked is analysis)


class DeliveryFollows:
    """The measures that follow this session's reports; ``latest`` is the last answer's."""

    def __init__(self, config: Config, services: Services, quitting: threading.Event) -> None:
        self.config = config
        self.services = services
        self.quitting = quitting
        self.latest: DeliveryFollow | None = None
        self._lock = threading.Lock()
        self._pending: list[DeliveryFollow] = []  # not arrived yet, for a report to wait for

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
        with self._lock:
            self._pending = [f for f in self._pending if not f.arrived.is_set()]
            self._pending.append(self.latest)
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
            follow.arrived.set()

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

    def wait_for(self, analyses: Iterable[Analysis]) -> None:
        """Wait until the parts that follow ``analyses`` have arrived or failed (blocking):
        a report written before lacked the last answer's "How it sounded". Bounded by
        ``REPORT_WAITS_FOR_DELIVERY_S``, and cut short once quitting."""
        wanted = list(analyses)
        with self._lock:
            follows = [f for f in self._pending if any(f.holds(a) for a in wanted)]
        deadline = time.monotonic() + REPORT_WAITS_FOR_DELIVERY_S
        for follow in follows:
            while not follow.arrived.wait(POLL_S):
                if self.quitting.is_set() or time.monotonic() > deadline:
                    return
