"""Shown instead of a broken layout when the terminal is smaller than the app needs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static


class TooSmallScreen(ModalScreen[None]):
    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self.need = (width, height)

    def compose(self) -> ComposeResult:
        w, h = self.need
        yield Static(f"Terminal too small.\nexamsim needs at least {w}x{h}.\nEnlarge the window: your exam is saved and waits.",
                     id="too-small", markup=False)
