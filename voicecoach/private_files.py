"""Files only their owner can read, named by the time they were made and the question.

Voices are personal data: the store's audio and database and the recordings in progress beside
them (``voicecoach.audio.markers``) follow the same rules, so both take them from here.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from datetime import datetime, timezone
from pathlib import Path


def utc_now() -> str:
    """The current time as the ISO string every row uses (sortable as text)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def compact_time(iso: str) -> str:
    """An ISO time as a file name's prefix (``20250101T120000``), so names sort by time."""
    return re.sub(r"[^0-9T]", "", iso.split("+")[0])[:15]


def safe_name(text: str | None) -> str:
    """A question id usable in a file name (no separators, no dots at the start)."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", text or "").strip("-")
    return cleaned[:40] or "attempt"


def private_dir(path: Path) -> Path:
    """Create (or tighten) a directory only its owner can enter."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        path.chmod(0o700)
    return path


def private_file(path: Path) -> None:
    """Create (or tighten) a file readable by its owner only."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    with contextlib.suppress(OSError):
        path.chmod(0o600)


def disk_full(directory: Path) -> bool:
    """Almost no space left where ``directory`` lives (under 64 KiB for this user): the
    errors of a full disk (SQLite's "disk I/O error", libsndfile's "System error.") do not
    say so."""
    try:
        return shutil.disk_usage(directory).free < 64 * 1024
    except OSError:
        return False
