"""The user's own questions in the app: `n` (new), `e` (edit) and `d` (remove) on the list,
and `j`: questions drafted from their own text (a job description, a résumé).

Which screen follows which for them (the form, the confirmation), mixed into
``voicecoach.ui.navigation.Navigation``. The change itself is ``voicecoach.questions.own``
(Textual-free, shared with `voicecoach questions`), run in a thread worker on a copy of the
bank; the bank the screens and the session hold takes the result on the UI thread, so a new
question takes part in practice, the mock interview and the history at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.screen import Screen

from voicecoach.ui import messages

if TYPE_CHECKING:
    from voicecoach.questions import Bank, Question
    from voicecoach.ui.from_text import FromTextScreen
    from voicecoach.ui.questions import QuestionListScreen


class OwnQuestionsFlow(App[int]):
    """The list's requests about the user's own questions, handled by name like the others."""

    bank: Bank

    if TYPE_CHECKING:  # the App's own

        def track(self, worker: Any, requester: Any) -> Any: ...

    def on_question_list_screen_add_requested(
        self, message: QuestionListScreen.AddRequested
    ) -> None:
        from voicecoach.questions.own import add_question
        from voicecoach.ui.question_form import QuestionFormScreen

        screen = message.screen
        if self.screen is not screen:
            return

        def saved(draft: Any) -> None:
            if draft is not None:
                self._change_questions(screen, lambda bank: add_question(bank, draft), "Added")

        self.push_screen(QuestionFormScreen(), saved)

    def on_question_list_screen_edit_requested(
        self, message: QuestionListScreen.EditRequested
    ) -> None:
        from voicecoach.questions.own import draft_of, edit_question
        from voicecoach.ui.question_form import QuestionFormScreen

        screen, question = message.screen, message.question
        if self.screen is not screen or self._refused_not_own(question, "edited"):
            return

        def saved(draft: Any) -> None:
            if draft is not None:
                self._change_questions(
                    screen, lambda bank: edit_question(bank, question.id, draft), "Saved"
                )

        self.push_screen(QuestionFormScreen(draft_of(question)), saved)

    def on_question_list_screen_remove_requested(
        self, message: QuestionListScreen.RemoveRequested
    ) -> None:
        from voicecoach.questions.own import remove_question
        from voicecoach.ui.confirm import ConfirmScreen

        screen, question = message.screen, message.question
        if self.screen is not screen or self._refused_not_own(question, "removed"):
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._change_questions(
                    screen, lambda bank: remove_question(bank, question.id), "Removed"
                )

        self.push_screen(
            ConfirmScreen(
                f'Remove your question "{question.title}"?',
                "Its past attempts stay in your history.",
                yes="remove it",
                no="keep it",
            ),
            answered,
        )

    def on_question_list_screen_draft_from_text_requested(
        self, message: QuestionListScreen.DraftFromTextRequested
    ) -> None:
        """`j`: a path in a small form; the bank drafted from it is saved beside config.toml,
        where every start reads it, and its questions join the list at once."""
        from voicecoach.ui.from_text import FromTextScreen

        screen = message.screen
        if self.screen is not screen:
            return

        self.push_screen(FromTextScreen())

    def on_from_text_screen_draft_requested(self, message: FromTextScreen.DraftRequested) -> None:
        """Draft and save off the UI thread (a failure comes back to the form as one line)."""
        from voicecoach.questions.drafted import draft_beside_config

        form = message.screen
        own = self.bank.own_file
        if own is None:
            form.show_problem("no folder for your own questions in this setup")
            return
        copy = replace(self.bank, questions=list(self.bank.questions), errors=[])

        def work() -> None:
            from voicecoach.questions.own import reload

            path, drafted = draft_beside_config([message.path], Path(own).parent)
            reload(copy)
            first = next((q.id for q in copy.questions if q.source == str(path)), None)
            said = (
                f"Drafted {drafted.questions} questions from {message.path.name}; they are in "
                f"the list, saved in {path} to review and edit."
            )
            self.call_from_thread(self._drafted, form, copy, path, first, said)

        worker = self.run_worker(work, thread=True, group="from-text", exit_on_error=False)
        self.track(worker, form)

    def _drafted(
        self, form: Screen[Any], changed: Bank, path: Path, first: str | None, said: str
    ) -> None:
        """The drafted questions join the list (the cursor on the first) and the form closes
        with the bank file's path, which the note names."""
        self.bank.questions[:] = changed.questions
        self.bank.errors[:] = changed.errors
        self._show_questions(first)
        if form.is_attached:
            form.dismiss(path)
        self.notify(said, timeout=15)

    def _refused_not_own(self, question: Question, doing: str) -> bool:
        """A built-in question cannot be changed here, nor one from a bank file named in the
        config (a drafted bank too): say which, and where that one is changed."""
        from voicecoach.questions import BUILTIN_SOURCE

        if self.bank.is_own(question):
            return False
        if question.source == BUILTIN_SOURCE:
            said = (
                f'"{question.title}" is a built-in question and cannot be {doing} here; '
                "n adds a question of your own."
            )
        else:  # a bank file of theirs (a drafted one too): theirs to change, in that file
            said = f'"{question.title}" is in {question.source}: change it in that file.'
        self.notify(said, timeout=5)
        return True

    def _change_questions(
        self, screen: Screen[Any], change: Callable[[Bank], Question], done: str
    ) -> None:
        """Save off the UI thread (a failure comes back to the list as one line)."""
        copy = replace(self.bank, questions=list(self.bank.questions), errors=[])

        def work() -> None:
            question = change(copy)
            self.call_from_thread(self._questions_changed, copy, question, done)

        worker = self.run_worker(work, thread=True, group="questions", exit_on_error=False)
        self.track(worker, screen)

    def _questions_changed(self, changed: Bank, question: Question, done: str) -> None:
        self.bank.questions[:] = changed.questions
        self.notify(f'{done} "{question.title}".', timeout=4)
        self._show_questions(question.id)

    def _show_questions(self, selected: str | None) -> None:
        """The list shows the bank again, ``selected`` under the cursor."""
        from voicecoach.ui.questions import QuestionListScreen

        shown = list(self.bank.questions)
        for screen in self.screen_stack:
            if isinstance(screen, QuestionListScreen):
                screen.post_message(messages.QuestionsChanged(shown, selected))
