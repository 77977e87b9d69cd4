"""The Session's answering side: the candidate's changes to the answer sheet and what the
screens ask of it, by item (the current one when no index is given).

Each change is guarded (the run is on, the item not locked), written to the store with the
clock (RunRecord), and only then applied to the AnswerSheet. Mixed into Session, which
provides `sheet`, `record`, `position`, `finished`, `_open_for_change`, `_at` and `entry`.
"""

from __future__ import annotations

from examsim.core.items import AnswerState, Response
from examsim.core.session.rules import after_assign, after_choose, after_move_step, option_for_key, takes_strike_outs
from examsim.core.session.sheet import CONFIDENCE_LEVELS, Counts


class Answering:
    """The answers and the marks beside them, in shown indexes, of a Session (see the module)."""

    def was_shown(self, index: int) -> bool:
        """The item was on screen at some point of the run (reached, or answered). An item
        never shown is no evidence of knowing or not knowing it; it still scores as wrong."""
        return self.sheet.was_shown(index)

    def shown_items(self) -> frozenset[int]:
        """Every item shown so far (see was_shown)."""
        return self.sheet.shown_items()

    # ---- answers, in shown indexes ----
    def shown_options(self, index: int | None = None) -> tuple[str, ...]:
        return self.sheet.shown_options(self._at(index))

    def shown_prompts(self, index: int | None = None) -> tuple[str, ...]:
        return self.sheet.shown_prompts(self._at(index))

    def shown_response(self, index: int | None = None) -> Response:
        """The current response in shown indexes (empty when unanswered)."""
        return self.sheet.shown_response(self._at(index))

    def option_for_key(self, key: str, index: int | None = None) -> int:
        """The shown option a key stands for on the item (A the first); AnswerRefused, naming
        the item's options, for a letter past them or a digit."""
        return option_for_key(self.entry(self._at(index)).item, key)

    def set_response(self, index: int, shown: Response) -> None:
        self._open_for_change(index)
        canonical = self.sheet.answer_to_save(index, shown)
        self.record.save_response(index, self.entry(index).item.id, canonical)
        self.sheet.set_answer(index, canonical)

    def choose(self, option: int, index: int | None = None) -> None:
        """An option key: selects (multiple choice), toggles (multiple response), or appends (ordering)."""
        i = self._at(index)
        self.set_response(i, after_choose(self.entry(i).item, self.shown_response(i), option))

    def assign(self, prompt: int, option: int, index: int | None = None) -> None:
        """Matching: give shown prompt `prompt` the shown response `option`; the response it
        already holds, or UNASSIGNED, clears it."""
        i = self._at(index)
        self.set_response(i, after_assign(self.entry(i).item, self.shown_response(i), prompt, option))

    def move_step(self, from_pos: int, to_pos: int, index: int | None = None) -> None:
        """Ordering: move the step at sequence position `from_pos` to `to_pos`."""
        i = self._at(index)
        moved = after_move_step(self.shown_response(i), from_pos, to_pos)
        if moved is not None:
            self.set_response(i, moved)

    def clear(self, index: int | None = None) -> None:
        self.set_response(self._at(index), ())

    def previous_answer(self, index: int | None = None) -> Response | None:
        """The answer undo restores, in shown indexes (empty = unanswered), or None when there is nothing to undo."""
        return self.sheet.previous_answer(self._at(index))

    def undo(self, index: int | None = None) -> bool:
        """Restore the previous answer; False when there is nothing to undo."""
        i = self._at(index)
        previous = self.previous_answer(i)
        if previous is None:
            return False
        self.set_response(i, previous)
        return True

    # ---- marks beside the answer ----
    def toggle_flag(self, index: int | None = None) -> bool:
        i = self._at(index)
        self._open_for_change(i, allow_revealed=True)
        flagged = not self.sheet.is_flagged(i)
        self.record.save_flag(i, self.entry(i).item.id, flagged)
        self.sheet.set_flag(i, flagged)
        return flagged

    def strikes_out(self, index: int | None = None) -> bool:
        """The item's options may be struck out (see rules.takes_strike_outs)."""
        return takes_strike_outs(self.entry(index).item)

    def toggle_strike(self, option: int, index: int | None = None) -> None:
        """Strike out an option the candidate has ruled out (not a selection)."""
        i = self._at(index)
        self._open_for_change(i, allow_revealed=True)
        struck = self.sheet.struck(i) ^ {option}
        self.record.save_struck(i, self.entry(i).item.id, self.sheet.canonical_struck(i, struck))
        self.sheet.set_struck(i, struck)

    def set_note(self, text: str, index: int | None = None) -> None:
        i = self._at(index)
        self._open_for_change(i, allow_revealed=True)
        self.record.save_note(i, self.entry(i).item.id, text)
        self.sheet.set_note(i, text)

    def set_confidence(self, level: str | None, index: int | None = None) -> None:
        if level is not None and level not in CONFIDENCE_LEVELS:
            raise ValueError(level)
        i = self._at(index)
        self._open_for_change(i, allow_revealed=True)
        self.record.save_confidence(i, self.entry(i).item.id, level)
        self.sheet.set_confidence(i, level)

    def struck(self, index: int | None = None) -> set[int]:
        """Struck options, in shown indexes."""
        return self.sheet.struck(self._at(index))

    def note(self, index: int | None = None) -> str:
        return self.sheet.note(self._at(index))

    def confidence(self, index: int | None = None) -> str | None:
        return self.sheet.confidence(self._at(index))

    # ---- the state of each item and of the whole exam ----
    def is_revealed(self, index: int | None = None) -> bool:
        return self.sheet.is_revealed(self._at(index))

    def is_correct(self, index: int) -> bool:
        return self.sheet.is_correct(index)

    def shown_key(self, index: int | None = None) -> tuple[int, ...]:
        """The key in shown indexes: only for review, quiz feedback or after submit."""
        i = self._at(index)
        if not (self.finished or self.sheet.is_revealed(i)):
            raise PermissionError("the key is shown only after the answer is final")
        return self.sheet.shown_key(i)

    def answer_state(self, index: int | None = None) -> AnswerState:
        """complete, incomplete (part of what the item asks for, or more) or unanswered."""
        return self.sheet.answer_state(self._at(index))

    def is_answered(self, index: int) -> bool:
        """Something was given, complete or not (see answer_state)."""
        return self.sheet.is_answered(index)

    def is_complete(self, index: int) -> bool:
        return self.sheet.is_complete(index)

    def is_flagged(self, index: int) -> bool:
        return self.sheet.is_flagged(index)

    def seconds_on(self, index: int) -> float:
        return self.sheet.seconds_on(index)

    def counts(self) -> Counts:
        return self.sheet.counts()

    def canonical_responses(self) -> dict[int, Response]:
        return self.sheet.canonical_responses()

