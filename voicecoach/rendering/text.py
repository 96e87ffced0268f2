"""The transcript as rich Text, one way for every front end: the CLI report, the results
screen, and the replay that lights the word being said (CLI and Textual).

Each front end keeps its own colours (``TranscriptStyle``), but which words show, where a long
pause stands and what a window of the text leaves out are decided here once, so the report, the
results screen and the replay never disagree about the answer. Rich only, never Textual.

Fillers, possible fillers and long pauses also carry marks made of characters (``*um*``,
``_like_``, ``(uh?)``, ``[2.4 s]``): with ``NO_COLOR`` or on a monochrome terminal colour told
them apart from the other words and from each other, and nothing else did (issue 22). A sentence
that trailed off (its end fell well below the speaker's level, ``Analysis.delivery``) ends with
``↘`` where a front end asks for it (``TranscriptStyle.trailing``; issue 21).
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from voicecoach.datatypes import AnalysedWord, Analysis, Pause


@dataclass(frozen=True)
class TranscriptStyle:
    """One front end's colours for the same transcript."""

    fillers: Mapping[str, str] = field(default_factory=dict)  # a filler's style by its kind
    filler: str = ""  # a filler of a kind not in ``fillers``
    pause: str = ""
    very_long_pause: str | None = None  # pauses of very_long_pause_s or more; None: as ``pause``
    possible: str = ""  # a filler the analysis is not sure of ("uh?"), not counted
    current: str = ""  # the word being said, in a replay
    empty: str = ""  # said (in grey italics) when there is neither a word nor a pause
    # The style of TRAILING_MARK after a sentence that trailed off; None: not marked (the
    # replay, whose follow-along lights words, not sentence ends).
    trailing: str | None = None


# The characters around a filler, by its kind; a kind not listed takes the hesitation's.
FILLER_MARKS: Mapping[str, tuple[str, str]] = {"hesitation": ("*", "*"), "discourse": ("_", "_")}
POSSIBLE_MARK = ("(", ")")  # around a possible filler, which already ends in "?"
TRAILING_MARK = "↘"  # after the last word of a sentence that trailed off
# A word's trailing punctuation stays outside the mark: "*um*," reads better than "*um,*".
_TRAILING = ",.;:!"


def filler_marks(kind: str | None) -> tuple[str, str]:
    """The characters that open and close a counted filler of ``kind``."""
    return FILLER_MARKS.get(kind or "", FILLER_MARKS["hesitation"])


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
    possible = _possible_indexes(analysis)
    faded = _trailing_indexes(analysis) if style.trailing is not None else set()
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
        if word.filler:
            word_style = style.fillers.get(word.filler_kind or "", style.filler)
        elif i in possible:
            word_style = style.possible
        else:
            word_style = ""
        if i == current:
            word_style = style.current
        text.append(" " if len(text) else "")
        opening, closing = _marks(words, i, possible)
        body = word.text
        trailing = ""
        if closing and not word.text.endswith("?"):
            body = word.text.rstrip(_TRAILING) or word.text
            trailing = word.text[len(body) :]
        text.append(f"{opening}{body}{closing}", style=word_style)
        text.append(trailing)
        if i in faded:
            text.append(TRAILING_MARK, style=style.trailing or "")
    if last < len(words):
        text.append(" …", style="dim")
    if not text and style.empty:
        text.append(style.empty, style="italic grey70")
    return text


def _possible_indexes(analysis: Analysis) -> set[int]:
    """The words shown as possible fillers ("uh?"): those at a possible filler's times."""
    spans = [(f.start, f.end) for f in analysis.possible_fillers]
    return {
        i
        for i, w in enumerate(analysis.words)
        if not w.filler
        and any(abs(w.start - s) <= 0.01 and abs(w.end - e) <= 0.01 for s, e in spans)
    }


def _trailing_indexes(analysis: Analysis) -> set[int]:
    """The words that end a sentence which trailed off: the last word ending by its end."""
    delivery = analysis.delivery
    if delivery is None:
        return set()
    ends = [w.end for w in analysis.words]
    found = set()
    for sentence in delivery.trailing_off:
        i = bisect.bisect_right(ends, sentence.end + 0.01) - 1
        if i >= 0:
            found.add(i)
    return found


def _marks(words: Sequence[AnalysedWord], i: int, possible: set[int]) -> tuple[str, str]:
    """The characters before and after word ``i``: a run of fillers of one kind ("you know")
    is marked once, as a whole."""
    word = words[i]
    if i in possible:
        return POSSIBLE_MARK
    if not word.filler:
        return "", ""
    opening, closing = filler_marks(word.filler_kind)

    def same_run(j: int) -> bool:
        return 0 <= j < len(words) and words[j].filler and words[j].filler_kind == word.filler_kind

    continued = same_run(i - 1) and not words[i - 1].text.endswith(tuple(_TRAILING))
    continues = same_run(i + 1) and not word.text.endswith(tuple(_TRAILING))
    return ("" if continued else opening), ("" if continues else closing)


def _pause_style(analysis: Analysis, pause: Pause, style: TranscriptStyle) -> str:
    if style.very_long_pause is not None and pause.duration >= analysis.very_long_pause_s:
        return style.very_long_pause
    return style.pause
