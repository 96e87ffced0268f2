"""The practice screen: the question (read aloud), then record, then transcribe with progress.

What it needs comes through its constructor (the pace band for the live cues, whether the
history is open, the place in a mock interview); what it asks of the App (read aloud, record,
stop, leave, show the results) is one of ``PracticeScreen``'s nested messages, posted to the
App itself: a screen leaving right after posting (escape) would drop a message still waiting
in its own queue. Workers answer with the messages of ``voicecoach.ui.messages``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Digits, ProgressBar, Static

from voicecoach.config import Config
from voicecoach.practice.cues import choose_cues
from voicecoach.practice.session import is_short_take
from voicecoach.questions import Question
from voicecoach.ui.confirm import ask_to_end_interview
from voicecoach.ui.footer import KeyFooter
from voicecoach.ui.header import TitleBar
from voicecoach.ui.messages import (
    AnalysisReady,
    RecordingStarted,
    TakeDiscarded,
    TranscribeProgress,
    Transcribing,
)
from voicecoach.ui.widgets import (
    LevelMeter,
    ModelStatus,
    TargetBar,
    format_clock,
    live_cues_text,
)

if TYPE_CHECKING:
    from voicecoach.audio.capture import Recorder
    from voicecoach.datatypes import Analysis
    from voicecoach.practice.live import LiveTranscriber
    from voicecoach.store import Attempt

State = Literal["ready", "starting", "recording", "short", "transcribing", "failed"]

STATE_TEXT: dict[str, str] = {
    "ready": "READY · press space and answer out loud",
    "starting": "opening the microphone…",
    "recording": "● RECORDING · press space to stop",
    "short": "SHORT TAKE · d discard it · k keep and analyse it",
    "transcribing": "transcribing your answer…",
    "failed": "press space to try again, escape to go back",
}
SHORT_TAKE = (
    "That take lasted {clock}: press d to discard it (nothing is kept), k to keep and analyse "
    "it, or space to discard it and record again (escape discards it too)."
)


class PracticeBody(VerticalScroll, can_focus=False):
    """The screen's content; in a terminal too short for all of it, it scrolls (mouse wheel)
    and, once recording is asked for (``follow``), keeps its end in view: the state line and
    any message. Below the clock they were cut off, and a failed start looked like a key that
    did nothing. (Not Textual's ``anchor``: it pushes content that fits to the bottom.)"""

    follow = False

    def on_resize(self) -> None:
        """Also sent when the content's height changes (live cues shown, a message). Content
        taller than the terminal (a long question at 60x20) keeps the state line docked at
        the bottom: it was below the fold, and nothing said to press space."""
        self.set_class(self.max_scroll_y > 0, "-overflow")
        if self.follow:
            self.scroll_end(animate=False)


class PracticeScreen(Screen[None]):
    """One question: hear it, answer against the clock, then wait (visibly) for the feedback."""

    BINDINGS = [
        Binding("space", "record", "Record / stop"),
        Binding("escape", "back", "Back"),
        Binding("q", "back", "Back", show=False),
        Binding("d", "discard", "Discard take"),
        Binding("k", "keep", "Keep take"),
        Binding("s", "skip", "Skip"),  # in a mock interview only: see check_action
        Binding("m", "mic_check", "Mic check"),
    ]
    # `m` is shown where there is room; always in the help (?).
    KEYS_FITTED_LAST = ("m",)
    # The key that records, kept in the bar at 40 columns (the palette's key gives way).
    KEYS_ESSENTIAL = ("space",)
    # Here rather than in voicecoach.tcss: parsed when this screen is first shown, not before the
    # question list's first paint (issue 6).
    DEFAULT_CSS = """
    PracticeScreen #practice { padding: 1 2; }
    PracticeScreen #question-title { color: $text-muted; }
    PracticeScreen #interview-progress { text-style: bold; color: $accent; }
    PracticeScreen #question-prompt { text-style: bold; margin: 0 0 1 0; }
    PracticeScreen #voice-state { color: $text-muted; margin-bottom: 1; }
    PracticeScreen #clock-row { height: auto; }
    PracticeScreen #timer { width: auto; margin-right: 3; }
    PracticeScreen #timer.in-zone { color: $success; }
    PracticeScreen #timer.over { color: $error; }
    PracticeScreen #target-label { color: $text-muted; padding-top: 1; }
    PracticeScreen #target-bar { margin: 1 0 0 0; }
    PracticeScreen #level { margin: 1 0; }
    PracticeScreen #state { padding: 0 1; text-style: bold; width: auto; }
    PracticeScreen .-overflow #state { dock: bottom; width: 1fr; background: $background; }
    PracticeScreen #state.recording { background: $error; color: $text; }
    PracticeScreen #state.failed { color: $warning; }
    PracticeScreen #progress { margin: 1 0; }
    PracticeScreen #message { margin-top: 1; padding: 0 1; border: round $warning; }
    /* A short terminal (60x20): no blank lines, so the question, the state, the timer and
       the meter all stay in view while recording (they were scrolled off one way or the
       other). */
    PracticeScreen.-compact #practice { padding: 0 1; }
    PracticeScreen.-compact #question-prompt { margin: 0; }
    PracticeScreen.-compact #voice-state { margin: 0; }
    PracticeScreen.-compact #target-label { padding-top: 0; }
    PracticeScreen.-compact #target-bar { margin: 0; }
    PracticeScreen.-compact #level { margin: 0; }
    PracticeScreen.-compact #progress { margin: 0; }
    PracticeScreen.-compact #message { margin: 0; }
    """
    COMPACT_BELOW = 28  # rows: shorter than this, the compact layout
    speaks = True  # `t` turning the voice on reads this screen's question

    class ReadAloudRequested(Message):
        """The question is shown: read it aloud (when the voice is on)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class RecordRequested(Message):
        """Space when ready: stop the voice and any playback, open the microphone (answered
        with ``RecordingStarted`` to ``screen``, or ``screen.worker_failed``)."""

        def __init__(self, screen: PracticeScreen, question: Question) -> None:
            super().__init__()
            self.screen = screen
            self.question = question

    class StopRequested(Message):
        """Space while recording (or the microphone failed): close the answer and analyse it
        (``Transcribing``, ``TranscribeProgress``, ``AnalysisReady`` to ``screen``)."""

        def __init__(
            self,
            screen: PracticeScreen,
            recorder: Recorder,
            path: Path,
            question: Question,
            live: LiveTranscriber | None,
        ) -> None:
            super().__init__()
            self.screen = screen
            self.recorder = recorder
            self.path = path
            self.question = question
            self.live = live

    class RecordingLeft(Message):
        """The answer was left mid-recording (escape, or the screen was gone when the
        microphone opened): close it and offer it on the list."""

        def __init__(
            self,
            recorder: Recorder,
            live: LiveTranscriber | None,
            path: Path | None,
            question_id: str,
        ) -> None:
            super().__init__()
            self.recorder = recorder
            self.live = live
            self.path = path
            self.question_id = question_id

    class TakeHeld(Message):
        """Space stopped a short take: the microphone stops while the speaker chooses to
        discard it or keep it (keeping sends ``StopRequested`` as usual)."""

        def __init__(self, recorder: Recorder) -> None:
            super().__init__()
            self.recorder = recorder

    class DiscardRequested(Message):
        """The short take is discarded: closed, its file removed, nothing saved (answered
        with ``TakeDiscarded`` to ``screen``)."""

        def __init__(
            self,
            screen: PracticeScreen,
            recorder: Recorder,
            path: Path,
            live: LiveTranscriber | None,
        ) -> None:
            super().__init__()
            self.screen = screen
            self.recorder = recorder
            self.path = path
            self.live = live

    class MicCheckRequested(Message):
        """`m` when ready: check the microphone (the screen gets ``after_mic_check``)."""

        def __init__(self, screen: PracticeScreen) -> None:
            super().__init__()
            self.screen = screen

    class SkipRequested(Message):
        """`s` in a mock interview, before recording: go on without answering this question."""

        def __init__(self, screen: PracticeScreen, question: Question) -> None:
            super().__init__()
            self.screen = screen
            self.question = question

    class Closed(Message):
        """Escape: the screen is leaving; the question is not read on."""

    class AnswerKept(Message):
        """The analysis failed; the recording is kept, and `p` plays it."""

        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    class Analysed(Message):
        """The answer's report is ready and this screen is the one shown: show the results in
        its place (``notice``: what interrupted the recording, if anything)."""

        def __init__(
            self,
            screen: PracticeScreen,
            question: Question,
            analysis: Analysis,
            audio_path: Path,
            attempt: Attempt | None,
            save_error: str,
            notice: str,
        ) -> None:
            super().__init__()
            self.screen = screen
            self.question = question
            self.analysis = analysis
            self.audio_path = audio_path
            self.attempt = attempt
            self.save_error = save_error
            self.notice = notice

    def __init__(
        self,
        question: Question,
        *,
        history_open: bool = True,
        interview_position: tuple[int, int] | None = None,
        config: Config | None = None,
    ) -> None:
        """``history_open``: answers are saved to the history; ``interview_position``: (n,
        total) in a mock interview; ``config``: its pace band is what the live cues judge
        against, its very long pause starts the silence cue."""
        super().__init__()
        self.question = question
        self.config = config or Config()
        self.pace = (self.config.pace_min_wpm, self.config.pace_max_wpm)
        self.history_open = history_open
        self.interview_position = interview_position
        self.state: State = "ready"
        self.recorder: Recorder | None = None
        self.live: LiveTranscriber | None = None  # while recording, if live
        self._cues: object = None  # the live state last shown (redraw only on change)
        self.audio_path: Path | None = None
        self._ticker: Timer | None = None
        self.interruption = ""
        self._ready: AnalysisReady | None = None  # results waiting for this screen to be shown
        # The App's voice state, followed by name as ``ModelStatus`` follows the model's.
        self._voice_on = True
        self._voice_available: bool | None = None

    def compose(self) -> ComposeResult:
        q = self.question
        yield TitleBar()
        with PracticeBody(id="practice"):
            position = self.interview_position
            if position is not None:  # a 6 s notice at the start was all it said before
                yield Static(
                    f"Mock interview · question {position[0]} of {position[1]}",
                    id="interview-progress",
                )
            if q.parent_id is not None:  # asked after the answer before, as an interviewer does
                yield Static(f"Follow-up: {q.title}", id="question-title")
            elif q.title.strip(" .?").lower() != q.prompt.strip(" .?").lower():
                yield Static(q.title, id="question-title")
            yield Static(q.prompt, id="question-prompt")
            yield Static("", id="voice-state")
            with Horizontal(id="clock-row"):
                yield Digits(format_clock(0), id="timer")
                yield Static(f"target\n{q.target_label}", id="target-label")
            yield TargetBar(q.target_min_s, q.target_max_s, id="target-bar")
            yield LevelMeter(id="level")
            yield Static("", id="live-cues")
            yield Static(STATE_TEXT["ready"], id="state", classes="ready")
            yield ProgressBar(total=100, show_eta=False, id="progress")
            yield Static("", id="message")
        yield ModelStatus(id="model-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#progress").display = False
        self.query_one("#message").display = False
        cues = self.query_one("#live-cues")
        cues.display = False
        cues.styles.margin = (0, 0, 1, 0)
        self.watch(self.app, "voice_on", self._voice_on_changed)
        self.watch(self.app, "voice_available", self._voice_available_changed)
        self.app.post_message(self.ReadAloudRequested(self.question.prompt))

    def on_resize(self) -> None:
        self.set_class(self.size.height < self.COMPACT_BELOW, "-compact")

    def _voice_on_changed(self, on: bool) -> None:
        self._voice_on = on
        self._show_voice_state()

    def _voice_available_changed(self, available: bool | None) -> None:
        self._voice_available = available
        self._show_voice_state()

    def _show_voice_state(self, _: object = None) -> None:
        """The voice's true state. Turned on mid-answer (`t`), nothing is read (the microphone
        would hear it): it said "reading the question aloud…" for the rest of the answer."""
        if not self._voice_on:
            text = "voice off: text only (t to read questions aloud)"
        elif self._voice_available is False:
            text = "no audio output here: text only"
        elif self._voice_available is None and self.state not in ("ready", "failed"):
            text = "voice on: the next question is read aloud (t to turn off)"
        elif self._voice_available is None:
            text = "reading the question aloud… (t to turn off)"
        else:
            text = "🔊 question read aloud (t to turn off)"
        self.query_one("#voice-state", Static).update(text)

    # --- states -------------------------------------------------------------------------------

    def set_state(self, state: State, message: str = "") -> None:
        self.state = state
        label = self.query_one("#state", Static)
        label.update(STATE_TEXT[state])
        label.set_classes(state)
        self.query_one("#progress").display = state == "transcribing"
        note = self.query_one("#message", Static)
        note.update(message)
        note.display = bool(message)
        self.refresh_bindings()  # the key bar follows: see check_action
        self._show_voice_state()
        body = self.query_one(PracticeBody)
        body.follow = state != "ready"  # "ready" shows the question, at the top
        if body.follow:
            body.scroll_end(animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Space is hidden from the key bar while it does nothing (opening the microphone,
        transcribing): "space Record / stop" there invited a press that was ignored."""
        if action == "record" and self.state in ("starting", "transcribing"):
            return False
        if action in ("discard", "keep"):  # only while a short take waits for the choice
            return self.state == "short"
        if action in ("mic_check", "skip"):  # never while the microphone is in use
            interviewing = action != "skip" or self.interview_position is not None
            return interviewing and self.state in ("ready", "failed")
        return True

    def hides_key(self, action: str) -> bool:
        """Keys left out of the key bar (``KeyFooter``) though they still answer: `h` and `p`
        only say "stop the recording first" or "being analysed" meanwhile."""
        busy = self.state in ("starting", "recording", "short", "transcribing")
        return busy and action in ("history", "replay_last")

    def action_record(self) -> None:
        """Space: start when ready, stop when recording (a short take: keep or discard it
        first; space again discards it and records anew); ignored while busy."""
        if self.state == "short":
            self.action_discard()
        if self.state in ("ready", "failed"):
            self.set_state("starting")
            self.app.post_message(self.RecordRequested(self, self.question))
        elif self.state == "recording" and self.recorder is not None:
            elapsed = float(self.recorder.elapsed_s)
            if is_short_take(elapsed):  # an accident, not an answer: offered for discarding
                self._stop_ticker()
                self.set_state("short", SHORT_TAKE.format(clock=format_clock(elapsed)))
                self.app.post_message(self.TakeHeld(self.recorder))
                return
            self._finish()

    def _finish(self) -> None:
        """Close the answer and ask for its analysis."""
        if self.recorder is None:
            return
        self._stop_ticker()
        self.set_state("transcribing")
        # Indeterminate (it animates) until the first fraction: Whisper reports per segment,
        # so a long answer would otherwise sit at a still 0% for most of the wait.
        self.query_one("#progress", ProgressBar).update(total=None, progress=0)
        self.app.post_message(
            self.StopRequested(
                self, self.recorder, self.audio_path or Path(), self.question, self.live
            )
        )

    def action_mic_check(self) -> None:
        if self.state in ("ready", "failed"):
            self.app.post_message(self.MicCheckRequested(self))

    def action_skip(self) -> None:
        if self.check_action("skip", ()):
            self.app.post_message(self.SkipRequested(self, self.question))

    def after_mic_check(self, line: str) -> None:
        """The check is over (or asked for before the first answer): ready, saying how it went."""
        self.set_state("ready", line)

    def action_keep(self) -> None:
        """`k`: the short take is analysed as an answer after all."""
        if self.state == "short":
            self._finish()

    def action_discard(self) -> None:
        """`d`: the short take goes, file and all; no history row."""
        if self.state != "short" or self.recorder is None:
            return
        take = self.DiscardRequested(self, self.recorder, self.audio_path or Path(), self.live)
        self.recorder, self.live, self.audio_path = None, None, None
        self.set_state("ready", "Discarding the take…")
        self.app.post_message(take)

    def on_take_discarded(self, message: TakeDiscarded) -> None:
        if self.state == "ready":
            self.set_state("ready", "Take discarded: nothing was kept.")

    def on_recording_started(self, message: RecordingStarted) -> None:
        self.recorder = message.recorder
        self.audio_path = message.path
        self.live = message.live
        if not self.is_attached or self.state != "starting":
            self.app.post_message(
                self.RecordingLeft(message.recorder, message.live, message.path, self.question.id)
            )
            return
        self.set_state("recording")
        self._cues = None
        cues = self.query_one("#live-cues", Static)
        cues.display = self.live is not None
        cues.update(live_cues_text(self.live.state if self.live is not None else None))
        self._tick()
        self._ticker = self.set_interval(0.1, self._tick)

    def _tick(self) -> None:
        recorder = self.recorder
        if recorder is None:
            return
        elapsed = float(recorder.elapsed_s)
        self.query_one("#timer", Digits).update(format_clock(elapsed))
        bar = self.query_one("#target-bar", TargetBar)
        bar.elapsed = elapsed
        timer = self.query_one("#timer", Digits)
        timer.set_class(elapsed > self.question.target_max_s, "over")
        timer.set_class(
            self.question.target_min_s <= elapsed <= self.question.target_max_s, "in-zone"
        )
        self.query_one("#level", LevelMeter).level = float(recorder.level)
        # The live transcriber's latest snapshot (it works in its own thread; never waits),
        # and what is due of the cues (``voicecoach.practice.cues``).
        state = self.live.state if self.live is not None else None
        cues = choose_cues(
            elapsed,
            (self.question.target_min_s, self.question.target_max_s),
            getattr(state, "last_speech_s", None),
            getattr(state, "recent_wpm", None),
            self.config,
            heard_s=getattr(state, "heard_s", None),
        )
        wpm = cues.pace_wpm
        live = (state.fillers, state.last_filler, state.error) if state is not None else None
        shown = (live, wpm and round(wpm), cues.silent_s, cues.time)
        if shown != self._cues:  # redraw only when what is shown changes
            self._cues = shown
            widget = self.query_one("#live-cues", Static)
            widget.display = state is not None or bool(cues.time)
            widget.update(live_cues_text(state, self.pace, cues))
        if recorder.error and self.state == "recording":
            # The device failed mid-answer: the audio so far is kept, so analyse that.
            self.interruption = (
                f"The microphone stopped at {format_clock(elapsed)}: {recorder.error}. "
                "This is the analysis of what was recorded."
            )
            self._finish()
            self.set_state("transcribing", self.interruption)

    def _stop_ticker(self) -> None:
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        self.query_one("#level", LevelMeter).level = 0.0
        self.query_one("#live-cues").display = False

    def on_transcribing(self, message: Transcribing) -> None:
        self.audio_path = message.path
        if message.waiting_for_model:
            self.query_one("#state", Static).update(
                "waiting for the speech model to finish loading…"
            )

    def on_transcribe_progress(self, message: TranscribeProgress) -> None:
        bar = self.query_one("#progress", ProgressBar)
        if message.fraction >= 1.0:
            # Words are in; pauses and fillers are measured next (no fraction for that).
            self.query_one("#state", Static).update("measuring pace, fillers and pauses…")
            bar.update(total=None)
        elif message.fraction > 0:
            self.query_one("#state", Static).update(STATE_TEXT["transcribing"])
            bar.update(total=100, progress=100 * message.fraction)

    def on_analysis_ready(self, message: AnalysisReady) -> None:
        """Replace this screen by the results; under another screen (help), once shown again.
        Switching from under another screen replaced that one, and left this one stuck at
        "measuring…" below the results."""
        if self.app.screen is not self:  # ``is_current`` holds under a modal screen too
            self._ready = message if self.is_attached else None
            return
        self._show_results(message)

    def on_screen_resume(self) -> None:
        if self._ready is not None:
            ready, self._ready = self._ready, None
            self.call_later(self._show_results, ready)

    def _show_results(self, message: AnalysisReady) -> None:
        """Ask the App for the results in this screen's place (the App hands them back with
        ``AnalysisReady`` if another screen covered this one meanwhile)."""
        if self.app.screen is not self:
            self._ready = message
            return
        self.app.post_message(
            self.Analysed(
                self,
                self.question,
                message.analysis,
                message.audio_path,
                message.attempt,
                message.save_error,
                self.interruption,
            )
        )

    def worker_failed(self, group: str, message: str) -> None:
        """A failed worker, shown here as what happened and what to do."""
        self._stop_ticker()
        if group == "record":
            text = f"Cannot record: {message.rstrip('.')}."
            # The microphone hint, unless the file could not be written (a full disk).
            not_the_mic = ("cannot write the recording", "cannot start a recording")
            if "--device" not in message and not any(m in message for m in not_the_mic):
                text += " Connect a microphone, or choose an input with --device."
        elif group == "analyse":
            kept = ""
            if self.audio_path:
                kept = f" Your recording is kept (p plays it): {self.audio_path}"
                self.app.post_message(self.AnswerKept(self.audio_path))
            text = f"Transcription failed: {message}.{kept}"
        else:
            text = message
        self.set_state("failed", text)

    def refuse(self, reason: str) -> None:
        """No answer can be taken now (``PracticeSession.refusal``): say why before recording."""
        self._stop_ticker()
        self.set_state("failed", reason)

    def action_back(self) -> None:
        """Escape: leave (in a mock interview, after asking: it ends the interview)."""
        if self.interview_position is not None:
            ask_to_end_interview(self, self.interview_position, self._leave)
        else:
            self._leave()

    def _leave(self) -> None:
        """A recording in progress is closed, kept and offered on the list."""
        self._stop_ticker()
        if self.state == "short":
            self.action_discard()
            self.notify("The short take was discarded.", timeout=3)
        elif self.state == "recording" and self.recorder is not None:
            self.app.post_message(
                self.RecordingLeft(self.recorder, self.live, self.audio_path, self.question.id)
            )
        elif self.state == "transcribing":
            saved = "; it will be saved to your history" if self.history_open else ""
            self.notify(f"Your answer is still being analysed{saved}.", timeout=5)
        self.app.post_message(self.Closed())
        self.dismiss()

    def on_unmount(self) -> None:
        self._stop_ticker_quietly()

    def _stop_ticker_quietly(self) -> None:
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
