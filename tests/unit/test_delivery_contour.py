"""What the results screen plots (issue 21), on the labelled clips of samples/delivery/: the
contour covers the whole answer at its step, and the monotone stretches it marks are the flat
clips' sentences, never the expressive ones'. Survives the stored report's JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from voicecoach.analysis import delivery
from voicecoach.audio.files import load_audio
from voicecoach.datatypes import Delivery

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "delivery"
PAIR = ["en-us-flat", "en-us-expressive"]


@pytest.mark.parametrize("clip", PAIR)
def test_the_contour_and_the_flat_stretches(clip: str) -> None:
    truth = json.loads((SAMPLES / f"{clip}.truth.json").read_text())
    audio = load_audio(SAMPLES / f"{clip}.flac")
    spans = [(s["start"], s["end"], s["words"]) for s in truth["sentences"]]
    measured = delivery.measure_delivery(audio.samples, [], spans=spans)
    seconds = len(audio.samples) / 16_000
    points = len(measured.contour_loudness_dbfs)
    assert measured.contour_step_s == delivery.CONTOUR_STEP_S
    assert abs(points * delivery.CONTOUR_STEP_S - seconds) <= 2 * delivery.CONTOUR_STEP_S
    assert len(measured.contour_pitch_hz) == points
    voiced = [p for p in measured.contour_pitch_hz if p is not None]
    assert len(voiced) > points / 2  # speech most of the time
    flat = clip.endswith("flat")
    assert len(measured.flat_stretches) == (len(spans) if flat else 0)
    for start, end in measured.flat_stretches:
        assert any(abs(start - s) < 0.01 and abs(end - e) < 0.01 for s, e, _ in spans)
    again = Delivery.from_dict(json.loads(json.dumps(measured.to_dict())))
    assert len(again.contour_pitch_hz) == points and again.flat_stretches == [
        (round(s, 3), round(e, 3)) for s, e in measured.flat_stretches
    ]


def test_a_report_stored_before_the_contour_loads_without_one() -> None:
    old = Delivery(120.0, 5.0, 2.0, False, -20.0, 4.0).to_dict()
    del old["contour"], old["flat_stretches"]
    loaded = Delivery.from_dict(old)
    assert loaded.contour_step_s == 0.0 and loaded.contour_pitch_hz == []
    assert loaded.flat_stretches == []
