"""Build samples/delivery/: the same sentences spoken flat and expressive, with some sentence
ends faded, and their truth (issue 21). Offline and deterministic (espeak-ng, fixed seeds).

Flat and expressive are espeak-ng's SSML pitch range (``<prosody range="x-low">`` and
``"x-high"``); a faded end is a gain ramp down to FADE_DB over the sentence's last FADE_S. The
truth carries Praat's pitch range (praat-parselmouth, the usual reference) over the speech,
each sentence's span and word count and whether its end was faded. Voices are split as in
samples/split.json: thresholds are chosen on "tuning", figures reported on "test".

Run: ``.venv/bin/python samples/delivery/generate.py``
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import parselmouth
import soundfile as sf
import soxr

HERE = Path(__file__).resolve().parent
SR = 16000
SENTENCES = [
    "I led the migration of our billing system to the new platform last spring.",
    "The hardest part was keeping every customer invoice correct during the switch.",
    "We ran both systems side by side for six weeks and compared the results daily.",
    "In the end we moved three million accounts without a single missed payment.",
]
GAP_S = 0.6
FADE_S = 0.8
FADE_DB = -24.0
PEAK = 0.5
VOICES = {
    "en-us": "tuning",
    "en-us+f3": "tuning",
    "en-gb": "tuning",
    "en-gb-scotland": "test",
    "en-us+m3": "test",
    "en-029+f2": "test",
}
STYLES = {"flat": "x-low", "expressive": "x-high"}
PITCH_FLOOR_HZ, PITCH_CEILING_HZ = 65.0, 350.0


def say(text: str, voice: str, pitch_range: str) -> np.ndarray:
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "s.wav"
        ssml = f'<speak><prosody range="{pitch_range}">{text}</prosody></speak>'
        subprocess.run(
            ["espeak-ng", "-m", "-v", voice, "-s", "160", "-w", str(wav), ssml], check=True
        )
        x, sr = sf.read(wav, dtype="float32")
    x = soxr.resample(x, sr, SR).astype(np.float32)
    loud = np.flatnonzero(np.abs(x) > 0.01 * np.abs(x).max())
    return x[loud[0] : loud[-1] + 1]


def praat_range(x: np.ndarray) -> float:
    """Semitones between the 10th and 90th percentile of Praat's voiced frames."""
    pitch = parselmouth.Sound(x.astype(np.float64), SR).to_pitch(
        pitch_floor=PITCH_FLOOR_HZ, pitch_ceiling=PITCH_CEILING_HZ
    )
    f0 = pitch.selected_array["frequency"]
    f0 = f0[f0 > 0]
    lo, hi = np.percentile(f0, [10, 90])
    return float(12.0 * np.log2(hi / lo))


def build(voice: str, style: str, seed: int) -> tuple[np.ndarray, dict]:
    rng = np.random.default_rng(seed)
    faded = set(rng.choice(len(SENTENCES), size=2, replace=False).tolist())
    parts = [np.zeros(int(0.5 * SR), np.float32)]
    t = 0.5
    sentences = []
    for i, text in enumerate(SENTENCES):
        x = say(text, voice, STYLES[style])
        x = PEAK * x / np.abs(x).max()
        if i in faded:
            n = int(FADE_S * SR)
            ramp = 10.0 ** (np.linspace(0.0, FADE_DB, n) / 20.0)
            x[-n:] *= ramp.astype(np.float32)
        d = len(x) / SR
        sentences.append(
            {
                "text": text,
                "start": round(t, 3),
                "end": round(t + d, 3),
                "words": len(text.split()),
                "faded": i in faded,
            }
        )
        parts += [x, np.zeros(int(GAP_S * SR), np.float32)]
        t += d + GAP_S
    audio = np.concatenate(parts)
    speech = np.concatenate([audio[int(s["start"] * SR) : int(s["end"] * SR)] for s in sentences])
    truth = {
        "voice": f"espeak-ng:{voice}",
        "split": VOICES[voice],
        "style": style,
        "monotone": style == "flat",
        "praat_range_st": round(praat_range(speech), 2),
        "sentences": sentences,
    }
    return audio, truth


def main() -> None:
    for v, voice in enumerate(VOICES):
        for s, style in enumerate(STYLES):
            audio, truth = build(voice, style, seed=100 * v + s)
            name = f"{voice.replace('+', '-')}-{style}"
            sf.write(HERE / f"{name}.flac", audio, SR, subtype="PCM_16")
            (HERE / f"{name}.truth.json").write_text(json.dumps(truth, indent=1) + "\n")
            print(name, truth["praat_range_st"], [x["faded"] for x in truth["sentences"]])


if __name__ == "__main__":
    main()
