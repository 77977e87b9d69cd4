"""The scratch pad of one item, saved with the run."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from examsim.tui.format import card_text


class NotesScreen(ModalScreen[str | None]):
    BINDINGS = [
        Binding("ctrl+n,ctrl+s", "save", "Save note", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(self, text: str, number: int) -> None:
        super().__init__()
        self.text = card_text(text).plain  # a note stored by an older version may hold anything
        self.number = number

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(f"Notes for question {self.number} (Ctrl+N saves, Esc cancels)", markup=False)
            yield TextArea(self.text, id="note")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        # What is typed or pasted is cleaned as it enters: a pasted escape sequence is not kept.
        self.dismiss(card_text(self.query_one(TextArea).text).plain)

    def action_cancel(self) -> None:
        self.dismiss(None)
