"""Check the flite clips' truth by measurement, since no one listens to them: on a dry copy of
every clip (its script assembled again with no noise and no room or telephone), each planted
hesitation must be voiced over most of its span and about as loud as the clip's speech. flite
spells out some spellings letter by letter and its silences carry noise (samples/README.md), so
a filler label on hiss or on a spelled-out "U H H" would show here.

Run: ``.venv/bin/python samples/check_flite.py`` (needs what generate.py needs: flite, the
``tts`` extra); prints each voice's figures and exits 1 if a hesitation fails.
"""

from __future__ import annotations

import dataclasses
import sys
from collections import defaultdict

import generate as g
import numpy as np
import parselmouth

MIN_VOICED = 0.7  # share of the span's 10 ms frames where Praat finds a pitch
MIN_LEVEL_DB = -6.0  # the hesitation's RMS against the whole speech span's


def main() -> int:
    synth = g.Synth()
    by_voice: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    failed = 0
    for clip in g.build_flite():
        audio, truth = g.assemble(dataclasses.replace(clip, noise=None, condition=None), synth)
        sr = clip.rate
        pitch = parselmouth.Sound(audio.astype(np.float64), sampling_frequency=sr).to_pitch(
            time_step=0.01, pitch_floor=60, pitch_ceiling=500
        )
        f0, ts = pitch.selected_array["frequency"], pitch.xs()
        speech = audio[round(truth["speech_start"] * sr) : round(truth["speech_end"] * sr)]
        speech_db = 10 * np.log10(np.mean(speech.astype(np.float64) ** 2))
        for f in truth["fillers"]:
            if f["kind"] != "hesitation":
                continue
            inside = (ts >= f["start"]) & (ts <= f["end"])
            voiced = float(np.mean(f0[inside] > 0)) if inside.any() else 0.0
            seg = audio[round(f["start"] * sr) : round(f["end"] * sr)].astype(np.float64)
            level = 10 * np.log10(np.mean(seg**2)) - speech_db
            by_voice[clip.voice.name].append((f["end"] - f["start"], voiced, level))
            if voiced < MIN_VOICED or level < MIN_LEVEL_DB:
                failed += 1
                print(f"FAIL {clip.name} {f}: voiced {voiced:.2f}, {level:+.1f} dB")
    for voice, rows in by_voice.items():
        d, v, lv = (np.array(c) for c in zip(*rows, strict=True))
        print(
            f"{voice:6s} {len(rows):3d} hesitations: {d.min():.2f}-{d.max():.2f} s, voiced "
            f"min {v.min():.2f} median {np.median(v):.2f}, level min {lv.min():+.1f} dB"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
