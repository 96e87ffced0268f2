"""Mistakes a first-time user makes, met as they would meet them: each gets one line naming the
problem and what to do, nothing recorded is lost, and no traceback reaches the user."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_cli_analyze import SAMPLES, assert_one_line_error

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "models" / "tiny.en"
HAS_MODEL = (TINY / "model.bin").exists()
GREETING = SAMPLES / "greeting-same.flac"


def vc(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The CLI in a fresh process, as a user runs it (``benchmarks ...``: the benchmark's, as
    `make bench` runs it from the repository)."""
    command = ["-m", *args] if args[0] == "benchmarks" else ["-m", "voicecoach", *args]
    return subprocess.run(
        [sys.executable, *command],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def assert_json_error(done: subprocess.CompletedProcess[str]) -> None:
    """With --json, stdout holds the stderr line's message as {"error": ...} and nothing else."""
    import json

    message = done.stderr.strip().removeprefix("voicecoach: ")
    assert json.loads(done.stdout) == {"error": message}, done.stdout


# --- a damaged model directory -----------------------------------------------------------------


def damaged_model(directory: Path, how: str) -> Path:
    """A copy of tiny.en broken the way a failed download or a full disk breaks it."""
    directory.mkdir(parents=True)
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        shutil.copyfile(TINY / name, directory / name)
    with (TINY / "model.bin").open("rb") as fh:
        head = fh.read(3000)
    if how == "truncated model.bin":
        (directory / "model.bin").write_bytes(head)
    else:  # "no vocabulary": model.bin complete in name only, the vocabulary missing
        os.symlink(TINY / "model.bin", directory / "model.bin")
        (directory / "vocabulary.txt").unlink()
    return directory


@pytest.mark.model
@pytest.mark.skipif(not HAS_MODEL, reason="the tiny.en model is not installed")
@pytest.mark.parametrize("how", ["truncated model.bin", "no vocabulary"])
def test_a_damaged_model_directory_is_one_line_naming_the_fix(tmp_path: Path, how: str) -> None:
    model = damaged_model(tmp_path / "my-model", how)
    done = vc("analyze", str(GREETING), "--model", str(model), "--json")
    assert_one_line_error(done, str(model), "damaged or incomplete", "--model")
    assert_json_error(done)


@pytest.mark.model
@pytest.mark.skipif(not HAS_MODEL, reason="the tiny.en model is not installed")
def test_a_damaged_installed_model_names_the_install_command(tmp_path: Path) -> None:
    damaged_model(tmp_path / "models" / "tiny.en", "truncated model.bin")
    done = vc("analyze", str(GREETING), env={"VOICECOACH_MODELS": str(tmp_path / "models")})
    assert_one_line_error(done, "damaged or incomplete", "`make models`")


# --- a data directory that cannot be used ------------------------------------------------------


@contextlib.contextmanager
def immutable(directory: Path) -> Iterator[Path]:
    """A directory nothing can be created in, not even by root (``chattr +i``)."""
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not installed")
    made = subprocess.run(["chattr", "+i", str(directory)], capture_output=True, timeout=30)
    if made.returncode != 0:
        pytest.skip(f"chattr +i is not allowed here: {made.stderr.decode().strip()}")
    try:
        yield directory
    finally:
        subprocess.run(["chattr", "-i", str(directory)], check=True, timeout=30)


def used_home(home: Path, with_database: bool) -> Path:
    """A data directory as an earlier run left it (its folders made; the database or not)."""
    for name in ("audio", "recordings"):
        (home / name).mkdir(parents=True)
    if with_database:
        from voicecoach.store import Store

        Store(home)
    return home


@pytest.mark.parametrize(
    ("with_database", "words"),
    [(False, ["cannot create", "voicecoach.db"]), (True, ["is not writable"])],
    ids=["no-database-yet", "database-there"],
)
@pytest.mark.model  # `analyze --save` finds the model first
def test_an_unwritable_data_directory_is_one_line(
    tmp_path: Path, with_database: bool, words: list[str]
) -> None:
    home = used_home(tmp_path / "home", with_database)
    # With the database there, `history` reads it read-only (test_cli_read_only_home.py).
    commands = [["analyze", str(GREETING), "--save"]] + ([] if with_database else [["history"]])
    with immutable(home):
        for command in commands:
            done = vc(*command, "--home", str(home))
            assert_one_line_error(done, str(home), "--home", *words)


def test_a_file_given_as_the_data_directory_is_named_so(tmp_path: Path) -> None:
    afile = tmp_path / "notes.txt"
    afile.write_text("my notes\n")
    done = vc("history", "--home", str(afile))
    assert_one_line_error(done, "is a file, not a directory", "--home")
    assert afile.read_text() == "my notes\n"


@pytest.mark.anyio
async def test_the_app_starts_in_an_unwritable_data_directory_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_reliability import _start_app

    home = used_home(tmp_path / "home", with_database=False)
    with immutable(home):
        _, said = await _start_app(home, monkeypatch)
    text = "\n".join(said)
    assert "cannot create" in text and "answers are kept and offered" in text, text


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 200 KiB tmpfs, used once (its folders and database made), then filled to the brim."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(mount)],
        capture_output=True,
        timeout=30,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")
    try:
        used_home(mount, with_database=True)
        with contextlib.suppress(OSError), (mount / "filler").open("wb") as fh:
            for _ in range(1024):  # 4 MiB: the 200 KiB disk is full well before
                fh.write(b"\0" * 4096)
                fh.flush()
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True, timeout=30)


def test_a_full_disk_at_start_says_the_disk_is_full(full_disk: Path) -> None:
    done = vc("history", "--home", str(full_disk))
    assert_one_line_error(done, "the disk is full", "free some space")


@pytest.mark.parametrize(
    ("command", "words"),
    [
        pytest.param(  # `analyze` finds the model before it reads the file
            ["analyze", "no-such-answer.wav"],
            ["no-such-answer.wav", "no such file"],
            marks=pytest.mark.model,
        ),
        (["history", "--question", "tell-me"], ["unknown question 'tell-me'"]),
        (["benchmarks", "accuracy", "--model", "tiny.eng"], ["unknown model 'tiny.eng'"]),
        (["benchmarks", "live", "--model", "tiny.eng"], ["unknown model 'tiny.eng'"]),
    ],
    ids=["analyze", "history", "bench", "bench-live"],
)
def test_json_errors_are_json_on_stdout(
    tmp_path: Path, command: list[str], words: list[str]
) -> None:
    """`--json` on a failure printed nothing on stdout: a script parsing it met an empty
    string, not the reason. The line on stderr and the exit code stay as they were."""
    done = vc(*command, "--json", "--home", str(tmp_path))
    assert_one_line_error(done, *words)
    assert_json_error(done)
    plain = vc(*command, "--home", str(tmp_path))  # without --json, stdout stays empty
    assert_one_line_error(plain, *words)
    assert plain.stdout == ""


@pytest.mark.parametrize(
    ("command", "problem", "help_of"),
    [
        (["analyze", "answer.wav", "--bogus"], "unrecognized arguments: --bogus", "analyze"),
        (["analyze"], "the following arguments are required: file", "analyze"),
        (["history", "--question"], "argument --question: expected one argument", "history"),
    ],
    ids=["unknown option", "missing file", "option without its value"],
)
def test_usage_mistakes_under_json_are_json_on_stdout(
    command: list[str], problem: str, help_of: str
) -> None:
    """A mistyped command line printed argparse's usage on stderr only, so a script reading
    --json's stdout met an empty string. Now stdout holds one {"error": ...} line naming the
    problem and the --help to read; stderr and the exit code are as without --json."""
    import json

    done = vc(command[0], "--json", *command[1:])
    plain = vc(*command)
    assert done.returncode == plain.returncode == 2
    assert done.stderr == plain.stderr and "Traceback" not in done.stderr
    # One line on stderr too, the same as the JSON's (test_cli_usage_one_line.py).
    line = f"{problem}; run `voicecoach {help_of} --help` for the usage"
    assert done.stderr == f"voicecoach: {line}\n"
    assert done.stdout.count("\n") == 1
    assert json.loads(done.stdout) == {"error": line}
    assert plain.stdout == ""


# --- analyze --save: the data directory's problems never cost the analysis --------------------


@pytest.mark.model  # it finds the model, then checks the data directory, then transcribes
def test_analyze_save_checks_the_data_directory_before_transcribing(tmp_path: Path) -> None:
    """A database from a newer voicecoach is reported at once, before the file is even read
    (with the old order the answer was transcribed first, then thrown away)."""
    import sqlite3

    home = used_home(tmp_path / "home", with_database=True)
    with contextlib.closing(sqlite3.connect(home / "voicecoach.db")) as conn:
        conn.execute("PRAGMA user_version = 99")
    not_audio = tmp_path / "answer.wav"
    not_audio.write_text("not a recording\n")
    done = vc("analyze", str(not_audio), "--save", "--home", str(home))
    assert_one_line_error(done, "newer voicecoach", "upgrade")


@pytest.mark.model
@pytest.mark.skipif(not HAS_MODEL, reason="the tiny.en model is not installed")
def test_analyze_save_prints_the_report_even_when_saving_fails(tmp_path: Path) -> None:
    import json

    home = used_home(tmp_path / "home", with_database=True)
    with immutable(home / "audio"):  # the copy of the audio cannot be written
        done = vc("analyze", str(GREETING), "--json", "--save", "--home", str(home))
    assert_one_line_error(done, "cannot copy", str(GREETING))
    report = json.loads(done.stdout)  # the analysis waited for is there, as valid JSON
    assert report["word_count"] >= 1
    assert report["error"] == done.stderr.strip().removeprefix("voicecoach: ")
    assert GREETING.is_file()


# --- analyze: damaged headers and long files ---------------------------------------------------


def with_sample_rate(source: Path, target: Path, rate: int) -> Path:
    """A copy of a 16-bit mono WAV whose header claims another sample rate."""
    data = bytearray(source.read_bytes())
    data[24:28] = rate.to_bytes(4, "little")
    data[28:32] = (rate * 2 % 2**32).to_bytes(4, "little")
    target.write_bytes(bytes(data))
    return target


@pytest.mark.model
@pytest.mark.skipif(not HAS_MODEL, reason="the tiny.en model is not installed")
@pytest.mark.parametrize("rate", [1, 100, 2**31 - 1])
def test_an_impossible_sample_rate_is_one_line(tmp_path: Path, rate: int) -> None:
    """At 1 Hz a 1.7 s clip became 7.7 hours of audio (minutes of work, gigabytes); at 2^31 Hz
    none, reported as a 0 s answer with exit code 0."""
    import soundfile as sf

    wav = tmp_path / "answer.wav"
    audio, source_rate = sf.read(GREETING, dtype="int16")
    sf.write(wav, audio, source_rate, subtype="PCM_16")
    damaged = with_sample_rate(wav, tmp_path / "damaged.wav", rate)
    done = vc("analyze", str(damaged), "--json")
    assert_one_line_error(done, "damaged.wav", f"{rate} Hz", "damaged")
    assert_json_error(done)


LOAD_PEAK = """
import resource, sys
sys.path.insert(0, sys.argv[2])
from voicecoach.audio.files import load_audio
import soxr  # imported up front, as the first resample would
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
audio = load_audio(sys.argv[1])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(audio.duration_s, (peak - base) / 1024)
"""


def test_a_long_stereo_recording_loads_in_bounded_memory(tmp_path: Path) -> None:
    """Five minutes of 48 kHz stereo: decoded a block at a time, the loader grows by about its
    16 kHz mono result (18 MB) twice over, not by the whole file as float32 (115 MB) plus its
    mono mix (58 MB): a 3-hour meeting recording took over 7 GB before."""
    import numpy as np
    import soundfile as sf

    minutes = 5
    path = tmp_path / "long meeting.wav"
    with sf.SoundFile(path, "w", 48_000, 2, "PCM_16") as fh:
        block = np.zeros((48_000 * 60, 2), dtype=np.int16)
        block[::480, 0] = 1000  # not pure silence: something to resample
        for _ in range(minutes):
            fh.write(block)
    done = subprocess.run(
        [sys.executable, "-c", LOAD_PEAK, str(path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    duration, grew_mb = (float(x) for x in done.stdout.split())
    assert duration == pytest.approx(minutes * 60, abs=0.01)
    assert grew_mb < 80, f"loading {minutes} minutes of 48 kHz stereo grew by {grew_mb:.0f} MB"


def test_streamed_loading_gives_the_numbers_of_the_whole_file(tmp_path: Path) -> None:
    """Blocks or not, the analysis hears the same samples (44.1 kHz stereo, several blocks)."""
    import numpy as np
    import soundfile as sf

    from voicecoach.audio.files import READ_BLOCK_FRAMES, load_audio, to_mono_16k

    rng = np.random.default_rng(3)
    data = (rng.standard_normal((READ_BLOCK_FRAMES * 3 + 1234, 2)) * 0.1).astype(np.float32)
    path = tmp_path / "stereo.wav"
    sf.write(path, data, 44_100, subtype="FLOAT")
    loaded = load_audio(path)
    assert (loaded.source_rate, loaded.source_channels) == (44_100, 2)
    np.testing.assert_array_equal(loaded.samples, to_mono_16k(data, 44_100))


# --- quitting mid-answer -----------------------------------------------------------------------


@pytest.mark.model
@pytest.mark.audio
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_ctrl_q_mid_answer_keeps_it_and_says_so(virtual_mic: Any, tmp_path: Path) -> None:
    """ctrl+q while recording: the answer is closed properly, kept and offered next start, and
    the last line says so (it said "the microphone stopped delivering sound (was it
    unplugged?)": the microphone was left open and ended under the exiting app)."""
    from support.tmux_session import TmuxApp

    from voicecoach.audio.recovery import wav_needs_repair
    from voicecoach.store import Store

    home = tmp_path / "home"
    home.mkdir()
    app = TmuxApp(home, {**virtual_mic.env, "HF_HUB_OFFLINE": "1"})
    try:
        app.wait_for("Tell me about yourself", 30)
        app.keys("Down", "Enter")
        app.wait_for("60-90", 15)
        app.keys("Space")
        app.wait_for("RECORDING", 20)
        player = virtual_mic.play_into_mic(SAMPLES / "intro-short.wav")
        time.sleep(3.0)  # some answer in the file
        app.keys("C-q")
        screen = app.wait_for("EXITED-", 30)
        player.kill()
        player.wait(10)
    finally:
        app.kill()
    assert "Traceback" not in screen and "unplugged" not in screen, screen
    assert "EXITED-0" in screen, screen
    [wav] = sorted((home / "recordings").glob("*.wav"))
    assert f"kept ({wav})" in screen.replace("\n", ""), screen
    assert not wav_needs_repair(wav)  # closed properly: the header matches the data
    assert [p.path for p in Store(home).pending_recordings()] == [wav]


# --- the plain-terminal mock interview ---------------------------------------------------------


class Terminal(io.StringIO):
    """Standard input as a terminal that answers every prompt with Enter."""

    def __init__(self) -> None:
        super().__init__("\n" * 20)

    def isatty(self) -> bool:
        return True


def test_interview_answers_survive_a_failure_later_in_the_interview(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The first answer is recorded, the microphone fails at the second: the first is kept
    where `--from-files` reads it, and the user is told so (it was in a temporary folder,
    deleted on the way out)."""
    from voicecoach.cli import main
    from voicecoach.commands import interview

    def record_answer(question: Any, _cfg: Any, workdir: Path, _speak: bool) -> Path:
        if question.id == "intro":
            raise interview.VoicecoachError("recording failed: the microphone stopped")
        path = workdir / f"{question.id}.flac"
        shutil.copyfile(GREETING, path)
        return path

    monkeypatch.setattr(interview, "record_answer", record_answer)
    monkeypatch.setattr("voicecoach.commands.analyze.make_transcriber", lambda _cfg: None)
    monkeypatch.setattr(sys, "stdin", Terminal())
    analysed: list[str] = []

    def analyze_file(path: Path, *_args: Any, **_kwargs: Any) -> Any:
        analysed.append(Path(path).name)
        raise interview.VoicecoachError("skipped in this test")

    monkeypatch.setattr("voicecoach.practice.pipeline.analyze_file", analyze_file)
    home = tmp_path / "home"
    rc = main(
        [
            "--home",
            str(home),
            "interview",
            "--questions",
            "greeting,intro",
            "--out",
            str(tmp_path / "report.md"),
        ]
    )
    err = capsys.readouterr().err
    assert rc == 2 and "the microphone stopped" in err, err
    assert analysed == ["greeting.flac"]
    [kept] = list(home.rglob("greeting.flac"))
    assert f"kept in {kept.parent}" in err and f"--from-files {kept.parent}" in err, err


def test_interview_checks_the_report_path_before_the_interview(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from voicecoach.cli import main

    answers = tmp_path / "answers"
    answers.mkdir()
    shutil.copyfile(GREETING, answers / "greeting.flac")
    locked = tmp_path / "locked"
    locked.mkdir()
    with immutable(locked):
        rc = main(
            [
                "--home",
                str(tmp_path / "home"),
                "interview",
                "--from-files",
                str(answers),
                "--questions",
                "greeting",
                "--out",
                str(locked / "report.md"),
            ]
        )
    captured = capsys.readouterr()
    assert rc == 2, captured.err
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "cannot write the report" in lines[0] and "--out" in lines[0]
    assert "analysing" not in captured.err  # said before any work was done


@pytest.mark.model  # `interview` finds the model before it opens the device
@pytest.mark.audio
def test_interview_records_from_the_device_given(
    virtual_mic: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`voicecoach --device X interview` used the config's device (here the system default)
    and recorded from it without a word; now X is used, and a wrong X is named."""
    from voicecoach.cli import main

    monkeypatch.setattr(sys, "stdin", Terminal())
    rc = main(
        [
            "--no-voice",
            "--device",
            "no-such-mic",
            "--home",
            str(tmp_path / "home"),
            "interview",
            "--questions",
            "greeting",
            "--out",
            str(tmp_path / "r.md"),
        ]
    )
    err = capsys.readouterr().err
    assert rc == 2 and "no-such-mic" in err, err
    assert not (tmp_path / "r.md").exists()


# --- history: a mistyped question id ------------------------------------------------------------


def saved_attempt(home: Path, question: str) -> None:
    from voicecoach.datatypes import Analysis
    from voicecoach.store import Store

    analysis = Analysis(
        duration_s=2.0,
        speech_span_s=1.0,
        wpm=120.0,
        articulation_wpm=120.0,
        words=[],
        fillers=[],
        pauses=[],
        verdicts=[],
        model="test",
        question_id=question,
    )
    Store(home).save(analysis, None, question)


@pytest.mark.parametrize("fmt", [[], ["--json"], ["--csv"]], ids=["table", "json", "csv"])
def test_history_of_a_mistyped_question_names_the_known_ones(
    tmp_path: Path, fmt: list[str]
) -> None:
    """It said "No attempts yet" (or printed an empty list) beside attempts at other questions."""
    saved_attempt(tmp_path, "intro")
    done = vc("history", "--question", "tell-me-about-yourself", *fmt, "--home", str(tmp_path))
    assert_one_line_error(done, "unknown question 'tell-me-about-yourself'", "intro, ")
    if fmt == ["--json"]:
        assert_json_error(done)
    else:
        assert done.stdout == ""


def test_history_of_a_question_not_practised_yet_says_which(tmp_path: Path) -> None:
    saved_attempt(tmp_path, "intro")
    done = vc("history", "--question", "greeting", "--home", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("No attempts at 'greeting' yet.")


# --- the app without a terminal ----------------------------------------------------------------


def test_the_app_without_a_terminal_says_so_and_exits(tmp_path: Path) -> None:
    """From a script, cron or a pipe: it drew escape codes into the output and waited for keys
    that never came (stdin from /dev/null), loading the model for nobody."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "voicecoach", "--no-voice", "--home", str(tmp_path)],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=30,
        )
    except subprocess.TimeoutExpired as exc:
        raise AssertionError("the app waited for keys with no terminal to read them from") from exc
    assert_one_line_error(done, "needs a terminal", "voicecoach analyze FILE")
    assert done.stdout == ""


# --- a tiny terminal ---------------------------------------------------------------------------


def on_screen(screen: Any, selector: str) -> bool:
    """Whether any cell of the terminal shows the widget (not scrolled or cut off)."""
    widget = screen.query_one(selector)
    width, height = screen.app.size
    for y in range(height):
        for x in range(width):
            try:
                found, _ = screen.get_widget_at(x, y)
            except Exception:  # no widget at this cell
                continue
            if found is widget:
                return True
    return False


@pytest.mark.anyio
async def test_a_tiny_terminal_still_shows_what_went_wrong(tmp_path: Path) -> None:
    """40x12 with no microphone: space showed nothing (the message was below the fold)."""
    from support.pilot import open_question, record
    from support.ui_fakes import make_app

    app, _ = make_app(tmp_path, mic_error="no input device 'usb-mic'; inputs: 0: default")
    async with app.run_test(size=(40, 12)) as pilot:
        screen = await open_question(pilot, downs=0)
        assert on_screen(screen, "#question-prompt")  # ready: the question is what shows
        await record(pilot, screen)
        assert screen.state == "failed"
        await pilot.pause(0.2)
        assert on_screen(screen, "#message")


@pytest.mark.anyio
async def test_a_tiny_terminal_still_shows_that_it_is_recording(tmp_path: Path) -> None:
    """40x12 while recording (live cues on): the RECORDING line was cut off."""
    from support.live_fakes import FakeLive
    from support.pilot import open_question, record, until
    from support.ui_fakes import make_app

    app, _ = make_app(tmp_path, speak=False)
    app.services.live_factory = lambda _transcriber: FakeLive()
    async with app.run_test(size=(40, 12)) as pilot:
        await until(pilot, lambda: "ready" in app.model_state)
        screen = await open_question(pilot, downs=0)
        await record(pilot, screen)
        assert screen.state == "recording"
        await pilot.pause(0.2)
        assert on_screen(screen, "#state")
        await pilot.resize_terminal(40, 9)  # made smaller mid-answer
        await pilot.pause(0.2)
        assert on_screen(screen, "#state")


def screen_text(screen: Any) -> str:
    """What the terminal shows, row by row, as plain text."""
    return "\n".join(strip.text for strip in screen._compositor.render_strips())


STORE_NOTICE = (
    "cannot open /home/me/.local/share/voicecoach/voicecoach.db: /home/me/.local/share/"
    "voicecoach/voicecoach.db was written by a newer voicecoach (schema v9, this one knows v2); "
    "upgrade voicecoach (answers are kept and offered at the next start, once the history opens)"
)


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("history_closed", "offer"),
    [
        (False, "1 answer not analysed yet (intro, "),
        (True, "1 answer recorded while history could not be opened (intro, "),
    ],
    ids=["killed", "analysed-while-history-closed"],
)
async def test_a_tiny_terminal_with_notices_still_lists_the_questions(
    tmp_path: Path, history_closed: bool, offer: str
) -> None:
    """40x12 with a start-up notice and a kept answer offered: the notice's box (11 rows) and
    the offer pushed every question below the fold, so the list looked empty. The longer
    offer of an answer analysed while history could not be opened fits the same way."""
    from support.ui_fakes import make_app, until
    from test_recovered import leave_killed_recording

    from voicecoach.audio.markers import mark_history_closed
    from voicecoach.store import Store

    store = Store(tmp_path / "home")
    kept = leave_killed_recording(store, "intro", 1.0)
    if history_closed:
        mark_history_closed(kept)
    app, _ = make_app(tmp_path, store=store, notices=[STORE_NOTICE], speak=False)
    async with app.run_test(size=(40, 12)) as pilot:
        screen = app.screen
        await until(pilot, lambda: screen.query_one("#recovered").display)
        await pilot.pause(0.2)
        shown = screen_text(screen)
        for question in app.bank.questions[:4]:
            assert question.title[:12] in shown, shown
        assert "⚠ cannot open" in shown, shown  # the notice is still there, shortened
        assert "press a" in shown, shown  # and the kept answer, with its key
        await pilot.press("down", "down", "down")  # the list is live too: the cursor moves
        await pilot.resize_terminal(120, 40)  # room again: the notice in full
        await pilot.pause(0.3)
        shown = screen_text(screen)
        assert "once the history opens)" in shown, shown
        assert offer in shown, shown


# --- a mistyped --config ----------------------------------------------------------------------


def test_a_missing_config_file_given_with_config_is_named(tmp_path: Path) -> None:
    """`--config my-settings.toml` with a typo was silently replaced by the defaults."""
    missing = tmp_path / "my-setings.toml"
    done = vc("analyze", str(GREETING), "--config", str(missing), "--home", str(tmp_path))
    assert_one_line_error(done, str(missing), "no such config file", "--config")


def test_the_app_says_a_missing_config_file_is_missing(tmp_path: Path) -> None:
    from argparse import Namespace

    from voicecoach.ui.app import build_app

    missing = tmp_path / "my-setings.toml"
    app = build_app(Namespace(home=str(tmp_path), config=str(missing), device=None, no_voice=True))
    assert any(str(missing) in n and "default settings" in n for n in app.notices), app.notices


@pytest.mark.parametrize(
    ("setting", "named"),
    [
        ("long_pause_s = -1", "long_pause_s = -1.0 should be at least min_pause_s"),
        ("min_pause_s = 0", "min_pause_s = 0.0 should be more than 0"),
        ("pace_max_wpm = 100", "pace_max_wpm = 100.0 should be more than pace_min_wpm"),
        ("very_long_pause_s = 0.5", "very_long_pause_s = 0.5 should be at least long_pause_s"),
    ],
)
def test_a_setting_that_makes_no_sense_is_named(tmp_path: Path, setting: str, named: str) -> None:
    """`long_pause_s = -1` was taken, and the report said "5 long (>= -1 s)"."""
    config = tmp_path / "config.toml"
    config.write_text(setting + "\n")
    done = vc("analyze", str(GREETING), "--config", str(config), "--home", str(tmp_path))
    assert_one_line_error(done, str(config), named, "fix or delete it")


# --- a recording kept from a killed session, analysed from the command line -------------------

KEPT_BY_A_DEAD_PROCESS = """
import sys
sys.path.insert(0, sys.argv[2])
from voicecoach.store import Store
print(Store(sys.argv[1]).new_recording_path("greeting"))
"""


@pytest.mark.model
@pytest.mark.skipif(not HAS_MODEL, reason="the tiny.en model is not installed")
@pytest.mark.parametrize("declared", [0, 16_000], ids=["killed-at-once", "header-stale"])
def test_analyze_of_a_killed_recording_hears_all_of_it(tmp_path: Path, declared: int) -> None:
    """`voicecoach history` suggests `voicecoach analyze <kept recording> --save`: a recording
    killed between two header updates has sizes that stop short of the audio on disk, so the
    end of the answer was dropped (or all of it: "the file holds no audio")."""
    import json

    import soundfile as sf

    home = tmp_path / "home"
    made = subprocess.run(
        [sys.executable, "-c", KEPT_BY_A_DEAD_PROCESS, str(home), str(ROOT)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    kept = Path(made.stdout.strip())  # its marker names a process that has exited
    audio, rate = sf.read(GREETING, dtype="int16")
    sf.write(kept, audio, rate, subtype="PCM_16")
    data = bytearray(kept.read_bytes())
    at = data.find(b"data")
    data[at + 4 : at + 8] = declared.to_bytes(4, "little")  # as the killed writer left it
    data[4:8] = (at + 8 - 8 + declared).to_bytes(4, "little")
    kept.write_bytes(bytes(data))

    done = vc("analyze", str(kept), "--question", "greeting", "--json", "--home", str(home))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["duration_s"] == pytest.approx(len(audio) / rate, abs=0.01)


@pytest.mark.anyio
async def test_history_key_says_why_there_is_no_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database from a newer voicecoach: `h` said "not available yet: no attempts store in
    this install", as if a part were missing, instead of what is wrong with the database."""
    import sqlite3
    from argparse import Namespace

    from support.ui_fakes import FakeTranscriber, until
    from textual.widgets import DataTable

    from voicecoach.ui import app as app_module

    home = used_home(tmp_path / "home", with_database=True)
    with contextlib.closing(sqlite3.connect(home / "voicecoach.db")) as conn:
        conn.execute("PRAGMA user_version = 99")
    real = app_module.default_services

    def services(*args: Any) -> Any:
        built = real(*args)
        built.transcriber_factory = FakeTranscriber
        built.warm_up = None
        return built

    monkeypatch.setattr(app_module, "default_services", services)
    app = app_module.build_app(Namespace(home=str(home), no_voice=True))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: bool(app.screen.query(DataTable)))
        await pilot.press("h")
        await until(pilot, lambda: any("History" in n.message for n in app._notifications))
        said = [n.message for n in app._notifications if "History" in n.message]
    assert "newer voicecoach" in said[-1] and "install" not in said[-1], said


# --- a disk that fills up before the answer starts ---------------------------------------------


@pytest.fixture
def store_then_full(full_disk: Path) -> Iterator[Any]:
    """A store opened on the small disk, which then fills up (another program wrote to it)."""
    from voicecoach.store import Store

    (full_disk / "filler").unlink()
    store = Store(full_disk)
    with contextlib.suppress(OSError), (full_disk / "filler").open("wb") as fh:
        for _ in range(1024):  # 4 MiB: the 200 KiB disk is full well before
            fh.write(b"\0" * 4096)
            fh.flush()
    yield store


@pytest.mark.anyio
async def test_a_full_disk_at_the_start_of_an_answer_says_so(
    store_then_full: Any, tmp_path: Path
) -> None:
    """It said "Cannot record: OSError: [Errno 28] No space left on device. Connect a
    microphone, or choose an input with --device." and left an empty WAV and a .part file."""
    from support.pilot import open_question, record
    from support.ui_fakes import make_app, text_of

    app, fakes = make_app(tmp_path, store=store_then_full)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_question(pilot, downs=0)
        await record(pilot, screen)
        assert screen.state == "failed"
        message = text_of(screen.query_one("#message"))
    assert "the disk is full" in message and "Errno" not in message, message
    assert "Connect a microphone" not in message, message
    assert not fakes.recorders  # the microphone was never the problem
    assert list(store_then_full.recordings_dir.iterdir()) == []


@pytest.mark.audio
def test_the_recorder_names_a_full_disk(virtual_mic: Any, full_disk: Path) -> None:
    """The WAV cannot be created: libsndfile says only "System error."."""
    from voicecoach.audio.capture import Recorder
    from voicecoach.errors import DeviceError

    recorder = Recorder(full_disk / "recordings" / "answer.wav")
    with pytest.raises(DeviceError) as failed:
        recorder.start()
    assert "the disk is full" in str(failed.value), failed.value


# --- a ~ the shell did not expand -------------------------------------------------------------


def test_a_tilde_in_home_means_the_home_directory(tmp_path: Path) -> None:
    """`--home=~/interviews` (the shell leaves that ~ alone) made a folder literally named ~ in
    the current directory: the attempts seemed gone when run from anywhere else."""
    user_home, work = tmp_path / "me", tmp_path / "work"
    user_home.mkdir()
    work.mkdir()
    env = {**os.environ, "HOME": str(user_home)}
    env.pop("VOICECOACH_HOME", None)
    for argv in (["--home=~/interviews", "history"], ["history"]):
        extra = {} if argv[0].startswith("--home") else {"VOICECOACH_HOME": "~/interviews"}
        done = subprocess.run(
            [sys.executable, "-m", "voicecoach", *argv],
            capture_output=True,
            text=True,
            cwd=work,
            env={**env, **extra, "PYTHONPATH": str(ROOT)},
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert (user_home / "interviews" / "voicecoach.db").is_file()
        assert not (work / "~").exists()


def test_a_tilde_in_config_and_out_means_the_home_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from voicecoach.cli import main

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "answers").mkdir()
    (tmp_path / "settings.toml").write_text("pace_max_wpm = 170\n")
    rc = main(
        [
            "--home",
            str(tmp_path / "data"),
            "interview",
            "--config=~/settings.toml",
            "--from-files=~/answers",
            "--out=~/report.md",
        ]
    )
    assert rc == 2  # no answer files: but the folder was found, under the home directory
    assert f"{tmp_path / 'answers'}: no answer files" in capsys.readouterr().err
    assert not (tmp_path / "~").exists()


# --- quitting while the last answer is being analysed ------------------------------------------


@pytest.mark.anyio
async def test_quitting_while_an_answer_is_analysed_says_where_it_went(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Escape during the transcription, then q on the list: the UI went away and the process
    stayed on a blank terminal until the analysis was saved (45 s on a busy machine), without
    a word. Now the analysis stops at once and the last line says the answer is kept and
    offered at the next start (issue 17: no wait without an end)."""
    import threading

    from support.pilot import open_question, record, until
    from support.ui_fakes import FakeAnalyse, make_app

    from voicecoach.ui.questions import QuestionListScreen

    gate = threading.Event()
    app, fakes = make_app(tmp_path, analyse=FakeAnalyse(gate=gate), speak=False)
    try:
        async with app.run_test(size=(100, 40)) as pilot:
            screen = await open_question(pilot, downs=1)
            await record(pilot, screen)
            await pilot.press("space")
            await until(pilot, lambda: bool(fakes.analyse.calls))  # waiting at the gate
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, QuestionListScreen))
            await pilot.press("q")
            await until(pilot, lambda: app._exit)
    finally:
        gate.set()
    err = capsys.readouterr().err
    assert "the answer being analysed is kept and offered at the next start" in err, err
    assert "press a" in err


@pytest.mark.anyio
async def test_quitting_with_nothing_being_analysed_says_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from support.pilot import until
    from support.ui_fakes import make_app

    app, _ = make_app(tmp_path, speak=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: "ready" in app.model_state)
        await pilot.press("q")
    assert "saving the answer" not in capsys.readouterr().err
