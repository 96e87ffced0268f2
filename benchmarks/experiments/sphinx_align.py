"""Phone-level forced alignment of Whisper's words with optional fillers between them (issue 19).

An experiment (docs/BENCHMARK.md, "Forced alignment with pocketsphinx"): pocketsphinx's US English
acoustic model, not Whisper, is asked to align Whisper's own words to the audio with an optional
"um"/"uh"/"ah"/"er" in every gap (a JSGF grammar), region by region (words between pauses). Where
it puts a filler it found voice that no word's phones explain (a run-in "um" Whisper dropped);
where it puts none beside a hesitation the analysis reported, the word alone, drawn out, explains
that voice. pocketsphinx is needed only here (installed by hand in .venv, not in the lock).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from voicecoach.datatypes import Word

FILLERS = ("um", "uh", "ah", "er")
FRAME_S = 0.01  # pocketsphinx's frame
PAD_S = 0.15  # audio either side of a region
SPLIT_GAP_S = 0.35  # a gap this long between words ends a region
MAX_WORDS = 12  # a region's words at most (grammars stay small, beams stay safe)
CHOSEN_WEIGHT = 1e-12  # a filler's grammar weight against none (chosen on tuning)

# A crude spelling-to-phones fallback for words the dictionary lacks (names, misheard words):
# good enough to give the word's audio to the word, which is all the alignment needs of it.
_LETTERS = {
    "a": "AE", "b": "B", "c": "K", "d": "D", "e": "EH", "f": "F", "g": "G", "h": "HH",
    "i": "IH", "j": "JH", "k": "K", "l": "L", "m": "M", "n": "N", "o": "AA", "p": "P",
    "q": "K", "r": "R", "s": "S", "t": "T", "u": "AH", "v": "V", "w": "W", "x": "K S",
    "y": "Y", "z": "Z",
}  # fmt: skip
_DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


@dataclass(frozen=True)
class Placed:
    """A filler the decoder placed: where, which, and its acoustic score per frame."""

    text: str
    start: float
    end: float
    ascore_per_frame: float  # log acoustic score of the filler's frames, per frame
    gap: int  # which gap of its region (0: before the first word)
    inner: bool  # a word of the region follows it
    after_vowel: bool = False  # it runs straight on from a word that ends in a vowel
    before_vowel: bool = False  # a word that starts with a vowel runs straight on from it


def _tokens(text: str) -> list[str]:
    out = []
    for raw in text.lower().replace("-", " ").split():
        t = re.sub(r"[^a-z0-9']", "", raw).strip("'")
        if not t:
            continue
        if t.isdigit():
            out.extend(_DIGITS[int(c)] for c in t)
        else:
            out.append(t)
    return out


VOWELS = frozenset(
    "AA AE AH AO AW AY EH ER EY IH IY OW OY UH UW".split()
)  # the dictionary's vowel phones


def _is_vowel(phones: list[str]) -> bool:
    return bool(phones) and phones[0] in VOWELS


def _safe(token: str) -> str:
    return "w_" + re.sub(r"[^a-z0-9]", "_", token)


class Aligner:
    """One pocketsphinx decoder, reused for every region of every clip."""

    def __init__(self, filler_weight: float = CHOSEN_WEIGHT) -> None:
        import os

        from pocketsphinx import Decoder, get_model_path

        model = get_model_path()
        self.decoder = Decoder(
            hmm=os.path.join(model, "en-us", "en-us"),
            dict=os.path.join(model, "en-us", "cmudict-en-us.dict"),
            samprate=16000,
            lm=None,
            loglevel="FATAL",
        )
        self.filler_weight = filler_weight
        self.known: dict[str, bool] = {}
        self.n = 0

    def _word(self, token: str) -> str:
        """The grammar's name for a token, added to the dictionary under a safe name."""
        name = _safe(token)
        if name not in self.known:
            phones = self.decoder.lookup_word(token)
            if not phones:
                letters = re.sub(r"[^a-z]", "", token)
                phones = " ".join(_LETTERS[c] for c in letters) or "AH"
            self.decoder.add_word(name, phones, False)
            self.known[name] = True
        return name

    def phones(self, name: str) -> list[str]:
        """The phones the dictionary gives a grammar word."""
        return (self.decoder.lookup_word(name) or "").split()

    def grammar(self, tokens: list[str], forbid: frozenset[int] = frozenset()) -> str:
        """Each of the len(tokens) + 1 gaps may hold a filler, except those in ``forbid``."""
        names = [self._word(t) for t in tokens]
        w = self.filler_weight
        gaps = [
            f"( /{w}/ <f> | /1/ <NULL> )" if i not in forbid else "" for i in range(len(names) + 1)
        ]
        body = " ".join(g + " " + n for g, n in zip(gaps[:-1], names, strict=True)) + " " + gaps[-1]
        return (
            f"#JSGF V1.0;\ngrammar g;\npublic <s> = {body};\n<f> = " + " | ".join(FILLERS) + ";\n"
        )

    def decode(
        self, pcm: bytes, tokens: list[str], forbid: frozenset[int] = frozenset()
    ) -> list[Any]:
        """The decoder's segments for the region (empty when no path was found)."""
        self.n += 1
        name = f"g{self.n}"
        self.decoder.add_jsgf_string(name, self.grammar(tokens, forbid))
        self.decoder.activate_search(name)
        self.decoder.start_utt()
        self.decoder.process_raw(pcm, no_search=False, full_utt=True)
        self.decoder.end_utt()
        segs = list(self.decoder.seg()) if self.decoder.hyp() is not None else []
        self.decoder.remove_search(name)
        return segs


def regions(words: list[Word]) -> list[list[Word]]:
    """Whisper's words cut into runs between pauses, MAX_WORDS at most."""
    out: list[list[Word]] = []
    for w in words:
        if out and w.start - out[-1][-1].end < SPLIT_GAP_S and len(out[-1]) < MAX_WORDS:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def place_fillers(
    aligner: Aligner, samples: np.ndarray, words: list[Word]
) -> tuple[list[Placed], list[tuple[float, float]]]:
    """Every filler the decoder places between Whisper's words, clip-wide, and the regions it
    aligned whole (a region whose path ends before its last word is left unasked)."""
    pcm16 = (np.clip(samples, -1, 1) * 32767).astype(np.int16)
    placed: list[Placed] = []
    aligned: list[tuple[float, float]] = []
    for run in regions(words):
        tokens = [t for w in run for t in _tokens(w.text)]
        if not tokens:
            continue
        a = max(0.0, run[0].start - PAD_S)
        b = min(len(samples) / 16000, run[-1].end + PAD_S)
        chunk = pcm16[int(a * 16000) : int(b * 16000)].tobytes()
        segs = aligner.decode(chunk, tokens)
        if sum(seg.word.startswith("w_") for seg in segs) != len(tokens):
            continue
        aligned.append((a, b))
        gap = 0
        for k, seg in enumerate(segs):
            if seg.word.startswith("w_"):
                gap += 1
                continue
            if seg.word not in FILLERS:
                continue
            frames = max(seg.end_frame - seg.start_frame + 1, 1)
            prev = segs[k - 1] if k > 0 else None
            nxt = segs[k + 1] if k + 1 < len(segs) else None
            after_vowel = bool(
                prev is not None
                and prev.word.startswith("w_")
                and _is_vowel(aligner.phones(prev.word)[-1:])
            )
            before_vowel = bool(
                nxt is not None
                and nxt.word.startswith("w_")
                and _is_vowel(aligner.phones(nxt.word)[:1])
            )
            placed.append(
                Placed(
                    seg.word,
                    round(a + seg.start_frame * FRAME_S, 3),
                    round(a + (seg.end_frame + 1) * FRAME_S, 3),
                    float(np.log(max(seg.ascore, 1e-300))) / frames,
                    gap,
                    gap < len(tokens),
                    after_vowel,
                    before_vowel,
                )
            )
    return placed, aligned


def word_alone(
    aligner: Aligner, samples: np.ndarray, word: Word, span: tuple[float, float]
) -> bool | None:
    """Whether the decoder explains ``span`` (a hesitation beside ``word``) by the word alone,
    drawn out, rather than word + filler; None when it cannot align the word at all."""
    tokens = _tokens(word.text)
    if not tokens:
        return None
    a = max(0.0, min(word.start, span[0]) - PAD_S)
    b = min(len(samples) / 16000, max(word.end, span[1]) + PAD_S)
    pcm16 = (np.clip(samples[int(a * 16000) : int(b * 16000)], -1, 1) * 32767).astype(np.int16)
    segs = aligner.decode(pcm16.tobytes(), tokens)
    if sum(seg.word.startswith("w_") for seg in segs) != len(tokens):
        return None
    for seg in segs:
        s, e = a + seg.start_frame * FRAME_S, a + (seg.end_frame + 1) * FRAME_S
        if seg.word in FILLERS and min(e, span[1]) - max(s, span[0]) > 0:
            return False
    return True
