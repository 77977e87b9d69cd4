"""The exam in progress: a state machine over items, responses, flags, position and time.

States: not-started -> running -> submitted | expired. Time counts only while the
session is open (between `start()` and `close()`): a resumed exam continues from the
saved elapsed time. Every change is written to the store first, with the clock, in one
transaction, and only then applied in memory: when a write fails (StoreError) the session
is unchanged and the run stays resumable. The clock is also saved at least every
AUTOSAVE_SECONDS by `tick()`. The UI calls these methods; it never scores, times or
samples by itself.

Responses given to and read from a Session use *shown* option indexes (the order
on screen); the store and the scorer use canonical indexes.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from examsim.core.assembler import Exam, ExamEntry
from examsim.core.cards.model import SELECT_WORDS
from examsim.core.items import UNASSIGNED, AnswerState, Item, Response
from examsim.core.profiles import Profile
from examsim.core.scoring import Report, score
from examsim.core.errors import RunNotFinished
from examsim.core.store import ItemRecord, Store, StoreError

log = logging.getLogger(__name__)

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


class AnswerRefused(Exception):
    """A change the item does not allow (more options than it asks for, a matching response
    used twice); the answer is unchanged. The message says what to do, for the candidate."""


@dataclass
class Counts:
    """The exam's items by answer state: answered means complete."""

    answered: int
    incomplete: int
    unanswered: int
    flagged: int
    total: int


class Session:
    def __init__(self, exam: Exam, profile: Profile, *, clock: Callable[[], float] = time.monotonic,
                 store: Store | None = None, run_id: int | None = None, elapsed: float = 0.0,
                 records: dict[int, ItemRecord] | None = None, position: int = 0, state: State = State.NOT_STARTED,
                 accommodation: bool = False, wall_clock: Callable[[], dt.datetime] | None = None,
                 warned: tuple[int, ...] = ()):
        self.exam = exam
        # The date of FSRS reviews: the store's wall clock unless one is given (both injectable).
        self.wall_clock = wall_clock or (store.wall_clock if store is not None else (lambda: dt.datetime.now(dt.timezone.utc)))
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
        # Checked (locked) quiz answers and cards already reviewed in FSRS are saved with the
        # run, so a resume neither locks an unchecked answer nor reviews a card twice.
        self._revealed: set[int] = {i for i, r in records.items() if r.revealed}
        self._memory_done: set[int] = {i for i, r in records.items() if r.reviewed}
        # Items shown to the candidate (saved with the run): only these are evidence for FSRS
        # and readiness; an item never reached still scores as wrong, as on the real exam.
        self._seen: set[int] = {i for i, r in records.items() if r.seen}
        # Each item's FSRS review (rating, whether the candidate chose it, the card's memory before).
        self._reviews: dict[int, dict] = {i: r.review for i, r in records.items() if r.review}
        self.position = max(0, min(position, n - 1)) if n else 0
        self.report: Report | None = None
        self._warned: set[int] = set(warned)
        # Every answer given per item (canonical, None = cleared), read from the store on the
        # first undo (a run without a store keeps it from the start): undo walks back through it.
        self._history: dict[int, list[Response | None]] | None = None if store is not None and run_id is not None else {}

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
    def resume(cls, store: Store, run_id: int, profile: Profile | None, *, clock: Callable[[], float] = time.monotonic) -> Session:
        """Reopen a run. An open run is locked for this process; a finished one is read-only
        (no lock, no write) and reports its stored result. `profile` may be None for a
        finished run (a profile removed since)."""
        row = store.run(run_id)
        if row is None:
            raise StoreError(f"there is no run {run_id}; `examsim history` lists the runs")
        exam = store.exam(run_id)  # a damaged snapshot fails here, before any lock is taken
        records = store.item_records(run_id)
        finished = not row.is_open
        if not finished and profile is None:
            raise ValueError("an open run needs its profile")
        state = State(row.state) if row.state in {s.value for s in State} else State.SUBMITTED
        if not finished:
            store.lock(run_id)
        try:
            session = cls(exam, profile, clock=clock, store=store, run_id=run_id, elapsed=row.elapsed,
                          records=records, position=row.position, state=state, accommodation=row.accommodation,
                          warned=row.warned)
            if session.finished:
                session.report = stored_report(row.result) or score(exam, session._responses, profile)
        except BaseException:
            store.release(run_id)
            raise
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
        base = self.elapsed
        shown = self._first_view(self.position)
        if self.store:
            if self.state == State.NOT_STARTED:
                self.store.save_state(self.run_id, State.RUNNING.value, base, shown)
            elif shown is not None:  # a run saved before it recorded what was shown
                self.store.save_move(self.run_id, None, None, base, shown)
        self._mark_shown(shown)
        self._base_elapsed = base
        self._opened_at = self.clock()
        self._last_saved = base
        if self.state == State.NOT_STARTED:
            self.state = State.RUNNING
        self._entered_at = self._base_elapsed
        self.expire_if_over()

    def close(self) -> None:
        """Stop the clock and save it; the run stays resumable. Always releases the run lock."""
        try:
            if not self.finished and self._opened_at is not None:
                elapsed = self.elapsed
                time_on = self._time_on_item(elapsed)
                if self.store:
                    self.store.save_move(self.run_id, time_on, None, elapsed)
                self._apply_time_on_item(time_on, elapsed)
                self._base_elapsed = elapsed
                self._opened_at = None
        finally:
            if self.store and self.run_id is not None:
                self.store.release(self.run_id)

    def expire_if_over(self) -> bool:
        """True when time is up; the session then submits itself (state expired)."""
        if self.finished:
            return self.state == State.EXPIRED
        limit = self.time_limit
        if limit is not None and self.state == State.RUNNING and self.elapsed >= limit:
            self._finish(State.EXPIRED)
            return True
        return False

    def tick(self) -> list[int]:
        """Call often (the UI's timer): expires on time, autosaves the clock, returns a new
        time warning (minutes left), at most one: the most urgent of those just crossed."""
        if self.expire_if_over() or self.finished:
            return []
        elapsed = self.elapsed
        remaining = self.remaining
        crossed = set()
        if remaining is not None:
            crossed = {m for m in WARNINGS_AT_MINUTES
                       if remaining <= m * 60 and m not in self._warned and self.time_limit > m * 60}
        if crossed:
            warned = self._warned | crossed
            if self.store:
                self.store.save_warned(self.run_id, tuple(warned), elapsed)
            self._warned = warned
            self._last_saved = elapsed
            return [min(crossed)]
        if self.store and elapsed - self._last_saved >= AUTOSAVE_SECONDS:
            self.store.save_elapsed(self.run_id, elapsed)
            self._last_saved = elapsed
        return []

    def pacing(self) -> float | None:
        """Seconds ahead (+) or behind (-) the profile's time per item, for the items complete so far."""
        if self.time_limit is None:
            return None
        per_item = self.time_limit / len(self.exam.entries)
        done = self.counts().answered
        return done * per_item - self.elapsed

    # ---- guards ----
    def _guard(self, index: int | None = None, *, allow_revealed: bool = False) -> None:
        if self.expire_if_over() or self.finished:
            raise SessionFinished("this exam is over; no more answers are accepted")
        if self.state == State.NOT_STARTED:
            self.start()
        if index is not None and not 0 <= index < len(self.exam.entries):
            raise IndexError(index)
        if index is not None and not allow_revealed and index in self._revealed:
            raise ItemLocked("the answer to this item was shown; it can no longer change")

    def _saved(self, write: Callable[[float], None]) -> None:
        """Write one change with the clock (store first); memory changes only after it returns."""
        if self.store is None:
            return
        elapsed = self.elapsed
        write(elapsed)
        self._last_saved = elapsed

    # ---- navigation ----
    def entry(self, index: int | None = None) -> ExamEntry:
        return self.exam.entries[self.position if index is None else index]

    def goto(self, index: int) -> None:
        self._guard(allow_revealed=True)
        index = max(0, min(index, len(self.exam.entries) - 1))
        if index == self.position:
            return
        elapsed = self.elapsed
        time_on = self._time_on_item(elapsed)
        shown = self._first_view(index)
        if self.store:
            self.store.save_move(self.run_id, time_on, index, elapsed, shown)
            self._last_saved = elapsed
        self._apply_time_on_item(time_on, elapsed)
        self._mark_shown(shown)
        self.position = index

    def _first_view(self, index: int) -> tuple[int, str] | None:
        """(index, item id) when showing item `index` is its first showing, else None."""
        if index in self._seen or not self.exam.entries:
            return None
        return (index, self.entry(index).item.id)

    def _mark_shown(self, shown: tuple[int, str] | None) -> None:
        if shown is not None:
            self._seen.add(shown[0])

    def was_shown(self, index: int) -> bool:
        """The item was on screen at some point of the run (reached, or answered). An item
        never shown is no evidence of knowing or not knowing it; it still scores as wrong."""
        return index in self._seen

    def shown_items(self) -> frozenset[int]:
        """Every item shown so far (see was_shown)."""
        return frozenset(self._seen)

    def next(self) -> None:
        self.goto(self.position + 1)

    def previous(self) -> None:
        self.goto(self.position - 1)

    def _time_on_item(self, now: float) -> tuple[int, str, float] | None:
        """The current item's total seconds if time was spent on it since it was entered."""
        spent = max(0.0, now - self._entered_at)
        if spent <= 0:
            return None
        i = self.position
        return (i, self.entry(i).item.id, self._seconds.get(i, 0.0) + spent)

    def _apply_time_on_item(self, time_on: tuple[int, str, float] | None, now: float) -> None:
        if time_on is not None:
            self._seconds[time_on[0]] = time_on[2]
        self._entered_at = now

    # ---- answers, in shown indexes ----
    def shown_options(self, index: int | None = None) -> tuple[str, ...]:
        e = self.entry(index)
        return e.presentation.shown_options(e.item)

    def shown_prompts(self, index: int | None = None) -> tuple[str, ...]:
        e = self.entry(index)
        return e.presentation.shown_prompts(e.item)

    def shown_response(self, index: int | None = None) -> Response:
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
        if e.item.kind == "ordering" and len(set(shown)) != len(shown):
            raise ValueError("an ordering step is placed once")
        canonical = e.presentation.to_canonical(e.item, shown)
        if e.item.kind == "matching" and all(c == UNASSIGNED for c in canonical):
            canonical = ()
        # A change that breaks the item's limits further is refused; one that mends them
        # (an old run's three picks on a Select TWO item, say) always goes through.
        if e.item.excess(canonical) > e.item.excess(self._responses.get(index)):
            raise AnswerRefused(self._refusal(e.item, index, shown))
        self._saved(lambda at: self.store.save_response(self.run_id, index, e.item.id, canonical or None, at))
        if self._history is not None:
            self._history.setdefault(index, []).append(canonical or None)
        self._seen.add(index)  # an answered item was shown (save_response records it too)
        if canonical:
            self._responses[index] = canonical
        else:
            self._responses.pop(index, None)

    def _refusal(self, item: Item, index: int, shown: Response) -> str:
        if item.kind == "matching":
            before = self.shown_response(index)
            taken = next((p for p, r in enumerate(shown) if r != UNASSIGNED and shown.count(r) > 1 and before[p] == r), None)
            where = f"prompt {taken + 1}" if taken is not None else "another prompt"
            return f"That response is already matched to {where}, and this item uses each response once. Clear it there first."
        n = item.select_count
        if item.kind == "ordering":
            return f"All {n} steps are placed. Remove one first, or reorder them."
        return f"Select {SELECT_WORDS.get(n, str(n))}: {n} are already selected. Unselect one first."

    def choose(self, option: int, index: int | None = None) -> None:
        """An option key: selects (multiple choice), toggles (multiple response), or appends (ordering)."""
        i = self.position if index is None else index
        kind = self.entry(i).item.kind
        current = self.shown_response(i)
        if kind == "multiple-choice":
            self.set_response(i, (option,))
        elif kind == "multiple-response":
            self.set_response(i, tuple(sorted(set(current) ^ {option})))
        elif kind == "ordering":
            if option in current:
                self.set_response(i, tuple(o for o in current if o != option))
            else:
                self.set_response(i, current + (option,))
        else:
            raise ValueError("matching takes a prompt and a response: use assign()")

    def assign(self, prompt: int, option: int, index: int | None = None) -> None:
        """Matching: give shown prompt `prompt` the shown response `option`; the response it
        already holds, or UNASSIGNED, clears it."""
        i = self.position if index is None else index
        e = self.entry(i)
        current = list(self.shown_response(i)) or [UNASSIGNED] * len(e.item.prompts)
        current[prompt] = UNASSIGNED if current[prompt] == option else option
        self.set_response(i, tuple(current))

    def move_step(self, from_pos: int, to_pos: int, index: int | None = None) -> None:
        """Ordering: move the step at sequence position `from_pos` to `to_pos`."""
        i = self.position if index is None else index
        seq = list(self.shown_response(i))
        if not (0 <= from_pos < len(seq) and 0 <= to_pos < len(seq)):
            return
        seq.insert(to_pos, seq.pop(from_pos))
        self.set_response(i, tuple(seq))

    def clear(self, index: int | None = None) -> None:
        i = self.position if index is None else index
        self.set_response(i, ())

    # ---- undo, from the answer history ----
    def _answers_given(self, index: int) -> list[Response | None]:
        if self._history is None:
            given = self.store.answer_log(self.run_id)
            self._history = {i: [r or None for _at, r in answers] for i, answers in given.items()}
        answers = self._history.setdefault(index, [])
        current = self._responses.get(index)
        if current and (not answers or answers[-1] != current):
            answers.append(current)  # a run saved before answers had a history
        return answers

    def previous_answer(self, index: int | None = None) -> Response | None:
        """The answer undo restores, in shown indexes (empty = unanswered), or None when there
        is nothing to undo. Undo is a walk back through the answer history: returning to the
        answer before the current one, by undo or by hand, takes that step back."""
        i = self.position if index is None else index
        earlier = undo_stack(self._answers_given(i))
        if not earlier:
            return None
        e = self.entry(i)
        previous = earlier[-1]
        if previous is None:
            return tuple([UNASSIGNED] * len(e.item.prompts)) if e.item.kind == "matching" else ()
        return e.presentation.to_shown(e.item, previous)

    def undo(self, index: int | None = None) -> bool:
        """Restore the previous answer; False when there is nothing to undo."""
        i = self.position if index is None else index
        previous = self.previous_answer(i)
        if previous is None:
            return False
        self.set_response(i, previous)
        return True

    def toggle_flag(self, index: int | None = None) -> bool:
        i = self.position if index is None else index
        self._guard(i, allow_revealed=True)
        flagged = i not in self._flags
        self._saved(lambda at: self.store.save_flag(self.run_id, i, self.entry(i).item.id, flagged, at))
        self._flags ^= {i}
        return flagged

    def toggle_strike(self, option: int, index: int | None = None) -> None:
        """Strike out an option the candidate has ruled out (not a selection)."""
        i = self.position if index is None else index
        self._guard(i, allow_revealed=True)
        struck = self._struck.get(i, set()) ^ {option}
        e = self.entry(i)
        canonical = tuple(e.presentation.option_order[s] for s in struck)
        self._saved(lambda at: self.store.save_struck(self.run_id, i, e.item.id, canonical, at))
        self._struck[i] = struck

    def struck(self, index: int | None = None) -> set[int]:
        """Struck options, in shown indexes."""
        i = self.position if index is None else index
        return set(self._struck.get(i, set()))

    def set_note(self, text: str, index: int | None = None) -> None:
        i = self.position if index is None else index
        self._guard(i, allow_revealed=True)
        self._saved(lambda at: self.store.save_note(self.run_id, i, self.entry(i).item.id, text, at))
        if text:
            self._notes[i] = text
        else:
            self._notes.pop(i, None)

    def note(self, index: int | None = None) -> str:
        return self._notes.get(self.position if index is None else index, "")

    def set_confidence(self, level: str | None, index: int | None = None) -> None:
        if level is not None and level not in CONFIDENCE_LEVELS:
            raise ValueError(level)
        i = self.position if index is None else index
        self._guard(i, allow_revealed=True)
        self._saved(lambda at: self.store.save_confidence(self.run_id, i, self.entry(i).item.id, level, at))
        if level:
            self._confidence[i] = level
        else:
            self._confidence.pop(i, None)

    def confidence(self, index: int | None = None) -> str | None:
        return self._confidence.get(self.position if index is None else index)

    # ---- quiz feedback ----
    def reveal(self, index: int | None = None) -> bool:
        """Feedback-now quizzes: lock the item and say whether it is right."""
        i = self.position if index is None else index
        self._guard(i, allow_revealed=True)
        if i not in self._revealed:
            self._saved(lambda at: self.store.save_revealed(self.run_id, i, self.entry(i).item.id, at))
            self._revealed.add(i)
        # A revealed answer is final: it feeds the spaced-repetition schedule at once.
        self._review_cards({i})
        return self.is_correct(i)

    def _review_cards(self, indexes: set[int]) -> None:
        """The FSRS review of these items' cards, once each, for the items shown (an item never
        shown is no evidence). Best effort: a failure is logged, never fatal (the answer and the
        score are already saved); the cards are then reviewed at the run's finish or not at all."""
        todo = (indexes & self._seen) - self._memory_done
        if self.store is None or self.run_id is None or not todo:
            return
        from examsim.core.study import update_memory

        try:
            reviews = update_memory(self.store, self.exam, self._responses, self.store.item_records(self.run_id),
                                    self.profile, self.wall_clock, indexes=todo, run_id=self.run_id)
        except Exception:  # noqa: BLE001 - the study schedule must never cost the candidate the run
            log.exception("FSRS update failed for run %s items %s", self.run_id, sorted(todo))
            return
        self._memory_done |= todo
        self._reviews.update(reviews)

    # ---- the candidate's own rating (drills, as in Anki) ----
    def rating(self, index: int | None = None) -> tuple[int, bool] | None:
        """The FSRS rating the item's review used (1 Again, 2 Hard, 3 Good, 4 Easy) and whether the
        candidate chose it (else it came from the answer); None before the item is reviewed."""
        review = self._reviews.get(self.position if index is None else index)
        return (int(review["rating"]), bool(review.get("chosen"))) if review else None

    def next_reviews(self, index: int | None = None) -> dict[int, dt.timedelta]:
        """For each rating 1-4, how long until the card is due if the item's review uses it
        (empty before the item is reviewed), aimed at the saved exam date. Reads nothing from the
        store."""
        from examsim.core.study import next_reviews, saved_exam_date

        i = self.position if index is None else index
        exam_date = saved_exam_date(self.store) if self.store is not None else None
        return next_reviews(self.entry(i).item.card_id, self._reviews.get(i), self.wall_clock, exam_date)

    def rate(self, rating: int, index: int | None = None) -> None:
        """Replace the revealed item's FSRS review with the candidate's own rating (1-4): the
        card keeps one review for this item, at this rating. Store first, then memory."""
        from examsim.core.study import replace_review

        i = self.position if index is None else index
        self._guard(i, allow_revealed=True)
        if rating not in (1, 2, 3, 4):
            raise ValueError(f"a rating is 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy), not {rating}")
        if i not in self._revealed:
            raise PermissionError("an item is rated after its answer is shown")
        review = self._reviews.get(i)
        if self.store is None or self.run_id is None or review is None:
            from examsim.core.study import RatingRefused

            raise RatingRefused("this item's card has no review to rate: check the answer first")
        e = self.entry(i)
        new_review = replace_review(self.store, self.run_id, i, e.item.id, e.item.card_id, review, rating,
                                    self.wall_clock)
        self._reviews[i] = new_review

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
    def answer_state(self, index: int | None = None) -> AnswerState:
        """complete, incomplete (part of what the item asks for, or more) or unanswered."""
        i = self.position if index is None else index
        return self.entry(i).item.answer_state(self._responses.get(i))

    def is_answered(self, index: int) -> bool:
        """Something was given, complete or not (see answer_state)."""
        return self.entry(index).item.is_answered(self._responses.get(index))

    def is_complete(self, index: int) -> bool:
        return self.entry(index).item.is_complete(self._responses.get(index))

    def is_flagged(self, index: int) -> bool:
        return index in self._flags

    def seconds_on(self, index: int) -> float:
        return self._seconds.get(index, 0.0)

    def counts(self) -> Counts:
        n = len(self.exam.entries)
        states = [self.answer_state(i) for i in range(n)]
        complete, incomplete = states.count("complete"), states.count("incomplete")
        return Counts(complete, incomplete, n - complete - incomplete, len(self._flags), n)

    def canonical_responses(self) -> dict[int, Response]:
        return dict(self._responses)

    def submit(self) -> Report:
        if self.finished:
            assert self.report is not None
            return self.report
        self.expire_if_over()
        if not self.finished:
            self._finish(State.SUBMITTED)
        assert self.report is not None
        return self.report

    def _finish(self, state: State) -> None:
        """Score, store the result (one transaction), then change memory; then the FSRS update,
        best effort; the run lock is released whatever happens."""
        elapsed = self.elapsed
        time_on = self._time_on_item(elapsed) if self._opened_at is not None else None
        report = score(self.exam, self._responses, self.profile)
        if self.store:
            result = report.to_json()
            result["elapsed"] = elapsed
            self.store.finish(self.run_id, state.value, elapsed, result, time_on)
        self._apply_time_on_item(time_on, elapsed)
        self._base_elapsed = elapsed
        self._opened_at = None
        self.state = state
        self.report = report
        if self.store:
            try:
                # Every run feeds the spaced-repetition schedule of the cards it served.
                self._review_cards(set(range(len(self.exam.entries))))
            finally:
                self.store.release(self.run_id)


def undo_stack(answers: list[Response | None]) -> list[Response | None]:
    """The answers undo walks back through, latest last, from every answer given in order
    (None = unanswered). An answer equal to the one before the current is a step back."""
    earlier: list[Response | None] = []
    current: Response | None = None
    for answer in answers:
        if earlier and answer == earlier[-1]:
            earlier.pop()
        elif answer != current:
            earlier.append(current)
        current = answer
    return earlier


def open_finished(store: Store, run_id: int) -> Session:
    """A finished run, read-only, for reports and reviews: no lock, no write, its stored result.

    Refuses a run still open (it would be ended or locked) and one abandoned before it was
    taken, with a message that says what to do. A profile removed since is no obstacle."""
    from examsim.core.profiles import ProfileError, load_profile

    row = store.run(run_id)
    if row is None:
        raise StoreError(f"there is no run {run_id}; `examsim history` lists the runs")
    if row.is_open:
        raise RunNotFinished(f"run {run_id} is not finished ({row.state}): resume it from the home screen "
                             "(`examsim`, then Resume) and submit it; its report and review open after that")
    if not row.is_finished:
        raise RunNotFinished(f"run {run_id} was {row.state} before it was taken: it has no score to report or review")
    try:
        profile = load_profile(row.profile)
    except ProfileError:
        profile = None
        if stored_report(row.result) is None:
            raise
    return Session.resume(store, run_id, profile)


def stored_report(result: dict | None) -> Report | None:
    """The result stored when the run finished: the one truth for its score, whatever the
    profile says today. None when the run has none (or an unreadable one)."""
    if not result:
        return None
    try:
        return Report.from_json(result)
    except (KeyError, TypeError, ValueError):
        return None
