"""Review of a finished run: each item with your answer, the key and the explanation."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, ScrollableContainer, Vertical, VerticalGroup, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from examsim.core.filters import ReviewFilter
from examsim.core.items import UNASSIGNED, letter, say_answer
from examsim.core.run_review import answer_changes, is_stored, report_item
from examsim.core.session import Session
from examsim.tui.format import FULL_NAMES_FROM, card_text, toast
from examsim.tui.widgets.exhibit import ExhibitView
from examsim.tui.widgets.rows import HangingRow

SHOW = Binding.Group("Show")


class ReviewScreen(Screen):
    # At 80 columns the footer holds moving, the filters (grouped), the help and the way back;
    # `?` lists every key.
    BINDINGS = [
        Binding("right,right_square_bracket", "move(1)", "Next", key_display="→"),
        Binding("left,left_square_bracket", "move(-1)", "Prev", key_display="←"),
        Binding("w", "show('wrong')", "Wrong", group=SHOW),
        Binding("f", "show('flagged')", "Flagged", group=SHOW),
        Binding("u", "show('unanswered')", "Unanswered", group=SHOW),
        Binding("a", "clear_filters", "All (clear filters)", group=SHOW),
        Binding("d", "cycle_domain", "Domain", show=False),
        Binding("k", "cycle_task", "Task", show=False),
        Binding("slash", "search", "Search"),
        Binding("b", "report_item", "Report"),
        Binding("question_mark", "app.help", "Help"),
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
            yield Static(id="review-head", markup=False)
            yield ExhibitView(id="exhibit")
            yield Vertical(id="review-rows")
            yield Static(id="review", markup=False)
            with VerticalGroup(id="references"):
                yield Static(Content.styled("References", "bold"))
                # A URL is never wrapped: it would break where a terminal finds links. A long one scrolls sideways.
                yield ScrollableContainer(id="reference-list", can_focus=False)
            yield Static(id="review-after", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.show()

    def indexes(self) -> list[int]:
        return self.filter.indexes(self.session)

    def show(self) -> None:
        s = self.session
        shown = self.indexes()
        status = self.query_one("#status", Static)
        what = self.filter.describe()
        if not shown:
            status.update(card_text(f" Review: nothing matches ({what}). A clears every filter."))
            self.query_one("#body", VerticalScroll).display = False
            return
        self.query_one("#body", VerticalScroll).display = True
        self.cursor = max(0, min(self.cursor, len(shown) - 1))
        i = shown[self.cursor]
        entry = s.entry(i)
        item = entry.item
        right = s.is_correct(i)
        wide = self.app.size.width >= FULL_NAMES_FROM
        status.update(Content.assemble(card_text(f" Review ({what}) {self.cursor + 1} of {len(shown)} ", "bold reverse"),
                                       f"  question {i + 1}  ", ("right" if right else "wrong", "bold green" if right else "bold red"),
                                       ("  scored" if entry.scored else ("  unscored (did not count)" if wide else "  unscored"), "dim"),
                                       (f"  domain {entry.domain}, task {entry.task or '-'}", "dim")))
        head: list = []
        if item.scenario:
            head += [("Case study\n", "bold"), card_text(item.scenario), "\n\n"]
        head.append(card_text(item.stem))
        self.query_one("#review-head", Static).update(Content.assemble(*head))
        self.query_one(ExhibitView).show_item(item)
        rows_box = self.query_one("#review-rows", Vertical)
        rows_box.remove_children()
        rows_box.mount_all(self._answer_rows(i))
        parts: list = []
        if item.kind in ("ordering", "matching"):
            got, total = item.partial_credit(s.canonical_responses().get(i))
            parts.append((f"{got} of {total} {'steps in place' if item.kind == 'ordering' else 'pairs right'} "
                          "(diagnostic only: the item scores all or nothing)\n\n", "dim"))
        parts += [("Explanation\n", "bold"), card_text(item.explanation)]
        self.query_one("#review", Static).update(Content.assemble(*parts))
        references = self.query_one("#reference-list", ScrollableContainer)
        references.remove_children()
        references.mount_all([Static(card_text(url), classes="reference", markup=False) for url in item.references])
        self.query_one("#references").display = bool(item.references)
        after: list = [(self._forensics_line(i), "dim")]
        note = s.note(i)
        if note:
            after += [("\n\nYour note\n", "bold"), card_text(note)]
        self.query_one("#review-after", Static).update(Content.assemble(*after))
        self.query_one("#body", VerticalScroll).scroll_home(animate=False)

    def _answer_rows(self, i: int) -> list:
        """The options with the key and your answer on each row (text wraps under itself)."""
        s = self.session
        item = s.entry(i).item
        response = s.shown_response(i)
        key = s.shown_key(i)
        options = s.shown_options(i)
        rows: list = []
        if item.kind == "matching":
            yours, keys = say_answer(item.kind, response), say_answer(item.kind, key)
            for p, prompt in enumerate(s.shown_prompts(i)):
                ok = (response[p] if p < len(response) else UNASSIGNED) == key[p]
                body = Content.assemble(card_text(prompt), ("  →  you: ", "dim"), (yours[p] if p < len(yours) else "-", "bold"),
                                        ("   key: ", "dim"), (keys[p], "bold"))
                rows.append(HangingRow(Content.styled(f" {p + 1:>2}. ", "bold"), body,
                                       classes="review-row " + ("-key" if ok else "-wrong")))
            rows.append(Static(classes="row-gap"))
            rows += [HangingRow(Content(f" {letter(n)}. "), card_text(text), classes="review-row") for n, text in enumerate(options)]
        elif item.kind == "ordering":
            rows.append(self._sequences(key, response, options))
        else:
            for n, text in enumerate(options):
                in_key, chosen = n in key, n in response
                label = f" {'✓' if in_key else ' '} {'you' if chosen else '   '} {letter(n)}. "
                state = "-key" if in_key else ("-wrong" if chosen else "")
                rows.append(HangingRow(Content.styled(label, "bold"), card_text(text), classes=f"review-row {state}".strip()))
        return rows

    @staticmethod
    def _sequences(key: tuple[int, ...], response: tuple[int, ...], options: tuple[str, ...]) -> VerticalGroup:
        """Ordering: the correct sequence beside yours, step by step, and the steps in neither."""
        def step(n: int | None, state: str) -> HangingRow:
            if n is None:
                return HangingRow(Content(""), Content.styled("(not placed)", "dim"), classes=f"review-row {state}")
            return HangingRow(Content.styled(f" {letter(n)}. ", "bold"), card_text(options[n]), classes=f"review-row {state}")

        lines = [HorizontalGroup(Static(classes="sequence-number"), Static(Content.styled("Correct sequence", "bold"), classes="sequence-head"),
                                 Static(Content.styled("Your sequence", "bold"), classes="sequence-head"), classes="sequence")]
        for k in range(max(len(key), len(response))):
            mine = response[k] if k < len(response) else None
            ok = mine is not None and k < len(key) and mine == key[k]
            lines.append(HorizontalGroup(Static(Content.styled(f"{k + 1}.", "bold"), classes="sequence-number"),
                                         step(key[k] if k < len(key) else None, ""),
                                         step(mine, "-key" if ok else "-wrong"), classes="sequence"))
        unused = [n for n in range(len(options)) if n not in key and n not in response]
        if unused:
            lines.append(Static(Content.styled("In neither sequence", "dim"), classes="sequence-foot"))
            lines += [step(n, "") for n in unused]
        return VerticalGroup(*lines)

    def action_move(self, step: int) -> None:
        self.cursor += step
        self.show()

    def _forensics_line(self, i: int) -> str:
        """Time on the item, the confidence mark, and how the answer changed (from the answer history)."""
        from examsim.tui.format import clock_text

        s = self.session
        parts = [f"time on item {clock_text(s.seconds_on(i))}", f"confidence {s.confidence(i) or 'not marked'}"]
        changes = answer_changes(s, i)
        if changes:
            times, effect = changes
            parts.append(f"answer changed {times} time{'s' if times > 1 else ''} ({effect})")
        return " · ".join(parts)


    def action_report_item(self) -> None:
        from examsim.tui.screens.report_item import ReportItemScreen

        shown = self.indexes()
        if not shown or not is_stored(self.session):
            return
        index = shown[self.cursor]

        def after(result: tuple[str, str] | None) -> None:
            if result and report_item(self.session, index, *result):
                toast(self, "Thank you: reported. `examsim bank feedback` lists reports for the bank's authors.", timeout=4)

        self.app.push_screen(ReportItemScreen(self.session.entry(index).item.card_id), after)

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
        self.filter.cycle_domain(self.session)
        self.cursor = 0
        self.show()

    def action_cycle_task(self) -> None:
        self.filter.cycle_task(self.session)
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
