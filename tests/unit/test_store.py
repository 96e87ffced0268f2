"""The attempts store: save/list/filter/best/delete, migration, concurrency, damage, recovery."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from support.analyses import silent_analysis

from voicecoach.datatypes import Analysis
from voicecoach.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    AttemptNotFoundError,
    Store,
)


def make_analysis(
    fillers: list[str], duration_s: float = 75.0, span_s: float = 60.0, ok: bool = True
) -> Analysis:
    """A hand-written report: 'so um I build like backends' style words with timings."""
    words: list[dict[str, Any]] = []
    filler_dicts: list[dict[str, Any]] = []
    t = 0.5
    for i, text in enumerate(["hello", *fillers, "I", "build", "backends"]):
        is_filler = 0 < i <= len(fillers)
        words.append({"text": text, "start": t, "end": t + 0.3, "filler": is_filler})
        if is_filler:
            filler_dicts.append({"text": text, "start": t, "end": t + 0.3, "kind": "hesitation"})
        t += 0.5
    return Analysis.from_dict(
        {
            "duration_s": duration_s,
            "speech_span_s": span_s,
            "wpm": 140.0,
            "articulation_wpm": 150.0,
            "words": words,
            "fillers": filler_dicts,
            "pauses": [{"start": 10.0, "end": 11.5}, {"start": 20.0, "end": 20.4}],
            "verdicts": [
                {
                    "metric": "duration",
                    "value": duration_s,
                    "target": "60-90 s",
                    "ok": ok,
                    "status": "ok" if ok else "over",
                }
            ],
            "model": "tiny.en",
        }
    )


def wav(path: Path, seconds: float = 0.2) -> Path:
    sf.write(path, np.zeros(int(16000 * seconds), dtype=np.float32), 16000)
    return path


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "home")


def test_save_moves_audio_and_roundtrips(store: Store, tmp_path: Path) -> None:
    src = wav(tmp_path / "answer.wav")
    a = store.save(make_analysis(["um", "uh"]), src, "intro", created_at="2026-01-02T03:04:05Z")
    assert not src.exists()  # moved beside the database
    assert a.audio_path is not None and a.audio_path.parent == store.audio_dir
    assert a.audio_path.is_file()
    assert a.created_at == "2026-01-02T03:04:05+00:00"
    assert (a.question_id, a.filler_count, a.long_pauses) == ("intro", 2, 1)
    assert a.filler_rate_per_min == 2.0
    again = store.get(a.id)
    assert again.analysis.to_dict()["words"] == a.analysis.to_dict()["words"]
    assert again.analysis.question_id == "intro"


def test_save_copy_keeps_source(store: Store, tmp_path: Path) -> None:
    src = wav(tmp_path / "import.wav")
    a = store.save(make_analysis([]), src, "intro", move_audio=False)
    assert src.exists() and a.audio_path is not None and a.audio_path.exists()


def test_list_filter_newest_first(store: Store, tmp_path: Path) -> None:
    times = ["2026-01-01T10:00:00Z", "2026-01-03T10:00:00Z", "2026-01-02T10:00:00Z"]
    for i, (t, q) in enumerate(zip(times, ["intro", "intro", "leader"], strict=True)):
        store.save(make_analysis(["um"] * i), wav(tmp_path / f"{i}.wav"), q, created_at=t)
    assert [a.created_at[:10] for a in store.list()] == ["2026-01-03", "2026-01-02", "2026-01-01"]
    assert [a.question_id for a in store.list("intro")] == ["intro", "intro"]
    assert store.list("nope") == []
    assert store.question_ids() == ["intro", "leader"]


def test_best_per_question_prefers_within_target(store: Store, tmp_path: Path) -> None:
    # Fewest fillers but too long: loses to the within-target attempt with more fillers.
    store.save(make_analysis([], duration_s=130, ok=False), wav(tmp_path / "a.wav"), "intro")
    within = store.save(make_analysis(["um", "uh"], 80), wav(tmp_path / "b.wav"), "intro")
    store.save(make_analysis(["um"] * 4, 70), wav(tmp_path / "c.wav"), "intro")
    # No attempt within target: fewest fillers overall wins.
    store.save(make_analysis(["um"], 200, ok=False), wav(tmp_path / "d.wav"), "leader")
    fewest = store.save(make_analysis([], 210, ok=False), wav(tmp_path / "e.wav"), "leader")
    best = store.best_per_question()
    assert best["intro"].id == within.id
    assert best["leader"].id == fewest.id
    # Explicit targets override the stored verdicts.
    assert store.best_per_question({"intro": (100, 140)})["intro"].filler_count == 0


def test_best_is_judged_on_the_speaking_time_not_the_recording(
    store: Store, tmp_path: Path
) -> None:
    """80 s spoken in a 120 s recording (the speaker stopped, then reached for the key) is
    inside a 60-90 s target, as its results screen says; it has fewer fillers, so it is best."""
    quiet_tail = store.save(make_analysis(["um"], 120, span_s=80), wav(tmp_path / "a.wav"), "intro")
    store.save(make_analysis(["um", "uh", "um"], 80, span_s=80), wav(tmp_path / "b.wav"), "intro")
    assert store.best_per_question({"intro": (60, 90)})["intro"].id == quiet_tail.id


def test_delete_removes_row_and_audio(store: Store, tmp_path: Path) -> None:
    a = store.save(make_analysis(["um"]), wav(tmp_path / "x.wav"), "intro")
    assert a.audio_path is not None
    store.delete(a.id)
    assert not a.audio_path.exists()
    assert store.list() == []
    with pytest.raises(AttemptNotFoundError):
        store.get(a.id)
    with pytest.raises(AttemptNotFoundError):
        store.delete(a.id)


def test_filler_trend_overall_and_per_word(store: Store, tmp_path: Path) -> None:
    store.save(make_analysis(["um", "um", "like"]), wav(tmp_path / "1.wav"), "intro",
               created_at="2026-01-01T00:00:00Z")  # fmt: skip
    store.save(make_analysis(["like"], span_s=30), wav(tmp_path / "2.wav"), "intro",
               created_at="2026-01-02T00:00:00Z")  # fmt: skip
    trend = store.filler_trend("intro")
    assert [p.rate_per_min for p in trend] == [3.0, 2.0]  # oldest first
    assert trend[0].per_word == {"like": 1.0, "um": 2.0}
    assert trend[1].per_word == {"like": 2.0}


def test_replace_analysis_rewrites_the_figures_and_filler_rows_only(
    store: Store, tmp_path: Path
) -> None:
    """The live report checked against the whole recording: the same attempt, new figures."""
    first = store.save(make_analysis(["um", "um", "like"]), wav(tmp_path / "r.wav"), "intro")
    other = store.save(make_analysis(["uh"]), wav(tmp_path / "o.wav"), "leader")
    checked = make_analysis(["uh"], duration_s=76.0, span_s=30.0)
    checked.wpm = 151.0
    checked.model = "tiny.en-checked"
    checked.question_id = "something-else"
    replaced = store.replace_analysis(first.id, checked)
    again = store.get(first.id)
    assert replaced == again
    assert (again.id, again.created_at, again.question_id) == (
        first.id,
        first.created_at,
        "intro",
    )
    assert again.audio_path == first.audio_path and again.audio_path is not None
    assert again.audio_path.is_file()
    assert (again.model, again.duration_s, again.wpm) == ("tiny.en-checked", 76.0, 151.0)
    assert (again.filler_count, again.filler_rate_per_min, again.long_pauses) == (1, 2.0, 1)
    report = again.analysis.to_dict()
    assert [f["text"] for f in report["fillers"]] == ["uh"]
    assert report["question_id"] == "intro"  # the row and its report agree
    with sqlite3.connect(store.db_path) as conn:
        rows = conn.execute(
            "SELECT attempt_id, word FROM fillers ORDER BY attempt_id, start"
        ).fetchall()
        stored = json.loads(
            conn.execute("SELECT analysis_json FROM attempts WHERE id = ?", (first.id,)).fetchone()[
                0
            ]
        )
    assert rows == [(first.id, "uh"), (other.id, "uh")]
    assert stored["wpm"] == 151.0 and stored["filler_count"] == 1
    assert store.filler_trend("intro")[0].per_word == {"uh": 2.0}
    assert store.get(other.id).analysis.to_dict() == other.analysis.to_dict()  # untouched
    with pytest.raises(AttemptNotFoundError):
        store.replace_analysis(first.id + 100, checked)


def test_private_permissions(store: Store, tmp_path: Path) -> None:
    a = store.save(make_analysis([]), wav(tmp_path / "p.wav"), "intro")
    for d in (store.root, store.audio_dir, store.recordings_dir):
        assert stat.S_IMODE(d.stat().st_mode) == 0o700
    assert a.audio_path is not None
    for f in (store.db_path, a.audio_path, store.new_recording_path("intro")):
        assert stat.S_IMODE(f.stat().st_mode) == 0o600


def test_migrates_a_v1_database(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    report = make_analysis(["um", "Like"]).to_dict()
    conn = sqlite3.connect(home / "voicecoach.db")
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute(
        "INSERT INTO attempts (created_at, question_id, model, duration_s, wpm, filler_count,"
        " filler_rate_per_min, long_pauses, audio_path, analysis_json)"
        " VALUES ('2025-12-01T00:00:00+00:00', 'intro', 'tiny.en', 75, 140, 2, 2.0, 1, NULL, ?)",
        (json.dumps(report),),
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()

    store = Store(home)
    with sqlite3.connect(store.db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        words = sorted(r[0] for r in conn.execute("SELECT word FROM fillers"))
    assert words == ["like", "um"]  # v2 backfilled the per-filler table
    [old] = store.list()
    assert old.question_id == "intro" and old.audio_path is None
    assert old.analysis.filler_rate_per_min == 2.0


def test_newer_schema_is_refused_with_a_message(tmp_path: Path) -> None:
    home = tmp_path / "home"
    Store(home)
    with sqlite3.connect(home / "voicecoach.db") as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    with pytest.raises(Exception, match="newer voicecoach"):
        Store(home)


def test_damaged_database_is_moved_aside(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "voicecoach.db").write_bytes(b"this is not sqlite \x00\xff" * 300)
    store = Store(home)
    assert store.recovered_message is not None
    assert "\n" not in store.recovered_message
    damaged = list(home.glob("voicecoach.db.damaged-*"))
    assert len(damaged) == 1 and str(damaged[0]) in store.recovered_message
    assert damaged[0].read_bytes().startswith(b"this is not sqlite")
    assert store.list() == []  # a fresh, working database
    store.save(make_analysis([]), wav(tmp_path / "ok.wav"), "intro")
    assert len(Store(home).list()) == 1
    assert Store(home).recovered_message is None


def test_truncated_database_is_moved_aside(store: Store, tmp_path: Path) -> None:
    for i in range(3):
        store.save(make_analysis(["um"]), wav(tmp_path / f"{i}.wav"), "intro")
    with sqlite3.connect(store.db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = store.db_path.read_bytes()
    store.db_path.write_bytes(data[:100] + b"\x00" * 50 + data[150 : len(data) // 2])
    again = Store(store.root)
    assert again.recovered_message and "damaged" in again.recovered_message
    assert again.list() == []


WRITER = textwrap.dedent(
    """
    import os, sys
    sys.path[:0] = [sys.argv[3], os.path.dirname(sys.argv[3])]  # this file, then tests/support
    from test_store import make_analysis
    from voicecoach.store import Store
    store = Store(sys.argv[1])
    for i in range(int(sys.argv[2])):
        store.save(make_analysis(["um"] * (i % 3)), None, "intro")
        store.list()
    """
)


def test_two_processes_writing(tmp_path: Path) -> None:
    home = tmp_path / "home"  # not created yet: both also race to create and migrate it
    n = 25
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(home), str(n), str(Path(__file__).parent)]
        )
        for _ in range(2)
    ]
    for p in procs:
        assert p.wait(timeout=60) == 0
    store = Store(home)
    assert len(store.list()) == 2 * n
    assert len({a.id for a in store.list()}) == 2 * n
    with sqlite3.connect(store.db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


RECORDER = textwrap.dedent(
    """
    import sys, time
    import numpy as np, soundfile as sf
    from voicecoach.store import Store
    store = Store(sys.argv[1])
    path = store.new_recording_path("intro")
    with sf.SoundFile(path, "w", samplerate=16000, channels=1, subtype="PCM_16") as fh:
        for _ in range(20):  # stream blocks to disk as a recorder does
            fh.write(np.full(1600, 0.1, dtype=np.float32))
            fh.flush()
        print(path, flush=True)
        time.sleep(60)  # killed here, mid-recording
    """
)


def test_pending_recording_after_sigkill(tmp_path: Path) -> None:
    home = tmp_path / "home"
    store = Store(home)
    live = store.new_recording_path("leader")  # ours, still alive: not pending
    child = subprocess.Popen(
        [sys.executable, "-c", RECORDER, str(home)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    path = Path(child.stdout.readline().strip())
    assert path.exists()
    assert store.pending_recordings() == []  # the child is still recording
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    child.stdout.close()
    pending = store.pending_recordings()
    assert [p.path for p in pending] == [path]
    assert pending[0].question_id == "intro" and pending[0].pid == child.pid
    assert pending[0].size_bytes > 0
    assert live not in [p.path for p in pending]
    # What was recorded before the kill is readable audio (all 2 s flushed).
    data, rate = sf.read(path)
    assert rate == 16000 and len(data) >= 16000
    # Recovered: saving it (even as a copy, as `analyze --save` does) clears the marker.
    store.save(make_analysis([]), path, "intro", move_audio=False)
    assert store.pending_recordings() == [] and not path.exists()
    store.finish_recording(path)  # what the app also calls: harmless
    assert len(store.list()) == 1


def test_finish_recording_discard(store: Store) -> None:
    path = store.new_recording_path("intro")
    store.finish_recording(path, delete_audio=True)
    assert not path.exists() and list(store.recordings_dir.iterdir()) == []


def test_zombie_or_dead_pid_counts_as_gone(store: Store) -> None:
    path = store.new_recording_path("intro")
    marker = path.with_name(path.stem + ".recording.json")
    data = json.loads(marker.read_text())
    data["pid"] = 2**22 + 12345  # no such process
    marker.write_text(json.dumps(data))
    assert [p.path for p in store.pending_recordings()] == [path]


def test_tampered_audio_path_is_never_touched(store: Store, tmp_path: Path) -> None:
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me")
    a = store.save(make_analysis([]), wav(tmp_path / "t.wav"), "intro")
    with sqlite3.connect(store.db_path) as conn:
        conn.execute("UPDATE attempts SET audio_path = ? WHERE id = ?", ("../precious.txt", a.id))
    # home/../precious.txt is outside audio/: not ours, so it is ignored, never deleted.
    assert store.get(a.id).audio_path is None
    store.delete(a.id)
    assert victim.read_text() == "keep me"


def test_busy_database_is_one_line_error(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import voicecoach.store as store_module

    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_S", 0.1)
    holder = sqlite3.connect(store.db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another instance mid-write, for too long
    try:
        with pytest.raises(store_module.StoreError, match="busy"):
            store.save(make_analysis([]), wav(tmp_path / "b.wav"), "intro")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert list(store.audio_dir.iterdir()) == []  # the copied audio was removed again
    assert store.list() == []


def test_latest_attempts_is_the_newest_of_each_list(store: Store, tmp_path: Path) -> None:
    """What the question list shows: per question, the first of ``list(q)`` (newest; the higher
    id when two share a time), read in one query."""
    saves = [
        ("intro", "2026-01-01T10:00:00Z"),
        ("intro", "2026-01-03T10:00:00Z"),
        ("intro", "2026-01-02T10:00:00Z"),
        ("leader", "2026-01-05T10:00:00Z"),
        ("leader", "2026-01-05T10:00:00Z"),  # same time: the later save wins, as in list()
        ("other", "2026-01-09T10:00:00Z"),
    ]
    for i, (q, t) in enumerate(saves):
        store.save(make_analysis(["um"] * i), wav(tmp_path / f"{i}.wav"), q, created_at=t)
    newest = store.latest_attempts(["intro", "leader", "never", "intro"])
    assert set(newest) == {"intro", "leader"}
    for q in ("intro", "leader"):
        assert newest[q].id == store.list(q)[0].id
        assert newest[q].analysis.to_dict() == store.list(q)[0].analysis.to_dict()
    assert newest["intro"].filler_count == 1 and newest["leader"].filler_count == 4
    assert store.latest_attempts([]) == {}


def test_silent_and_too_short_attempts_are_kept_but_never_best_nor_on_the_trend(
    store: Store, tmp_path: Path
) -> None:
    """A silent attempt (0 fillers/min, inside the time target) won ★ over every real answer
    and drew a 0.0 point on the chart; a three-word reply could win the same way."""
    real = store.save(make_analysis(["um", "uh"], 8), wav(tmp_path / "r.wav"), "greeting",
                      created_at="2026-01-01T00:00:00Z")  # fmt: skip
    quiet = store.save(silent_analysis(), wav(tmp_path / "s.wav"), "greeting",
                       created_at="2026-01-02T00:00:00Z")  # fmt: skip
    short = make_analysis([], 4, span_s=1.0)
    short.words = short.words[:3]  # "hello I build": three words, no fillers
    short_saved = store.save(short, wav(tmp_path / "t.wav"), "greeting",
                             created_at="2026-01-03T00:00:00Z")  # fmt: skip
    assert store.best_per_question()["greeting"].id == real.id
    assert store.best_per_question({"greeting": (3, 10)})["greeting"].id == real.id
    assert [p.attempt_id for p in store.filler_trend("greeting")] == [real.id]
    assert [p.attempt_id for p in store.filler_trend()] == [real.id]
    # Kept all the same, audio and row: nothing the user recorded is lost.
    assert [a.id for a in store.list("greeting")] == [short_saved.id, quiet.id, real.id]
    assert quiet.audio_path is not None and quiet.audio_path.exists()
    assert (quiet.unrated, short_saved.unrated, real.unrated) == ("no speech", "too short", None)
    # A question answered only in silence has no best attempt at all.
    store.save(silent_analysis(), wav(tmp_path / "u.wav"), "leader")
    assert "leader" not in store.best_per_question()


def test_latest_is_the_most_recent_attempt(store: Store, tmp_path: Path) -> None:
    """`p` after a restart needs the last attempt from history (none in this session yet)."""
    assert store.latest() is None
    old = store.save(make_analysis([]), wav(tmp_path / "a.wav"), "intro",
                     created_at="2026-01-02T00:00:00Z")  # fmt: skip
    new = store.save(make_analysis([]), wav(tmp_path / "b.wav"), "leader",
                     created_at="2026-01-03T00:00:00Z")  # fmt: skip
    assert store.latest().id == new.id  # type: ignore[union-attr]
    assert store.latest("intro").id == old.id  # type: ignore[union-attr]
    assert store.latest("nope") is None
