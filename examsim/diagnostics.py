"""Diagnostics: every problem in an input file, with where it is and how to fix it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

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

    def to_json(self) -> dict:
        data = asdict(self)
        return {k: data[k] for k in ("file", "line", "card_id", "severity", "code", "message")}

    def render(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        card = f" [{self.card_id}]" if self.card_id else ""
        return f"{where}:{card} {self.severity}: {self.message}"


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)
