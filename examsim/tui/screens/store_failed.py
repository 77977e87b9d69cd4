"""A blocking message when a change could not be saved: what happened, and that nothing
saved before it is lost. The only way on is home, where the run can be resumed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class StoreFailedScreen(ModalScreen[None]):
    BINDINGS = [Binding("enter,escape", "go_home", "Home", priority=True)]

    def __init__(self, problem: str) -> None:
        super().__init__()
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content.assemble(("Your last change could not be saved.", "bold red")))
            yield Static(Content(self.problem), id="store-problem")
            yield Static(Content("Everything saved before it is kept, and this run can be resumed from the "
                                 "home screen once the problem is fixed."))
            yield Static(Content("Enter: go home"), classes="dialog-keys")

    def action_go_home(self) -> None:
        self.dismiss(None)
