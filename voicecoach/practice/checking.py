"""The check of a live report against a transcription of the whole recording, and what history
keeps of it.

Why: the report shown at the stop comes from the live transcription, which hears each chunk
alone and can lose or misplace words; the batch transcription of the whole file is the one to
trust. The live report is saved at once (nothing recorded is ever lost) but *unchecked*; the
check then replaces it with the checked report, or marks it checked when nothing shown differs.
A check stopped before its end (a new answer, a replay, quitting) leaves the attempt unchecked,
and the next start checks it from its kept audio (``check_kept``). The decisions live here, not
in the App, so a test drives them without Textual; the practice session
(``voicecoach.practice.session``) calls them, in the App's workers.
"""

from __future__ import annotations

import difflib
import logging
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from voicecoach.datatypes import AnalysedWord, Analysis, plural

if TYPE_CHECKING:
    from voicecoach.practice.services import AttemptsStore

log = logging.getLogger(__name__)

ProgressFn = Callable[[float], None]

CHECKING_LINE = "checking against the whole recording…"
CHECKED = "Checked against the whole recording"
# A check that did not end: what history does with the report, said where it is shown.
UNCHECKED_LINE = (
    "Not checked against the whole recording yet: history marks it unchecked until the next "
    "start checks it"
)
NOT_KEPT = " (history keeps the first report, unchecked)"

# The transcript changes named in the check's line, and the words quoted from each.
MAX_NAMED_CHANGES = 3
MAX_QUOTED_WORDS = 8


class CheckStopped(Exception):
    """Raised from the check's progress callback: Whisper stops between two segments."""


@dataclass
class AnswerCheck:
    """The check of one live report against a transcription of the whole recording. The results
    screen asks for it when shown, so it does not matter which comes first, the screen or the
    end of the check."""

    live: Analysis
    cancel: threading.Event = field(default_factory=threading.Event)
    done: bool = False
    checked: Analysis | None = None  # set when it differs from the live report
    attempt: Any = None  # the stored attempt, rewritten with the checked figures
    line: str = CHECKING_LINE
    changes: str | None = None  # what the check changed (``describe_changes``)
    kept: bool = False  # history holds the checked figures (replaced, or marked checked)
    # Held while the delivery part (measured after the report is shown) is added to the live
    # report or carried to the checked one, so neither the check nor the part is lost.
    lock: threading.Lock = field(default_factory=threading.Lock)


def _comparable(analysis: Analysis) -> dict[str, Any]:
    """The report as shown: without the model's name or the personal targets (the results
    screen adds those to the live report from the history), nor the delivery part (its sentence
    ends and pace windows follow the words; its figures alone do not make a live report wrong)."""
    report = analysis.to_dict()
    report.pop("model", None)
    report.pop("delivery", None)
    if isinstance(report.get("content"), dict):
        report["content"].pop("personal_targets", None)
    return report


def _plain(word: str) -> str:
    """A word as compared: "Teams," and "teams" are the same word heard."""
    return re.sub(r"[^\w']+", "", word.lower())


def _quote(words: Sequence[AnalysedWord]) -> str:
    """Up to MAX_QUOTED_WORDS words in quotes, with an ellipsis when there were more."""
    text = " ".join(w.text.strip() for w in words[:MAX_QUOTED_WORDS])
    return f'"{text}{"…" if len(words) > MAX_QUOTED_WORDS else ""}"'


def transcript_changes(live: Sequence[AnalysedWord], checked: Sequence[AnalysedWord]) -> str:
    """What the check changed in the words, as a speaker reads it: 'added "where I built the
    route pricing service…"; dropped "Thank you."; "teens" → "teams"'. Punctuation and case
    are not changes. Empty when the words are the same."""
    a = [_plain(w.text) for w in live]
    b = [_plain(w.text) for w in checked]
    parts: list[str] = []
    blocks = [op for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()]
    changes = [op for op in blocks if op[0] != "equal"]
    for tag, i1, i2, j1, j2 in changes[:MAX_NAMED_CHANGES]:
        if tag == "insert":
            parts.append(f"added {_quote(checked[j1:j2])}")
        elif tag == "delete":
            parts.append(f"dropped {_quote(live[i1:i2])}")
        else:
            parts.append(f"{_quote(live[i1:i2])} → {_quote(checked[j1:j2])}")
    if len(changes) > MAX_NAMED_CHANGES:
        parts.append(f"{plural(len(changes) - MAX_NAMED_CHANGES, 'more change')}")
    return "; ".join(parts)


def describe_changes(live: Analysis, checked: Analysis) -> str | None:
    """What the check changed, as the results screen says it; None when nothing shown did.
    The figures first, then the words: "pace 192 → 200 wpm, words 145 → 151; transcript:
    added "…"" (the figures alone did not say the live report had lost a sentence)."""
    if _comparable(live) == _comparable(checked):
        return None
    parts = []
    if len(live.fillers) != len(checked.fillers):
        parts.append(f"fillers {len(live.fillers)} → {len(checked.fillers)}")
    if round(live.wpm) != round(checked.wpm):
        parts.append(f"pace {live.wpm:.0f} → {checked.wpm:.0f} wpm")
    if live.word_count != checked.word_count:
        parts.append(f"words {live.word_count} → {checked.word_count}")
    if len(live.long_pauses) != len(checked.long_pauses):
        parts.append(f"long pauses {len(live.long_pauses)} → {len(checked.long_pauses)}")
    figures = ", ".join(parts)
    words = transcript_changes(live.words, checked.words)
    if words:
        return f"{figures}; transcript: {words}" if figures else f"transcript: {words}"
    return figures or "details corrected"


def keep_checked(
    check: AnswerCheck, checked: Analysis, attempt: Any, store: AttemptsStore | None
) -> None:
    """Compare the checked report with the live one and keep the result: the attempt takes
    the checked report when anything shown differs, else it is marked checked as it stands.
    Sets ``check.line``, ``check.changes``, ``check.kept`` (and ``check.checked`` and
    ``check.attempt`` when it differs).

    The delivery part is not compared (``_comparable``) but never dropped: whichever report
    history keeps, it keeps the delivery part either report has (the live report's first: the
    app measures it after showing the report, and the check does not measure it again)."""
    with check.lock:
        _keep_checked(check, checked, attempt, store)


def _keep_checked(
    check: AnswerCheck, checked: Analysis, attempt: Any, store: AttemptsStore | None
) -> None:
    attempt_id = getattr(attempt, "id", None)
    check.changes = changes = describe_changes(check.live, checked)
    if changes is None:
        check.line = f"{CHECKED}: no change"
        if attempt_id is not None and store is not None:
            try:
                store.mark_checked(attempt_id)
                check.kept = True
            except Exception as exc:  # the attempt stays unchecked: the next start checks it
                log.warning("attempt %s not marked checked: %s", attempt_id, exc)
        if check.live.delivery is None and checked.delivery is not None:
            check.live.delivery = checked.delivery  # what history keeps, the check measured
            if attempt_id is not None and store is not None:
                try:
                    store.set_delivery(attempt_id, checked.delivery)
                except Exception as exc:
                    log.warning("delivery part of attempt %s not saved: %s", attempt_id, exc)
        return
    if checked.delivery is None:
        checked.delivery = check.live.delivery
    check.line = f"{CHECKED}: {changes}"
    check.checked, check.attempt = checked, attempt
    if attempt_id is not None and store is not None:
        try:
            check.attempt = store.replace_analysis(attempt_id, checked)
            check.kept = True
        except Exception as exc:  # the screen still shows the checked report
            log.warning("checked report not saved: %s", exc)
            check.line += NOT_KEPT


def run_check(
    check: AnswerCheck,
    analyse: Callable[[ProgressFn], Analysis],
    attempt: Any,
    store: AttemptsStore | None,
    stopped: Callable[[], bool] = lambda: False,
) -> None:
    """Run the batch analysis (``analyse(progress)``), then keep what it found. Never raises:
    a check that is stopped (``check.cancel`` or ``stopped()``) or fails leaves the live report,
    unchecked, and says so; ``check.done`` is set whatever happened."""

    def progress(_fraction: float) -> None:
        if check.cancel.is_set() or stopped():
            raise CheckStopped

    checked: Analysis | None = None
    try:
        progress(0.0)
        checked = analyse(progress)
        progress(1.0)  # stopped while measuring: keep the live report, unchecked
    except CheckStopped:
        checked = None
        log.info("check against the whole recording stopped")
    except Exception as exc:
        checked = None
        log.warning("check against the whole recording failed: %s", exc)
    try:
        if checked is None:
            check.line = UNCHECKED_LINE if attempt is not None else ""
        else:
            keep_checked(check, checked, attempt, store)
    except Exception as exc:
        check.checked, check.line = None, UNCHECKED_LINE if attempt is not None else ""
        log.warning("checked report not compared: %s", exc)
    finally:
        check.done = True


@dataclass(frozen=True)
class KeptCheck:
    """One unchecked attempt checked at a later start: what changed (None: nothing shown)."""

    attempt: Any
    changes: str | None


def check_kept(
    store: AttemptsStore,
    analyse: Callable[[Any, ProgressFn], Analysis],
    stopped: Callable[[], bool] = lambda: False,
) -> list[KeptCheck]:
    """Check the attempts left unchecked (oldest first) from their kept audio, until
    ``stopped()``: each takes the checked report, or is marked checked when nothing shown
    differs. One that cannot be checked (no audio, a failed transcription) stays unchecked.
    ``analyse(attempt, progress)`` is the batch analysis of the attempt's audio."""
    done: list[KeptCheck] = []
    for attempt in store.unchecked():
        if stopped():
            break
        audio = getattr(attempt, "audio_path", None)
        if audio is None or not audio.is_file():
            continue  # nothing to check it against; it stays marked unchecked
        check = AnswerCheck(attempt.analysis)
        run_check(check, lambda progress, a=attempt: analyse(a, progress), attempt, store, stopped)
        if check.kept:
            done.append(KeptCheck(check.attempt, check.changes))
    return done
