"""One calibrated decision per candidate filler (issue 19 experiment).

    .venv/bin/python -m benchmarks.experiments.filler_stacking collect PART FRAMES OUT.npz
    .venv/bin/python -m benchmarks.experiments.filler_stacking fit OUT.npz FOLDS.json STACK \
        VARIANT HESITATIONS_SAID
    .venv/bin/python -m benchmarks.experiments.filler_stacking replay PART FRAMES STACK.json

``fit`` writes STACK.json (models on all of tuning) and STACK-oof.json (one per speaker group,
for scoring tuning out of fold). VARIANT names a feature set: "all", "compact", with
"no-frame" (no frame runs or frame features; collect and replay with "-" as FRAMES),
"no-steady", "own-only" or "split" (separate models for the analysis's own candidates and the
new ones). STACK_T in the environment overrides the chosen threshold.

Today each source of hesitations has a hand-set confidence (Whisper's word placed on voice 0.9,
not placed 0.6, a short word respelt 0.7, acoustic 0.5-0.95, a held word 0.3) and the frame
detector adds its runs with its own rule. Here every candidate (each hesitation the analysis
reports, counted or possible; each run of the frame score over LOW_SCORE no hesitation covers;
each short word over steady voice) gets one feature vector, and a small logistic regression
(numpy, L2, Newton steps: deterministic), fitted on the tuning part out of fold by speaker
groups and then Platt-calibrated on those out-of-fold scores, gives it a confidence that means
"this share of such candidates were said". ``FRAMES`` is the frame detector's weights: one
.npz, or the fold map .json that ``train_filler_frames --folds`` writes (each clip scored by a
model that did not see its speaker group). The test part is read only by ``replay test`` and
``collect test``, to report.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np

import voicecoach.analysis as analysis
from benchmarks.accuracy import REAL_VOICES, part_of, speaker_parts, truth_files
from benchmarks.experiments.frame_detector import CURRENT, SMOOTH
from benchmarks.experiments.frame_features import FRAME_S, frame_features
from benchmarks.experiments.train_filler_frames import FEATURE_CACHE, score
from benchmarks.scoring import Interval, match_events
from voicecoach.analysis.acoustic import (
    FRAME,
    HANN,
    HOP,
    MEL_BANK,
    _filler_name,
    _frames,
    lacks_voiceless_start,
    stretch_features,
)
from voicecoach.analysis.fillers import Lexicon
from voicecoach.audio import SAMPLE_RATE
from voicecoach.audio.files import load_audio
from voicecoach.config import Config
from voicecoach.datatypes import Filler, Word
from voicecoach.questions import load_bank

LOW_SCORE = 0.5  # frame-score runs at or over this (smoothed) are candidates
LOW_MIN_S = 0.15
STEADY_WORD_MIN_S = 0.25
STEADY_WORD_CHANGE = 0.09
STEADY_WORD_VOICED = 0.5

SOURCES = ("asr_placed", "asr_unplaced", "acoustic", "short_word", "held", "frame_run", "steady")
FRAME_FEATURES = ("frame_mean", "frame_max", "frame_share", "frame_share8", "long8", "frame_run")
FEATURES = (
    *SOURCES,
    "old_confidence",
    "filler_word",
    "word_probability",
    "log_duration",
    "log_over_median",
    "frame_mean",
    "frame_max",
    "frame_share",
    "frame_share8",
    "long8",
    "cover",
    "held_change",
    "held_level",
    "voiced",
    "change",
    "spread",
    "level",
    "pause_before",
    "pause_after",
    "neighbours",
    "no_voiceless_start",
)


def held_measure(samples: np.ndarray, start: float, end: float) -> tuple[float, float]:
    """``continues_a_sound``'s two measures: log-mel distance of the 0.1 s before the span from
    its middle, and the lead's level against the middle (dB); (1, -30) when not measurable."""
    lead = 10
    a = int(start * SAMPLE_RATE) - lead * HOP - FRAME // 2
    b = int(end * SAMPLE_RATE) + FRAME // 2
    if a < 0 or b > len(samples) or end - start < 0.1:
        return 1.0, -30.0
    frames = _frames(samples[a:b].astype(np.float64))
    n = frames.shape[1]
    if n < lead + 8:
        return 1.0, -30.0
    power = np.abs(np.fft.rfft(frames * HANN[:, None], axis=0)) ** 2
    logmel = np.log(MEL_BANK @ power + 1e-8)
    logmel -= logmel.mean(axis=0, keepdims=True)
    body = n - lead
    middle = logmel[:, lead + body // 4 : lead + 3 * body // 4].mean(axis=1)
    unit = middle / (np.linalg.norm(middle) + 1e-9)
    before = logmel[:, :lead]
    change = float(np.mean(1 - unit @ before / (np.linalg.norm(before, axis=0) + 1e-9)))
    energy = 10 * np.log10(np.sum(frames**2, axis=0) + 1e-12)
    level = float(energy[:lead].mean() - energy[lead + body // 4 : lead + 3 * body // 4].mean())
    return change, max(-30.0, min(30.0, level))


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def _clean(text: str) -> str:
    return text.strip(" ,.!?;:").lower()


def _frame_scores(samples: np.ndarray, model: dict[str, np.ndarray] | None) -> np.ndarray:
    if model is None:
        return np.zeros(len(samples) // int(FRAME_S * SAMPLE_RATE) + 1)
    key = FEATURE_CACHE / (CURRENT["clip"] + ".npy")
    x = np.load(key) if CURRENT["clip"] and key.exists() else frame_features(samples)
    return np.convolve(score(model, x), np.ones(SMOOTH) / SMOOTH, mode="same")


def _runs(p: np.ndarray, low: float, min_s: float) -> list[tuple[float, float]]:
    on = p >= low
    out, i = [], 0
    while i < len(on):
        if not on[i]:
            i += 1
            continue
        j = i
        while j < len(on) and on[j]:
            j += 1
        if (j - i) * FRAME_S >= min_s:
            out.append((i * FRAME_S, j * FRAME_S))
        i = j
    return out


def candidates(
    samples: np.ndarray,
    words: list[Word],
    fillers: list[Filler],
    p: np.ndarray,
    keep_words: frozenset[str],
) -> list[dict[str, Any]]:
    """Every candidate filler of the clip with its features (see the module's docstring)."""
    filler_spans = {(round(f.start, 3), round(f.end, 3)) for f in fillers}
    content = [w for w in words if (round(w.start, 3), round(w.end, 3)) not in filler_spans]
    short = [w.end - w.start for w in content if w.end > w.start and len(_clean(w.text)) <= 3]
    median_short = float(np.median(short)) if short else 0.25
    hop = int(0.01 * SAMPLE_RATE)
    n = len(samples) // hop
    energy = 10 * np.log10(
        (samples[: n * hop].astype(np.float64).reshape(n, hop) ** 2).mean(axis=1) + 1e-10
    )
    speech_db = float(np.percentile(energy, 90)) if n else 0.0
    out: list[dict[str, Any]] = []
    for f in fillers:
        if f.kind != "hesitation":
            continue
        if f.source == "asr":
            src = "asr_placed" if f.confidence >= 0.9 else "asr_unplaced"
        else:
            src = "short_word" if abs(f.confidence - 0.7) < 1e-6 else "acoustic"
        if abs(f.confidence - 0.3) < 1e-6:
            src = "held"
        out.append({"start": f.start, "end": f.end, "src": src, "old": f.confidence, "f": f})
    taken = [(c["start"], c["end"]) for c in out]
    for s, e in _runs(p, LOW_SCORE, LOW_MIN_S):
        if any(_overlap((a - 0.1, b + 0.1), (s, e)) > 0 for a, b in taken):
            continue
        out.append({"start": s, "end": e, "src": "frame_run", "old": 0.0})
    taken = [(c["start"], c["end"]) for c in out]
    for w in content:
        text = _clean(w.text)
        if (
            not 0 < len(text) <= 3
            or not text.isalpha()
            or text in keep_words
            or w.end - w.start < STEADY_WORD_MIN_S
            or any(_overlap((a, b), (w.start, w.end)) > 0 for a, b in taken)
        ):
            continue
        sf = stretch_features(samples, w.start, w.end)
        if sf.spectral_change > STEADY_WORD_CHANGE or sf.voiced_fraction < STEADY_WORD_VOICED:
            continue
        out.append({"start": w.start, "end": w.end, "src": "steady", "old": 0.0, "word": w})
    out.sort(key=lambda c: c["start"])
    centres = [(c["start"] + c["end"]) / 2 for c in out]
    for c in out:
        s, e = c["start"], c["end"]
        dur = max(e - s, 0.01)
        a, b = int(s / FRAME_S), max(int(e / FRAME_S), int(s / FRAME_S) + 1)
        seg = p[a:b] if b <= len(p) else p[a:]
        under = [w for w in content if _overlap((w.start, w.end), (s, e)) > 0]
        if c["src"] == "steady":
            under = [c["word"]]
        on = [w for w in words if _overlap((w.start, w.end), (s - 0.05, e + 0.05)) > 0]
        said = c.get("word") or (
            max(on, key=lambda w: _overlap((w.start, w.end), (s, e))) if on else None
        )
        sf = stretch_features(samples, s, e)
        held_change, held_level = held_measure(samples, s, e)
        before = [w.end for w in content if w.end <= s + 0.02]
        after = [w.start for w in content if w.start >= e - 0.02]
        level = (
            float(energy[int(s * 100) : max(int(e * 100), int(s * 100) + 1)].mean()) - speech_db
            if n
            else 0.0
        )
        x = {k: 0.0 for k in FEATURES}
        x[c["src"]] = 1.0
        x.update(
            old_confidence=c["old"],
            filler_word=float(
                said is not None
                and _clean(said.text) in {"uh", "um", "er", "ah", "hmm", "umm", "uhm", "mm"}
            ),
            word_probability=said.probability if said is not None else 1.0,
            log_duration=float(np.log(dur)),
            log_over_median=float(np.log(dur / max(median_short, 0.05))),
            frame_mean=float(seg.mean()) if len(seg) else 0.0,
            frame_max=float(seg.max()) if len(seg) else 0.0,
            frame_share=float((seg >= 0.5).mean()) if len(seg) else 0.0,
            frame_share8=float((seg >= 0.8).mean()) if len(seg) else 0.0,
            long8=min(0.5, max((b - a for a, b in _runs(seg, 0.8, 0.0)), default=0.0)),
            cover=min(1.0, sum(_overlap((w.start, w.end), (s, e)) for w in under) / dur),
            held_change=min(held_change, 0.5),
            held_level=held_level / 10,
            voiced=sf.voiced_fraction,
            change=min(sf.spectral_change, 0.3),
            spread=min(sf.pitch_spread_st, 12.0) / 12,
            level=max(-40.0, min(10.0, level)) / 10,
            pause_before=min(1.0, s - max(before)) if before else 1.0,
            pause_after=min(1.0, min(after) - e) if after else 1.0,
            neighbours=float(sum(1 for m in centres if 0 < abs(m - (s + e) / 2) <= 1.0)),
            no_voiceless_start=float(lacks_voiceless_start(samples, s, e)),
        )
        c["x"] = np.array([x[k] for k in FEATURES])
    return out


# ---- fitting ------------------------------------------------------------------------------


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0) -> dict[str, np.ndarray]:
    """L2 logistic regression by Newton steps on standardised features (deterministic)."""
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = np.hstack([(x - mean) / std, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    reg = np.full(z.shape[1], l2)
    reg[-1] = 0.0
    for _ in range(50):
        q = 1 / (1 + np.exp(-(z @ w)))
        grad = z.T @ (q - y) + reg * w
        hess = (z * (q * (1 - q))[:, None]).T @ z + np.diag(reg) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return {"mean": mean, "std": std, "w": w}


def logit(model: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    z = np.hstack([(x - model["mean"]) / model["std"], np.ones((len(x), 1))])
    return z @ model["w"]


def platt(s: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    m = fit_logistic(s[:, None], y, l2=1e-3)
    # back to the raw score: a * s + b
    a = m["w"][0] / m["std"][0]
    return float(a), float(m["w"][1] - a * m["mean"][0])


# ---- collecting candidates with their labels ------------------------------------------------

STATE: dict[str, Any] = {"frames": None, "folds": None, "stack": None, "last": None}


def _frame_model() -> dict[str, np.ndarray] | None:
    if STATE["folds"] is not None:
        path = STATE["folds"].get(CURRENT["clip"])
        return STATE["frames"][path] if path else None
    return STATE["frames"]


def install(frames: Path | None, stack: Path | None = None) -> None:
    """Wrap the analysis's hesitation pass: record the candidates, and with ``stack`` decide."""
    if frames is not None and frames.suffix == ".json":
        STATE["folds"] = json.loads(frames.read_text())
        STATE["frames"] = {p: dict(np.load(p)) for p in set(STATE["folds"].values())}
    elif frames is not None:
        STATE["frames"] = dict(np.load(frames))
    if stack is not None:
        STATE["stack"] = json.loads(stack.read_text())
    original = analysis.acoustic.reconcile_hesitations

    def wrapped(samples: np.ndarray, words: list[Word], *args: Any, **kwargs: Any):
        out_words, fillers, notes = original(samples, words, *args, **kwargs)
        keep = kwargs.get("keep_words", frozenset())
        p = _frame_scores(samples, _frame_model())
        cands = candidates(samples, out_words, fillers, p, keep)
        STATE["last"] = cands
        if STATE["stack"] is not None:
            out_words, fillers = decide(samples, out_words, fillers, cands)
        return out_words, fillers, notes

    analysis.reconcile_hesitations = wrapped


def _stack_for_clip(group: str) -> dict[str, Any]:
    st = STATE["stack"]
    g = st["groups"][group]
    key = st.get("folds", {}).get(CURRENT["clip"], "all")
    return {**g["models"][key], "a": g["a"], "b": g["b"]}


def confidence_of(c: dict[str, Any]) -> float | None:
    """The candidate's calibrated confidence (None when no model decides its kind)."""
    group = "own" if c["src"] in OWN else "new"
    if group not in STATE["stack"]["groups"]:
        group = "own" if "split" not in STATE["stack"]["variant"] else group
    if group not in STATE["stack"]["groups"]:
        return None
    m = _stack_for_clip(group)
    model = {k: np.array(m[k]) for k in ("mean", "std", "w")}
    cols = [FEATURES.index(k) for k in m["features"]]
    s = float(logit(model, c["x"][None, cols])[0])
    return float(1 / (1 + np.exp(-(m["a"] * s + m["b"]))))


def decide(
    samples: np.ndarray, words: list[Word], fillers: list[Filler], cands: list[dict[str, Any]]
) -> tuple[list[Word], list[Filler]]:
    """Each candidate's calibrated confidence; counted (>= 0.5 shown) from the chosen threshold."""
    st = STATE["stack"]
    t = float(os.environ.get("STACK_T", st["threshold"]))
    no_frame = "frame_mean" not in st["features"]
    own_only = "own-only" in st["variant"]
    out_fillers = [f for f in fillers if f.kind != "hesitation"]
    out_words = list(words)
    for c in cands:
        no_steady = "no-steady" in st["variant"]
        if (
            (no_frame and c["src"] == "frame_run")
            or (own_only and c["src"] not in OWN)
            or (no_steady and c["src"] == "steady")
        ):
            continue
        q = confidence_of(c)
        if q is None:
            continue
        shown = _shown(q, t)
        if "f" in c:
            f = c["f"]
            # The analysis's own hesitations are all kept (its words stay in the transcript);
            # only their confidence, and so whether they are counted, is the model's.
            out_fillers.append(Filler(f.text, f.start, f.end, f.kind, f.source, shown))
            continue
        if shown < 0.5:
            continue
        name = _filler_name(samples, c["start"], c["end"])
        if c["src"] == "steady":
            out_words = [w for w in out_words if w is not c["word"]]
        out_words.append(Word(name, c["start"], c["end"], shown))
        out_fillers.append(Filler(name, c["start"], c["end"], "hesitation", "acoustic", shown))
    out_words.sort(key=lambda w: w.start)
    out_fillers.sort(key=lambda f: f.start)
    return out_words, out_fillers


def _shown(q: float, t: float) -> float:
    """The confidence shown: the calibrated one, moved so that the chosen threshold ``t`` falls
    on CONFIDENT_FILLER 0.5 (piecewise linear, order kept)."""
    if abs(t - 0.5) < 1e-9:
        return round(q, 2)
    v = 0.5 * q / t if q < t else 0.5 + 0.5 * (q - t) / (1 - t)
    return round(v, 2)


def collect(part: str, frames: Path | None, out: Path) -> None:
    """Candidates, features and labels of every clip of ``part`` (synthetic and real voices)."""
    install(frames)
    bank, config, lexicon = (
        load_bank(),
        Config(),
        Lexicon.load(),
    )
    split = speaker_parts()
    xs, ys, names, speakers, srcs = [], [], [], [], []
    items: list[tuple[Path, dict, list]] = []
    for path in truth_files():
        truth = json.loads(path.read_text())
        if part_of(truth, split) == part:
            truth_h = [f for f in truth["fillers"] if f["kind"] == "hesitation"]
            items.append((path.parent / truth["audio"], truth, truth_h))
    for clip in json.loads(REAL_VOICES.read_text())["clips"]:
        path = REAL_VOICES.parent / clip["audio"]
        if part_of(clip, split) == part and path.exists():
            items.append((path, {**clip, "speaker": clip["speaker"]}, []))
    from benchmarks.experiments.replay import transcript_of

    for audio, truth, said in items:
        samples = load_audio(audio).samples
        t = transcript_of(audio, samples)
        CURRENT["clip"] = audio.name
        q = bank.get(truth.get("question_id") or "")
        analysis.analyze(samples, t, q, config, lexicon)
        cands = STATE["last"] or []
        # The analysis's own hesitations are matched first (as the scoring would match them),
        # then the new candidates to the hesitations still unfound: a new candidate near one
        # already found would be a second report of it.
        true = [Interval(f["start"], f["end"]) for f in said]
        own = [i for i, c in enumerate(cands) if "f" in c]
        new = [i for i, c in enumerate(cands) if "f" not in c]
        pairs = match_events([Interval(cands[i]["start"], cands[i]["end"]) for i in own], true, 0.5)
        hit = {own[i] for i, _ in pairs}
        rest = [t for j, t in enumerate(true) if j not in {j for _, j in pairs}]
        pairs = match_events([Interval(cands[i]["start"], cands[i]["end"]) for i in new], rest, 0.5)
        hit |= {new[i] for i, _ in pairs}
        for i, c in enumerate(cands):
            xs.append(c["x"])
            ys.append(1.0 if i in hit else 0.0)
            names.append(audio.name)
            speakers.append(truth.get("speaker") or truth.get("voice") or "")
            srcs.append(c["src"])
        print(
            f"{audio.name}: {len(cands)} candidates, {len(hit)} said of {len(said)}",
            file=sys.stderr,
        )
    np.savez(
        out,
        x=np.array(xs),
        y=np.array(ys),
        clip=np.array(names),
        speaker=np.array(speakers),
        src=np.array(srcs),
    )


# ---- out-of-fold fit, calibration and the threshold ------------------------------------------


def fold_of(clips: np.ndarray, folds_map: dict[str, str]) -> np.ndarray:
    keys = sorted(set(folds_map.values()))
    return np.array([keys.index(folds_map[c]) if c in folds_map else -1 for c in clips])


def oof_scores(x: np.ndarray, y: np.ndarray, fold: np.ndarray, l2: float) -> np.ndarray:
    s = np.zeros(len(y))
    for k in sorted(set(fold) - {-1}):
        m = fit_logistic(x[fold != k], y[fold != k], l2)
        s[fold == k] = logit(m, x[fold == k])
    if (fold == -1).any():
        m = fit_logistic(x[fold != -1], y[fold != -1], l2)
        s[fold == -1] = logit(m, x[fold == -1])
    return s


COMPACT = (
    *SOURCES,
    "old_confidence",
    "filler_word",
    "long8",
    "frame_mean",
    "log_duration",
    "cover",
    "neighbours",
    "no_voiceless_start",
    "held_change",
)
OWN = ("asr_placed", "asr_unplaced", "acoustic", "short_word", "held")


def _fit_group(
    x: np.ndarray, y: np.ndarray, fold: np.ndarray, feats: list[str], name: str
) -> tuple[np.ndarray, dict[str, Any]]:
    """Out-of-fold calibrated confidences of one group of candidates, and its models (one per
    fold, and "all"), L2 chosen by out-of-fold log loss, Platt-calibrated on those scores."""
    best = None
    for l2 in (0.3, 1.0, 3.0, 10.0, 30.0, 100.0):
        s = oof_scores(x, y, fold, l2)
        q = 1 / (1 + np.exp(-s))
        ll = -np.mean(y * np.log(q + 1e-9) + (1 - y) * np.log(1 - q + 1e-9))
        if best is None or ll < best[0] - 1e-6:
            best = (ll, l2, s)
    ll, l2, s = best
    a, b = platt(s, y)
    print(
        f"{name}: {len(y)} candidates, {int(y.sum())} said; l2 {l2} (log loss {ll:.3f}); "
        f"Platt {a:.2f} {b:.2f}"
    )
    m_all = fit_logistic(x, y, l2)
    models = {"all": _jsonable(m_all, feats)}
    for k in sorted(set(fold) - {-1}):
        models[str(k)] = _jsonable(fit_logistic(x[fold != k], y[fold != k], l2), feats)
    w = m_all["w"][:-1]
    order = np.argsort(-np.abs(w))
    print("  weights (standardised):", ", ".join(f"{feats[i]} {w[i]:+.2f}" for i in order[:10]))
    return 1 / (1 + np.exp(-(a * s + b))), {"l2": l2, "a": a, "b": b, "models": models}


def fit(data: Path, frames_folds: Path, out: Path, variant: str, total_said: int) -> None:
    d = np.load(data)
    src = d["src"]
    frame = "no-frame" not in variant
    feats = [f for f in FEATURES if frame or f not in FRAME_FEATURES]
    if "compact" in variant:
        feats = [f for f in feats if f in COMPACT]
    cols = [FEATURES.index(f) for f in feats]
    use = np.ones(len(src), bool) if frame else src != "frame_run"
    if "own-only" in variant:
        use &= np.isin(src, OWN)
    if "no-steady" in variant:
        use &= src != "steady"
    x, y, clips, src = d["x"][use][:, cols], d["y"][use], d["clip"][use], src[use]
    folds_map = json.loads(frames_folds.read_text())
    fold = fold_of(clips, folds_map)
    groups = {"own": np.isin(src, OWN)}
    if "split" in variant:
        groups["new"] = ~groups["own"]
    else:
        groups = {"own": np.ones(len(y), bool)}
    q = np.zeros(len(y))
    stack: dict[str, Any] = {"variant": variant, "features": feats, "groups": {}}
    for g, sel in groups.items():
        if not sel.any():
            continue
        q[sel], stack["groups"][g] = _fit_group(x[sel], y[sel], fold[sel], feats, g)
    for lo, hi in ((0, 0.2), (0.2, 0.5), (0.5, 0.8), (0.8, 1.01)):
        sel = (q >= lo) & (q < hi)
        print(f"  calibrated {lo}-{hi}: {int(y[sel].sum())} said of {int(sel.sum())}")
    best_t = None
    for t in np.arange(0.3, 0.91, 0.05):
        tp = int(((q >= t) & (y == 1)).sum())
        fp = int(((q >= t) & (y == 0)).sum())
        p = tp / max(tp + fp, 1)
        r = tp / total_said
        f1 = 2 * p * r / max(p + r, 1e-9)
        sure = q >= max(0.8, t)
        print(
            f"  t {t:.2f}: P {p:.3f} R {r:.3f} F1 {f1:.3f} ({tp}+{fp}); "
            f">=0.8 said {int(y[sure].sum())} of {int(sure.sum())}"
        )
        if best_t is None or f1 > best_t[0] + 1e-9:
            best_t = (f1, round(float(t), 2))
    own = np.isin(src, OWN)
    counted = own & (x[:, feats.index("old_confidence")] >= 0.5)
    tp, fp = int(y[counted].sum()), int((counted & (y == 0)).sum())
    print(
        f"  the analysis as it is: {tp}+{fp}, P {tp / max(tp + fp, 1):.3f} R {tp / total_said:.3f}"
    )
    stack["threshold"] = best_t[1]
    keys = sorted(set(folds_map.values()))
    out.with_suffix(".json").write_text(json.dumps(stack, indent=1))
    fold_keys = {c: str(keys.index(p)) for c, p in folds_map.items()}
    out.with_name(out.stem + "-oof.json").write_text(json.dumps({**stack, "folds": fold_keys}))
    print(f"  chosen threshold {best_t[1]} (F1 {best_t[0]:.3f})")


def _jsonable(m: dict[str, np.ndarray], feats: list[str]) -> dict[str, Any]:
    return {
        "mean": m["mean"].tolist(),
        "std": m["std"].tolist(),
        "w": m["w"].tolist(),
        "features": feats,
    }


def main() -> None:
    cmd = sys.argv[1]
    if cmd == "collect":
        frames = None if sys.argv[3] == "-" else Path(sys.argv[3])
        collect(sys.argv[2], frames, Path(sys.argv[4]))
    elif cmd == "replay":
        from benchmarks.experiments import replay

        frames = None if sys.argv[3] == "-" else Path(sys.argv[3])
        install(frames, Path(sys.argv[4]))
        for k, v in replay.run(sys.argv[2], verbose="-v" in sys.argv).items():
            print(f"{sys.argv[2]} {k}: {v}")
    elif cmd == "fit":
        fit(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]), sys.argv[5], int(sys.argv[6]))


if __name__ == "__main__":
    main()
