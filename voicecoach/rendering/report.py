"""The report on one answer as text for a terminal (rich) or as JSON. No UI imports."""

from __future__ import annotations

import json
from typing import TextIO

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from voicecoach.datatypes import Analysis, Verdict, plural, verdict_value_text
from voicecoach.questions import Question
from voicecoach.rendering.delivery import HEADING, delivery_lines, delivery_verdicts
from voicecoach.rendering.star import OUTLINE_HEADING, star_heading, star_rows
from voicecoach.rendering.text import TranscriptStyle, transcript_text

STATUS_STYLE = {"ok": "green", "under": "yellow", "over": "red"}
FILLER_STYLE = {"hesitation": "bold black on yellow", "discourse": "bold black on magenta"}
TRANSCRIPT_STYLE = TranscriptStyle(
    fillers=FILLER_STYLE,
    pause="cyan",
    very_long_pause="bold red",
    possible="dim",
    trailing="bold red",
)


def to_json(analysis: Analysis) -> str:
    return json.dumps(analysis.to_dict(), indent=2)


def format_value(metric: str, value: float, status: str = "ok", target: str = "") -> str:
    """A verdict's figure, rounded as the app rounds it (``verdict_value_text``)."""
    ok = status == "ok"
    return verdict_value_text(Verdict(metric, value, target, ok, status))  # type: ignore[arg-type]


def content_text(analysis: Analysis) -> list[Text]:
    """Talking points made (✓) and missed (✗) with the words that showed them, flags, targets."""
    content = analysis.content
    if content is None:
        return []
    parts: list[Text] = []
    if content.talking_points:
        made = len(content.covered)
        parts.append(
            Text(f"Talking points: {made} of {len(content.talking_points)} made", style="bold")
        )
        for p in content.talking_points:
            line = Text("  ")
            if p.covered:
                line.append("✓ ", style="green")
                line.append(p.point)
                line.append(f'  "{p.evidence}"', style="dim")
            else:
                line.append("✗ ", style="red")
                line.append(p.point)
            parts.append(line)
    if content.flags:
        parts.append(Text("Answer shape:", style="bold"))
        for f in content.flags:
            line = Text("  ! ", style="yellow")
            line.append(f.message)
            if f.evidence and f.kind != "repetition":
                line.append(f'  "{f.evidence}"', style="dim")
            parts.append(line)
    if content.personal_targets:
        parts.append(Text("Your next targets:", style="bold"))
        for t in content.personal_targets:
            parts.append(Text(f"  {t.line}"))
    return parts


def verdict_table(verdicts: list[Verdict]) -> Table:
    """Metric, value, target and status: the report's table, also the delivery part's."""
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2))
    table.add_column("Metric")
    table.add_column("Value", justify="right")
    table.add_column("Target")
    table.add_column("")
    for v in verdicts:
        table.add_row(
            v.label or v.metric,
            format_value(v.metric, v.value, v.status, v.target),
            v.target,
            Text(v.status.upper(), style=STATUS_STYLE[v.status]),
        )
    return table


def delivery_text(analysis: Analysis) -> list[Table | Text]:
    """How it sounded (issue 21), when it was measured: its verdicts against their targets,
    then the pitch, loudness, trailing off and pace in words (the screen's plot has no place
    in a terminal's scrollback)."""
    delivery = analysis.delivery
    if delivery is None:
        return []
    parts: list[Table | Text] = [Text(f"{HEADING}:", style="bold")]
    verdicts = delivery_verdicts(delivery)
    if verdicts:
        parts.append(verdict_table(verdicts))
    parts.extend(Text(f"  {line}") for line in delivery_lines(delivery))
    return parts


def star_text(analysis: Analysis, question: Question | None) -> list[Text]:
    """A behavioural answer's STAR parts (✓ with the words, ✗ with what to add), then the
    question's outline of a strong answer: after the attempt, as the results screen shows it."""
    parts: list[Text] = []
    if analysis.star is not None and analysis.star.parts:
        parts.append(Text(star_heading(analysis.star), style="bold"))
        for label, found, detail in star_rows(analysis.star):
            line = Text("  ")
            line.append("✓ " if found else "✗ ", style="green" if found else "red")
            line.append(label)
            line.append(f"  {detail}", style="dim")
            parts.append(line)
    if question is not None and question.outline and not analysis.no_speech:
        parts.append(Text(f"{OUTLINE_HEADING}:", style="bold"))
        parts.extend(Text(f"  {n}. {step}") for n, step in enumerate(question.outline, 1))
    return parts


def render(
    analysis: Analysis, question: Question | None = None, min_pause_s: float = 0.25
) -> Group:
    """A readable report: metrics against targets, fillers, transcript, tips.

    ``min_pause_s`` is the configured shortest pause, named where pauses are counted (the
    analysis does not carry it).
    """
    parts: list[Table | Text] = []
    if question:
        parts.append(Text(f"{question.title}  ({question.id})", style="bold"))
    if analysis.no_speech:
        parts.append(Text("No speech detected.", style="bold yellow"))
    parts.append(verdict_table(analysis.verdicts))
    spoke = analysis.speaking_text()
    summary = Text(spoke[:1].upper() + spoke[1:])
    summary.append(f"; {plural(analysis.word_count, 'word')}")
    if any(v.metric == "wpm" for v in analysis.verdicts):  # no pace from a few words
        summary.append(f"; articulation {analysis.articulation_wpm:.0f} wpm")
    summary.append(f"; {plural(len(analysis.pauses), 'pause')} (>= {min_pause_s:g} s), ")
    summary.append(f"{len(analysis.long_pauses)} long (>= {analysis.long_pause_s:g} s)")
    parts.append(summary)
    if analysis.fillers:
        fillers = Text("Fillers: ", style="bold")
        for i, f in enumerate(analysis.fillers):
            if i:
                fillers.append(", ")
            fillers.append(f.text, style=FILLER_STYLE[f.kind])
            fillers.append(f" at {f.start:.1f} s")
        parts.append(fillers)
    if analysis.possible_fillers:
        # Shown, never silently dropped; not counted (issue 19).
        possible = Text("Possible fillers, not counted: ", style="bold")
        for i, f in enumerate(analysis.possible_fillers):
            if i:
                possible.append(", ")
            possible.append(f"{f.text}?", style="dim")
            possible.append(f" at {f.start:.1f} s")
        parts.append(possible)
    if analysis.words:
        parts.append(Text("Transcript:", style="bold"))
        parts.append(transcript_text(analysis, TRANSCRIPT_STYLE))
    parts.extend(delivery_text(analysis))
    parts.extend(content_text(analysis))
    parts.extend(star_text(analysis, question))
    if analysis.tips:
        parts.append(Text("Tips:", style="bold"))
        for tip in analysis.tips:
            parts.append(Text(f"  - {tip}"))
    for note in analysis.notes:
        parts.append(Text(f"note: {note}", style="dim"))
    parts.append(Text(f"model: {analysis.model}", style="dim"))
    return Group(*parts)


def print_report(
    analysis: Analysis,
    question: Question | None = None,
    min_pause_s: float = 0.25,
    file: TextIO | None = None,
) -> None:
    """Print the report; into a pipe or file, without the spaces Rich leaves at the end of
    wrapped and padded lines (they break diffs and `grep 'fast.$'`)."""
    console = Console(file=file)
    report = render(analysis, question, min_pause_s)
    if console.is_terminal:
        console.print(report)
        return
    with console.capture() as captured:
        console.print(report)
    lines = captured.get().splitlines()
    console.file.write("".join(line.rstrip() + "\n" for line in lines))
    console.file.flush()
