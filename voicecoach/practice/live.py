"""Transcribe the answer while it is spoken, so the report is ready the moment the speaker stops.

Why: batch transcription of a 90 s answer takes 5-15 s on this class of machine; the speaker
wants the feedback now. ``LiveTranscriber`` is fed the recorder's 16 kHz blocks (``Recorder``'s
``on_block``, called on the writer thread; ``feed`` only copies) and works in its own thread:

- it runs Silero over each new 32 ms frame, carrying the model's state from frame to frame, which
  gives exactly the probabilities ``voice_activity.speech_probabilities`` gives on the whole clip
  (checked: bit-identical), so the final voice activity costs nothing at the stop;
- it cuts the audio in pauses (``min_silence_s`` of non-speech, chunks of ``min_chunk_s`` or more,
  never over ``max_chunk_s``: a Whisper window is 30 s) and transcribes each finished chunk with
  the same transcriber (and options) as batch, from up to ``overlap_s`` earlier (a quiet point,
  for context; words before the cut are dropped), committing its words with absolute times.
  Short pauses (0.25 s) keep the last chunk short: its transcription starts a quarter of a
  second after the speaker falls silent, usually before the stop;
- after each chunk it analyses the last ``WARM_WINDOW_S`` of transcribed audio and keeps the
  acoustic features it measured (the costly part of the analysis: pitch and spectrum of each
  stretch of uncovered voice), so the final analysis finds most of them ready;
- at the stop only the audio since the last cut is left; ``analyse`` transcribes it and runs the
  same ``analyze`` as batch on the whole recording, so the final figures are of the same kind.

The cuts depend only on the audio, never on timing, so a clip fed fast (tests) or in real time
(the app, the benchmark) gives the same transcript. Nothing here imports Textual; the UI polls
``state`` on a timer, like the level meter.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field, replace

import numpy as np

from voicecoach.analysis.acoustic import FeatureCache
from voicecoach.analysis.fillers import Lexicon, find_fillers, is_hesitation, normalise
from voicecoach.analysis.voice_activity import (
    VAD_FRAME,
    SpeechRegion,
    StreamingVad,
    VoiceActivity,
    detect_voice_activity,
)
from voicecoach.audio import SAMPLE_RATE
from voicecoach.config import Config
from voicecoach.datatypes import Analysis, Transcript, Word
from voicecoach.practice.cues import PACE_WINDOW_S  # the pace cue's window, decayed there
from voicecoach.questions import Question
from voicecoach.transcription.whisper import Progress, Transcriber

__all__ = ["LiveState", "LiveTranscriber", "StreamingVad", "activity_from_probabilities"]

_log = logging.getLogger(__name__)

FRAME_S = VAD_FRAME / SAMPLE_RATE  # 32 ms
# Stopping waits for the chunk in hand (24 s of audio at most: a few seconds of Whisper on a
# busy machine); past this the worker is left to end on its own and the answer done as batch.
CLOSE_TIMEOUT_S = 60.0
WARM_WINDOW_S = 30.0  # analysed again after each chunk (bounded: a long answer costs no more)
# Seconds of voice a transcription may leave without words before it counts as a skip: inside
# one word or between two. Batch's words on the labelled clips left at most 0.80 s on the Piper
# voice (where this was chosen) and 1.16 s on the espeak-ng voices ("message-brokering", one
# word); a live chunk that skipped "in sensor data, clean it, and store it" left about 2 s.
SKIPPED_SPEECH_S = 1.5


def unheard_speech(
    words: list[Word], activity: VoiceActivity, start: float, end: float
) -> tuple[float, float]:
    """The most voice in [start, end] that no word accounts for, inside one word or between two,
    and where that stretch begins (seconds).

    Whisper that skips part of the audio either leaves a gap or stretches one word over the
    words it skipped; a real word, or the silence between two, holds well under a second.
    """
    edges = [(start, start), *((w.start, w.end) for w in words), (end, end)]
    stretches = [(a[1], b[0]) for a, b in zip(edges, edges[1:], strict=False)] + edges[1:-1]
    return max(((activity.speech_between(a, b), a) for a, b in stretches), default=(0.0, start))


def activity_from_probabilities(samples: np.ndarray, prob: np.ndarray) -> VoiceActivity:
    """``detect_voice_activity`` with Silero's probabilities already computed (same result)."""
    return detect_voice_activity(samples, prob=prob)


@dataclass(frozen=True)
class LiveState:
    """What the practice screen shows while recording (sparse on purpose)."""

    received_s: float = 0.0  # audio fed so far
    transcribed_s: float = 0.0  # audio up to here is transcribed (the last cut)
    words: int = 0
    fillers: int = 0
    last_filler: str = ""
    recent_wpm: float | None = None  # words over the last PACE_WINDOW_S of transcribed audio
    error: str | None = None
    # Where speech was last heard (the voice activity's last speech frame, seconds of audio;
    # None: none yet), ahead of the transcription: the silence cue and the pace's decay.
    last_speech_s: float | None = None
    # How far the voice activity has listened (seconds of audio): silence after
    # ``last_speech_s`` is known up to here only (the rest may be speech not yet looked at);
    # None: not known, taken as all of it.
    heard_s: float | None = None


@dataclass
class _Chunk:
    start: int  # sample index
    end: int
    has_speech: bool


@dataclass
class LiveTimings:
    """Where the time went, for the benchmark."""

    chunks: int = 0  # chunks committed
    spans: list[tuple[float, float]] = field(default_factory=list)  # their audio, in seconds
    speculative: int = 0  # provisional chunks transcribed ahead (some are discarded)
    reused: int = 0  # ... and used when their pause became a cut
    retracted: int = 0  # committed words the next chunk's context did not repeat (no voice)
    repeated_at_cut: int = 0  # context words Whisper timed after the cut (dropped: not new)
    invented: int = 0  # words dropped as Whisper's inventions at a chunk's end (sign-offs)
    heard_again: int = 0  # chunks heard again because the first pass skipped voice
    chunk_seconds: list[float] = field(default_factory=list)  # transcription time per chunk
    tail_audio_s: float = 0.0  # audio left to transcribe at the stop
    behind_at_stop_s: float = 0.0  # audio fed but not yet transcribed when finish() began
    finish_s: float = 0.0  # finish(): waiting for the worker + the tail
    analyse_s: float = 0.0  # analyze() on the whole recording
    warm_seconds: list[float] = field(default_factory=list)  # each analysis while recording
    features_measured_at_stop: int = 0  # acoustic features the final analysis still had to measure


class LiveTranscriber:
    """Transcribes a recording in chunks cut at pauses while it is being recorded."""

    def __init__(
        self,
        transcriber: Transcriber,
        lexicon: Lexicon | None = None,
        min_silence_s: float = 0.25,
        cut_after_s: float = 0.25,
        min_chunk_s: float = 4.0,
        max_chunk_s: float = 24.0,
        overlap_s: float = 3.0,
        speech_threshold: float = 0.5,
    ) -> None:
        self.transcriber = transcriber
        self.lexicon = lexicon
        self.min_silence_frames = max(1, round(min_silence_s / FRAME_S))
        self.cut_frames = max(1, min(self.min_silence_frames, round(cut_after_s / FRAME_S)))
        self.min_chunk = int(min_chunk_s * SAMPLE_RATE)
        self.max_chunk = int(max_chunk_s * SAMPLE_RATE)
        self.overlap = int(overlap_s * SAMPLE_RATE)
        self.on = speech_threshold
        self.off = max(speech_threshold - 0.15, 0.05)  # the hysteresis voice_activity uses
        self.timings = LiveTimings()

        self._lock = threading.Lock()  # guards the audio buffer and its length
        self._buffer = np.zeros(SAMPLE_RATE * 30, dtype=np.float32)
        self._length = 0
        self._wake = threading.Event()
        self._closing = False
        self._thread: threading.Thread | None = None

        # Worker-thread state (the worker owns these until it has stopped).
        self._vad: StreamingVad | None = None
        self._prob: list[np.ndarray] = []
        self._frames = 0  # frames with a probability
        self._cut = 0  # sample index where the current chunk begins
        self._speech_since_cut = False
        self._silent_run = 0  # consecutive non-speech frames
        self._pause_start = 0  # sample index where the current pause began
        self._provisional: _Chunk | None = None  # ends a chunk if the pause grows long enough
        self._cache: dict[tuple[int, int], list[Word]] = {}  # provisional chunks transcribed
        self._pending: list[_Chunk] = []  # confirmed chunks not yet transcribed
        self._words: list[Word] = []
        self._transcribed = 0  # sample index up to which words are committed
        self._features: FeatureCache = {}  # acoustic features measured while recording
        self._error: str | None = None
        self._state = LiveState()
        self._last_speech_s: float | None = None  # set by the worker, read by ``state``

    # -- the recorder's side ----------------------------------------------------------------
    def feed(self, block: np.ndarray) -> None:
        """Recorder.on_block: append a 16 kHz mono block. Only copies; never blocks for long."""
        block = np.asarray(block, dtype=np.float32).reshape(-1)
        with self._lock:
            need = self._length + len(block)
            if need > len(self._buffer):
                grown = np.zeros(max(need, 2 * len(self._buffer)), dtype=np.float32)
                grown[: self._length] = self._buffer[: self._length]
                self._buffer = grown
            self._buffer[self._length : need] = block
            self._length = need
        self._wake.set()

    # -- the UI's side ----------------------------------------------------------------------
    @property
    def state(self) -> LiveState:
        """The latest cues (an immutable snapshot, swapped whole: safe to read from any thread)."""
        with self._lock:
            received = self._length / SAMPLE_RATE
        s = self._state
        return LiveState(
            received,
            s.transcribed_s,
            s.words,
            s.fillers,
            s.last_filler,
            s.recent_wpm,
            s.error,
            self._last_speech_s,
            self._frames * VAD_FRAME / SAMPLE_RATE,
        )

    @property
    def samples(self) -> np.ndarray:
        """Everything fed so far (a copy)."""
        with self._lock:
            return self._buffer[: self._length].copy()

    @property
    def words(self) -> list[Word]:
        """The words committed so far (all of them after ``finish``)."""
        return list(self._words)

    # -- life cycle -------------------------------------------------------------------------
    def start(self) -> LiveTranscriber:
        """Start the worker thread (idempotent)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="voicecoach-live", daemon=True)
            self._thread.start()
        return self

    def close(self, timeout: float | None = None) -> bool:
        """Stop the worker without finishing (the answer was abandoned); it stops after the
        chunk in hand. False when it had not stopped within ``timeout`` (by default
        ``CLOSE_TIMEOUT_S``; the thread is a daemon, left to end on its own)."""
        self._closing = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join(CLOSE_TIMEOUT_S if timeout is None else timeout)
            return not self._thread.is_alive()
        return True

    def finish(self, progress: Progress | None = None) -> Transcript:
        """The whole recording's transcript: wait for the chunk in hand, transcribe the rest."""
        import time

        started = time.perf_counter()
        self.timings.behind_at_stop_s = (self._length - self._transcribed) / SAMPLE_RATE
        if not self.close() and self._error is None:
            # Its state is the worker's until it stops: one batch pass instead.
            self._error = f"the live pass did not stop within {CLOSE_TIMEOUT_S:.0f} s"
        samples = self.samples
        if self._error is not None:
            # The live pass failed: fall back to one batch pass over everything.
            _log.warning(
                "live transcription failed (%s); transcribing the whole answer", self._error
            )
            self._words = list(self.transcriber.transcribe(samples, progress).words)
            self.timings.tail_audio_s = len(samples) / SAMPLE_RATE
        else:
            self._advance(samples, final=True)
            if self._provisional is not None:
                # The answer ended in a pause: that chunk is usually transcribed already.
                self._confirm()
            self._pending.append(_Chunk(self._cut, len(samples), self._speech_since_cut))
            self._cut = len(samples)
            todo = [c for c in self._pending if c.has_speech]
            self.timings.tail_audio_s = (
                sum(c.end - c.start for c in todo if (c.start, c.end) not in self._cache)
                / SAMPLE_RATE
            )
            for i, chunk in enumerate(todo):
                self._commit(samples, chunk)
                if progress:
                    progress((i + 1) / len(todo))
            self._pending.clear()
        if progress:
            progress(1.0)
        self.timings.finish_s = time.perf_counter() - started
        name = str(getattr(self.transcriber, "name", "live"))
        return Transcript(words=list(self._words), model=name)

    def activity(self) -> VoiceActivity:
        """Voice activity of the whole recording (after ``finish``), from the live VAD pass."""
        samples = self.samples
        prob = self._probabilities()
        if self._error is not None or len(prob) != -(-len(samples) // VAD_FRAME):
            return detect_voice_activity(samples)
        return activity_from_probabilities(samples, prob)

    def analyse(
        self,
        question: Question | None = None,
        config: Config | None = None,
        progress: Progress | None = None,
    ) -> Analysis:
        """The complete report, the same analysis batch runs, on the whole recording."""
        import time

        from voicecoach.practice.pipeline import analyze_transcript

        transcript = self.finish(progress)
        started = time.perf_counter()
        config = config or Config()
        lexicon = self.lexicon or Lexicon.load(config.filler_lexicon)
        ready = len(self._features)
        # The step batch takes too (talking points and flags included), with what was
        # measured while the answer was spoken.
        analysis = analyze_transcript(
            self.samples,
            transcript,
            question,
            config,
            lexicon=lexicon,
            activity=self.activity(),
            feature_cache=self._features,
        )
        self.timings.features_measured_at_stop = len(self._features) - ready
        self.timings.analyse_s = time.perf_counter() - started
        return analysis

    # -- the worker ---------------------------------------------------------------------------
    def _run(self) -> None:
        try:
            self._vad = StreamingVad()
            while not self._closing:
                self._wake.wait(0.25)
                self._wake.clear()
                if self._closing:
                    break
                with self._lock:
                    samples = self._buffer[: self._length]  # a view: only appended to
                self._advance(samples, final=False)
                committed = False
                while self._pending and not self._closing:
                    chunk = self._pending.pop(0)
                    if chunk.has_speech:
                        self._commit(samples, chunk)
                        committed = True
                if committed and not self._closing:
                    self._warm(samples)
                spec = self._provisional
                if spec is not None and not self._closing and self._key(spec) not in self._cache:
                    # A pause has begun: transcribe up to it now, in case the answer ends here.
                    self._cache[self._key(spec)] = self._transcribe(samples, spec)
                    self.timings.speculative += 1
        except Exception as exc:  # noqa: BLE001 - reported through state; finish() falls back
            self._error = f"{type(exc).__name__}: {exc}"
            self._state = LiveState(error=self._error)
            _log.exception("live transcription failed")

    def _advance(self, samples: np.ndarray, final: bool) -> None:
        """Run the VAD over the new whole frames (and the padded last one when final); cut."""
        if self._vad is None:
            self._vad = StreamingVad()
        start = self._frames * VAD_FRAME
        whole = (len(samples) - start) // VAD_FRAME
        new = samples[start : start + whole * VAD_FRAME]
        if final and len(samples) > start + whole * VAD_FRAME:
            # The last partial frame, zero-padded, as speech_probabilities pads the whole clip.
            rest = samples[start + whole * VAD_FRAME :]
            new = np.concatenate([new, np.pad(rest, (0, VAD_FRAME - len(rest)))])
        if len(new) == 0:
            return
        prob = self._vad(new)
        self._prob.append(prob)
        first = self._frames
        self._frames += len(prob)
        for k, p in enumerate(prob):
            self._step(first + k, float(p))

    def _step(self, frame: int, p: float) -> None:
        """One frame of the cutting rule: a pause after enough speech ends a chunk.

        A chunk ends ``cut_after_s`` into a pause, once the pause has lasted ``min_silence_s``.
        With ``min_silence_s`` > ``cut_after_s``, the chunk is provisional in between: the worker
        transcribes it at once (speculatively), so an answer that stops in that pause has nothing
        left to transcribe; speech resuming discards it. (The default makes them equal: measured,
        speculation wasted more work at commas than it saved.)
        """
        end = (frame + 1) * VAD_FRAME
        if p >= self.on:
            self._last_speech_s = end / SAMPLE_RATE
            self._speech_since_cut = True
            self._silent_run = 0
            self._provisional = None
        elif p < self.off:
            if self._silent_run == 0:
                self._pause_start = frame * VAD_FRAME
            self._silent_run += 1
        # Between the thresholds: neither speech nor a pause; the run carries on as it was.
        if not self._speech_since_cut:
            # Nothing said yet in this chunk: keep only the last half second as lead-in.
            lead = int(0.5 * SAMPLE_RATE)
            if end - self._cut > 2 * lead:
                self._cut = end - lead
            return
        if self._silent_run == self.cut_frames:
            at = self._pause_start + self.cut_frames * VAD_FRAME
            if at - self._cut >= self.min_chunk:
                self._provisional = _Chunk(self._cut, at, True)
        if self._silent_run >= self.min_silence_frames and self._provisional is not None:
            self._confirm()
        elif end - self._cut >= self.max_chunk:
            # No pause long enough: cut at the quietest recent frame (deterministic).
            prob = self._probabilities()[: frame + 1]
            lo = (self._cut + self.max_chunk // 2) // VAD_FRAME
            window = prob[lo : frame + 1]
            quietest = lo + int(len(window) - 1 - np.argmin(window[::-1]))
            self._provisional = _Chunk(self._cut, (quietest + 1) * VAD_FRAME, True)
            self._confirm()
            self._speech_since_cut = bool((prob[quietest + 1 :] >= self.on).any())

    def _confirm(self) -> None:
        """The provisional chunk is final: queue it and start the next chunk at its end."""
        chunk = self._provisional
        assert chunk is not None
        self._pending.append(chunk)
        self._cut = chunk.end
        self._provisional = None
        self._speech_since_cut = False

    @staticmethod
    def _key(chunk: _Chunk) -> tuple[int, int]:
        return (chunk.start, chunk.end)

    def _commit(self, samples: np.ndarray, chunk: _Chunk) -> None:
        """Add a confirmed chunk's words (transcribed now, or already while provisional)."""
        words = self._cache.pop(self._key(chunk), None)
        if words is None:
            words = self._transcribe(samples, chunk)
        else:
            self.timings.reused += 1
        self._cache = {k: v for k, v in self._cache.items() if k[0] >= chunk.end}
        self._words.extend(words)
        self._transcribed = chunk.end
        self.timings.chunks += 1
        self.timings.spans.append((chunk.start / SAMPLE_RATE, chunk.end / SAMPLE_RATE))
        self._publish()

    def _transcribe(self, samples: np.ndarray, chunk: _Chunk) -> list[Word]:
        """Transcribe one chunk; its words (and only its words) with times from the start.

        Whisper times a window's first words loosely and likes to open with "Um,": the window
        starts up to ``overlap_s`` earlier, at a quiet frame (never inside a word), for context,
        and only the chunk's words are kept. But Whisper sometimes skips a stretch of a window
        (intro-pitch-90s after 1.2 s of lead-in: "that" timed over 2.4 s of "in sensor data,
        clean it, and store it", with the context ahead): a chunk that leaves that much voice
        without words is heard again without the context, then (if it still does) from just
        before the stretch it skipped, and the version that leaves less unheard is kept. Words
        Whisper invents over the pause the chunk ends in ("reports. Thank you very much.") go
        as batch drops them at the end of a recording.
        """
        import time

        started = time.perf_counter()
        activity = self._activity_around(samples, chunk)
        span = (chunk.start / SAMPLE_RATE, chunk.end / SAMPLE_RATE)
        begin = self._context_start(chunk.start)
        words = self._chunk_words(samples, chunk, begin, activity)
        unheard, at = unheard_speech(words, activity, *span)
        if unheard >= SKIPPED_SPEECH_S:
            self.timings.heard_again += 1
            if begin < chunk.start:
                alone = self._chunk_words(samples, chunk, chunk.start, activity)
                if (again := unheard_speech(alone, activity, *span))[0] < unheard:
                    words, (unheard, at) = alone, again
        if unheard >= SKIPPED_SPEECH_S:
            # Still skipped (a first chunk has no context to leave out): hear the chunk again
            # from a quiet point just before the stretch it skipped, and keep the words before.
            split = self._quiet_before(int(at * SAMPLE_RATE), chunk.start)
            if split > chunk.start:
                head = [w for w in words if (w.start + w.end) / 2 < split / SAMPLE_RATE]
                rest = self._chunk_words(samples, _Chunk(split, chunk.end, True), split, activity)
                rest = [w for w in rest if (w.start + w.end) / 2 >= split / SAMPLE_RATE]
                if unheard_speech(head + rest, activity, *span)[0] < unheard:
                    words = head + rest
        self.timings.chunk_seconds.append(time.perf_counter() - started)
        return words

    def _quiet_before(self, at: int, floor: int) -> int:
        """The latest quiet frame in the second before ``at`` (else its quietest), after ``floor``
        by half a second or more; ``floor`` when there is none."""
        prob = self._probabilities()
        lo = max(floor + SAMPLE_RATE // 2, at - SAMPLE_RATE) // VAD_FRAME
        hi = at // VAD_FRAME + 1
        if hi <= lo:
            return floor
        window = prob[lo:hi]
        quiet = np.nonzero(window < self.off)[0]
        frame = lo + int(quiet[-1] if len(quiet) else np.argmin(window))
        return frame * VAD_FRAME

    def _chunk_words(
        self, samples: np.ndarray, chunk: _Chunk, begin: int, activity: VoiceActivity
    ) -> list[Word]:
        """The chunk's own words from one transcription of ``samples[begin:chunk.end]``."""
        offset = begin / SAMPLE_RATE
        boundary = chunk.start / SAMPLE_RATE
        transcript = self.transcriber.transcribe(samples[begin : chunk.end])
        words = [
            Word(w.text, round(w.start + offset, 3), round(w.end + offset, 3), w.probability)
            for w in transcript.words
        ]
        if begin < chunk.start:
            words = self._beyond_committed(words, offset, boundary)
        return self._without_inventions(words, activity)

    def _without_inventions(self, own: list[Word], activity: VoiceActivity) -> list[Word]:
        """The chunk's words less those batch takes for Whisper's inventions (``analyze``).

        Every chunk ends in a pause, where Whisper likes to sign off; batch meets that only at
        the end of the recording. The same rules, run on each chunk: words squeezed into one
        instant, then a sign-off (again while one is found: "reports. what I'm doing is, uh,
        uh, you know, I don't know what I'm going to do" over a 0.3 s pause, all at probability
        0.00-0.3). The last committed words go in front, as the word before a sign-off.
        """
        from voicecoach.analysis import squeezed_runs, trailing_sign_off

        squeezed = set(squeezed_runs(own, self._lexicon()))
        own = [w for i, w in enumerate(own) if i not in squeezed]
        self.timings.invented += len(squeezed)
        before = self._words[-2:]
        while own:
            n = min(trailing_sign_off(before + own, activity), len(own))
            if n == 0:
                break
            own = own[:-n]
            self.timings.invented += n
        return own

    def _activity_around(self, samples: np.ndarray, chunk: _Chunk) -> VoiceActivity:
        """Voice activity of the chunk and the context before it, on the recording's clock.

        Only that stretch (Silero's probabilities are ready): the whole recording so far took
        43 ms per chunk at 92 s, and would grow with the answer.
        """
        first = max(0, chunk.start - self.overlap - SAMPLE_RATE) // VAD_FRAME
        prob = self._probabilities()[first : -(-chunk.end // VAD_FRAME)]
        start = first * VAD_FRAME
        activity = detect_voice_activity(samples[start : chunk.end], prob=prob)
        offset = start / SAMPLE_RATE
        regions = [SpeechRegion(r.start + offset, r.end + offset) for r in activity.regions]
        return replace(activity, regions=regions)

    def _beyond_committed(self, words: list[Word], begin: float, boundary: float) -> list[Word]:
        """The chunk's own words, out of a transcription that began at ``begin`` for context.

        Words before the cut normally repeat what the previous chunk committed, and go (so do
        words after it that go on repeating them in order: Whisper timed them late). But
        Whisper sometimes skips the context audio and stretches the chunk's first word back over
        it (the "I" of "I started" timed 5.35-5.99 s against a cut at 5.92 s): a word before the
        cut that repeats none of the committed words and lies after the last of them is new. When
        nothing of the context is repeated at all, Whisper skipped it, and a word it timed among
        the committed ones is new too ("event. I mean": "I" timed 3.46-4.86 s, a cut at 5.41 s),
        unless it is a hesitation: that is the context's own filler heard again ("Ehh..."
        committed, "uh," before the cut).
        The same comparison also retracts a committed sign-off the context does not repeat
        (below): it changes ``self._words``.
        """
        centre = [(w.start + w.end) / 2 for w in words]
        before = [w for w, c in zip(words, centre, strict=True) if c < boundary]
        own = [w for w, c in zip(words, centre, strict=True) if c >= boundary]
        committed = [w for w in self._words if (w.start + w.end) / 2 >= begin]
        last_end = max((w.end for w in committed), default=begin)
        texts = [normalise(w.text) for w in committed]
        position, kept, last_repeat = 0, [], -1
        for i, w in enumerate(before):
            text = normalise(w.text)
            if text in texts[position:]:
                position += texts[position:].index(text) + 1
                kept, last_repeat = [], i  # a repeat: anything unmatched before it was misheard
            elif (w.start + w.end) / 2 > last_end:
                kept.append(w)
        if position == 0:
            lexicon = self._lexicon()
            kept = [
                w
                for w in before
                if (w.start + w.end) / 2 > last_end or not is_hesitation(normalise(w.text), lexicon)
            ]
        while (
            not kept and own and position < len(texts) and normalise(own[0].text) == texts[position]
        ):
            # The context goes on repeating the committed words after the cut: Whisper timed
            # them late ("teams." again after the cut, counted twice). Not new.
            own = own[1:]
            position += 1
            self.timings.repeated_at_cut += 1
        unconfirmed = [w for w in committed[position:] if (w.start + w.end) / 2 < boundary]
        if (
            position
            and unconfirmed
            and unconfirmed[0].probability < 0.1
            and all(self._voice_s(w) < 0.1 for w in unconfirmed)
        ):
            # Committed words after the last one repeated, with no voice under them, opened by
            # a word Whisper was unsure of: its sign-off at the end of a window ("learning.
            # Thank you." over the pause; "Thank" at probability 0.00).
            self._words = [w for w in self._words if all(w is not u for u in unconfirmed)]
            self.timings.retracted += len(unconfirmed)
        elif unconfirmed and self._signs_off(unconfirmed) and not self._signs_off(before):
            # The previous chunk ended on "Thank you." where the context, which hears the audio
            # go on, heard something else ("uh," in leader-joe): its words stand there instead.
            self._words = [w for w in self._words if all(w is not u for u in unconfirmed)]
            self.timings.retracted += len(unconfirmed)
            kept = [w for w in before[last_repeat + 1 :] if w.end > unconfirmed[0].start]
        return kept + own

    @staticmethod
    def _signs_off(words: list[Word]) -> bool:
        from voicecoach.analysis import SIGN_OFF_WORDS

        return any(normalise(w.text) in SIGN_OFF_WORDS for w in words)

    def _voice_s(self, word: Word) -> float:
        """Seconds of the word's span in which Silero heard speech."""
        prob = self._probabilities()
        a, b = int(word.start / FRAME_S), int(np.ceil(word.end / FRAME_S))
        return float((prob[a:b] >= self.on).sum()) * FRAME_S

    def _probabilities(self) -> np.ndarray:
        """Silero's probabilities so far, as one array (the pieces joined once, then kept)."""
        if not self._prob:
            return np.zeros(0, dtype=np.float32)
        if len(self._prob) > 1:
            self._prob = [np.concatenate(self._prob)]
        return self._prob[0]

    def _warm(self, samples: np.ndarray) -> None:
        """Analyse the recent transcribed audio now, for the acoustic features it measures.

        The analysis itself is thrown away: the final one runs on the whole recording. Only the
        last ``WARM_WINDOW_S`` is looked at, so each pass costs the same however long the answer.
        """
        import time

        from voicecoach.analysis import analyze

        started = time.perf_counter()
        end = self._transcribed
        if end <= 0 or not self._words:
            return
        prefix = samples[:end]
        prob = self._probabilities()
        activity = detect_voice_activity(prefix, prob=prob[: -(-end // VAD_FRAME)])
        since = end / SAMPLE_RATE - WARM_WINDOW_S
        recent = replace(activity, regions=[r for r in activity.regions if r.start >= since])
        words = [w for w in self._words if w.start >= since]
        analyze(
            prefix,
            Transcript(words=words, model=""),
            lexicon=self.lexicon,
            activity=recent,
            feature_cache=self._features,
        )
        self.timings.warm_seconds.append(time.perf_counter() - started)

    def _context_start(self, start: int) -> int:
        """The latest quiet frame 0.5 s to ``overlap_s`` before ``start`` (or ``start``)."""
        if self.overlap <= 0 or start <= 0:
            return start
        prob = self._probabilities()
        lo = max(0, (start - self.overlap) // VAD_FRAME)
        hi = max(lo, (start - SAMPLE_RATE // 2) // VAD_FRAME)
        quiet = np.nonzero(prob[lo:hi] < self.off)[0]
        return int((lo + quiet[-1]) * VAD_FRAME) if len(quiet) else start

    def _lexicon(self) -> Lexicon:
        if self.lexicon is None:
            self.lexicon = Lexicon.load()
        return self.lexicon

    def _publish(self) -> None:
        """Recompute the cues from the committed words (after each chunk: cheap, ~ms)."""
        fillers, _kinds = find_fillers(self._words, self._lexicon())
        until = self._transcribed / SAMPLE_RATE
        recent_wpm = None
        if until >= 5.0 and self._words:
            since = max(0.0, until - PACE_WINDOW_S)
            first_word = self._words[0].start
            window = until - max(since, first_word)
            count = sum(1 for w in self._words if w.start >= since)
            if window >= 3.0:
                recent_wpm = count / window * 60.0
        self._state = LiveState(
            transcribed_s=until,
            words=len(self._words),
            fillers=len(fillers),
            last_filler=fillers[-1].text if fillers else "",
            recent_wpm=recent_wpm,
            error=self._error,
        )
