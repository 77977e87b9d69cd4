"""Set the exam date (saved in settings): drills aim at it and home counts down to it."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from examsim.core.plan import parse_exam_date
from examsim.tui.format import card_text

CLEAR = "clear"


class ExamDateScreen(ModalScreen[dt.date | str | None]):
    """Dismisses with the new date, CLEAR (an empty field forgets the date), or None (Esc)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", priority=True)]

    def __init__(self, current: dt.date | None, now: dt.datetime) -> None:
        super().__init__()
        self.current = current
        self.now = now

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("The day of your exam (YYYY-MM-DD). Drills aim at it and home counts down to it. "
                         "Enter saves, an empty field forgets the date, Esc cancels.", markup=False)
            yield Input(value=self.current.isoformat() if self.current else "", placeholder="YYYY-MM-DD",
                        id="exam-date")
            yield Static("", id="exam-date-error", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.dismiss(CLEAR)
            return
        try:
            self.dismiss(parse_exam_date(text, self.now))
        except ValueError as exc:
            self.query_one("#exam-date-error", Static).update(card_text(str(exc)))

    def action_cancel(self) -> None:
        self.dismiss(None)
