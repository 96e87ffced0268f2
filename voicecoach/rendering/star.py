"""The STAR check as lines of text, one way for every front end (results screen, text report,
mock-interview report), so they never word a part differently. Plain strings, no Rich, no UI."""

from __future__ import annotations

from voicecoach.analysis.star import ADD
from voicecoach.datatypes import STAR_PARTS, StarReport

LABELS = {part: part.capitalize() for part in STAR_PARTS}
OUTLINE_HEADING = "A strong answer, step by step"


def star_heading(star: StarReport) -> str:
    """ "Story (STAR): 3 of 4 parts told"."""
    told = sum(p.found for p in star.parts)
    return f"Story (STAR): {told} of {len(star.parts)} parts told"


def star_rows(star: StarReport) -> list[tuple[str, bool, str]]:
    """(label, found, detail) per part: the words that showed it, or what to add."""
    rows = []
    for p in star.parts:
        detail = f'"{p.evidence}"' if p.found else f"missing: {ADD[p.part]}"
        rows.append((LABELS[p.part], p.found, detail))
    return rows


def star_told(star: StarReport) -> str | None:
    """ "Told the story's situation, task and action." (None when no part was told)."""
    told = [p.part for p in star.parts if p.found]
    if not told:
        return None
    if len(told) == len(STAR_PARTS):
        return "Told the story in full: situation, task, action and result."
    listed = ", ".join(told[:-1]) + (" and " if len(told) > 1 else "") + told[-1]
    return f"Told the story's {listed}."
