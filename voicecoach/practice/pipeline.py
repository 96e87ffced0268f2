"""Audio in, report out: the one path the CLI, the UI and the benchmark all take."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from voicecoach.analysis import analyze
from voicecoach.analysis.acoustic import FeatureCache
from voicecoach.analysis.content import assess_content
from voicecoach.analysis.fillers import Lexicon
from voicecoach.analysis.star import assess_star, with_star_tip
from voicecoach.analysis.voice_activity import VoiceActivity
from voicecoach.audio.files import LoadedAudio, load_audio
from voicecoach.config import Config
from voicecoach.datatypes import Analysis, Delivery, Transcript
from voicecoach.questions import Question
from voicecoach.transcription.whisper import Progress, Transcriber


def analyze_samples(
    samples: np.ndarray,
    transcriber: Transcriber,
    question: Question | None = None,
    config: Config | None = None,
    progress: Progress | None = None,
    history: Sequence[Analysis] = (),
) -> Analysis:
    """Transcribe 16 kHz mono samples and analyse them against the question's targets.

    ``history`` (earlier answers to the question, oldest first) feeds the personal targets.
    """
    if (config or Config()).delivery:
        from voicecoach.practice.delivery_process import warm_worker

        warm_worker()  # the delivery worker loads librosa while Whisper transcribes
    transcript = transcriber.transcribe(samples, progress=progress)
    return analyze_transcript(samples, transcript, question, config, history)


def analyze_transcript(
    samples: np.ndarray,
    transcript: Transcript,
    question: Question | None = None,
    config: Config | None = None,
    history: Sequence[Analysis] = (),
    lexicon: Lexicon | None = None,
    activity: VoiceActivity | None = None,
    feature_cache: FeatureCache | None = None,
) -> Analysis:
    """From what was heard to the report: figures, verdicts, fillers, then the content.

    Batch (``analyze_samples``) and live (``LiveTranscriber.analyse``, which brings what it
    measured while the answer was spoken: ``lexicon``, ``activity``, ``feature_cache``) both
    end here, so the two reports of one recording can only differ by their transcripts.
    """
    analysis = analyze(
        samples,
        transcript,
        question=question,
        config=config,
        lexicon=lexicon,
        activity=activity,
        feature_cache=feature_cache,
    )
    analysis = add_content(analysis, question, config, history)
    return add_delivery(analysis, samples, config)


def add_delivery(analysis: Analysis, samples: np.ndarray, config: Config | None = None) -> Analysis:
    """How it sounded (pitch, loudness, trailing off, pace over time) when there is speech and
    the setting is on, measured in a worker process (librosa's numba code holds the GIL, which
    the UI thread must never wait for). If it fails, the report goes without it and says so."""
    config = config or Config()
    if analysis.no_speech or not config.delivery:
        return analysis
    delivery, note = measure_delivery(analysis, samples, config)
    analysis.delivery = delivery
    if note:
        analysis.notes.append(note)
    return analysis


def measure_delivery(
    analysis: Analysis,
    samples: np.ndarray,
    config: Config,
    stopped: Callable[[], bool] = lambda: False,
) -> tuple[Delivery | None, str]:
    """The delivery part of ``analysis`` (measured in the worker process), or None and the
    note that says why not. Never raises: the report stands without it."""
    from voicecoach.practice.delivery_process import measure_in_worker

    try:
        pace = (config.pace_min_wpm, config.pace_max_wpm)
        return measure_in_worker(samples, analysis.words, pace, stopped=stopped), ""
    except Exception as exc:  # the report stands without its delivery part
        return None, f"pitch and loudness not measured ({type(exc).__name__}: {exc})"


def measure_delivery_file(
    path: Path, analysis: Analysis, config: Config, stopped: Callable[[], bool]
) -> tuple[Delivery | None, str]:
    """``measure_delivery`` of a recorded answer's file (the app's report comes first, its
    delivery part after, from the file it was saved to)."""
    try:
        samples = load_audio(path).samples
    except Exception as exc:
        return None, f"pitch and loudness not measured ({type(exc).__name__}: {exc})"
    return measure_delivery(analysis, samples, config, stopped)


def add_content(
    analysis: Analysis,
    question: Question | None,
    config: Config | None = None,
    history: Sequence[Analysis] = (),
) -> Analysis:
    """Attach talking points, answer-shape flags and personal targets when there is speech;
    for a behavioural question also its STAR check, and the tip on what the story lacks."""
    if analysis.no_speech:
        return analysis
    config = config or Config()
    analysis.content = assess_content(
        analysis,
        question,
        history=[*history, analysis],
        max_fillers_per_min=config.max_fillers_per_min,
        pace=(config.pace_min_wpm, config.pace_max_wpm),
    )
    analysis.star = assess_star(analysis, question)
    analysis.tips = with_star_tip(analysis.tips, analysis.star, question, analysis)
    return analysis


def analyze_file(
    path: str | Path,
    transcriber: Transcriber,
    question: Question | None = None,
    config: Config | None = None,
    progress: Progress | None = None,
    history: Sequence[Analysis] = (),
) -> Analysis:
    """Load any audio file (AudioFileError on bad input) and analyse it."""
    audio = load_audio(path)
    analysis = analyze_samples(audio.samples, transcriber, question, config, progress, history)
    return with_file_note(analysis, audio)


def with_file_note(analysis: Analysis, audio: LoadedAudio) -> Analysis:
    """The file's own note (it ends before its header says) first among the analysis's."""
    if audio.note:
        analysis.notes.insert(0, audio.note)
    return analysis
