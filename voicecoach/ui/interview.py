"""The mock interview on the App: `i` on the question list walks the bank in order (`n` on each
results screen goes on), and the last answer writes the same report as `voicecoach interview`.

The session itself is ``voicecoach.practice.interview.InterviewSession``; these helpers find it,
and the folder for its report, on the App.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from voicecoach.practice.interview import InterviewSession, interviews_dir

__all__ = ["InterviewSession", "report_dir", "session_of"]


def session_of(app: Any) -> InterviewSession | None:
    """The mock interview in progress on ``app``, if any."""
    session = getattr(app, "interview_session", None)
    return session if isinstance(session, InterviewSession) else None


def report_dir(app: Any) -> Path:
    """`interviews/` beside the attempts (the store's root), else the data directory."""
    store = getattr(getattr(app, "services", None), "store", None)
    home = getattr(getattr(app, "config", None), "home", None)
    return interviews_dir(getattr(store, "root", None), home)
