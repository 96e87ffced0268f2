"""A job description or résumé as sentences: Markdown and layout removed, sections kept.

Drafting reads what a text names (technologies, responsibilities, claims, numbers) sentence by
sentence, and where a sentence stands matters: a bullet under "Responsibilities" is a duty even
without "you will". So the text becomes passages, each with its section heading and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from voicecoach.errors import VoicecoachError

MAX_BYTES = 2_000_000  # a job description or résumé is a few kilobytes; more is not one

RESPONSIBILITY_SECTIONS = re.compile(
    r"responsibilit|what you.?ll do|what you will do|your role|the role|in this role|duties|"
    r"day to day|day-to-day|your impact|what you will work on|your mission|you will",
    re.IGNORECASE,
)
EXPERIENCE_SECTIONS = re.compile(
    r"experience|employment|work history|career|projects|achievements|accomplishments",
    re.IGNORECASE,
)
LISTING_SECTIONS = re.compile(
    r"requirement|qualification|skill|stack|technolog|tool|nice to have|bonus|about you|"
    r"you have|must have|looking for|tech|language|framework|plus",
    re.IGNORECASE,
)
_JOB_SIGNS = re.compile(
    r"\byou will\b|\byou'll\b|\bwe are looking\b|\bwe're looking\b|\bresponsibilities\b|"
    r"\brequirements\b|\bqualifications\b|\bwe offer\b|\bbenefits\b|\bjoin (?:us|our)\b|"
    r"\bthe ideal candidate\b|\bwhat you.?ll do\b|\byou have\b|\bnice to have\b",
    re.IGNORECASE,
)
_RESUME_SIGNS = re.compile(
    r"^\W*(?:experience|work experience|education|skills|projects|summary|employment)\W*$|"
    r"\b(?:present|current)\b\s*\)?\s*$|\b(?:19|20)\d\d\s*(?:-|–|—|to)\s*(?:(?:19|20)\d\d|present)",
    re.IGNORECASE | re.MULTILINE,
)
_BULLET = re.compile(r"^\s*(?:[-*+•·▪◦–]|\d{1,2}[.)])\s+(.*)$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "approx.", "incl.", "inc.", "ltd.", "no.", "dr.")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“(]?[A-Z0-9])")


class SourceTextError(VoicecoachError):
    """A file given to `questions from` that holds no text to read."""


@dataclass(frozen=True)
class Passage:
    """One sentence or bullet of a source text, with where it stands."""

    text: str
    source: str  # the file's name
    line: int
    section: str  # the heading above it, lower case ("" before any)
    bullet: bool

    @property
    def in_duties(self) -> bool:
        return bool(RESPONSIBILITY_SECTIONS.search(self.section))

    @property
    def in_listing(self) -> bool:
        """An item of a list of skills or tools, where a name may stand alone ("- Go")."""
        return self.bullet and bool(LISTING_SECTIONS.search(self.section))

    @property
    def in_experience(self) -> bool:
        return bool(EXPERIENCE_SECTIONS.search(self.section))


@dataclass(frozen=True)
class Document:
    """A source text read: its passages, what kind of text it is, and a job title if named."""

    name: str
    kind: str  # "job" (a job description), "resume", or "text"
    passages: tuple[Passage, ...]
    headings: tuple[str, ...]


def read_source(path: Path) -> str:
    """The text of one file; SourceTextError (one line, what to do) when there is none."""
    shown = str(path)
    if path.is_dir():
        raise SourceTextError(f"{shown} is a directory; name a text or Markdown file")
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise SourceTextError(f"{shown}: no such file; check the name and path") from None
    except OSError as exc:
        raise SourceTextError(f"{shown}: cannot read it ({exc.strerror})") from None
    if raw.startswith(b"%PDF"):
        raise SourceTextError(
            f"{shown} is a PDF; copy its text into a .txt or .md file and give that instead"
        )
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise SourceTextError(
            f"{shown} is a Word or other office file; save it as plain text (.txt) or copy its "
            "text into a .md file and give that instead"
        )
    if len(raw) > MAX_BYTES:
        raise SourceTextError(
            f"{shown} is over {MAX_BYTES // 1_000_000} MB: not a job description or résumé; "
            "give the text of one"
        )
    if b"\x00" in raw:
        raise SourceTextError(
            f"{shown} is not text (it holds binary data); give a plain text or Markdown file"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # a Windows editor's text
        if text.count("\ufffd") > len(text) // 100:
            raise SourceTextError(
                f"{shown} is not readable text (not UTF-8); save it as UTF-8 text and try again"
            ) from None
    if not text.strip():
        raise SourceTextError(
            f"{shown} is empty; paste the job description or résumé into it and try again"
        )
    return text


def clean_inline(text: str) -> str:
    """A line without Markdown marks, links, URLs and e-mail addresses."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>\n]+>", "", text)
    text = re.sub(r"\b(?:https?://|www\.)\S+", "", text)
    text = re.sub(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b", "", text)
    text = text.replace("**", "").replace("__", "").replace("`", "").replace("~~", "")
    text = re.sub(r"(?<![\w*])[*_](?=\S)([^*_\n]+?)(?<=\S)[*_](?![\w*])", r"\1", text)
    text = text.replace("\u00a0", " ").replace("\t", " ")
    return re.sub(r" {2,}", " ", text).strip()


def _heading_of(line: str, next_is_bullet: bool, first: bool = False) -> str | None:
    """The heading a line is, or None: Markdown's, a short label line ("Requirements:"), a
    short line over a list ("What you bring"), or a short first line (a plain text's title)."""
    m = _HEADING.match(line)
    if m:
        return clean_inline(m.group(1)).rstrip(":").strip()
    if _BULLET.match(line):
        return None
    cleaned = clean_inline(line)
    words = cleaned.split()
    if not words or len(words) > 6 or cleaned[-1] in ".!?,;":
        return None
    if cleaned.endswith(":"):
        return cleaned.rstrip(":").strip()
    if cleaned.isupper() and any(c.isalpha() for c in cleaned):
        return cleaned
    if next_is_bullet or (first and len(words) <= 8):
        return cleaned
    if line.strip().startswith(("**", "__")) and line.strip().endswith(("**", "__")):
        return cleaned
    return None


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph; "e.g. Python" and "Node.js" do not end one."""
    parts = _SENTENCE_END.split(text)
    sentences: list[str] = []
    for part in parts:
        if sentences and sentences[-1].lower().endswith(_ABBREVIATIONS):
            sentences[-1] = f"{sentences[-1]} {part}"
        else:
            sentences.append(part)
    return [s.strip() for s in sentences if s.strip()]


def read_document(text: str, name: str) -> Document:
    """A text's passages, sections and kind."""
    lines = text.splitlines()
    passages: list[Passage] = []
    headings: list[str] = []
    section = ""
    paragraph: list[tuple[int, str]] = []
    in_fence = False

    def flush() -> None:
        if not paragraph:
            return
        first = paragraph[0][0]
        joined = " ".join(t for _, t in paragraph)
        # "Duties: build Django APIs, design ..." is read as a bullet under that label: it
        # counted 0 duties, being neither a bullet under "Responsibilities" nor "you will".
        where, body = _labelled(joined) or (section, "")
        for sentence in split_sentences(body or joined):
            passages.append(Passage(sentence, name, first, where, bool(body)))
        paragraph.clear()

    for number, raw in enumerate(lines, 1):
        stripped = raw.strip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
            flush()
            continue
        if not stripped or re.fullmatch(r"[-=_*|:\s]{3,}", stripped):
            flush()
            continue
        if stripped.startswith("|"):  # a table row: its cells as one list
            flush()
            cells = [clean_inline(c) for c in stripped.strip("|").split("|")]
            cells = [c for c in cells if c]
            if cells:
                passages.append(Passage(", ".join(cells), name, number, section, True))
            continue
        following = next((x for x in lines[number:] if x.strip()), "")
        first = not passages and not headings and not paragraph
        heading = None if in_fence else _heading_of(raw, bool(_BULLET.match(following)), first)
        if heading is not None:
            flush()
            section = heading.lower()
            headings.append(heading)
            continue
        bullet = _BULLET.match(raw)
        if bullet:
            flush()
            body = clean_inline(bullet.group(1))
            where, body = _labelled(body) or (section, body)
            for sentence in split_sentences(body):
                passages.append(Passage(sentence, name, number, where, True))
            continue
        cleaned = clean_inline(raw)
        if cleaned and _labelled(cleaned):
            flush()  # "Duties: ..." starts a paragraph of its own
        if cleaned:
            paragraph.append((number, cleaned))
    flush()
    return Document(name, _kind(text), tuple(passages), tuple(headings))


_LABEL = re.compile(r"^([A-Z][\w /&-]{2,30}):\s+(.+)$")


def _labelled(text: str) -> tuple[str, str] | None:
    """A label naming the responsibilities ("Duties:", "Responsibilities:") and what follows
    it: that section (the label, lower case) and the text; None for any other text."""
    label = _LABEL.match(text)
    if label is None or not RESPONSIBILITY_SECTIONS.search(label.group(1)):
        return None
    return label.group(1).lower(), label.group(2)


def _kind(text: str) -> str:
    """A job description, a résumé, or neither, by the signs each leaves."""
    job = len(_JOB_SIGNS.findall(text))
    resume = len(_RESUME_SIGNS.findall(text))
    resume += len(
        re.findall(
            r"^\s*(?:[-*•]\s+)?(?:Led|Built|Designed|Reduced|Migrated|Developed)\b",
            text,
            re.MULTILINE,
        )
    )
    if job == 0 and resume == 0:
        return "text"
    return "job" if job >= resume else "resume"
