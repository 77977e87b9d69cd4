"""An item's exhibit: its title, then a table or a monospaced block that never wraps.

Lines keep their layout (columns stay aligned, a JSON policy keeps its indentation); an
exhibit wider than the screen scrolls sideways. Card text is shown as text, never markup.
"""

from __future__ import annotations

from textual.containers import ScrollableContainer, VerticalGroup
from textual.content import Content
from textual.widgets import Static

from examsim.core.exhibits import exhibit_lines
from examsim.core.items import Item
from examsim.tui.format import card_text


def exhibit_content(item: Item) -> Content:
    lines = exhibit_lines(item)
    if item.exhibit_columns and lines:
        header, rule, *body = lines
        return Content.assemble(card_text(header, "bold"), "\n", (rule, "dim"), *(card_text("\n" + line) for line in body))
    return card_text("\n".join(lines))


class ExhibitView(VerticalGroup):
    """Hidden for an item without an exhibit; its parts are mounted for the first exhibit shown
    (most items have none, and the first question paints sooner without them)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._parts: tuple[Static, Static, ScrollableContainer] | None = None

    def show_item(self, item: Item) -> None:
        self.display = item.has_exhibit
        if not item.has_exhibit:
            return
        title = card_text(f"Exhibit: {item.exhibit_title}", "bold")
        if self._parts is None:
            body = Static(exhibit_content(item), classes="exhibit-body", markup=False)
            scroll = ScrollableContainer(body, classes="exhibit-scroll", can_focus=False)
            self._parts = (Static(title, classes="exhibit-title", markup=False), body, scroll)
            self.mount(self._parts[0], scroll)
            return
        title_widget, body, scroll = self._parts
        title_widget.update(title)
        body.update(exhibit_content(item))
        scroll.scroll_home(animate=False)
