"""Answers kept for later (`a`): one an earlier session left unfinished (killed mid-answer),
one left with escape mid-answer, one analysed while the history could not be opened; the line
that offers them, and the analysis of the oldest.

Why apart: an answer is never lost unseen; which files are offered, in which order and with
which words is one job, whichever way the answer was left.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voicecoach.errors import VoicecoachError, describe_error
from voicecoach.practice.delivery_follow import DeliveryFollow, DeliveryFollows
from voicecoach.practice.in_hand import AnswersInHand, Quitting
from voicecoach.practice.recordings import Recordings
from voicecoach.practice.services import LiveLike, RecorderLike, Services
from voicecoach.practice.session_events import SessionEvents
from voicecoach.practice.speech_model import SpeechModel
from voicecoach.questions import Bank, Question

if TYPE_CHECKING:
    from voicecoach.audio.markers import PendingRecording
    from voicecoach.datatypes import Analysis

# What happens to an answer recorded while the history's database cannot be opened.
UNSAVED_KEPT = "the recording is kept and offered at the next start, once the history opens"
ANALYSIS_STOPPED = (
    "voicecoach: the answer being analysed is kept and offered at the next start "
    "(press a on the question list to analyse it)"
)
KEPT_NOTICE = "Recording stopped and kept — press a to analyse it."
NO_AUDIO_KEPT = "The kept answer held no audio; it was removed."
# An answer left mid-recording is offered at once; `a` waits this long for its file to close
# (the recorder's own stop is bounded well below it).
FILE_CLOSE_WAIT_S = 30.0


@dataclass(frozen=True)
class RecoveredOutcome:
    """A kept answer analysed: as ``AnswerOutcome``, with its question and the line that says
    when it was recorded."""

    question: Question
    analysis: Analysis
    audio_path: Path
    attempt: Any
    save_error: str
    notice: str
    delivery: DeliveryFollow | None = None


@dataclass(frozen=True)
class LeftRecording:
    """An answer left mid-recording: whether it still has to be announced once closed (it was
    not offered at once), and the event set when its file is complete."""

    announce: bool
    closed: threading.Event = field(default_factory=threading.Event)


class KeptAnswers:
    """The answers offered for `a`, oldest first, and the files of answers left that are still
    being closed (`a` waits for them)."""

    def __init__(
        self,
        bank: Bank,
        services: Services,
        events: SessionEvents,
        model: SpeechModel,
        in_hand: AnswersInHand,
        recordings: Recordings,
        delivery: DeliveryFollows,
    ) -> None:
        self.bank = bank
        self.services = services
        self.events = events
        self.model = model
        self.in_hand = in_hand
        self.recordings = recordings
        self.delivery = delivery
        self._lock = threading.Lock()
        self._pending: list[PendingRecording] = []
        self._files_closing: dict[Path, threading.Event] = {}

    @property
    def pending(self) -> list[PendingRecording]:
        """Answers kept for `a`, oldest first."""
        return list(self._pending)

    def _set_pending(self, pending: list[PendingRecording]) -> None:
        with self._lock:
            self._pending = pending
        self.events.offer_changed()

    def find(self) -> None:
        """Find answers an earlier session left unfinished (killed mid-answer): offer them."""
        if self.services.store is not None:
            self._set_pending(list(self.services.store.pending_recordings()))

    def offer(self) -> tuple[str, str]:
        """The line that offers the oldest answer kept, with `a` to analyse and add it, and the
        same in a few words; empty when none is kept. Worded for each way one is left: a killed
        session or escape mid-answer (not analysed yet), or an answer analysed while the history
        could not be opened (it was, so it is not called "not analysed yet")."""
        found = self.pending
        if not found:
            return "", ""
        from voicecoach.store import local_stamp  # the one reading of a stored time

        first = found[0]
        when = local_stamp(first.started_at)
        what = ", ".join(x for x in (first.question_id or "no question", when) if x)
        closed = sum(bool(p.history_closed) for p in found)
        if len(found) > 1:
            if closed == len(found):
                state, todo = "recorded while history could not be opened", "add the oldest"
            elif closed:
                state, todo = "not in your history yet", "add the oldest"
            else:
                state, todo = "not analysed yet", "analyse the oldest"
            return (
                f"{len(found)} answers {state} (oldest: {what}) — press a to {todo}",
                f"{len(found)} answers kept — press a",
            )
        if closed:
            line = (
                f"1 answer recorded while history could not be opened ({what}) — press a "
                "to add it to history"
            )
            return line, "1 answer kept — press a"
        return (
            f"1 answer not analysed yet ({what}) — press a to analyse it",
            "1 answer kept — press a",
        )

    def take(self) -> PendingRecording | None:
        """`a`: the oldest answer kept, no longer offered (None when there is none)."""
        with self._lock:
            if not self._pending:
                return None
            pending, self._pending = self._pending[0], self._pending[1:]
        self.events.offer_changed()
        return pending

    def analyse(self, pending: PendingRecording) -> RecoveredOutcome | None:
        """The normal analyse+save path (blocking), after rewriting the sizes a killed writer
        left. None when it held no audio (removed, and said) or quitting stopped it (kept);
        a failure offers it again and raises."""
        with self.in_hand.analysis_running():
            return self._analyse(pending)

    def _analyse(self, pending: PendingRecording) -> RecoveredOutcome | None:
        import soundfile as sf

        from voicecoach.audio.recovery import repair_wav

        in_hand = self.in_hand
        path = Path(pending.path)
        closing = self._files_closing.pop(path, None)
        if closing is not None:  # offered at once on escape: its file may still be closing
            closing.wait(FILE_CLOSE_WAIT_S)
        try:
            repair_wav(path)
            if sf.info(str(path)).frames == 0:  # killed before the first block reached disk
                self.recordings.finish(path, delete_audio=True)
                self.events.notify(NO_AUDIO_KEPT, 6)
                return None
            transcriber = self.model.wait(in_hand.quitting)
            question = self.bank.get(pending.question_id or "") or Question(
                pending.question_id or "recovered", "Recovered answer", "", 0.0, 3600.0
            )
            config = self.delivery.report_config()
            analysis = self.services.analyse(
                path, transcriber, question, config, in_hand.stop_if_quitting
            )
            in_hand.stop_if_quitting()
        except Quitting:  # its marker stays: offered again at the next start
            in_hand.stopped_answers.append(path)
            return None
        except BaseException:
            self._set_pending([pending, *self.pending])
            raise
        attempt, save_error = None, ""
        store = self.services.store
        try:
            if store is None:
                raise VoicecoachError(self.services.store_error or "history could not be opened")
            attempt = store.save(
                analysis, path, pending.question_id, created_at=pending.started_at or None
            )
        except Exception as exc:  # the analysis is still worth showing; the file stays pending
            save_error = f"not saved to history: {describe_error(exc)}"
        else:
            path = Path(getattr(attempt, "audio_path", None) or path)
        from voicecoach.store import local_stamp

        when = local_stamp(pending.started_at)
        notice = (
            f"Recorded {when} while history could not be opened; analysed again now."
            if pending.history_closed
            else f"Recorded {when}, kept, and analysed now."
        )
        follow = self.delivery.follow(analysis, path, attempt, None)
        return RecoveredOutcome(question, analysis, path, attempt, save_error, notice, follow)

    def leave(
        self, recorder: RecorderLike, path: Path | None, question_id: str | None
    ) -> LeftRecording:
        """Leaving mid-answer (escape, q; quick, on the UI thread): offer the answer at once and
        say so; ``close_left`` then closes it. Closing waits for the live transcriber's chunk in
        hand (seconds on a busy machine): the offer used to wait for it, and the speaker landed
        on the list with no word of the answer. Not offered when nothing was heard yet (an
        empty file is removed)."""
        self.in_hand.release(recorder)
        left = LeftRecording(announce=True)
        if path is not None:
            self._files_closing[Path(path)] = left.closed
        heard = float(getattr(recorder, "elapsed_s", 0.0) or 0.0) > 0
        if path is not None and heard and self.services.store is not None:
            from voicecoach.audio.markers import PendingRecording
            from voicecoach.private_files import utc_now

            left = LeftRecording(announce=False, closed=left.closed)
            self._keep(PendingRecording(Path(path), question_id, utc_now(), 0, 0), True)
        return left

    def close_left(
        self, recorder: RecorderLike, live: LiveLike | None, left: LeftRecording
    ) -> None:
        """Close the file of an answer left without transcribing (blocking), and offer it (`a`
        analyses it; its marker stays, so a later start offers it too). Only a file with no
        audio at all is removed: an answer stopped with escape is never lost unseen."""
        try:
            stopped = recorder.stop()
        finally:
            left.closed.set()
        store = self.services.store
        try:
            if stopped and store is None and self.services.store_error:  # its marker stays
                self.events.notify(f"Answer stopped without feedback; {UNSAVED_KEPT}.", 6)
            if not stopped or store is None:
                return
            path = Path(stopped)
            try:
                import soundfile as sf

                frames: int | None = sf.info(str(path)).frames
            except Exception:  # unreadable here: keep it, the analysis will say what is wrong
                frames = None
            if frames == 0:
                store.finish_recording(path, delete_audio=True)
                self._withdraw(path)
                return
            pending = store.unfinished_recording(path)
            if pending is not None:  # the marker's own times, in place of the first offer's
                self._keep(pending, left.announce)
        finally:
            if live is not None:
                live.close()

    def _keep(self, pending: PendingRecording, announce: bool) -> None:
        """Offer an answer stopped without feedback (after older ones; in place of the same
        file offered already) and, with ``announce``, say so."""
        same = Path(pending.path)
        with self._lock:
            self._pending = [*(p for p in self._pending if Path(p.path) != same), pending]
        self.events.offer_changed()
        if announce:
            self.events.notify(KEPT_NOTICE, 6)

    def _withdraw(self, path: Path) -> None:
        """The answer offered held no audio after all (it is removed): offer it no more."""
        with self._lock:
            left = [p for p in self._pending if Path(p.path) != Path(path)]
            changed, self._pending = len(left) != len(self._pending), left
        if changed:
            self.events.offer_changed()
