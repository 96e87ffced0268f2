"""Second audit batch: the list at 80 columns, the key bar while transcribing, the history chart,
`analyze`'s text output, replay titles and local times. Each test fails without its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.ui_fakes import FakeAttempt, FakeStore, make_app, sample_analysis, until
from textual.widgets import DataTable

from voicecoach.datatypes import Verdict
from voicecoach.ui.questions import fit_title, question_marks

pytestmark = pytest.mark.anyio


def _long_result_store(tmp_path: Path) -> FakeStore:
    """The longest question with a last result: at 80 columns its row used to be cut."""
    analysis = sample_analysis("celery-why")
    analysis.duration_s = 130.0
    analysis.speech_span_s = 130.0  # the list shows the speaking time its verdict judged
    analysis.verdicts[0] = Verdict("duration_s", 130.0, "45-120 s", False, "over", "Duration")
    analysis.fillers = analysis.fillers * 6  # 12 fillers: a two-digit count
    return FakeStore(tmp_path, [FakeAttempt("celery-why", analysis, tmp_path / "a.wav")])


@pytest.mark.parametrize("width", [80, 100, 120])
async def test_question_list_fits_the_terminal(tmp_path: Path, width: int) -> None:
    """At 80 columns "Last result" ran off the screen ("✗ 30 s · 171 wpm · 2 fil"): titles
    give way instead; at 100+ nothing is cut."""
    app, _ = make_app(tmp_path, store=_long_result_store(tmp_path))
    async with app.run_test(size=(width, 24)) as pilot:
        table = app.screen.query_one("#questions", DataTable)
        await until(pilot, lambda: "130 s" in str(table.get_cell("celery-why", "last")))
        await until(pilot, lambda: table.columns["last"].content_width > len("Last result"))
        await pilot.pause(0.05)
        summary = str(table.get_cell("celery-why", "last"))
        assert summary.endswith("12 fillers")
        room = table.scrollable_content_region.width
        assert table.virtual_size.width <= room, (table.virtual_size.width, room)
        titles = [str(table.get_cell(q.id, "title")) for q in app.bank.questions]
        # Each title is followed by its marks (STAR, ↳: tests/ui/test_question_marks.py).
        whole = [q.title + question_marks(q) for q in app.bank.questions]
        if width >= 100:
            assert titles == whole
        else:
            cut = titles[3].removesuffix(question_marks(app.bank.questions[3]))
            assert cut.startswith("Why Celery and RabbitMQ") and cut.endswith("…"), cut
        # A wider terminal gives the titles back.
        await pilot.resize_terminal(140, 24)
        await pilot.pause(0.1)
        titles = [str(table.get_cell(q.id, "title")) for q in app.bank.questions]
        assert titles == whole


def test_fit_title_cuts_at_a_word() -> None:
    assert fit_title("Tell me about yourself", 30) == "Tell me about yourself"
    assert fit_title("Why Celery and RabbitMQ for 1,000 logins?", 36) == (
        "Why Celery and RabbitMQ for 1,000…"
    )
    assert fit_title("Supercalifragilisticexpialidocious", 10) == "Supercali…"
    assert len(fit_title("Why Celery and RabbitMQ for 1,000 logins?", 20)) <= 20


async def test_space_is_not_offered_while_transcribing(tmp_path: Path) -> None:
    """The key bar said "space Record / stop" while transcribing, where space does nothing."""
    import threading

    from support.ui_fakes import FakeAnalyse

    from voicecoach.ui.footer import KeyFooter
    from voicecoach.ui.practice import PracticeScreen
    from voicecoach.ui.results import ResultsScreen

    gate = threading.Event()
    app, _ = make_app(tmp_path, analyse=FakeAnalyse(gate=gate))
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: "ready" in app.model_state)
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        screen = app.screen
        bar = screen.query_one(KeyFooter)
        assert "Record / stop" in bar.render().plain
        await pilot.press("space")
        await until(pilot, lambda: screen.state == "recording")
        await until(pilot, lambda: "Record / stop" in bar.render().plain)
        await pilot.press("space")
        await until(pilot, lambda: screen.state == "transcribing")
        await until(pilot, lambda: "Record / stop" not in bar.render().plain)
        assert "Back" in bar.render().plain
        gate.set()
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))


@pytest.fixture
def utc_plus_2(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fixed local zone two hours east of UTC, so local times are checked, not assumed."""
    import time

    monkeypatch.setenv("TZ", "XYZ-2")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _history_store(tmp_path: Path, stamps: list[str]) -> object:
    import numpy as np
    import soundfile as sf

    from voicecoach.store import Store

    store = Store(tmp_path / "home")
    for i, stamp in enumerate(stamps):
        audio = tmp_path / f"{i}.wav"
        sf.write(audio, np.zeros(1600, dtype=np.float32), 16000)
        store.save(sample_analysis("intro"), audio, "intro", created_at=stamp)
    return store


def _chart(screen: object) -> list[str]:
    from textual_plotext import PlotextPlot

    plot = screen.query_one("#history-chart", PlotextPlot)  # type: ignore[attr-defined]
    return plot.render().plain.splitlines()


@pytest.mark.usefixtures("utc_plus_2")
async def test_history_chart_starts_at_zero_and_labels_attempts_of_one_day(
    tmp_path: Path,
) -> None:
    """One attempt drew a y axis from 2.35 to 7.05 (the rate looked huge); three attempts on
    one day were all labelled "11-29"."""
    from support.ui_fakes import FakePlayer

    from voicecoach.ui.history import HistoryScreen

    async def chart_of(stamps: list[str]) -> list[str]:
        store = _history_store(tmp_path / str(len(stamps)), stamps)
        screen = HistoryScreen(store, player_factory=FakePlayer)  # type: ignore[arg-type]
        app, _ = make_app(tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            app.push_screen(screen)
            await pilot.pause(0.1)
            return _chart(screen)

    lines = await chart_of(["2026-11-29T09:00:00+00:00"])
    y_labels = [line.split("┤")[0].strip() for line in lines if "┤" in line]
    assert float(y_labels[-1]) == 0.0, y_labels
    # One attempt: a marker, not a near-invisible braille dot; its local time below.
    assert sum(line.count("●") for line in lines) == 1
    assert any("attempt 1: 2026-11-29 11:00" in line for line in lines)

    # Attempts minutes apart read "09:06 09:06 09:06 09:07": the ticks number them instead.
    lines = await chart_of(
        [
            "2026-11-29T08:05:00Z",
            "2026-11-29T08:05:30Z",
            "2026-11-29T08:06:00Z",
            "2026-11-30T07:15:00Z",
        ]
    )
    x_line = next(line for line in lines if line.split() == ["1", "2", "3", "4"])
    assert x_line
    assert any("1 = 2026-11-29 10:05, 4 = 2026-11-30 09:15" in line for line in lines)
    y_labels = [line.split("┤")[0].strip() for line in lines if "┤" in line]
    assert float(y_labels[-1]) == 0.0, y_labels


def test_text_report_names_the_pause_cut_off_and_filler_times() -> None:
    """'Fillers: um 4.0s' read as one token; the pauses line said '(>= 0.25 s)' whatever the
    configured min_pause_s; piped, Rich's wrapping left spaces at the ends of lines."""
    import io

    from voicecoach.rendering.report import print_report

    out = io.StringIO()
    print_report(sample_analysis(), None, min_pause_s=0.4, file=out)
    text = out.getvalue()
    assert "pauses (>= 0.4 s)" in text and "0.25" not in text
    assert "um at 1.8 s, like at 7.6 s" in text
    assert text.endswith("\n") and "\x1b[" not in text
    assert [line for line in text.splitlines() if line != line.rstrip()] == []


class _Terminal:
    """A stderr that says it is a terminal and keeps what is written to it."""

    def __init__(self) -> None:
        import io

        self.buffer = io.StringIO()

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return self.buffer.write(text)

    def flush(self) -> None:
        pass

    def fileno(self) -> int:
        raise OSError("not a real terminal")


@pytest.mark.parametrize("tty", [True, False])
def test_analyze_shows_progress_only_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tty: bool
) -> None:
    """5-10 s with nothing on the screen: now a bar on stderr, but only when it is a terminal
    (stdout, and --json, stay clean either way)."""
    import argparse
    import io
    import json

    import voicecoach.practice.pipeline
    from voicecoach.commands import analyze

    def fake_analyze(samples, transcriber, question, config, progress=None):  # noqa: ANN001, ANN202
        assert (progress is not None) == tty
        if progress is not None:
            progress(0.4)
            progress(1.0)
        return sample_analysis("intro")

    monkeypatch.setattr(analyze, "make_transcriber", lambda cfg: object())
    monkeypatch.setattr(voicecoach.practice.pipeline, "analyze_samples", fake_analyze)
    err = _Terminal() if tty else io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    sample = Path(__file__).resolve().parents[2] / "samples" / "intro-short.wav"
    args = argparse.Namespace(
        file=sample, question="intro", json=True, save=False, home=str(tmp_path), model=None
    )
    assert analyze.run(args) == 0
    assert json.loads(capsys.readouterr().out)["question_id"] == "intro"
    written = err.buffer.getvalue() if isinstance(err, _Terminal) else err.getvalue()
    if tty:
        assert "transcribing" in written or "measuring" in written
    else:
        assert written == ""


async def test_replay_title_names_the_question_and_an_escaped_answer_is_not_called_a_crash(
    tmp_path: Path,
) -> None:
    """The replay title said "intro"; an answer left with escape was offered as "from an
    interrupted session"."""
    import numpy as np
    import soundfile as sf
    from textual.widgets import Static

    from voicecoach.store import Store
    from voicecoach.ui.practice import PracticeScreen
    from voicecoach.ui.questions import QuestionListScreen
    from voicecoach.ui.replay import ReplayScreen

    store = Store(tmp_path / "home")
    app, fakes = make_app(tmp_path, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: "ready" in app.model_state)
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        screen = app.screen
        await pilot.press("space")
        await until(pilot, lambda: screen.state == "recording")
        t = np.arange(32000) / 16000
        sf.write(fakes.recorder.path, 0.3 * np.sin(2 * np.pi * 220 * t), 16000)
        fakes.recorder.elapsed_s = 2.0
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, QuestionListScreen))
        line = app.screen.query_one("#recovered", Static)
        await until(pilot, lambda: bool(line.display))
        text = str(line.content)
        assert "interrupted" not in text and "not analysed yet (intro, " in text, text
        await pilot.press("a")
        await until(pilot, lambda: len(store.list("intro")) == 1)
        [attempt] = store.list("intro")
        app.replay(attempt.audio_path, attempt)  # as `p` does; the App passes the bank on
        await until(pilot, lambda: isinstance(app.screen, ReplayScreen))
        title = str(app.screen.query_one("#replay-title", Static).content)
        assert title.startswith(f"Attempt {attempt.id} · Tell me about yourself · "), title


@pytest.mark.usefixtures("utc_plus_2")
async def test_history_replay_and_compare_show_local_time(tmp_path: Path) -> None:
    """The history and the replay said UTC while the list's offer said local time."""
    from support.ui_fakes import FakePlayer
    from textual.widgets import Static

    from voicecoach.ui.formatting import describe_time
    from voicecoach.ui.history import CompareScreen, HistoryScreen
    from voicecoach.ui.replay import ReplayScreen

    assert describe_time("2026-11-29T09:00:00+00:00") == "2026-11-29 11:00"
    assert describe_time("2026-11-29T09:00:00Z") == "2026-11-29 11:00"
    assert describe_time("2026-11-29T09:00:00") == "2026-11-29 11:00"  # the store's UTC
    store = _history_store(tmp_path, ["2026-11-29T09:00:00+00:00", "2026-11-29T22:30:00+00:00"])
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = HistoryScreen(store, player_factory=FakePlayer)  # type: ignore[arg-type]
        app.push_screen(screen)
        await pilot.pause(0.1)
        table = screen.query_one("#history-table", DataTable)
        labels = [str(c.label) for c in table.columns.values()]
        assert "date" in labels and not any("UTC" in label for label in labels)
        assert [str(table.get_row_at(r)[1]) for r in range(2)] == [
            "2026-11-30 00:30",
            "2026-11-29 11:00",
        ]
        await pilot.press("c", "down", "c")
        await until(pilot, lambda: isinstance(app.screen, CompareScreen))
        heading = str(app.screen.query_one("#title-a", Static).content)
        assert "2026-11-29 11:00" in heading and "UTC" not in heading
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReplayScreen))
        title = str(app.screen.query_one("#replay-title", Static).content)
        assert "2026-11-30 00:30 ·" in title and "UTC" not in title, title
