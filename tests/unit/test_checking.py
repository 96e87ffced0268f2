"""What history keeps of a live report (voicecoach.practice.checking), driven without Textual.

The live report is saved at once but unchecked; the check of the whole recording replaces it
(or marks it checked when nothing shown differs). A check stopped before its end (a new answer,
a replay, quitting) leaves it unchecked, and the next start checks it from its kept audio. The
check's line names the words that changed, not only the counts.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf
from support.ui_fakes import sample_analysis

from voicecoach.datatypes import AnalysedWord, Analysis
from voicecoach.practice.checking import (
    CHECKED,
    UNCHECKED_LINE,
    AnswerCheck,
    check_kept,
    describe_changes,
    run_check,
)
from voicecoach.store import Store


def _words(text: str, start: float = 0.5) -> list[AnalysedWord]:
    return [
        AnalysedWord(w, start + 0.4 * i, start + 0.4 * i + 0.3, False)
        for i, w in enumerate(text.split())
    ]


def live_and_batch() -> tuple[Analysis, Analysis]:
    """The issue's case: the live words lost a sentence and gained a sign-off ("Thank you.")
    that the batch transcription of the whole file does not have."""
    said = "Before that I worked at a logistics startup, where I built the route pricing service"
    lost = " and mentored two junior engineers."
    then = " I like working close to the business."
    base = sample_analysis()
    live = dataclasses.replace(
        base, words=_words(said + then + " Thank you."), fillers=[], wpm=192.0
    )
    batch = dataclasses.replace(base, words=_words(said + lost + then), fillers=[], wpm=200.0)
    return live, batch


def saved_live(tmp_path: Path, analysis: Analysis) -> tuple[Store, Any]:
    store = Store(tmp_path / "home")
    audio = tmp_path / "answer.wav"
    sf.write(audio, np.zeros(1600, dtype=np.float32), 16000)
    return store, store.save(analysis, audio, "intro", checked=False)


def test_a_check_stopped_by_quitting_leaves_it_unchecked_and_the_next_start_checks_it(
    tmp_path: Path,
) -> None:
    """Escape and q right after the stop kept the live report (191.9 wpm; checked: 200) as if
    it were the checked one. Now history says it is unchecked, and the next start fixes it."""
    live, batch = live_and_batch()
    store, attempt = saved_live(tmp_path, live)
    assert store.get(attempt.id).status == "unchecked"

    check = AnswerCheck(live)
    check.cancel.set()  # quitting: the App cancels the check
    calls: list[str] = []

    def analyse(progress: Any) -> Analysis:
        calls.append("batch")
        progress(0.5)  # Whisper's next segment: the cancel stops it here
        return batch

    run_check(check, analyse, attempt, store)
    assert check.done and check.checked is None and check.line == UNCHECKED_LINE
    kept = store.get(attempt.id)
    assert not kept.checked and kept.status == "unchecked" and kept.wpm == 192.0

    # The next start: the kept audio is transcribed whole and the attempt takes the figures.
    seen: list[Path] = []

    def analyse_kept(stored: Any, progress: Any) -> Analysis:
        seen.append(stored.audio_path)
        progress(0.5)
        return batch

    [done] = check_kept(store, analyse_kept)
    assert seen == [kept.audio_path]
    after = store.get(attempt.id)
    assert after.checked and after.status == "ok" and after.wpm == 200.0
    assert "mentored two junior engineers." in after.analysis.transcript
    assert done.changes is not None and "pace 192 → 200 wpm" in done.changes
    assert store.unchecked() == []
    assert check_kept(store, analyse_kept) == [] and len(seen) == 1  # nothing left to check


def test_a_check_that_ends_keeps_the_checked_report_or_marks_the_live_one_checked(
    tmp_path: Path,
) -> None:
    live, batch = live_and_batch()
    store, attempt = saved_live(tmp_path, live)
    check = AnswerCheck(live)
    run_check(check, lambda progress: batch, attempt, store)
    assert check.checked is batch and check.line.startswith(f"{CHECKED}: ")
    assert store.get(attempt.id).checked and store.get(attempt.id).wpm == 200.0

    same = sample_analysis()
    store2, attempt2 = saved_live(tmp_path / "two", same)
    check2 = AnswerCheck(same)
    run_check(check2, lambda progress: sample_analysis(), attempt2, store2)
    assert check2.line == f"{CHECKED}: no change" and check2.checked is None
    assert store2.get(attempt2.id).checked  # the live report stands, checked now


def test_an_attempt_that_cannot_be_checked_stays_unchecked(tmp_path: Path) -> None:
    """A failing transcription, or a stop asked at the next start, never marks it checked."""
    live, _batch = live_and_batch()
    store, attempt = saved_live(tmp_path, live)
    check = AnswerCheck(live)

    def fails(progress: Any) -> Analysis:
        raise RuntimeError("decoder exploded")

    run_check(check, fails, attempt, store)  # never raises
    assert check.done and check.line == UNCHECKED_LINE
    assert not store.get(attempt.id).checked

    def kept_fails(stored: Any, progress: Any) -> Analysis:
        raise RuntimeError("decoder exploded")

    assert check_kept(store, kept_fails) == []
    assert check_kept(store, lambda stored, progress: live, stopped=lambda: True) == []
    assert [a.id for a in store.unchecked()] == [attempt.id]


def test_the_check_line_names_the_words_that_changed() -> None:
    """Not only "pace 192 → 200 wpm, words 24 → 27": which words were lost or invented."""
    live, batch = live_and_batch()
    line = describe_changes(live, batch)
    assert line is not None
    assert line == (
        "pace 192 → 200 wpm, words 24 → 27; transcript: "
        'added "and mentored two junior engineers."; dropped "Thank you."'
    )
    # Case and punctuation are not a change of words; one word misheard is named as such.
    misheard = dataclasses.replace(
        live, words=[dataclasses.replace(w, text=w.text.upper()) for w in live.words]
    )
    assert "transcript" not in (describe_changes(live, misheard) or "")
    teens = dataclasses.replace(
        live,
        words=[
            dataclasses.replace(w, text="teens,") if w.text == "startup," else w for w in live.words
        ],
    )
    assert describe_changes(live, teens) == 'transcript: "startup," → "teens,"'
