"""The Textual app shell: thin over the core. Screens render a Session and forward keys."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.app import App
from textual.binding import Binding

from examsim.core.assembler import Exam
from examsim.core.catalog import has_bundled_cards
from examsim.core.profiles import DEFAULT_PROFILE, Profile, ProfileError, load_profile
from examsim.core.runs import create_run, resume_stored_run
from examsim.core.session import Session, open_finished
from examsim.core.settings import load_settings, save_settings
from examsim.core.errors import ExamsimError
from examsim.core.store import RunLocked, Store
from examsim.tui.format import toast

# Below this size the screens cannot lay out an item; the app says so instead of breaking.
MIN_WIDTH, MIN_HEIGHT = 40, 12
THEMES = ("textual-dark", "textual-light", "ansi-dark", "ansi-light", "nord", "gruvbox")


class ExamsimApp(App[int]):
    """examsim. `start` is ("home",), ("exam", exam, bank, profile) or ("review", run_id)."""

    CSS_PATH = "examsim.tcss"
    TITLE = "examsim"
    ENABLE_COMMAND_PALETTE = False
    # -narrow: the review grid in 5 columns; -wide: full names, matching prompts beside responses.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-normal"), (100, "-wide")]
    # -short (below 30 rows, 80x24 included): option rows sit together, no blank line between them.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    BINDINGS = [Binding("ctrl+q", "request_quit", "Quit", show=False, priority=True)]

    def __init__(self, store: Store, start: tuple = ("home",), *, clock: Callable[[], float] = time.monotonic,
                 bank_paths: list[Path] | None = None, profile_name: str | None = None, intro: bool = False):
        super().__init__()
        self.intro = intro  # show the start screen (clock stopped) before a new full exam
        self.store = store
        self.start = start
        self.clock = clock
        self.bank_paths = bank_paths
        self.settings, self.settings_warning = load_settings(store.data_dir)
        # The exam the candidate practises for; nothing saved yet asks on first start (home).
        self.profile_name = profile_name or self.settings.profile or DEFAULT_PROFILE
        self.needs_choice = profile_name is None and self.settings.profile is None
        self._too_small = None

    @property
    def wall_clock(self) -> Callable[[], dt.datetime]:
        """The store's wall clock (tests inject it): "today" for drills, plans and the exam date."""
        return self.store.wall_clock

    @property
    def data_dir(self) -> Path:
        return self.store.data_dir

    def on_mount(self) -> None:
        self.apply_theme(self.settings.theme)
        if self.settings_warning:
            toast(self, self.settings_warning, severity="warning", timeout=10)
        kind = self.start[0]
        if kind == "exam":
            _, exam, _bank, profile = self.start
            self.begin_exam(exam, profile)
        elif kind == "review":
            self.open_review(self.start[1])
        elif self.needs_choice:
            from examsim.tui.screens.profiles import ChooserScreen

            self._reset_to(ChooserScreen())
        else:
            self.go_home()

    # ---- settings ----
    def chosen_profile(self) -> Profile | None:
        """The profile practised for, loaded afresh (None: it cannot be loaded, e.g. removed)."""
        try:
            return load_profile(self.profile_name)
        except ProfileError:
            return None

    def has_bank(self, profile: Profile) -> bool:
        """Cards to run the profile from: the candidate's own banks (--bank), or bundled ones."""
        return bool(self.bank_paths) or has_bundled_cards(profile)

    def choose_profile(self, profile_id: str) -> None:
        """The exam the candidate practises for, saved: every screen and command uses it."""
        self.profile_name = profile_id
        self.needs_choice = False
        self.update_settings(profile=profile_id)

    def apply_theme(self, name: str) -> None:
        self.theme = name if name in self.available_themes else "textual-dark"

    def update_settings(self, **changes) -> None:
        self.settings = self.settings.model_copy(update=changes)
        try:
            save_settings(self.store.data_dir, self.settings)
        except OSError as exc:
            toast(self, f"settings not saved: {exc}", severity="warning")

    def cycle_theme(self) -> str:
        names = [t for t in THEMES if t in self.available_themes]
        current = names.index(self.theme) if self.theme in names else -1
        name = names[(current + 1) % len(names)]
        self.apply_theme(name)
        self.update_settings(theme=name)
        return name

    # ---- small terminals and quitting ----
    def on_resize(self, event: events.Resize) -> None:
        self.check_size(event.size)

    def check_size(self, size) -> None:
        """Too small to lay out an item: say so on top of everything; enlarged: take it away."""
        small = size.width < MIN_WIDTH or size.height < MIN_HEIGHT
        # A screen switch (home, a new run) may have popped it: showing means on the stack.
        showing = self._too_small is not None and self._too_small in self.screen_stack
        if small and not showing:
            from examsim.tui.screens.too_small import TooSmallScreen

            self._too_small = TooSmallScreen(MIN_WIDTH, MIN_HEIGHT)
            self.push_screen(self._too_small)
        elif not small and self._too_small is not None:
            if self.screen is self._too_small:
                self.pop_screen()
            self._too_small = None

    def action_request_quit(self) -> None:
        from examsim.tui.screens.confirm import ConfirmScreen
        from examsim.tui.screens.exam import ExamScreen

        exam_screen = next((s for s in self.screen_stack if isinstance(s, ExamScreen)), None)
        if exam_screen is None or exam_screen.session.finished:
            self.exit(0)
            return

        def after(ok: bool | None) -> None:
            if ok:
                exam_screen.session.close()
                self.exit(0)

        self.push_screen(ConfirmScreen(f"Quit examsim? Your {exam_screen.noun} is saved and can be resumed from the home "
                                       "screen.", yes="Quit (y)", no="Stay (n)"), after)

    def action_help_quit(self) -> None:
        """Ctrl+C (Textual's copy key) does not quit: say what does, rather than nothing."""
        self.notify("Press Ctrl+Q to quit (in an exam it asks first; answers are saved).", title="Ctrl+C does not quit",
                    markup=False, timeout=6)

    def action_help(self) -> None:
        """`?` on any screen: every key of every screen (screens bind `app.help`)."""
        from examsim.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(type(self.screen).__name__))

    # ---- navigation used by screens (method calls down) ----
    def go_home(self) -> None:
        from examsim.tui.screens.home import HomeScreen

        self._reset_to(HomeScreen())

    def _reset_to(self, screen) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(screen)
        self.call_after_refresh(lambda: self.check_size(self.size))  # popped with the rest: back on top if still small

    def begin_exam(self, exam: Exam, profile: Profile, accommodation: bool = False) -> None:
        try:
            session = create_run(exam, profile, self.store, clock=self.clock, accommodation=accommodation)
        except ExamsimError as exc:
            self.notify(f"The run could not be started: {exc}", severity="error", markup=False, timeout=10)
            return
        self.open_session(session)

    def start_plan(self, plan, profile: Profile) -> None:
        """A quiz from a home-screen plan (examsim.core.modes.QuizPlan); errors are said, nothing starts."""
        from examsim.core.catalog import require_bank
        from examsim.core.modes import bank_for, new_planned_quiz

        try:
            if not self.bank_paths:
                require_bank(profile)
            exam = new_planned_quiz(bank_for(profile, self.bank_paths), profile, plan, self.store)
        except ExamsimError as exc:  # AssemblyError, NoBank
            toast(self, str(exc), severity="error", timeout=8)
            return
        self.begin_exam(exam, profile)

    def open_session(self, session: Session) -> None:
        from examsim.tui.screens.intro import IntroScreen

        if self.intro and session.exam.mode == "exam" and session.state.value == "not-started":
            self._reset_to(IntroScreen(session))
        else:
            self.start_session(session)

    def start_session(self, session: Session) -> None:
        from examsim.tui.screens.exam import ExamScreen

        try:
            session.start()
        except ExamsimError as exc:
            session.close()
            self.notify(f"The run could not be started: {exc}. It is kept; resume it from the home screen.",
                        severity="error", markup=False, timeout=10)
            self.go_home()
            return
        self._reset_to(ExamScreen(session))

    def resume_run(self, run_id: int) -> None:
        try:
            session = resume_stored_run(self.store, run_id, clock=self.clock)
        except RunLocked as exc:
            toast(self, str(exc), severity="error")
            return
        except Exception as exc:  # a profile removed or a damaged run: say so, keep the data
            toast(self, f"run {run_id} cannot be resumed: {exc}", severity="error")
            return
        if session.finished:
            self.show_results(session)
        else:
            self.open_session(session)

    def show_results(self, session: Session, timed_out: bool = False) -> None:
        from examsim.tui.screens.results import ResultsScreen

        self._reset_to(ResultsScreen(session, timed_out=timed_out))

    def open_review(self, run_id: int, only_missed: bool = True) -> None:
        from examsim.tui.screens.review import ReviewScreen

        try:
            session = open_finished(self.store, run_id)
        except ExamsimError as exc:  # an open run, a damaged one, a missing one: say so, change nothing
            self.notify(str(exc), severity="error", markup=False, timeout=10)
            return
        self.push_screen(ReviewScreen(session, only_missed=only_missed))

    def on_unmount(self) -> None:
        self.store.close()
