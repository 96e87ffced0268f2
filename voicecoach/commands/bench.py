"""`voicecoach bench`: accuracy and speed on samples/, beside a bare-Whisper baseline."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "bench",
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
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from voicecoach import bench
    from voicecoach.environment import one_line
    from voicecoach.models import resolve_model

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
