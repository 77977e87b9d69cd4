"""Clickable rows for options and matching prompts. Card text is never parsed as markup.

A row is a label (marker and letter) and its text, drawn so that a long option wraps with a
hanging indent: continuation lines start under the option's text, not its letter.
"""

from __future__ import annotations

from textual.content import Content
from textual.css.styles import RulesMap
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import Static

from examsim.core.items import letter
from examsim.tui.format import card_text

__all__ = ["HangingRow", "OptionRow", "PromptRow"]

STATE_CLASSES = ("-selected", "-used", "-struck", "-key", "-wrong", "-cursor")


class Hanging(Visual):
    """A label beside text that wraps under itself (a hanging indent), drawn by one widget."""

    def __init__(self, label: Content, body: Content) -> None:
        self.label = label
        self.body = body
        self._laid_out: tuple[int, Content] | None = None

    def lines(self, width: int) -> Content:
        if self._laid_out is None or self._laid_out[0] != width:
            indent = self.label.cell_length
            wrapped = self.body.wrap(max(1, width - indent)) or [Content("")]
            pad = Content(" " * indent)
            self._laid_out = (width, Content("\n").join((self.label if n == 0 else pad) + line
                                                          for n, line in enumerate(wrapped)))
        return self._laid_out[1]

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return self.lines(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.label.cell_length + self.body.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.label.cell_length + self.body.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.lines(width).plain.count("\n") + 1


class HangingRow(Static):
    """A row of a label and hanging text. `classes` carry the row's state."""

    def __init__(self, label: Content, body: Content, *, classes: str = "") -> None:
        super().__init__(Hanging(label, body), classes=classes, markup=False)

    def show(self, label: Content, body: Content, classes: str) -> None:
        """Reuse the row for another item or state: cheaper than remounting."""
        self.update(Hanging(label, body))
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
        super().__init__(self.label(index, marker), card_text(text), classes=f"option {classes}".strip())

    @staticmethod
    def label(index: int, marker: str) -> Content:
        return Content.styled(f"{marker:>4} {letter(index)}. ", "bold")

    def set_state(self, text: str, marker: str, classes: str) -> None:
        self.show(self.label(self.index, marker), card_text(text), classes)

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
        return Content.assemble(card_text(text), ("  →  ", "dim"), (assigned or "?", "bold"))

    def set_state(self, text: str, assigned: str, classes: str) -> None:
        self.show(self.label(self.index), self.body(text, assigned), classes)

    def on_click(self) -> None:
        self.post_message(self.Picked(self.index))
