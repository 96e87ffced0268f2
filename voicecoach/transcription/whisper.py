"""Speech to words with timings: a small interface, and faster-whisper behind it.

The UI and tests depend on ``Transcriber`` only, so a fake can stand in; faster-whisper and the
model load lazily (they take seconds) and never on the UI's start-up path.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from voicecoach.audio import SAMPLE_RATE
from voicecoach.datatypes import Transcript, Word
from voicecoach.transcription.pieces import PIECE_S

if TYPE_CHECKING:
    from faster_whisper.transcribe import Segment

Progress = Callable[[float], None]  # fraction of the audio transcribed, 0..1


class Transcriber(Protocol):
    """Anything that turns 16 kHz mono float32 samples into timed words."""

    name: str

    def transcribe(self, samples: np.ndarray, progress: Progress | None = None) -> Transcript: ...


# Whisper learned to write what it hears verbatim when the context already shows fillers.
FILLER_PROMPT = "Umm, let me think like, hmm... Okay, here's what I'm, like, thinking. Uh, so, um,"
FILLER_HOTWORDS = "um uh hmm"

# Whisper's repetition loop: on some windows tiny.en writes one word over and over ("and, and,
# and, and, ...") with zero-length timestamps, after the one it heard. A run this long where
# most copies last under LOOP_NEAR_ZERO_S is a decoding artefact, not speech (it inflates pace).
LOOP_MIN_RUN = 3
LOOP_NEAR_ZERO_S = 0.05
# A window whose text gzips this well is a loop (faster-whisper's compression_ratio_threshold).
LOOP_COMPRESSION_RATIO = 2.4
# Tokens one Whisper window may write: a loop writes until the limit, and each token costs a
# decoder step (a 5 s live chunk looping to 224 tokens took 5.6 s). Speech on the 27 labelled
# clips wrote at most 4.9 tokens per second of window (timestamps and punctuation included); the
# cap allows twice that plus a margin, and never more than Whisper's own limit (half its 448-token
# context, openai-whisper's ``sample_len``).
MAX_TOKENS_PER_S = 10.0
MAX_TOKENS_MARGIN = 32
MAX_TOKENS_PER_WINDOW = 224
WINDOW_S = 30.0  # Whisper hears 30 s at a time
WHISPER_CONTEXT = 448  # tokens: the prompt and what a window writes must fit together
PROMPT_PART_MAX = 223  # faster-whisper keeps at most this many tokens of each prompt part


def max_new_tokens(duration_s: float, prompt_tokens: int = 0) -> int | None:
    """The most tokens a window of this audio may write: bounds the cost of a repetition loop.

    ``prompt_tokens`` bounds the prompt from above: faster-whisper refuses a window whose prompt
    and cap together exceed Whisper's context. None (no cap) when the prompt may leave too
    little room for one.
    """
    window = min(duration_s, WINDOW_S)
    cap = min(MAX_TOKENS_PER_WINDOW, int(MAX_TOKENS_PER_S * window) + MAX_TOKENS_MARGIN)
    room = WHISPER_CONTEXT - prompt_tokens
    if room < cap:
        return room if room >= MAX_TOKENS_PER_WINDOW // 2 else None
    return cap


def _tokens_at_most(text: str | None) -> int:
    """An upper bound on the tokens of a prompt part: a token holds at least one byte."""
    if not text:
        return 0
    return min(PROMPT_PART_MAX, len((" " + text.strip()).encode("utf-8")))


def collapse_repetition_loops(words: list[Word]) -> list[Word]:
    """Replace each run of LOOP_MIN_RUN+ identical words, most near-zero long, by its first.

    Real repetition ("no, no, no") has real durations and is kept word for word.
    """

    def key(word: Word) -> str:
        return re.sub(r"[^\w']+", "", word.text.lower())

    out: list[Word] = []
    i = 0
    while i < len(words):
        j = i + 1
        while j < len(words) and key(words[j]) and key(words[j]) == key(words[i]):
            j += 1
        run = words[i:j]
        near_zero = sum(1 for w in run if w.end - w.start < LOOP_NEAR_ZERO_S)
        if len(run) >= LOOP_MIN_RUN and near_zero * 2 > len(run):
            out.append(run[0])
        else:
            out.extend(run)
        i = j
    return out


@dataclass
class WhisperOptions:
    """Decoding options; the accuracy work (issue 3) tunes these against the benchmark."""

    initial_prompt: str | None = FILLER_PROMPT
    hotwords: str | None = None
    beam_size: int = 5
    condition_on_previous_text: bool = False
    vad_filter: bool = True
    vad_parameters: dict[str, float | int] = field(
        default_factory=lambda: {"min_silence_duration_ms": 500, "speech_pad_ms": 200}
    )
    no_speech_threshold: float = 0.6
    # Temperature 0 only: faster-whisper's fallback re-decodes a looping window by random sampling,
    # and CTranslate2's generator is per thread and seeded once, so the same audio gave different
    # words from run to run (intro-hesitant-espeak-us: six texts from six runs of one live chunk).
    # A looping window is decoded again here, still at temperature 0, with repeated n-grams of
    # this size forbidden (``_recover_loops``): same samples in, same words out.
    loop_no_repeat_ngram_size: int = 4
    # Not None: faster-whisper would then skip every window whose no-speech probability is over
    # 0.6, however sure its words; the usual test, no-speech over 0.6 and log-probability under
    # -1.0, is applied per segment in ``transcribe``. (With one temperature there is no fallback.)
    log_prob_threshold: float | None = -5.0
    # Cap the tokens a window may write (``max_new_tokens``): bounds what a loop costs. The
    # benchmark's bare faster-whisper baseline runs without it.
    cap_tokens: bool = True


class WhisperTranscriber:
    """faster-whisper on the CPU, int8, English, with word timestamps."""

    def __init__(
        self,
        model_dir: str | Path,
        options: WhisperOptions | None = None,
        cpu_threads: int = 0,
        piece_s: float = PIECE_S,
    ) -> None:
        self.model_dir = Path(model_dir)
        self.name = self.model_dir.name
        self.options = options or WhisperOptions()
        self.cpu_threads = cpu_threads
        # Audio longer than this is transcribed in pieces (memory bounded by the piece).
        self.piece_s = piece_s
        self._model = None
        self._lock = threading.Lock()

    def load(self) -> None:
        """Load the model now (call from a worker thread; it takes about a second)."""
        with self._lock:
            if self._model is None:
                from faster_whisper import WhisperModel

                try:
                    self._model = WhisperModel(
                        str(self.model_dir),
                        device="cpu",
                        compute_type="int8",
                        cpu_threads=self.cpu_threads,
                        local_files_only=True,
                    )
                except (RuntimeError, ValueError, OSError) as exc:
                    # CTranslate2 and the tokenizer say what broke, not what to do about it.
                    from voicecoach.transcription.model_files import damaged_model_error

                    raise damaged_model_error(self.model_dir, exc) from exc

    @property
    def multilingual(self) -> bool:
        return not self.name.endswith(".en")

    def transcribe(self, samples: np.ndarray, progress: Progress | None = None) -> Transcript:
        if len(samples) > self.piece_s * SAMPLE_RATE:
            return self._transcribe_in_pieces(samples, progress)
        duration = len(samples) / SAMPLE_RATE
        segments: list[Segment] = []
        for segment in self._decode(samples):
            segments.append(segment)
            if progress and duration > 0:
                progress(min(1.0, segment.end / duration))
        opts = self.options
        words: list[Word] = []
        for segment, offset in self._recover_loops(samples, segments):
            if segment.no_speech_prob > opts.no_speech_threshold and segment.avg_logprob < -1.0:
                continue  # Whisper's own test for "this was not speech" (e.g. "Thank you." on hiss)
            for w in segment.words or []:
                text = w.word.strip()
                if not text:
                    continue
                start, end = float(w.start) + offset, float(w.end) + offset
                if words and text[0] in "-'" and not w.word[0].isspace():
                    # Whisper splits "roll-out" into "roll" + "-out": one word for pace.
                    prev = words.pop()
                    probability = min(prev.probability, float(w.probability))
                    words.append(Word(prev.text + text, prev.start, end, probability))
                    continue
                words.append(Word(text, start, end, float(w.probability)))
        if progress:
            progress(1.0)
        return Transcript(words=collapse_repetition_loops(words), model=self.name)

    def _decode(self, samples: np.ndarray, no_repeat_ngram_size: int = 0) -> Iterable[Segment]:
        """faster-whisper at temperature 0 only (beam search: deterministic), with our options."""
        self.load()
        assert self._model is not None
        opts = self.options
        segments, _info = self._model.transcribe(
            np.ascontiguousarray(samples, dtype=np.float32),
            language="en",
            task="transcribe",
            beam_size=opts.beam_size,
            temperature=0.0,
            no_repeat_ngram_size=no_repeat_ngram_size,
            max_new_tokens=max_new_tokens(len(samples) / SAMPLE_RATE, self._prompt_tokens())
            if opts.cap_tokens
            else None,
            word_timestamps=True,
            initial_prompt=opts.initial_prompt,
            hotwords=opts.hotwords,
            condition_on_previous_text=opts.condition_on_previous_text,
            vad_filter=opts.vad_filter,
            vad_parameters=dict(opts.vad_parameters) if opts.vad_filter else None,
            no_speech_threshold=opts.no_speech_threshold,
            log_prob_threshold=opts.log_prob_threshold,
        )
        return segments  # a generator: each segment is decoded when it is reached

    def _prompt_tokens(self) -> int:
        """An upper bound on faster-whisper's prompt for a window with these options: a start
        token, the hotwords, the initial prompt (or, when conditioning on previous text, up to
        223 tokens of it), the start sequence and a timestamp token."""
        opts = self.options
        previous = (
            PROMPT_PART_MAX
            if opts.condition_on_previous_text
            else _tokens_at_most(opts.initial_prompt)
        )
        return 1 + _tokens_at_most(opts.hotwords) + previous + 4

    def _recover_loops(
        self, samples: np.ndarray, segments: list[Segment]
    ) -> list[tuple[Segment, float]]:
        """Each run of looping segments (tiny.en: "and, and, and, ..." or "huuuu..." for 400
        characters) is replaced by a decode of the audio between its good neighbours, with
        repeated n-grams forbidden; (segment, offset in seconds) pairs, in order."""
        out: list[tuple[Segment, float]] = []
        i = 0
        while i < len(segments):
            if segments[i].compression_ratio <= LOOP_COMPRESSION_RATIO:
                out.append((segments[i], 0.0))
                i += 1
                continue
            j = i
            while j < len(segments) and segments[j].compression_ratio > LOOP_COMPRESSION_RATIO:
                j += 1
            start = segments[i - 1].end if i else 0.0
            end = segments[j].start if j < len(segments) else len(samples) / SAMPLE_RATE
            a, b = int(start * SAMPLE_RATE), int(end * SAMPLE_RATE)
            if b > a:
                ngram = self.options.loop_no_repeat_ngram_size
                out.extend((s, start) for s in self._decode(samples[a:b], ngram))
            i = j
        return out

    def _transcribe_in_pieces(self, samples: np.ndarray, progress: Progress | None) -> Transcript:
        """Long audio, one piece (cut at a quiet point) at a time: faster-whisper's features
        then cover a piece, not the hour; word times are moved back to the whole clip's clock."""
        from voicecoach.transcription.pieces import piece_bounds

        total = len(samples)
        words: list[Word] = []
        for a, b in piece_bounds(samples, self.piece_s):

            def piece_progress(fraction: float, a: int = a, b: int = b) -> None:
                assert progress is not None
                progress(min(1.0, (a + fraction * (b - a)) / total))

            part = self.transcribe(samples[a:b], piece_progress if progress else None)
            offset = a / SAMPLE_RATE
            words.extend(
                Word(w.text, w.start + offset, w.end + offset, w.probability) for w in part.words
            )
        if progress:
            progress(1.0)
        return Transcript(words=words, model=self.name)
