"""The exam in progress: a state machine over the answer sheet, the position and the clock.

States: not-started -> running -> submitted | expired. The Session composes a RunClock
(time), an AnswerSheet (the candidate's marks), a RunRecord (the store) and, when wired,
CardReviews (the spaced-repetition schedule). Each change is written to the store first,
with the clock, in one transaction, and only then applied in memory: when a write fails
(StoreError) the session is unchanged and the run stays resumable. `tick()` saves the clock at
least every AUTOSAVE_SECONDS. The UI calls these methods; it never scores, times or samples.
Indexes given to and read from a Session are *shown* ones (the order on screen).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import Enum

from examsim.core.assembler import Exam, ExamEntry
from examsim.core.profiles import Profile
from examsim.core.scoring import Report, score
from examsim.core.session.answering import Answering
from examsim.core.session.clock import RunClock
from examsim.core.session.record import RunRecord, TimeOnItem, load_run, new_run, stored_report
from examsim.core.session.reviewing import Reviewing
from examsim.core.session.reviews import CardReviews
from examsim.core.session.sheet import AnswerSheet
from examsim.core.store import ItemRecord, Store


class State(str, Enum):
    NOT_STARTED = "not-started"
    RUNNING = "running"
    SUBMITTED = "submitted"
    EXPIRED = "expired"


class SessionFinished(Exception):
    """The session was submitted or timed out: it accepts no more answers."""


class ItemLocked(Exception):
    """The item's answer was already revealed (quiz feedback) and cannot change."""


class Session(Answering, Reviewing):
    """One run: its lifecycle, clock and position here; answering and reviewing in the mixins."""

    def __init__(self, exam: Exam, profile: Profile, *, clock: Callable[[], float] = time.monotonic,
                 store: Store | None = None, run_id: int | None = None, elapsed: float = 0.0,
                 records: dict[int, ItemRecord] | None = None, position: int = 0, state: State = State.NOT_STARTED,
                 accommodation: bool = False, warned: tuple[int, ...] = (), reviews: CardReviews | None = None):
        self.exam = exam
        self.profile = profile
        self.store = store
        self.run_id = run_id
        self.accommodation = accommodation
        self.state = state
        self.reviews = reviews  # None: this session feeds no spaced-repetition schedule
        n = len(exam.entries)
        self.position = max(0, min(position, n - 1)) if n else 0
        self.report: Report | None = None
        self.run_clock = RunClock(exam.minutes * 60.0 if exam.minutes else None, clock, elapsed, warned)
        self.record = RunRecord(store, run_id, self.run_clock)
        # The answer history is read from the store on the first undo (see AnswerHistory).
        self.sheet = AnswerSheet(exam, records or {}, self.record.answer_log if self.record.store is not None else None)

    # ---- creation and resume ----
    @classmethod
    def create(cls, exam: Exam, profile: Profile, store: Store | None, *, clock: Callable[[], float] = time.monotonic,
               accommodation: bool = False, reviews: CardReviews | None = None) -> Session:
        """A new run (in the store, locked, when there is one). The app opens runs through
        examsim.core.runs, which wires the FSRS reviews."""
        run_id = new_run(store, exam, accommodation) if store is not None else None
        return cls(exam, profile, clock=clock, store=store, run_id=run_id, accommodation=accommodation, reviews=reviews)

    @classmethod
    def resume(cls, store: Store, run_id: int, profile: Profile | None, *, clock: Callable[[], float] = time.monotonic,
               reviews: CardReviews | None = None) -> Session:
        """Reopen a run. An open run is locked for this process; a finished one is read-only
        (no lock, no write) and reports its stored result. `profile` may be None for a
        finished run (a profile removed since)."""
        saved = load_run(store, run_id)  # a damaged snapshot fails here, before any lock is taken
        row = saved.row
        if row.is_open and profile is None:
            raise ValueError("an open run needs its profile")
        state = State(row.state) if row.state in {s.value for s in State} else State.SUBMITTED
        if row.is_open:
            store.lock(run_id)
        try:
            session = cls(saved.exam, profile, clock=clock, store=store, run_id=run_id, elapsed=row.elapsed,
                          records=saved.records, position=row.position, state=state,
                          accommodation=row.accommodation, warned=row.warned, reviews=reviews)
            if session.finished:
                session.report = stored_report(row.result) or score(saved.exam, session.canonical_responses(), profile)
        except BaseException:
            store.release(run_id)
            raise
        return session

    # ---- time ----
    @property
    def time_limit(self) -> float | None:
        return self.run_clock.limit

    @property
    def elapsed(self) -> float:
        return self.run_clock.elapsed

    @property
    def remaining(self) -> float | None:
        return self.run_clock.remaining

    @property
    def finished(self) -> bool:
        return self.state in (State.SUBMITTED, State.EXPIRED)

    @property
    def timed_out(self) -> bool:
        """The run ended because its time was up (it submitted itself)."""
        return self.state == State.EXPIRED

    def start(self) -> None:
        """Open the session: the clock runs from here (and again after each resume)."""
        if self.finished:
            return
        at = self.elapsed
        shown = self.sheet.first_showing(self.position)
        if self.state == State.NOT_STARTED:
            self.record.save_state(State.RUNNING.value, at, shown)
        elif shown is not None:  # a run saved before it recorded what was shown
            self.record.save_move(None, None, at, shown)
        self.sheet.mark_shown(shown)
        self.run_clock.open(at)
        if self.state == State.NOT_STARTED:
            self.state = State.RUNNING
        self.expire_if_over()

    def close(self) -> None:
        """Stop the clock and save it; the run stays resumable. Always releases the run lock."""
        try:
            if not self.finished and self.run_clock.is_open:
                at = self.elapsed
                time_on = self._time_on_item(at)
                self.record.save_move(time_on, None, at)
                self._apply_time_on_item(time_on, at)
                self.run_clock.stop(at)
        finally:
            self.record.release()

    def expire_if_over(self) -> bool:
        """True when time is up; the session then submits itself (state expired)."""
        if self.finished:
            return self.state == State.EXPIRED
        if self.state == State.RUNNING and self.run_clock.is_up:
            self._finish(State.EXPIRED)
            return True
        return False

    def tick(self) -> list[int]:
        """Call often (the UI's timer): expires on time, autosaves the clock, returns a new
        time warning (minutes left), at most one: the most urgent of those just crossed."""
        if self.expire_if_over() or self.finished:
            return []
        at = self.elapsed
        crossed = self.run_clock.warnings_crossed()
        if crossed:
            warned = self.run_clock.warned | crossed
            self.record.save_warned(warned, at)
            self.run_clock.warned = warned
            return [min(crossed)]
        if self.run_clock.autosave_due(at):
            self.record.save_elapsed(at)
        return []

    def pacing(self) -> float | None:
        """Seconds ahead (+) or behind (-) the profile's time per item, for the items complete so far."""
        return self.run_clock.pacing(self.counts().answered, len(self.exam.entries))

    def _time_on_item(self, at: float) -> TimeOnItem | None:
        """The current item's total seconds if time was spent on it since it was entered."""
        spent = self.run_clock.spent_on_item(at)
        if spent <= 0:
            return None
        i = self.position
        return (i, self.entry(i).item.id, self.sheet.seconds_on(i) + spent)

    def _apply_time_on_item(self, time_on: TimeOnItem | None, at: float) -> None:
        """After the store saved `time_on`: the item left keeps its seconds; the next one starts at `at`."""
        if time_on is not None:
            self.sheet.set_seconds(time_on[0], time_on[2])
        self.run_clock.enter_item(at)

    # ---- the guard of every change, and navigation ----
    def _open_for_change(self, index: int | None = None, *, allow_revealed: bool = False) -> None:
        """Ready the run for a change to item `index`: refuse it once the run is over (expiring it
        when time is up), start a run not yet started, refuse an index off the exam and, unless
        allowed, an item whose answer was shown."""
        if self.expire_if_over() or self.finished:
            raise SessionFinished("this exam is over; no more answers are accepted")
        if self.state == State.NOT_STARTED:
            self.start()
        if index is not None and not 0 <= index < len(self.exam.entries):
            raise IndexError(index)
        if index is not None and not allow_revealed and self.sheet.is_revealed(index):
            raise ItemLocked("the answer to this item was shown; it can no longer change")

    def _at(self, index: int | None) -> int:
        return self.position if index is None else index

    def entry(self, index: int | None = None) -> ExamEntry:
        return self.exam.entries[self._at(index)]

    def goto(self, index: int) -> None:
        self._open_for_change(allow_revealed=True)
        index = max(0, min(index, len(self.exam.entries) - 1))
        if index == self.position:
            return
        at = self.elapsed
        time_on = self._time_on_item(at)
        shown = self.sheet.first_showing(index)
        self.record.save_move(time_on, index, at, shown)
        self._apply_time_on_item(time_on, at)
        self.sheet.mark_shown(shown)
        self.position = index

    def next(self) -> None:
        self.goto(self.position + 1)

    def previous(self) -> None:
        self.goto(self.position - 1)

    # ---- the finish ----
    def submit(self) -> Report:
        if not self.finished:
            self.expire_if_over()
        if not self.finished:
            self._finish(State.SUBMITTED)
        assert self.report is not None
        return self.report

    def _finish(self, state: State) -> None:
        """Score, store the result (one transaction), then change memory; then the FSRS review of
        every item shown, best effort; the run lock is released whatever happens."""
        at = self.elapsed
        time_on = self._time_on_item(at) if self.run_clock.is_open else None
        report = score(self.exam, self.canonical_responses(), self.profile)
        self.record.save_finish(state.value, at, report, time_on)
        self._apply_time_on_item(time_on, at)
        self.run_clock.stop(at)
        self.state = state
        self.report = report
        if self.record.store is not None:
            try:
                # Every run feeds the spaced-repetition schedule of the cards it served.
                self._review_cards(set(range(len(self.exam.entries))))
            finally:
                self.record.release()
