"""Clickable rows for options and matching prompts. Card text is never parsed as markup."""

from __future__ import annotations

from textual.content import Content
from textual.message import Message
from textual.widgets import Static


def letter(index: int) -> str:
    return chr(ord("A") + index)


class OptionRow(Static):
    """One option: 'A. text', with its selected / struck / key state as classes."""

    class Chosen(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, index: int, text: str, *, marker: str = "", classes: str = "") -> None:
        body = Content.assemble((f" {marker:<3}", "bold"), (f"{letter(index)}. ", "bold"), text)
        super().__init__(body, classes=f"option {classes}".strip(), markup=False)
        self.index = index

    def on_click(self) -> None:
        self.post_message(self.Chosen(self.index))


class PromptRow(Static):
    """A matching prompt with the response letter assigned to it."""

    class Picked(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, index: int, text: str, assigned: str, *, classes: str = "") -> None:
        body = Content.assemble((f" {index + 1}. ", "bold"), text, ("  →  ", "dim"), (assigned or "?", "bold"))
        super().__init__(body, classes=f"prompt {classes}".strip(), markup=False)
        self.index = index

    def on_click(self) -> None:
        self.post_message(self.Picked(self.index))
