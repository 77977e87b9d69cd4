"""Which items a review shows: the review grid's filters during an exam (and the walk that
Next and Prev take through them), and the finished run's review filters with text search.

The screens ask these; the rules (what "unanswered" or "wrong" means) stay in the core.
"""

from __future__ import annotations

from dataclasses import dataclass

from examsim.core.items import Item

GRID_FILTERS = ("all", "unanswered", "incomplete", "flagged")
REVIEW_STATES = ("wrong", "flagged", "unanswered", "all")


def grid_indexes(session, which: str) -> list[int]:
    """The items the review grid shows under a filter (all, unanswered, incomplete, flagged)."""
    n = len(session.exam.entries)
    if which in ("unanswered", "incomplete"):
        return [i for i in range(n) if session.answer_state(i) == which]
    if which == "flagged":
        return [i for i in range(n) if session.is_flagged(i)]
    return list(range(n))


def walk_step(session, which: str, step: int) -> int | None:
    """Reviewing from a filter, as on the real exam: Next (+1) and Prev (-1) go to the next
    or previous item the filter still holds, None past the last (or before the first)."""
    here = session.position
    held = grid_indexes(session, which)
    later = [i for i in held if i > here] if step > 0 else [i for i in reversed(held) if i < here]
    return later[0] if later else None


def item_text(item: Item) -> str:
    """Everything of an item a candidate might search for, lower-cased."""
    parts = [item.stem, item.scenario or "", *item.options, *item.prompts, item.explanation]
    return "\n".join(parts).casefold()


def matches(item: Item, query: str) -> bool:
    """Every word of the query appears in the item's text (case-insensitive)."""
    text = item_text(item)
    return all(word in text for word in query.casefold().split())


@dataclass
class ReviewFilter:
    """The finished run's review: an answer state, a domain, a task statement and a search.
    `clear()` drops every one of them (the one key that shows all items again)."""

    state: str = "wrong"
    domain: int | None = None
    task: str | None = None
    query: str = ""

    def clear(self) -> None:
        self.state, self.domain, self.task, self.query = "all", None, None, ""

    @property
    def is_clear(self) -> bool:
        return self.state == "all" and self.domain is None and self.task is None and not self.query

    def indexes(self, session) -> list[int]:
        keep = {
            "wrong": lambda i: not session.is_correct(i),
            "flagged": session.is_flagged,
            "unanswered": lambda i: not session.is_answered(i),
            "all": lambda i: True,
        }[self.state]
        return [i for i, e in enumerate(session.exam.entries) if keep(i)
                and (self.domain is None or e.domain == self.domain)
                and (self.task is None or e.task == self.task)
                and (not self.query or matches(e.item, self.query))]

    def cycle_domain(self, session) -> None:
        """The next domain of the run (after the last: every domain); the task filter goes."""
        options = [None, *sorted({e.domain for e in session.exam.entries})]
        self.domain = options[(options.index(self.domain) + 1) % len(options)]
        self.task = None

    def cycle_task(self, session) -> None:
        """The next task statement of the run, within the domain filter (after the last: every task)."""
        options = [None, *sorted({e.task for e in session.exam.entries
                                  if e.task and (self.domain is None or e.domain == self.domain)})]
        self.task = options[(options.index(self.task) + 1) % len(options)] if self.task in options else None

    def describe(self) -> str:
        parts = [{"wrong": "wrong items", "flagged": "flagged items", "unanswered": "unanswered items", "all": "all items"}[self.state]]
        if self.domain is not None:
            parts.append(f"domain {self.domain}")
        if self.task is not None:
            parts.append(f"task {self.task}")
        if self.query:
            parts.append(f'matching "{self.query}"')
        return ", ".join(parts)
