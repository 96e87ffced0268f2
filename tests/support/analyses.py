"""Reports written by hand for tests of what is done with them (history, best, trend)."""

from __future__ import annotations

from voicecoach.datatypes import Analysis


def silent_analysis(duration_s: float = 4.8) -> Analysis:
    """What a silent recording stores: no words, 0 wpm and 0 fillers/min, inside the greeting's
    3-10 s target; it read as a flawless answer."""
    return Analysis.from_dict(
        {
            "duration_s": duration_s,
            "speech_span_s": 0.0,
            "wpm": 0.0,
            "articulation_wpm": 0.0,
            "words": [],
            "fillers": [],
            "pauses": [],
            "verdicts": [
                {
                    "metric": "duration_s",
                    "value": duration_s,
                    "target": "3-10 s",
                    "ok": True,
                    "status": "ok",
                }
            ],
            "notes": ["no speech detected"],
            "model": "tiny.en",
        }
    )
