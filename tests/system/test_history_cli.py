"""The history, export, delete and replay commands, through the real argument parser."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from support.analyses import silent_analysis

from voicecoach.cli import main
from voicecoach.commands import replay as replay_cmd
from voicecoach.commands.export import _checked_name
from voicecoach.datatypes import Analysis
from voicecoach.errors import DeviceError, VoicecoachError
from voicecoach.rendering import follow_along
from voicecoach.rendering.text import transcript_text
from voicecoach.store import Store

FIELDS = [
    "id",
    "time",
    "question",
    "duration_s",
    "speaking_s",
    "status",
    "wpm",
    "filler_count",
    "filler_rate_per_min",
    "long_pauses",
    "parent_id",
]


def make_analysis(n_fillers: int, duration_s: float = 75.0) -> Analysis:
    words = [{"text": "hello", "start": 0.5, "end": 0.8, "filler": False}]
    fillers = []
    for i in range(n_fillers):
        t = 1.0 + i
        words.append({"text": "um", "start": t, "end": t + 0.3, "filler": True})
        fillers.append({"text": "um", "start": t, "end": t + 0.3, "kind": "hesitation"})
    # Four words besides the fillers: three or fewer is too short to rate (never best).
    for i, text in enumerate(["I", "build", "backends", "done"]):
        words.append({"text": text, "start": 9.0 + i, "end": 9.4 + i, "filler": False})
    return Analysis.from_dict(
        {
            "duration_s": duration_s,
            "speech_span_s": 60.0,
            "wpm": 130.0,
            "articulation_wpm": 140.0,
            "words": words,
            "fillers": fillers,
            "pauses": [{"start": 6.0, "end": 8.0}],
            "verdicts": [],
            "model": "tiny.en",
        }
    )


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    store = Store(home)
    for i, q in enumerate(["intro", "intro", "leader"]):
        audio = tmp_path / f"a{i}.wav"
        sf.write(audio, np.zeros(1600, dtype=np.float32), 16000)
        store.save(make_analysis(i), audio, q, created_at=f"2026-01-0{i + 1}T09:00:00Z")
    return home


def test_history_json_lists_saved_attempts(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--home", str(home), "history", "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in records] == [3, 2, 1]  # newest first
    assert list(records[0]) == FIELDS
    assert records[1] == {
        "id": 2,
        "time": "2026-01-02T09:00:00+00:00",
        "question": "intro",
        "duration_s": 75.0,
        "speaking_s": 60.0,
        "status": "ok",
        "wpm": 130.0,
        "filler_count": 1,
        "filler_rate_per_min": 1.0,
        "long_pauses": 1,
        "parent_id": None,  # not a follow-up's answer (issue 23)
    }


def test_history_filter_and_csv(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", "--question", "intro", "--csv", "--home", str(home)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["id"] for r in rows] == ["2", "1"]
    assert list(rows[0]) == FIELDS


def test_history_table_and_empty(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["history", "--home", str(home)]) == 0
    out = capsys.readouterr().out
    assert "leader" in out and "intro" in out and "1*" in out  # the best intro is the 0-filler one
    # The speaking time the target judges (60 s), not the recording with its silences (75 s).
    # Rounded as the results screen rounds it: it showed "60.0 s" beside the results' "60 s".
    assert "spoke" in out and " 60 s" in out and " 75 s" not in out and "60.0 s" not in out
    assert main(["history", "--home", str(tmp_path / "empty")]) == 0
    assert "No attempts yet" in capsys.readouterr().out


def test_history_json_and_csv_are_exclusive(home: Path) -> None:
    with pytest.raises(SystemExit):
        main(["history", "--json", "--csv", "--home", str(home)])


def test_export_writes_csv_json_audio(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "export"
    assert main(["export", str(out), "--home", str(home)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["attempts.csv", "attempts.json", "audio"]
    data = json.loads((out / "attempts.json").read_text())
    assert len(data) == 3 and data[0]["report"]["words"]
    for record in data:
        assert (out / record["audio"]).is_file()
    assert len(list(csv.DictReader((out / "attempts.csv").open()))) == 3
    assert stat.S_IMODE((out / "attempts.json").stat().st_mode) == 0o600


def test_export_says_what_the_app_says_speaking_time_and_status(home: Path, tmp_path: Path) -> None:
    """A spreadsheet of the export must not rank a silent take first (0 fillers/min) nor judge
    a take on its recording's length: each row carries the speaking time the app judges beside
    the recording's length, and the app's status (issue 18)."""
    store = Store(home)
    audio = tmp_path / "quiet.wav"
    sf.write(audio, np.zeros(1600, dtype=np.float32), 16000)
    quiet = store.save(silent_analysis(0.7), audio, "greeting", created_at="2026-01-05T09:00:00Z")
    short = make_analysis(0)
    short.words = short.words[:3]  # "hello I build": three words, too short to rate
    audio2 = tmp_path / "short.wav"
    sf.write(audio2, np.zeros(1600, dtype=np.float32), 16000)
    brief = store.save(short, audio2, "greeting", created_at="2026-01-06T09:00:00Z")
    audio3 = tmp_path / "live.wav"
    sf.write(audio3, np.zeros(1600, dtype=np.float32), 16000)
    live = store.save(
        make_analysis(1), audio3, "intro", created_at="2026-01-07T09:00:00Z", checked=False
    )
    out = tmp_path / "export"
    assert main(["export", str(out), "--home", str(home)]) == 0
    rows = {int(r["id"]): r for r in csv.DictReader((out / "attempts.csv").open())}
    records = {r["id"]: r for r in json.loads((out / "attempts.json").read_text())}
    for by_id in (rows, records):
        assert str(by_id[quiet.id]["status"]) == "no speech"
        assert float(by_id[quiet.id]["speaking_s"]) == 0.0
        assert str(by_id[brief.id]["status"]) == "too short"
        assert str(by_id[live.id]["status"]) == "unchecked"
        assert str(by_id[1]["status"]) == "ok"
        # 75 s of recording, of which 60 s were spoken: both, under their own names.
        assert float(by_id[1]["duration_s"]) == 75.0 and float(by_id[1]["speaking_s"]) == 60.0


def test_history_marks_an_unchecked_attempt(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A live report not yet checked against the whole recording says so in the table."""
    audio = tmp_path / "live.wav"
    sf.write(audio, np.zeros(1600, dtype=np.float32), 16000)
    Store(home).save(make_analysis(1), audio, "intro", checked=False)
    assert main(["history", "--home", str(home)]) == 0
    out = capsys.readouterr().out
    [row] = [line for line in out.splitlines() if "(unchecked)" in line]
    assert row.split()[0] == "4" and "intro (unchecked)" in row  # that one, and only that one
    assert "unchecked: the report made while you spoke" in out


def test_export_never_writes_outside(home: Path, tmp_path: Path) -> None:
    for bad in ("../x.wav", "a/b.wav", "a\\b.wav", "..", ""):
        with pytest.raises(VoicecoachError):
            _checked_name(bad)
    # A symlinked audio/ or attempts.csv pointing elsewhere is refused, not followed.
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "export"
    out.mkdir()
    os.symlink(outside, out / "audio")
    assert main(["export", str(out), "--home", str(home)]) == 2
    out2 = tmp_path / "export2"
    out2.mkdir()
    os.symlink(outside / "stolen.csv", out2 / "attempts.csv")
    assert main(["export", str(out2), "--home", str(home)]) == 2
    assert list(outside.iterdir()) == []


def test_delete_yes(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    audio = Store(home).get(2).audio_path
    assert audio is not None and audio.exists()
    assert main(["delete", "2", "--yes", "--home", str(home)]) == 0
    assert not audio.exists()
    assert [a.id for a in Store(home).list()] == [3, 1]
    assert main(["delete", "2", "--yes", "--home", str(home)]) == 2  # unknown id: one line
    assert "no attempt with id 2" in capsys.readouterr().err


def test_delete_refuses_without_tty(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))  # not a tty, even if it says yes
    assert main(["delete", "1", "--home", str(home)]) == 2
    err = capsys.readouterr().err
    assert "--yes" in err and err.count("\n") == 1
    assert len(Store(home).list()) == 3


def test_delete_asks_on_a_tty(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Tty("n\n"))
    assert main(["delete", "1", "--home", str(home)]) == 1
    assert len(Store(home).list()) == 3
    monkeypatch.setattr("sys.stdin", Tty("y\n"))
    assert main(["delete", "1", "--home", str(home)]) == 0
    assert len(Store(home).list()) == 2


class FakePlayer:
    """Plays instantly: each poll advances half a second."""

    def __init__(self, path: Any) -> None:
        self.path = path
        self.position_s = 0.0
        self.duration_s = 10.0
        self.playing = False
        self.stopped = False

    @property
    def finished(self) -> bool:
        self.position_s += 0.5
        return self.position_s >= self.duration_s

    def play(self) -> None:
        self.playing = True

    def stop(self) -> None:
        self.stopped = True


def test_replay_follows_and_ends(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(replay_cmd, "POLL_S", 0.0)
    players: list[FakePlayer] = []

    def factory(path: Path) -> FakePlayer:
        players.append(FakePlayer(path))
        return players[-1]

    out = io.StringIO()
    attempt = Store(home).get(3)
    assert replay_cmd.replay(attempt, factory, Console(file=out, width=80)) == 0  # type: ignore[arg-type]
    assert players[0].path == attempt.audio_path and players[0].stopped
    assert "done" in out.getvalue() and "[2.0 s]" in out.getvalue()


def test_replay_without_audio_output(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def no_device(path: Path) -> Any:
        raise DeviceError("no output device")

    attempt = Store(home).get(1)
    out = io.StringIO()
    assert replay_cmd.replay(attempt, no_device, Console(file=out)) == 1
    err = capsys.readouterr().err
    assert "no output device" in err and err.count("\n") == 1
    assert "hello" in out.getvalue()  # the transcript is still shown


def test_replay_unknown_id(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", "99", "--home", str(home)]) == 2
    assert "no attempt with id 99" in capsys.readouterr().err


def test_word_index_and_next_mark() -> None:
    a = make_analysis(2)  # hello 0.5, um 1.0, um 2.0, done 9.0; pause 6-8
    idx = follow_along.current_word_index
    assert [idx(a.words, t) for t in (0.0, 0.5, 1.5, 5.0, 9.5)] == [-1, 0, 1, 2, 3]
    assert follow_along.next_mark_after(a, 0.0) == pytest.approx(0.75)
    assert follow_along.next_mark_after(a, 0.75) == pytest.approx(1.75)
    assert follow_along.next_mark_after(a, 1.75) == pytest.approx(5.75)
    assert follow_along.next_mark_after(a, 5.75) is None


def _null_audio_env(tmp_path: Path) -> dict[str, str]:
    """ALSA's null device as the default output: the real Player plays, nothing is heard."""
    fake_home = tmp_path / "alsa-home"
    fake_home.mkdir()
    (fake_home / ".asoundrc").write_text("pcm.!default { type null }\n")
    return {**os.environ, "HOME": str(fake_home)}


def _save_clip(home: Path, tmp_path: Path, seconds: float) -> int:
    clip = tmp_path / "clip.wav"
    sf.write(clip, np.zeros(int(16000 * seconds), dtype=np.float32), 16000)
    return Store(home).save(make_analysis(2), clip, "intro").id


def test_replay_real_player_on_null_device(tmp_path: Path) -> None:
    home = tmp_path / "home"
    attempt_id = _save_clip(home, tmp_path, 0.6)
    proc = subprocess.run(
        [sys.executable, "-m", "voicecoach", "replay", str(attempt_id), "--home", str(home)],
        env=_null_audio_env(tmp_path), capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    if proc.returncode == 1 and "cannot replay" in proc.stderr:
        pytest.skip(f"no ALSA null device here: {proc.stderr.strip()}")
    assert proc.returncode == 0, proc.stderr
    assert "done" in proc.stdout and "0:00.6" in proc.stdout


def test_replay_ctrl_c_stops_cleanly(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C arrives as KeyboardInterrupt in the polling loop: the player stops, exit 130."""
    monkeypatch.setattr(replay_cmd, "POLL_S", 0.0)

    class Interrupted(FakePlayer):
        polls = 0

        @property
        def finished(self) -> bool:
            self.polls += 1
            if self.polls == 3:
                raise KeyboardInterrupt
            return False

    players: list[Interrupted] = []

    def factory(path: Path) -> Interrupted:
        players.append(Interrupted(path))
        return players[-1]

    out = io.StringIO()
    assert replay_cmd.replay(Store(home).get(1), factory, Console(file=out)) == 130  # type: ignore[arg-type]
    assert players[0].stopped and "stopped" in out.getvalue()


def test_history_mentions_pending_recordings(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store(home)
    path = store.new_recording_path("intro")
    marker = path.with_name(path.stem + ".recording.json")
    marker.write_text(json.dumps({**json.loads(marker.read_text()), "pid": 2**22 + 7}))
    assert main(["history", "--json", "--home", str(home)]) == 0
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)) == 3  # stdout stays machine-readable
    assert str(path) in captured.err and "--question intro --save" in captured.err


def test_history_says_an_answer_analysed_while_it_was_closed_is_to_add(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An answer analysed while the database could not be opened was called "an unfinished
    recording from an earlier session", to "analyse": it was finished, and analysed."""
    from voicecoach.audio.markers import mark_history_closed

    store = Store(home)
    path = store.new_recording_path("intro")
    marker = path.with_name(path.stem + ".recording.json")
    marker.write_text(json.dumps({**json.loads(marker.read_text()), "pid": 2**22 + 7}))
    mark_history_closed(path)
    assert main(["history", "--home", str(home)]) == 0
    err = capsys.readouterr().err
    assert "an answer recorded while the history could not be opened was kept" in err, err
    assert "unfinished" not in err
    assert f"add it with `voicecoach analyze {path} --question intro --save`" in err, err


@settings(max_examples=60, deadline=None)
@given(
    gaps=st.lists(st.floats(0.0, 3.0), max_size=30),
    pauses=st.lists(st.tuples(st.floats(0.0, 80.0), st.floats(1.0, 5.0)), max_size=5),
    position=st.floats(-5.0, 200.0),
    window=st.one_of(st.none(), st.integers(1, 40)),
)
def test_transcript_text_never_fails(
    gaps: list[float], pauses: list[tuple[float, float]], position: float, window: int | None
) -> None:
    """Any word timings: one word (or none) lit, each long pause shown once without a window."""
    words, t = [], 0.0
    for i, gap in enumerate(gaps):
        t += gap
        words.append({"text": f"w{i}", "start": t, "end": t + 0.2, "filler": i % 4 == 1})
    analysis = Analysis.from_dict(
        {"duration_s": t + 1, "speech_span_s": t + 1, "wpm": 0.0, "articulation_wpm": 0.0,
         "words": words, "fillers": [], "model": "",
         "pauses": [{"start": s, "end": s + d} for s, d in pauses], "verdicts": []}
    )  # fmt: skip
    idx = follow_along.current_word_index(analysis.words, position)
    assert -1 <= idx < len(words)
    text = transcript_text(analysis, follow_along.FOLLOW_STYLE, idx, window)
    lit = [s for s in text.spans if s.style == follow_along.CURRENT_STYLE]
    assert len(lit) <= 1
    if window is None:
        assert text.plain.count(" s]") == len(analysis.long_pauses)
    target = follow_along.next_mark_after(analysis, position)
    assert target is None or target > position


def test_history_table_marks_silence_and_never_stars_it(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`* greeting 4.8 s 0 0 0.0`: a silent attempt read as a flawless answer and took the best
    mark from the real one; and the legend claimed "within the time target" above a best
    attempt that was not."""
    store = Store(home)
    audio = tmp_path / "quiet.wav"
    sf.write(audio, np.zeros(1600, dtype=np.float32), 16000)
    real = store.save(make_analysis(3, duration_s=4.0), audio, "greeting",
                      created_at="2026-01-04T09:00:00Z")  # fmt: skip
    sf.write(audio, np.zeros(1600, dtype=np.float32), 16000)
    quiet = store.save(silent_analysis(), audio, "greeting", created_at="2026-01-05T09:00:00Z")
    assert main(["history", "--home", str(home), "--question", "greeting"]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line for line in out.splitlines()[1:] if line.split()[0][0].isdigit()}
    assert rows[f"{real.id}*"]  # the real answer is the best one
    assert "no speech" in rows[str(quiet.id)] and " 0.0" not in rows[str(quiet.id)]
    assert "in the time target when any is" in out
    assert "never best" in out
    assert quiet.audio_path is not None and quiet.audio_path.exists()  # kept, never deleted


def test_history_table_is_in_local_time_and_json_stays_utc(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The table said UTC while the app's history shows local time."""
    import time

    monkeypatch.setenv("TZ", "XYZ-2")  # two hours east of UTC
    time.tzset()
    try:
        assert main(["history", "--home", str(home)]) == 0
        out = capsys.readouterr().out
        assert "time (local)" in out and "UTC" not in out
        assert "2026-01-01 11:00" in out and "2026-01-01 09:00" not in out
        assert main(["history", "--home", str(home), "--json"]) == 0
        records = json.loads(capsys.readouterr().out)
        assert records[-1]["time"] == "2026-01-01T09:00:00+00:00"  # scripts keep ISO with offset
    finally:
        monkeypatch.undo()
        time.tzset()
