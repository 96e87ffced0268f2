"""`python -m benchmarks accuracy|live`: the benchmark's command line, outside the shipped package.

``accuracy``: filler, pause and pace accuracy on samples/ beside a bare faster-whisper baseline;
``live``: how soon the report is ready after the stop. `make bench` runs both. Errors are one
line, as the ``voicecoach`` command's are (``--json``: also ``{"error": ...}`` on stdout).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from voicecoach.cli import common_options, run_reporting_errors


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        parents=[common],
        description="The benchmark: accuracy on the labelled samples, and live latency.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    register_accuracy(sub, common)
    register_live(sub, common)
    register_followups(sub, common)
    register_delivery(sub, common)
    register_star(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return run_reporting_errors(args, lambda: args.func(args))


def register_accuracy(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "accuracy",
        parents=[common],
        help="measure filler, pause and pace accuracy on samples/ (and speed)",
        description="Run the analysis over the labelled clips in samples/ and print this "
        "project's figures beside a bare faster-whisper baseline.",
    )
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--out", type=Path, help="also write the JSON figures to this file")
    p.add_argument("--clips", default="*", metavar="GLOB", help="which clips (default: all)")
    p.add_argument("--no-baseline", action="store_true", help="skip the baseline")
    p.add_argument(
        "--variant",
        default="default",
        metavar="NAME",
        help="an idea to measure instead of the default: no-acoustic, no-prompt, "
        "prompt+hotwords, hotwords-only, short-prompt",
    )
    p.set_defaults(func=run_accuracy)


def run_accuracy(args: argparse.Namespace) -> int:
    from benchmarks import accuracy as bench
    from benchmarks.environment import one_line
    from voicecoach.transcription.model_files import resolve_model

    model = getattr(args, "model", None) or "tiny.en"
    model_dir = resolve_model(model)

    def progress(message: str) -> None:
        print(f"  {message}", file=sys.stderr)

    runs = bench.run(model_dir, args.clips, not args.no_baseline, progress, args.variant)
    figures = bench.to_json(runs, model)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(figures, indent=2) + "\n")
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(f"voicecoach bench, model {model}, {figures['date']}, {figures['machine']}")
        print(f"  where: {one_line(figures['environment'])}")
        print(bench.table(runs))
        print()
        print("split by voice (samples/split.json): thresholds chosen on tuning; claimed: test")
        print(bench.split_table(runs))
    return 0


def register_live(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "live",
        parents=[common],
        help="time from the stop to the report with live transcription (and key latency)",
        description="Feed the 90 s sample in real time to the live transcriber and report the "
        "time from the stop to the complete report, the batch time, CPU use while recording, "
        "agreement with batch on the labelled clips, key latency and start-up time.",
    )
    p.add_argument("--runs", type=int, default=3, help="real-time runs of the 90 s sample")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--out", type=Path, help="also write the JSON figures to this file")
    p.add_argument(
        "--clips", default="*", metavar="GLOB", help="agreement clips ('' to skip; default all)"
    )
    p.add_argument("--no-ui", action="store_true", help="skip key latency and launch time")
    p.add_argument(
        "--words-only",
        action="store_true",
        help="only live against batch words on the --clips, after 0, 0.6 and 1.2 s of lead-in",
    )
    p.add_argument(
        "--arrival-only",
        action="store_true",
        help="only the key latency as the delivery part arrives on the results (--runs times)",
    )
    p.set_defaults(func=run_live)


def run_live(args: argparse.Namespace) -> int:
    from benchmarks import live as bench_live

    log = lambda m: print(f"  {m}", file=sys.stderr)  # noqa: E731
    model = getattr(args, "model", None) or "tiny.en"
    if args.words_only:
        figures = bench_live.run_words(args.clips, log, model)
    elif args.arrival_only:
        figures = bench_live.arrival_only(model, args.runs)
    else:
        figures = bench_live.run(args.runs, args.clips, not args.no_ui, log, model)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2) if args.json else bench_live.summary(figures))
    return 0


def register_followups(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "followups",
        parents=[common],
        help="check every follow-up trigger on the labelled text answers (no model)",
        description="Run each follow-up's trigger over the labelled answers (the clips' words "
        "and samples/followups/answers.toml): it must fire where its condition holds and "
        "nowhere else. Exit 1 when any does not.",
    )
    p.add_argument("--markdown", action="store_true", help="the table as in docs/BENCHMARK.md")
    p.set_defaults(func=lambda args: _followups(args.markdown))


def _followups(as_markdown: bool) -> int:
    from benchmarks import followups

    return followups.main(as_markdown)


def register_delivery(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "delivery",
        parents=[common],
        help="pitch range vs Praat, monotone verdicts, trailing-off F1, cost (samples/delivery/)",
        description="Measure the delivery analysis (issue 21) on samples/delivery/.",
    )
    p.add_argument("--part", default="test", choices=["tuning", "test", "all"])
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--out", type=Path, help="also write the JSON figures to this file")
    p.set_defaults(func=run_delivery)


def run_delivery(args: argparse.Namespace) -> int:
    from benchmarks import delivery as bench

    figures = bench.figures(args.part)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(figures, indent=1) + "\n")
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        bench.print_figures(figures)
    return 0


def register_star(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "star",
        parents=[common],
        help="STAR parts found or missing on the labelled stories in samples/star/",
        description="Analyse each labelled story as the app does and score each STAR part "
        "(situation, task, action, result) found or missing against its truth file, per half "
        "of the split (cues chosen on tuning; the test half is the figure).",
    )
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--out", type=Path, help="also write the JSON figures to this file")
    p.add_argument("--clips", default="*", metavar="GLOB", help="which stories (default: all)")
    p.add_argument("--text", action="store_true", help="score the stories' text (no model)")
    p.set_defaults(func=run_star)


def run_star(args: argparse.Namespace) -> int:
    from benchmarks import star as bench_star
    from benchmarks.environment import where_it_ran

    log = lambda m: print(f"  {m}", file=sys.stderr)  # noqa: E731
    model = getattr(args, "model", None) or "tiny.en"
    figures = bench_star.run(model, args.clips, args.text, log)
    figures["environment"] = where_it_ran()
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2) if args.json else bench_star.summary(figures))
    return 0
