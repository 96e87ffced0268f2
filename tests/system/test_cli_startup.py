"""Start-up of the UI (issue 6): opening the app skips the subcommands' imports and pauses the
cyclic GC until the first paint, without changing what the command line accepts or prints."""

from __future__ import annotations

import gc
import marshal
import subprocess
import sys
from pathlib import Path

import pytest
from support.ui_fakes import make_app, until

from voicecoach import questions, ui
from voicecoach.cli import build_parser, parse_args

UI_ARGVS = [
    [],
    ["--no-voice"],
    ["--home", "/tmp/x", "--model", "base", "--device", "2"],
    ["--device=hw:1", "--config", "c.toml", "--no-voice"],
    ["--home", "history"],  # a directory named like a command is still a directory
    ["--dev", "3", "--no-v"],  # abbreviations, as argparse allows them
]


@pytest.mark.parametrize("argv", UI_ARGVS)
def test_ui_arguments_parse_as_with_the_full_parser(argv: list[str]) -> None:
    assert vars(parse_args(argv)) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [
        ["history", "--json"],
        ["--home", "/tmp/x", "history", "--question", "intro"],
        ["analyze", "a.wav", "--question", "intro"],
        ["delete", "3", "--yes"],
    ],
)
def test_commands_parse_as_before(argv: list[str]) -> None:
    args, full = parse_args(argv), build_parser().parse_args(argv)
    assert args.command == full.command and args.command is not None
    assert {k: v for k, v in vars(args).items() if k != "func"} == {
        k: v for k, v in vars(full).items() if k != "func"
    }


@pytest.mark.parametrize("argv", [["-h"], ["--help"], ["--home", "/tmp/x", "--help"]])
def test_help_still_lists_the_commands(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        parse_args(argv)
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "history" in out and "analyze" in out and "--no-voice" in out


@pytest.mark.parametrize("argv", [["nonsense"], ["--bogus"], ["--home"], ["--h", "x"]])
def test_errors_are_the_full_parsers(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        parse_args(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    with pytest.raises(SystemExit):
        build_parser().parse_args(argv)
    assert capsys.readouterr().err == err


def test_opening_the_ui_does_not_import_the_subcommands() -> None:
    code = (
        "import sys; from voicecoach.cli import parse_args; parse_args(['--no-voice']); "
        "print(sorted(m for m in sys.modules if m.startswith('voicecoach.commands')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"


FIRST_SCREEN = """
import asyncio, sys
from voicecoach.cli import import_ui, parse_args
ui_app = import_ui()
app = ui_app.build_app(parse_args(["--home", sys.argv[1], "--no-voice"]))
seen = []
resume_gc = ui_app.resume_gc

def first_paint():  # called once the first screen is painted, before the model loads
    unused = ("voicecoach.datatypes", "rich._emoji_codes", "importlib.resources")
    seen.append((type(app.screen).__name__, *(name in sys.modules for name in unused)))
    resume_gc()

ui_app.resume_gc = first_paint

async def main():
    async with app.run_test() as pilot:
        for _ in range(3000):  # 30 s at most
            if seen:
                break
            await pilot.pause(0.01)
        print(*seen[0])

asyncio.run(main())
"""


@pytest.mark.model
def test_first_screen_without_history_does_not_import_what_it_does_not_use(
    tmp_path: Path,
) -> None:
    """With no past attempt nothing on the first screen needs ``voicecoach.datatypes`` (creating
    its dataclasses cost about 0.04 G instructions of start-up), nor Rich's emoji table (the
    table's cells are plain text, not markup), nor importlib.resources (bank.toml is a file)."""
    out = subprocess.run(
        [sys.executable, "-c", FIRST_SCREEN, str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert out.stdout.split() == ["QuestionListScreen", "False", "False", "False"]


@pytest.mark.anyio
async def test_gc_paused_for_start_up_resumes_after_the_first_paint(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    ui.pause_gc()
    try:
        assert not gc.isenabled()
        async with app.run_test() as pilot:
            await until(pilot, lambda: gc.isenabled())
    finally:
        ui.resume_gc()
        gc.enable()
    assert gc.isenabled()


def test_resume_leaves_a_gc_paused_by_someone_else_paused() -> None:
    gc.disable()
    try:
        ui.resume_gc()
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.anyio
async def test_other_screens_css_waits_until_they_are_shown(tmp_path: Path) -> None:
    """Only the question list's CSS is parsed before the first paint; each other screen's comes
    with it (its DEFAULT_CSS) and still applies when it is shown."""
    from voicecoach.ui.help import HelpScreen

    app, _ = make_app(tmp_path)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        css = " ".join(source.content for source in app.stylesheet.source.values())
        for rule in ("#practice", "#results", "#help", "HelpScreen"):
            assert rule not in css
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        panel = app.screen.query_one("#help").region
        assert (panel.x, panel.width) == ((100 - 72) // 2, 72)  # HelpScreen's rules applied


def test_built_in_bank_from_its_cache_is_the_parsed_bank(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``make bytecode`` keeps tomllib's reading of bank.toml; a start then reads that, not the
    TOML, and gets the same questions."""
    parsed = questions.parse_bank(questions._builtin_text(), questions.BUILTIN_SOURCE)
    cache = tmp_path / "bank.toml.marshal"
    assert questions.compile_builtin_bank(cache)
    monkeypatch.setattr(questions, "BANK_CACHE", cache)

    def no_toml() -> None:
        raise AssertionError("the TOML was parsed although the cache was current")

    monkeypatch.setattr(questions, "_tomllib", no_toml)
    assert questions.builtin_questions() == parsed
    assert questions.load_bank().questions == parsed


@pytest.mark.parametrize("content", ["other text", "garbage", "empty"])
def test_a_stale_or_broken_bank_cache_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str
) -> None:
    text = questions._builtin_text()
    parsed = questions.parse_bank(text, questions.BUILTIN_SOURCE)
    cache = tmp_path / "bank.toml.marshal"
    if content == "other text":  # made from an older bank.toml: its one question must not show
        old = text.replace('id = "greeting"', 'id = "old"', 1)
        stale = {"question": [{"id": "old", "title": "Old", "prompt": "Old?", "target_s": [1, 2]}]}
        cache.write_bytes(marshal.dumps((questions._CACHE_FORMAT, old, stale)))
    else:
        cache.write_bytes(b"\x00garbage" if content == "garbage" else b"")
    monkeypatch.setattr(questions, "BANK_CACHE", cache)
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert questions.builtin_questions() == parsed


@pytest.mark.parametrize("write", [True, False])
def test_bank_cache_written_only_where_bytecode_may_be(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write: bool
) -> None:
    cache = tmp_path / "__pycache__" / "bank.toml.marshal"
    monkeypatch.setattr(questions, "BANK_CACHE", cache)
    monkeypatch.setattr(sys, "dont_write_bytecode", not write)
    first = questions.builtin_questions()
    assert cache.exists() == write
    assert questions.builtin_questions() == first


def test_built_in_bank_read_through_importlib_resources_when_not_a_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = questions._builtin_text()
    monkeypatch.setattr(questions, "BANK_FILE", Path("/nonexistent/voicecoach/bank.toml"))
    assert questions._builtin_text() == text
