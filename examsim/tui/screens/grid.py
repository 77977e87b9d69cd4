"""The review grid: every item's state, filters, jump to any item, submit."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from examsim.core.filters import grid_indexes
from examsim.core.items import AnswerState
from examsim.core.session import Session
from examsim.tui.format import FLAG_MARK, NOTE_MARK, STATE_MARKS, open_items_text, run_noun

LEGEND = (f"{STATE_MARKS['complete']} answered  {STATE_MARKS['incomplete']} incomplete  {STATE_MARKS['unanswered']} unanswered  "
          f"{FLAG_MARK} flagged  {NOTE_MARK} note")

SHOW = Binding.Group("Show")  # the filters share one footer entry, so Help and Back fit at 80 columns


class Cell(Static):
    class Picked(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, index: int, digits: int, state: AnswerState, flagged: bool, noted: bool, current: bool) -> None:
        mark = (FLAG_MARK if flagged else " ") + (NOTE_MARK if noted else " ") + STATE_MARKS[state]
        classes = " ".join(c for c in ("cell", f"-{state}", "-flagged" if flagged else "", "-cursor" if current else "") if c)
        # Six cells for a 65-item exam: the narrowest grid (40 columns, five a row) still shows every mark.
        super().__init__(Content(f"{index + 1:>{digits}} {mark}"), classes=classes, markup=False)
        self.index = index

    def on_click(self) -> None:
        self.post_message(self.Picked(self.index))


class ReviewGridScreen(ModalScreen[int | str | None]):
    """Returns an item index to jump to, "submit", or None to go back."""

    BINDINGS = [
        Binding("a", "filter('all')", "All", group=SHOW),
        Binding("u", "filter('unanswered')", "Unanswered", group=SHOW),
        Binding("i", "filter('incomplete')", "Incomplete", group=SHOW),
        Binding("f", "filter('flagged')", "Flagged", group=SHOW),
        Binding("left", "move(-1)", "←", show=False),
        Binding("right", "move(1)", "→", show=False),
        Binding("up", "move(-10)", "↑", show=False),
        Binding("down", "move(10)", "↓", show=False),
        Binding("enter", "jump", "Go to item"),
        Binding("s", "submit", "Submit"),
        Binding("question_mark", "app.help", "Help"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, session: Session, filter: str = "all") -> None:
        super().__init__()
        self.session = session
        self.filter = filter  # the caller reads it after a jump: Next then walks this filter
        self.cursor = session.position

    def compose(self) -> ComposeResult:
        with Vertical(id="grid-box"):
            yield Static(id="grid-title", markup=False)
            yield Grid(id="grid")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_grid()

    def visible(self) -> list[int]:
        return grid_indexes(self.session, self.filter)

    def refresh_grid(self) -> None:
        s = self.session
        counts = s.counts()
        shown = self.visible()
        if shown and self.cursor not in shown:
            self.cursor = shown[0]
        walk = "" if self.filter == "all" else f" Next and Prev then go through the {self.filter} items."
        title = (f"Review: {counts.answered} answered, {counts.incomplete} incomplete, {counts.unanswered} unanswered, "
                 f"{counts.flagged} flagged - showing {self.filter} ({len(shown)}). Enter jumps, S submits.{walk}\n")
        self.query_one("#grid-title", Static).update(Content.assemble(title, (LEGEND, "dim")))
        grid = self.query_one("#grid", Grid)
        grid.remove_children()
        digits = len(str(len(s.exam.entries)))
        grid.mount_all([Cell(i, digits, s.answer_state(i), s.is_flagged(i), bool(s.note(i)), i == self.cursor) for i in shown])

    def action_filter(self, name: str) -> None:
        self.filter = name
        self.refresh_grid()

    def action_move(self, step: int) -> None:
        shown = self.visible()
        if not shown:
            return
        pos = shown.index(self.cursor) if self.cursor in shown else 0
        self.cursor = shown[max(0, min(len(shown) - 1, pos + step))]
        self.refresh_grid()

    def action_jump(self) -> None:
        if self.visible():
            self.dismiss(self.cursor)

    def on_cell_picked(self, message: Cell.Picked) -> None:
        self.dismiss(message.index)

    def action_back(self) -> None:
        self.dismiss(None)


    def action_submit(self) -> None:
        from examsim.tui.screens.confirm import ConfirmScreen

        noun = run_noun(self.session.exam.mode)
        text = f"Submit the {noun}?\n\n{open_items_text(self.session.counts())} You cannot change answers afterwards."

        def after(ok: bool | None) -> None:
            if ok:
                self.dismiss("submit")

        self.app.push_screen(ConfirmScreen(text, yes="Submit (y)", no="Back (n)"), after)
