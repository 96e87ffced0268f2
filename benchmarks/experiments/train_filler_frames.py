"""Train the frame-level filler detector on the tuning part only (issue 19 experiment).

    .venv/bin/python -m benchmarks.experiments.train_filler_frames [--out weights.npz]

Positives: frames inside the labelled hesitation spans of the tuning part's synthetic clips
(30 ms trimmed at each edge); negatives: every other frame of those clips (drawn-out words and
content words included) and every frame of the tuning part's real voices (which hold no
filler). A one-hidden-layer network in numpy, seeded, full-batch Adam: the same data give the
same weights. The test part is never read here.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np

from benchmarks.accuracy import REAL_VOICES, part_of, speaker_parts, truth_files
from benchmarks.experiments.frame_features import FRAME_S, WITH_SHAPE, frame_features
from voicecoach.audio.files import load_audio

EDGE_S = 0.03
LENGTHENED_WEIGHT = 3.0
HIDDEN = int(os.environ.get("FF_HIDDEN", "16"))  # 0: logistic regression
FEATURE_CACHE = Path("/tmp/filler-frames-cache") / ("shape" if WITH_SHAPE else "no-shape")


def features_of(path: Path, rate: float = 1.0) -> np.ndarray:
    """The clip's frame features (cached); ``rate`` != 1 plays it that much faster first."""
    FEATURE_CACHE.mkdir(parents=True, exist_ok=True)
    key = FEATURE_CACHE / (path.name + ("" if rate == 1.0 else f"@{rate}") + ".npy")
    if key.exists():
        return np.load(key)
    samples = load_audio(path).samples
    if rate != 1.0:
        samples = resampled(samples, rate)
    x = frame_features(samples)
    np.save(key, x)
    return x


def resampled(samples: np.ndarray, rate: float) -> np.ndarray:
    """Played ``rate`` times faster: pitch and formants up by ``rate``, like another voice."""
    at = np.arange(0, len(samples) - 1, rate)
    return np.interp(at, np.arange(len(samples)), samples).astype(np.float32)


def _scaled(truth: dict, rate: float) -> dict:
    """The truth's hesitation and drawn-out-word times for the clip played ``rate`` faster."""

    def scale(spans: list[dict]) -> list[dict]:
        return [{**f, "start": f["start"] / rate, "end": f["end"] / rate} for f in spans]

    return {
        **truth,
        "fillers": scale(truth["fillers"]),
        "lengthened": scale(truth.get("lengthened", [])),
    }


def frame_labels(truth: dict, frames: int) -> tuple[np.ndarray, np.ndarray]:
    """Per frame: 1 inside a labelled hesitation, else 0; and the frame's weight in training
    (0 within EDGE_S of a hesitation's edge, where the label is unsure; LENGTHENED_WEIGHT on a
    drawn-out word, the trap a steady-sound detector falls into)."""
    t = np.arange(frames) * FRAME_S
    label = np.zeros(frames, dtype=np.float32)
    weight = np.ones(frames, dtype=np.float32)
    for f in truth["fillers"]:
        if f["kind"] != "hesitation":
            continue
        label[(t >= f["start"] + EDGE_S) & (t <= f["end"] - EDGE_S)] = 1
        for edge in (f["start"], f["end"]):
            weight[np.abs(t - edge) < EDGE_S] = 0
    for w in truth.get("lengthened", []):
        weight[(t >= w["start"]) & (t <= w["end"]) & (label == 0)] = LENGTHENED_WEIGHT
    return label, weight


def labelled_clips(
    part: str, skip_speakers: frozenset[str] = frozenset(), augment: tuple[float, ...] = ()
) -> list[tuple[str, np.ndarray, np.ndarray, np.ndarray, str]]:
    """(name, features, labels, weights, speaker) of every clip of ``part`` with times; with
    ``augment``, each synthetic clip again played at each of those rates (name "clip@rate")."""
    split = speaker_parts()
    out = []
    for path in truth_files():
        truth = json.loads(path.read_text())
        speaker = truth.get("speaker") or truth.get("voice") or ""
        if part_of(truth, split) != part or speaker in skip_speakers:
            continue
        x = features_of(path.parent / truth["audio"])
        label, weight = frame_labels(truth, len(x))
        out.append((truth["audio"], x, label, weight, speaker))
        for rate in augment:
            x = features_of(path.parent / truth["audio"], rate)
            label, weight = frame_labels(_scaled(truth, rate), len(x))
            out.append((f"{truth['audio']}@{rate}", x, label, weight, speaker))
    for clip in json.loads(REAL_VOICES.read_text())["clips"]:
        path = REAL_VOICES.parent / clip["audio"]
        if part_of(clip, split) != part or not path.exists() or clip["speaker"] in skip_speakers:
            continue
        x = features_of(path)
        zeros, ones = np.zeros(len(x), np.float32), np.ones(len(x), np.float32)
        out.append((path.name, x, zeros, ones, clip["speaker"]))
    return out


def train(x: np.ndarray, y: np.ndarray, w: np.ndarray, seed: int = 0, epochs: int = 600):
    rng = np.random.default_rng(seed)
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = (x - mean) / std
    pos = (y * w).sum()
    neg = ((1 - y) * w).sum()
    w = w * np.where(y > 0, neg / pos, 1.0) / neg * len(y)  # balanced classes
    d = z.shape[1]
    if HIDDEN == 0:
        return _train_linear(z, y, w, mean, std, epochs)
    params = {
        "w1": rng.normal(0, 1 / np.sqrt(d), (d, HIDDEN)),
        "b1": np.zeros(HIDDEN),
        "w2": rng.normal(0, 1 / np.sqrt(HIDDEN), HIDDEN),
        "b2": np.zeros(1),
    }
    m = {k: np.zeros_like(v) for k, v in params.items()}
    v = {k: np.zeros_like(p) for k, p in params.items()}
    lr, l2 = 0.01, 1e-3
    for step in range(1, epochs + 1):
        h = np.tanh(z @ params["w1"] + params["b1"])
        logit = h @ params["w2"] + params["b2"][0]
        p = 1 / (1 + np.exp(-logit))
        g = (p - y) * w / len(y)
        grads = {
            "w2": h.T @ g + l2 * params["w2"],
            "b2": np.array([g.sum()]),
        }
        gh = np.outer(g, params["w2"]) * (1 - h * h)
        grads["w1"] = z.T @ gh + l2 * params["w1"]
        grads["b1"] = gh.sum(axis=0)
        for k in params:
            m[k] = 0.9 * m[k] + 0.1 * grads[k]
            v[k] = 0.999 * v[k] + 0.001 * grads[k] ** 2
            params[k] -= lr * (m[k] / (1 - 0.9**step)) / (np.sqrt(v[k] / (1 - 0.999**step)) + 1e-8)
        if step % 100 == 0:
            loss = -np.sum(w * (y * np.log(p + 1e-9) + (1 - y) * np.log(1 - p + 1e-9))) / len(y)
            print(f"step {step}: loss {loss:.4f}", file=sys.stderr)
    return {"mean": mean, "std": std, **params}


def _train_linear(z, y, w, mean, std, epochs):
    """Logistic regression by full-batch Adam (the same loss, no hidden layer)."""
    params = {"w": np.zeros(z.shape[1]), "b": np.zeros(1)}
    m = {k: np.zeros_like(v) for k, v in params.items()}
    v = {k: np.zeros_like(p) for k, p in params.items()}
    for step in range(1, epochs + 1):
        p = 1 / (1 + np.exp(-(z @ params["w"] + params["b"][0])))
        g = (p - y) * w / len(y)
        grads = {"w": z.T @ g + 1e-3 * params["w"], "b": np.array([g.sum()])}
        for k in params:
            m[k] = 0.9 * m[k] + 0.1 * grads[k]
            v[k] = 0.999 * v[k] + 0.001 * grads[k] ** 2
            params[k] -= (
                0.02 * (m[k] / (1 - 0.9**step)) / (np.sqrt(v[k] / (1 - 0.999**step)) + 1e-8)
            )
    return {"mean": mean, "std": std, **params}


def score(model: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    z = (x - model["mean"]) / model["std"]
    if "w" in model:
        return 1 / (1 + np.exp(-(z @ model["w"] + model["b"][0])))
    h = np.tanh(z @ model["w1"] + model["b1"])
    return 1 / (1 + np.exp(-(h @ model["w2"] + model["b2"][0])))


def auc(p: np.ndarray, y: np.ndarray) -> float:
    order = np.argsort(p)
    ranks = np.empty(len(p))
    ranks[order] = np.arange(1, len(p) + 1)
    npos = y.sum()
    return float((ranks[y > 0].sum() - npos * (npos + 1) / 2) / (npos * (len(y) - npos)))


def train_folds(clips: list, folds: int, out: Path, epochs: int) -> None:
    """Speakers dealt round-robin (most clips first) into folds; fold k's model is trained
    without them. Writes out-k.npz and out.json (clip name -> the model that did not see it)."""
    counts: dict[str, int] = {}
    for c in clips:
        counts[c[4]] = counts.get(c[4], 0) + 1
    order = sorted(counts, key=lambda s: -counts[s])
    group = {s: i % folds for i, s in enumerate(order)}
    mapping = {}
    for k in range(folds):
        train_on = [c for c in clips if group[c[4]] != k]
        x = np.concatenate([c[1] for c in train_on]).astype(np.float64)
        y = np.concatenate([c[2] for c in train_on]).astype(np.float64)
        w = np.concatenate([c[3] for c in train_on]).astype(np.float64)
        model = train(x, y, w, epochs=epochs)
        path = out.with_name(f"{out.stem}-{k}.npz")
        np.savez(path, **{n: v.astype(np.float32) for n, v in model.items()})
        held = [c for c in clips if group[c[4]] == k and "@" not in c[0]]
        xh = np.concatenate([c[1] for c in held])
        yh = np.concatenate([c[2] for c in held])
        wh = np.concatenate([c[3] for c in held])
        if yh.sum():
            print(f"fold {k}: held-out frame AUC {auc(score(model, xh)[wh > 0], yh[wh > 0]):.3f}")
        mapping.update({c[0]: str(path) for c in held})
    out.with_suffix(".json").write_text(json.dumps(mapping, indent=1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("/tmp/filler-frames.npz"))
    parser.add_argument("--epochs", type=int, default=600)
    parser.add_argument(
        "--folds",
        type=int,
        default=0,
        help="also train this many models, each without a "
        "group of tuning speakers, for choosing settings on clips their model did not see",
    )
    parser.add_argument(
        "--augment", default="", help="comma-separated rates to replay the synthetic clips at"
    )
    args = parser.parse_args()
    augment = tuple(float(r) for r in args.augment.split(",") if r)
    clips = labelled_clips("tuning", augment=augment)
    if args.folds:
        train_folds(clips, args.folds, args.out, args.epochs)
        return
    x = np.concatenate([c[1] for c in clips]).astype(np.float64)
    y = np.concatenate([c[2] for c in clips]).astype(np.float64)
    w = np.concatenate([c[3] for c in clips]).astype(np.float64)
    print(f"{len(clips)} clips, {len(y)} frames, {int(y.sum())} filler frames", file=sys.stderr)
    model = train(x, y, w, epochs=args.epochs)
    keep = w > 0
    print(f"tuning frame AUC {auc(score(model, x)[keep], y[keep]):.3f}", file=sys.stderr)
    np.savez(args.out, **{k: v.astype(np.float32) for k, v in model.items()})


if __name__ == "__main__":
    main()
