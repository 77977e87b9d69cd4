"""The exam screen: one item at a time, the clock always visible, keyboard first."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalGroup, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from examsim.core.filters import grid_indexes, walk_step
from examsim.core.items import KIND_NAMES, UNASSIGNED, key_text, letter
from examsim.core.cards.model import select_word
from examsim.core.errors import RatingRefused, StoreError
from examsim.core.session import CONFIDENCE_LEVELS, AnswerRefused, ItemLocked, Session, SessionFinished
from examsim.tui.format import (FLAG_MARK, NOTE_MARK, STATE_MARKS, card_text, clock_text, open_items_text, pacing_text,
                                 run_noun, toast)
from examsim.tui.widgets.exhibit import ExhibitView
from examsim.tui.widgets.rows import OptionRow, PromptRow

STRIKE_KEY = "ctrl+x"
# The header, from its fullest to its most compact form: the first that fits the width is shown.
# (question in words, "Time left" label, marks in words, counts as "words" | "short" | "marks")
HEADER_FORMS = ((True, True, True, "words"), (True, True, False, "short"), (True, False, False, "short"),
                (True, False, False, "marks"), (False, False, False, "marks"))


NUMBER_KEYS = "1234"  # bound below (confidence, a drill's rating); any other digit is said to be no option


class ExamScreen(Screen):
    """Renders the Session's current item and forwards keys to it."""

    # The footer shows what fits at 80 columns, Help and Leave included; `?` lists every key.
    BINDINGS = [
        # Priority: a move runs in the app's own queue, before a letter typed in the same burst
        # reaches the screen, so that letter answers the item now shown, not the one just left.
        Binding("right,right_square_bracket", "next", "Next", priority=True),
        Binding("left,left_square_bracket", "previous", "Prev", priority=True),
        Binding("ctrl+f", "flag", "Flag"),
        Binding("ctrl+r", "review_grid", "Review"),
        Binding("ctrl+e", "end_exam", "End"),
        Binding(STRIKE_KEY, "strike_mode", "Strike", show=False),
        Binding("ctrl+n", "notes", "Notes", show=False),
        Binding("backspace", "undo", "Undo", show=False),
        Binding("delete", "clear", "Clear", show=False),
        Binding("enter", "check", "Check", show=False),
        Binding("up", "prompt(-1)", "Prompt up", show=False),
        Binding("down", "prompt(1)", "Prompt down", show=False),
        # Ctrl+Up/Down belong to Mission Control on macOS: Shift+Up/Down and -/+ do the same.
        Binding("ctrl+up,shift+up,minus", "move_step(-1)", "Step earlier", show=False),
        Binding("ctrl+down,shift+down,plus", "move_step(1)", "Step later", show=False),
        Binding("pageup", "scroll(-1)", "Scroll up", show=False),
        Binding("pagedown", "scroll(1)", "Scroll down", show=False),
        # 1-3 mark confidence; in a drill, once the answer is shown, 1-4 rate the card (as in Anki).
        Binding("1", "number(1)", "Sure / Again", show=False),
        Binding("2", "number(2)", "Unsure / Hard", show=False),
        Binding("3", "number(3)", "Guess / Good", show=False),
        Binding("4", "number(4)", "Easy", show=False),
        Binding("question_mark", "app.help", "Help"),
        Binding("escape", "pause", "Leave"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.strike_mode = False
        self.time_warning: int | None = None  # minutes left, shown until a key or the next item
        self.noun = run_noun(session.exam.mode)
        self.prompt_cursor = 0
        self._rendered_index = -1
        self._store_failed = False
        # Entered from the grid's unanswered or flagged filter: Next and Prev walk that filter.
        self.walk: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="status", markup=False)
        with VerticalScroll(id="body", can_focus=False):
            yield Static(id="scenario", markup=False)
            yield Static(id="stem", markup=False)
            yield ExhibitView(id="exhibit")
            yield Static(id="instruction", markup=False)
            with VerticalGroup(id="answer"):
                yield Vertical(id="prompts")
                yield Vertical(id="options")
            yield Static(id="feedback", markup=False)
        yield Static(id="rating", markup=False)

    def on_mount(self) -> None:
        self.render_item()
        # The footer's keys are widgets of their own, composed in a second pass: they follow
        # the first question instead of delaying it.
        self.call_after_refresh(self._mount_footer)
        self.set_interval(1.0, self.on_tick)

    def on_resize(self) -> None:
        self.update_status()

    async def _mount_footer(self) -> None:
        await self.mount(Footer())
        self.refresh_bindings()  # the footer shows the keys once told they are there

    # ---- time ----
    def on_tick(self) -> None:
        if self._store_failed:
            return
        try:
            warnings = self.session.tick()
        except StoreError as exc:
            self.store_failed(exc)
            return
        for minutes in warnings:
            self.time_warning = minutes
            if self.app.settings.bell:
                self.app.bell()
        if self.session.finished:
            self.app.show_results(self.session, timed_out=self.session.timed_out)
            return
        self.update_status()

    def update_status(self) -> None:
        width = self.size.width or self.app.size.width
        for form in HEADER_FORMS:
            status = self._status(*form)
            if status.cell_length <= width:
                break
        self.query_one("#status", Static).update(status)

    def _status(self, long_question: bool, time_label: bool, words: bool, counts_form: str) -> Content:
        s = self.session
        i = s.position
        n = len(s.exam.entries)
        parts: list = [(f" Question {i + 1} of {n} " if long_question else f" Q {i + 1}/{n} ", "bold reverse")]
        if self.walk:  # first, so a narrow terminal still shows that Next walks a filter
            held = grid_indexes(s, self.walk)
            where = f"{held.index(i) + 1} of {len(held)}" if i in held else f"{len(held)} left"
            parts.append((f" {self.walk} {where} ", "bold reverse"))
        remaining = s.remaining
        # The clock comes right after the question number so a narrow terminal still shows it.
        if remaining is not None:
            style = "bold red" if remaining <= 300 else ("bold yellow" if remaining <= 900 else "bold")
            parts.append((" Time left " if time_label else " ", "dim"))
            parts.append((clock_text(remaining), style))
        else:
            parts.append((" untimed", "dim"))
        if self.time_warning is not None:
            minutes = self.time_warning
            left = f"{minutes} minute{'s' if minutes > 1 else ''} left" if words or long_question else f"{minutes} min left"
            parts += ["  ", (f" {left} ", "bold reverse red" if minutes <= 5 else "bold reverse yellow")]
        if self.strike_mode:
            parts.append(("  STRIKE: press an option letter" if words else "  STRIKE: letter", "bold magenta"))
        if s.is_flagged(i):
            parts.append((f"  {FLAG_MARK} Flagged" if words else f"  {FLAG_MARK}", "bold yellow"))
        if s.note(i):
            parts.append((f"  {NOTE_MARK} Note" if words else f"  {NOTE_MARK}", "bold"))
        pace = pacing_text(s.pacing())
        if pace:
            parts.append((f"  {pace}", "dim"))
        c = s.counts()
        if counts_form == "words":
            counts = f"{c.answered} answered, {c.incomplete} incomplete, {c.unanswered} unanswered"
        elif counts_form == "short":
            counts = f"{c.answered}/{c.total} answered" + (f", {c.incomplete} incomplete" if c.incomplete else "")
        else:
            marks = STATE_MARKS
            counts = f"{marks['complete']}{c.answered} {marks['incomplete']}{c.incomplete} {marks['unanswered']}{c.unanswered}"
        parts.append((f"  {counts}", "dim"))
        return Content.assemble(*parts)

    # ---- rendering ----
    def render_item(self) -> None:
        s = self.session
        i = s.position
        entry = s.entry()
        item = entry.item
        if self._rendered_index != i:
            self.prompt_cursor = 0
            self.time_warning = None  # a warning stays until the candidate moves on, or presses a key
            self._rendered_index = i
            self.query_one("#body", VerticalScroll).scroll_home(animate=False)
        scenario = self.query_one("#scenario", Static)
        if item.scenario:
            title = f"Case study: {item.case_title}" if item.case_title else "Case study"
            scenario.update(Content.assemble(card_text(title + "\n", "bold"), card_text(item.scenario)))
            scenario.display = True
        else:
            scenario.display = False
        self.query_one("#stem", Static).update(card_text(item.stem))
        self.query_one(ExhibitView).show_item(item)
        self.query_one("#instruction", Static).update(self._instruction())
        self._render_options()
        self._render_feedback()
        self._render_rating()
        self.update_status()

    def _instruction(self) -> Content:
        s = self.session
        item = s.entry().item
        response = s.shown_response()
        label = KIND_NAMES[item.kind]
        if item.kind == "multiple-choice":
            text = "Choose one option (press its letter)."
        elif item.kind == "multiple-response":
            text = f"Select {select_word(item.select_count)}. {len(response)} of {item.select_count} selected."
        elif item.kind == "ordering":
            order = " → ".join(letter(o) for o in response) or "none yet"
            text = (f"Press the letters of {item.select_count} steps in order. {len(response)} of {item.select_count} "
                    f"placed: {order}. ↑/↓ picks a placed step, Shift+↑/↓ or -/+ moves it earlier or later; "
                    "Backspace undoes, Delete starts again.")
        else:
            done = sum(1 for r in response if r != UNASSIGNED)
            reuse = "A response may be used more than once." if item.reuse_responses else "Each response is used once."
            text = (f"↑/↓ picks a prompt, a letter gives it that response (again: takes it back). "
                    f"{done} of {len(item.prompts)} matched. {reuse}")
        extra = []
        confidence = s.confidence()
        if confidence:
            extra.append((f"  [confidence: {confidence}]", "dim"))
        return Content.assemble((f"{label}. ", "bold"), text, *extra)

    def _render_options(self) -> None:
        s = self.session
        item = s.entry().item
        response = s.shown_response()
        struck = s.struck()
        revealed = s.shows_key()
        key = set(s.shown_key()) if revealed else set()
        options_box = self.query_one("#options", Vertical)
        prompts_box = self.query_one("#prompts", Vertical)
        if item.kind == "ordering":
            self.prompt_cursor = min(self.prompt_cursor, max(0, len(response) - 1))
        picked_step = response[self.prompt_cursor] if item.kind == "ordering" and response else None
        rows = []
        for n, text in enumerate(s.shown_options()):
            classes = []
            marker = ""
            if item.kind in ("multiple-choice", "multiple-response") and n in response:
                classes.append("-selected")
                marker = "(•)" if item.kind == "multiple-choice" else "[x]"
            elif item.kind == "ordering" and n in response:
                classes.append("-cursor" if n == picked_step else "-selected")
                marker = f"({response.index(n) + 1})"
            elif item.kind == "matching" and n in response:
                classes.append("-used")
            if n in struck:
                classes.append("-struck")
            if revealed and item.kind in ("multiple-choice", "multiple-response"):
                classes.append("-key" if n in key else ("-wrong" if n in response else ""))
            rows.append((n, text, marker, " ".join(c for c in classes if c)))
        self._sync_rows(options_box, OptionRow, rows)
        self.query_one("#answer").set_class(item.kind == "matching", "-matching")
        if item.kind == "matching":
            prompts = s.shown_prompts()
            prompt_rows = []
            for p, text in enumerate(prompts):
                assigned = response[p] if p < len(response) else UNASSIGNED
                classes = "-cursor" if p == self.prompt_cursor else ""
                prompt_rows.append((p, text, letter(assigned) if assigned != UNASSIGNED else "", classes))
            self._sync_rows(prompts_box, PromptRow, prompt_rows)
            prompts_box.display = True
        else:
            prompts_box.display = False

    @staticmethod
    def _sync_rows(box: Vertical, row_class, rows: list[tuple[int, str, str, str]]) -> None:
        """Update rows in place; mount or remove only the difference (items differ in option count)."""
        existing = list(box.query_children(row_class))
        for widget, (_n, text, extra, classes) in zip(existing, rows):
            widget.set_state(text, extra, classes)
        if len(existing) > len(rows):
            for widget in existing[len(rows):]:
                widget.remove()
        elif len(rows) > len(existing):
            box.mount_all([row_class(n, text, extra, classes=classes) if row_class is PromptRow else
                           row_class(n, text, marker=extra, classes=classes) for n, text, extra, classes in rows[len(existing):]])

    def _render_feedback(self) -> None:
        s = self.session
        box = self.query_one("#feedback", Static)
        box.set_class(not s.is_revealed(), "-hint")
        if not s.is_revealed():
            hint = "Press Enter to check your answer." if s.offers_check() else ""
            box.update(Content.styled(hint, "dim") if hint else Content(""))
            box.display = bool(hint)
            return
        right = s.is_correct(s.position)
        item = s.entry().item
        box.update(Content.assemble(("Correct. " if right else "Incorrect. ", "bold green" if right else "bold red"),
                                    (f"Key: {key_text(item.kind, s.shown_key())}\n", "bold"), card_text(item.explanation)))
        box.display = True

    def _render_rating(self) -> None:
        """Anki's answer buttons: each rating with the interval it gives; the one in force marked."""
        box = self.query_one("#rating", Static)
        box.display = self.session.takes_rating()
        if not box.display:
            return
        from examsim.core.study import RATING_NAMES, interval_text  # FSRS only for a drill, not for the first question

        s = self.session
        current, chosen = s.rating()
        intervals = s.next_reviews()
        parts: list = [("Rate it (1-4): ", "bold")]
        for rating in (1, 2, 3, 4):
            text = f" {rating} {RATING_NAMES[rating]} {interval_text(intervals[rating])} "
            parts.append((text, "bold reverse") if rating == current else text)
        due = interval_text(intervals[current])
        parts.append((f"\nNext review in {due} ({'your rating' if chosen else 'rated from your answer'}).", "dim"))
        box.update(Content.assemble(*parts))

    # ---- keys ----
    def on_key(self, event: events.Key) -> None:
        # Runs before the bindings: any key ends a time warning, and any key but an option
        # letter (or the strike key itself, which toggles) disarms strike-out.
        if self.time_warning is not None:
            self.time_warning = None
            self.update_status()
        char = event.character or ""
        letter_key = len(char) == 1 and char.isalpha()
        index = None
        if letter_key or (len(char) == 1 and char.isdigit() and char not in NUMBER_KEYS):
            event.stop()
            try:
                index = self.session.option_for_key(char)
            except AnswerRefused as exc:
                self._refuse(exc)
        if self.strike_mode and index is None and event.key != STRIKE_KEY:
            self.strike_mode = False
            self.update_status()
        if index is not None:
            self.choose(index)

    def choose(self, index: int) -> None:
        s = self.session

        def answer() -> None:
            if self.strike_mode:
                s.toggle_strike(index)
                self.strike_mode = False
            elif s.entry().item.kind == "matching":
                s.assign(self.prompt_cursor, index)
                self._advance_prompt()
            else:
                s.choose(index)

        if self._act(answer) and s.check_verdict().allowed:
            self._bring_into_view("#feedback")  # the "Press Enter to check" line, wherever the options end

    def _advance_prompt(self) -> None:
        response = self.session.shown_response()
        n = len(response)
        for step in range(1, n + 1):
            p = (self.prompt_cursor + step) % n
            if response[p] == UNASSIGNED:
                self.prompt_cursor = p
                return

    def on_option_row_chosen(self, message: OptionRow.Chosen) -> None:
        self.choose(message.index)

    def on_prompt_row_picked(self, message: PromptRow.Picked) -> None:
        self.prompt_cursor = message.index
        self.render_item()

    def _bring_into_view(self, selector: str, top: bool = False) -> None:
        """Scroll the item so this widget shows, once the new content is laid out."""
        widget = next(iter(self.query(selector)), None)
        if widget is None:
            return
        self.call_after_refresh(lambda: widget.scroll_visible(animate=False, top=top, immediate=True))

    def _act(self, fn) -> bool:
        """A Session call for a key: a refusal is said, a finished run shows its results, a failed
        write blocks the screen; otherwise the item is drawn again (True)."""
        try:
            fn()
        except SessionFinished:
            self.app.show_results(self.session, timed_out=self.session.timed_out)
            return False
        except (ItemLocked, AnswerRefused, RatingRefused) as exc:
            self._refuse(exc)
        except StoreError as exc:
            self.store_failed(exc)
            return False
        self.render_item()
        return True

    def _refuse(self, refusal: Exception) -> None:
        """A key the Session refused: its reason, briefly, the answer unchanged."""
        toast(self, str(refusal), severity="warning", timeout=4)

    def store_failed(self, exc: StoreError) -> None:
        """A write failed: the session is unchanged (it writes before it changes). Block the
        screen with what happened; from there only home, where the run can be resumed."""
        if self._store_failed:
            return
        self._store_failed = True

        def leave(_result: None) -> None:
            try:
                self.session.close()  # best effort; the lock is released whatever happens
            except StoreError:
                pass
            self.app.go_home()

        from examsim.tui.screens.store_failed import StoreFailedScreen

        self.app.push_screen(StoreFailedScreen(str(exc)), leave)

    def action_next(self) -> None:
        if self.walk:
            self._walk(1)
            return
        if self.session.position == len(self.session.exam.entries) - 1:
            self.action_review_grid()
            return
        self._act(self.session.next)

    def action_previous(self) -> None:
        if self.walk:
            self._walk(-1)
            return
        self._act(self.session.previous)

    def _walk(self, step: int) -> None:
        """Next/Prev through the filter the candidate jumped from; past its last item, the
        grid again (as the real exam's review returns to the review screen)."""
        target = walk_step(self.session, self.walk, step)
        if target is not None:
            self._act(lambda: self.session.goto(target))
        elif step > 0:
            self.action_review_grid()

    def action_flag(self) -> None:
        self._act(self.session.toggle_flag)

    def action_strike_mode(self) -> None:
        if not self.session.strikes_out():
            self.notify("Strike-out works on option lists, not matching items.", timeout=3)
            return
        self.strike_mode = not self.strike_mode
        self.update_status()

    def action_undo(self) -> None:
        """Back to the previous answer (the Session keeps the answer history)."""
        s = self.session
        before = s.shown_response()

        def undo() -> None:
            if not s.undo():
                self.notify("Nothing to undo on this item.", timeout=3)
                return
            after = s.shown_response()
            if s.entry().item.kind == "matching":  # highlight the prompt the undo changed
                self.prompt_cursor = next((p for p, (b, a) in enumerate(zip(before, after)) if b != a), self.prompt_cursor)

        self._act(undo)

    def action_clear(self) -> None:
        self._act(self.session.clear)

    def action_prompt(self, step: int) -> None:
        kind = self.session.entry().item.kind
        response = self.session.shown_response()
        if kind == "ordering" and response:
            self.prompt_cursor = (self.prompt_cursor + step) % len(response)
            self.render_item()
            self._bring_into_view("#options > OptionRow.-cursor")
            return
        if kind != "matching":
            self.query_one("#body", VerticalScroll).scroll_relative(y=step * 2, animate=False)
            return
        n = len(self.session.entry().item.prompts)
        self.prompt_cursor = (self.prompt_cursor + step) % n
        self.render_item()
        self._bring_into_view("#prompts > PromptRow.-cursor")

    def action_move_step(self, step: int) -> None:
        """Ordering: move the highlighted step of the sequence up or down."""
        s = self.session
        if s.entry().item.kind != "ordering":
            return
        target = self.prompt_cursor + step
        if 0 <= target < len(s.shown_response()):
            origin = self.prompt_cursor
            self.prompt_cursor = target
            self._act(lambda: s.move_step(origin, target))

    def action_scroll(self, step: int) -> None:
        body = self.query_one("#body", VerticalScroll)
        body.scroll_relative(y=step * max(1, body.size.height - 2), animate=False)

    def action_number(self, number: int) -> None:
        if self.session.takes_rating():
            self._act(lambda: self.session.rate(number))
        elif number <= len(CONFIDENCE_LEVELS):
            self.action_confidence(CONFIDENCE_LEVELS[number - 1])
        else:  # 4 outside a drill's rating: no key here, and no option either
            self._act(lambda: self.session.option_for_key(str(number)))

    def action_confidence(self, level: str) -> None:
        current = self.session.confidence()
        self._act(lambda: self.session.set_confidence(None if current == level else level))

    def action_check(self) -> None:
        s = self.session
        verdict = s.check_verdict()
        if verdict.missing:
            self.notify(f"{verdict.missing}, then press Enter to check.", timeout=3)
        if not verdict.allowed:
            return
        self._act(s.reveal)
        if s.is_revealed():
            self._bring_into_view("#feedback", top=True)  # the result and the explanation, even below the fold

    def action_review_grid(self) -> None:
        from examsim.tui.screens.grid import ReviewGridScreen

        grid = ReviewGridScreen(self.session, self.walk or "all")

        def after(result: int | str | None) -> None:
            if result == "submit":
                self.submit()
            elif isinstance(result, int):
                self.walk = None if grid.filter == "all" else grid.filter
                self._act(lambda: self.session.goto(result))

        self.app.push_screen(grid, after)

    def action_end_exam(self) -> None:
        from examsim.tui.screens.confirm import ConfirmScreen

        text = f"End the {self.noun} and see your score?\n\n{open_items_text(self.session.counts())}"

        def after(ok: bool | None) -> None:
            if ok:
                self.submit()

        self.app.push_screen(ConfirmScreen(text, yes="Submit (y)", no="Keep going (n)"), after)

    def _written(self, write) -> bool:
        """A Session call that writes; a failed write blocks the screen (store_failed)."""
        try:
            write()
        except StoreError as exc:
            self.store_failed(exc)
            return False
        return True

    def submit(self) -> None:
        if self._written(self.session.submit):
            self.app.show_results(self.session)

    def action_notes(self) -> None:
        from examsim.tui.screens.notes import NotesScreen

        def after(text: str | None) -> None:
            if text is not None:
                self._act(lambda: self.session.set_note(text))

        self.app.push_screen(NotesScreen(self.session.note(), self.session.position + 1), after)


    def action_pause(self) -> None:
        """Esc asks first: leaving by accident costs the candidate their place, not their answers."""
        from examsim.tui.screens.confirm import ConfirmScreen

        def after(ok: bool | None) -> None:
            if ok:
                self.leave()

        self.app.push_screen(ConfirmScreen(f"Leave the {self.noun} for the home screen?\n\nEvery answer is saved either "
                                           "way, and the clock stops while you are away: resume it from the home screen.",
                                           yes="Leave (y)", no="Stay (n)"), after)

    def leave(self) -> None:
        if self._written(self.session.close):
            self.notify("Saved. Resume it from the home screen.", timeout=4)
            self.app.go_home()
