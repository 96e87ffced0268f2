"""Which screen follows which, in one place: the first screen, the screens' requests, what the
screens are told, and the App's keys that act on the screen on view (`t`, `p`, `h`, `?`).

Screens never import the App module: they get their data through their constructors (made
here) and post the messages nested on their classes, handled here by name
(``on_practice_screen_record_requested`` handles ``PracticeScreen.RecordRequested``; an
``@on(...)`` would import every screen before the first paint). The order of screens is decided
here alone: list -> practice -> results -> practice again (r) or the next (n); the history (h),
a replay (p) and the help (?) over any of them; escape goes back. A request from a screen no
longer shown (a key pressed just before another screen opened) is dropped: following it would
replace that other screen. What to do with an answer is the session's
(``voicecoach.practice.session``); the blocking work is the App's workers.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from voicecoach.practice.session import analysed_in_background
from voicecoach.questions import Question
from voicecoach.ui import messages
from voicecoach.ui.own_questions import OwnQuestionsFlow

if TYPE_CHECKING:
    from voicecoach.config import Config
    from voicecoach.datatypes import Analysis
    from voicecoach.practice.interview import InterviewReport, Notice
    from voicecoach.practice.services import Services
    from voicecoach.practice.session import PracticeSession, RecoveredOutcome
    from voicecoach.questions import Bank
    from voicecoach.store import Attempt
    from voicecoach.ui.practice import PracticeScreen
    from voicecoach.ui.questions import QuestionListScreen
    from voicecoach.ui.results import ResultsScreen


class Navigation(OwnQuestionsFlow):
    """The screens' order, mixed into ``VoiceCoachApp`` (which provides the session, the
    services and the workers these handlers start); the user's own questions (`n`, `e`, `d`
    on the list) are ``OwnQuestionsFlow``'s."""

    config: Config
    bank: Bank
    services: Services
    session: PracticeSession

    if TYPE_CHECKING:  # the App's own, used from here
        notices: list[str]
        voice_on: bool

        def write_interview_report(self, report: InterviewReport) -> None: ...
        def find_personal_targets(
            self, screen: ResultsScreen, question_id: str, attempt: Any, analysis: Analysis
        ) -> None: ...
        def read_aloud(self, text: str) -> None: ...
        def stop_voice(self) -> None: ...
        def stop_playback(self) -> None: ...
        def begin_recording(self, screen: Screen[Any], question: Question) -> None: ...
        def finish_answer(self, screen: Screen[Any], *answer: Any) -> None: ...
        def leave_recording(self, *left: Any) -> None: ...
        def hold_take(self, recorder: Any) -> Any: ...
        def discard_take(self, screen: Screen[Any], *take: Any) -> Any: ...
        def load_last_results(self, screen: Screen[Any], question_ids: list[str]) -> None: ...
        def analyse_recovered(self, screen: Screen[Any]) -> None: ...
        def _stop_voice(self) -> Any: ...
        def _toggle_playback(self, audio_path: Path) -> Any: ...
        def _replay_latest(self) -> Any: ...

    # --- the first screen ---------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        """The question list is the app's base screen: pushing it over Textual's blank default
        screen cost a second screen's set-up and paint at each start (about 0.07 s)."""
        from voicecoach.ui.questions import QuestionListScreen

        return QuestionListScreen(self.bank.questions, self.notices)

    # --- what the screens are told: offers, answers done, checks, notices --------------------

    def _show_offer(self) -> None:
        """The oldest answer kept, offered on the question list with `a` (or no offer)."""
        from voicecoach.ui.questions import QuestionListScreen

        line, short = self.session.offer()
        for screen in self.screen_stack:
            if isinstance(screen, QuestionListScreen):
                screen.post_message(messages.RecoveredOffer(line, short))

    def _analysed_in_background(self, question: Question, attempt: Any, save_error: str) -> None:
        """Say that the answer left mid-transcription is done, and show it in the list."""
        from voicecoach.ui.questions import QuestionListScreen

        self.notify(analysed_in_background(question, attempt, save_error), timeout=6)
        for screen in self.screen_stack:
            if isinstance(screen, QuestionListScreen):
                screen.post_message(messages.LastResultsStale())

    def on_analysis_checked(self, message: messages.AnalysisChecked) -> None:
        """Show the checked report where the live one is still on screen, and follow it
        everywhere the live one was kept this session (`p`, a mock interview, the list)."""
        from voicecoach.ui.questions import QuestionListScreen
        from voicecoach.ui.results import ResultsScreen

        check = message.check
        self.session.follow_check(check)
        for screen in self.screen_stack:
            if isinstance(screen, ResultsScreen):
                screen.post_message(messages.CheckUpdated(check))
            elif isinstance(screen, QuestionListScreen) and check.checked is not None:
                screen.post_message(messages.LastResultsStale())

    def on_delivery_measured(self, message: messages.DeliveryMeasured) -> None:
        """How an answer sounded, measured after its report: to the results on the stack."""
        from voicecoach.ui.results import ResultsScreen

        for screen in self.screen_stack:
            if isinstance(screen, ResultsScreen):
                screen.post_message(messages.DeliveryUpdated(message.follow))

    def _show_recovered(self, done: RecoveredOutcome) -> None:
        shown = (done.question, done.analysis, done.audio_path, done.attempt, done.save_error)
        self.show_results(*shown, done.notice, replacing=False)

    def say(self, notice: Notice) -> None:
        from voicecoach.ui.questions import QuestionListScreen

        severity = "error" if notice.error else "information"
        self.notify(notice.text, severity=severity, timeout=notice.timeout)
        if notice.report is not None:
            for screen in self.screen_stack:
                if isinstance(screen, QuestionListScreen):
                    screen.post_message(messages.InterviewReportWritten(notice.report))

    # --- the App's keys, by the screen on view: voice (t), replay (p), history (h), help (?) --

    def replay(self, audio_path: Path, attempt: Any = None) -> None:
        """`p`: the history's replay screen when it exists, else play the file directly."""
        self.session.cancel_check()  # replaying never waits for it (nor shares the CPU with it)
        if attempt is None:
            self._toggle_playback(audio_path)
            return
        from voicecoach.ui.replay import ReplayScreen

        factory = self.services.player_factory
        find = self.bank.get
        self.push_screen(
            ReplayScreen(attempt, factory, find_question=find)
            if factory is not None
            else ReplayScreen(attempt, find_question=find)
        )

    def action_toggle_voice(self) -> None:
        self.voice_on = not self.voice_on
        if not self.voice_on:
            self._stop_voice()
        else:
            question = getattr(self.screen, "question", None)
            idle = getattr(self.screen, "state", None) in ("ready", "failed")
            if isinstance(question, Question) and getattr(self.screen, "speaks", False) and idle:
                self.read_aloud(question.prompt)  # never while recording: it would be heard
        self.notify(
            "Reading questions aloud" if self.voice_on else "Voice off: text only", timeout=2
        )

    def _busy_answering(self, key: str) -> bool:
        """`h` and `p` wait while an answer is recorded or analysed (with a one-line notice):
        the history opened over an answer being analysed was replaced by its results, and
        escape from those led back to a practice screen stuck at "measuring…"."""
        state = getattr(self.screen, "state", None)
        if state == "short":
            self.notify("Discard (d) or keep (k) the short take first.", timeout=3)
        elif state in ("starting", "recording"):
            self.notify("Stop the recording first (space).", timeout=3)
        elif state == "transcribing":
            self.notify(
                f"Your answer is being analysed: press {key} once its results show.", timeout=3
            )
        else:
            return False
        return True

    def action_replay_last(self) -> None:
        """`p` anywhere: the last answer recorded in this session, else the latest in history
        (after a restart `p` said "no answer recorded yet" beside a history full of them)."""
        if self._busy_answering("p"):
            return
        if self.session.last_answer is not None:
            self.replay(*self.session.last_answer)
        elif self.services.store is not None:
            self._replay_latest()
        else:
            self.notify("No answer recorded yet.", timeout=3)

    def _open_history(self) -> Screen[Any] | None:
        """The history screen already on the stack, if any (its module is loaded only once
        one was opened, so the start-up path does not import it)."""
        history = sys.modules.get("voicecoach.ui.history")
        if history is None:
            return None
        return next((s for s in self.screen_stack if isinstance(s, history.HistoryScreen)), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`h` is hidden on the history itself (it would open a second copy)."""
        if action == "history" and self.screen is self._open_history():
            return False
        return True

    def action_history(self) -> None:
        if self._busy_answering("h"):
            return
        opened = self._open_history()
        if opened is not None:  # from a replay or comparison opened there: back to it
            while self.screen is not opened:
                self.pop_screen()
            return
        store = self.services.store
        if store is None and self.services.store_error:
            # Not "not available in this install": the database is there but cannot be used.
            self.notify(
                f"History is not available: {self.services.store_error}",
                severity="warning",
                timeout=10,
            )
            return
        if store is None:
            self.notify(
                "History is not available yet: no attempts store in this install.", timeout=4
            )
            return
        from voicecoach.ui.history import HistoryScreen

        targets = {q.id: (q.target_min_s, q.target_max_s) for q in self.bank.questions}
        factory = self.services.player_factory
        find = self.bank.get
        self.push_screen(
            HistoryScreen(store, targets, factory, find_question=find)
            if factory
            else HistoryScreen(store, targets, find_question=find)
        )

    def end_interview(self) -> None:
        """Back on the question list: a mock interview left before its last answer ends here
        and says so (``PracticeSession.end_interview``), with a partial report if answered."""
        said, report = self.session.end_interview()
        if said is not None:
            self.say(said)
        if report is not None:
            self.write_interview_report(report)

    def action_help(self) -> None:
        from voicecoach.ui.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.session.storage_line()))

    def next_question(self, question: Question) -> Question:
        """The question after this one in the bank, wrapping round (after a follow-up: the
        one after its parent)."""
        questions = self.bank.questions
        ids = [q.id for q in questions]
        own = question.parent_id or question.id
        index = ids.index(own) if own in ids else -1
        return questions[(index + 1) % len(questions)]

    # --- the screens' requests, and which screen follows which --------------------------------

    def practice_screen(self, question: Question) -> PracticeScreen:
        """A practice screen for ``question``, told what it shows: whether answers are saved to
        the history, its place in a mock interview, the settings of its live cues."""
        from voicecoach.ui.practice import PracticeScreen

        return PracticeScreen(
            question,
            history_open=self.services.store is not None,
            interview_position=self.session.interview_position(question),
            config=self.config,
        )

    def show_results(
        self,
        question: Question,
        analysis: Analysis,
        audio_path: Path,
        attempt: Attempt | None,
        save_error: str,
        notice: str,
        *,
        replacing: bool,
    ) -> None:
        """The results of an answer, in place of its practice screen (``replacing``) or over
        the list (a kept answer analysed with `a`), with the check of its live report."""
        from voicecoach.ui.results import ResultsScreen

        screen = ResultsScreen(
            question,
            analysis,
            audio_path,
            attempt,
            save_error,
            notice,
            check=self.session.check,
            interview_position=self.session.interview_position(question),
            followup=self.session.followup_for(question, analysis),
            delivery=self.session.delivery,
        )
        if replacing:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def on_question_list_screen_shown(self, message: QuestionListScreen.Shown) -> None:
        self.end_interview()

    def on_question_list_screen_last_results_wanted(
        self, message: QuestionListScreen.LastResultsWanted
    ) -> None:
        self.load_last_results(message.screen, message.question_ids)

    def on_question_list_screen_question_chosen(
        self, message: QuestionListScreen.QuestionChosen
    ) -> None:
        if self.screen is message.screen:
            self.push_screen(self.practice_screen(message.question))

    def on_question_list_screen_interview_requested(
        self, message: QuestionListScreen.InterviewRequested
    ) -> None:
        questions = message.questions
        if self.screen is not message.screen or not questions:
            return
        self.say(self.session.start_interview(questions))
        self.push_screen(self.practice_screen(questions[0]))

    def on_question_list_screen_analyse_recovered_requested(
        self, message: QuestionListScreen.AnalyseRecoveredRequested
    ) -> None:
        self.analyse_recovered(message.screen)

    def on_practice_screen_read_aloud_requested(
        self, message: PracticeScreen.ReadAloudRequested
    ) -> None:
        self.read_aloud(message.text)

    def check_microphone(self, screen: PracticeScreen | None = None) -> None:
        """The microphone check (`m`, or before the session's first answer): a level meter and
        "say a few words"; its closing line is shown on ``screen``, which is then ready."""
        from voicecoach.ui.mic_check import MicCheckScreen

        factory = self.services.level_check_factory
        if factory is None:
            self.notify("No microphone check in this install.", timeout=3)
            if screen is not None:
                screen.after_mic_check("")
            return
        self.session.mic_checked = True  # once a session, whatever its outcome
        self.stop_voice()  # the question read aloud would be heard as a voice
        device = self.config.device
        checking = MicCheckScreen(factory, "" if device is None else str(device))

        def done(line: str | None) -> None:
            if screen is not None and screen.is_attached:
                screen.after_mic_check(line or "")
            elif line:
                self.notify(line, timeout=8)

        self.push_screen(checking, done)

    def on_practice_screen_mic_check_requested(
        self, message: PracticeScreen.MicCheckRequested
    ) -> None:
        if self.screen is message.screen:
            self.check_microphone(message.screen)

    def on_question_list_screen_interview_reports_requested(
        self, message: QuestionListScreen.InterviewReportsRequested
    ) -> None:
        """`v`: the mock interview reports written so far, where the interview writes them."""
        from voicecoach.practice.interview import interviews_dir
        from voicecoach.ui.interview_reports import InterviewReportsScreen

        if self.screen is message.screen:
            root = getattr(self.services.store, "root", None)
            self.push_screen(InterviewReportsScreen(interviews_dir(root, self.config.home)))

    def on_question_list_screen_mic_check_requested(
        self, message: QuestionListScreen.MicCheckRequested
    ) -> None:
        if self.screen is message.screen:
            self.check_microphone()

    def on_practice_screen_record_requested(self, message: PracticeScreen.RecordRequested) -> None:
        due = self.session.mic_check_due() and self.session.refusal() is None
        if due:  # before the session's first answer, once (not before an answer refused)
            self.check_microphone(message.screen)
            return
        self.stop_voice()
        self.stop_playback()
        self.begin_recording(message.screen, message.question)

    def on_practice_screen_skip_requested(self, message: PracticeScreen.SkipRequested) -> None:
        """`s` in a mock interview: the next question, or after the last the list (and the
        report of the answers given, the ones skipped said so)."""
        if self.screen is not message.screen:
            return
        skipped = self.session.skip_interview_question(message.question)
        if skipped is None:
            return
        self.stop_voice()
        if skipped.notice is not None:
            self.say(skipped.notice)
        if skipped.report is not None:
            self.write_interview_report(skipped.report)
        if skipped.next is not None:
            self.switch_screen(self.practice_screen(skipped.next))
        else:
            self.pop_screen()

    def on_practice_screen_stop_requested(self, message: PracticeScreen.StopRequested) -> None:
        self.finish_answer(
            message.screen, message.recorder, message.path, message.question, message.live
        )

    def on_practice_screen_recording_left(self, message: PracticeScreen.RecordingLeft) -> None:
        self.leave_recording(message.recorder, message.live, message.path, message.question_id)

    def on_practice_screen_take_held(self, message: PracticeScreen.TakeHeld) -> None:
        self.hold_take(message.recorder)

    def on_practice_screen_discard_requested(
        self, message: PracticeScreen.DiscardRequested
    ) -> None:
        self.discard_take(message.screen, message.recorder, message.path, message.live)

    def on_practice_screen_closed(self, message: PracticeScreen.Closed) -> None:
        self.stop_voice()

    def on_practice_screen_answer_kept(self, message: PracticeScreen.AnswerKept) -> None:
        self.session.last_answer = (message.path, None)

    def on_practice_screen_analysed(self, message: PracticeScreen.Analysed) -> None:
        """The results in place of the practice screen; covered meanwhile (help), it gets
        them back and asks again once shown; left meanwhile, the answer is announced."""
        screen = message.screen
        if self.screen is not screen:
            if screen.is_attached:
                ready = messages.AnalysisReady(
                    message.analysis, message.audio_path, message.attempt, message.save_error
                )
                screen.post_message(ready)
            else:
                self._analysed_in_background(message.question, message.attempt, message.save_error)
            return
        self.show_results(
            message.question,
            message.analysis,
            message.audio_path,
            message.attempt,
            message.save_error,
            message.notice,
            replacing=True,
        )

    def on_results_screen_opened(self, message: ResultsScreen.Opened) -> None:
        """In a mock interview (`i`), keep this answer; after the last, write the report."""
        report = self.session.interview_answered(message.question, message.analysis)
        if report is not None:
            self.write_interview_report(report)

    def on_results_screen_targets_wanted(self, message: ResultsScreen.TargetsWanted) -> None:
        """The personal targets, found from the history off the UI thread."""
        if self.services.store is not None:
            self.find_personal_targets(
                message.screen, message.question_id, message.attempt, message.analysis
            )

    def on_results_screen_retry_requested(self, message: ResultsScreen.RetryRequested) -> None:
        if self.screen is message.screen:
            self.stop_playback()
            self.switch_screen(self.practice_screen(message.question))

    def on_results_screen_next_requested(self, message: ResultsScreen.NextRequested) -> None:
        if self.screen is message.screen:
            self.stop_playback()
            self.switch_screen(self.practice_screen(self.next_question(message.question)))

    def on_results_screen_followup_requested(
        self, message: ResultsScreen.FollowupRequested
    ) -> None:
        """The follow-up, answered like any question; saved linked to the answer before."""
        if self.screen is message.screen:
            self.stop_playback()
            self.session.take_followup(message.followup, message.attempt)
            self.switch_screen(self.practice_screen(message.followup))

    def on_results_screen_replay_requested(self, message: ResultsScreen.ReplayRequested) -> None:
        self.replay(message.audio_path, message.attempt)

    def on_results_screen_closed(self, message: ResultsScreen.Closed) -> None:
        self.stop_playback()
