"""The markers beside recordings in progress: which answers a killed or crashed run left behind.

A recording in ``recordings/`` has a JSON marker beside it (pid, the process's start time,
question, start time). While its process runs the answer is being recorded; once the process is
gone (killed, crashed) the marker is what lets a later start offer the answer instead of
losing it. Audio owns this: the markers are about files being recorded, not about the history
database, which may not even open (``new_recording`` works without it).
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from voicecoach.errors import StoreError
from voicecoach.private_files import (
    compact_time,
    disk_full,
    private_dir,
    private_file,
    safe_name,
    utc_now,
)

MARKER_SUFFIX = ".recording.json"


@dataclass(frozen=True)
class PendingRecording:
    """A recording whose process died before it finished: offer it as a recovered attempt."""

    path: Path  # the WAV being written
    question_id: str | None
    started_at: str
    pid: int
    size_bytes: int
    # Analysed while the database could not be opened (``mark_history_closed``): offered as
    # an answer to add to history, not as one never analysed.
    history_closed: bool = False


def new_recording(recordings_dir: Path, question_id: str | None) -> Path:
    """Where to write a new answer in ``recordings_dir``, with a marker (pid, question, start)
    beside it; call ``finish_recording`` once the answer is saved or discarded.

    A function of the directory, not of an open Store: while the database cannot be opened
    the app still records, and the marker is what lets a later start, with the database
    back, offer the answer. The WAV is created empty and private (0600) so the recorder's
    writes stay private too.
    """
    started = utc_now()
    path = recordings_dir / (
        f"{compact_time(started)}-{safe_name(question_id)}-{uuid.uuid4().hex[:6]}.wav"
    )
    marker = {
        "pid": os.getpid(),
        "pid_start": _proc_start_time(os.getpid()),
        "question_id": question_id,
        "started_at": started,
        "path": path.name,
    }
    try:
        private_dir(recordings_dir)
        private_file(path)
        _write_marker(_marker_for(path), marker)
    except OSError as exc:  # a full disk: nothing recorded yet, so leave nothing behind
        with contextlib.suppress(OSError):
            path.unlink()
        from voicecoach.paths import unwritable_reason

        unusable = unwritable_reason(recordings_dir)
        if disk_full(recordings_dir):
            reason = "the disk is full; free some space and try again"
        elif unusable is not None and "is a file" in unusable:  # not a matter of permissions
            reason = f"{unusable}; choose another data directory with --home"
        else:
            reason = f"{exc.strerror or exc}; check the permissions of {recordings_dir}"
        raise StoreError(f"cannot start a recording in {recordings_dir}: {reason}") from exc
    return path


def finish_recording(path: str | os.PathLike[str], delete_audio: bool = False) -> None:
    """The recording at ``path`` is done with: its marker goes (and, with ``delete_audio``,
    the audio), so no later start offers it."""
    path = Path(path)
    with contextlib.suppress(FileNotFoundError):
        _marker_for(path).unlink()
    if delete_audio:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def mark_history_closed(path: str | os.PathLike[str]) -> None:
    """The answer at ``path`` was analysed, but the database could not be opened to keep it:
    its marker says so, so the next start offers it as an answer to add to history (it was
    offered as "not analysed yet"). Best effort: if the marker cannot be rewritten it stays
    as it was, and the answer is still offered."""
    marker_path = _marker_for(Path(path))
    try:
        marker = json.loads(marker_path.read_text(encoding="utf-8"))
        marker["history_closed"] = True
        _write_marker(marker_path, marker)
    except (OSError, ValueError, TypeError):
        pass


def pending_recordings(recordings_dir: Path) -> list[PendingRecording]:
    """Recordings in ``recordings_dir`` whose process is gone (killed or crashed), oldest first.

    A marker whose WAV no longer exists is skipped (there is nothing to recover).
    """
    found: list[PendingRecording] = []
    for marker_path in sorted(recordings_dir.glob("*" + MARKER_SUFFIX)):
        read = _read_marker(marker_path)
        if read is not None and not _pid_alive(read[0].pid, read[1].get("pid_start")):
            found.append(read[0])
    return found


def unfinished_recording(path: str | os.PathLike[str]) -> PendingRecording | None:
    """The answer at ``path`` as its marker describes it (this process's own answer, left
    without feedback); None when it has no marker or no file."""
    read = _read_marker(_marker_for(Path(path)))
    return read[0] if read is not None else None


def killed_recording(path: str | os.PathLike[str]) -> PendingRecording | None:
    """The answer at ``path`` if it is a kept recording whose process is gone (killed or
    crashed): its WAV header may stop short of the audio on disk; None otherwise."""
    read = _read_marker(_marker_for(Path(path)))
    if read is None or _pid_alive(read[0].pid, read[1].get("pid_start")):
        return None
    return read[0]


def _read_marker(marker_path: Path) -> tuple[PendingRecording, dict[str, Any]] | None:
    """A marker and the recording beside it; None when either is missing or unreadable."""
    try:
        marker = json.loads(marker_path.read_text(encoding="utf-8"))
        pid = int(marker["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    wav = marker_path.with_name(marker_path.name[: -len(MARKER_SUFFIX)] + ".wav")
    if not wav.is_file():
        return None
    pending = PendingRecording(
        path=wav,
        question_id=marker.get("question_id"),
        started_at=str(marker.get("started_at", "")),
        pid=pid,
        size_bytes=wav.stat().st_size,
        history_closed=marker.get("history_closed") is True,
    )
    return pending, marker


def _write_marker(marker_path: Path, marker: dict[str, Any]) -> None:
    """The marker whole or not at all: written private (0600) beside it as ``.part``, then
    renamed over it, so a start that reads it never sees half; the ``.part`` goes on failure."""
    tmp = marker_path.with_name(marker_path.name + ".part")
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(marker, fh)
        os.replace(tmp, marker_path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _marker_for(path: Path) -> Path:
    return path.with_name(path.stem + MARKER_SUFFIX)


def _proc_start_time(pid: int) -> str | None:
    """The kernel's start time of a process (Linux), so a reused pid is not taken for ours."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields_ = stat[stat.rindex(")") + 2 :].split()
    return fields_[19] if len(fields_) > 19 else None


def _pid_alive(pid: int, start_time: str | None = None) -> bool:
    """Whether the recording process still runs (a zombie or a reused pid counts as gone)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process with that pid: do not claim its recording
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no /proc (macOS): trust kill(0)
    rest = stat[stat.rindex(")") + 2 :].split()
    if rest and rest[0] in ("Z", "X"):
        return False
    if start_time is not None and len(rest) > 19 and rest[19] != start_time:
        return False
    return True
