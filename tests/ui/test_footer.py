"""KeyFooter and TitleBar: Textual's Footer and Header drawn by one widget each, same behaviour."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.ui_fakes import make_app, until
from textual.pilot import Pilot

from voicecoach.ui.footer import KeyFooter
from voicecoach.ui.header import TitleBar
from voicecoach.ui.help import HelpScreen
from voicecoach.ui.practice import PracticeScreen

pytestmark = pytest.mark.anyio

LIST_KEYS = " ↑↓ Choose  enter Practise  q Quit  i Interview  ? Help  t Voice  h History  p Replay "


def footer_text(pilot: Pilot) -> str:
    footer = pilot.app.screen.query_one(KeyFooter)
    return footer.render().plain


async def test_list_keys_and_palette_as_textual_footer_draws_them(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: footer_text(pilot).startswith(LIST_KEYS))
        text = footer_text(pilot)
        assert len(text) == 100
        assert text.endswith("▏^p palette ")


async def test_keys_follow_the_screen(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: "Choose" in footer_text(pilot))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        await until(pilot, lambda: "space" in footer_text(pilot))
        assert "Choose" not in footer_text(pilot)


async def test_a_click_on_a_key_presses_it(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: "? Help" in footer_text(pilot))
        x = footer_text(pilot).index("? Help") + 2
        await pilot.click(KeyFooter, offset=(x, 0))
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))


async def test_hover_highlights_the_key_under_the_mouse(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: "q Quit" in footer_text(pilot))
        footer = app.screen.query_one(KeyFooter)
        x = footer_text(pilot).index("q Quit")
        await pilot.hover(KeyFooter, offset=(x, 0))
        await until(pilot, lambda: footer._hover == "q")
        hover = footer.get_component_rich_style("footer-key--hover").bgcolor
        assert hover != footer.rich_style.bgcolor
        line = footer.render()
        lit = "".join(line.plain[s.start : s.end] for s in line.spans if s.style.bgcolor == hover)
        assert lit == " q Quit "


async def test_title_bar_icon_and_title_where_header_draws_them(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        bar = app.screen.query_one(TitleBar)
        text = bar.render().plain
        assert text.index("⭘") == 1 and text.index("voicecoach") == 44 and len(text) == 100
        await pilot.click(TitleBar, offset=(50, 0))
        await until(pilot, lambda: bar.size.height == 3)
        assert bar.render().plain.split("\n")[1].strip().endswith("voicecoach")
        await pilot.click(TitleBar, offset=(50, 1))
        await until(pilot, lambda: bar.size.height == 1)


async def test_title_bar_icon_opens_the_command_palette(tmp_path: Path) -> None:
    from textual.command import CommandPalette

    app, _ = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.click(TitleBar, offset=(1, 0))
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))


async def test_at_80_columns_no_key_is_cut_in_the_middle(tmp_path: Path) -> None:
    """At 80 columns the list's bar ended "p Re▏^p palette": keys go compact, never cut;
    the mock interview's key is among them ("↑↓ Choose" gives way: the line above the list
    says "(↑/↓, enter)")."""
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "Practise" in footer_text(pilot))
        text = footer_text(pilot)
        assert len(text) == 80 and text.endswith("▏^p palette ")
        for label in ("enter Practise", "q Quit", "i Interview", "? Help", "h History", "p Replay"):
            assert label in text
        x = text.index("p Replay") + 1
        await pilot.click(KeyFooter, offset=(x, 0))  # the compact labels are still clickable
        await until(pilot, lambda: bool(app._notifications))  # "No answer recorded yet…"


async def test_a_key_that_does_not_fit_is_left_out_whole(tmp_path: Path) -> None:
    app, _ = make_app(tmp_path)
    async with app.run_test(size=(50, 24)) as pilot:
        await until(pilot, lambda: "Practise" in footer_text(pilot))
        text = footer_text(pilot)
        assert len(text) == 50 and text.endswith("▏^p palette ")
        shown = text[: text.index("▏")].split()
        # Whole labels only: every description follows its key.
        assert shown[:2] == ["enter", "Practise"]
        assert shown[-1] in {"Practise", "Quit", "Interview", "Help", "Voice", "History", "Replay"}
