"""The Textual app shell: thin over the core. Screens render a Session and forward keys."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from textual.app import App

from examsim.assembler import Exam
from examsim.profiles import Profile, load_profile
from examsim.session import Session
from examsim.store import RunLocked, Store, StoreError


class ExamsimApp(App[int]):
    """examsim. `start` is ("home",), ("exam", exam, bank, profile) or ("review", run_id)."""

    CSS_PATH = "examsim.tcss"
    TITLE = "examsim"
    ENABLE_COMMAND_PALETTE = False
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-normal")]

    def __init__(self, store: Store, start: tuple = ("home",), *, clock: Callable[[], float] = time.monotonic,
                 bank_paths: list[Path] | None = None, profile_name: str | None = None):
        super().__init__()
        self.store = store
        self.start = start
        self.clock = clock
        self.bank_paths = bank_paths
        self.profile_name = profile_name

    def on_mount(self) -> None:
        kind = self.start[0]
        if kind == "exam":
            _, exam, _bank, profile = self.start
            self.begin_exam(exam, profile)
        elif kind == "review":
            self.open_review(self.start[1])
        else:
            self.go_home()

    # ---- navigation used by screens (method calls down) ----
    def go_home(self) -> None:
        from examsim.tui.screens.home import HomeScreen

        self._reset_to(HomeScreen())

    def _reset_to(self, screen) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(screen)

    def begin_exam(self, exam: Exam, profile: Profile, accommodation: bool = False) -> None:
        session = Session.create(exam, profile, self.store, clock=self.clock, accommodation=accommodation)
        self.open_session(session)

    def open_session(self, session: Session) -> None:
        from examsim.tui.screens.exam import ExamScreen

        session.start()
        self._reset_to(ExamScreen(session))

    def resume_run(self, run_id: int) -> None:
        row = self.store.run(run_id)
        try:
            profile = load_profile(row.profile)
            session = Session.resume(self.store, run_id, profile, clock=self.clock)
        except RunLocked as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        except Exception as exc:  # a profile removed or a damaged run: say so, keep the data
            self.notify(f"run {run_id} cannot be resumed: {exc}", severity="error", markup=False)
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

        row = self.store.run(run_id)
        if row is None:
            self.notify(f"there is no run {run_id}", severity="error")
            return
        session = Session.resume(self.store, run_id, load_profile(row.profile), clock=self.clock)
        self.push_screen(ReviewScreen(session, only_missed=only_missed))

    def on_unmount(self) -> None:
        self.store.close()


def run_app(args, start: tuple) -> int:
    try:
        store = Store(args.data_dir)
    except StoreError as exc:
        from examsim.cli import CliError

        raise CliError(str(exc)) from None
    app = ExamsimApp(store, start, bank_paths=[Path(p) for p in (getattr(args, "bank", None) or [])] or None,
                     profile_name=getattr(args, "profile", None))
    app.run()
    return 0
