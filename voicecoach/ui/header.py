"""The title bar at the top of every screen: Textual's ``Header`` look, drawn by one widget.

Textual's ``Header`` is four widgets (the bar, its icon, title and clock space), each mounted and
styled at start-up; ``TitleBar`` draws the same line (icon left, title centred between the icon
and the clock space) in one, for the start-up target of issue 6. As with ``Header``, a click on
the icon opens the command palette and a click elsewhere toggles the tall (three-line) bar.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widget import Widget

ICON = "⭘"
ICON_WIDTH = 8  # HeaderIcon: docked left, width 8, padding 0 1
CLOCK_WIDTH = 10  # HeaderClockSpace: docked right, width 10


class TitleBar(Widget):
    """The screen's title (else the app's) and sub-title, centred, with the palette icon."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        & > .title-bar--icon-hover {
            background: $foreground 10%;
        }
    }
    TitleBar.-tall {
        height: 3;
    }
    """
    COMPONENT_CLASSES = {"title-bar--icon-hover"}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._icon_hover = False

    def on_mount(self) -> None:
        for node in (self.app, self.screen):
            self.watch(node, "title", self._retitle, init=False)
            self.watch(node, "sub_title", self._retitle, init=False)

    def _retitle(self) -> None:
        self.refresh()

    def _title(self) -> Content:
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        return app.format_title(title, sub_title)

    def render(self) -> Content:
        width, height = self.size
        icon = Content(f" {ICON}").truncate(ICON_WIDTH, pad=True)
        if self._icon_hover:
            icon = icon.stylize(self.get_visual_style("title-bar--icon-hover", partial=True))
        middle = max(0, width - ICON_WIDTH - CLOCK_WIDTH)
        title = self._title().truncate(middle, ellipsis=True)
        title = title.pad_left((middle - title.cell_length) // 2).truncate(middle, pad=True)
        line = Content.assemble(icon, title, " " * CLOCK_WIDTH)
        blank = Content(" " * width)
        rows = [blank] * (max(1, height) // 2) + [line] + [blank] * ((max(1, height) - 1) // 2)
        return Content("\n").join(rows)

    def _on_icon(self, x: int) -> bool:
        return x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hover = self._on_icon(event.x)
        if hover != self._icon_hover:
            self._icon_hover = hover
            self.tooltip = "Open the command palette" if hover else None
            self.refresh()

    def on_leave(self, _event: events.Leave) -> None:
        if self._icon_hover:
            self._icon_hover = False
            self.refresh()

    async def on_click(self, event: events.Click) -> None:
        event.stop()
        if self._on_icon(event.x):
            await self.run_action("app.command_palette")
        else:
            self.toggle_class("-tall")
