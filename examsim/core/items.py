"""Items (what a candidate answers) and responses, in canonical (authored) option order.

A response is a tuple of option indexes, the same shape for every kind:
- multiple choice / multiple response: the chosen option indexes (any order);
- ordering: the chosen steps' indexes, in the order the candidate put them;
- matching: for each prompt, the index of the response assigned to it (-1 = none).
An exam shows options in a shuffled order; `Presentation` maps between the two.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ItemKind = Literal["multiple-choice", "multiple-response", "ordering", "matching"]
ITEM_KINDS: tuple[ItemKind, ...] = ("multiple-choice", "multiple-response", "ordering", "matching")
KIND_NAMES: dict[ItemKind, str] = {"multiple-choice": "Multiple choice", "multiple-response": "Multiple response",
                                   "ordering": "Ordering", "matching": "Matching"}

Response = tuple[int, ...]
UNASSIGNED = -1

# How far an answer goes: all of what the item asks for, part of it, or nothing. Only a
# complete answer counts as answered (header, grid, dialogs, pacing, forensics); an
# incomplete one is scored like any other answer, so it is wrong.
AnswerState = Literal["complete", "incomplete", "unanswered"]


@dataclass(frozen=True)
class Item:
    """One compiled item. `options` are steps for ordering and responses for matching."""

    id: str
    card_id: str
    kind: ItemKind
    domain: int
    task: str | None
    stem: str
    options: tuple[str, ...]
    key: tuple[int, ...]
    explanation: str
    prompts: tuple[str, ...] = ()
    case_id: str | None = None
    scenario: str | None = None
    case_title: str | None = None
    derived: bool = False
    level: str | None = None
    tags: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    exams: tuple[str, ...] | None = None
    skills: tuple[str, ...] = ()
    source: str | None = field(default=None, compare=False)
    exhibit_title: str | None = None
    exhibit_columns: tuple[str, ...] = ()
    exhibit_rows: tuple[tuple[str, ...], ...] = ()
    exhibit_text: str | None = None
    reuse_responses: bool = False  # matching: one response may go to several prompts

    @property
    def has_exhibit(self) -> bool:
        return self.exhibit_title is not None

    @property
    def select_count(self) -> int:
        """How many options a complete answer holds (keys, steps or prompts)."""
        if self.kind == "matching":
            return len(self.prompts)
        return len(self.key)

    def is_correct(self, response: Response | None) -> bool:
        """All-or-nothing: the exact key set, the whole sequence, or every pair."""
        if not response:
            return False
        if self.kind in ("multiple-choice", "multiple-response"):
            return sorted(set(response)) == sorted(self.key) and len(response) == len(self.key)
        return tuple(response) == self.key

    def partial_credit(self, response: Response | None) -> tuple[int, int]:
        """Diagnostic only (never counted): steps in the right place, or pairs right."""
        if self.kind not in ("ordering", "matching"):
            return (int(self.is_correct(response)), 1)
        got = tuple(response or ())
        right = sum(1 for i, k in enumerate(self.key) if i < len(got) and got[i] == k)
        return (right, len(self.key))

    def is_answered(self, response: Response | None) -> bool:
        if not response:
            return False
        if self.kind == "matching":
            return any(r != UNASSIGNED for r in response)
        return True

    def is_complete(self, response: Response | None) -> bool:
        if not response:
            return False
        if self.kind == "matching":
            return len(response) == len(self.prompts) and UNASSIGNED not in response
        return len(response) == self.select_count

    def answer_state(self, response: Response | None) -> AnswerState:
        if self.is_complete(response):
            return "complete"
        return "incomplete" if self.is_answered(response) else "unanswered"

    def excess(self, response: Response | None) -> int:
        """How far a response breaks the item's limits: options beyond the number asked for,
        or matching responses given to more than one prompt (unless reuse is allowed)."""
        if not response:
            return 0
        if self.kind == "matching":
            if self.reuse_responses:
                return 0
            given = [r for r in response if r != UNASSIGNED]
            return len(given) - len(set(given))
        if self.kind == "multiple-choice":
            return 0
        return max(0, len(set(response)) - self.select_count)


def letter(index: int) -> str:
    """An option's letter as the candidate sees it: 0 -> A."""
    return chr(ord("A") + index)


def say_answer(kind: str, answer: Response, options: tuple[str, ...] | None = None,
               prompts: tuple[str, ...] = ()) -> list[str]:
    """An answer (the candidate's or the key) in shown order, in words: one part per option
    chosen, step placed or prompt matched. Without `options`, each part is the option's letter
    ("-" for a prompt left unmatched); with them (reports), each names the option in full:
    "B. text", an ordering's "2. B. text", a matching's "prompt -> B. text"."""
    if options is None:
        return [letter(a) if a != UNASSIGNED else "-" for a in answer]
    if kind == "matching":
        return [f"{p} -> " + (f"{letter(a)}. {options[a]}" if 0 <= a < len(options) else "(not matched)")
                for p, a in zip(prompts, answer)]
    named = [f"{letter(a)}. {options[a]}" for a in answer]
    return [f"{n + 1}. {part}" for n, part in enumerate(named)] if kind == "ordering" else named


def key_text(kind: str, key: Response) -> str:
    """The key on one line: "A, C"; an ordering "B then A then C"; a matching "1→B, 2→A"."""
    parts = say_answer(kind, key)
    if kind == "matching":
        return ", ".join(f"{p + 1}→{part}" for p, part in enumerate(parts))
    return (" then " if kind == "ordering" else ", ").join(parts)


@dataclass(frozen=True)
class Presentation:
    """How one exam shows an item: option order (and prompt order for matching).

    `option_order[shown] = canonical` and likewise for prompts.
    """

    option_order: tuple[int, ...]
    prompt_order: tuple[int, ...] = ()

    def shown_options(self, item: Item) -> tuple[str, ...]:
        return tuple(item.options[c] for c in self.option_order)

    def shown_prompts(self, item: Item) -> tuple[str, ...]:
        return tuple(item.prompts[c] for c in self.prompt_order)

    def _to_shown(self, canonical_index: int) -> int:
        return self.option_order.index(canonical_index)

    def shown_key(self, item: Item) -> tuple[int, ...]:
        """The key in shown indexes (for matching: per shown prompt)."""
        if item.kind == "matching":
            return tuple(self._to_shown(item.key[c]) for c in self.prompt_order)
        if item.kind == "ordering":
            return tuple(self._to_shown(k) for k in item.key)
        return tuple(sorted(self._to_shown(k) for k in item.key))

    def to_canonical(self, item: Item, shown: Response) -> Response:
        """A response given in shown indexes -> canonical indexes (what is scored and stored)."""
        if item.kind == "matching":
            canonical = [UNASSIGNED] * len(item.prompts)
            for shown_prompt, shown_option in enumerate(shown):
                if shown_prompt < len(self.prompt_order):
                    canonical[self.prompt_order[shown_prompt]] = UNASSIGNED if shown_option == UNASSIGNED else self.option_order[shown_option]
            return tuple(canonical)
        return tuple(self.option_order[s] for s in shown)

    def to_shown(self, item: Item, canonical: Response) -> Response:
        if item.kind == "matching":
            return tuple(
                UNASSIGNED if canonical[c] == UNASSIGNED else self._to_shown(canonical[c]) for c in self.prompt_order
            )
        return tuple(self._to_shown(c) for c in canonical)
