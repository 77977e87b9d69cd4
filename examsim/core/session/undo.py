"""Every answer given per item, and the undo that walks back through them (no store, no clock)."""

from __future__ import annotations

from collections.abc import Callable

from examsim.core.items import Response

AnswerLog = dict[int, list[tuple[float, Response | None]]]  # Store.answer_log: (at, canonical answer)


class AnswerHistory:
    """Every answer given per item, canonical, None = cleared. A run in the store reads its log
    once, on the first undo (`load`); a run without a store keeps it from the start."""

    def __init__(self, load: Callable[[], AnswerLog] | None):
        self._load = load
        self._given: dict[int, list[Response | None]] | None = None if load is not None else {}

    def record(self, index: int, answer: Response | None) -> None:
        if self._given is not None:  # not loaded yet: the store's log will hold this answer
            self._given.setdefault(index, []).append(answer)

    def undo_steps(self, index: int, current: Response | None) -> list[Response | None]:
        """The answers undo walks back through for the item, latest last."""
        if self._given is None:
            self._given = {i: [r or None for _at, r in answers] for i, answers in self._load().items()}
        answers = self._given.setdefault(index, [])
        if current and (not answers or answers[-1] != current):
            answers.append(current)  # a run saved before answers had a history
        return undo_stack(answers)


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
