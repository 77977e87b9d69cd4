"""Home: full exam, quizzes, resume, review and history."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from examsim.assembler import AssemblyError, QuizFilter
from examsim.modes import bank_for, missed_card_ids, new_exam, new_quiz
from examsim.profiles import DEFAULT_PROFILE, ProfileError, available_profiles, load_profile
from examsim.tui.format import card_text, clock_text, toast


class HomeScreen(Screen):
    BINDINGS = [
        Binding("p", "cycle_profile", "Profile"),
        Binding("e", "toggle_accommodation", "ESL +30 min"),
        Binding("d", "exam_date", "Exam date"),
        Binding("t", "theme", "Theme"),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.profiles = available_profiles()
        self.profile_name = DEFAULT_PROFILE if DEFAULT_PROFILE in self.profiles else (self.profiles or [DEFAULT_PROFILE])[0]
        self.accommodation = False

    def compose(self) -> ComposeResult:
        with Vertical(id="home"):
            yield Static(id="home-title", markup=False)
            yield Static(id="readiness", markup=False)
            yield OptionList(id="menu")
            yield Static(id="home-note", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        if getattr(self.app, "profile_name", None) in self.profiles:
            self.profile_name = self.app.profile_name
        self.refresh_menu()
        self.query_one(OptionList).focus()
        self.estimate_readiness()

    @work(thread=True, exclusive=True)
    def estimate_readiness(self) -> None:
        """Readiness takes a few hundred model draws: off the UI thread."""
        from examsim.tui.format import readiness_text

        text = readiness_text(self.app.store, self.profile_name, with_plan=True)
        self.app.call_from_thread(self._show_readiness, text)

    def _show_readiness(self, text: str) -> None:
        self.query_one("#readiness", Static).update(card_text(text))

    def refresh_menu(self) -> None:
        try:
            profile = load_profile(self.profile_name)
            minutes = profile.minutes_for(self.accommodation)
            unconfirmed = "" if profile.duration_confirmed else " (duration unconfirmed by AWS)"
            head = f"examsim - {profile.code}: {profile.name}\n{profile.items} items, {minutes} minutes{unconfirmed}, pass at {profile.scale.pass_mark}"
            if profile.status:
                head += f"\nWhich version? {profile.status}"
        except ProfileError as exc:
            head = f"examsim - profile problem: {exc}"
        head += f"\nProfile: {self.profile_name} (P to change)   ESL +30 accommodation: {'on' if self.accommodation else 'off'} (E)"
        self.query_one("#home-title", Static).update(card_text(head))
        menu = self.query_one(OptionList)
        menu.clear_options()
        store = self.app.store
        for run in store.unfinished_runs():
            left = f", {clock_text(run.minutes * 60 - run.elapsed)} left" if run.minutes else ""
            menu.add_option(Option(card_text(f"Resume run {run.id}: {run.title} (started {run.created_at[:16]}{left})"), id=f"resume-{run.id}"))
        menu.add_option(Option(Content("Full practice exam"), id="exam"))
        from examsim.study import due_cards

        if store.memory():  # one read: due_cards reads the memory again only when there is some
            due = len(due_cards(store, store.wall_clock))
            menu.add_option(Option(Content(f"Drill: {due} card{'s' if due != 1 else ''} due, then your weakest task statements"), id="drill"))
            menu.add_option(Option(Content("Smart quiz: the task statements you know least"), id="quiz-smart"))
        menu.add_option(Option(Content("Quick 10: ten items, feedback after each"), id="quiz-quick"))
        try:
            profile = load_profile(self.profile_name)
            for d in profile.domain:
                menu.add_option(Option(card_text(f"Domain {d.number} quiz: {d.name}"), id=f"quiz-domain-{d.number}"))
        except ProfileError:
            pass
        menu.add_option(Option(Content("Custom quiz: choose domains, task statements, types, count, clock"), id="quiz-custom"))
        menu.add_option(Option(Content("Retake missed and flagged items"), id="quiz-missed"))
        if store.latest_finished():
            menu.add_option(Option(Content("Review the latest run"), id="review-latest"))
        menu.add_option(Option(Content("History"), id="history"))
        menu.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        choice = event.option.id or ""
        app = self.app
        if choice.startswith("resume-"):
            app.resume_run(int(choice.split("-")[1]))
        elif choice == "review-latest":
            app.open_review(app.store.latest_finished().id)
        elif choice == "quiz-custom":
            from examsim.tui.screens.quiz_setup import QuizSetupScreen

            try:
                app.push_screen(QuizSetupScreen(load_profile(self.profile_name), app.settings.feedback))
            except ProfileError as exc:
                toast(self, str(exc), severity="error")
        elif choice == "history":
            from examsim.tui.screens.history import HistoryScreen

            app.push_screen(HistoryScreen())
        else:
            self.start(choice)

    def start(self, choice: str) -> None:
        app = self.app
        try:
            profile = load_profile(self.profile_name)
            bank = bank_for(profile, app.bank_paths)
            if choice == "exam":
                exam = new_exam(bank, profile, accommodation=self.accommodation, store=app.store)
            elif choice == "drill":
                from examsim.modes import new_drill

                exam = new_drill(bank, profile, app.store, now=app.store.wall_clock)
            elif choice == "quiz-smart":
                from examsim.modes import new_smart_quiz

                exam = new_smart_quiz(bank, profile, app.store, feedback=app.settings.feedback, now=app.store.wall_clock)
            elif choice == "quiz-quick":
                exam = new_quiz(bank, profile, QuizFilter(), count=10, title="Quick 10", feedback=app.settings.feedback,
                                store=app.store)
            elif choice == "quiz-missed":
                missed = missed_card_ids(app.store)
                if not missed:
                    self.notify("No missed or flagged items yet: take an exam or quiz first.", timeout=4)
                    return
                exam = new_quiz(bank, profile, QuizFilter(card_ids=missed), count=20, title="Missed items",
                                feedback=app.settings.feedback)
            else:
                domain = int(choice.rsplit("-", 1)[1])
                exam = new_quiz(bank, profile, QuizFilter(domains=[domain]), count=20, timed=True, feedback="end",
                                title=f"Domain {domain} quiz", store=app.store)
        except (AssemblyError, ProfileError) as exc:
            toast(self, str(exc), severity="error", timeout=8)
            return
        app.begin_exam(exam, profile, accommodation=self.accommodation and choice == "exam")

    def action_cycle_profile(self) -> None:
        if self.profiles:
            i = self.profiles.index(self.profile_name) if self.profile_name in self.profiles else -1
            self.profile_name = self.profiles[(i + 1) % len(self.profiles)]
            self.app.profile_name = self.profile_name
            self.app.update_settings(profile=self.profile_name)
            self.refresh_menu()
            self.estimate_readiness()

    def action_exam_date(self) -> None:
        from examsim.tui.screens.exam_date import CLEAR, ExamDateScreen

        def saved(result) -> None:
            if result is None:
                return
            self.app.update_settings(exam_date=None if result == CLEAR else result)
            self.estimate_readiness()

        self.app.push_screen(ExamDateScreen(self.app.settings.exam_date, self.app.store.wall_clock()), saved)

    def action_theme(self) -> None:
        name = self.app.cycle_theme()
        self.notify(f"Theme: {name}", timeout=2)

    def action_toggle_accommodation(self) -> None:
        self.accommodation = not self.accommodation
        self.refresh_menu()

    def action_help(self) -> None:
        from examsim.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_quit(self) -> None:
        self.app.exit(0)
