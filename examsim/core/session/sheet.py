"""The answer sheet: the candidate's marks on the paper, in memory (no store, no clock).

Responses, flags, notes, struck options, confidence, time on each item, which items were
shown, which quiz answers were checked and each item's FSRS review. The sheet speaks
*shown* option indexes (the order on screen) to its callers and keeps canonical ones (the
store's and the scorer's), converting through each entry's Presentation. It checks an
answer against the item's rules (rules.answer_to_save) but never applies one by itself:
the Session writes each change to the store first, then applies it here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from examsim.core.assembler import Exam, ExamEntry
from examsim.core.items import AnswerState, Response
from examsim.core.session.undo import AnswerHistory, AnswerLog
from examsim.core.session.rules import answer_to_save, unanswered
from examsim.core.store import ItemRecord

CONFIDENCE_LEVELS = ("sure", "unsure", "guess")


@dataclass
class Counts:
    """The exam's items by answer state: answered means complete."""

    answered: int
    incomplete: int
    unanswered: int
    flagged: int
    total: int


class AnswerSheet:
    def __init__(self, exam: Exam, records: dict[int, ItemRecord], answer_log: Callable[[], AnswerLog] | None = None):
        self.exam = exam
        self._responses: dict[int, Response] = {i: r.response for i, r in records.items() if r.response}
        self._flags: set[int] = {i for i, r in records.items() if r.flagged}
        self._notes: dict[int, str] = {i: r.note for i, r in records.items() if r.note}
        # The store keeps struck options in canonical indexes; the sheet works in shown ones.
        self._struck: dict[int, set[int]] = {
            i: {exam.entries[i].presentation.option_order.index(c) for c in r.struck} for i, r in records.items() if r.struck
        }
        self._seconds: dict[int, float] = {i: r.seconds for i, r in records.items() if r.seconds}
        self._confidence: dict[int, str] = {i: r.confidence for i, r in records.items() if r.confidence}
        # Checked (locked) quiz answers and cards already reviewed in FSRS are saved with the
        # run, so a resume neither locks an unchecked answer nor reviews a card twice.
        self._revealed: set[int] = {i for i, r in records.items() if r.revealed}
        self._reviewed: set[int] = {i for i, r in records.items() if r.reviewed}
        # Items shown to the candidate (saved with the run): only these are evidence for FSRS
        # and readiness; an item never reached still scores as wrong, as on the real exam.
        self._seen: set[int] = {i for i, r in records.items() if r.seen}
        # Each item's FSRS review (rating, whether the candidate chose it, the card's memory before).
        self._reviews: dict[int, dict] = {i: r.review for i, r in records.items() if r.review}
        self._history = AnswerHistory(answer_log)

    def entry(self, index: int) -> ExamEntry:
        return self.exam.entries[index]

    # ---- answers, shown <-> canonical ----
    def shown_options(self, index: int) -> tuple[str, ...]:
        e = self.entry(index)
        return e.presentation.shown_options(e.item)

    def shown_prompts(self, index: int) -> tuple[str, ...]:
        e = self.entry(index)
        return e.presentation.shown_prompts(e.item)

    def shown_response(self, index: int) -> Response:
        """The current response in shown indexes (empty when unanswered)."""
        return self._to_shown(index, self._responses.get(index))

    def _to_shown(self, index: int, canonical: Response | None) -> Response:
        e = self.entry(index)
        return e.presentation.to_shown(e.item, canonical) if canonical else unanswered(e.item)

    def shown_key(self, index: int) -> tuple[int, ...]:
        e = self.entry(index)
        return e.presentation.shown_key(e.item)

    def canonical_responses(self) -> dict[int, Response]:
        return dict(self._responses)

    def answer_to_save(self, index: int, shown: Response) -> Response:
        """The canonical answer to save for `shown` (see rules.answer_to_save)."""
        return answer_to_save(self.entry(index), shown, self._responses.get(index))

    def set_answer(self, index: int, canonical: Response) -> None:
        """Apply an answer `answer_to_save` gave (and the store saved)."""
        self._history.record(index, canonical or None)
        self._seen.add(index)  # an answered item was shown (the store's save_response records it too)
        if canonical:
            self._responses[index] = canonical
        else:
            self._responses.pop(index, None)

    def previous_answer(self, index: int) -> Response | None:
        """The answer undo restores, in shown indexes (empty = unanswered), or None when there
        is nothing to undo. Undo is a walk back through the answer history: returning to the
        answer before the current one, by undo or by hand, takes that step back."""
        earlier = self._history.undo_steps(index, self._responses.get(index))
        return self._to_shown(index, earlier[-1]) if earlier else None

    # ---- marks beside the answer ----
    def is_flagged(self, index: int) -> bool:
        return index in self._flags

    def set_flag(self, index: int, flagged: bool) -> None:
        (self._flags.add if flagged else self._flags.discard)(index)

    def struck(self, index: int) -> set[int]:
        """Struck options, in shown indexes."""
        return set(self._struck.get(index, set()))

    def canonical_struck(self, index: int, struck: set[int]) -> tuple[int, ...]:
        order = self.entry(index).presentation.option_order
        return tuple(order[s] for s in struck)

    def set_struck(self, index: int, struck: set[int]) -> None:
        self._struck[index] = set(struck)

    def note(self, index: int) -> str:
        return self._notes.get(index, "")

    def set_note(self, index: int, text: str) -> None:
        _set_or_drop(self._notes, index, text)

    def confidence(self, index: int) -> str | None:
        return self._confidence.get(index)

    def set_confidence(self, index: int, level: str | None) -> None:
        _set_or_drop(self._confidence, index, level)

    def seconds_on(self, index: int) -> float:
        return self._seconds.get(index, 0.0)

    def set_seconds(self, index: int, seconds: float) -> None:
        self._seconds[index] = seconds

    # ---- shown, checked and reviewed items ----
    def was_shown(self, index: int) -> bool:
        return index in self._seen

    def shown_items(self) -> frozenset[int]:
        return frozenset(self._seen)

    def first_showing(self, index: int) -> tuple[int, str] | None:
        """(index, item id) when showing item `index` is its first showing, else None."""
        if index in self._seen or not self.exam.entries:
            return None
        return (index, self.entry(index).item.id)

    def mark_shown(self, shown: tuple[int, str] | None) -> None:
        if shown is not None:
            self._seen.add(shown[0])

    def is_revealed(self, index: int) -> bool:
        return index in self._revealed

    def mark_revealed(self, index: int) -> None:
        self._revealed.add(index)

    def shown_not_yet_reviewed(self, indexes: set[int]) -> set[int]:
        """Of these items, those shown and not yet reviewed in FSRS (an item never shown is no evidence)."""
        return (indexes & self._seen) - self._reviewed

    def add_reviews(self, indexes: set[int], reviews: dict[int, dict]) -> None:
        """These items were reviewed (`reviews`: the review each card's first item gave)."""
        self._reviewed |= indexes
        self._reviews.update(reviews)

    def review(self, index: int) -> dict | None:
        return self._reviews.get(index)

    def set_review(self, index: int, review: dict) -> None:
        self._reviews[index] = review

    # ---- answer states ----
    def answer_state(self, index: int) -> AnswerState:
        """complete, incomplete (part of what the item asks for, or more) or unanswered."""
        return self.entry(index).item.answer_state(self._responses.get(index))

    def is_answered(self, index: int) -> bool:
        """Something was given, complete or not (see answer_state)."""
        return self.entry(index).item.is_answered(self._responses.get(index))

    def is_complete(self, index: int) -> bool:
        return self.entry(index).item.is_complete(self._responses.get(index))

    def is_correct(self, index: int) -> bool:
        return self.entry(index).item.is_correct(self._responses.get(index))

    def counts(self) -> Counts:
        n = len(self.exam.entries)
        states = [self.answer_state(i) for i in range(n)]
        complete, incomplete = states.count("complete"), states.count("incomplete")
        return Counts(complete, incomplete, n - complete - incomplete, len(self._flags), n)


def _set_or_drop(values: dict, index: int, value) -> None:
    if value:
        values[index] = value
    else:
        values.pop(index, None)
