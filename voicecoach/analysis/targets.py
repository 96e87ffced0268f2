"""Verdicts: each metric against its target, as ok / under / over."""

from __future__ import annotations

import math

from voicecoach.config import Config
from voicecoach.datatypes import Verdict
from voicecoach.questions import DEFAULT_TARGET_S, Question

# Fewer words than this have no pace: "Same." over 0.34 s is "176 wpm". No pace verdict, no tip.
PACE_MIN_WORDS = 10
# Long pauses are judged against this many per minute.
MAX_LONG_PAUSES_PER_MIN = 2.0


def short_for_rate(limit_per_min: float) -> float:
    """Speaking time (s) under which a per-minute limit is judged as a count instead.

    It is the time in which the limit allows exactly one (30 s for 2 per min): under it a
    single filler reads as 13 per minute in a 4.6 s greeting. A count of at most one there
    meets the rate at that very time, so the verdict does not jump across the threshold.
    """
    return 60.0 / limit_per_min if limit_per_min > 0 else 0.0


def _band(metric: str, value: float, low: float, high: float, unit: str, label: str) -> Verdict:
    status = "under" if value < low else "over" if value > high else "ok"
    return Verdict(
        metric, round(value, 2), f"{low:g}-{high:g} {unit}", status == "ok", status, label
    )


def _ceiling(metric: str, value: float, high: float, unit: str, label: str) -> Verdict:
    status = "over" if value > high else "ok"
    return Verdict(metric, round(value, 2), f"<= {high:g} {unit}", status == "ok", status, label)


def _rate_or_count(
    metric: str,
    count_metric: str,
    count: int,
    speaking_s: float,
    limit_per_min: float,
    label: str,
) -> Verdict:
    """The per-minute verdict, or for an answer too short for a rate, the count against the
    number the limit allows in the threshold time ("<= 1, answer under 30 s")."""
    short_s = short_for_rate(limit_per_min)
    if speaking_s < short_s:
        allowed = max(1, math.floor(limit_per_min * short_s / 60.0 + 1e-9))
        status = "over" if count > allowed else "ok"
        target = f"<= {allowed}, answer under {short_s:g} s"
        return Verdict(count_metric, count, target, status == "ok", status, label)
    rate = count / (speaking_s / 60.0) if speaking_s > 0 else 0.0
    return _ceiling(metric, rate, limit_per_min, "per min", label)


def verdicts(
    speaking_s: float,
    wpm: float,
    word_count: int,
    filler_count: int,
    long_pause_count: int,
    question: Question | None,
    config: Config,
) -> list[Verdict]:
    """Speaking time (first to last sound of speech, not the recording: silence before the
    first word or after the last is not the answer) against the question's band (30-120 s
    without a question), then delivery when there was speech."""
    low, high = (question.target_min_s, question.target_max_s) if question else DEFAULT_TARGET_S
    out = [_band("duration_s", speaking_s, low, high, "s", "Speaking time")]
    if not word_count:
        return out
    if word_count >= PACE_MIN_WORDS:
        out.append(
            _band("wpm", round(wpm), config.pace_min_wpm, config.pace_max_wpm, "wpm", "Pace")
        )
    out.append(
        _rate_or_count(
            "filler_rate_per_min",
            "filler_count",
            filler_count,
            speaking_s,
            config.max_fillers_per_min,
            "Fillers",
        )
    )
    out.append(
        _rate_or_count(
            "long_pauses_per_min",
            "long_pauses",
            long_pause_count,
            speaking_s,
            MAX_LONG_PAUSES_PER_MIN,
            "Long pauses",
        )
    )
    return out
