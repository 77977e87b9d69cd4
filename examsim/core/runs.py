"""Opening a run for the app: the one place a Session is wired to the study loop.

A Session imports nothing from examsim.core.study: the FSRS reviews of a run (a checked quiz
answer at once, every shown item at the finish, a drill rating replacing its review) go
through the CardReviews it is given. The app and the tests' helpers open runs here, so every
run they finish feeds the schedule; tests/test_runs.py holds that no other module of examsim
creates or resumes a Session by itself (but session.open_finished, which reads a finished
run back and reviews nothing).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from examsim.core.assembler import Exam
from examsim.core.items import Item, Response
from examsim.core.profiles import Profile
from examsim.core.session import Session
from examsim.core.store import Store


def create_run(exam: Exam, profile: Profile, store: Store, *, clock: Callable[[], float] = time.monotonic,
               accommodation: bool = False) -> Session:
    """A new run of `exam`, stored and locked, that feeds FSRS."""
    return Session.create(exam, profile, store, clock=clock, accommodation=accommodation, reviews=FsrsReviews(store))


def resume_run(store: Store, run_id: int, profile: Profile | None, *,
               clock: Callable[[], float] = time.monotonic) -> Session:
    """A stored run reopened (see Session.resume), feeding FSRS while it is open."""
    return Session.resume(store, run_id, profile, clock=clock, reviews=FsrsReviews(store))


def resume_stored_run(store: Store, run_id: int, *, clock: Callable[[], float] = time.monotonic) -> Session:
    """Run `run_id` reopened on the profile it was taken on (the home screen's and history's
    Resume). A run that is gone, or whose profile is, fails with a message that says so."""
    from examsim.core.profiles import load_profile
    from examsim.core.session.record import run_row

    return resume_run(store, run_id, load_profile(run_row(store, run_id).profile), clock=clock)


class FsrsReviews:
    """The FSRS reviews of runs in one store (session.CardReviews); "today" is the store's wall
    clock. examsim.core.study (and fsrs) load at the first review, not when a run opens: the
    first question stays quick (tests/test_tui_fit.py::test_the_first_question_loads_no_more_than_it_shows)."""

    def __init__(self, store: Store):
        self.store = store

    def review(self, run_id: int, exam: Exam, responses: dict[int, Response], profile: Profile,
               indexes: set[int]) -> dict[int, dict]:
        from examsim.core import study

        return study.update_memory(self.store, exam, responses, self.store.item_records(run_id), profile,
                                   self.store.wall_clock, indexes=indexes, run_id=run_id)

    def replace(self, run_id: int, index: int, item: Item, review: dict, rating: int) -> dict:
        from examsim.core import study

        return study.replace_review(self.store, run_id, index, item.id, item.card_id, review, rating,
                                    self.store.wall_clock)

    def next_due(self, card_id: str, review: dict | None) -> dict[int, dt.timedelta]:
        from examsim.core import study

        return study.next_reviews(card_id, review, self.store.wall_clock, study.saved_exam_date(self.store))
