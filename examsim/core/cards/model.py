"""The card: one piece of exam knowledge, and its optional item facets.

A card is what an author writes (TOML bank) or what a flashcard deck holds.
The compiler turns cards into items; nothing here knows about exams or UI.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from examsim.core.text import clean_tree, is_safe_link

LEVELS = ("foundational", "intermediate", "advanced", "expert")
CATEGORIES = ("cert", "concept", "system-design")
Level = Literal["foundational", "intermediate", "advanced", "expert"]
Category = Literal["cert", "concept", "system-design"]

CARD_ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
TASK_PATTERN = r"^\d+\.\d+$"

# Number words used in "(Select TWO.)" stems, as AWS writes them.
SELECT_WORDS = {2: "TWO", 3: "THREE", 4: "FOUR", 5: "FIVE"}
def select_word(n: int) -> str:
    """"TWO" in "(Select TWO.)": the number of options an item asks for, as the exam writes it."""
    return SELECT_WORDS.get(n, str(n))


SELECT_RE = re.compile(r"\(Select ([A-Z]+)\.\)\s*$")
# The longest text one field may hold: a stem, an option, an explanation, an exhibit or a case
# scenario (the bundled bank's longest is about 1,500). A longer one is a pasted document or a
# hostile file; it would take seconds to lay out on every screen that shows it.
MAX_FIELD_CHARS = 8000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, str_max_length=MAX_FIELD_CHARS)

    @model_validator(mode="before")
    @classmethod
    def _clean_text(cls, data):
        # Every string field, however it arrives (TOML escapes such as "\u001b", raw deck
        # bytes, a dict built in code): controls and invisible characters go (examsim.core.text).
        return clean_tree(data) if isinstance(data, dict) else data


def _no_blank(values: list[str], what: str) -> list[str]:
    for value in values:
        if not value.strip():
            raise ValueError(f"{what} must not contain empty text")
    return values


class ChoiceFacet(_Strict):
    """A multiple-choice (one key) or multiple-response (two or more keys) item."""

    correct: list[str] = Field(min_length=1, description="The key option(s).")
    distractors: list[str] = Field(min_length=1, description="Plausible wrong options.")

    @field_validator("correct", "distractors")
    @classmethod
    def _not_blank(cls, values: list[str]) -> list[str]:
        return _no_blank(values, "options")

    @property
    def is_multiple_response(self) -> bool:
        return len(self.correct) > 1


class OrderFacet(_Strict):
    """An ordering item: 3-5 steps in the right sequence, plus optional wrong steps."""

    stem: str = Field(min_length=1)
    steps: list[str] = Field(min_length=3, max_length=5)
    extra: list[str] = Field(default_factory=list, description="Steps that belong in no correct sequence.")
    explanation: str | None = Field(default=None, description="Why this order; the card answer is used when absent.")

    @field_validator("steps", "extra")
    @classmethod
    def _not_blank(cls, values: list[str]) -> list[str]:
        return _no_blank(values, "steps")


class MatchFacet(_Strict):
    """A matching item: 3-7 prompt/response pairs, plus optional unused responses."""

    stem: str = Field(min_length=1)
    pairs: list[tuple[str, str]] = Field(min_length=3, max_length=7)
    extra: list[str] = Field(default_factory=list, description="Responses that match no prompt.")
    explanation: str | None = Field(default=None, description="Why these pairs; the card answer is used when absent.")
    reuse: bool = Field(default=False, description="A response may go to more than one prompt (pairs may share "
                        "a response); without it each response is used once, and the item's instruction says which.")

    @field_validator("pairs")
    @classmethod
    def _pairs_not_blank(cls, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
        for prompt, response in pairs:
            if not prompt.strip() or not response.strip():
                raise ValueError("a pair must have a prompt and a response")
        return pairs


class Exhibit(_Strict):
    """What the real exam calls an exhibit: a titled table (header and rows) or preformatted text.

    Exactly one of `columns`+`rows` or `text`. Text keeps its line breaks and indentation
    (a JSON policy, a log excerpt) and is shown in a monospaced block.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, frozen=True)

    title: str = Field(min_length=1, description="One line naming what the exhibit shows.")
    columns: list[str] = Field(default_factory=list, description="The table's header cells.")
    rows: list[list[str]] = Field(default_factory=list, description="The table's rows, one cell per header cell.")
    text: str | None = Field(default=None, description="Preformatted text: a policy, a log excerpt, a definition.")

    @field_validator("rows", mode="before")
    @classmethod
    def _cells_as_text(cls, rows):
        # Authors write numbers as numbers in TOML; a table cell is shown as text.
        if isinstance(rows, list):
            return [[str(c) if isinstance(c, (int, float)) and not isinstance(c, bool) else c for c in row]
                    if isinstance(row, list) else row for row in rows]
        return rows

    @model_validator(mode="after")
    def _table_or_text(self) -> Exhibit:
        is_table = bool(self.columns or self.rows)
        if is_table and self.text is not None:
            raise ValueError("an exhibit is a table (columns and rows) or text, not both")
        if not is_table and not (self.text and self.text.strip()):
            raise ValueError("an exhibit needs columns and rows, or text")
        if is_table and not (self.columns and self.rows):
            raise ValueError("a table exhibit needs both columns and rows")
        return self

    @property
    def is_table(self) -> bool:
        return bool(self.columns)


class Case(_Strict):
    """A case-study scenario, written once and shared by 2-4 cards."""

    id: str = Field(pattern=CARD_ID_PATTERN)
    scenario: str = Field(min_length=1)
    title: str | None = None


class Card(_Strict):
    """One card. Domain and task may be None for deck cards before tag rules map them."""

    id: str = Field(pattern=CARD_ID_PATTERN, description="Unique, stable id: item ids derive from it.")
    domain: int | None = Field(default=None, ge=1, le=9)
    task: str | None = Field(default=None, pattern=TASK_PATTERN)
    level: Level | None = None
    category: Category | None = None
    tags: list[str] = Field(default_factory=list)
    question: str = Field(min_length=1)
    answer: str = Field(min_length=1, description="The explanation shown in review.")
    choice: ChoiceFacet | None = None
    order: OrderFacet | None = None
    match: MatchFacet | None = None
    exhibit: Exhibit | None = Field(default=None, description="A table or text the candidate must read to answer.")
    case: str | None = Field(default=None, pattern=CARD_ID_PATTERN)
    references: list[str] = Field(default_factory=list)
    verified: _dt.date | None = None
    exams: list[str] | None = Field(default=None, description="Exam profiles this card serves; None means every profile of its family.")
    skills: list[str] = Field(default_factory=list, description="Exam-guide skill numbers, such as 2.1.5.")
    notes: str | None = Field(default=None, description="Author notes, e.g. why a lint warning is accepted.")
    lint_ok: list[str] = Field(default_factory=list, description="Lint warning codes the author has justified in notes.")

    @field_validator("tags")
    @classmethod
    def _tags_clean(cls, tags: list[str]) -> list[str]:
        return [t.strip() for t in tags if t.strip()]

    @field_validator("references")
    @classmethod
    def _references_are_urls(cls, refs: list[str]) -> list[str]:
        # Reports make references links: only an https:// URL with a host and no space,
        # quote, angle bracket or control character may become one.
        for ref in refs:
            if not is_safe_link(ref):
                raise ValueError(f"reference {ref!r} must be an https:// URL with a host and no spaces, quotes, "
                                 "angle brackets or square brackets")
        return refs

    @model_validator(mode="after")
    def _task_in_domain(self) -> Card:
        if self.task is not None and self.domain is not None:
            if int(self.task.split(".")[0]) != self.domain:
                raise ValueError(f"task {self.task} does not belong to domain {self.domain}")
        if self.task is not None and self.domain is None:
            raise ValueError("a card with a task needs its domain too")
        return self


def describe_error(error: dict) -> str:
    """One pydantic error as the author reads it: which field, what is wrong, how to fix it."""
    loc = ".".join(str(p) for p in error["loc"]) or "card"
    msg = error["msg"]
    if error["type"] == "extra_forbidden":
        return f"unknown field '{loc}'; remove it or check its spelling against docs/bank-format.md"
    if error["type"] == "missing":
        return f"field '{loc}' is required; add it"
    if error["type"] == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        return (f"field '{loc}' holds {len(error['input']):,} characters, more than the {limit:,} a field may hold; "
                "shorten it, or split the card")
    return f"field '{loc}': {msg}"
