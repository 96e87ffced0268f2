"""Hardening (issue 8): no network, signals mid-answer, bad files, bad settings, a damaged
database and a one-hour recording. Each case is a row in docs/RELIABILITY.md."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
from argparse import Namespace
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import soundfile as sf

from voicecoach.audio.recovery import wav_needs_repair

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
INTRO = SAMPLES / "intro-short.wav"
GREETING = SAMPLES / "greeting-same.flac"
HAS_MODEL = (ROOT / "models" / "tiny.en" / "model.bin").exists()
needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def vc(
    *args: str, home: Path, prefix: tuple[str, ...] = (), env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the CLI as a user would (a fresh process), with its own data directory."""
    full_env = {**os.environ, "VOICECOACH_HOME": str(home), **(env or {})}
    for key in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):  # prove it works without them
        full_env.pop(key, None)
    return subprocess.run(
        [*prefix, sys.executable, "-m", "voicecoach", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=240,
        stdin=subprocess.DEVNULL,
    )


def one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    """A failed command says what went wrong in one line, never a traceback."""
    assert done.returncode != 0
    assert "Traceback" not in done.stderr, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    return lines[0]


# --- 1. offline ---------------------------------------------------------------------------------


def _unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    done = subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=10)
    return done.returncode == 0


OFFLINE = ("unshare", "-n")
needs_unshare = pytest.mark.skipif(
    not _unshare_works(), reason="unshare -n is not allowed here (needs root or user namespaces)"
)


@pytest.mark.model
@needs_unshare
@pytest.mark.skipif(not HAS_MODEL, reason="the tiny.en model is not installed")
def test_every_command_works_without_a_network(tmp_path: Path) -> None:
    home = tmp_path / "home"
    answers = tmp_path / "answers"
    answers.mkdir()
    shutil.copyfile(GREETING, answers / "greeting.flac")

    def ok(*args: str) -> subprocess.CompletedProcess[str]:
        done = vc(*args, home=home, prefix=OFFLINE, env={"AUDIODEV": "none"})
        assert done.returncode == 0, f"{args}: {done.stderr}"
        assert "Traceback" not in done.stderr
        return done

    assert "voicecoach" in ok("--version").stdout
    ok("--help")
    report = json.loads(ok("analyze", str(GREETING), "--question", "greeting", "--json").stdout)
    assert report["word_count"] >= 1
    ok("analyze", str(GREETING), "--question", "greeting", "--save")
    ok("interview", "--from-files", str(answers), "--questions", "greeting", "--out",
       str(tmp_path / "report.md"))  # fmt: skip
    assert (tmp_path / "report.md").is_file()
    rows = json.loads(ok("history", "--json").stdout)
    assert len(rows) == 1
    ok("history", "--csv")
    out = tmp_path / "export"
    ok("export", str(out))
    exported = [p for p in out.rglob("*") if p.is_file()]
    assert exported and all(p.resolve().is_relative_to(out.resolve()) for p in exported)
    # replay needs a speaker: with none it must say so in one line (network has no part in it)
    replay = vc("replay", str(rows[0]["id"]), home=home, prefix=OFFLINE,
                env={"ALSA_CONFIG_PATH": str(_no_device_conf(tmp_path))})  # fmt: skip
    assert replay.returncode == 0 or one_line_error(replay)
    ok("delete", str(rows[0]["id"]), "--yes")
    assert json.loads(ok("history", "--json").stdout) == []


def _no_device_conf(tmp_path: Path) -> Path:
    conf = tmp_path / "asound-none.conf"
    conf.write_text("pcm.!default { type hw card 0 }\nctl.!default { type hw card 0 }\n")
    return conf


@pytest.mark.model
@needs_unshare
@needs_tmux
@pytest.mark.skipif(not HAS_MODEL, reason="the tiny.en model is not installed")
def test_the_app_starts_and_loads_the_model_without_a_network(tmp_path: Path) -> None:
    from support.tmux_session import TmuxApp

    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE",)}
    app = TmuxApp(
        home, {"HF_HUB_OFFLINE": ""} if "HF_HUB_OFFLINE" in env else {}, prefix="unshare -n"
    )
    try:
        app.wait_for("Tell me about yourself", 30)
        app.wait_for(": ready", 120)
        app.keys("q")
        assert "Traceback" not in app.wait_for("EXITED-0", 20)
    finally:
        app.kill()


def test_data_is_private(tmp_path: Path) -> None:
    """Recordings and the database are readable by their owner only."""
    from voicecoach.store import Store

    store = Store(tmp_path / "home")
    recording = store.new_recording_path("intro")
    for path in (store.db_path, recording):
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
    for directory in (store.recordings_dir, store.audio_dir):
        assert stat.S_IMODE(directory.stat().st_mode) & 0o077 == 0, directory


# --- 2. signals during recording and transcription (the real process in a terminal) -------------


def _record_then_signal(
    virtual_mic: Any, tmp_path: Path, signum: int, when: str
) -> tuple[Any, str, float]:
    from support.tmux_session import TmuxApp

    home = tmp_path / "home"
    home.mkdir()
    app = TmuxApp(home, {**virtual_mic.env, "HF_HUB_OFFLINE": "1"})
    try:
        app.wait_for("Tell me about yourself", 30)
        app.keys("Down", "Enter")
        app.wait_for("60-90", 15)
        app.keys("Space")
        app.wait_for("RECORDING", 20)
        started = time.monotonic()
        player = virtual_mic.play_into_mic(INTRO)
        time.sleep(4.0)
        if when == "transcribing":
            app.keys("Space")
            time.sleep(0.3)
        os.kill(app.pid, signum)
        elapsed = time.monotonic() - started
        player.kill()
        player.wait(10)
        screen = app.wait_for("EXITED-", 60)
    finally:
        app.kill()
    return home, screen, elapsed


@needs_tmux
@pytest.mark.parametrize(
    ("signum", "when"),
    [
        (signal.SIGTERM, "recording"),
        (signal.SIGINT, "recording"),
        (signal.SIGHUP, "recording"),
        (signal.SIGTERM, "transcribing"),
    ],
    ids=["sigterm-recording", "sigint-recording", "sighup-recording", "sigterm-transcribing"],
)
@pytest.mark.model
@pytest.mark.audio
def test_signal_mid_answer_exits_cleanly_and_keeps_the_audio(
    virtual_mic: Any, tmp_path: Path, signum: int, when: str
) -> None:
    home, screen, elapsed = _record_then_signal(virtual_mic, tmp_path, signum, when)
    assert "Traceback" not in screen, screen
    assert f"EXITED-{128 + signum}" in screen, screen
    assert f"stopped by {signal.Signals(signum).name}" in screen, screen
    kept = sorted((home / "recordings").glob("*.wav")) + sorted((home / "audio").glob("*.wav"))
    assert len(kept) == 1, kept
    wav = kept[0]
    assert not wav_needs_repair(wav)  # closed properly: the header matches the data
    info = sf.info(str(wav))
    assert info.duration >= min(elapsed, 4.0) - 1.0, (info.duration, elapsed)
    if wav.parent.name == "recordings":  # not yet saved: offered at the next start
        from voicecoach.store import Store

        assert [p.path for p in Store(home).pending_recordings()] == [wav]


@pytest.mark.model
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["sigint", "sigterm"])
def test_signal_during_cli_analysis_is_quiet(tmp_path: Path, signum: int) -> None:
    """`analyze` stopped mid-transcription: one line (SIGINT) or silence (SIGTERM), never a
    traceback; the input file is the user's and is left as it was."""
    source = SAMPLES / "intro-pitch-90s.flac"
    before = source.stat().st_mtime_ns
    proc = subprocess.Popen(
        [sys.executable, "-m", "voicecoach", "analyze", str(source), "--json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "VOICECOACH_HOME": str(tmp_path / "home")},
        # As from a terminal: a run started in the background of a non-interactive shell (as a
        # CI job may be) inherits SIGINT ignored, and the analysis then never heard it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    time.sleep(3.0)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=120)
    assert "Traceback" not in err, err
    if signum == signal.SIGINT:
        assert proc.returncode == 130 and err.strip() == "voicecoach: interrupted", err
    else:
        assert proc.returncode == -signal.SIGTERM and not err.strip(), err
    assert source.stat().st_mtime_ns == before


# --- 3. corrupt or truncated audio ---------------------------------------------------------------


def _truncated(tmp_path: Path) -> Path:
    data = (SAMPLES / "role-leaving-joe-44k-stereo.wav").read_bytes()
    path = tmp_path / "truncated.wav"
    path.write_bytes(data[: len(data) // 2])  # header promises twice what is there
    return path


BAD_AUDIO: dict[str, Callable[[Path], Path]] = {
    "empty": lambda d: _write(d / "empty.wav", b""),
    "random-bytes": lambda d: _write(d / "noise.wav", os.urandom(5000)),
    "text-file": lambda d: _write(d / "notes.mp3", b"these are my notes, not audio\n" * 20),
    "header-only": lambda d: _write(d / "header.wav", INTRO.read_bytes()[:44]),
    "flac-cut": lambda d: _write(d / "cut.flac", GREETING.read_bytes()[:3000]),
    "directory": lambda d: (d / "adir.wav").mkdir() or d / "adir.wav",
    "missing": lambda d: d / "missing.wav",
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", sorted(BAD_AUDIO))
@pytest.mark.model  # `analyze` finds the model before it reads the file
def test_bad_audio_file_is_one_line_error(tmp_path: Path, case: str) -> None:
    path = BAD_AUDIO[case](tmp_path)
    done = vc("analyze", str(path), "--json", home=tmp_path / "home")
    line = one_line_error(done)
    assert str(path.name) in line


@pytest.mark.model  # `analyze` finds the model before it reads the file
def test_non_audio_mp3_prints_only_our_line(tmp_path: Path) -> None:
    """libmpg123 prints "Note: Illegal Audio-MPEG-Header ..." straight to file descriptor 2 on
    non-MP3 bytes; load_audio silences that descriptor around the decoder, so the user sees our
    line alone (and stderr works again afterwards: the line itself is written after it)."""
    path = _write(tmp_path / "notes.mp3", b"these are my notes, not audio\n" * 20)
    done = vc("analyze", str(path), "--json", home=tmp_path / "home")
    assert done.returncode == 2
    assert done.stderr == (
        f"voicecoach: {path}: not a readable audio file (no audio data); "
        "use WAV, FLAC, OGG or MP3\n"
    )


def test_quiet_stderr_restores_the_descriptor(tmp_path: Path) -> None:
    """A C library's writes to fd 2 vanish inside the block and reach the file again after it,
    also when the block raises."""
    script = (
        "import os\n"
        "from voicecoach.audio.files import quiet_stderr\n"
        "os.write(2, b'before\\n')\n"
        "try:\n"
        "    with quiet_stderr():\n"
        "        os.write(2, b'hidden\\n')\n"
        "        raise ValueError\n"
        "except ValueError:\n"
        "    pass\n"
        "os.write(2, b'after\\n')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == "before\nafter\n"


@pytest.mark.model
def test_truncated_wav_is_analysed_up_to_where_it_stops(tmp_path: Path) -> None:
    """A WAV cut short (a crash, a partial copy): libsndfile reads the frames that are there,
    so the answer so far is analysed rather than refused."""
    path = _truncated(tmp_path)
    whole = sf.info(str(SAMPLES / "role-leaving-joe-44k-stereo.wav")).duration
    done = vc("analyze", str(path), "--json", home=tmp_path / "home")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    report = json.loads(done.stdout)
    assert report["duration_s"] == pytest.approx(whole / 2, abs=0.2)
    assert report["word_count"] > 0


# --- 4. malformed config or question bank, damaged database: the app still starts --------------


async def _until(pilot: Any, condition: Callable[[], bool], timeout: float = 15.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("condition not reached in time")
        await pilot.pause(0.05)


async def _start_app(home: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, list[str]]:
    """The real app (build_app) with a fake model: what does the first screen say?"""
    from support.ui_fakes import FakeTranscriber
    from textual.widgets import DataTable, Static

    from voicecoach.ui import app as app_module

    monkeypatch.setenv("VOICECOACH_HOME", str(home))
    real = app_module.default_services

    def services(*args: Any) -> Any:
        built = real(*args)
        built.transcriber_factory = FakeTranscriber
        built.warm_up = None
        return built

    monkeypatch.setattr(app_module, "default_services", services)
    app = app_module.build_app(Namespace(home=str(home), no_voice=True))
    said: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await _until(pilot, lambda: bool(app.screen.query(DataTable)))
        await pilot.pause(0.3)
        assert len(app.screen.query_one(DataTable).rows) >= 9  # the questions are there
        for widget in app.screen.query(Static):
            content = widget.content
            said.append(getattr(content, "plain", str(content)))
        said.extend(n.message for n in app._notifications)
    return app, said


@pytest.mark.anyio
@pytest.mark.parametrize(
    "config",
    ['model = "tiny.en', "pace_min_wpm = 'fast'", "colour = 'blue'", "question_banks = [1]"],
    ids=["not-toml", "wrong-type", "unknown-key", "bank-not-a-path"],
)
async def test_malformed_config_app_starts_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text(config + "\n")
    _, said = await _start_app(home, monkeypatch)
    text = "\n".join(said)
    assert "config.toml" in text and "using default settings" in text, text


@pytest.mark.anyio
async def test_malformed_bank_app_starts_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text('question_banks = ["mine.toml", "absent.toml"]\n')
    (home / "mine.toml").write_text('[[question]]\nid = "x"\nprompt = "Why?"\ntarget_s = [9, 1]\n')
    _, said = await _start_app(home, monkeypatch)
    text = "\n".join(said)
    assert "mine.toml (line 2)" in text and "target_s" in text, text
    assert "absent.toml" in text, text


@pytest.mark.anyio
async def test_damaged_database_app_starts_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "voicecoach.db").write_bytes(b"SQLite format 3\x00" + os.urandom(4000))
    _, said = await _start_app(home, monkeypatch)
    text = "\n".join(said)
    assert "damaged" in text and "copy was kept" in text, text
    assert list(home.glob("voicecoach.db.damaged-*"))


def test_damaged_database_cli_says_so(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "voicecoach.db").write_bytes(b"this is not a database" * 100)
    done = vc("history", "--json", home=home)
    assert "Traceback" not in done.stderr
    assert done.returncode == 0 and json.loads(done.stdout) == []
    assert "damaged" in done.stderr


# --- 5. a one-hour answer: memory stays bounded ---------------------------------------------------

LONG_RECORDER = textwrap.dedent(
    """
    import resource, sys, time
    sys.path.insert(0, sys.argv[3])
    from pathlib import Path
    from voicecoach.audio.capture import Recorder
    target = float(sys.argv[2])
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    recorder = Recorder(Path(sys.argv[1]))
    t0 = time.monotonic()
    recorder.start()
    while recorder.written_s < target and not recorder.error and time.monotonic() - t0 < 200:
        time.sleep(0.1)
    recorder.stop()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(recorder.written_s, recorder.error or "", base, peak, time.monotonic() - t0, sep="|")
    """
)


def test_a_60_minute_recording_keeps_memory_bounded(tmp_path: Path) -> None:
    """Sixty minutes from the unpaced file microphone (fast), streamed to disk: the process
    grows by a few MB, not by the 230 MB the hour of float samples would take in memory."""
    from support import audio_env

    minutes = 60
    one = audio_env.speech_like(10.0).astype("<f4").tobytes()
    raw = tmp_path / "mic.f32"
    with open(raw, "wb") as fh:
        for _ in range(minutes * 6 + 6):
            fh.write(one)
    env = {**os.environ, **audio_env.file_mic_env(tmp_path, raw)}
    out = tmp_path / "hour.wav"
    done = subprocess.run(
        [sys.executable, "-c", LONG_RECORDER, str(out), str(minutes * 60), str(ROOT)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    raw.unlink()
    assert done.returncode == 0, done.stderr
    written, error, base_kb, peak_kb, _took = done.stdout.strip().split("|")
    assert not error
    assert float(written) >= minutes * 60
    grew_mb = (int(peak_kb) - int(base_kb)) / 1024
    assert grew_mb < 60, f"the recorder grew by {grew_mb:.0f} MB over an hour"
    info = sf.info(str(out))
    assert info.duration >= minutes * 60 and info.samplerate == 16_000


# --- 6. the app's warm-up does not stall key handling ------------------------------------------

WARM_UP_PROBE = textwrap.dedent(
    """
    import sys, threading, time
    sys.path.insert(0, sys.argv[2])
    from voicecoach.transcription.whisper import WhisperTranscriber
    from voicecoach.practice.services import default_warm_up
    WhisperTranscriber(sys.argv[1]).load()  # the app warms up once the model is ready
    done, took = threading.Event(), []
    def run():
        t0 = time.perf_counter()
        default_warm_up()
        took.append(time.perf_counter() - t0)
        done.set()
    threading.Thread(target=run).start()
    worst = 0.0
    while not done.is_set():  # the event loop's stand-in: how late does a 10 ms timer fire?
        t0 = time.perf_counter()
        time.sleep(0.01)
        worst = max(worst, time.perf_counter() - t0 - 0.01)
    print(took[0], worst)
    """
)


@pytest.mark.model
def test_warm_up_does_not_stall_the_main_thread() -> None:
    """default_warm_up runs in a worker thread after the model loads; when it used librosa, its
    JIT held the GIL for 3-4 s and keys were handled late. Now a fresh process's warm-up takes
    about 0.2-0.3 s and a main-thread timer is late by at most about 0.1 s (measured on the
    shared 2-core machine); the bound here leaves room for a busy machine."""
    model = ROOT / "models" / "tiny.en"
    if not (model / "model.bin").exists():
        pytest.skip("tiny.en is not installed (make models)")
    done = subprocess.run(
        [sys.executable, "-c", WARM_UP_PROBE, str(model), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    took, worst = map(float, done.stdout.split())
    assert took < 2.0, f"the warm-up took {took:.1f} s"
    assert worst < 0.75, f"a 10 ms timer on the main thread fired {worst:.2f} s late"
