"""The mock interview reports written so far, for the app to list and open again.

Why: a report's path was shown once (in a toast, then on the list until the app closed), and
the app could not open a past report: it was as good as lost. The reports are the Markdown
files ``InterviewSession.write_report`` leaves in ``interviews/``; what the list shows of each
(when, how many answers) is read back from the file itself. Textual-free, blocking (the UI
calls it in a worker).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

# interview-20261207-181530.md, as InterviewSession.write_report names them (local time).
NAME = re.compile(r"^interview-(\d{8}-\d{6})\.md$")
ANSWERED = re.compile(r"(\d+) of (\d+) questions answered")
HEAD_BYTES = 4096  # the count is on the report's second line


@dataclass(frozen=True)
class PastReport:
    """One report: its Markdown file (whole path), the HTML beside it if there, when it was
    written (local time) and how many questions it answered."""

    path: Path
    html: Path | None
    written: datetime
    answered: int | None
    asked: int | None

    @property
    def when(self) -> str:
        return self.written.strftime("%Y-%m-%d %H:%M")

    @property
    def answered_text(self) -> str:
        if self.answered is None or self.asked is None:
            return "?"
        return f"{self.answered} of {self.asked}"

    @property
    def paths_line(self) -> str:
        """Both files, each path whole."""
        html = f" (and {self.html})" if self.html is not None else ""
        return f"{self.path}{html}"


def past_reports(directory: Path) -> list[PastReport]:
    """The reports in ``directory``, newest first; none when it does not exist."""
    try:
        files = [p for p in directory.iterdir() if NAME.match(p.name) and p.is_file()]
    except OSError:  # no interview yet (no folder), or unreadable: nothing to list
        return []
    reports = []
    for path in files:
        match = NAME.match(path.name)
        assert match is not None
        written = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
        answered = asked = None
        try:
            with path.open(encoding="utf-8", errors="replace") as fh:
                found = ANSWERED.search(fh.read(HEAD_BYTES))
        except OSError:
            found = None
        if found is not None:
            answered, asked = int(found.group(1)), int(found.group(2))
        html = path.with_suffix(".html")
        reports.append(PastReport(path, html if html.is_file() else None, written, answered, asked))
    return sorted(reports, key=lambda r: (r.written, r.path.name), reverse=True)


def read_report(path: Path) -> str:
    """The report's Markdown (blocking); OSError when it cannot be read."""
    return path.read_text(encoding="utf-8", errors="replace")
