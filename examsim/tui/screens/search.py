"""Search the items of a review by text: one line, Enter searches, Esc cancels."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from examsim.tui.format import card_text


class SearchScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", priority=True)]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial = query

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Search the items: every word must appear in the question, case study, options or "
                         "explanation. Enter searches (empty: no search), Esc cancels.", markup=False)
            yield Input(self.initial, placeholder="for example: drift monitor", id="query")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(card_text(event.value).plain)  # what is typed or pasted is cleaned as it enters

    def action_cancel(self) -> None:
        self.dismiss(None)
