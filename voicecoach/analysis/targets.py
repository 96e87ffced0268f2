"""Verdicts: each metric against its target, as ok / under / over."""

from __future__ import annotations

from voicecoach.config import Config
from voicecoach.questions import DEFAULT_TARGET_S, Question
from voicecoach.results import Verdict


def _band(metric: str, value: float, low: float, high: float, unit: str, label: str) -> Verdict:
    status = "under" if value < low else "over" if value > high else "ok"
    return Verdict(
        metric, round(value, 2), f"{low:g}-{high:g} {unit}", status == "ok", status, label
    )


def _ceiling(metric: str, value: float, high: float, unit: str, label: str) -> Verdict:
    status = "over" if value > high else "ok"
    return Verdict(metric, round(value, 2), f"<= {high:g} {unit}", status == "ok", status, label)


def verdicts(
    duration_s: float,
    wpm: float,
    filler_rate: float,
    long_pause_rate: float,
    has_speech: bool,
    question: Question | None,
    config: Config,
) -> list[Verdict]:
    """Duration against the question's band (30-120 s without a question), then delivery."""
    low, high = (question.target_min_s, question.target_max_s) if question else DEFAULT_TARGET_S
    out = [_band("duration_s", duration_s, low, high, "s", "Duration")]
    if has_speech:
        out.append(
            _band("wpm", round(wpm), config.pace_min_wpm, config.pace_max_wpm, "wpm", "Pace")
        )
        out.append(
            _ceiling(
                "filler_rate_per_min", filler_rate, config.max_fillers_per_min, "per min", "Fillers"
            )
        )
        out.append(_ceiling("long_pauses_per_min", long_pause_rate, 2.0, "per min", "Long pauses"))
    return out
