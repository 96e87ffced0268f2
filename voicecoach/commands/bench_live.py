"""`voicecoach bench-live`: how soon the report is ready after the stop (live transcription).

Registered as "bench-live"; cli.SUBCOMMANDS lists modules, so it needs "bench_live" there.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "bench-live",
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
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from voicecoach import bench_live

    log = lambda m: print(f"  {m}", file=sys.stderr)  # noqa: E731
    model = getattr(args, "model", None) or "tiny.en"
    if args.words_only:
        figures = bench_live.run_words(args.clips, log, model)
    else:
        figures = bench_live.run(args.runs, args.clips, not args.no_ui, log, model)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2) if args.json else bench_live.summary(figures))
    return 0
