"""The mock interview's final report, in the spirit of the seed's reviewer.

Per question: what was asked, what was said, what went well and what to improve (delivery and
content); then overall insights across the interview (filler trend, pace, duration discipline,
points missed, recurring shape problems). One block structure renders to Markdown and to a
standalone HTML page, so the two never disagree. No UI imports.
"""

from __future__ import annotations

import contextlib
import html
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from voicecoach.analysis.content import SHORT_ANSWER_TIP
from voicecoach.datatypes import (
    COUNT_METRICS,
    Analysis,
    Verdict,
    fillers_said,
    verdict_value_text,
)
from voicecoach.questions import Question
from voicecoach.rendering.delivery import (
    HEADING,
    delivery_lines,
    delivery_verdicts,
    verdict_line,
)
from voicecoach.rendering.star import OUTLINE_HEADING, star_told


@dataclass
class InterviewAnswer:
    """One question of the interview: the analysis, or why there is none."""

    question: Question
    analysis: Analysis | None = None
    source: str = ""  # the audio file or "recorded"
    skipped: str = ""  # why there is no analysis ("no file", an error...)
    # A follow-up's answer (``question.parent_id`` set): what in the parent's answer asked it.
    because: str = ""


@dataclass
class Block:
    """A piece of the report: h1/h2/h3/p/quote/ul/table."""

    kind: str
    text: str = ""
    items: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


SHAPE_WELL = {
    "restate": "Restated the question before answering.",
    "direct": "Led with a direct answer.",
    "example": "Backed the answer with a concrete example.",
    "impact": "Gave concrete impact (a number).",
}
FLAG_SUMMARY = {
    "too-short": "too short",
    "structure": "not shaped as restate / answer / example",
    "impact": "no concrete impact (no number)",
    "hedge": "hedges and weak words",
    "negative-framing": "negative about the current employer",
    "repetition": "words or phrases repeated many times",
}


def _value_text(v: Verdict) -> str:
    """Rounded as the app and the text report round it (2.5 s under 3-10 s is not "3 s")."""
    return verdict_value_text(v)


def _verdict_text(v: Verdict) -> str:
    """ "Pace 178 wpm (target 120-160 wpm)"; a count names itself ("1 filler (target ...)")."""
    if v.metric in COUNT_METRICS:
        return f"{_value_text(v)} (target {v.target})"
    return f"{v.label or v.metric} {_value_text(v)} (target {v.target})"


FILLER_METRICS = ("filler_rate_per_min", "filler_count")


def went_well(analysis: Analysis) -> list[str]:
    """Delivery targets met, points made (with the words), the shape checks passed, and a
    personal target met (kept here: under "What to improve" it sat beside "on target")."""
    out = [f"{_verdict_text(v)}: on target." for v in analysis.verdicts if v.ok]
    content = analysis.content
    if content is not None:
        for p in content.covered:
            out.append(f'Made the point: {p.point} ("{p.evidence}").')
        for key, ok in content.shape.items():
            if ok:
                out.append(SHAPE_WELL[key])
        for t in content.personal_targets:
            if t.met:
                out.append(f"Your own target: {t.line}.")
    told = star_told(analysis.star) if analysis.star is not None else None
    if told:  # what it lacks is the STAR tip, under "What to improve"
        out.append(told)
    return out


def to_improve(analysis: Analysis) -> list[str]:
    """Delivery off target (one line), points missed (one line), shape flags, the personal
    targets not met, then the tips: each from the verdicts "What went well" states, so the
    two lists never name the same target."""
    out = []
    off = [f"{_verdict_text(v)}: {v.status}" for v in analysis.verdicts if not v.ok]
    fillers_off = any(v.metric in FILLER_METRICS and not v.ok for v in analysis.verdicts)
    if analysis.fillers and fillers_off:
        off.append("fillers heard: " + fillers_said(analysis.fillers))
    if off:
        out.append("Delivery: " + "; ".join(off) + ".")
    content = analysis.content
    kinds: set[str] = set()
    if content is not None:
        if content.missed:
            out.append("Missed points: " + "; ".join(p.point for p in content.missed) + ".")
        for f in content.flags:
            kinds.add(f.kind)
            quoted = f.evidence and f.kind != "repetition"
            out.append(f"{f.message}" + (f' ("{f.evidence}")' if quoted else ""))
        for t in content.personal_targets:
            if not t.met:
                out.append(f"Your next target: {t.line}.")
    for tip in analysis.tips:
        if "too-short" in kinds and SHORT_ANSWER_TIP in tip:
            continue  # the flag already says it
        if tip not in out:
            out.append(tip)
    return out


def _trend(rates: list[float]) -> str:
    if len(rates) < 2:
        return "one answer only: no trend yet"
    half = len(rates) // 2
    early = sum(rates[:half]) / half
    late = sum(rates[-half:]) / half
    if late > early + 0.5:
        return f"rose as the interview went on ({early:.1f} -> {late:.1f} per min)"
    if late < early - 0.5:
        return f"fell as the interview went on ({early:.1f} -> {late:.1f} per min)"
    return f"steady across the interview (about {(early + late) / 2:.1f} per min)"


def insights(answers: list[InterviewAnswer], max_fillers_per_min: float = 2.0) -> list[str]:
    """The overall insights: filler trend, pace, duration discipline, points missed, shape."""
    done = [a for a in answers if a.analysis is not None and not a.analysis.no_speech]
    out: list[str] = []
    skipped = [a.question.id for a in answers if a not in done]
    if not done:
        return ["No answers to judge: every question was skipped or silent."]
    rates = [a.analysis.filler_rate_per_min for a in done if a.analysis]
    steps = " -> ".join(
        f"{a.question.id} {a.analysis.filler_rate_per_min:.1f}" for a in done if a.analysis
    )
    total = sum(len(a.analysis.fillers) for a in done if a.analysis)
    words = Counter(f.text.strip().lower() for a in done if a.analysis for f in a.analysis.fillers)
    common = ", ".join(f"'{w}' x{n}" for w, n in words.most_common(3))
    out.append(
        f"Fillers: {total} in all{f' ({common})' if common else ''}; per minute {_trend(rates)}. "
        f"By question: {steps}. Target: <= {max_fillers_per_min:g} per min."
    )
    # Only answers long enough to have a pace (a wpm verdict): a one-word greeting is "171 wpm"
    # by arithmetic and stretched the range ("from 146 to 171") though no pace was judged.
    paces = [
        a.analysis.wpm
        for a in done
        if a.analysis and any(v.metric == "wpm" for v in a.analysis.verdicts)
    ]
    if paces:
        pace_off = [
            a.question.id
            for a in done
            if a.analysis and any(v.metric == "wpm" and not v.ok for v in a.analysis.verdicts)
        ]
        out.append(
            f"Pace: {sum(paces) / len(paces):.0f} wpm on average (from {min(paces):.0f} to "
            f"{max(paces):.0f})"
            + (f"; off target on {', '.join(pace_off)}." if pace_off else "; on target throughout.")
        )
    within, over, under = [], [], []
    for a in done:
        dur = next((v for v in a.analysis.verdicts if v.metric == "duration_s"), None)  # type: ignore[union-attr]
        if dur is None:
            continue
        {"ok": within, "over": over, "under": under}[dur.status].append(a.question.id)
    line = f"Duration discipline: {len(within)} of {len(done)} answers within their time target"
    if under:
        line += f"; too short: {', '.join(under)}"
    if over:
        line += f"; too long: {', '.join(over)}"
    out.append(line + ".")
    made = total_points = 0
    missed_by_q = []
    for a in done:
        content = a.analysis.content if a.analysis else None
        if content is None or not content.talking_points:
            continue
        made += len(content.covered)
        total_points += len(content.talking_points)
        if content.missed:
            missed_by_q.append(
                f"{a.question.id}: " + ", ".join(p.point.lower() for p in content.missed)
            )
    if total_points:
        out.append(
            f"Talking points: {made} of {total_points} made. Missed: "
            + (" / ".join(missed_by_q) if missed_by_q else "none")
            + "."
        )
    kinds = Counter(
        f.kind
        for a in done
        if a.analysis and a.analysis.content
        for f in {f.kind: f for f in a.analysis.content.flags}.values()
    )
    for kind, n in kinds.most_common():
        if n >= 2:
            out.append(
                f"Answer shape: {FLAG_SUMMARY.get(kind, kind)} in {n} of {len(done)} answers."
            )
    out.append(
        "Structure every answer this way: restate the question, give the short "
        "direct answer, then one concrete example with a number."
    )
    if skipped:
        out.append(f"Not answered: {', '.join(skipped)}.")
    return out


def build(answers: list[InterviewAnswer], max_fillers_per_min: float = 2.0) -> list[Block]:
    """The report as blocks, questions in interview order."""
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    main = [a for a in answers if a.question.parent_id is None]
    followups = len(answers) - len(main)
    answered = sum(1 for a in main if a.analysis is not None)
    asked = f", and {followups} follow-up{'s' if followups != 1 else ''}" if followups else ""
    blocks = [
        Block("h1", "Mock interview report"),
        Block("p", f"{when} · {answered} of {len(main)} questions answered{asked}."),
    ]
    n = 0
    for a in answers:
        q = a.question
        level = "h3"
        if q.parent_id is None:
            n += 1
            blocks.append(Block("h2", f"{n}. {q.title} ({q.id})"))
        else:  # under its parent, as the interviewer asked it
            blocks.append(Block("h3", f"Follow-up to {n}: {q.title} ({q.id})"))
            if a.because:
                blocks.append(Block("p", f"Asked because the answer above {a.because}."))
            level = "h4"
        blocks.append(Block("p", f"Q: {q.prompt}"))
        if a.analysis is None:
            blocks.append(Block("p", f"Not answered: {a.skipped or 'skipped'}."))
            continue
        an = a.analysis
        if an.no_speech:
            blocks.append(Block("p", "No speech was heard in this answer."))
            continue
        blocks.append(Block("quote", an.transcript))
        blocks.append(
            Block(
                "table",
                header=["Metric", "Value", "Target", ""],
                rows=[
                    [
                        v.label or v.metric,
                        _value_text(v),
                        v.target,
                        "ok" if v.ok else v.status,
                    ]
                    for v in an.verdicts
                ],
            )
        )
        if an.delivery is not None:  # measured: how it sounded, in short (no plot here)
            items = [verdict_line(v) for v in delivery_verdicts(an.delivery)]
            items += delivery_lines(an.delivery, marked=False)
            blocks.append(Block(level, HEADING))
            blocks.append(Block("ul", items=items))
        blocks.append(Block(level, "What went well"))
        blocks.append(Block("ul", items=went_well(an) or ["Not much yet: see below."]))
        blocks.append(Block(level, "What to improve"))
        blocks.append(Block("ul", items=to_improve(an) or ["Nothing: a strong answer."]))
        if q.outline:  # after the answer, as on the results screen
            blocks.append(Block("h3", OUTLINE_HEADING))
            blocks.append(Block("ul", items=list(q.outline)))
    blocks.append(Block("h2", "Overall insights"))
    blocks.append(Block("ul", items=insights(answers, max_fillers_per_min)))
    return blocks


def _md_escape(text: str, table: bool = False) -> str:
    text = text.replace("*", "\\*").replace("_", "\\_")
    return text.replace("|", "\\|") if table else text


def to_markdown(blocks: list[Block]) -> str:
    out: list[str] = []
    for b in blocks:
        if b.kind in ("h1", "h2", "h3", "h4"):
            out.append("#" * int(b.kind[1]) + " " + _md_escape(b.text))
        elif b.kind == "p":
            out.append(_md_escape(b.text))
        elif b.kind == "quote":
            out.append("> " + _md_escape(b.text))
        elif b.kind == "ul":
            out.append("\n".join(f"- {_md_escape(i)}" for i in b.items))
        elif b.kind == "table":
            out.append("| " + " | ".join(b.header) + " |")
            out[-1] += "\n|" + "---|" * len(b.header)
            for row in b.rows:
                out[-1] += "\n| " + " | ".join(_md_escape(c, table=True) for c in row) + " |"
        out.append("")
    return "\n".join(out)


CSS = """
body { font: 16px/1.5 system-ui, sans-serif; max-width: 52rem; margin: 2rem auto;
       padding: 0 1rem; color: #222; }
h1 { border-bottom: 2px solid #444; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ccc; }
blockquote { margin: 0.5rem 0; padding: 0.5rem 1rem; background: #f5f5f0;
             border-left: 4px solid #999; }
table { border-collapse: collapse; margin: 0.5rem 0; }
td, th { padding: 0.2rem 0.8rem; border-bottom: 1px solid #ddd; text-align: left; }
td.ok { color: #17803d; } td.over, td.under { color: #b42318; font-weight: bold; }
"""


def to_html(blocks: list[Block], title: str = "Mock interview report") -> str:
    """A standalone page: inline CSS, no scripts, no external assets."""
    e = html.escape
    body: list[str] = []
    for b in blocks:
        if b.kind in ("h1", "h2", "h3", "h4"):
            body.append(f"<{b.kind}>{e(b.text)}</{b.kind}>")
        elif b.kind == "p":
            body.append(f"<p>{e(b.text)}</p>")
        elif b.kind == "quote":
            body.append(f"<blockquote>{e(b.text)}</blockquote>")
        elif b.kind == "ul":
            body.append("<ul>" + "".join(f"<li>{e(i)}</li>" for i in b.items) + "</ul>")
        elif b.kind == "table":
            head = "".join(f"<th>{e(h)}</th>" for h in b.header)
            rows = "".join(
                "<tr>"
                + "".join(
                    f'<td class="{e(c)}">{e(c)}</td>' if i == len(row) - 1 else f"<td>{e(c)}</td>"
                    for i, c in enumerate(row)
                )
                + "</tr>"
                for row in b.rows
            )
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def write_reports(
    answers: list[InterviewAnswer], out: Path, max_fillers_per_min: float = 2.0
) -> tuple[Path, Path]:
    """Write ``out`` (Markdown) and the same name with .html beside it; returns both paths."""
    blocks = build(answers, max_fillers_per_min)
    md_path, html_path = report_paths(out)
    md_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    _write_private(md_path, to_markdown(blocks))
    _write_private(html_path, to_html(blocks))
    return md_path, html_path


def report_paths(out: Path) -> tuple[Path, Path]:
    """The Markdown report (``out``, .md added unless it ends so) and the HTML beside it."""
    md_path = out if out.suffix.lower() in (".md", ".markdown") else out.with_suffix(".md")
    return md_path, md_path.with_suffix(".html")


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` readable by the user only (0600), as every other file voicecoach keeps:
    a report quotes the answers word for word."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    with contextlib.suppress(OSError):  # an existing file keeps its old mode through O_CREAT
        path.chmod(0o600)
