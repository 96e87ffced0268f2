"""Re-analyse the labelled set from cached Whisper words, with or without the frame detector.

    .venv/bin/python -m benchmarks.experiments.replay PART [WEIGHTS.npz]

Whisper's words per clip are cached (pickled Transcript, under $TRANSCRIPT_CACHE, default
/tmp/filler-frames-cache/transcripts; /work/diag/cache is read too when present) so the
analysis can be iterated on without re-running the model. Prints the synthetic part's scores
and the real voices' fillers as `make bench` counts them.
"""

from __future__ import annotations

import json
import os
import pickle
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

import voicecoach.analysis as analysis
from benchmarks.accuracy import REAL_VOICES, part_of, speaker_parts, truth_files
from benchmarks.experiments import frame_detector
from benchmarks.experiments.frame_detector import CURRENT
from benchmarks.scoring import aggregate, score_clip
from voicecoach.analysis.fillers import Lexicon
from voicecoach.audio.files import load_audio
from voicecoach.config import Config
from voicecoach.datatypes import Transcript
from voicecoach.questions import load_bank

CACHE = Path(os.environ.get("TRANSCRIPT_CACHE", "/tmp/filler-frames-cache/transcripts"))
OLD_CACHE = Path("/work/diag/cache")
_transcriber: Any = None


def transcript_of(path: Path, samples: np.ndarray) -> Transcript:
    global _transcriber
    for d in (CACHE, OLD_CACHE):
        if (d / (path.name + ".pkl")).exists():
            return pickle.loads((d / (path.name + ".pkl")).read_bytes())
    if _transcriber is None:
        from voicecoach.transcription.model_files import resolve_model
        from voicecoach.transcription.whisper import WhisperTranscriber

        _transcriber = WhisperTranscriber(resolve_model("tiny.en"))
        _transcriber.load()
    transcript = _transcriber.transcribe(samples)
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / (path.name + ".pkl")).write_bytes(pickle.dumps(transcript))
    return transcript


def part_truths(part: str) -> Iterator[tuple[dict[str, Any], Path]]:
    """Each synthetic clip of PART ("tuning" or "test") with its truth: the loop every
    experiment runs over the labelled set."""
    split = speaker_parts()
    for path in truth_files():
        truth = json.loads(path.read_text())
        if part_of(truth, split) == part:
            yield truth, path.parent / truth["audio"]


def run(part: str, verbose: bool = False) -> dict[str, Any]:
    bank, config, lexicon = load_bank(), Config(), Lexicon.load()
    split = speaker_parts()
    scores = []
    for truth, audio_path in part_truths(part):
        samples = load_audio(audio_path).samples
        t = transcript_of(audio_path, samples)
        CURRENT["clip"] = audio_path.name
        q = bank.get(truth.get("question_id") or "")
        rep = analysis.analyze(samples, t, q, config, lexicon).to_dict()
        sc = score_clip(rep, truth, name=truth["audio"])
        scores.append(sc)
        if verbose and (sc.hesitation.fp or sc.hesitation.fn):
            hes = [
                (round(f["start"], 2), f["text"])
                for f in truth["fillers"]
                if f["kind"] == "hesitation"
            ]
            got = [
                (round(f["start"], 2), f["text"], f.get("confidence"))
                for f in rep["fillers"]
                if f["kind"] == "hesitation"
            ]
            print(f"  {truth['audio']}: fp {sc.hesitation.fp} fn {sc.hesitation.fn}")
            print(f"    said {hes}\n    got  {got}")
    s = aggregate(scores)
    h, d = s.hesitation, s.discourse
    sure = s.hesitation_confident
    out: dict[str, Any] = {
        "hes": f"P {h.precision:.2f} R {h.recall:.2f} F1 {h.f1:.2f} ({h.tp}+{h.fp}, {h.fn} missed)",
        "disc": f"P {d.precision:.2f} R {d.recall:.2f} F1 {d.f1:.2f}",
        "content uses flagged": f"{s.discourse_on_non_fillers} of {s.non_filler_uses}",
        "lengthened": f"{s.hesitation_on_lengthened} of {s.lengthened_words}",
        "confident": f"{sure.tp} of {sure.tp + sure.fp}",
        "possible": f"{s.possible_said} / {s.possible_shown}",
        "pauses": f"F1 {s.long_pauses.f1:.2f}",
        "pace": f"{s.mean_abs_pace_error_pct}",
    }
    data = json.loads(REAL_VOICES.read_text())
    for key in ("clips", "with_fillers"):
        said = found = extra = flagged = possible = 0
        for clip in data[key]:
            path = REAL_VOICES.parent / clip["audio"]
            if part_of(clip, split) != part or not path.exists():
                continue
            samples = load_audio(path).samples
            CURRENT["clip"] = path.name
            rep = analysis.analyze(
                samples, transcript_of(path, samples), None, config, lexicon
            ).to_dict()
            n_said = sum(1 for f in clip.get("fillers", []) if f["kind"] == "hesitation")
            n_flag = sum(1 for f in rep["fillers"] if f["kind"] == "hesitation")
            said += n_said
            found += min(n_said, n_flag)
            extra += max(n_flag - n_said, 0)
            flagged += len(rep["fillers"])
            possible += len(rep.get("possible_fillers", []))
            if verbose and key == "with_fillers":
                print(f"  {path.name}: said {n_said} flagged {n_flag}")
        if key == "clips":
            out["real_clean"] = f"fillers flagged {flagged}"
        elif said:
            p = found / (found + extra) if found + extra else 1.0
            r = found / said
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            out["real_hes"] = f"P {p:.2f} R {r:.2f} F1 {f1:.2f} ({found} of {said}, extra {extra})"
            out["real_possible"] = str(possible)
    return out


def main() -> None:
    part = sys.argv[1]
    if len(sys.argv) > 2 and sys.argv[2] != "-":
        frame_detector.install(Path(sys.argv[2]))
    for k, v in run(part, verbose="-v" in sys.argv).items():
        print(f"{part} {k}: {v}")


if __name__ == "__main__":
    main()
