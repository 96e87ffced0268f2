"""ReplayScreen: an attempt plays while its transcript follows, the current word highlighted.

Use::

    from voicecoach.ui.replay import ReplayScreen
    app.push_screen(ReplayScreen(attempt))                    # real audio (Player)
    app.push_screen(ReplayScreen(attempt, player_factory=f))  # f(path) -> Player-like object
    app.push_screen(ReplayScreen(attempt, f, find_question=bank.get))  # titled by the bank

``attempt`` is a ``voicecoach.store.Attempt``; ``player_factory`` takes the audio path and returns
an object with the ``voicecoach.audio.playback.Player`` API (play/pause/resume/toggle/stop/seek,
position_s, duration_s, playing, finished). With no audio output the screen still opens, shows the
transcript and says in one line why there is no sound. ``find_question`` looks a question id up
(the bank's ``get``): the title then names the question, else it shows the id.

Keys: space pause/resume, left/right seek -5/+5 s, n next filler or long pause, escape back.
The player's position is polled on a timer (the audio thread never calls into the UI). A report
with its delivery part (issue 21) shows its pitch and loudness plot under the transcript, a
line on it where the replay is, and the plot's key under it.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from voicecoach.datatypes import clock
from voicecoach.questions import Question
from voicecoach.rendering.follow_along import (
    FOLLOW_STYLE,
    PlayerFactory,
    PlayerLike,
    current_word_index,
    default_player_factory,
    next_mark_after,
)
from voicecoach.rendering.text import transcript_text
from voicecoach.store import Attempt
from voicecoach.ui.footer import KeyFooter
from voicecoach.ui.formatting import describe_time
from voicecoach.ui.header import TitleBar

QuestionLookup = Callable[[str], Question | None]

POLL_S = 0.05
END_SLACK_S = 0.05  # a finished replay this close to its end starts again from the start
TITLE_CHARS = 60  # the question's title in the header line; the longest built-in one is 41
SEEK_S = 5.0
# The plot's place line is redrawn when the replay moved this far: a redraw costs tens of ms
# of the UI thread (textual-plotext), and a 90 s plot is about half a second a column.
PLOT_STEP_S = 1.0


class ReplayScreen(Screen[None]):
    """Play one attempt with the words following along."""

    BINDINGS = [
        Binding("space", "toggle", "Pause/resume"),
        # priority: the scrolling transcript would otherwise take left/right for itself.
        Binding("left", "seek(-5)", "-5 s", key_display="←", priority=True),
        Binding("right", "seek(5)", "+5 s", key_display="→", priority=True),
        Binding("n", "next_mark", "Next filler/pause"),
        Binding("escape", "back", "Back"),
    ]

    DEFAULT_CSS = """
    ReplayScreen #replay-title { padding: 0 1; text-style: bold; }
    ReplayScreen #replay-transcript { padding: 1 2; }
    ReplayScreen #replay-scroll { height: 1fr; }
    /* Not docked: a second widget docked at the bottom lay under the key bar, hidden. */
    ReplayScreen #replay-status { height: 1; padding: 0 1; color: $text-muted; }
    ReplayScreen #replay-plot { height: 9; }
    ReplayScreen #replay-plot-legend { padding: 0 1; color: $text-muted; }
    """

    def __init__(
        self,
        attempt: Attempt,
        player_factory: PlayerFactory = default_player_factory,
        find_question: QuestionLookup | None = None,
    ) -> None:
        super().__init__()
        self.attempt = attempt
        self.player_factory = player_factory
        self.find_question = find_question
        self.player: PlayerLike | None = None
        self.current_index = -1  # the highlighted word (tests read it)
        self.error: str | None = None
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        a = self.attempt
        yield TitleBar()
        yield Static(
            f"Attempt {a.id} · {self._question_title()} · "
            f"{describe_time(a.created_at)} · {a.duration_s:.1f} s",
            id="replay-title",
        )
        with VerticalScroll(id="replay-scroll", can_focus=False):
            yield Static(transcript_text(a.analysis, FOLLOW_STYLE), id="replay-transcript")
        delivery = a.analysis.delivery
        if delivery is not None and delivery.contour_loudness_dbfs:
            from voicecoach.ui.delivery_view import DeliveryPlot, plot_legend

            yield DeliveryPlot(delivery, id="replay-plot")
            # Two unlabelled y axes and red marks mean nothing without the key the results show.
            yield Static(plot_legend(delivery), id="replay-plot-legend")
        yield Static("", id="replay-status")
        yield KeyFooter()

    def _question_title(self) -> str:
        """The question as the list names it ("Tell me about yourself", not "intro"); the id
        when there is no bank to ask or it no longer has the question."""
        qid = self.attempt.question_id
        if not qid:
            return "no question"
        question = self.find_question(qid) if self.find_question is not None else None
        title = question.title if question is not None else qid
        if len(title) > TITLE_CHARS:  # a long title of the user's own hid the transcript
            title = title[: TITLE_CHARS - 1].rstrip() + "…"
        parent = getattr(self.attempt, "parent_id", None)
        return f"follow-up to attempt {parent}: {title}" if parent is not None else title

    def on_mount(self) -> None:
        path = self.attempt.audio_path
        if path is None or not path.is_file():
            self.error = "This attempt has no audio file; showing the transcript only."
        else:
            try:
                self.player = self.player_factory(path)
                self.player.play()
            except Exception as exc:  # no sound card, PortAudio error: say so, keep the screen
                self.player = None
                # One short line: with the reason in it, it ran past 80 columns, cut.
                self.log.warning(f"replay without sound: {exc}")
                reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                if "output" in reason.lower():
                    self.error = "No audio output here: transcript only."
                else:
                    self.error = f"No audio output ({reason[:30]}): transcript only."
        self._refresh()
        self.refresh_bindings()  # without a player, its keys leave the key bar
        self._timer = self.set_interval(POLL_S, self._refresh)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Play, seek and next mark are not offered without a player: they did nothing."""
        if action in ("toggle", "seek", "next_mark") and self.player is None:
            return False
        return True

    def on_unmount(self) -> None:
        self._stop()

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.player is not None:
            try:
                self.player.stop()
            except Exception:  # stopping must never keep the user on this screen
                pass

    def _refresh(self) -> None:
        """Poll the player; redraw the transcript only when the word changes."""
        status = self.query_one("#replay-status", Static)
        if self.player is None:
            status.update(self.error or "")
            return
        pos = self.player.position_s
        idx = current_word_index(self.attempt.analysis.words, pos)
        if idx != self.current_index:
            self.current_index = idx
            self.query_one("#replay-transcript", Static).update(
                transcript_text(self.attempt.analysis, FOLLOW_STYLE, idx)
            )
            self._follow(idx)
        self._show_on_plot(pos)
        state = (
            "finished" if self.player.finished else ("playing" if self.player.playing else "paused")
        )
        status.update(
            f"{clock(pos, tenths=True)} / {clock(self.player.duration_s, tenths=True)} · {state}"
        )

    def _show_on_plot(self, position_s: float) -> None:
        """Where the replay is, on the delivery plot (when the report has one)."""
        from voicecoach.ui.delivery_view import DeliveryPlot

        for plot in self.query("#replay-plot").results(DeliveryPlot):
            shown = plot.position_s
            if shown is None or abs(position_s - shown) >= PLOT_STEP_S:
                plot.show_position(position_s)

    def _follow(self, idx: int) -> None:
        """Keep the current word in view: scroll to its share of the text (words wrap evenly)."""
        scroll = self.query_one("#replay-scroll", VerticalScroll)
        words = len(self.attempt.analysis.words)
        if words == 0 or scroll.max_scroll_y <= 0:
            return
        line = max(0, idx) / words * scroll.virtual_size.height
        scroll.scroll_to(y=max(0.0, line - scroll.size.height / 2), animate=False)

    def action_toggle(self) -> None:
        if self.player is None:
            return
        if self.player.finished:
            # From the start, unless ← or n moved back from the end after it finished: then
            # from there (space played the whole answer again from 0:00).
            if self.player.position_s >= self.player.duration_s - END_SLACK_S:
                self.player.seek(0.0)
            self.player.play()
        else:
            self.player.toggle()
        self._refresh()

    def action_seek(self, delta: float) -> None:
        if self.player is None:
            return
        target = min(max(0.0, self.player.position_s + float(delta)), self.player.duration_s)
        self.player.seek(target)
        self._refresh()

    def action_next_mark(self) -> None:
        if self.player is None:
            return
        target = next_mark_after(self.attempt.analysis, self.player.position_s)
        if target is None:
            self.notify("No more fillers or long pauses after this point.")
            return
        self.player.seek(target)
        self._refresh()

    def action_back(self) -> None:
        self._stop()
        self.dismiss(None)
