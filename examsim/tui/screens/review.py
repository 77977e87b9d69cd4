"""Review of a finished run: each item with your answer, the key and the explanation."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from examsim.items import UNASSIGNED
from examsim.session import Session
from examsim.tui.widgets.rows import letter


class ReviewScreen(Screen):
    BINDINGS = [
        Binding("right,right_square_bracket", "move(1)", "Next"),
        Binding("left,left_square_bracket", "move(-1)", "Previous"),
        Binding("t", "toggle_filter", "Missed / all"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, session: Session, only_missed: bool = True) -> None:
        super().__init__()
        self.session = session
        self.only_missed = only_missed
        self.cursor = 0

    def compose(self) -> ComposeResult:
        yield Static(id="status", markup=False)
        with VerticalScroll(id="body"):
            yield Static(id="review", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.show()

    def indexes(self) -> list[int]:
        n = len(self.session.exam.entries)
        if self.only_missed:
            return [i for i in range(n) if not self.session.is_correct(i)]
        return list(range(n))

    def show(self) -> None:
        s = self.session
        shown = self.indexes()
        status = self.query_one("#status", Static)
        body = self.query_one("#review", Static)
        what = "missed items" if self.only_missed else "all items"
        if not shown:
            status.update(Content(f" Review: no {what}. Press T to see all items."))
            body.update(Content(""))
            return
        self.cursor = max(0, min(self.cursor, len(shown) - 1))
        i = shown[self.cursor]
        entry = s.entry(i)
        item = entry.item
        right = s.is_correct(i)
        status.update(Content.assemble((f" Review ({what}) {self.cursor + 1} of {len(shown)} ", "bold reverse"),
                                       f"  question {i + 1}  ", ("right" if right else "wrong", "bold green" if right else "bold red"),
                                       ("" if entry.scored else "  (unscored)", "dim")))
        response = s.response(i)
        key = s.shown_key(i)
        parts: list = []
        if item.scenario:
            parts += [("Case study\n", "bold"), item.scenario, "\n\n"]
        parts += [item.stem, "\n\n"]
        options = s.shown_options(i)
        if item.kind == "matching":
            for p, prompt in enumerate(s.shown_prompts(i)):
                got = response[p] if p < len(response) else UNASSIGNED
                ok = got == key[p]
                parts += [f"  {p + 1}. {prompt}\n     you: ", (letter(got) if got != UNASSIGNED else "-", "green" if ok else "red"),
                          f"   key: {letter(key[p])}\n"]
            parts.append("\n")
            for n, text in enumerate(options):
                parts.append(f"  {letter(n)}. {text}\n")
        else:
            for n, text in enumerate(options):
                in_key = n in key
                chosen = n in response
                mark = ("✓ " if in_key else "  ") + ("you " if chosen else "    ")
                if item.kind == "ordering":
                    pos_key = f"#{key.index(n) + 1}" if in_key else "  "
                    pos_you = f"you #{response.index(n) + 1}" if chosen else "     "
                    mark = f"{pos_key} {pos_you} "
                style = "green" if in_key else ("red" if chosen else "")
                parts.append((f" {mark}{letter(n)}. {text}\n", style))
        parts += [("\nExplanation\n", "bold"), item.explanation, "\n"]
        if item.references:
            parts += [("\nReferences\n", "bold"), "\n".join(item.references), "\n"]
        note = s.note(i)
        if note:
            parts += [("\nYour note\n", "bold"), note, "\n"]
        body.update(Content.assemble(*parts))
        self.query_one("#body", VerticalScroll).scroll_home(animate=False)

    def action_move(self, step: int) -> None:
        self.cursor += step
        self.show()

    def action_toggle_filter(self) -> None:
        self.only_missed = not self.only_missed
        self.cursor = 0
        self.show()

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.go_home()
