"""The key bar at the bottom of every screen: Textual's ``Footer`` look, drawn by one widget.

Textual's ``Footer`` mounts one widget per key, styles each about three times and mounts them all
again whenever the focus moves; on the question list (eight keys) that was about 0.1 s of the
0.5 s start-up target (issue 6). ``KeyFooter`` reads the same bindings, draws the same text with
the same theme variables, and repaints itself, in place, when the bindings change. A click on a
key presses it, as with ``Footer``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen


class _Key(NamedTuple):
    key: str
    display: str
    description: str
    enabled: bool
    tooltip: str


# Kept first when the bar is too narrow for every key: the way back and the way to every key.
# At 50 columns they were the ones left out, being last.
ESSENTIAL = ("escape", "question_mark")


class KeyFooter(Widget, can_focus=False):
    """The active screen's bindings (those with ``show``), then the command palette's, right.
    A screen's ``hides_key(action)`` leaves out keys that only say "not now" in its state;
    its ``KEYS_FITTED_LAST`` are drawn in their place but left out first when room is short;
    its ``KEYS_IF_ROOM`` only when every key fits unshortened; its ``KEYS_ESSENTIAL``, like
    escape and ?, are fitted first, and the palette's key gives way to them."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "footer-key--key",
        "footer-key--description",
        "footer-key--hover",
        "footer-key--border",
    }
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .footer-key--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        & > .footer-key--border {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._spans: list[tuple[int, int, _Key]] = []  # (start, end, key) as last drawn
        self._hover: str | None = None  # the key under the mouse

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen[object]) -> None:
        self.refresh()

    def _keys(self) -> Iterator[_Key]:
        """One key per action, in the order ``Footer`` shows them."""
        seen: set[str] = set()
        hides = getattr(self.screen, "hides_key", None)
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if callable(hides) and hides(binding.action):
                continue
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                yield _Key(
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    enabled,
                    tooltip,
                )

    def _palette_key(self) -> _Key | None:
        if not self.app.ENABLE_COMMAND_PALETTE:
            return None
        found = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if found is None:
            return None
        _node, binding, enabled, _tooltip = found
        display = self.app.get_key_display(binding)
        return _Key(binding.key, display, binding.description, enabled, binding.tooltip)

    def _styles(self, hover: bool) -> tuple[Style, Style]:
        key = self.get_component_rich_style("footer-key--key")
        description = self.get_component_rich_style("footer-key--description")
        if hover:
            background = self.get_component_rich_style("footer-key--hover").bgcolor
            key += Style(bgcolor=background)
            description += Style(bgcolor=background)
        return key, description

    def _label(self, item: _Key, compact: bool) -> Text:
        """What ``FooterKey`` draws: the key padded by one cell (none when compact), the
        description followed (compact: preceded) by one space; dim when disabled."""
        key_style, description_style = self._styles(item.key == self._hover)
        key = item.display if compact else f" {item.display} "
        if item.description:
            description = f" {item.description}" if compact else f"{item.description} "
            text = Text.assemble((key, key_style), (description, description_style))
        else:
            text = Text.assemble((item.display, key_style))
        if not item.enabled:
            text.stylize(Style(dim=True))
        return text

    def render(self) -> Text:
        width = self.size.width
        base = self.rich_style
        line = Text(style=base, no_wrap=True, end="")
        spans: list[tuple[int, int, _Key]] = []
        palette = self._palette_key()
        right: Text | None = None
        if palette is not None:
            border = self.get_component_rich_style("footer-key--border")
            right = Text.assemble(("▏", border), self._label(palette, compact=True), " ")
        items = list(self._keys())
        room = max(0, width - (right.cell_len if right is not None else 0))
        labels, shown = self._fit(items, room)
        # The screen's own essential key left out (at 40 columns the practice screen's bar
        # kept "esc Back ? Help" and lost "space Record / stop"): the palette gives way.
        essential = self._essential()
        missing = any(item.key in essential for i, item in enumerate(items) if i not in shown)
        if right is not None and missing:
            right = None
            labels, shown = self._fit(items, width)
        for i, (item, (label, lead)) in enumerate(zip(items, labels, strict=True)):
            if i not in shown:
                continue
            spans.append((line.cell_len + lead, line.cell_len + label.cell_len, item))
            line.append_text(label)
        if right is not None and palette is not None:
            start = max(0, width - right.cell_len)
            line.truncate(start, pad=True)
            spans.append((start + 1, start + right.cell_len - 1, palette))
            line.append_text(right)
        line.truncate(width, pad=True)
        self._spans = spans
        return line

    def _essential(self) -> tuple[str, ...]:
        """Escape, ? and the screen's own ``KEYS_ESSENTIAL``: fitted first, never left out for
        the palette's key."""
        return (*ESSENTIAL, *getattr(self.screen, "KEYS_ESSENTIAL", ()))

    def _fit(self, items: list[_Key], room: int) -> tuple[list[tuple[Text, int]], set[int]]:
        """Each key's label (and the cells before its key) and which of them fit in ``room``.
        Keys that do not fit padded are drawn compact; one that still does not fit is left
        out whole (at 80 columns the list's bar used to end "p Re▏")."""
        labels = [(self._label(item, compact=False), 0) for item in items]
        # A screen's ``KEYS_IF_ROOM`` are left out before the others are shortened.
        optional = getattr(self.screen, "KEYS_IF_ROOM", ())
        if optional and sum(label.cell_len for label, _ in labels) > room:
            kept = [item.key not in optional for item in items]
            labels = [
                (self._label(item, compact=False), 0) if keep else (Text(), 0)
                for item, keep in zip(items, kept, strict=True)
            ]
        else:
            kept = [True] * len(items)
        if sum(label.cell_len for label, _ in labels) > room:
            labels = [
                (Text.assemble(" ", self._label(item, compact=True)), 1) if keep else (Text(), 0)
                for item, keep in zip(items, kept, strict=True)
            ]
        # Escape, ? and the screen's essential keys first, then the others in order while
        # they fit; drawn in the bar's order.
        essential = self._essential()
        last = getattr(self.screen, "KEYS_FITTED_LAST", ())
        order = sorted(
            (i for i in range(len(items)) if kept[i]),
            key=lambda i: (items[i].key not in essential) + (items[i].key in last),
        )
        shown: set[int] = set()
        used = 0
        for i in order:
            width_i = labels[i][0].cell_len
            if used + width_i <= room:
                shown.add(i)
                used += width_i
            elif items[i].key not in essential:
                break
        return labels, shown

    def _key_at(self, x: int) -> _Key | None:
        for start, end, item in self._spans:
            if start <= x < end:
                return item
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        item = self._key_at(event.x)
        hover = item.key if item is not None else None
        if hover != self._hover:
            self._hover = hover
            self.tooltip = (item.tooltip or None) if item is not None else None
            self.refresh()

    def on_leave(self, _event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        item = self._key_at(event.x)
        if item is None:
            return
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()
