"""What an item accepts: the answer a key press makes of the current one, and the checks an
answer must pass before it is saved. Pure functions; answers in shown indexes unless said."""

from __future__ import annotations

from examsim.core.assembler import ExamEntry
from examsim.core.cards.model import select_word
from examsim.core.items import UNASSIGNED, Item, Response, letter


class AnswerRefused(Exception):
    """A change the item does not allow (more options than it asks for, a matching response
    used twice); the answer is unchanged. The message says what to do, for the candidate."""


def unanswered(item: Item) -> Response:
    """An empty answer as shown: no option, or every prompt of a matching item unassigned."""
    return tuple([UNASSIGNED] * len(item.prompts)) if item.kind == "matching" else ()


def option_for_key(item: Item, key: str) -> int:
    """The option (a matching item's response) an option key stands for: A the first, B the
    second ... AnswerRefused, naming the item's options, for a letter past the last one or a
    digit (options are letters, never digits)."""
    index = ord(key.upper()) - ord("A") if len(key) == 1 and key.isalpha() else -1
    if 0 <= index < len(item.options):
        return index
    what = "response" if item.kind == "matching" else "option"
    raise AnswerRefused(f"No {what} {key.upper()}: this item has {what}s A-{letter(len(item.options) - 1)}.")


def takes_strike_outs(item: Item) -> bool:
    """Options the candidate may strike out: an option list, not a matching item's responses
    (a response ruled out for one prompt may be another's)."""
    return item.kind != "matching"


def after_choose(item: Item, current: Response, option: int) -> Response:
    """An option key: selects (multiple choice), toggles (multiple response), or appends (ordering)."""
    if item.kind == "multiple-choice":
        return (option,)
    if item.kind == "multiple-response":
        return tuple(sorted(set(current) ^ {option}))
    if item.kind == "ordering":
        return tuple(o for o in current if o != option) if option in current else current + (option,)
    raise ValueError("matching takes a prompt and a response: use assign()")


def after_assign(item: Item, current: Response, prompt: int, option: int) -> Response:
    """Matching: shown prompt `prompt` gets shown response `option`; the one it holds, or UNASSIGNED, clears it."""
    assigned = list(current) or [UNASSIGNED] * len(item.prompts)
    assigned[prompt] = UNASSIGNED if assigned[prompt] == option else option
    return tuple(assigned)


def after_move_step(current: Response, from_pos: int, to_pos: int) -> Response | None:
    """Ordering: the step at `from_pos` moved to `to_pos`; None when either is off the sequence."""
    seq = list(current)
    if not (0 <= from_pos < len(seq) and 0 <= to_pos < len(seq)):
        return None
    seq.insert(to_pos, seq.pop(from_pos))
    return tuple(seq)


def answer_to_save(entry: ExamEntry, shown: Response, saved: Response | None) -> Response:
    """The canonical answer to save for `shown` (empty = unanswered), given the canonical one
    saved now. Raises ValueError for what no key press gives, AnswerRefused for a change the
    item's limits refuse."""
    item, presentation = entry.item, entry.presentation
    n = len(item.options)
    if any(not (0 <= s < n or (item.kind == "matching" and s == UNASSIGNED)) for s in shown):
        raise ValueError(f"option index out of range for item {item.id}")
    if item.kind == "multiple-choice" and len(shown) > 1:
        raise ValueError("a multiple-choice item takes one option")
    if item.kind == "multiple-response":
        shown = tuple(sorted(set(shown)))
    if item.kind == "ordering" and len(set(shown)) != len(shown):
        raise ValueError("an ordering step is placed once")
    canonical = presentation.to_canonical(item, shown)
    if item.kind == "matching" and all(c == UNASSIGNED for c in canonical):
        canonical = ()
    # A change that breaks the item's limits further is refused; one that mends them
    # (an old run's three picks on a Select TWO item, say) always goes through.
    if item.excess(canonical) > item.excess(saved):
        before = presentation.to_shown(item, saved) if saved else unanswered(item)
        raise AnswerRefused(_refusal(item, shown, before))
    return canonical


def _refusal(item: Item, shown: Response, before: Response) -> str:
    if item.kind == "matching":
        taken = next((p for p, r in enumerate(shown) if r != UNASSIGNED and shown.count(r) > 1 and before[p] == r), None)
        where = f"prompt {taken + 1}" if taken is not None else "another prompt"
        return f"That response is already matched to {where}, and this item uses each response once. Clear it there first."
    n = item.select_count
    if item.kind == "ordering":
        return f"All {n} steps are placed. Remove one first, or reorder them."
    return f"Select {select_word(n)}: {n} are already selected. Unselect one first."


def still_missing(item: Item) -> str:
    """What an incomplete answer to this item lacks before it can be checked, for the candidate."""
    return {"multiple-response": f"Select {select_word(item.select_count)} first",
            "ordering": f"Place all {item.select_count} steps first",
            "matching": "Match every prompt first"}.get(item.kind, "Answer first")
