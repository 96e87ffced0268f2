"""Analysis of one spoken answer: pure functions over samples and a transcript (no UI)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from voicecoach.analysis.acoustic import FeatureCache, reconcile_hesitations
from voicecoach.analysis.coaching import choose_tips
from voicecoach.analysis.content import SHORT_ANSWER_WORDS, spoken_words, word_answer
from voicecoach.analysis.fillers import Lexicon, find_fillers, is_hesitation, normalise
from voicecoach.analysis.targets import PACE_MIN_WORDS
from voicecoach.analysis.targets import verdicts as make_verdicts
from voicecoach.analysis.voice_activity import VoiceActivity, detect_voice_activity
from voicecoach.audio import SAMPLE_RATE
from voicecoach.config import Config
from voicecoach.datatypes import (
    CONFIDENT_FILLER,
    AnalysedWord,
    Analysis,
    Filler,
    Pause,
    Transcript,
    Word,
    plural,
)
from voicecoach.questions import Question

__all__ = ["analyze", "Lexicon"]


def _supported(word: Word, activity: VoiceActivity) -> bool:
    """Whether the audio holds speech under a word (Whisper invents words on silence)."""
    # Whisper's timestamps can be off by a few hundred ms and squeeze words to zero length, so
    # only words with no speech at all near them are taken as invented.
    return activity.speech_between(word.start - 0.4, word.end + 0.4) >= 0.05


# Whisper's sign-off: after the last words it sometimes writes "Thank you for watching." over the
# silence (mfa-acoustic-corpus, after the speaker's own "thanks": "Thank" at probability 0.01,
# timed over the end of the real word, then "you for watching." with no voice under them). A run
# of two or more words at the very end, opened by a word this unsure and followed only by words
# with almost no voice of their own, was not said.
SIGN_OFF_MAX_PROBABILITY = 0.1
# The words of Whisper's sign-offs ("Thank you.", "Thanks for watching!", "Bye."): live, a chunk
# that ends on one the next chunk's context hears otherwise takes the context's words there.
SIGN_OFF_WORDS = frozenset({"thank", "thanks", "watching", "bye", "goodbye", "subscribe"})
SIGN_OFF_MAX_VOICE_S = 0.1


def trailing_sign_off(words: list[Word], activity: VoiceActivity) -> int:
    """How many words at the end are Whisper's invented sign-off (0 when there is none)."""
    for i in range(len(words) - 2, 0, -1):
        after = words[i + 1]
        if activity.speech_between(after.start, after.end) >= SIGN_OFF_MAX_VOICE_S:
            return 0  # a word with voice of its own: the answer was still going on here
        if words[i].probability < SIGN_OFF_MAX_PROBABILITY:
            return len(words) - i
    return 0


# Whisper's invented run: words it writes with no audio of their own, all squeezed into one
# instant (a real "no." followed by 24 words at 2.04 s, "we're going to take a look at what
# we're going to do...", on a live chunk of a 4 s Common Voice clip; "forced... We'll see you
# next time." with the last four at 6.51 s in mfa-surround). Real words take time; a few may
# share an instant where Whisper's timing is loose, so only runs this long go.
SQUEEZED_RUN = 3
SQUEEZED_S = 0.02
# The word just before such a run, when Whisper was this unsure of it, opened the invented
# phrase: "So," (probability 0.10) before "we're going to take a look...", "We'll" (0.11) before
# "see you next time." (the two runs seen, both live). A real word before it is kept.
SQUEEZED_OPENER_MAX_PROBABILITY = 0.15


def squeezed_runs(words: list[Word], lexicon: Lexicon) -> list[int]:
    """Positions of words in runs of SQUEEZED_RUN or more that share one instant, with the
    unsure word that opened each (hesitations aside: Whisper writes "um, um, uh" over one sound,
    and the acoustic pass sorts those out)."""
    out: list[int] = []
    run: list[int] = []

    def close() -> None:
        if len(run) >= SQUEEZED_RUN:
            opener = run[0] - 1
            if (
                opener >= 0
                and words[opener].probability <= SQUEEZED_OPENER_MAX_PROBABILITY
                and not is_hesitation(normalise(words[opener].text), lexicon)
                and opener not in out
            ):
                out.append(opener)
            out.extend(run)
        run.clear()

    for i, w in enumerate(words):
        squeezed = w.end - w.start <= SQUEEZED_S and not is_hesitation(normalise(w.text), lexicon)
        if squeezed and run and abs(w.start - words[run[-1]].start) > SQUEEZED_S:
            close()
        if squeezed:
            run.append(i)
        else:
            close()
    close()
    return out


def invented_tail(words: list[Word], squeezed: set[int], activity: VoiceActivity) -> list[int]:
    """Positions of the words at the end that follow a squeezed run with no voice of their
    own: the rest of the phrase the run began. An app recording ended "workers. Thank you very
    much for joining us." twice over: "Thank you very" (and the second copy) shared one
    instant, but "much for joining us." took 0.26 s of silence and stayed, its opener gone."""
    tail: list[int] = []
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        if i not in squeezed and activity.speech_between(w.start, w.end) >= SIGN_OFF_MAX_VOICE_S:
            break  # a word with voice of its own: the answer was still going on here
        tail.append(i)
    tail.reverse()
    while tail and tail[0] not in squeezed:  # a squeezed run opens the invented phrase
        tail.pop(0)
    return [i for i in tail if i not in squeezed]


# Below this level (99.9th percentile of |x|, about -26 dBFS) tiny.en's words change with the
# gain (docs/BENCHMARK.md, "Microphone level"): the speaker is told, since a louder take of the
# same answer would score differently.
QUIET_LEVEL = 0.05
QUIET_NOTE = (
    "recorded very quietly: move closer to the microphone or raise its input level "
    "(the figures are less reliable)"
)


# Whisper's mean word probability under this, over UNCLEAR_MIN_WORDS or more words, went with
# the largest pace errors of the labelled set (+4.3, -5.2 and +19.1 %: misheard espeak-ng voices);
# every clip above it was within 3.5 % (docs/BENCHMARK.md, "Words Whisper was unsure of"). The
# figures stand; the speaker is told to read the transcript before trusting them.
UNCLEAR_MEAN_PROBABILITY = 0.7
UNCLEAR_MIN_WORDS = 10


def unclear_words_note(words: list[Word]) -> str | None:
    """A note when Whisper was unsure of the words as a whole (None when it was not)."""
    if len(words) < UNCLEAR_MIN_WORDS:
        return None
    mean = float(np.mean([w.probability for w in words]))
    if mean >= UNCLEAR_MEAN_PROBABILITY:
        return None
    return (
        f"many words were hard to make out (Whisper's mean confidence {mean:.0%}): the word "
        "count, pace and fillers may be off; check the transcript"
    )


def recorded_quietly(samples: np.ndarray) -> bool:
    """Whether the loudest speech stays under QUIET_LEVEL (one sample in four is plenty)."""
    sparse = np.abs(samples[::4])
    return bool(len(sparse)) and float(np.quantile(sparse, 0.999)) < QUIET_LEVEL


def silent_pauses(
    activity: VoiceActivity,
    start: float,
    end: float,
    min_s: float,
    voiced: Sequence[tuple[float, float]] = (),
) -> list[Pause]:
    """Silences inside [start, end] that last at least ``min_s``: between the sounds of the speech
    regions and of the ``voiced`` stretches (fillers) the acoustic pass heard outside them."""
    pauses = []
    sounds = [r for r in activity.sounds(voiced) if r.end > start and r.start < end]
    for a, b in zip(sounds, sounds[1:], strict=False):
        if b.start - a.end >= min_s:
            pauses.append(Pause(round(a.end, 3), round(b.start, 3)))
    return pauses


def analyze(
    samples: np.ndarray,
    transcript: Transcript,
    question: Question | None = None,
    config: Config | None = None,
    lexicon: Lexicon | None = None,
    activity: VoiceActivity | None = None,
    acoustic: bool = True,
    feature_cache: FeatureCache | None = None,
) -> Analysis:
    """Duration, pace, fillers, pauses and verdicts for one answer.

    ``feature_cache`` carries acoustic features between analyses of a growing recording (live).
    """
    config = config or Config()
    lexicon = lexicon or Lexicon.load(config.filler_lexicon)
    activity = activity or detect_voice_activity(samples)
    duration = len(samples) / SAMPLE_RATE
    notes: list[str] = []

    heard = list(transcript.words)
    squeezed = set(squeezed_runs(heard, lexicon))
    tail = invented_tail(heard, squeezed, activity) if squeezed else []
    if squeezed:
        said = " ".join(heard[i].text for i in sorted(squeezed))
        tail_words = [heard[i] for i in tail]
        heard = [w for i, w in enumerate(heard) if i not in squeezed and i not in tail]
        heard += tail_words  # taken off below, as the sign-off they are
        notes.append(
            f"{plural(len(squeezed), 'word')} the transcription squeezed into one instant, "
            f"never said, left out: {said}"
        )
    sign_off = len(tail) or trailing_sign_off(heard, activity)
    if sign_off:
        said = " ".join(w.text for w in heard[-sign_off:])
        heard = heard[:-sign_off]
        notes.append(
            f"Whisper's sign-off after the answer, with no voice under it, dropped: {said}"
        )

    hesitation_index: list[int] = []
    words: list[Word] = []
    for w in heard:
        if is_hesitation(normalise(w.text), lexicon):
            hesitation_index.append(len(words))
            words.append(w)
        elif _supported(w, activity):
            words.append(w)
    dropped = len(heard) - len(words)
    if dropped:
        notes.append(
            f"{plural(dropped, 'transcribed word')} with no speech under "
            f"{'it' if dropped == 1 else 'them'} left out"
        )
    hesitations: list[Filler] = []
    if acoustic and activity.regions and (words or not transcript.words):
        words, hesitations, more_notes = reconcile_hesitations(
            samples,
            words,
            hesitation_index,
            activity,
            keep_words=frozenset(p[0] for p in lexicon.discourse if len(p) == 1),
            cache=feature_cache,
        )
        notes.extend(more_notes)

    if words:
        # The speaking span runs from the first to the last sound of speech that carries words.
        # Voice activity gives the edges (word timestamps are loose, often early by 0.1-0.2 s).
        first, last = words[0], words[-1]
        starts = [r.start for r in activity.regions if r.end > first.start - 0.1]
        ends = [r.end for r in activity.regions if r.start < last.end + 0.1]
        span_start = starts[0] if starts and starts[0] < first.end + 0.5 else first.start
        span_end = ends[-1] if ends and ends[-1] > last.start - 0.5 else last.end
    else:
        span_start = span_end = 0.0
    span = max(span_end - span_start, 0.0)

    # A pause is silence: a hesitation the acoustic pass heard where Silero heard no speech (a
    # quiet "uh" in a telephone band, at speech probability 0.3-0.4) splits it, as the
    # transcript shows the "uh" there (docs/BENCHMARK.md, "Pace and long pauses").
    voiced = [(f.start, f.end) for f in hesitations]
    pauses = (
        silent_pauses(activity, span_start, span_end, config.min_pause_s, voiced) if words else []
    )
    pause_before = [0.0] * len(words)
    for p in pauses:
        # Each pause stands before one word: the one whose gap (widened by loose timestamps)
        # it overlaps most. A pause that a word's early timestamp reaches over is not also
        # "before" the next word ("I have a cold, so": the pause is before "cold", not "so").
        best, best_overlap = 0, 0.0
        for i in range(1, len(words)):
            gap_start, gap_end = words[i - 1].end, words[i].start
            overlap = min(gap_end + 0.15, p.end) - max(gap_start - 0.15, p.start)
            if overlap > best_overlap:
                best, best_overlap = i, overlap
        if best:
            pause_before[best] = max(pause_before[best], p.duration)
    fillers, kinds = find_fillers(words, lexicon, pause_before)
    possible: list[Filler] = []
    shown = [w.text for w in words]
    if acoustic:
        # Hesitations come from the reconciliation (with source and confidence); those it is
        # not sure of are shown as possible ("uh?") and not counted.
        possible = [f for f in hesitations if f.confidence < CONFIDENT_FILLER]
        fillers = sorted(
            [f for f in fillers if f.kind == "discourse"]
            + [f for f in hesitations if f.confidence >= CONFIDENT_FILLER],
            key=lambda f: f.start,
        )
        for f in possible:
            for i, w in enumerate(words):
                if abs(w.start - f.start) <= 0.01 and abs(w.end - f.end) <= 0.01:
                    kinds[i] = None
                    shown[i] = f"{w.text.rstrip(',.;:!?')}?"

    minutes = span / 60.0
    wpm = len(words) / minutes if minutes > 0 else 0.0
    paused = sum(p.duration for p in pauses)
    articulation_minutes = (span - paused) / 60.0
    articulation = len(words) / articulation_minutes if articulation_minutes > 0 else 0.0

    analysed = [
        AnalysedWord(shown[i], w.start, w.end, kinds[i] is not None, kinds[i])
        for i, w in enumerate(words)
    ]
    long_pauses = [p for p in pauses if p.duration >= config.long_pause_s]
    spoken = spoken_words(analysed)  # fillers aside, as the tip and the answer-shape flag count
    if not words:
        notes.insert(0, "no speech detected")
    elif spoken <= SHORT_ANSWER_WORDS:
        notes.append(f"too short: {word_answer(spoken)}")
    if words and recorded_quietly(samples):
        notes.append(QUIET_NOTE)
    # Over the words Whisper heard, not those it invented (dropped above).
    unclear = unclear_words_note(heard) if words else None
    if unclear:
        notes.append(unclear)
    if 0 < len(words) < PACE_MIN_WORDS:
        notes.append(
            f"pace not judged: {plural(len(words), 'word')} "
            f"{'is' if len(words) == 1 else 'are'} too few to have a pace "
            f"(it takes {PACE_MIN_WORDS} or more)"
        )
    verdict_list = make_verdicts(
        span, wpm, len(words), len(fillers), len(long_pauses), question, config
    )
    return Analysis(
        duration_s=duration,
        speech_span_s=span,
        wpm=wpm,
        articulation_wpm=articulation,
        words=analysed,
        fillers=fillers,
        pauses=pauses,
        verdicts=verdict_list,
        model=transcript.model,
        question_id=question.id if question else None,
        long_pause_s=config.long_pause_s,
        very_long_pause_s=config.very_long_pause_s,
        notes=notes,
        tips=choose_tips(verdict_list, fillers, long_pauses, analysed, question),
        speech_start_s=span_start if words else None,
        possible_fillers=possible,
    )
