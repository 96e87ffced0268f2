"""Re-analyse the labelled set with the hotword pass's fillers as verified candidates.

    .venv/bin/python -m benchmarks.experiments.replay_hotwords PART TAG [-v]
    TRANSCRIPT_CACHE=/tmp/hotwords-cache/TAG .venv/bin/python -m \
        benchmarks.experiments.replay_hotwords PART TAG --one-pass

The main pass's words come from the replay cache (``replay.py``), the hotword pass's from
``hotword_pass.py``'s cache under TAG; the analysis's hesitation pass is wrapped so that,
after it, ``voicecoach.analysis.hotword_fillers.add_hotword_fillers`` adds the candidates the
sound confirms. Prints what ``replay.py`` prints. TAG "-" runs the analysis as it is.
``--one-pass``: the cheaper variant, the hotword pass as the only pass (its cache given as the
replay's), with Whisper's own hesitations put to the same test.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import Any

import numpy as np

import voicecoach.analysis as analysis
from benchmarks.experiments import replay
from benchmarks.experiments.frame_detector import CURRENT
from benchmarks.experiments.hotword_pass import clips, hotword_transcript
from benchmarks.experiments.hotword_verify import add_hotword_fillers
from voicecoach.analysis.fillers import Lexicon, is_hesitation, normalise
from voicecoach.datatypes import Filler, Word

ADDED: list[tuple[str, float, float]] = []


def install(tag: str, part: str) -> None:
    """Wrap the hesitation pass with the candidates of the clip ``CURRENT["clip"]`` names."""
    lexicon = Lexicon.load()
    paths = {p.name: p for p in clips(part)}
    original = analysis.reconcile_hesitations

    def wrapped(samples: np.ndarray, words: list[Word], *args: Any, **kwargs: Any):
        out_words, fillers, notes = original(samples, words, *args, **kwargs)
        hot = hotword_transcript(paths[CURRENT["clip"]], tag)
        if hot is None:
            raise SystemExit(f"no hotword pass cached for {CURRENT['clip']} ({tag})")
        candidates = [w for w in hot.words if is_hesitation(normalise(w.text), lexicon)]
        activity = args[1] if len(args) > 1 else kwargs["activity"]
        before = {(f.start, f.end) for f in fillers}
        out_words, fillers, _ = add_hotword_fillers(
            samples, out_words, fillers, candidates, activity, kwargs.get("cache")
        )
        ADDED.extend(
            (CURRENT["clip"], f.start, f.end) for f in fillers if (f.start, f.end) not in before
        )
        return out_words, fillers, notes

    analysis.reconcile_hesitations = wrapped  # type: ignore[assignment]


def install_one_pass() -> None:
    """The cheaper variant: the hotword pass is the only pass (``TRANSCRIPT_CACHE`` pointed at
    it), and each of Whisper's hesitations must pass the candidates' test (else it is shown as
    possible, confidence 0.3, as a held word is)."""
    original = analysis.reconcile_hesitations

    def wrapped(samples: np.ndarray, words: list[Word], *args: Any, **kwargs: Any):
        out_words, fillers, notes = original(samples, words, *args, **kwargs)
        activity = args[1] if len(args) > 1 else kwargs["activity"]
        asr = [f for f in fillers if f.kind == "hesitation" and f.source == "asr"]
        others = [f for f in fillers if f not in asr]
        kept: list[Filler] = []
        for f in asr:
            as_word = Word(f.text, f.start, f.end, f.confidence)
            rest = [w for w in out_words if (w.start, w.end) != (f.start, f.end)]
            _, _, n = add_hotword_fillers(samples, rest, others, [as_word], activity)
            kept.append(f if n else replace(f, confidence=min(f.confidence, 0.3)))
        return out_words, sorted(others + kept, key=lambda f: f.start), notes

    analysis.reconcile_hesitations = wrapped  # type: ignore[assignment]


def main() -> None:
    part, tag = sys.argv[1], sys.argv[2]
    if "--one-pass" in sys.argv:
        install_one_pass()
    elif tag != "-":
        install(tag, part)
    for k, v in replay.run(part, verbose="-v" in sys.argv).items():
        print(f"{part} {tag} {k}: {v}")
    if "-v" in sys.argv:
        for clip, a, b in ADDED:
            print(f"  added {clip} {a:.2f}-{b:.2f}")


if __name__ == "__main__":
    main()
