"""Every attempt kept: a SQLite database (WAL) and the audio files beside it.

Layout inside ``data_dir(home)`` (``--home``, ``$VOICECOACH_HOME`` or the platform data dir)::

    voicecoach.db            attempts, one row each, with the full JSON report
    audio/                   the attempts' audio, named <time>-<question>-<id>.<ext>
    recordings/              answers being recorded now, each with a JSON marker beside it

Why it is built this way:

- Nothing lost: a write is one short ``BEGIN IMMEDIATE`` transaction; audio is copied beside the
  database *before* the row is committed and the original removed only after, so a crash leaves
  at worst a duplicate file, never a row without its audio. A recording in progress has a marker
  (pid, question, start time; ``voicecoach.audio.markers``); a marker whose process is gone is
  a recording to recover.
- Two instances at once: WAL mode, a busy timeout, a connection per operation, short transactions.
- A damaged database never stops the app: it is moved aside to ``voicecoach.db.damaged-<time>``,
  a fresh one is started and ``Store.recovered_message`` says where the copy is.
- Private: directories 0700, files 0600 (voices are personal data).
- The schema is versioned with ``PRAGMA user_version`` and migrates forward (``MIGRATIONS``).

This module never imports Textual: the CLI and the UI both use it.
"""

from __future__ import annotations

import builtins
import contextlib
import json
import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voicecoach.audio import markers
from voicecoach.errors import StoreError, VoicecoachError
from voicecoach.paths import data_dir
from voicecoach.private_files import (
    compact_time,
    disk_full,
    private_dir,
    private_file,
    safe_name,
    utc_now,
)

if TYPE_CHECKING:
    from voicecoach.audio.markers import PendingRecording
    from voicecoach.datatypes import Analysis, Delivery

DB_NAME = "voicecoach.db"
AUDIO_DIR = "audio"
RECORDINGS_DIR = "recordings"
BUSY_TIMEOUT_S = 10.0
OK = "ok"
UNCHECKED = "unchecked"
CHOOSE_HOME = "with --home DIR or VOICECOACH_HOME"

# Each entry migrates the schema from version i to i + 1 (user_version counts applied entries).
# Append new steps; never edit a released one.
MIGRATIONS: list[list[str]] = [
    # v1: one row per attempt, headline metrics as columns, the full report as JSON.
    [
        """CREATE TABLE attempts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created_at TEXT NOT NULL,
            question_id TEXT,
            model TEXT NOT NULL DEFAULT '',
            duration_s REAL NOT NULL,
            wpm REAL NOT NULL,
            filler_count INTEGER NOT NULL,
            filler_rate_per_min REAL NOT NULL,
            long_pauses INTEGER NOT NULL,
            audio_path TEXT,
            analysis_json TEXT NOT NULL
        )""",
    ],
    # v2: an index for the history's filter and order, and one row per filler for the per-word
    # trend (backfilled from the reports already stored).
    [
        "CREATE INDEX attempts_question_time ON attempts (question_id, created_at)",
        """CREATE TABLE fillers (
            attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
            word TEXT NOT NULL,
            start REAL NOT NULL
        )""",
        "CREATE INDEX fillers_attempt ON fillers (attempt_id)",
        """INSERT INTO fillers (attempt_id, word, start)
            SELECT a.id, lower(trim(json_extract(f.value, '$.text'))),
                   coalesce(json_extract(f.value, '$.start'), 0)
            FROM attempts AS a, json_each(a.analysis_json, '$.fillers') AS f""",
    ],
    # v3: whether the report was checked against a transcription of the whole recording. A
    # live report is kept unchecked until its check ends (``voicecoach.practice.checking``); reports
    # stored before this version count as checked (nothing is known of them).
    ["ALTER TABLE attempts ADD COLUMN checked INTEGER NOT NULL DEFAULT 1"],
    # v4: a follow-up question's answer is linked to the attempt it followed up on (issue 23).
    # Attempts stored before have no parent; deleting a parent keeps its follow-ups, unlinked.
    [
        "ALTER TABLE attempts ADD COLUMN parent_id INTEGER "
        "REFERENCES attempts(id) ON DELETE SET NULL",
        "CREATE INDEX attempts_parent ON attempts (parent_id)",
    ],
]
SCHEMA_VERSION = len(MIGRATIONS)


class AttemptNotFoundError(VoicecoachError):
    """An attempt id that is not in the database."""


@dataclass
class Attempt:
    """One stored answer: the headline metrics (for lists) and the full analysis (for views)."""

    id: int
    created_at: str  # UTC, ISO 8601, e.g. 2026-11-28T17:40:16+00:00
    question_id: str | None
    model: str
    duration_s: float
    wpm: float
    filler_count: int
    filler_rate_per_min: float
    long_pauses: int
    audio_path: Path | None  # absolute; None when saved without audio
    analysis: Analysis
    # False while the report is the live one, not yet checked against a transcription of the
    # whole recording (the app checks it in the background, or at its next start).
    checked: bool = True
    # The attempt this one answered a follow-up question to (None: a question of the bank).
    parent_id: int | None = None

    @property
    def unrated(self) -> str | None:
        """ "no speech" or "too short" for an attempt kept but never ranked (never best, not on
        the trend); None for one to compare (see ``content.unrated``)."""
        from voicecoach.analysis.content import unrated

        return unrated(self.analysis)

    @property
    def status(self) -> str:
        """What the figures mean, as the app says it: "unchecked" (the live report, its figures
        may still change), "no speech", "too short" (kept, never ranked) or "ok"."""
        if not self.checked:
            return UNCHECKED
        return self.unrated or OK

    def record(self) -> dict[str, Any]:
        """The flat record that `voicecoach history --json/--csv` prints: the recording's
        length (``duration_s``) beside the speaking time the app judges (``speaking_s``), and
        the ``status`` that says whether the figures rank (a silent take has 0 fillers/min)."""
        return {
            "id": self.id,
            "time": self.created_at,
            "question": self.question_id,
            "duration_s": round(self.duration_s, 2),
            "speaking_s": round(self.analysis.speech_span_s, 2),
            "status": self.status,
            "wpm": round(self.wpm, 1),
            "filler_count": self.filler_count,
            "filler_rate_per_min": round(self.filler_rate_per_min, 2),
            "long_pauses": self.long_pauses,
            "parent_id": self.parent_id,
        }


@dataclass(frozen=True)
class TrendPoint:
    """One attempt on the fillers-per-minute chart: overall, and per filler word."""

    attempt_id: int
    created_at: str
    question_id: str | None
    rate_per_min: float
    per_word: dict[str, float] = field(default_factory=dict)


def local_time(iso: str) -> datetime | None:
    """A stored UTC time in the local zone; None if it does not parse. A time without a zone
    is UTC, as the store writes it."""
    try:
        when = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except (AttributeError, TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone()


def local_stamp(iso: str) -> str:
    """A stored UTC time as local "YYYY-MM-DD HH:MM", as the app's screens and the CLI's
    history table show it (the CLI's said UTC beside a UI in local time); the raw text if it
    does not parse."""
    when = local_time(iso)
    return when.strftime("%Y-%m-%d %H:%M") if when is not None else iso


def _normalise_time(value: str | datetime | None) -> str:
    if value is None:
        return utc_now()
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat(timespec="seconds")


class Store:
    """The attempts database and audio files under ``data_dir(home)``.

    Safe to use from several threads and processes: each call opens its own short connection.
    """

    def __init__(
        self, home: str | os.PathLike[str] | None = None, *, reading: bool = False
    ) -> None:
        """``reading``: the caller only reads (history, export, replay), so a data directory
        that is not writable (a backup, another user's folder) is opened read-only instead of
        failing with "not writable"; writing to it then fails with the one-line error."""
        self.root = data_dir(home)
        self.db_path = self.root / DB_NAME
        self.audio_dir = self.root / AUDIO_DIR
        self.recordings_dir = self.root / RECORDINGS_DIR
        # One line for the user when a damaged database was moved aside; None otherwise.
        self.recovered_message: str | None = None
        # SQLite's read-only URI when the directory cannot be written to; None: read-write.
        self._read_only_uri: str | None = None
        if self.root.exists() and not self.root.is_dir():
            raise StoreError(
                f"the data directory {self.root} is a file, not a directory; "
                f"choose another {CHOOSE_HOME}"
            )
        if reading and self.db_path.is_file() and not _writable(self.root):
            self._open_read_only()
            return
        try:
            private_dir(self.root)
            private_dir(self.audio_dir)
            private_dir(self.recordings_dir)
        except OSError as exc:
            if self.root.is_dir() and not _writable(self.root):
                raise StoreError(self._read_only(Path(exc.filename or self.db_path), exc)) from exc
            raise StoreError(
                f"cannot create the data directory {self.root} ({exc.strerror}); "
                f"choose another {CHOOSE_HOME}"
            ) from exc
        self._open()

    def _read_only(self, what: Path, exc: OSError) -> str:
        """The data directory is there but cannot be written to (a read-only mount, a backup,
        another user's folder): "cannot create the data directory" said it was missing, and
        the fix is to make it writable or use another."""
        return (
            f"cannot create {what}: the data directory {self.root} is read-only "
            f"({exc.strerror}); make it writable, or choose another {CHOOSE_HOME}"
        )

    # -- opening, migrating, recovering ---------------------------------------------------------

    def _open(self) -> None:
        try:
            self._prepare()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and not _looks_damaged(exc):
                if not _writable(self.root):  # SQLite only says "unable to open database file"
                    raise StoreError(
                        f"cannot open {self.db_path}: {self.root} is not writable; "
                        f"check its permissions or choose another data directory {CHOOSE_HOME}"
                    ) from exc
                if disk_full(self.root):  # SQLite says "disk I/O error" when -shm cannot grow
                    raise StoreError(
                        f"cannot open {self.db_path}: the disk is full; free some space and "
                        "start again (answers already recorded are kept)"
                    ) from exc
                raise StoreError(f"cannot open {self.db_path}: {exc}") from exc
            self._move_aside(str(exc))
            self._prepare()

    def _open_read_only(self) -> None:
        """Open without creating anything: ``mode=ro`` needs the WAL's -shm beside the file,
        which a cleanly closed database has not left, so ``immutable=1`` reads it then (no one
        can write there without write access to the directory either)."""
        from urllib.parse import quote

        base = f"file:{quote(str(self.db_path))}?mode=ro"
        has_wal = self.db_path.with_name(DB_NAME + "-shm").exists()
        self._read_only_uri = base if has_wal else base + "&immutable=1"
        try:
            with self._connect(raw=True) as conn:
                version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"cannot read {self.db_path} ({' '.join(str(exc).split())}); {self.root} is "
                "not writable: check its permissions"
            ) from exc
        if version != SCHEMA_VERSION:
            raise StoreError(
                f"{self.db_path} has schema v{version} and this voicecoach reads v{SCHEMA_VERSION}"
                f"; {self.root} is not writable, so it cannot be updated: check its permissions"
            )

    def _prepare(self) -> None:
        if not self.db_path.exists():
            try:
                private_file(self.db_path)
            except OSError as exc:  # a read-only or someone else's directory
                if not _writable(self.root):
                    raise StoreError(self._read_only(self.db_path, exc)) from exc
                raise StoreError(
                    f"cannot create {self.db_path} ({exc.strerror}); check the permissions "
                    f"of {self.root} or choose another data directory {CHOOSE_HOME}"
                ) from exc
        with self._connect(raw=True) as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            check = conn.execute("PRAGMA quick_check").fetchone()
            if not check or check[0] != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {check[0] if check else ''}")
            self._migrate(conn)

    def _migrate(self, conn: sqlite3.Connection) -> None:
        """Apply the missing MIGRATIONS steps, each version in its own transaction."""
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.db_path} was written by a newer voicecoach (schema v{version}, this one "
                f"knows v{SCHEMA_VERSION}); upgrade voicecoach"
            )
        while version < SCHEMA_VERSION:
            conn.execute("BEGIN IMMEDIATE")
            try:
                # Another process may have migrated while we waited for the lock.
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version < SCHEMA_VERSION:
                    for statement in MIGRATIONS[version]:
                        conn.execute(statement)
                    version += 1
                    conn.execute(f"PRAGMA user_version = {version}")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:  # SQLite may already have rolled back (disk full)
                    conn.execute("ROLLBACK")
                raise

    def _move_aside(self, reason: str) -> None:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        aside = self.db_path.with_name(f"{DB_NAME}.damaged-{stamp}")
        n = 1
        while aside.exists():
            aside = self.db_path.with_name(f"{DB_NAME}.damaged-{stamp}-{n}")
            n += 1
        os.replace(self.db_path, aside)
        for suffix in ("-wal", "-shm", "-journal"):
            side = self.db_path.with_name(DB_NAME + suffix)
            if side.exists():
                os.replace(side, aside.with_name(aside.name + suffix))
        self.recovered_message = (
            f"The history database was damaged ({reason}); a copy was kept at {aside} "
            "and a fresh one started."
        )

    @contextlib.contextmanager
    def _connect(self, raw: bool = False) -> Iterator[sqlite3.Connection]:
        """A short-lived connection; SQLite errors become one-line StoreErrors unless ``raw``."""
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves, so transactions stay short.
            target = self._read_only_uri or self.db_path
            conn = sqlite3.connect(
                target,
                timeout=BUSY_TIMEOUT_S,
                isolation_level=None,
                uri=self._read_only_uri is not None,
            )
            try:
                conn.row_factory = sqlite3.Row
                conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
                conn.execute("PRAGMA foreign_keys = ON")
                yield conn
            finally:
                conn.close()
        except sqlite3.Error as exc:
            if raw:
                raise
            raise StoreError(_describe(exc, self.db_path)) from exc

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken up front so two writers queue instead of deadlocking."""
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:  # SQLite may already have rolled back (disk full)
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    # -- attempts -------------------------------------------------------------------------------

    def save(
        self,
        analysis: Analysis,
        audio_path: str | os.PathLike[str] | None,
        question_id: str | None = None,
        created_at: str | datetime | None = None,
        move_audio: bool = True,
        checked: bool = True,
        parent_id: int | None = None,
    ) -> Attempt:
        """Keep an attempt: its audio is copied beside the database, then the row committed.

        ``parent_id``: the attempt whose follow-up question this answers (history, replay and
        the interview report show it under that one).

        ``checked=False`` for a live report: history marks it unchecked until ``replace_analysis``
        or ``mark_checked`` (``voicecoach.practice.checking``).

        With ``move_audio`` the original file is removed only after the commit, so a crash in
        between keeps both copies rather than losing one. A file from ``recordings/`` (a
        recovered answer) is always moved and its marker cleared: it is saved, so no longer
        pending.
        """
        question_id = question_id if question_id is not None else analysis.question_id
        created = _normalise_time(created_at)
        stored: Path | None = None
        source = Path(audio_path) if audio_path is not None else None
        if source is not None:
            if not source.is_file():
                raise StoreError(f"{source}: no such audio file to save with the attempt")
            name = (
                f"{compact_time(created)}-{safe_name(question_id)}-{uuid.uuid4().hex[:8]}"
                f"{source.suffix.lower() or '.wav'}"
            )
            stored = self.audio_dir / name
            tmp = stored.with_name(stored.name + ".part")
            try:
                private_file(tmp)
                shutil.copyfile(source, tmp)
                os.replace(tmp, stored)
            except OSError as exc:
                with contextlib.suppress(OSError):
                    tmp.unlink()
                raise StoreError(
                    f"cannot copy {source} into {self.audio_dir} ({exc.strerror}); "
                    "free some disk space and try again"
                ) from exc
        report = analysis.to_dict()
        report["question_id"] = question_id  # the row and its report agree on the question
        try:
            with self._write() as conn:
                cur = conn.execute(
                    """INSERT INTO attempts (created_at, question_id, model, duration_s, wpm,
                        filler_count, filler_rate_per_min, long_pauses, audio_path, analysis_json,
                        checked, parent_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    (
                        created,
                        question_id,
                        *_figures(analysis),
                        stored.relative_to(self.root).as_posix() if stored else None,
                        json.dumps(report),
                        int(checked),
                        parent_id,
                    ),
                )
                attempt_id = int(cur.lastrowid or 0)
                _insert_fillers(conn, attempt_id, analysis)
        except BaseException:
            if stored is not None:
                with contextlib.suppress(OSError):
                    stored.unlink()
            raise
        if source is not None and stored is not None:
            ours = source.resolve().parent == self.recordings_dir.resolve()
            if ours:
                self.finish_recording(source)
            if move_audio or ours:
                with contextlib.suppress(OSError):
                    source.unlink()
        return self.get(attempt_id)

    def replace_analysis(self, attempt_id: int, analysis: Analysis) -> Attempt:
        """Swap an attempt's report for a better one of the same audio (the live report, checked
        against a transcription of the whole recording): its figures, report and filler rows
        change in one transaction, so history never shows half of each; question, time and audio
        stay. The attempt is checked from then on."""
        with self._write() as conn:
            row = conn.execute(
                "SELECT question_id FROM attempts WHERE id = ?", (attempt_id,)
            ).fetchone()
            if row is None:
                raise AttemptNotFoundError(
                    f"no attempt with id {attempt_id}; `voicecoach history` lists them"
                )
            report = analysis.to_dict()
            report["question_id"] = row["question_id"]  # the row and its report still agree
            conn.execute(
                """UPDATE attempts SET model = ?, duration_s = ?, wpm = ?, filler_count = ?,
                    filler_rate_per_min = ?, long_pauses = ?, analysis_json = ?, checked = 1
                    WHERE id = ?""",
                (*_figures(analysis), json.dumps(report), attempt_id),
            )
            conn.execute("DELETE FROM fillers WHERE attempt_id = ?", (attempt_id,))
            _insert_fillers(conn, attempt_id, analysis)
        return self.get(attempt_id)

    def set_delivery(self, attempt_id: int, delivery: Delivery) -> Attempt:
        """Add the delivery part to an attempt's stored report, whichever report it holds now
        (the live one or the checked one that replaced it): the app shows the report first and
        measures how it sounded after, so the part arrives after the save. Nothing else
        changes, the checked mark included."""
        with self._write() as conn:
            row = conn.execute(
                "SELECT analysis_json FROM attempts WHERE id = ?", (attempt_id,)
            ).fetchone()
            if row is None:
                raise AttemptNotFoundError(
                    f"no attempt with id {attempt_id}; `voicecoach history` lists them"
                )
            report = json.loads(row["analysis_json"])
            report["delivery"] = delivery.to_dict()
            conn.execute(
                "UPDATE attempts SET analysis_json = ? WHERE id = ?",
                (json.dumps(report), attempt_id),
            )
        return self.get(attempt_id)

    def mark_checked(self, attempt_id: int) -> None:
        """The check found nothing to change: the live report stands, and is checked now."""
        with self._write() as conn:
            conn.execute("UPDATE attempts SET checked = 1 WHERE id = ?", (attempt_id,))

    def unchecked(self) -> builtins.list[Attempt]:
        """Attempts whose live report was never checked (the app quit or a new answer began
        before the check ended), oldest first: the next start checks them from their audio."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT * FROM attempts WHERE checked = 0 ORDER BY created_at, id"
            ).fetchall()
        return [self._attempt(r) for r in rows]

    def get(self, attempt_id: int) -> Attempt:
        """One attempt, or AttemptNotFoundError (a one-line message for the CLI)."""
        with self._connect() as conn:
            row = conn.execute("SELECT * FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
        if row is None:
            raise AttemptNotFoundError(
                f"no attempt with id {attempt_id}; `voicecoach history` lists them"
            )
        return self._attempt(row)

    def list(self, question_id: str | None = None) -> builtins.list[Attempt]:
        """Attempts newest first, optionally for one question."""
        sql = "SELECT * FROM attempts"
        params: tuple[Any, ...] = ()
        if question_id is not None:
            sql += " WHERE question_id = ?"
            params = (question_id,)
        sql += " ORDER BY created_at DESC, id DESC"
        with self._connect() as conn:
            rows = conn.execute(sql, params).fetchall()
        return [self._attempt(r) for r in rows]

    def latest_attempts(self, question_ids: Iterable[str]) -> dict[str, Attempt]:
        """The newest attempt at each of these questions that has one (``list(q)[0]`` each), in
        one query: the question list shows only these, and reading every attempt to find them
        parsed each stored report at every start."""
        ids = builtins.list(dict.fromkeys(question_ids))
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        sql = (
            "SELECT * FROM attempts AS a WHERE a.question_id IN (" + marks + ") AND a.id = "
            "(SELECT b.id FROM attempts AS b WHERE b.question_id = a.question_id "
            "ORDER BY b.created_at DESC, b.id DESC LIMIT 1)"
        )
        with self._connect() as conn:
            rows = conn.execute(sql, ids).fetchall()
        return {row["question_id"]: self._attempt(row) for row in rows}

    def latest(self, question_id: str | None = None) -> Attempt | None:
        """The most recent attempt (at one question, or any), e.g. for `p` after a restart,
        when this session has recorded nothing yet; None when there is none."""
        sql = "SELECT * FROM attempts"
        params: tuple[Any, ...] = ()
        if question_id is not None:
            sql += " WHERE question_id = ?"
            params = (question_id,)
        with self._connect() as conn:
            row = conn.execute(
                sql + " ORDER BY created_at DESC, id DESC LIMIT 1", params
            ).fetchone()
        return self._attempt(row) if row is not None else None

    def question_ids(self) -> builtins.list[str]:
        """The questions that have attempts (for a filter), in alphabetical order."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT DISTINCT question_id FROM attempts WHERE question_id IS NOT NULL "
                "ORDER BY question_id"
            ).fetchall()
        return [r[0] for r in rows]

    def best_per_question(
        self, targets: Mapping[str, tuple[float, float]] | None = None
    ) -> dict[str | None, Attempt]:
        """The best attempt at each question.

        Rule: among the attempts whose duration is within the question's target, the one with the
        fewest fillers per minute; when none is within target, the fewest fillers per minute of
        all. Ties go to the most recent. "Within target" is ``targets[question] = (min_s, max_s)``
        when given, else the stored report's duration verdict; an attempt with neither counts as
        within target (there was nothing to miss). Attempts with no speech or too short to rate
        (``Attempt.unrated``) are never best: silence has 0 fillers/min and beat every real
        answer. A question with only those has no best attempt.
        """
        groups: dict[str | None, builtins.list[Attempt]] = {}
        for attempt in self.list():  # newest first, so min() keeps the most recent on ties
            groups.setdefault(attempt.question_id, []).append(attempt)
        best: dict[str | None, Attempt] = {}
        for qid, every in groups.items():
            attempts = [a for a in every if a.unrated is None]
            if not attempts:
                continue
            within = [a for a in attempts if _within_target(a, targets)]
            pool = within or attempts
            best[qid] = min(pool, key=lambda a: a.filler_rate_per_min)
        return best

    def followups(self, attempt_id: int) -> builtins.list[Attempt]:
        """The answers to follow-up questions asked after this attempt, oldest first."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT * FROM attempts WHERE parent_id = ? ORDER BY created_at, id", (attempt_id,)
            ).fetchall()
        return [self._attempt(r) for r in rows]

    def link_followups(self, attempt_ids: Iterable[int], parent_id: int) -> None:
        """Make these attempts follow-up answers to ``parent_id`` again: deleting a parent
        unlinks its follow-ups (ON DELETE SET NULL), and undoing it brings it back under a new
        number they must point at. Ids no longer stored are passed over."""
        ids = [(parent_id, i) for i in attempt_ids]
        if not ids:
            return
        with self._write() as conn:
            conn.executemany("UPDATE attempts SET parent_id = ? WHERE id = ?", ids)

    def delete(self, attempt_id: int) -> Attempt:
        """Remove an attempt's row and then its audio; returns what was deleted."""
        attempt = self.get(attempt_id)
        with self._write() as conn:
            conn.execute("DELETE FROM fillers WHERE attempt_id = ?", (attempt_id,))
            conn.execute("DELETE FROM attempts WHERE id = ?", (attempt_id,))
        if attempt.audio_path is not None:
            with contextlib.suppress(FileNotFoundError):
                attempt.audio_path.unlink()
        return attempt

    def filler_trend(self, question_id: str | None = None) -> builtins.list[TrendPoint]:
        """Fillers per minute per attempt, oldest first: overall and for each filler word.

        Per-word rates use the same minutes as the overall rate (the speech span), so the words'
        rates add up to the overall one. Attempts with no speech or too short to rate are left
        out: a silent one drew a 0.0 point that read as the best answer yet.
        """
        points: builtins.list[TrendPoint] = []
        for attempt in reversed(self.list(question_id)):
            if attempt.unrated is not None:
                continue
            minutes = attempt.analysis.speech_span_s / 60.0
            counts: dict[str, int] = {}
            for f in attempt.analysis.fillers:
                word = f.text.strip().lower()
                counts[word] = counts.get(word, 0) + 1
            per_word = {
                w: round(n / minutes, 2) if minutes > 0 else 0.0 for w, n in sorted(counts.items())
            }
            points.append(
                TrendPoint(
                    attempt.id,
                    attempt.created_at,
                    attempt.question_id,
                    attempt.filler_rate_per_min,
                    per_word,
                )
            )
        return points

    def _attempt(self, row: sqlite3.Row) -> Attempt:
        from voicecoach.datatypes import Analysis

        audio = row["audio_path"]
        audio_path = (self.root / audio) if audio else None
        # Only files inside audio/ belong to us: a tampered row must not make delete() or
        # export touch anything else.
        if audio_path is not None and audio_path.resolve().parent != self.audio_dir.resolve():
            audio_path = None
        return Attempt(
            id=row["id"],
            created_at=row["created_at"],
            question_id=row["question_id"],
            model=row["model"],
            duration_s=row["duration_s"],
            wpm=row["wpm"],
            filler_count=row["filler_count"],
            filler_rate_per_min=row["filler_rate_per_min"],
            long_pauses=row["long_pauses"],
            audio_path=audio_path,
            analysis=Analysis.from_dict(json.loads(row["analysis_json"])),
            checked=bool(row["checked"]),
            parent_id=row["parent_id"],
        )

    # -- recordings in progress -----------------------------------------------------------------

    def new_recording_path(self, question_id: str | None) -> Path:
        """Where to write a new answer, with a marker beside it (``markers.new_recording``)."""
        return markers.new_recording(self.recordings_dir, question_id)

    def finish_recording(self, path: str | os.PathLike[str], delete_audio: bool = False) -> None:
        """The recording is done with (saved, or discarded with ``delete_audio``)."""
        markers.finish_recording(path, delete_audio)

    def pending_recordings(self) -> builtins.list[PendingRecording]:
        """Recordings whose process is gone (killed or crashed), oldest first."""
        return markers.pending_recordings(self.recordings_dir)

    def unfinished_recording(self, path: str | os.PathLike[str]) -> PendingRecording | None:
        """The answer at ``path`` as its marker describes it (``markers.unfinished_recording``)."""
        return markers.unfinished_recording(path)


def _figures(analysis: Analysis) -> tuple[str, float, float, int, float, int]:
    """The columns history lists and sorts by (model, duration_s, wpm, filler_count,
    filler_rate_per_min, long_pauses), the same for a new attempt and a checked one."""
    return (
        analysis.model,
        float(analysis.duration_s),
        float(analysis.wpm),
        len(analysis.fillers),
        float(analysis.filler_rate_per_min),
        len(analysis.long_pauses),
    )


def _insert_fillers(conn: sqlite3.Connection, attempt_id: int, analysis: Analysis) -> None:
    """The attempt's filler rows (the trend over time reads these)."""
    conn.executemany(
        "INSERT INTO fillers (attempt_id, word, start) VALUES (?, ?, ?)",
        [(attempt_id, f.text.strip().lower(), f.start) for f in analysis.fillers],
    )


def _describe(exc: sqlite3.Error, db_path: Path) -> str:
    """One line the user can act on, for the SQLite errors that happen in practice."""
    text = " ".join(str(exc).split())
    lower = text.lower()
    if "locked" in lower or "busy" in lower:
        return f"{db_path} is busy (another voicecoach is writing); try again in a moment"
    if "full" in lower:
        return f"{db_path}: the disk is full; free some space and try again"
    if "readonly" in lower or "read-only" in lower:
        return f"{db_path} is read-only; check its permissions or use --home"
    if _looks_damaged(exc):
        return f"{db_path} is damaged ({text}); restart voicecoach to move it aside"
    return f"{db_path}: {text}"


def _writable(directory: Path) -> bool:
    """Whether files can be created in ``directory`` (false on a read-only file system too)."""
    return os.access(directory, os.W_OK | os.X_OK)


def _looks_damaged(exc: sqlite3.Error) -> bool:
    """OperationalError also means "locked" or "no permission": only some mean corruption."""
    text = str(exc).lower()
    return any(w in text for w in ("malformed", "not a database", "corrupt", "disk image"))


def _within_target(attempt: Attempt, targets: Mapping[str, tuple[float, float]] | None) -> bool:
    if targets and attempt.question_id in targets:
        # The speaking time, as the results screen judges it: silence before the first word
        # or after the last (reaching for the key) does not put an answer out of its target.
        low, high = targets[attempt.question_id]
        return low <= attempt.analysis.speech_span_s <= high
    for verdict in attempt.analysis.verdicts:
        if verdict.metric in ("duration", "duration_s"):
            return verdict.ok
    return True
