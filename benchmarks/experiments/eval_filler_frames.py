"""Region-level figures of the frame detector on a part (issue 19 experiment)."""

from __future__ import annotations

import json
import sys

import numpy as np

from benchmarks.accuracy import REAL_VOICES, part_of, speaker_parts, truth_files
from benchmarks.experiments.frame_features import FRAME_S
from benchmarks.experiments.train_filler_frames import auc, features_of, labelled_clips, score


def regions(p: np.ndarray, threshold: float, min_s: float) -> list[tuple[float, float, float]]:
    smooth = np.convolve(p, np.ones(5) / 5, mode="same")
    on = smooth >= threshold
    out = []
    i = 0
    while i < len(on):
        if on[i]:
            j = i
            while j < len(on) and on[j]:
                j += 1
            if (j - i) * FRAME_S >= min_s:
                out.append((i * FRAME_S, j * FRAME_S, float(smooth[i:j].mean())))
            i = j
        else:
            i += 1
    return out


def main() -> None:
    model = dict(np.load(sys.argv[1]))
    part = sys.argv[2]
    threshold = float(sys.argv[3]) if len(sys.argv) > 3 else 0.5
    min_s = float(sys.argv[4]) if len(sys.argv) > 4 else 0.15
    clips = labelled_clips(part)
    x = np.concatenate([c[1] for c in clips])
    y = np.concatenate([c[2] for c in clips])
    w = np.concatenate([c[3] for c in clips])
    print(f"{part} frame AUC {auc(score(model, x)[w > 0], y[w > 0]):.3f}")
    split = speaker_parts()
    tp = fn = fp = on_long = 0
    for path in truth_files():
        truth = json.loads(path.read_text())
        if part_of(truth, split) != part:
            continue
        found = regions(score(model, features_of(path.parent / truth["audio"])), threshold, min_s)
        hes = [f for f in truth["fillers"] if f["kind"] == "hesitation"]
        for f in hes:
            if any(s < f["end"] and e > f["start"] for s, e, _ in found):
                tp += 1
            else:
                fn += 1
        for s, e, _ in found:
            if not any(s < f["end"] and e > f["start"] for f in hes):
                fp += 1
                if any(s < g["end"] and e > g["start"] for g in truth.get("lengthened", [])):
                    on_long += 1
    print(f"synthetic: found {tp} of {tp + fn}, false regions {fp} ({on_long} on drawn-out words)")
    data = json.loads(REAL_VOICES.read_text())
    for key in ("clips", "with_fillers"):
        said = flagged = 0
        for clip in data[key]:
            path = REAL_VOICES.parent / clip["audio"]
            if part_of(clip, split) != part or not path.exists():
                continue
            found = regions(score(model, features_of(path)), threshold, min_s)
            said += sum(1 for f in clip.get("fillers", []) if f["kind"] == "hesitation")
            flagged += len(found)
            if key == "with_fillers":
                print("   ", path.name, len(found), "regions; hesitations said so far", said)
        print(f"real {key}: hesitations said {said}, regions {flagged}")


if __name__ == "__main__":
    main()
