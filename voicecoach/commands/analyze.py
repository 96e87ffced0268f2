"""`voicecoach analyze FILE`: the report on a recorded answer, as text or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from voicecoach.config import Config
from voicecoach.errors import VoicecoachError

if TYPE_CHECKING:
    from voicecoach.questions import Bank


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "analyze",
        parents=[common],
        help="analyse a recorded answer (WAV, FLAC, OGG, MP3)",
        description="Transcribe an answer offline and report duration, pace, fillers and "
        "pauses against the question's targets.",
        epilog="Example: voicecoach analyze answer.wav --question intro --save",
    )
    p.add_argument("file", type=Path, help="audio file: WAV, FLAC, OGG or MP3, any rate")
    p.add_argument("--question", "-q", metavar="ID", help="question id, for its time target")
    p.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    p.add_argument("--save", action="store_true", help="keep the attempt in your history")
    p.add_argument(
        "--parent",
        type=int,
        metavar="ATTEMPT",
        help="with --save and a follow-up's id (--question celery-why.network-errors): the "
        "attempt it follows up on, to link them in history",
    )
    p.set_defaults(func=run)


def load_config(args: argparse.Namespace) -> Config:
    config_path = getattr(args, "config", None)
    cfg = Config.load(Path(config_path) if config_path else None, getattr(args, "home", None))
    if getattr(args, "model", None):
        cfg.model = args.model
    device = getattr(args, "device", None)  # `voicecoach --device X interview` records from X
    if device is not None:
        cfg.device = int(device) if isinstance(device, str) and device.isdigit() else device
    return cfg


def load_config_and_bank(args: argparse.Namespace) -> tuple[Config, Bank]:
    """The config and its question banks, as `analyze` and `interview` start; a bank that
    cannot be read is a warning (the built-in questions still work), not an error."""
    from voicecoach.paths import own_questions_file
    from voicecoach.questions import load_bank

    cfg = load_config(args)
    bank = load_bank(cfg.question_banks, own_questions_file(getattr(args, "home", None)))
    for error in bank.errors:
        print(f"voicecoach: warning: {error}", file=sys.stderr)
    return cfg, bank


def make_transcriber(cfg: Config):  # noqa: ANN201 - WhisperTranscriber, imported lazily
    from voicecoach.transcription.model_files import resolve_model
    from voicecoach.transcription.whisper import WhisperTranscriber

    return WhisperTranscriber(resolve_model(cfg.model))


@contextmanager
def progress_shown(stream: TextIO) -> Iterator[Callable[[float], None] | None]:
    """A progress bar on ``stream`` while the answer is analysed (5-10 s of silence otherwise);
    only on a terminal, so piped output, ``--json`` and tests stay exactly as they were."""
    isatty = getattr(stream, "isatty", None)
    if not (callable(isatty) and isatty()):
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=Console(file=stream),
        transient=True,
    )
    task = bar.add_task("loading the model and transcribing…", total=None)

    def progress(fraction: float) -> None:
        if fraction >= 1.0:
            bar.update(task, description="measuring pace, fillers and pauses…", total=None)
        elif fraction > 0:
            bar.update(task, description="transcribing…", total=1.0, completed=fraction)

    with bar:
        yield progress


def run(args: argparse.Namespace) -> int:
    from voicecoach.practice.pipeline import analyze_samples, with_file_note
    from voicecoach.rendering.report import print_report

    cfg, bank = load_config_and_bank(args)
    question = None
    if args.question:
        question = bank.find(args.question)
        if question is None:
            raise VoicecoachError(
                f"unknown question {args.question!r}; known: {', '.join(bank.ids)}"
            )
    parent_id = getattr(args, "parent", None)
    if parent_id is not None and not getattr(args, "save", False):
        raise VoicecoachError("--parent links a saved answer: add --save")
    if parent_id is not None and (question is None or question.parent_id is None):
        raise VoicecoachError(
            "--parent needs a follow-up's id as --question (<question-id>.<follow-up id>)"
        )
    transcriber = make_transcriber(cfg)
    store = None
    if getattr(args, "save", False):
        # Opened first: a data directory that cannot be used fails now, not after the wait.
        from voicecoach.store import Store

        store = Store(cfg.home)
        if parent_id is not None and question is not None:
            parent = store.get(parent_id)  # one line when there is no such attempt
            if parent.question_id != question.parent_id:
                raise VoicecoachError(
                    f"attempt {parent_id} answers {parent.question_id!r}; {question.id!r} "
                    f"follows up on {question.parent_id!r}"
                )
    linked = {"parent_id": parent_id} if parent_id is not None else {}
    # Read the file once, before the model loads, so bad input fails fast.
    from voicecoach.audio.files import load_audio
    from voicecoach.audio.markers import killed_recording
    from voicecoach.audio.recovery import repair_wav

    if killed_recording(args.file) is not None:
        # A recording kept from a killed session (`history` suggests this command for it):
        # its header stops up to half a second short of the audio, or at 0; the app repairs
        # it before analysing, and so does this.
        repair_wav(args.file)
    audio = load_audio(args.file)
    with progress_shown(sys.stderr) as progress:
        analysis = analyze_samples(audio.samples, transcriber, question, cfg, progress)
    with_file_note(analysis, audio)
    question_id = question.id if question else None
    attempt = None
    if args.json:
        # One JSON object on stdout either way: the report, carrying the "error" when saving
        # fails (a full disk), so the analysis waited for is still there and still valid JSON.
        failed: VoicecoachError | None = None
        if store is not None:
            try:
                attempt = store.save(analysis, args.file, question_id, move_audio=False, **linked)
            except VoicecoachError as exc:
                failed = exc
        report = {**analysis.to_dict(), "followup": followup_json(question, analysis)}
        if failed is None:
            print(json.dumps(report, indent=2), flush=True)
        else:
            print(json.dumps({**report, "error": str(failed)}, indent=2), flush=True)
            failed.json_shown = True
            raise failed
    else:
        # The report first: if saving fails (a full disk), the analysis is still shown.
        print_report(analysis, question, cfg.min_pause_s)
        sys.stdout.flush()
        if store is not None:
            attempt = store.save(analysis, args.file, question_id, move_audio=False, **linked)
        if question is not None:
            print_followup(question, analysis, attempt)
    if attempt is not None:
        print(f"saved as attempt {attempt.id}", file=sys.stderr)
    return 0


def fired_followup(question: Any, analysis: Any) -> Any:
    """The follow-up this answer calls for (a FiredFollowup), or None: none after a
    follow-up's own answer, nor without a question."""
    from voicecoach.analysis.followups import next_followup

    if question is None or question.parent_id is not None:
        return None
    return next_followup(question, analysis)


def followup_json(question: Any, analysis: Any) -> dict[str, str] | None:
    """The JSON report's ``followup``: what the text report ends with, for scripts."""
    fired = fired_followup(question, analysis)
    if fired is None:
        return None
    return {"id": fired.question.id, "prompt": fired.question.prompt, "why": fired.because}


def print_followup(question: Any, analysis: Any, attempt: Any) -> None:
    """The follow-up this answer calls for, if any, and the command that answers it."""
    fired = fired_followup(question, analysis)
    if fired is None:
        return
    link = f" --save --parent {attempt.id}" if attempt is not None else ""
    print(
        f"\nFollow-up: {fired.question.prompt}\n  (asked because you {fired.because}; answer "
        f"it with `voicecoach analyze ANSWER --question {fired.question.id}{link}`)"
    )
