"""Home: full exam, quizzes (the profile's presets), resume, review and history."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from examsim.core.assembler import AssemblyError
from examsim.core.catalog import NoBank, no_bank_message
from examsim.core.history import ResumableRun, home_summary
from examsim.core.modes import QuizPlan, bank_for, new_exam, preset_plans
from examsim.core.profiles import ProfileError, load_profile
from examsim.tui.format import card_text, clock_text, ellipsize, toast
from examsim.core.when import local_date


class HomeScreen(Screen):
    BINDINGS = [
        Binding("p", "choose_profile", "Exam"),
        Binding("e", "toggle_accommodation", "ESL +30 min"),
        Binding("d", "exam_date", "Exam date"),
        Binding("t", "theme", "Theme"),
        Binding("question_mark", "app.help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.accommodation = False
        self.plans: dict[str, QuizPlan] = {}
        self.latest_run: int | None = None  # "Review the latest run" opens this one

    @property
    def profile_name(self) -> str:
        return self.app.profile_name

    def compose(self) -> ComposeResult:
        with Vertical(id="home"):
            yield Static(id="home-title", markup=False)
            yield Static(id="readiness", markup=False)
            yield OptionList(id="menu")
            yield Static(id="home-note", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_menu()
        self.query_one(OptionList).focus()
        self.estimate_readiness()

    @work(thread=True, exclusive=True)
    def estimate_readiness(self) -> None:
        """Readiness takes a few hundred model draws: off the UI thread."""
        from examsim.core.readiness_summary import readiness_summary

        text = readiness_summary(self.app.store, self.profile_name, with_plan=True)
        self.app.call_from_thread(self._show_readiness, text)

    def _show_readiness(self, text: str) -> None:
        self.query_one("#readiness", Static).update(card_text(text))

    def refresh_menu(self) -> None:
        app = self.app
        profile = self.app.chosen_profile()
        summary = home_summary(app.store, profile.id if profile is not None else None)
        self.latest_run = summary.latest_finished
        esl = f"ESL +30 min: {'on' if self.accommodation else 'off'} (E)"
        if profile is None:
            head = Content.assemble(("examsim", "bold"), card_text(f" - the exam '{self.profile_name}' cannot be loaded: "
                                                                 "press P to choose another."))
        else:
            minutes = profile.minutes_for(self.accommodation)
            unconfirmed = " (unconfirmed)" if not profile.duration_confirmed else ""
            head = Content.assemble(("examsim", "bold"), " - practising for ", (profile.code, "bold"), " (P changes it)\n",
                                    card_text(profile.name), "\n",
                                    f"{profile.items} items, {minutes} minutes{unconfirmed}, pass at {profile.scale.pass_mark}   {esl}")
        self.query_one("#home-title", Static).update(head)
        menu = self.query_one(OptionList)
        menu.clear_options()
        self.plans = {}
        for run in summary.resumable:
            menu.add_option(Option(self._resume_entry(run), id=f"resume-{run.id}"))
        if profile is not None and self.app.has_bank(profile):
            menu.add_option(Option(Content("Full practice exam"), id="exam"))
            if summary.cards_due is not None:
                due = summary.cards_due
                menu.add_option(Option(Content(f"Drill: {due} card{'s' if due != 1 else ''} due, then your weakest task statements"), id="drill"))
                menu.add_option(Option(Content("Smart quiz: the task statements you know least"), id="quiz-smart"))
            for entry_id, plan in preset_plans(profile):
                self.plans[entry_id] = plan
                menu.add_option(Option(card_text(plan.title), id=f"plan-{entry_id}"))
            menu.add_option(Option(Content("Custom quiz: choose domains, task statements, types, count, clock"), id="quiz-custom"))
        elif profile is not None:
            menu.add_option(Option(card_text(f"{profile.code} has no bank yet: press P to choose another exam"), id="choose"))
        if summary.latest_finished is not None:
            menu.add_option(Option(Content("Review the latest run"), id="review-latest"))
        menu.add_option(Option(Content("History"), id="history"))
        menu.highlighted = 0

    def _resume_entry(self, run: ResumableRun) -> Content:
        """One line: what the run is, how far it got, and its time left (timed) or when it was
        started (untimed), so two open runs with one title (two Quick 10s, say) read apart. The
        title gives way when the line is too long (the menu's border, padding and scroll bar
        take 10 columns), never the facts."""
        facts = [f"{run.answered}/{run.total} answered" if run.total is not None else "",
                 f"{clock_text(run.seconds_left)} left" if run.seconds_left is not None
                 else f"started {local_date(run.created_at)}"]
        tail = "".join(f" · {f}" for f in facts if f)
        title = ellipsize(run.title, max(12, self.app.size.width - 10 - len("Resume: ") - len(tail)))
        return card_text(f"Resume: {title}{tail}")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """The highlighted quiz's start line: what Enter will give."""
        plan = self.plans.get((event.option.id or "").removeprefix("plan-"))
        profile = self.app.chosen_profile() if plan else None
        self.query_one("#home-note", Static).update(card_text(plan.start_line(profile)) if plan and profile else Content(""))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        choice = event.option.id or ""
        app = self.app
        if choice.startswith("resume-"):
            app.resume_run(int(choice.split("-")[1]))
        elif choice == "review-latest":
            app.open_review(self.latest_run)
        elif choice == "choose":
            self.action_choose_profile()
        elif choice == "quiz-custom":
            from examsim.tui.screens.quiz_setup import QuizSetupScreen

            profile = self.app.chosen_profile()
            if profile is not None:
                app.push_screen(QuizSetupScreen(profile, app.settings.feedback))
        elif choice == "history":
            from examsim.tui.screens.history import HistoryScreen

            app.push_screen(HistoryScreen())
        elif choice.startswith("plan-"):
            self.start_plan(self.plans[choice.removeprefix("plan-")])
        else:
            self.start(choice)

    def start_plan(self, plan: QuizPlan) -> None:
        """A domain quiz says what it gives first (count, clock, feedback) and offers feedback
        after each item; the other presets start at once, as their names say."""
        profile = self.app.chosen_profile()
        if profile is None:
            return
        if plan.quiz_filter.domains:
            from examsim.tui.screens.intro import QuizStartScreen

            self.app.push_screen(QuizStartScreen(plan, profile))
            return
        self.app.start_plan(plan, profile)

    def start(self, choice: str) -> None:
        app = self.app
        try:
            profile = load_profile(self.profile_name)
            if not self.app.has_bank(profile):
                raise NoBank(no_bank_message(profile))
            bank = bank_for(profile, app.bank_paths)
            if choice == "exam":
                exam = new_exam(bank, profile, accommodation=self.accommodation, store=app.store)
            elif choice == "drill":
                from examsim.core.modes import new_drill

                exam = new_drill(bank, profile, app.store, now=app.wall_clock)
            else:  # quiz-smart
                from examsim.core.modes import new_smart_quiz

                exam = new_smart_quiz(bank, profile, app.store, feedback="now", now=app.wall_clock)
        except (AssemblyError, ProfileError, NoBank) as exc:
            toast(self, str(exc), severity="error", timeout=8)
            return
        app.begin_exam(exam, profile, accommodation=self.accommodation and choice == "exam")

    def action_choose_profile(self) -> None:
        from examsim.tui.screens.profiles import ProfilePickerScreen

        def after(profile_id: str | None) -> None:
            if profile_id and profile_id != self.profile_name:
                self.app.choose_profile(profile_id)
                self.refresh_menu()
                self.estimate_readiness()

        self.app.push_screen(ProfilePickerScreen(self.profile_name), after)

    def action_exam_date(self) -> None:
        from examsim.tui.screens.exam_date import CLEAR, ExamDateScreen

        def saved(result) -> None:
            if result is None:
                return
            self.app.update_settings(exam_date=None if result == CLEAR else result)
            self.estimate_readiness()

        self.app.push_screen(ExamDateScreen(self.app.settings.exam_date, self.app.wall_clock()), saved)

    def action_theme(self) -> None:
        name = self.app.cycle_theme()
        self.notify(f"Theme: {name}", timeout=2)

    def action_toggle_accommodation(self) -> None:
        self.accommodation = not self.accommodation
        self.refresh_menu()


    def action_quit(self) -> None:
        self.app.exit(0)
