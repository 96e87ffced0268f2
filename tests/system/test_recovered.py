"""Recordings a killed session left behind are offered on the next start, repaired and analysed.

Two levels: the App under Pilot with a real Store holding a recording whose process is dead
(fake transcriber), and the real process in tmux recording from the virtual microphone,
SIGKILLed mid-answer, then started again.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import struct
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from support.ui_fakes import text_of, until

from voicecoach.audio.recovery import repair_wav
from voicecoach.store import SCHEMA_VERSION, Store

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "intro-short.wav"
DEAD_PID = 2**22 + 12345  # no such process (pid_max is at most 2**22)


def leave_killed_recording(store: Store, question_id: str, seconds: float) -> Path:
    """What a SIGKILLed recorder leaves: a marker for a dead pid and a WAV whose header sizes
    were never written (0), with the samples all on disk."""
    path = store.new_recording_path(question_id)
    t = np.arange(int(seconds * 16_000)) / 16_000
    sf.write(path, (0.2 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), 16_000, "PCM_16")
    with open(path, "r+b") as fh:
        fh.seek(4)
        fh.write(struct.pack("<I", 0))
        fh.seek(40)  # soundfile writes the canonical 44-byte header: data size at 40
        fh.write(struct.pack("<I", 0))
    marker = path.with_name(path.stem + ".recording.json")
    data = json.loads(marker.read_text())
    data["pid"] = DEAD_PID
    data["pid_start"] = None
    marker.write_text(json.dumps(data))
    return path


# --- Pilot ------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_recovered_recording_is_offered_analysed_and_saved(tmp_path: Path) -> None:
    from support.ui_fakes import FakeAnalyse, make_app
    from textual.widgets import Static

    from voicecoach.ui.questions import QuestionListScreen
    from voicecoach.ui.results import ResultsScreen

    store = Store(tmp_path / "home")
    path = leave_killed_recording(store, "intro", 2.0)
    analysed: list[float] = []
    fake = FakeAnalyse()

    def analyse(p: Path, *args: Any) -> Any:
        analysed.append(sf.info(str(p)).duration)  # repaired before the analysis reads it
        return fake(p, *args)

    app, _ = make_app(tmp_path, store=store, analyse=analyse, speak=False)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, QuestionListScreen)
        line = screen.query_one("#recovered", Static)
        await until(pilot, lambda: line.display)
        text = text_of(line)
        assert "1 answer not analysed yet (intro, " in text and "press a" in text
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        results = app.screen
        assert results.question.id == "intro"
        assert "kept, and analysed now" in text_of(results.query_one("#notice"))
        assert not results.save_error
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, QuestionListScreen))
        assert not line.display  # nothing left to recover
        await pilot.press("a")  # harmless now
        await pilot.pause(0.2)
    assert analysed == [pytest.approx(2.0, abs=0.01)]
    attempts = store.list()
    assert len(attempts) == 1 and attempts[0].question_id == "intro"
    assert store.pending_recordings() == [] and not path.exists()
    assert sf.info(str(attempts[0].audio_path)).duration == pytest.approx(2.0, abs=0.01)


@pytest.mark.anyio
async def test_recovered_recording_that_cannot_be_read_stays_offered(tmp_path: Path) -> None:
    from support.ui_fakes import make_app
    from textual.widgets import Static

    store = Store(tmp_path / "home")
    path = leave_killed_recording(store, "leader", 1.0)
    path.write_bytes(b"RIFF\0\0\0\0WAVEjunk")  # the header itself is gone
    app, _ = make_app(tmp_path, store=store, speak=False)
    async with app.run_test(size=(120, 40)) as pilot:
        line = app.screen.query_one("#recovered", Static)
        await until(pilot, lambda: line.display)
        await pilot.press("a")
        await until(
            pilot, lambda: any("Could not analyse" in n.message for n in app._notifications)
        )
        await until(pilot, lambda: line.display)  # offered again; the file is kept
    assert path.exists() and [p.path for p in store.pending_recordings()] == [path]
    assert store.list() == []


@pytest.mark.anyio
async def test_recovered_recording_without_audio_is_removed(tmp_path: Path) -> None:
    """Killed in the first half second: only a header on disk; nothing to analyse or keep."""
    from support.ui_fakes import FakeAnalyse, make_app
    from textual.widgets import Static

    store = Store(tmp_path / "home")
    path = leave_killed_recording(store, "intro", 0.0)
    analyse = FakeAnalyse()
    app, _ = make_app(tmp_path, store=store, analyse=analyse, speak=False)
    async with app.run_test(size=(120, 40)) as pilot:
        line = app.screen.query_one("#recovered", Static)
        await until(pilot, lambda: line.display)
        await pilot.press("a")
        await until(pilot, lambda: any("held no audio" in n.message for n in app._notifications))
        assert not line.display
    assert analyse.calls == [] and not path.exists()
    assert store.pending_recordings() == [] and store.list() == []


# --- the real process, killed mid-answer --------------------------------------------------------


@pytest.mark.model
@pytest.mark.audio
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_sigkill_during_recording_then_restart_offers_it(virtual_mic: Any, tmp_path: Path) -> None:
    from support.tmux_session import TmuxApp

    home = tmp_path / "home"
    home.mkdir()
    env = {**virtual_mic.env, "HF_HUB_OFFLINE": "1"}
    first = TmuxApp(home, env)
    try:
        first.wait_for("Tell me about yourself", 30)
        first.keys("Down", "Enter")
        first.wait_for("60-90", 15)
        first.keys("Space")
        first.wait_for("RECORDING", 20)
        seen_recording = time.monotonic()
        player = virtual_mic.play_into_mic(SAMPLE)
        time.sleep(3.5)
        os.kill(first.pid, signal.SIGKILL)
        killed = time.monotonic()
        player.kill()
        player.wait(10)
        first.wait_for("EXITED-137", 10)
    finally:
        first.kill()
    recordings = sorted((home / "recordings").glob("*.wav"))
    assert len(recordings) == 1
    # All but at most the last second is readable once the header is repaired.
    copy = tmp_path / "copy.wav"
    shutil.copyfile(recordings[0], copy)
    repair_wav(copy)
    info = sf.info(str(copy))
    assert info.samplerate == 16_000 and info.channels == 1
    assert info.duration >= (killed - seen_recording) - 1.0, info.duration
    samples, _ = sf.read(copy)
    assert np.abs(samples).max() > 0.05  # the speech is in it, not only silence

    second = TmuxApp(home, env)
    try:
        second.wait_for("1 answer not analysed yet (intro,", 30)
        second.keys("a")
        screen = second.wait_for("Your answer: ", 180)
        screen = second.wait_for("kept, and analysed now", 10)
        assert "Traceback" not in screen
        second.keys("Escape")
        second.wait_for("Choose a question", 10)
        # The offer is gone (a notification about the analysis may still be on screen).
        assert "press a to analyse" not in second.screen()
        second.keys("q")
        second.wait_for("EXITED-0", 20)
    finally:
        second.kill()
    store = Store(home)
    assert store.pending_recordings() == []
    attempts = store.list()
    assert len(attempts) == 1 and attempts[0].question_id == "intro"


# --- an answer recorded while the database could not be opened ---------------------------------

SESSION_WITHOUT_DATABASE = """
import asyncio, sys
from argparse import Namespace
from pathlib import Path

sys.path.insert(0, sys.argv[2])
import numpy as np
import soundfile as sf
from textual.widgets import Static
from support.ui_fakes import FakeAnalyse, FakeRecorder, FakeTranscriber, until

from voicecoach.ui import app as app_module
from voicecoach.ui.results import ResultsScreen


class WavRecorder(FakeRecorder):
    def stop(self):
        t = np.arange(16_000) / 16_000
        sf.write(self.path, (0.2 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), 16_000)
        return super().stop()


real = app_module.default_services


def services(*args):
    built = real(*args)
    built.transcriber_factory = FakeTranscriber
    built.recorder_factory = WavRecorder
    built.analyse = FakeAnalyse()
    built.live_factory = built.warm_up = None
    return built


app_module.default_services = services
app = app_module.build_app(Namespace(home=sys.argv[1], no_voice=True, no_mic_check=True))


async def main():
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("down", "enter")
        await pilot.pause(0.3)
        await pilot.press("space")
        await pilot.pause(0.3)
        await pilot.press("space")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        saved = app.screen.query_one("#saved", Static).content
        print(getattr(saved, "plain", saved))


asyncio.run(main())
"""


@pytest.mark.anyio
async def test_an_answer_recorded_while_the_database_cannot_be_opened_is_offered_later(
    tmp_path: Path,
) -> None:
    """A database the app cannot open (here one from a newer voicecoach): the answer was
    written to recordings/ without the marker the next start looks for, so once the database
    opened again it was never offered, and it sat there unseen. Then, offered, it was worded
    untrue: "Answer saved" (it was not, in history) and, at the next start, "not analysed yet"
    (it had been): now "kept in" recordings/, and offered as recorded while history could not
    be opened, to add to history."""
    import sqlite3
    import subprocess
    import sys
    from contextlib import closing

    from support.ui_fakes import FakeAnalyse, make_app
    from textual.widgets import Static

    from voicecoach.ui.results import ResultsScreen

    home = tmp_path / "home"
    Store(home)
    with closing(sqlite3.connect(home / "voicecoach.db")) as conn:
        conn.execute("PRAGMA user_version = 99")
    first = subprocess.run(
        [sys.executable, "-c", SESSION_WITHOUT_DATABASE, str(home), str(Path(__file__).parents[1])],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert first.returncode == 0, first.stderr
    saved = first.stdout.strip()  # and the user is told where it is, and what comes next
    assert saved.startswith(f"Answer kept in {home / 'recordings'}/"), saved
    assert saved.endswith(
        "(history could not be opened: the next start offers to add it to your history)"
    ), saved

    with closing(sqlite3.connect(home / "voicecoach.db")) as conn:  # upgraded: it opens again
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    store = Store(home)
    app, _ = make_app(tmp_path, store=store, analyse=FakeAnalyse(), speak=False)
    async with app.run_test(size=(120, 40)) as pilot:
        line = app.screen.query_one("#recovered", Static)
        await until(pilot, lambda: line.display)
        offer = text_of(line)
        assert "1 answer recorded while history could not be opened (intro, " in offer, offer
        assert offer.endswith("press a to add it to history"), offer
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        notice = text_of(app.screen.query_one("#notice", Static))
        assert "while history could not be opened; analysed again now" in notice, notice
        assert text_of(app.screen.query_one("#saved", Static)).startswith("Answer saved: ")
    attempts = store.list()
    assert len(attempts) == 1 and attempts[0].question_id == "intro"
    assert sf.info(str(attempts[0].audio_path)).duration == pytest.approx(1.0, abs=0.01)
    assert store.pending_recordings() == []
    assert list((home / "recordings").iterdir()) == []


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("closed", "offer"),
    [
        ((True, True), "2 answers recorded while history could not be opened (oldest: intro, "),
        ((True, False), "2 answers not in your history yet (oldest: intro, "),
        ((False, True), "2 answers not in your history yet (oldest: intro, "),
    ],
    ids=["both-analysed", "oldest-analysed", "newest-analysed"],
)
async def test_kept_answers_are_offered_as_what_they_are(
    tmp_path: Path, closed: tuple[bool, bool], offer: str
) -> None:
    """Answers analysed while history could not be opened were offered as "not analysed yet";
    with a killed one beside them, neither wording is true of both, "not in your history" is."""
    from support.ui_fakes import FakeAnalyse, make_app
    from textual.widgets import Static

    from voicecoach.audio.markers import mark_history_closed

    store = Store(tmp_path / "home")
    # Named by the second they start, then the question: intro is the oldest either way.
    for question_id, analysed in zip(("intro", "leader"), closed, strict=True):
        path = leave_killed_recording(store, question_id, 1.0)
        if analysed:
            mark_history_closed(path)
    assert [p.history_closed for p in store.pending_recordings()] == list(closed)
    app, _ = make_app(tmp_path, store=store, analyse=FakeAnalyse(), speak=False)
    async with app.run_test(size=(140, 40)) as pilot:
        line = app.screen.query_one("#recovered", Static)
        await until(pilot, lambda: line.display)
        assert offer in text_of(line), text_of(line)
        assert text_of(line).endswith("press a to add the oldest"), text_of(line)


def test_a_marker_that_cannot_be_marked_is_left_as_it_was(tmp_path: Path) -> None:
    """Marking an answer analysed is best effort: a marker gone or unreadable is no error, and
    the answer is still offered (as not analysed yet)."""
    from voicecoach.audio.markers import mark_history_closed

    store = Store(tmp_path / "home")
    path = leave_killed_recording(store, "intro", 1.0)
    marker = path.with_name(path.stem + ".recording.json")
    text = marker.read_text()
    mark_history_closed(tmp_path / "no-such.wav")
    marker.write_text("{not json")
    mark_history_closed(path)
    assert marker.read_text() == "{not json" and path.exists()
    marker.write_text(text)
    mark_history_closed(path)
    assert [p.history_closed for p in store.pending_recordings()] == [True]
    assert sorted(q.name for q in path.parent.iterdir()) == sorted([path.name, marker.name])


@pytest.mark.anyio
async def test_an_answer_history_could_not_save_is_called_kept_not_saved(tmp_path: Path) -> None:
    """The save failed (here a full disk): the line began "Answer saved: <recordings/...>"
    and then said "(not saved to history: ...)". The file is kept there, with its marker."""
    from support.pilot import answer, open_question
    from support.ui_fakes import FakeStore, make_app
    from textual.widgets import Static

    from voicecoach.store import StoreError

    class FullDiskStore(FakeStore):
        def save(self, *_args: Any, **_kwargs: Any) -> Any:
            raise StoreError("cannot save the attempt: the disk is full; free some space")

    app, _ = make_app(tmp_path, store=FullDiskStore(tmp_path), speak=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "ready" in app.model_state)
        screen = await open_question(pilot, downs=0)
        await answer(pilot, screen)
        saved = text_of(app.screen.query_one("#saved", Static))
    assert saved.startswith(f"Answer kept in {tmp_path / 'recordings'}/"), saved
    assert saved.endswith(
        "(not saved to history: cannot save the attempt: the disk is full; free some space)"
    ), saved
