"""The key help (the same table as docs/keys.md)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

HELP = """examsim keys

During an item
  A, B, C ...      choose an option (multiple choice), toggle it (multiple response),
                   place the next step (ordering), or assign it to the current prompt
                   (matching; the same letter again takes it back)
  Up / Down        matching: move between prompts; ordering: pick a placed step
                   (elsewhere: scroll)
  Ctrl+Up/Down     ordering: move the picked step earlier or later
  Backspace        undo: back to the previous answer (again: further back)
  Delete           clear the whole answer
  Ctrl+X, letter   strike out an option you have ruled out (again to restore);
                   any other key cancels
  1 / 2 / 3        mark your confidence: sure / unsure / guess
  Enter            quizzes with feedback: check the answer
  1 / 2 / 3 / 4    drills, once the answer is shown: rate the card
                   Again / Hard / Good / Easy (the bar shows each next interval)

Moving around
  Right or ]       next item (on the last item: the review screen)
  Left or [        previous item
  Ctrl+R           review all items: answered ✓ / incomplete ◐ / unanswered · /
                   flagged ⚑ / noted ✎, jump, submit
                   (jump from the flagged filter: Next goes to the next flagged item)
  Ctrl+F           flag the item for review
  Ctrl+N           notes for this item (saved with the run)
  PageUp/PageDown  scroll a long item
  Ctrl+E           end the exam or quiz (asks first, with the open items)
  Esc              leave for the home screen (asks first; saved either way)
  Ctrl+Q           quit (asks first during an exam; the exam stays resumable)
  ?                this help

Every answer is saved the moment you give it. An incomplete answer
(one of two options, a step or a prompt missing) counts as wrong.
Press Esc or ? to close this help."""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Static(HELP, markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
