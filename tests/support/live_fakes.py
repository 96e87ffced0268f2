"""A fake live transcriber for the practice screen, shared by the UI tests and the system tests
that drive the app in-process."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from support.ui_fakes import sample_analysis
from voicecoach.datatypes import Analysis
from voicecoach.practice.live import LiveState


class FakeLive:
    """A live transcriber whose state the test sets; ``analyse`` returns the fixed analysis."""

    def __init__(self) -> None:
        self.state = LiveState()
        self.fed = 0
        self.started = self.closed = False
        self.analysed = threading.Event()

    def feed(self, block: Any) -> None:
        self.fed += 1

    def start(self) -> FakeLive:
        self.started = True
        return self

    def close(self) -> None:
        self.closed = True

    def analyse(self, question: Any, config: Any, progress: Callable[[float], None]) -> Analysis:
        progress(1.0)
        self.analysed.set()
        return sample_analysis(question.id if question else "intro")
