"""One run's rows in the Store: the Session's persistence.

Every change is written with the clock in one transaction (the Store's), *before* the
Session changes memory: when a write fails (StoreError) the Session is unchanged and the run
stays resumable. Each write tells the RunClock what it saved, so the autosave counts from
there. A run without a store (practice sessions in tests) writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from examsim.core.assembler import Exam
from examsim.core.items import Response
from examsim.core.scoring import Report
from examsim.core.session.clock import RunClock
from examsim.core.session.undo import AnswerLog
from examsim.core.store import ItemRecord, RunRow, Store, StoreError

TimeOnItem = tuple[int, str, float]  # (index, item id, total seconds on it)
Shown = tuple[int, str]  # (index, item id) of an item shown for the first time


def new_run(store: Store, exam: Exam, accommodation: bool) -> int:
    """A new run in the store, locked for this process."""
    run_id = store.create_run(exam, accommodation)
    store.lock(run_id)
    return run_id


@dataclass(frozen=True)
class SavedRun:
    row: RunRow
    exam: Exam
    records: dict[int, ItemRecord]


def run_row(store: Store, run_id: int) -> RunRow:
    """The run's row; a missing run fails with where to find the runs."""
    row = store.run(run_id)
    if row is None:
        raise StoreError(f"there is no run {run_id}; `examsim history` lists the runs")
    return row


def load_run(store: Store, run_id: int) -> SavedRun:
    """A run as stored, read only (no lock): a missing run or a damaged snapshot fails here."""
    return SavedRun(run_row(store, run_id), store.exam(run_id), store.item_records(run_id))


def stored_report(result: dict | None) -> Report | None:
    """The result stored when the run finished: the one truth for its score, whatever the
    profile says today. None when the run has none (or an unreadable one)."""
    if not result:
        return None
    try:
        return Report.from_json(result)
    except (KeyError, TypeError, ValueError):
        return None


class RunRecord:
    """Writes one run's changes to the store, each with the clock's elapsed time."""

    def __init__(self, store: Store | None, run_id: int | None, clock: RunClock):
        self.store = store if run_id is not None else None
        self.run_id = run_id
        self.clock = clock  # told what each write saved

    def _saved(self, at: float | None, write) -> None:
        """Write one change with the clock (at `at`, default now): store first, the caller
        changes memory only after this returns."""
        if self.store is None:
            return
        at = self.clock.elapsed if at is None else at
        write(self.store, self.run_id, at)
        self.clock.mark_saved(at)

    # ---- the answer sheet ----
    def save_response(self, index: int, item_id: str, canonical: Response) -> None:
        self._saved(None, lambda s, run, at: s.save_response(run, index, item_id, canonical or None, at))

    def save_flag(self, index: int, item_id: str, flagged: bool) -> None:
        self._saved(None, lambda s, run, at: s.save_flag(run, index, item_id, flagged, at))

    def save_struck(self, index: int, item_id: str, canonical: tuple[int, ...]) -> None:
        self._saved(None, lambda s, run, at: s.save_struck(run, index, item_id, canonical, at))

    def save_note(self, index: int, item_id: str, text: str) -> None:
        self._saved(None, lambda s, run, at: s.save_note(run, index, item_id, text, at))

    def save_confidence(self, index: int, item_id: str, level: str | None) -> None:
        self._saved(None, lambda s, run, at: s.save_confidence(run, index, item_id, level, at))

    def save_revealed(self, index: int, item_id: str) -> None:
        self._saved(None, lambda s, run, at: s.save_revealed(run, index, item_id, at))

    def answer_log(self) -> AnswerLog:
        return self.store.answer_log(self.run_id) if self.store is not None else {}

    # ---- the run: state, position, clock ----
    def save_state(self, state: str, at: float, shown: Shown | None) -> None:
        self._saved(at, lambda s, run, at: s.save_state(run, state, at, shown))

    def save_move(self, time_on: TimeOnItem | None, position: int | None, at: float, shown: Shown | None = None) -> None:
        """The time on the item left, the new position (None: unchanged), the item newly shown."""
        self._saved(at, lambda s, run, at: s.save_move(run, time_on, position, at, shown))

    def save_warned(self, warned: frozenset[int], at: float) -> None:
        self._saved(at, lambda s, run, at: s.save_warned(run, tuple(warned), at))

    def save_elapsed(self, at: float) -> None:
        self._saved(at, lambda s, run, at: s.save_elapsed(run, at))

    def save_finish(self, state: str, at: float, report: Report, time_on: TimeOnItem | None) -> None:
        result = report.to_json()
        result["elapsed"] = at
        self._saved(at, lambda s, run, at: s.finish(run, state, at, result, time_on))

    def release(self) -> None:
        """Give up the run's lock (safe to call when none is held)."""
        if self.store is not None:
            self.store.release(self.run_id)
