"""A second Whisper pass with filler hotwords, cached per clip (issue 19 experiment).

    .venv/bin/python -m benchmarks.experiments.hotword_pass PART TAG "HOTWORDS"

Transcribes every clip of PART (tuning, test, or all) with the app's options
(``WhisperOptions()``: the filler prompt, beam 5, VAD, capped tokens) plus ``hotwords``, and
pickles the Transcript under $HOTWORD_CACHE/TAG (default /tmp/hotwords-cache/TAG). Clips
already cached are skipped, so the pass can be stopped and resumed. Prints the seconds each
clip took (the cost of a second pass).
"""

from __future__ import annotations

import json
import os
import pickle
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.accuracy import REAL_VOICES, part_of, speaker_parts, truth_files
from voicecoach.audio.files import load_audio
from voicecoach.datatypes import Transcript

HOTWORD_CACHE = Path(os.environ.get("HOTWORD_CACHE", "/tmp/hotwords-cache"))
_transcribers: dict[str, Any] = {}


def clips(part: str) -> Iterator[Path]:
    """The audio of every labelled and real clip in PART ("all": both parts)."""
    split = speaker_parts()
    for path in truth_files():
        truth = json.loads(path.read_text())
        if part in ("all", part_of(truth, split)):
            yield path.parent / truth["audio"]
    data = json.loads(REAL_VOICES.read_text())
    for key in ("clips", "with_fillers"):
        for clip in data[key]:
            audio = REAL_VOICES.parent / clip["audio"]
            if part in ("all", part_of(clip, split)) and audio.exists():
                yield audio


def hotword_transcript(audio: Path, tag: str, hotwords: str | None = None) -> Transcript | None:
    """The cached hotword pass of one clip; transcribed now when ``hotwords`` is given."""
    cached = HOTWORD_CACHE / tag / (audio.name + ".pkl")
    if cached.exists():
        return pickle.loads(cached.read_bytes())
    if hotwords is None:
        return None
    if tag not in _transcribers:
        from voicecoach.transcription.model_files import resolve_model
        from voicecoach.transcription.whisper import WhisperOptions, WhisperTranscriber

        options = WhisperOptions(hotwords=hotwords)
        _transcribers[tag] = WhisperTranscriber(resolve_model("tiny.en"), options)
        _transcribers[tag].load()
    transcript = _transcribers[tag].transcribe(load_audio(audio).samples)
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(pickle.dumps(transcript))
    return transcript


def main() -> None:
    part, tag, hotwords = sys.argv[1], sys.argv[2], sys.argv[3]
    for audio in clips(part):
        if (HOTWORD_CACHE / tag / (audio.name + ".pkl")).exists():
            continue
        t0 = time.perf_counter()
        transcript = hotword_transcript(audio, tag, hotwords)
        assert transcript is not None
        print(f"{audio.name}: {time.perf_counter() - t0:.1f} s, {len(transcript.words)} words")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
