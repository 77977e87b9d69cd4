"""Checking an answer during a run with feedback after each item ("now"): whether the
candidate may check the current answer, and what is missing when they may not; and whether
a drill item, once checked, takes the candidate's rating. The exam screen asks and shows;
the rules (only a complete answer is checked, once) live here.
"""

from __future__ import annotations

from dataclasses import dataclass

from examsim.core.cards.model import SELECT_WORDS


def select_word(n: int) -> str:
    """"Select TWO": the number of options an item asks for, as the exam writes it."""
    return SELECT_WORDS.get(n, str(n))


@dataclass(frozen=True)
class CheckVerdict:
    allowed: bool
    missing: str = ""  # what the answer still lacks ("Select TWO first"); "" when checking is not on offer


def offers_check(session) -> bool:
    """The run shows the key after each item (a quiz or drill with feedback "now")."""
    return session.exam.feedback == "now"


def can_check(session, index: int | None = None) -> CheckVerdict:
    """Whether the answer to an item (the current one by default) may be checked now: the run
    gives feedback after each item, the item is not revealed yet, and the answer is complete."""
    i = session.position if index is None else index
    if not offers_check(session) or session.is_revealed(i):
        return CheckVerdict(False)
    if session.is_complete(i):
        return CheckVerdict(True)
    item = session.entry(i).item
    missing = {"multiple-response": f"Select {select_word(item.select_count)} first",
               "ordering": f"Place all {item.select_count} steps first",
               "matching": "Match every prompt first"}.get(item.kind, "Answer first")
    return CheckVerdict(False, missing)


def takes_rating(session, index: int | None = None) -> bool:
    """A drill item whose answer is shown takes the candidate's own rating (1-4, as in Anki)."""
    return session.exam.mode == "drill" and session.is_revealed(index) and session.rating(index) is not None
