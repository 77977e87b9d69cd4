"""Report a bad item: wrong key, ambiguous or outdated, with a comment."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, RadioButton, RadioSet, Static

from examsim.tui.format import card_text

KINDS = (("wrong-key", "The key is wrong"), ("ambiguous", "More than one answer is defensible"), ("outdated", "The facts are outdated"))


class ReportItemScreen(ModalScreen[tuple[str, str] | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Send report", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(self, card_id: str) -> None:
        super().__init__()
        self.card_id = card_id

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(card_text(f"Report card {self.card_id} (Ctrl+S sends, Esc cancels)"), markup=False)
            with RadioSet(id="kind"):
                for n, (_code, label) in enumerate(KINDS):
                    yield RadioButton(label, value=n == 0)
            yield Input(placeholder="What is wrong? (optional)", id="comment")

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    def action_save(self) -> None:
        index = self.query_one(RadioSet).pressed_index
        kind = KINDS[index if index >= 0 else 0][0]
        self.dismiss((kind, card_text(self.query_one("#comment", Input).value).plain.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)
