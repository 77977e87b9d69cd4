"""Which exam the candidate practises for: the first-start chooser and the profile picker.

Only profiles whose bank fills a full exam are offered; one with "no bank yet" is listed
in the picker and cannot be chosen. The picker counts the full exams in a worker (the
count is cached in the data dir, see examsim.core.catalog).
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, OptionList, Static
from textual.widgets.option_list import Option

from examsim.core.catalog import full_exams, profiles_in_order
from examsim.tui.format import card_text, table_cell, toast


class ChooserScreen(Screen):
    """First start: which exam will you sit? The choice is saved; P on home changes it."""

    BINDINGS = [Binding("question_mark", "app.help", "Help"), Binding("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        with Vertical(id="home"):
            yield Static(Content.assemble(("Which exam will you sit?\n", "bold"),
                                          "examsim keeps your choice and uses it everywhere: home, history, "
                                          "reports and the command line. P on the home screen changes it."),
                         id="home-title", markup=False)
            yield OptionList(*[Option(Content.assemble((f"{p.code:<8}", "bold"), card_text(p.sits or p.name)), id=p.id)
                               for p in profiles_in_order() if self.app.has_bank(p)], id="menu")
        yield Footer()

    def on_mount(self) -> None:
        menu = self.query_one(OptionList)
        menu.highlighted = 0
        menu.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.app.choose_profile(event.option.id or "")
        self.app.go_home()

    def action_quit(self) -> None:
        self.app.exit(0)


class ProfilePickerScreen(ModalScreen[str | None]):
    """The profiles side by side: items, minutes, pass mark, full exams the bank fills."""

    BINDINGS = [Binding("escape", "cancel", "Back")]
    COLUMNS = ("Exam", "Items", "Minutes", "Pass mark", "Full exams")

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current
        self.profiles = profiles_in_order()
        self.full: dict[str, int | None] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="picker"):
            yield Static(Content.assemble(("Which exam do you practise for?", "bold"),
                                          "  Enter chooses, Esc goes back."), markup=False)
            yield DataTable(id="profiles", cursor_type="row", zebra_stripes=True)
            yield Static(id="profile-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for name in self.COLUMNS:
            table.add_column(table_cell(name), key=name)
        for p in self.profiles:
            minutes = f"{p.minutes}" + ("" if p.duration_confirmed else "?")
            table.add_row(table_cell(p.code), table_cell(str(p.items)), table_cell(minutes),
                          table_cell(str(p.scale.pass_mark)), table_cell("counting..."), key=p.id)
        ids = [p.id for p in self.profiles]
        if self.current in ids:
            table.move_cursor(row=ids.index(self.current))
        table.focus()
        self.count_full_exams()

    @work(thread=True, exclusive=True)
    def count_full_exams(self) -> None:
        """Loading each bank takes seconds the first time (then the data dir's cache answers)."""
        for p in self.profiles:
            count = full_exams(p, self.app.data_dir, self.app.bank_paths) if self.app.has_bank(p) else 0
            self.app.call_from_thread(self._show_count, p.id, count)

    def _show_count(self, profile_id: str, count: int) -> None:
        self.full[profile_id] = count
        text = table_cell(str(count)) if count else table_cell("no bank yet")
        self.query_one(DataTable).update_cell(profile_id, "Full exams", text, update_width=True)
        self._describe()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._describe()

    def _describe(self) -> None:
        table = self.query_one(DataTable)
        if not self.profiles:
            return
        p = self.profiles[table.cursor_row]
        parts: list = [card_text(p.name + "\n", "bold")]
        if p.sits:
            parts.append(card_text(f"Who sits it: {p.sits}\n"))
        if self.full.get(p.id) == 0:
            parts.append(card_text(f"No bank yet: examsim's cards cannot fill one full {p.code} exam, "
                                   "so it cannot be chosen.\n", "bold"))
        if not p.duration_confirmed:
            parts.append(card_text("?: " + (p.duration_note or "AWS has not confirmed the duration.") + "\n"))
        if p.status:
            parts.append(card_text(p.status))
        self.query_one("#profile-detail", Static).update(Content.assemble(*parts))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        profile_id = str(event.row_key.value)
        profile = next(p for p in self.profiles if p.id == profile_id)
        if self.full.get(profile_id) == 0 or not self.app.has_bank(profile):
            toast(self, f"{profile.code} has no bank yet: examsim's cards cannot fill one full exam.", severity="warning")
            return
        self.dismiss(profile_id)

    def action_cancel(self) -> None:
        self.dismiss(None)
