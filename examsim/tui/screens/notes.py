"""The scratch pad of one item, saved with the run."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea


class NotesScreen(ModalScreen[str | None]):
    BINDINGS = [
        Binding("ctrl+n,ctrl+s", "save", "Save note", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(self, text: str, number: int) -> None:
        super().__init__()
        self.text = text
        self.number = number

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(f"Notes for question {self.number} (Ctrl+N saves, Esc cancels)", markup=False)
            yield TextArea(self.text, id="note")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)
