"""Review of a finished run: each item with your answer, the key and the explanation."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from examsim.filters import ReviewFilter
from examsim.items import UNASSIGNED
from examsim.session import Session
from examsim.tui.format import card_text, toast
from examsim.tui.widgets.rows import letter


class ReviewScreen(Screen):
    BINDINGS = [
        Binding("right,right_square_bracket", "move(1)", "Next"),
        Binding("left,left_square_bracket", "move(-1)", "Prev"),
        Binding("w", "show('wrong')", "Wrong"),
        Binding("f", "show('flagged')", "Flagged"),
        Binding("u", "show('unanswered')", "Unanswered"),
        Binding("a", "clear_filters", "All (clear filters)"),
        Binding("d", "cycle_domain", "Domain"),
        Binding("k", "cycle_task", "Task"),
        Binding("slash", "search", "Search"),
        Binding("b", "report_item", "Report item"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, session: Session, only_missed: bool = True) -> None:
        super().__init__()
        self.session = session
        self.filter = ReviewFilter(state="wrong" if only_missed else "all")
        self.cursor = 0

    def compose(self) -> ComposeResult:
        yield Static(id="status", markup=False)
        with VerticalScroll(id="body"):
            yield Static(id="review", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.show()

    def indexes(self) -> list[int]:
        return self.filter.indexes(self.session)

    def show(self) -> None:
        s = self.session
        shown = self.indexes()
        status = self.query_one("#status", Static)
        body = self.query_one("#review", Static)
        what = self.filter.describe()
        if not shown:
            status.update(card_text(f" Review: nothing matches ({what}). A clears every filter."))
            body.update(Content(""))
            return
        self.cursor = max(0, min(self.cursor, len(shown) - 1))
        i = shown[self.cursor]
        entry = s.entry(i)
        item = entry.item
        right = s.is_correct(i)
        status.update(Content.assemble(card_text(f" Review ({what}) {self.cursor + 1} of {len(shown)} ", "bold reverse"),
                                       f"  question {i + 1}  ", ("right" if right else "wrong", "bold green" if right else "bold red"),
                                       ("  scored" if entry.scored else "  unscored (did not count)", "dim"),
                                       (f"  domain {entry.domain}, task {entry.task or '-'}", "dim")))
        response = s.response(i)
        key = s.shown_key(i)
        parts: list = []
        if item.scenario:
            parts += [("Case study\n", "bold"), card_text(item.scenario), "\n\n"]
        parts += [card_text(item.stem), "\n\n"]
        options = s.shown_options(i)
        if item.kind == "matching":
            for p, prompt in enumerate(s.shown_prompts(i)):
                got = response[p] if p < len(response) else UNASSIGNED
                ok = got == key[p]
                parts += [f"  {p + 1}. ", card_text(prompt), "\n     you: ", (letter(got) if got != UNASSIGNED else "-", "green" if ok else "red"),
                          f"   key: {letter(key[p])}\n"]
            parts.append("\n")
            for n, text in enumerate(options):
                parts += [f"  {letter(n)}. ", card_text(text), "\n"]
        else:
            for n, text in enumerate(options):
                in_key = n in key
                chosen = n in response
                mark = ("✓ " if in_key else "  ") + ("you " if chosen else "    ")
                if item.kind == "ordering":
                    pos_key = f"#{key.index(n) + 1}" if in_key else "  "
                    pos_you = f"you #{response.index(n) + 1}" if chosen else "     "
                    placed_right = chosen and in_key and response.index(n) == key.index(n)
                    mark = f"{pos_key} {pos_you} {'✓' if placed_right else ('✗' if chosen else ' ')} "
                style = "green" if in_key else ("red" if chosen else "")
                parts.append(card_text(f" {mark}{letter(n)}. {text}\n", style))
        if item.kind in ("ordering", "matching"):
            got, total = item.partial_credit(s.responses().get(i))
            parts.append((f"\n{got} of {total} {'steps in place' if item.kind == 'ordering' else 'pairs right'} "
                          "(diagnostic only: the item scores all or nothing)\n", "dim"))
        parts += [("\nExplanation\n", "bold"), card_text(item.explanation), "\n"]
        if item.references:
            parts += [("\nReferences\n", "bold"), card_text("\n".join(item.references)), "\n"]
        parts.append(("\n" + self._forensics_line(i) + "\n", "dim"))
        note = s.note(i)
        if note:
            parts += [("\nYour note\n", "bold"), card_text(note), "\n"]
        body.update(Content.assemble(*parts))
        self.query_one("#body", VerticalScroll).scroll_home(animate=False)

    def action_move(self, step: int) -> None:
        self.cursor += step
        self.show()

    def _forensics_line(self, i: int) -> str:
        """Time on the item, the confidence mark, and how the answer changed (from the answer history)."""
        from examsim.tui.format import clock_text

        s = self.session
        parts = [f"time on item {clock_text(s.seconds_on(i))}", f"confidence {s.confidence(i) or 'not marked'}"]
        if s.store is not None and s.run_id is not None:
            history = [r for _t, r in s.store.answer_log(s.run_id).get(i, [])]
            if len(history) > 1:
                item = s.entry(i).item
                first, last = item.is_correct(history[0]), item.is_correct(history[-1])
                change = {(False, True): "wrong to right", (True, False): "right to wrong"}.get((first, last), "no effect")
                parts.append(f"answer changed {len(history) - 1} time{'s' if len(history) > 2 else ''} ({change})")
        return " · ".join(parts)

    def action_report_item(self) -> None:
        from examsim.tui.screens.report_item import ReportItemScreen

        shown = self.indexes()
        if not shown or self.session.store is None:
            return
        entry = self.session.entry(shown[self.cursor])

        def after(result: tuple[str, str] | None) -> None:
            if result:
                kind, comment = result
                self.session.store.add_feedback(self.session.run_id, entry.item.id, entry.item.card_id, kind, comment, entry.item.source)
                toast(self, "Thank you: reported. `examsim bank feedback` lists reports for the bank's authors.", timeout=4)

        self.app.push_screen(ReportItemScreen(entry.item.card_id), after)

    def action_show(self, state: str) -> None:
        """An answer state; the domain, task and search filters stay (A clears them all)."""
        self.filter.state = state
        self.cursor = 0
        self.show()

    def action_clear_filters(self) -> None:
        self.filter.clear()
        self.cursor = 0
        self.show()

    def action_cycle_domain(self) -> None:
        domains = sorted({e.domain for e in self.session.exam.entries})
        options = [None] + domains
        self.filter.domain = options[(options.index(self.filter.domain) + 1) % len(options)]
        self.filter.task = None
        self.cursor = 0
        self.show()

    def action_cycle_task(self) -> None:
        domain = self.filter.domain
        tasks = sorted({e.task for e in self.session.exam.entries if e.task and (domain is None or e.domain == domain)})
        options = [None] + tasks
        self.filter.task = options[(options.index(self.filter.task) + 1) % len(options)] if self.filter.task in options else None
        self.cursor = 0
        self.show()

    def action_search(self) -> None:
        """`/`: items whose text holds every word typed (an empty search drops the search)."""
        from examsim.tui.screens.search import SearchScreen

        def after(query: str | None) -> None:
            if query is not None:
                self.filter.query = query.strip()
                self.cursor = 0
                self.show()

        self.app.push_screen(SearchScreen(self.filter.query), after)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.go_home()
