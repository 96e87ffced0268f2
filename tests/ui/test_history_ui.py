"""HistoryScreen, CompareScreen and ReplayScreen driven headless with Pilot."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from support.analyses import silent_analysis
from textual.app import App
from textual.widgets import DataTable, Select, Static
from textual_plotext import PlotextPlot

from voicecoach.datatypes import Analysis
from voicecoach.store import Attempt, Store
from voicecoach.ui.history import BEST_MARK, CompareScreen, HistoryScreen
from voicecoach.ui.replay import ReplayScreen

pytestmark = pytest.mark.anyio


WORDS = ["so", "um", "I", "build", "like", "backends"]


def make_analysis(n_fillers: int, first_word: str) -> Analysis:
    words = []
    fillers = []
    for i, text in enumerate([first_word, *WORDS[1:]]):
        start = 1.0 + i  # word i spans [1 + i, 1.5 + i]
        filler = text in ("um", "like") and len(fillers) < n_fillers
        words.append({"text": text, "start": start, "end": start + 0.5, "filler": filler})
        if filler:
            fillers.append({"text": text, "start": start, "end": start + 0.5, "kind": "discourse"})
    return Analysis.from_dict(
        {
            "duration_s": 70.0,
            "speech_span_s": 60.0,
            "wpm": 120.0,
            "articulation_wpm": 130.0,
            "words": words,
            "fillers": fillers,
            "pauses": [{"start": 4.6, "end": 6.0}],
            "verdicts": [],
            "model": "tiny.en",
        }
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "home")
    for i, (q, n, first) in enumerate([("intro", 2, "alpha"), ("intro", 1, "bravo"),
                                       ("leader", 0, "charlie")]):  # fmt: skip
        audio = tmp_path / f"{i}.wav"
        sf.write(audio, np.zeros(1600, dtype=np.float32), 16000)
        store.save(make_analysis(n, first), audio, q, created_at=f"2026-01-0{i + 1}T09:00:00Z")
    return store


class HostApp(App[None]):
    """The smallest app that pushes one screen, as the real app will."""

    def __init__(self, screen: Any) -> None:
        super().__init__()
        self._first = screen

    def on_mount(self) -> None:
        self.push_screen(self._first)


def cell_texts(table: DataTable[Any], column: int) -> list[str]:
    return [str(table.get_row_at(r)[column]) for r in range(table.row_count)]


def marks(table: DataTable[Any]) -> list[str]:
    """The marks after each attempt's number ("12★" -> "★")."""
    return [re.sub(r"^\s*\d+", "", c).strip() for c in cell_texts(table, 0)]


async def test_history_rows_chart_filter_compare(store: Store) -> None:
    screen = HistoryScreen(store, player_factory=FakePlayer)
    app = HostApp(screen)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = screen.query_one("#history-table", DataTable)
        assert table.row_count == 3
        assert cell_texts(table, 2) == ["leader", "intro", "intro"]  # newest first
        # The best intro (fewest fillers/min) and the only leader attempt are starred.
        assert marks(table) == [BEST_MARK, BEST_MARK, ""]
        assert screen.query_one("#history-chart", PlotextPlot) is not None

        screen.query_one("#history-filter", Select).value = "intro"
        await pilot.pause()
        assert table.row_count == 2 and set(cell_texts(table, 2)) == {"intro"}

        # Mark the first row with c, move down, c again: the comparison opens.
        await pilot.press("c")
        await pilot.pause()
        assert marks(table)[0].endswith("c")
        await pilot.press("down", "c")
        await pilot.pause()
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        left = str(compare.query_one("#transcript-a", Static).content)
        right = str(compare.query_one("#transcript-b", Static).content)
        assert left.startswith("alpha") and right.startswith("bravo")  # older on the left
        assert "[1.4 s]" in left
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_history_marks_an_unchecked_attempt(store: Store, tmp_path: Path) -> None:
    """The report made while the answer was spoken, not yet checked against the whole
    recording, is not passed off as checked: its row says so."""
    audio = tmp_path / "live.wav"
    sf.write(audio, np.zeros(1600, dtype=np.float32), 16000)
    store.save(make_analysis(1, "delta"), audio, "intro", checked=False)
    screen = HistoryScreen(store, player_factory=FakePlayer)
    app = HostApp(screen)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = screen.query_one("#history-table", DataTable)
        assert cell_texts(table, 2) == ["intro (unchecked)", "leader", "intro", "intro"]


async def test_history_empty_store(tmp_path: Path) -> None:
    screen = HistoryScreen(Store(tmp_path / "empty"))
    async with HostApp(screen).run_test() as pilot:
        await pilot.pause()
        assert screen.query_one("#history-table", DataTable).row_count == 0
        assert "No attempts yet" in str(screen.query_one("#history-status", Static).content)
        # No empty chart frame either: it used to fill half the screen with nothing in it.
        assert not screen.query_one("#history-chart", PlotextPlot).display


class FakePlayer:
    """A player whose position the test sets."""

    def __init__(self, path: Any) -> None:
        self.path = path
        self.position_s = 0.0
        self.duration_s = 10.0
        self.playing = False
        self.finished = False
        self.stopped = False

    def play(self) -> None:
        self.playing = True

    def pause(self) -> None:
        self.playing = False

    def resume(self) -> None:
        self.playing = True

    def toggle(self) -> None:
        self.playing = not self.playing

    def stop(self) -> None:
        self.stopped = True
        self.playing = False

    def seek(self, seconds: float) -> None:
        self.position_s = seconds


def highlighted(screen: ReplayScreen) -> list[str]:
    text = screen.query_one("#replay-transcript", Static).content
    plain = str(text)
    return [plain[s.start : s.end] for s in text.spans if "on yellow" in str(s.style)]  # type: ignore[union-attr]


async def test_replay_highlight_follows_and_keys(store: Store) -> None:
    attempt: Attempt = store.list("leader")[0]  # charlie um I build like backends, no fillers
    players: list[FakePlayer] = []

    def factory(path: Path) -> FakePlayer:
        players.append(FakePlayer(path))
        return players[-1]

    screen = ReplayScreen(attempt, factory)
    app = HostApp(screen)
    async with app.run_test() as pilot:
        await pilot.pause()
        player = players[0]
        assert player.path == attempt.audio_path and player.playing
        assert highlighted(screen) == []
        for position, word in [(1.2, "charlie"), (2.1, "um"), (4.7, "build"), (6.3, "backends")]:
            player.position_s = position
            for _ in range(40):  # the screen polls on a timer; give a loaded machine time
                await pilot.pause(0.05)
                if highlighted(screen) == [word]:
                    break
            assert highlighted(screen) == [word]
        await pilot.press("space")
        assert not player.playing
        await pilot.press("space")
        assert player.playing
        await pilot.press("left")
        assert player.position_s == pytest.approx(1.3)
        await pilot.press("right")
        assert player.position_s == pytest.approx(6.3)
        player.position_s = 0.0
        await pilot.press("n")  # the only mark: the long pause at 4.6 (no fillers here)
        assert player.position_s == pytest.approx(4.35)
        await pilot.press("escape")
        await pilot.pause()
        assert player.stopped and app.screen is not screen


async def test_replay_without_audio_output_still_opens(store: Store) -> None:
    def broken(path: Path) -> FakePlayer:
        raise RuntimeError("no default output device")

    screen = ReplayScreen(store.list()[0], broken)
    async with HostApp(screen).run_test() as pilot:
        await pilot.pause()
        status = str(screen.query_one("#replay-status", Static).content)
        assert "No audio output" in status
        await pilot.press("space", "n", "right")  # no crash without a player


async def test_history_replays_selected_attempt(store: Store) -> None:
    screen = HistoryScreen(store, player_factory=FakePlayer)
    app = HostApp(screen)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ReplayScreen)
        assert app.screen.attempt.question_id == "leader"


async def test_replay_scrolls_to_follow_a_long_answer(tmp_path: Path) -> None:
    store = Store(tmp_path / "home")
    words = [
        {"text": f"word{i}", "start": i * 0.4, "end": i * 0.4 + 0.3, "filler": False}
        for i in range(1500)
    ]
    analysis = Analysis.from_dict(
        {"duration_s": 600.0, "speech_span_s": 600.0, "wpm": 150.0, "articulation_wpm": 150.0,
         "words": words, "fillers": [], "pauses": [], "verdicts": [], "model": "tiny.en"}
    )  # fmt: skip
    audio = tmp_path / "long.wav"
    sf.write(audio, np.zeros(1600, dtype=np.float32), 16000)
    attempt = store.save(analysis, audio, "intro")
    players: list[FakePlayer] = []

    def factory(path: Path) -> FakePlayer:
        players.append(FakePlayer(path))
        return players[-1]

    screen = ReplayScreen(attempt, factory)
    async with HostApp(screen).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        scroll = screen.query_one("#replay-scroll")
        assert scroll.scroll_y == 0
        players[0].position_s = 500.0  # word 1250 of 1500: far down the text
        for _ in range(40):
            await pilot.pause(0.05)
            if screen.current_index == 1250 and scroll.scroll_y > 0:
                break
        assert screen.current_index == 1250
        assert scroll.scroll_y > scroll.max_scroll_y / 2


async def test_replay_position_line_is_visible_above_the_key_bar(store: Store) -> None:
    """The 0:03 / 0:10 · playing line used to be docked under the key bar, hidden by it."""
    from voicecoach.ui.footer import KeyFooter

    screen = ReplayScreen(store.list()[0], FakePlayer)
    async with HostApp(screen).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        status = screen.query_one("#replay-status", Static)
        await pilot.pause(0.1)
        assert "playing" in str(status.content)
        footer = screen.query_one(KeyFooter)
        assert status.region.height == 1
        assert not status.region.overlaps(footer.region)
        assert status.region.bottom <= footer.region.y


async def test_history_fits_80x24_with_its_status_line(store: Store) -> None:
    """At 80x24 the fixed 14-line chart pushed the status line (★ legend) off the screen."""
    from voicecoach.ui.footer import KeyFooter

    screen = HistoryScreen(store, player_factory=FakePlayer)
    async with HostApp(screen).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        status = screen.query_one("#history-status", Static)
        footer = screen.query_one(KeyFooter)
        assert status.region.height == 1 and status.region.bottom <= footer.region.y
        assert str(status.content).startswith("3 attempts")
        assert len(str(status.content)) <= status.content_region.width  # not cut off
        table = screen.query_one("#history-table", DataTable)
        assert table.region.height >= 4  # the header and three rows
        assert screen.query_one("#history-chart", PlotextPlot).region.height >= 8
        assert screen.max_scroll_y == 0


async def test_history_status_says_1_attempt(tmp_path: Path) -> None:
    store = Store(tmp_path / "one")
    audio = tmp_path / "one.wav"
    sf.write(audio, np.zeros(1600, dtype=np.float32), 16000)
    store.save(make_analysis(1, "alpha"), audio, "intro")
    screen = HistoryScreen(store, player_factory=FakePlayer)
    async with HostApp(screen).run_test() as pilot:
        await pilot.pause()
        assert str(screen.query_one("#history-status", Static).content).startswith("1 attempt ·")


async def test_silent_attempt_is_listed_as_no_speech_never_best_nor_charted(
    store: Store, tmp_path: Path
) -> None:
    """`★ greeting 4.8 s 0 wpm 0.0`: a silent attempt won ★ and a 0.0 point on the chart; the
    legend said "in the time target" above a ★ attempt outside it."""
    audio = tmp_path / "quiet.wav"
    sf.write(audio, np.zeros(1600, dtype=np.float32), 16000)
    quiet = store.save(silent_analysis(), audio, "intro", created_at="2026-01-09T09:00:00Z")
    screen = HistoryScreen(store, player_factory=FakePlayer)  # no target set: all "inside"
    async with HostApp(screen).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = screen.query_one("#history-table", DataTable)
        assert cell_texts(table, 2)[0] == "intro"  # the silent one, newest
        assert marks(table)[0] == ""  # never ★
        assert cell_texts(table, 4)[0] == "no speech"  # not "0"
        assert cell_texts(table, 5)[0] != "0.0"
        assert marks(table).count(BEST_MARK) == 2  # the real intro and leader keep ★
        # Three attempts charted, not four: no 0.0 point for the silence.
        lines = screen.query_one("#history-chart", PlotextPlot).render().plain.splitlines()
        assert sum(line.count("●") for line in lines) == 3
        assert any("1 with no speech or too short not shown" in line for line in lines)
        status = str(screen.query_one("#history-status", Static).content)
        assert "in the time target when any is" in status
        # Compared with a real answer, the silent side says so rather than a blank pane.
        await pilot.press("c", "down", "c")
        await pilot.pause()
        compare = pilot.app.screen
        assert isinstance(compare, CompareScreen)
        assert "no speech heard" in str(compare.query_one("#transcript-b", Static).content)
        assert "no speech" in str(compare.query_one("#title-b", Static).content)
    assert quiet.audio_path is not None and quiet.audio_path.exists()  # kept


async def test_compare_shows_labels_and_what_changed_and_the_mark_notice_goes(
    store: Store,
) -> None:
    """The compare screen listed `filler_rate_per_min` and `duration_s  under (60-90 s)` and
    left the reader to diff; the "Attempt 2 marked" toast stayed over it, and after unmarking."""
    screen = HistoryScreen(store, player_factory=FakePlayer)
    async with HostApp(screen).run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen.query_one("#history-filter", Select).value = "intro"
        await pilot.pause()
        status = screen.query_one("#history-status", Static)
        await pilot.press("c")
        await pilot.pause()
        assert "marked" in str(status.content)
        await pilot.press("c")  # unmark
        await pilot.pause()
        assert "marked" not in str(status.content) and not pilot.app._notifications
        await pilot.press("c", "down", "c")
        await pilot.pause()
        compare = pilot.app.screen
        assert isinstance(compare, CompareScreen)
        assert not pilot.app._notifications  # nothing "marked" over the comparison
        table = compare.query_one("#compare-changes", Static).content
        import io

        from rich.console import Console

        console = Console(width=100, record=True, file=io.StringIO())
        console.print(table)
        text = console.export_text()
        assert "filler_rate_per_min" not in text and "duration_s" not in text
        lines = {line.split()[0]: line for line in text.splitlines() if line.strip()}
        # The older (2 fillers/min) on the left, the newer (1/min) on the right.
        assert lines["Fillers"].split()[1:5] == ["2.0", "→", "1.0/min", "fewer"]
        assert "same" in lines["Speaking"]  # "Speaking time", judged as on the results screen
        # The labels line up: every value column starts at the same place.
        assert len({line.index("→") for line in text.splitlines()[1:6]}) == 1, text
        await pilot.press("escape")
        await pilot.pause()
        assert "marked" not in str(status.content)
