"""The plotted pitch contour has no harmonic errors of pyin's: an app recording drew a stretch at
three times the speaker's pitch (+20 semitones) on an answer whose range was 7.2 st, and the
results plot's axis went up to +21. The range was right; the contour must agree with it."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from voicecoach.analysis import delivery
from voicecoach.audio.files import load_audio

CLIP = Path(__file__).resolve().parents[1] / "data" / "app-recording-third-harmonic.flac"
SPEECH = [(1.4, 6.0, 12)]  # the recording's speech, after the 1.4 s before the answer began


def _semitones(measured: delivery.Delivery) -> list[float]:
    median = measured.pitch_median_hz
    assert median is not None
    return [12.0 * math.log2(p / median) for p in measured.contour_pitch_hz if p]


def test_a_stretch_at_the_third_harmonic_is_plotted_at_the_speakers_pitch() -> None:
    audio = load_audio(CLIP)
    measured = delivery.measure_delivery(audio.samples, [], spans=SPEECH)
    points = _semitones(measured)
    assert len(points) >= 5  # the speech is still plotted
    assert max(abs(p) for p in points) < 12.0  # within an octave of the speaker's median
    # 1.48-1.68 s, where pyin heard 250-290 Hz, is drawn near the speaker's 80-95 Hz
    step = measured.contour_step_s
    there = [measured.contour_pitch_hz[i] for i in range(round(1.4 / step), round(1.8 / step))]
    assert all(p is None or p < 130 for p in there) and any(p is not None for p in there)


def test_a_glide_is_kept_and_a_lone_far_frame_left_out() -> None:
    """A sentence's fall of 12 st in 0.3 s is speech (espeak's expressive voices do it); a
    single frame 20 st off is not known to be a harmonic error or a true pitch: it goes."""
    hz = 100.0 * 2.0 ** (np.array([0, -1.5, -3, -4.5, -6, -7.5, -9, -10.5, -12]) / 12.0)
    f0 = np.concatenate([np.full(20, 100.0), hz, [np.nan], [320.0], [np.nan], np.full(20, 100.0)])
    corrected = delivery.correct_harmonic_errors(f0, 100.0)
    assert np.allclose(corrected[20:29], hz)
    assert np.isnan(corrected[30])
    assert np.allclose(corrected[:20], 100.0) and np.allclose(corrected[-20:], 100.0)
