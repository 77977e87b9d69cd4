"""Build a mini quiz: domains, task statements, item types, count, clock and feedback."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Footer, Input, Label, RadioButton, RadioSet, SelectionList, Static
from textual.widgets.selection_list import Selection

from examsim.core.assembler import AssemblyError, QuizFilter
from examsim.core.modes import bank_for, missed_card_ids, new_quiz, quiz_title
from examsim.core.items import KIND_NAMES
from examsim.core.profiles import Profile
from examsim.tui.format import card_text, toast



class QuizSetupScreen(Screen):
    BINDINGS = [
        Binding("ctrl+s", "start", "Start quiz"),
        Binding("question_mark", "app.help", "Help"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, profile: Profile, feedback: str = "now") -> None:
        super().__init__()
        self.profile = profile
        self.feedback = feedback

    def compose(self) -> ComposeResult:
        p = self.profile
        with VerticalScroll(id="quiz-setup"):
            yield Static(card_text(f"Mini quiz - {p.code}. Nothing selected in a list means all of it. "
                                 "Tab moves between fields, Space toggles, Ctrl+S starts."), classes="setup-title")
            yield Label("Domains")
            yield SelectionList[int](*[Selection(card_text(f"{d.number}. {d.name}"), d.number) for d in p.domain], id="domains")
            yield Label("Task statements")
            yield SelectionList[str](*[Selection(card_text(f"{t.number} {t.name}"), t.number) for d in p.domain for t in d.tasks], id="tasks")
            yield Label("Item types")
            yield SelectionList[str](*[Selection(Content(KIND_NAMES[k]), k) for k in p.item_kinds], id="kinds")
            with Horizontal(classes="setup-row"):
                yield Label("Items ")
                yield Input("10", type="integer", id="count", max_length=3)
                yield Checkbox("Timed (exam pace)", id="timed")
                yield Checkbox("Missed or flagged only", id="missed")
            with RadioSet(id="feedback"):
                yield RadioButton("Feedback after each item", value=self.feedback == "now", id="fb-now")
                yield RadioButton("Feedback at the end", value=self.feedback == "end", id="fb-end")
            yield Button(Content("Start quiz (Ctrl+S)"), id="start", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#domains", SelectionList).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()

    def action_start(self) -> None:
        app = self.app
        count_text = self.query_one("#count", Input).value.strip()
        count = int(count_text) if count_text.isdigit() else 0
        if not 1 <= count <= 200:
            self.notify("Items: give a number from 1 to 200.", severity="warning")
            return
        card_ids = None
        if self.query_one("#missed", Checkbox).value:
            card_ids = missed_card_ids(app.store)
            if not card_ids:
                self.notify("No missed or flagged items yet.", severity="warning")
                return
        quiz_filter = QuizFilter(
            domains=list(self.query_one("#domains", SelectionList).selected),
            tasks=list(self.query_one("#tasks", SelectionList).selected),
            kinds=list(self.query_one("#kinds", SelectionList).selected),
            card_ids=card_ids,
        )
        feedback = "now" if self.query_one("#fb-now", RadioButton).value else "end"
        try:
            bank = bank_for(self.profile, app.bank_paths)
            exam = new_quiz(bank, self.profile, quiz_filter, count=count, timed=self.query_one("#timed", Checkbox).value,
                            feedback=feedback, title=quiz_title(self.profile, quiz_filter.domains), store=app.store)
        except AssemblyError as exc:
            toast(self, str(exc), severity="error", timeout=8)
            return
        app.update_settings(feedback=feedback)
        app.begin_exam(exam, self.profile)

    def action_back(self) -> None:
        self.app.pop_screen()
