"""Audio in, report out: the one path the CLI, the UI and the benchmark all take."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from voicecoach.analysis import analyze
from voicecoach.audio.files import load_audio
from voicecoach.config import Config
from voicecoach.questions import Question
from voicecoach.results import Analysis
from voicecoach.transcribe import Progress, Transcriber


def analyze_samples(
    samples: np.ndarray,
    transcriber: Transcriber,
    question: Question | None = None,
    config: Config | None = None,
    progress: Progress | None = None,
) -> Analysis:
    """Transcribe 16 kHz mono samples and analyse them against the question's targets."""
    transcript = transcriber.transcribe(samples, progress=progress)
    return analyze(samples, transcript, question=question, config=config)


def analyze_file(
    path: str | Path,
    transcriber: Transcriber,
    question: Question | None = None,
    config: Config | None = None,
    progress: Progress | None = None,
) -> Analysis:
    """Load any audio file (AudioFileError on bad input) and analyse it."""
    audio = load_audio(path)
    return analyze_samples(audio.samples, transcriber, question, config, progress)
