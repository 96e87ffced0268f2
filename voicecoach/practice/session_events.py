"""What the session says on its own, apart from any answer the UI asked for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class SessionEvents:
    """What the session says on its own, from whichever thread it runs on (the App marshals
    both to the UI): a notice, and that the answers kept for `a` changed (``offer``)."""

    notify: Callable[[str, float], None] = lambda _text, _timeout: None
    offer_changed: Callable[[], None] = lambda: None
