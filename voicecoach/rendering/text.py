"""The transcript as rich Text, one way for every front end: the CLI report, the results
screen, and the replay that lights the word being said (CLI and Textual).

Each front end keeps its own colours (``TranscriptStyle``), but which words show, where a long
pause stands and what a window of the text leaves out are decided here once, so the report, the
results screen and the replay never disagree about the answer. Rich only, never Textual.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from voicecoach.datatypes import Analysis, Pause


@dataclass(frozen=True)
class TranscriptStyle:
    """One front end's colours for the same transcript."""

    fillers: Mapping[str, str] = field(default_factory=dict)  # a filler's style by its kind
    filler: str = ""  # a filler of a kind not in ``fillers``
    pause: str = ""
    very_long_pause: str | None = None  # pauses of very_long_pause_s or more; None: as ``pause``
    current: str = ""  # the word being said, in a replay
    empty: str = ""  # said (in grey italics) when there is neither a word nor a pause


def transcript_text(
    analysis: Analysis, style: TranscriptStyle, current: int = -1, window: int | None = None
) -> Text:
    """The words with fillers marked, long pauses inline (``[2.4 s]``) and word ``current`` lit.

    ``window`` limits the text to about that many words around the current one (the CLI replay
    uses it to fit the terminal; the screens scroll instead).
    """
    words = analysis.words
    first, last = 0, len(words)
    if window is not None and len(words) > window:
        first = max(0, min(current - window // 3, len(words) - window))
        last = first + window
    # Each long pause shows once, before the first word that starts after it (or at the end):
    # word timestamps are loose around pauses, so no tighter matching is attempted.
    starts = [w.start for w in words]
    pauses_before: dict[int, list[Pause]] = {}
    for pause in sorted(analysis.long_pauses, key=lambda p: p.start):
        pauses_before.setdefault(bisect.bisect_left(starts, pause.start), []).append(pause)
    text = Text()
    if first > 0:
        text.append("…", style="dim")
    for i in range(first, last + 1):
        if i < last or last == len(words):
            for pause in pauses_before.get(i, []):
                text.append(" " if len(text) else "")
                text.append(f"[{pause.duration:.1f} s]", style=_pause_style(analysis, pause, style))
        if i == last:
            break
        word = words[i]
        if i == current:
            word_style = style.current
        elif word.filler:
            word_style = style.fillers.get(word.filler_kind or "", style.filler)
        else:
            word_style = ""
        text.append(" " if len(text) else "")
        text.append(word.text, style=word_style)
    if last < len(words):
        text.append(" …", style="dim")
    if not text and style.empty:
        text.append(style.empty, style="italic grey70")
    return text


def _pause_style(analysis: Analysis, pause: Pause, style: TranscriptStyle) -> str:
    if style.very_long_pause is not None and pause.duration >= analysis.very_long_pause_s:
        return style.very_long_pause
    return style.pause
