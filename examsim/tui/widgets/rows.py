"""Clickable rows for options and matching prompts. Card text is never parsed as markup."""

from __future__ import annotations

from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from examsim.tui.format import card_text


def letter(index: int) -> str:
    return chr(ord("A") + index)


STATE_CLASSES = ("-selected", "-used", "-struck", "-key", "-wrong", "-cursor")


def _set_state(widget: Static, body: Content, classes: str) -> None:
    widget.update(body)
    wanted = set(classes.split())
    for name in STATE_CLASSES:
        widget.set_class(name in wanted, name)


class OptionRow(Static):
    """One option: 'A. text', with its selected / struck / key state as classes."""

    class Chosen(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, index: int, text: str, *, marker: str = "", classes: str = "") -> None:
        super().__init__(self.body(index, text, marker), classes=f"option {classes}".strip(), markup=False)
        self.index = index

    @staticmethod
    def body(index: int, text: str, marker: str) -> Content:
        return Content.assemble((f" {marker:<3}", "bold"), (f"{letter(index)}. ", "bold"), card_text(text))

    def set_state(self, text: str, marker: str, classes: str) -> None:
        """Reuse the row for another item or state: cheaper than remounting."""
        _set_state(self, self.body(self.index, text, marker), classes)

    def on_click(self) -> None:
        self.post_message(self.Chosen(self.index))


class PromptRow(Static):
    """A matching prompt with the response letter assigned to it."""

    class Picked(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, index: int, text: str, assigned: str, *, classes: str = "") -> None:
        super().__init__(self.body(index, text, assigned), classes=f"prompt {classes}".strip(), markup=False)
        self.index = index

    @staticmethod
    def body(index: int, text: str, assigned: str) -> Content:
        return Content.assemble((f" {index + 1}. ", "bold"), card_text(text), ("  →  ", "dim"), (assigned or "?", "bold"))

    def set_state(self, text: str, assigned: str, classes: str) -> None:
        _set_state(self, self.body(self.index, text, assigned), classes)

    def on_click(self) -> None:
        self.post_message(self.Picked(self.index))
