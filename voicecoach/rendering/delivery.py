"""How it sounded (issue 21) in a few lines of text, for the reports the app writes outside the
screen: `voicecoach analyze` in a terminal and the mock interview's Markdown/HTML report.

The results screen shows the same figures with its plot (ui.delivery_view); here there is no
plot, so the lines name what the plot would show: the pitch range and whether it is a
monotone, the loudness, how many sentence ends trailed off, the slowest and fastest stretch of
the pace. The verdicts are the delivery part's own (target and ok/under/over), so the text and
the screen never judge the same figure twice. No UI imports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from voicecoach.datatypes import clock, verdict_value_text
from voicecoach.rendering.text import TRAILING_MARK

if TYPE_CHECKING:
    from voicecoach.datatypes import Delivery, Verdict

HEADING = "How it sounded"
# Verdicts the short block leaves out: pitch movement is a detail of the range the plot shows.
_SHORT_BLOCK = ("pitch_range_st", "loudness_dbfs", "trailing_off_share", "pace_windows_off")


def delivery_verdicts(delivery: Delivery) -> list[Verdict]:
    """The delivery verdicts the short block shows, in the order the screen shows them."""
    return [v for v in delivery.verdicts if v.metric in _SHORT_BLOCK]


def verdict_line(v: Verdict) -> str:
    """ "Pitch range 5.4 st (target >= 3 st): ok"."""
    return f"{v.label or v.metric} {verdict_value_text(v)} (target {v.target}): {v.status}"


def pitch_line(delivery: Delivery) -> str:
    """The pitch in words: where it sits, how far it moves, and the monotone verdict."""
    if delivery.pitch_range_st is None:
        return "Pitch: no voiced speech to measure."
    line = f"Pitch range {delivery.pitch_range_st:.1f} semitones"
    if delivery.pitch_median_hz is not None:
        line += f" around {delivery.pitch_median_hz:.0f} Hz"
    verdict = "monotone: let it rise and fall" if delivery.monotone else "not monotone"
    return f"{line} ({verdict})."


def loudness_line(delivery: Delivery) -> str | None:
    if delivery.loudness_dbfs is None:
        return None
    line = f"Loudness {delivery.loudness_dbfs:.0f} dBFS"
    if delivery.loudness_variation_db is not None:
        line += f" ± {delivery.loudness_variation_db:.0f} dB"
    return line + "."


def trailing_line(delivery: Delivery, marked: bool = True) -> str | None:
    """How many sentence ends trailed off; ``marked``: the transcript shows them with ↘."""
    if not delivery.sentence_ends:
        return None
    faded = len(delivery.trailing_off)
    line = f"Trailing off: {faded} of {len(delivery.sentence_ends)} sentence ends"
    if faded and marked:
        line += f" ({TRAILING_MARK} in the transcript)"
    return line + "."


def pace_line(delivery: Delivery) -> str | None:
    """The slowest and the fastest window: a slow start or a rushed ending shows here."""
    windows = delivery.pace_windows
    if len(windows) < 2:
        return None
    slow = min(windows, key=lambda w: w.wpm)
    fast = max(windows, key=lambda w: w.wpm)
    return (
        f"Pace every 15 s: slowest {slow.wpm:.0f} wpm ({clock(slow.start)}-{clock(slow.end)}), "
        f"fastest {fast.wpm:.0f} wpm ({clock(fast.start)}-{clock(fast.end)})."
    )


def delivery_lines(delivery: Delivery, marked: bool = True) -> list[str]:
    """The short block's sentences (without the verdicts): pitch, loudness, trailing off, pace."""
    lines = [pitch_line(delivery), loudness_line(delivery)]
    lines += [trailing_line(delivery, marked), pace_line(delivery)]
    return [line for line in lines if line]
