"""Clickable rows for options and matching prompts. Card text is never parsed as markup.

A row is a label column (marker and letter) beside a text column, so a long option wraps
with a hanging indent: continuation lines start under the option's text, not its letter.
"""

from __future__ import annotations

from textual.containers import HorizontalGroup
from textual.content import Content
from textual.message import Message
from textual.widgets import Static


def letter(index: int) -> str:
    return chr(ord("A") + index)


STATE_CLASSES = ("-selected", "-used", "-struck", "-key", "-wrong", "-cursor")


class HangingRow(HorizontalGroup):
    """A label beside text that wraps under itself. `classes` carry the row's state."""

    def __init__(self, label: Content, body: Content, *, classes: str = "") -> None:
        self._label = Static(label, classes="row-label", markup=False)
        self._body = Static(body, classes="row-text", markup=False)
        super().__init__(self._label, self._body, classes=classes)

    def show(self, label: Content, body: Content, classes: str) -> None:
        """Reuse the row for another item or state: cheaper than remounting."""
        self._label.update(label)
        self._body.update(body)
        wanted = set(classes.split())
        for name in STATE_CLASSES:
            self.set_class(name in wanted, name)


class OptionRow(HangingRow):
    """One option: marker, 'A.', then its text; selected / struck / key state as classes.

    The marker is what the candidate gave: (•) chosen, [x] selected, or an ordering
    step's position in the sequence."""

    class Chosen(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, index: int, text: str, *, marker: str = "", classes: str = "") -> None:
        self.index = index
        super().__init__(self.label(index, marker), Content(text), classes=f"option {classes}".strip())

    @staticmethod
    def label(index: int, marker: str) -> Content:
        return Content.styled(f"{marker:>4} {letter(index)}. ", "bold")

    def set_state(self, text: str, marker: str, classes: str) -> None:
        self.show(self.label(self.index, marker), Content(text), classes)

    def on_click(self) -> None:
        self.post_message(self.Chosen(self.index))


class PromptRow(HangingRow):
    """A matching prompt with the response letter assigned to it."""

    class Picked(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, index: int, text: str, assigned: str, *, classes: str = "") -> None:
        self.index = index
        super().__init__(self.label(index), self.body(text, assigned), classes=f"prompt {classes}".strip())

    @staticmethod
    def label(index: int) -> Content:
        return Content.styled(f" {index + 1:>2}. ", "bold")

    @staticmethod
    def body(text: str, assigned: str) -> Content:
        return Content.assemble(text, ("  →  ", "dim"), (assigned or "?", "bold"))

    def set_state(self, text: str, assigned: str, classes: str) -> None:
        self.show(self.label(self.index), self.body(text, assigned), classes)

    def on_click(self) -> None:
        self.post_message(self.Picked(self.index))
