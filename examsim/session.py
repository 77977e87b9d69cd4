"""The exam in progress: a state machine over items, responses, flags, position and time.

States: not-started -> running -> submitted | expired. Time counts only while the
session is open (between `start()` and `close()`): a resumed exam continues from the
saved elapsed time. Every change is saved at once when a store is attached, and the
elapsed time at least every AUTOSAVE_SECONDS. The UI calls these methods; it never
scores, times or samples by itself.

Responses given to and read from a Session use *shown* option indexes (the order
on screen); the store and the scorer use canonical indexes.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from examsim.assembler import Exam, ExamEntry
from examsim.items import UNASSIGNED, Response
from examsim.profiles import Profile
from examsim.scoring import Report, score
from examsim.store import ItemRecord, Store

AUTOSAVE_SECONDS = 4.0
WARNINGS_AT_MINUTES = (15, 5, 1)
CONFIDENCE_LEVELS = ("sure", "unsure", "guess")


class State(str, Enum):
    NOT_STARTED = "not-started"
    RUNNING = "running"
    SUBMITTED = "submitted"
    EXPIRED = "expired"


class SessionFinished(Exception):
    """The session was submitted or timed out: it accepts no more answers."""


class ItemLocked(Exception):
    """The item's answer was already revealed (quiz feedback) and cannot change."""


@dataclass
class Counts:
    answered: int
    unanswered: int
    flagged: int
    total: int


class Session:
    def __init__(self, exam: Exam, profile: Profile, *, clock: Callable[[], float] = time.monotonic,
                 store: Store | None = None, run_id: int | None = None, elapsed: float = 0.0,
                 records: dict[int, ItemRecord] | None = None, position: int = 0, state: State = State.NOT_STARTED,
                 accommodation: bool = False, wall_clock: Callable[[], dt.datetime] | None = None):
        self.exam = exam
        self.wall_clock = wall_clock or (lambda: dt.datetime.now(dt.timezone.utc))
        self.profile = profile
        self.clock = clock
        self.store = store
        self.run_id = run_id
        self.accommodation = accommodation
        self.state = state
        self._base_elapsed = elapsed
        self._opened_at: float | None = None
        self._last_saved = elapsed
        self._entered_at = elapsed
        n = len(exam.entries)
        records = records or {}
        self._responses: dict[int, Response] = {i: r.response for i, r in records.items() if r.response}
        self._flags: set[int] = {i for i, r in records.items() if r.flagged}
        self._notes: dict[int, str] = {i: r.note for i, r in records.items() if r.note}
        # The store keeps struck options in canonical indexes; the session works in shown ones.
        self._struck: dict[int, set[int]] = {
            i: {exam.entries[i].presentation.option_order.index(c) for c in r.struck} for i, r in records.items() if r.struck
        }
        self._seconds: dict[int, float] = {i: r.seconds for i, r in records.items() if r.seconds}
        self._confidence: dict[int, str] = {i: r.confidence for i, r in records.items() if r.confidence}
        self._revealed: set[int] = set()
        self._memory_done: set[int] = set()  # items whose card was reviewed in FSRS by this process
        if exam.feedback == "now":
            self._revealed = {i for i in self._responses if self.exam.entries[i].item.is_complete(self._responses[i])}
        self.position = max(0, min(position, n - 1)) if n else 0
        self.report: Report | None = None
        self._warned: set[int] = set()

    # ---- creation and resume ----
    @classmethod
    def create(cls, exam: Exam, profile: Profile, store: Store | None, *, clock: Callable[[], float] = time.monotonic,
               accommodation: bool = False) -> Session:
        run_id = None
        if store is not None:
            run_id = store.create_run(exam, accommodation)
            store.lock(run_id)
        return cls(exam, profile, clock=clock, store=store, run_id=run_id, accommodation=accommodation)

    @classmethod
    def resume(cls, store: Store, run_id: int, profile: Profile, *, clock: Callable[[], float] = time.monotonic) -> Session:
        row = store.run(run_id)
        if row is None:
            raise KeyError(run_id)
        finished = row.state not in ("not-started", "running")
        if not finished:
            store.lock(run_id)
        exam = store.exam(run_id)
        session = cls(exam, profile, clock=clock, store=store, run_id=run_id, elapsed=row.elapsed,
                      records=store.items(run_id), position=row.position, state=State(row.state) if row.state in
                      {s.value for s in State} else State.SUBMITTED, accommodation=row.accommodation)
        if session.finished:
            session.report = score(exam, session._responses, profile)
        return session

    # ---- time ----
    @property
    def time_limit(self) -> float | None:
        return self.exam.minutes * 60.0 if self.exam.minutes else None

    @property
    def elapsed(self) -> float:
        running = self._opened_at is not None and self.state == State.RUNNING
        value = self._base_elapsed + (self.clock() - self._opened_at if running else 0.0)
        limit = self.time_limit
        return min(value, limit) if limit is not None else value

    @property
    def remaining(self) -> float | None:
        limit = self.time_limit
        return None if limit is None else max(0.0, limit - self.elapsed)

    @property
    def finished(self) -> bool:
        return self.state in (State.SUBMITTED, State.EXPIRED)

    def start(self) -> None:
        """Open the session: the clock runs from here (and again after each resume)."""
        if self.finished:
            return
        self._base_elapsed = self.elapsed
        self._opened_at = self.clock()
        if self.state == State.NOT_STARTED:
            self.state = State.RUNNING
            if self.store:
                self.store.save_state(self.run_id, self.state.value, self._base_elapsed)
        self._entered_at = self._base_elapsed
        self.check_time()

    def close(self) -> None:
        """Stop the clock and save it; the run stays resumable. Releases the run lock."""
        if not self.finished and self._opened_at is not None:
            self._record_time_on_item()
            self._base_elapsed = self.elapsed
            self._opened_at = None
            if self.store:
                self.store.save_elapsed(self.run_id, self._base_elapsed)
        if self.store and self.run_id is not None:
            self.store.release(self.run_id)

    def check_time(self) -> bool:
        """True when time is up; the session then submits itself (state expired)."""
        if self.finished:
            return self.state == State.EXPIRED
        limit = self.time_limit
        if limit is not None and self.state == State.RUNNING and self.elapsed >= limit:
            self._finish(State.EXPIRED)
            return True
        return False

    def tick(self) -> list[int]:
        """Call often (the UI's timer): expires on time, autosaves the clock, returns new warnings (minutes)."""
        if self.check_time() or self.finished:
            return []
        elapsed = self.elapsed
        if self.store and elapsed - self._last_saved >= AUTOSAVE_SECONDS:
            self.store.save_elapsed(self.run_id, elapsed)
            self._last_saved = elapsed
        new = []
        remaining = self.remaining
        if remaining is not None:
            for minutes in WARNINGS_AT_MINUTES:
                if remaining <= minutes * 60 and minutes not in self._warned and self.time_limit > minutes * 60:
                    self._warned.add(minutes)
                    new.append(minutes)
        return new

    def pacing(self) -> float | None:
        """Seconds ahead (+) or behind (-) the profile's time per item, for the items done so far."""
        if self.time_limit is None:
            return None
        per_item = self.time_limit / len(self.exam.entries)
        done = self.counts().answered
        return done * per_item - self.elapsed

    # ---- guards ----
    def _guard(self, index: int | None = None, *, allow_revealed: bool = False) -> None:
        if self.check_time() or self.finished:
            raise SessionFinished("this exam is over; no more answers are accepted")
        if self.state == State.NOT_STARTED:
            self.start()
        if index is not None and not 0 <= index < len(self.exam.entries):
            raise IndexError(index)
        if index is not None and not allow_revealed and index in self._revealed:
            raise ItemLocked("the answer to this item was shown; it can no longer change")

    def _elapsed_now(self) -> float:
        e = self.elapsed
        self._last_saved = e
        return e

    # ---- navigation ----
    def entry(self, index: int | None = None) -> ExamEntry:
        return self.exam.entries[self.position if index is None else index]

    def goto(self, index: int) -> None:
        self._guard(allow_revealed=True)
        index = max(0, min(index, len(self.exam.entries) - 1))
        if index == self.position:
            return
        self._record_time_on_item()
        self.position = index
        if self.store:
            self.store.save_position(self.run_id, index, self._elapsed_now())

    def next(self) -> None:
        self.goto(self.position + 1)

    def previous(self) -> None:
        self.goto(self.position - 1)

    def _record_time_on_item(self) -> None:
        now = self.elapsed
        spent = max(0.0, now - self._entered_at)
        self._entered_at = now
        if spent <= 0:
            return
        i = self.position
        self._seconds[i] = self._seconds.get(i, 0.0) + spent
        if self.store:
            self.store.save_seconds(self.run_id, i, self.entry(i).item.id, self._seconds[i])

    # ---- answers, in shown indexes ----
    def shown_options(self, index: int | None = None) -> tuple[str, ...]:
        e = self.entry(index)
        return e.presentation.shown_options(e.item)

    def shown_prompts(self, index: int | None = None) -> tuple[str, ...]:
        e = self.entry(index)
        return e.presentation.shown_prompts(e.item)

    def response(self, index: int | None = None) -> Response:
        """The current response in shown indexes (empty when unanswered)."""
        i = self.position if index is None else index
        e = self.entry(i)
        canonical = self._responses.get(i)
        if not canonical:
            return tuple([UNASSIGNED] * len(e.item.prompts)) if e.item.kind == "matching" else ()
        return e.presentation.to_shown(e.item, canonical)

    def set_response(self, index: int, shown: Response) -> None:
        self._guard(index)
        e = self.entry(index)
        n = len(e.item.options)
        if any(not (0 <= s < n or (e.item.kind == "matching" and s == UNASSIGNED)) for s in shown):
            raise ValueError(f"option index out of range for item {index}")
        if e.item.kind == "multiple-choice" and len(shown) > 1:
            raise ValueError("a multiple-choice item takes one option")
        if e.item.kind == "multiple-response":
            shown = tuple(sorted(set(shown)))
        canonical = e.presentation.to_canonical(e.item, shown)
        if e.item.kind == "matching" and all(c == UNASSIGNED for c in canonical):
            canonical = ()
        if canonical:
            self._responses[index] = canonical
        else:
            self._responses.pop(index, None)
        if self.store:
            self.store.save_response(self.run_id, index, e.item.id, canonical or None, self._elapsed_now())

    def choose(self, option: int, index: int | None = None) -> None:
        """An option key: selects (multiple choice), toggles (multiple response), or appends (ordering)."""
        i = self.position if index is None else index
        kind = self.entry(i).item.kind
        current = self.response(i)
        if kind == "multiple-choice":
            self.set_response(i, (option,))
        elif kind == "multiple-response":
            self.set_response(i, tuple(sorted(set(current) ^ {option})))
        elif kind == "ordering":
            if option in current:
                self.set_response(i, tuple(o for o in current if o != option))
            elif len(current) < self.entry(i).item.select_count:
                self.set_response(i, current + (option,))
        else:
            raise ValueError("matching takes a prompt and a response: use assign()")

    def assign(self, prompt: int, option: int, index: int | None = None) -> None:
        """Matching: give shown prompt `prompt` the shown response `option` (UNASSIGNED clears)."""
        i = self.position if index is None else index
        e = self.entry(i)
        current = list(self.response(i)) or [UNASSIGNED] * len(e.item.prompts)
        current[prompt] = option
        self.set_response(i, tuple(current))

    def move_step(self, from_pos: int, to_pos: int, index: int | None = None) -> None:
        """Ordering: move the step at sequence position `from_pos` to `to_pos`."""
        i = self.position if index is None else index
        seq = list(self.response(i))
        if not (0 <= from_pos < len(seq) and 0 <= to_pos < len(seq)):
            return
        seq.insert(to_pos, seq.pop(from_pos))
        self.set_response(i, tuple(seq))

    def clear(self, index: int | None = None) -> None:
        i = self.position if index is None else index
        self.set_response(i, ())

    def toggle_flag(self, index: int | None = None) -> bool:
        i = self.position if index is None else index
        self._guard(i, allow_revealed=True)
        self._flags ^= {i}
        if self.store:
            self.store.save_flag(self.run_id, i, self.entry(i).item.id, i in self._flags, self._elapsed_now())
        return i in self._flags

    def toggle_strike(self, option: int, index: int | None = None) -> None:
        """Strike out an option the candidate has ruled out (not a selection)."""
        i = self.position if index is None else index
        self._guard(i, allow_revealed=True)
        struck = self._struck.setdefault(i, set())
        struck ^= {option}
        if self.store:
            e = self.entry(i)
            canonical = tuple(e.presentation.option_order[s] for s in struck)
            self.store.save_struck(self.run_id, i, e.item.id, canonical, self._elapsed_now())

    def struck(self, index: int | None = None) -> set[int]:
        """Struck options, in shown indexes."""
        i = self.position if index is None else index
        return set(self._struck.get(i, set()))

    def set_note(self, text: str, index: int | None = None) -> None:
        i = self.position if index is None else index
        self._guard(i, allow_revealed=True)
        if text:
            self._notes[i] = text
        else:
            self._notes.pop(i, None)
        if self.store:
            self.store.save_note(self.run_id, i, self.entry(i).item.id, text, self._elapsed_now())

    def note(self, index: int | None = None) -> str:
        return self._notes.get(self.position if index is None else index, "")

    def set_confidence(self, level: str | None, index: int | None = None) -> None:
        if level is not None and level not in CONFIDENCE_LEVELS:
            raise ValueError(level)
        i = self.position if index is None else index
        self._guard(i, allow_revealed=True)
        if level:
            self._confidence[i] = level
        else:
            self._confidence.pop(i, None)
        if self.store:
            self.store.save_confidence(self.run_id, i, self.entry(i).item.id, level, self._elapsed_now())

    def confidence(self, index: int | None = None) -> str | None:
        return self._confidence.get(self.position if index is None else index)

    # ---- quiz feedback ----
    def reveal(self, index: int | None = None) -> bool:
        """Feedback-now quizzes: lock the item and say whether it is right."""
        i = self.position if index is None else index
        self._guard(i, allow_revealed=True)
        self._revealed.add(i)
        if self.store is not None and i not in self._memory_done:
            # A revealed answer is final: it feeds the spaced-repetition schedule at once.
            from examsim.study import update_memory

            update_memory(self.store, self.exam, self._responses, self.store.items(self.run_id), self.profile,
                          self.wall_clock, indexes={i})
            self._memory_done.add(i)
        return self.is_correct(i)

    def is_revealed(self, index: int | None = None) -> bool:
        return (self.position if index is None else index) in self._revealed

    def is_correct(self, index: int) -> bool:
        return self.entry(index).item.is_correct(self._responses.get(index))

    def shown_key(self, index: int | None = None) -> tuple[int, ...]:
        """The key in shown indexes: only for review, quiz feedback or after submit."""
        i = self.position if index is None else index
        if not (self.finished or i in self._revealed):
            raise PermissionError("the key is shown only after the answer is final")
        e = self.entry(i)
        return e.presentation.shown_key(e.item)

    # ---- state of the whole exam ----
    def is_answered(self, index: int) -> bool:
        return self.entry(index).item.is_answered(self._responses.get(index))

    def is_complete(self, index: int) -> bool:
        return self.entry(index).item.is_complete(self._responses.get(index))

    def is_flagged(self, index: int) -> bool:
        return index in self._flags

    def seconds_on(self, index: int) -> float:
        return self._seconds.get(index, 0.0)

    def counts(self) -> Counts:
        n = len(self.exam.entries)
        answered = sum(1 for i in range(n) if self.is_answered(i))
        return Counts(answered, n - answered, len(self._flags), n)

    def responses(self) -> dict[int, Response]:
        return dict(self._responses)

    def submit(self) -> Report:
        if self.finished:
            assert self.report is not None
            return self.report
        self.check_time()
        if not self.finished:
            self._finish(State.SUBMITTED)
        assert self.report is not None
        return self.report

    def _finish(self, state: State) -> None:
        if self._opened_at is not None:
            self._record_time_on_item()
        elapsed = self.elapsed
        self._base_elapsed = elapsed
        self._opened_at = None
        self.state = state
        self.report = score(self.exam, self._responses, self.profile)
        if self.store:
            result = self.report.to_json()
            result["elapsed"] = elapsed
            self.store.finish(self.run_id, state.value, elapsed, result)
            # Every run feeds the spaced-repetition schedule of the cards it served.
            from examsim.study import update_memory

            rest = set(range(len(self.exam.entries))) - self._memory_done
            update_memory(self.store, self.exam, self._responses, self.store.items(self.run_id), self.profile,
                          self.wall_clock, indexes=rest)
            self.store.release(self.run_id)
