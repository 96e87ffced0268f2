"""A delivery part (issue 21) as the worker process would measure it, for the tests of the
report-first flow and of the results screen: fixed data, no librosa."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from voicecoach.config import Config
from voicecoach.datatypes import Analysis, Delivery, PaceWindow, SentenceEnd, Verdict


def sample_delivery() -> Delivery:
    """A 9 s answer with a rising and falling pitch, one flat sentence, and its last sentence
    (ending with "queues." at 8.8 s in ``ui_fakes.sample_analysis``) trailing off."""
    step = 0.2
    n = 46
    pitch: list[float | None] = [
        None if i % 9 == 0 else round(120.0 * 2 ** (((i % 12) - 6) / 12.0), 1) for i in range(n)
    ]
    loudness = [-20.0 - (12.0 if i > 40 else 0.0) for i in range(n)]
    return Delivery(
        pitch_median_hz=120.0,
        pitch_range_st=5.4,
        pitch_movement_st=2.1,
        monotone=False,
        loudness_dbfs=-20.0,
        loudness_variation_db=4.0,
        sentence_ends=[SentenceEnd(0.5, 6.2, 1.0, False), SentenceEnd(7.5, 8.8, 11.0, True)],
        pace_windows=[PaceWindow(0.5, 5.0, 140.0), PaceWindow(5.0, 8.8, 170.0)],
        verdicts=[
            Verdict("pitch_range_st", 5.4, ">= 3 st", True, "ok", "Pitch range"),
            Verdict("loudness_dbfs", -20.0, "-35 to -6 dBFS", True, "ok", "Loudness"),
            Verdict(
                "trailing_off_share", 0.5, "<= 0.25 of sentence ends", False, "over", "Trailing off"
            ),
        ],
        contour_step_s=step,
        contour_pitch_hz=pitch,
        contour_loudness_dbfs=loudness,
        flat_stretches=[(0.5, 2.2)],
    )


class FakeMeasure:
    """``Services.measure_delivery``: waits for ``gate`` (bounded), then gives ``result``;
    records what it was asked and the ``stopped`` callable it was given."""

    def __init__(
        self,
        result: tuple[Delivery | None, str] | None = None,
        gate: threading.Event | None = None,
    ) -> None:
        self.result = result if result is not None else (sample_delivery(), "")
        self.gate = gate
        self.calls: list[tuple[Path, Analysis]] = []
        self.stopped: list[Any] = []

    def __call__(
        self, path: Path, analysis: Analysis, config: Config, stopped: Any
    ) -> tuple[Delivery | None, str]:
        self.calls.append((Path(path), analysis))
        self.stopped.append(stopped)
        if self.gate is not None:
            self.gate.wait(10)
        return self.result
