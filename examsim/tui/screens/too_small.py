"""Shown instead of a broken layout when the terminal is smaller than the app needs."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

# The message is short lines that wrap, so it is whole down to this size (well below the
# app's own minimum): a terminal shrunk that far still says what to do.
MESSAGE_FITS = (20, 6)


class TooSmallScreen(ModalScreen[None]):
    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self.need = (width, height)

    def compose(self) -> ComposeResult:
        yield Static(self.message(*self.app.size), id="too-small", markup=False)

    def message(self, width: int, height: int) -> str:
        w, h = self.need
        return f"Terminal too small.\nexamsim needs {w}x{h}, this is {width}x{height}.\nEnlarge the window: your exam is saved."

    def on_resize(self, event: events.Resize) -> None:
        self.query_one("#too-small", Static).update(self.message(event.size.width, event.size.height))
