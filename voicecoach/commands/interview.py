"""`voicecoach interview`: a mock interview, every question in order, then the final report.

With ``--from-files DIR`` each answer is ``DIR/<question-id>.<ext>`` (WAV, FLAC, OGG, MP3); a
question without a file is reported as not answered. Without it, in a terminal, each question is
shown (and read aloud), and Enter starts and stops the recording of the answer. After an answer
whose follow-up fires, the follow-up is asked next (``DIR/<question-id>.<follow-up id>.<ext>``
from files; none there, none asked), and the report shows it under its parent.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from voicecoach.errors import VoicecoachError
from voicecoach.paths import user_path

AUDIO_EXTENSIONS = (".wav", ".flac", ".ogg", ".mp3")
DEFAULT_OUT = "interview-report.md"


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "interview",
        parents=[common],
        help="a mock interview: every question in order, then a full report (Markdown + HTML)",
        description="A mock interview: the practice questions in order (the nine of a "
        "backend-developer interview, from 'Nice to meet you' to 'What would you develop in "
        "AI?', plus any question banks of your own), each read aloud and answered out loud. "
        "Each answer is analysed for delivery (speaking time, pace, fillers, pauses) and "
        "content (talking points, answer shape), then a final report gives per-question "
        "feedback and overall insights.",
        epilog="Example: voicecoach interview --questions intro,leader --out my-interview.md  |  "
        "voicecoach interview --from-files answers/ --save",
    )
    p.add_argument(
        "--from-files",
        type=user_path,
        metavar="DIR",
        help="take the answers from DIR/<question-id>.<wav|flac|ogg|mp3> instead of recording",
    )
    p.add_argument(
        "--out",
        type=user_path,
        default=Path(DEFAULT_OUT),
        metavar="FILE.md",
        help=f"report path: FILE.md and FILE.html are written (default: {DEFAULT_OUT})",
    )
    p.add_argument(
        "--questions",
        metavar="ID,ID",
        help="only these questions, still in interview order (default: the whole bank)",
    )
    p.add_argument("--save", action="store_true", help="keep each answer in your history")
    p.set_defaults(func=run)


def find_answer(directory: Path, question_id: str) -> Path | None:
    """``<question-id>.<ext>`` in ``directory``, any supported extension, any case (the ids
    are on the command line too: `Greeting.flac` was ignored as not named for a question)."""
    for ext in AUDIO_EXTENSIONS:
        for candidate in (
            directory / f"{question_id}{ext}",
            directory / f"{question_id}{ext.upper()}",
        ):
            if candidate.is_file():
                return candidate
    wanted = {f"{question_id}{ext}".casefold() for ext in AUDIO_EXTENSIONS}
    try:
        names = sorted(directory.iterdir())
    except OSError:
        return None
    return next((p for p in names if p.name.casefold() in wanted and p.is_file()), None)


def ignored_files(directory: Path, questions: list[Any]) -> list[str]:
    """Files in ``directory`` the interview will not read (``about_me.wav``): they were passed
    over without a word, and the speaker thought that answer was in the report."""
    ids = [q.id for q in questions] + [f.question.id for q in questions for f in q.followups]
    used = {p for qid in ids if (p := find_answer(directory, qid)) is not None}
    return sorted(
        p.name
        for p in directory.iterdir()
        if p.is_file() and p not in used and not p.name.startswith(".")
    )


def _open_store(home: str | None) -> Any:
    from voicecoach.store import Store, StoreError

    try:
        return Store(home)
    except StoreError as exc:
        print(f"voicecoach: warning: no history for personal targets ({exc})", file=sys.stderr)
        return None


def _history(store: Any, question_id: str) -> list[Any]:
    """Earlier answers to the question, oldest first (for personal targets)."""
    if store is None:
        return []
    try:
        return [a.analysis for a in reversed(store.list(question_id))]
    except VoicecoachError:
        return []


def record_answer(question: Any, cfg: Any, workdir: Path, speak: bool) -> Path | None:
    """Plain-terminal recording: the question is shown (and read aloud); Enter starts and stops."""
    from voicecoach.audio.capture import Recorder

    title = f"Follow-up: {question.title}" if question.parent_id else question.title
    print(f"\n{title}\n  {question.prompt}\n  (target {question.target_label})")
    if speak:
        try:
            from voicecoach.audio.question_voice import QuestionVoice

            voice = QuestionVoice()  # the default output; cfg.device is the microphone
            if voice.available():
                voice.speak(question.prompt)
                voice.wait(30)
        except Exception as exc:  # the text is on screen; the voice is a nicety
            print(f"  (could not read the question aloud: {exc})", file=sys.stderr)
    try:
        reply = input("  Enter to start answering, s + Enter to skip: ").strip().lower()
    except EOFError:
        return None
    if reply == "s":
        return None
    path = workdir / f"{question.id}.wav"
    recorder = Recorder(path, cfg.device)
    recorder.start()
    try:
        input("  Recording... Enter to stop. ")
    except EOFError:
        pass
    finally:
        recorder.stop()
    if recorder.error:
        raise VoicecoachError(f"recording failed: {recorder.error}")
    return path


def run(args: argparse.Namespace) -> int:
    from voicecoach.commands.analyze import load_config_and_bank, make_transcriber
    from voicecoach.practice.pipeline import analyze_file
    from voicecoach.rendering.interview_report import InterviewAnswer, report_paths, write_reports

    cfg, bank = load_config_and_bank(args)
    questions = list(bank.questions)
    if args.questions:
        typed = [q.strip() for q in args.questions.split(",") if q.strip()]
        unknown = [q for q in typed if bank.find(q) is None]
        if unknown:
            raise VoicecoachError(
                f"unknown question(s) {', '.join(unknown)}; known: {', '.join(bank.ids)}"
            )
        wanted = {found.id for q in typed if (found := bank.find(q)) is not None}
        questions = [q for q in questions if q.id in wanted]
    directory: Path | None = args.from_files
    if directory is not None:
        if not directory.is_dir():
            raise VoicecoachError(f"{directory}: not a directory of answers")
        ignored = ignored_files(directory, questions)
        if not any(find_answer(directory, q.id) for q in questions):
            raise VoicecoachError(
                f"{directory}: no answer files; name them <question-id>.wav|flac|ogg|mp3, "
                f"e.g. {questions[0].id}.flac (ids: {', '.join(q.id for q in questions)})"
                + (f"; ignored: {', '.join(ignored)}" if ignored else "")
            )
        if ignored:
            print(
                f"voicecoach: ignored {', '.join(ignored)}: not named <question-id>.<ext> for "
                f"a question of this interview (ids: {', '.join(q.id for q in questions)})",
                file=sys.stderr,
            )
    elif not sys.stdin.isatty():
        raise VoicecoachError(
            "recording needs a terminal; use --from-files DIR for recorded answers"
        )

    md_path, html_path = report_paths(args.out)
    check_writable(md_path)  # before the interview, not after it
    store = _open_store(cfg.home)
    transcriber = make_transcriber(cfg)
    speak = bool(cfg.speak_questions) and not getattr(args, "no_voice", False)
    answers: list[InterviewAnswer] = []
    # Recorded answers go to a folder that outlives a failure: if a later question's recording
    # fails, or ctrl+c ends the interview, the answers so far are kept there as
    # <question-id>.wav, which `--from-files` reads. Removed once the report is written.
    recorded = None if directory is not None else answers_dir(cfg.home)
    try:
        for n, q in enumerate(questions, 1):
            if directory is not None:
                path = find_answer(directory, q.id)
            else:
                assert recorded is not None
                path = record_answer(q, cfg, recorded, speak)
            if path is None:
                answers.append(
                    InterviewAnswer(q, skipped="no answer file" if directory else "skipped")
                )
                continue
            print(f"[{n}/{len(questions)}] {q.id}: analysing {path.name}", file=sys.stderr)
            try:
                analysis = analyze_file(path, transcriber, q, cfg, history=_history(store, q.id))
            except VoicecoachError as exc:
                answers.append(InterviewAnswer(q, source=str(path), skipped=str(exc)))
                continue
            parent = None
            if args.save and store is not None:
                parent = store.save(analysis, path, q.id, move_audio=False)
            answers.append(InterviewAnswer(q, analysis, str(path)))
            asked = ask_followup(q, analysis, directory, recorded, cfg, speak, transcriber, store)
            if asked is not None:
                follow, because, follow_path, follow_analysis = asked
                if args.save and store is not None:
                    linked = getattr(parent, "id", None)
                    store.save(
                        follow_analysis, follow_path, follow.id, move_audio=False, parent_id=linked
                    )
                answers.append(
                    InterviewAnswer(follow, follow_analysis, str(follow_path), because=because)
                )
        try:
            write_reports(answers, md_path, cfg.max_fillers_per_min)
        except OSError as exc:
            raise VoicecoachError(
                f"cannot write the report to {md_path} ({exc.strerror or exc}); "
                "choose another place with --out"
            ) from exc
    except BaseException:
        if recorded is not None and any(recorded.iterdir()):
            print(
                f"voicecoach: the answers recorded so far are kept in {recorded}; get their "
                f"report with `voicecoach interview --from-files {recorded}`",
                file=sys.stderr,
            )
        elif recorded is not None:
            shutil.rmtree(recorded, ignore_errors=True)
        raise
    if recorded is not None:
        shutil.rmtree(recorded, ignore_errors=True)
    print(f"report: {md_path} and {html_path}")
    return 0


def ask_followup(
    question: Any,
    analysis: Any,
    directory: Path | None,
    recorded: Path | None,
    cfg: Any,
    speak: bool,
    transcriber: Any,
    store: Any,
) -> tuple[Any, str, Path, Any] | None:
    """The follow-up this answer calls for, asked and analysed: (its question, why it was
    asked, its audio, its analysis); None when none fires, it is skipped, it has no file or
    its file cannot be analysed (said on stderr)."""
    from voicecoach.analysis.followups import next_followup
    from voicecoach.practice.pipeline import analyze_file

    fired = next_followup(question, analysis)
    if fired is None:
        return None
    follow = fired.question
    if directory is not None:
        path = find_answer(directory, follow.id)
    else:
        assert recorded is not None
        path = record_answer(follow, cfg, recorded, speak)
    if path is None:
        return None
    print(f"  follow-up {follow.id}: analysing {path.name}", file=sys.stderr)
    try:
        found = analyze_file(path, transcriber, follow, cfg, history=_history(store, follow.id))
    except VoicecoachError as exc:
        print(f"voicecoach: follow-up {follow.id} not analysed: {exc}", file=sys.stderr)
        return None
    return follow, fired.because, path, found


def check_writable(path: Path) -> None:
    """One line now if the report could not be written there later."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path.parent):
            pass
    except OSError as exc:
        raise VoicecoachError(
            f"cannot write the report to {path} ({exc.strerror or exc}); "
            "choose another place with --out"
        ) from exc


def answers_dir(home: str | None) -> Path:
    """A private folder for this interview's recordings: in the data directory, else in the
    system's temporary folder."""
    from voicecoach.practice.interview import interviews_dir

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        parent = interviews_dir(None, home)
        parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f"{stamp}-", dir=parent))
    except OSError:
        return Path(tempfile.mkdtemp(prefix=f"voicecoach-interview-{stamp}-"))
