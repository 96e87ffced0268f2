"""Follow-up triggers on labelled text answers (issue 23): every trigger must fire when its
condition holds and not otherwise.

The answers are the labelled clips' own words (``samples/**/*.truth.json``: the text the voice
was given and its measured speaking time; clips of one text count once) and answers written
for this benchmark (``samples/followups/answers.toml``). Each carries, written by hand from the
words (not from the rules), the follow-ups whose condition holds (``fires``); every other
follow-up of its question must stay quiet. No model: triggers read the analysis's words, so
text answers test them; the spoken clips go through Whisper in the accuracy benchmark.

``python -m benchmarks followups`` prints the table (``--markdown`` as in docs/BENCHMARK.md).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from voicecoach.analysis.content import assess_content
from voicecoach.analysis.fillers import Lexicon
from voicecoach.analysis.followups import trigger_holds
from voicecoach.analysis.targets import verdicts
from voicecoach.config import Config
from voicecoach.datatypes import AnalysedWord, Analysis
from voicecoach.questions import Bank, Question, load_bank

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
ANSWERS = SAMPLES / "followups" / "answers.toml"
LABELS = SAMPLES / "followups" / "clip-labels.toml"
SECONDS_PER_WORD = 0.4  # 150 wpm, conversational, when an answer gives no speaking time
HESITATIONS = {"um", "uh", "er", "hmm", "ah"}


def text_analysis(text: str, question: Question | None, seconds: float | None = None) -> Analysis:
    """An Analysis of ``text`` spoken evenly over ``seconds`` (0.4 s a word if not given), with
    the verdicts and the content report the app would give it; hesitations and the discourse
    fillers the truth files mark (a sentence-initial "like", "you know") are flagged as the
    analysis flags them, so they are not words of the answer."""
    tokens = text.split()
    span = seconds if seconds is not None else len(tokens) * SECONDS_PER_WORD
    step = span / len(tokens) if tokens else 0.0
    lexicon = Lexicon.load(None)
    discourse = {" ".join(p) for p in lexicon.discourse}
    words = []
    for i, token in enumerate(tokens):
        bare = token.strip(",.?!").lower()
        filler = bare in HESITATIONS or (bare in discourse and bare not in ("like", "so", "well"))
        words.append(AnalysedWord(token, i * step, i * step + step * 0.8, filler))
    count = len(words)
    wpm = count / span * 60 if span else 0.0
    analysis = Analysis(
        duration_s=span,
        speech_span_s=span,
        wpm=wpm,
        articulation_wpm=wpm,
        words=words,
        fillers=[],
        pauses=[],
        verdicts=verdicts(span, wpm, count, 0, 0, question, Config()),
        model="text",
        question_id=question.id if question else None,
        speech_start_s=0.0 if words else None,
    )
    if words:
        analysis.content = assess_content(analysis, question)
    return analysis


@dataclass
class Case:
    """One labelled answer: its words, its speaking time, and the follow-ups that must fire."""

    name: str
    question_id: str
    text: str
    seconds: float | None
    fires: set[str]
    clips: int = 1  # labelled clips with these words (voices and noises differ)


@dataclass
class Row:
    """One follow-up's trigger over the answers to its question."""

    followup: str
    trigger: str
    should: int = 0  # answers where its condition holds
    fired: int = 0  # ... and it fired
    quiet_should: int = 0  # answers where it does not
    quiet: int = 0  # ... and it stayed quiet
    wrong: list[str] = field(default_factory=list)


def _toml(path: Path) -> dict:
    import tomllib

    return tomllib.loads(path.read_text("utf-8"))


# Clips whose texts were written after this table was labelled (issue 19's flite clips, for
# filler accuracy): their follow-ups are not labelled, so they are not part of this table.
UNLABELLED_DIRS = frozenset({"flite"})


def clip_cases(bank: Bank) -> list[Case]:
    """The labelled clips' texts (one case per distinct text and question)."""
    labels = {e["name"]: set(e.get("fires", [])) for e in _toml(LABELS).get("clip", [])}
    groups: dict[tuple[str, str], list[tuple[str, float | None]]] = {}
    for truth in sorted(SAMPLES.rglob("*.truth.json")):
        if truth.parent.name in UNLABELLED_DIRS:
            continue
        data = json.loads(truth.read_text("utf-8"))
        qid, text = data.get("question_id"), (data.get("text") or "").strip()
        if qid and bank.get(qid) is not None and text:
            name = truth.name.removesuffix(".truth.json")
            groups.setdefault((qid, text), []).append((name, data.get("speech_span_s")))
    cases = {}
    for (qid, text), clips in groups.items():
        named = [(n, s) for n, s in clips if n in labels]
        if not named:
            raise SystemExit(f"{LABELS}: no labels for {clips[0][0]} ({qid}: {text!r})")
        name, seconds = named[0]
        cases[(qid, text)] = Case(name, qid, text, seconds, labels[name], len(clips))
    return list(cases.values())


def written_cases() -> list[Case]:
    """The answers written for this benchmark."""
    return [
        Case(e["name"], e["question"], e["text"], e.get("seconds"), set(e.get("fires", [])))
        for e in _toml(ANSWERS).get("answer", [])
    ]


def score(cases: Iterable[Case], bank: Bank) -> list[Row]:
    """Per follow-up: how often it fired where it should and stayed quiet where it should."""
    rows: dict[str, Row] = {}
    for q in bank.questions:
        for f in q.followups:
            rows[f.question.id] = Row(f.question.id, f.trigger.describe(q))
    for case in cases:
        question = bank.get(case.question_id)
        assert question is not None, case.question_id
        unknown = case.fires - {f.question.id.split(".", 1)[1] for f in question.followups}
        if unknown:
            raise SystemExit(f"{case.name}: no follow-up {', '.join(sorted(unknown))}")
        analysis = text_analysis(case.text, question, case.seconds)
        for f in question.followups:
            row = rows[f.question.id]
            expected = f.question.id.split(".", 1)[1] in case.fires
            got = trigger_holds(f.trigger, question, analysis) is not None
            if expected:
                row.should += 1
                row.fired += got
            else:
                row.quiet_should += 1
                row.quiet += not got
            if got != expected:
                row.wrong.append(f"{case.name} ({'missed' if expected else 'false alarm'})")
    return list(rows.values())


def all_rows() -> tuple[list[Row], int, int, int]:
    """The rows over every labelled answer; the number of clip texts, clips and written."""
    bank = load_bank()
    clips, written = clip_cases(bank), written_cases()
    return score([*clips, *written], bank), len(clips), sum(c.clips for c in clips), len(written)


def markdown(rows: list[Row], texts: int, clips: int, written: int) -> str:
    lines = [
        f"{texts} distinct answers from {clips} labelled clips, and {written} written answers; "
        "per follow-up, answers where its condition holds (fired / all) and where it does not "
        "(quiet / all):",
        "",
        "| follow-up | trigger | condition holds: fired | does not: quiet | wrong |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        wrong = ", ".join(r.wrong) or "-"
        lines.append(
            f"| `{r.followup}` | {r.trigger} | {r.fired} / {r.should} | "
            f"{r.quiet} / {r.quiet_should} | {wrong} |"
        )
    fired = sum(r.fired for r in rows), sum(r.should for r in rows)
    quiet = sum(r.quiet for r in rows), sum(r.quiet_should for r in rows)
    lines.append(f"| all | | {fired[0]} / {fired[1]} | {quiet[0]} / {quiet[1]} | |")
    return "\n".join(lines)


def main(as_markdown: bool = False) -> int:
    rows, texts, clips, written = all_rows()
    if as_markdown:
        print(markdown(rows, texts, clips, written))
    else:
        for r in rows:
            print(
                f"{r.followup:40} fired {r.fired}/{r.should}  quiet {r.quiet}/{r.quiet_should}"
                + (f"  wrong: {', '.join(r.wrong)}" if r.wrong else "")
            )
    return 0 if all(not r.wrong for r in rows) else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main("--markdown" in sys.argv))
