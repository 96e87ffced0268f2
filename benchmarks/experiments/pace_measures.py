"""Where the pace error comes from, and two rates that might hold where words are misheard
(issue 19, secondary; docs/BENCHMARK.md).

    .venv/bin/python -m benchmarks.experiments.pace_measures [tuning|test]

For each clip with a pace: the error of the analysis's words per minute split into its word
count and its speaking span; the error of the syllables in Whisper's words (spelling rule)
against the syllables said; and of the voiced syllable nuclei counted in the audio (peaks of
the 300-2500 Hz level, 3 dB over the 0.15 s around them, 80 ms apart), scaled by its median
ratio on the tuning part; and words counted as Whisper's syllables over the tuning part's
median syllables per word said. Whisper's words come from the replay cache (experiments.replay).
"""

from __future__ import annotations

import json
import re
import sys

import numpy as np

import voicecoach.analysis as analysis
from benchmarks.accuracy import part_of, speaker_parts, truth_files
from benchmarks.experiments.replay import transcript_of
from voicecoach.analysis.acoustic import FRAME, HANN, HOP, periodicity, yin_lags
from voicecoach.analysis.fillers import Lexicon
from voicecoach.audio import SAMPLE_RATE
from voicecoach.audio.files import load_audio
from voicecoach.config import Config
from voicecoach.questions import load_bank


def syllables(text: str) -> int:
    """Vowel groups per word, a silent final e aside: a spelling rule, good to a few %."""
    count = 0
    for word in re.findall(r"[a-z']+", text.lower()):
        groups = len(re.findall(r"[aeiouy]+", word))
        if word.endswith("e") and not word.endswith(("le", "ee")) and groups > 1:
            groups -= 1
        count += max(groups, 1)
    return count


def syllable_nuclei(samples: np.ndarray, prominence_db: float = 3.0, gap: int = 8) -> int:
    """Voiced peaks of the 300-2500 Hz level, ``prominence_db`` over the 0.15 s either side."""
    frames = np.lib.stride_tricks.sliding_window_view(np.asarray(samples, np.float64), FRAME)
    frames = frames[::HOP].T
    power = np.abs(np.fft.rfft(frames * HANN[:, None], axis=0)) ** 2
    freqs = np.fft.rfftfreq(FRAME, 1 / SAMPLE_RATE)
    level = 10 * np.log10(power[(freqs >= 300) & (freqs <= 2500)].sum(axis=0) + 1e-10)
    level = np.convolve(level, np.ones(5) / 5, mode="same")
    voiced = periodicity(frames, yin_lags(frames)) > 0.5
    floor = np.percentile(level, 95) - 30
    peaks: list[int] = []
    for i in range(1, len(level) - 1):
        if not (level[i] >= level[i - 1] and level[i] > level[i + 1] and voiced[i]):
            continue
        low = min(level[max(0, i - 15) : i].min(), level[i + 1 : i + 16].min())
        if (
            level[i] > floor
            and level[i] - low >= prominence_db
            and (not peaks or i - peaks[-1] >= gap)
        ):
            peaks.append(i)
    return len(peaks)


def errors(part: str) -> list[dict[str, float]]:
    bank, config, lexicon = load_bank(), Config(), Lexicon.load()
    split = speaker_parts()
    rows = []
    for path in truth_files():
        truth = json.loads(path.read_text())
        if part_of(truth, split) != part or not truth.get("wpm"):
            continue
        audio = path.parent / truth["audio"]
        samples = load_audio(audio).samples
        question = bank.get(truth.get("question_id") or "")
        report = analysis.analyze(
            samples, transcript_of(audio, samples), question, config, lexicon
        ).to_dict()
        said = syllables(truth["text"])
        heard = syllables(" ".join(w["text"] for w in report["words"]))
        rows.append(
            {
                "pace": (report["wpm"] / truth["wpm"] - 1) * 100,
                "words": (len(report["words"]) / truth["word_count"] - 1) * 100,
                "span": (truth["speech_span_s"] / report["speech_span_s"] - 1) * 100,
                "heard_syllables": (heard / said - 1) * 100,
                "nuclei_ratio": syllable_nuclei(samples) / said,
                "heard_syllables_per_word": heard / truth["word_count"],
                "said_syllables_per_word": said / truth["word_count"],
            }
        )
    return rows


def main() -> None:
    part = sys.argv[1] if len(sys.argv) > 1 else "tuning"
    tuning = errors("tuning")
    scale = float(np.median([r["nuclei_ratio"] for r in tuning]))
    per_word = float(np.median([r["said_syllables_per_word"] for r in tuning]))
    rows = errors(part)
    for key in ("pace", "words", "span", "heard_syllables"):
        values = np.abs([r[key] for r in rows])
        print(f"{part} {key}: mean |error| {values.mean():.1f} %, max {values.max():.1f} %")
    nuclei = np.abs([(r["nuclei_ratio"] / scale - 1) * 100 for r in rows])
    print(f"{part} audio syllable nuclei (scale {scale:.2f} from tuning): ", end="")
    print(f"mean |error| {nuclei.mean():.1f} %, max {nuclei.max():.1f} %")
    # Words counted as Whisper's syllables over tuning's median syllables per word said.
    estimated = np.abs([(r["heard_syllables_per_word"] / per_word - 1) * 100 for r in rows])
    print(f"{part} words as heard syllables / {per_word:.2f}: ", end="")
    print(f"mean |error| {estimated.mean():.1f} %, max {estimated.max():.1f} %")


if __name__ == "__main__":
    main()
