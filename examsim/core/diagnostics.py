"""Diagnostics: every problem in an input file, with where it is and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from examsim.core.text import escape_text

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in an input: file and line, the card it concerns, and a fix."""

    file: str
    line: int | None
    severity: Severity
    message: str
    card_id: str | None = None
    code: str = "error"

    def __post_init__(self) -> None:
        # Messages echo file text (a header line, a key name, an option): whatever control
        # character they hold is shown as an escape such as \x1b, never passed on.
        object.__setattr__(self, "message", escape_text(self.message))
        if self.card_id is not None:
            object.__setattr__(self, "card_id", escape_text(self.card_id))

    def render(self) -> str:
        """One line for a terminal: the file name is escaped too (a path may hold any byte)."""
        name = escape_text(self.file)
        where = f"{name}:{self.line}" if self.line else name
        card = f" [{self.card_id}]" if self.card_id else ""
        return f"{where}:{card} {self.severity}: {self.message}"


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)
