"""Audio in, report out: the one path the CLI, the UI and the benchmark all take."""

from __future__ import annotations

from collections.abc import Sequence
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
from voicecoach.datatypes import Analysis, Transcript
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
    return add_content(analysis, question, config, history)


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
