"""Before the clock starts: what this exam is, how it is scored, and the keys.

Like the real exam's start screens, reading this costs no exam time: the Session's clock
starts only when the candidate presses Enter.
"""

from __future__ import annotations

import dataclasses

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from examsim.core.modes import QuizPlan
from examsim.core.profiles import Profile
from examsim.core.run_review import set_aside_unstarted
from examsim.core.scoring import min_right_to_pass
from examsim.core.session import Session
from examsim.tui.format import card_text


class _StartPage(Screen):
    """A page read before a run starts: its `text()`, scrolling, and the footer."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="results"):
            yield Static(self.text(), id="intro", markup=False)
        yield Footer()

    def text(self) -> Content:
        raise NotImplementedError


class IntroScreen(_StartPage):
    BINDINGS = [
        Binding("enter", "begin", "Start the exam"),
        Binding("question_mark", "app.help", "Help"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def text(self) -> Content:
        s = self.session
        p = s.profile
        exam = s.exam
        scored = exam.scored_count
        unscored = len(exam.entries) - scored
        minutes = exam.minutes
        # Said once, here, where the candidate reads the rules: not over the options at every start.
        unconfirmed = [] if p.duration_confirmed else [
            card_text(p.duration_note or f"AWS has not confirmed {p.code}'s time limit; {minutes} minutes is assumed.",
                      "bold yellow"),
            "\n"]
        lines = [
            card_text(f"{exam.title}\n\n", "bold"),
            f"{len(exam.entries)} items, {minutes} minutes.",
            " Accommodation time is included.\n" if s.accommodation else "\n",
            *unconfirmed,
            card_text(p.form_note + "\n") if p.form_note else "",
            f"{scored} items are scored and {unscored} are unscored; as on the real exam, you are not told which.\n",
            f"Scaled score {p.scale.min}-{p.scale.max}; you pass at {p.scale.pass_mark} "
            f"(in examsim's model, {min_right_to_pass(scored, p.scale)} of {scored} scored items right).\n",
            self.all_or_nothing(p.item_kinds),
            "Only the total decides pass or fail; domain results are feedback.\n\n",
            ("Keys\n", "bold"),
            "Letters choose options. Right/Left move between items. Ctrl+F flags, Ctrl+R opens the review screen, "
            "Ctrl+E ends the exam, Ctrl+X strikes out an option, Ctrl+N keeps a note, ? shows every key.\n",
            "Every answer is saved the moment you give it; Esc leaves (it asks first), and you can resume later.\n\n",
            ("The clock starts when you press Enter.", "bold"),
        ]
        return Content.assemble(*lines)

    @staticmethod
    def all_or_nothing(kinds: list[str]) -> str:
        rules = {"multiple-response": "multiple response needs exactly the keys",
                 "ordering": "ordering the whole sequence", "matching": "matching every pair"}
        parts = [rules[k] for k in kinds if k in rules]
        detail = (": " + "; ".join(parts)) if parts else ""
        return (f"Each item is all or nothing{detail}. An unanswered or incomplete item (one pick of two, "
                "a step or a prompt left) counts as wrong, and there is no penalty for guessing.\n")

    def action_begin(self) -> None:
        self.app.start_session(self.session)


    def action_back(self) -> None:
        """Leaving before the clock starts: the run was never taken, so it is set aside, not offered for resume."""
        set_aside_unstarted(self.session)
        self.app.go_home()


class QuizStartScreen(_StartPage):
    """A domain quiz's start line: its count, clock and feedback, with feedback after each
    item on offer. No run exists until Enter: Esc leaves nothing behind."""

    BINDINGS = [
        Binding("enter", "begin", "Start the quiz"),
        Binding("f", "toggle_feedback", "Feedback"),
        Binding("question_mark", "app.help", "Help"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, plan: QuizPlan, profile: Profile) -> None:
        super().__init__()
        self.plan = dataclasses.replace(plan)  # F changes this quiz only, not the home screen's plan
        self.profile = profile

    def text(self) -> Content:
        other = "feedback at the end" if self.plan.feedback == "now" else "the key and explanation after each item"
        clock = "The clock starts when you press Enter." if self.plan.timed else "Press Enter to start."
        return Content.assemble(card_text(self.plan.title + "\n\n", "bold"), card_text(self.plan.start_line(self.profile)),
                                f"\nF switches to {other}.\n\n", (clock, "bold"))

    def action_toggle_feedback(self) -> None:
        self.plan.feedback = "end" if self.plan.feedback == "now" else "now"
        self.query_one("#intro", Static).update(self.text())

    def action_begin(self) -> None:
        self.app.start_plan(self.plan, self.profile)

    def action_back(self) -> None:
        self.app.pop_screen()

