"""An item's exhibit: its title, then a table or a monospaced block that never wraps.

Lines keep their layout (columns stay aligned, a JSON policy keeps its indentation); an
exhibit wider than the screen scrolls sideways. Card text is shown as text, never markup.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import ScrollableContainer, VerticalGroup
from textual.content import Content
from textual.widgets import Static

from examsim.exhibits import exhibit_lines
from examsim.items import Item


def exhibit_content(item: Item) -> Content:
    lines = exhibit_lines(item)
    if item.exhibit_columns and lines:
        header, rule, *body = lines
        return Content.assemble((header, "bold"), "\n", (rule, "dim"), *(("\n" + line) for line in body))
    return Content("\n".join(lines))


class ExhibitView(VerticalGroup):
    """Hidden for an item without an exhibit."""

    def compose(self) -> ComposeResult:
        yield Static(classes="exhibit-title", markup=False)
        with ScrollableContainer(classes="exhibit-scroll", can_focus=False):
            yield Static(classes="exhibit-body", markup=False)

    def show_item(self, item: Item) -> None:
        self.display = item.has_exhibit
        if not item.has_exhibit:
            return
        self.query_one(".exhibit-title", Static).update(Content.styled(f"Exhibit: {item.exhibit_title}", "bold"))
        self.query_one(".exhibit-body", Static).update(exhibit_content(item))
        self.query_one(".exhibit-scroll", ScrollableContainer).scroll_home(animate=False)
