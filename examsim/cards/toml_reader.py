"""Curated TOML bank files -> cards and cases, with diagnostics that name file and line."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from examsim.cards.model import Card, Case
from examsim.cards.source import read_text
from examsim.diagnostics import Diagnostic

_TOP_KEYS = {"card", "case", "bank"}
_TABLE_RE = re.compile(r"^\s*\[\[\s*(card|case)\s*\]\]\s*(#.*)?$")
_LINE_COL_RE = re.compile(r"at line (\d+)")


@dataclass
class LoadedFile:
    """What one bank file gave: its cards and cases (with their lines) and its diagnostics."""

    path: str
    cards: list[Card] = field(default_factory=list)
    cases: dict[str, Case] = field(default_factory=dict)
    card_lines: dict[str, int] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


class _LineIndex:
    """Maps the n-th [[card]] / [[case]] table and its keys back to source lines."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.starts: dict[str, list[int]] = {"card": [], "case": []}
        self.all_starts: list[int] = []
        for number, line in enumerate(self.lines, start=1):
            m = _TABLE_RE.match(line)
            if m:
                self.starts[m.group(1)].append(number)
                self.all_starts.append(number)

    def table_line(self, kind: str, index: int) -> int | None:
        starts = self.starts[kind]
        return starts[index] if index < len(starts) else None

    def key_line(self, kind: str, index: int, path: tuple) -> int | None:
        start = self.table_line(kind, index)
        if start is None:
            return None
        later = [s for s in self.all_starts if s > start]
        end = later[0] if later else len(self.lines) + 1
        names = [p for p in path if isinstance(p, str)]
        for name in reversed(names):
            pattern = re.compile(rf"^\s*(\[card\.)?{re.escape(name)}\s*(=|\])")
            for number in range(start, end):
                if pattern.match(self.lines[number - 1]):
                    return number
        return start


def _decode_error_line(exc: tomllib.TOMLDecodeError) -> int | None:
    lineno = getattr(exc, "lineno", None)
    if lineno:
        return lineno
    m = _LINE_COL_RE.search(str(exc))
    return int(m.group(1)) if m else None


def _describe(error: dict) -> str:
    loc = ".".join(str(p) for p in error["loc"]) or "card"
    msg = error["msg"]
    if error["type"] == "extra_forbidden":
        return f"unknown field '{loc}'; remove it or check its spelling against docs/bank-format.md"
    if error["type"] == "missing":
        return f"field '{loc}' is required; add it"
    return f"field '{loc}': {msg}"


def load_toml_bank(path: Path | str, data: bytes | None = None) -> LoadedFile:
    """Read one TOML bank file. Never raises on content: problems become diagnostics."""
    name = str(path)
    result = LoadedFile(path=name)
    text, diags = read_text(path, data)
    result.diagnostics.extend(diags)
    if text is None:
        return result
    if not text.strip():
        result.diagnostics.append(Diagnostic(name, 1, "warning", "the file is empty; add [[card]] tables or remove the file", code="empty-file"))
        return result
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = _decode_error_line(exc)
        result.diagnostics.append(Diagnostic(name, line, "error", f"is not valid TOML ({exc}); fix the syntax on that line", code="toml-syntax"))
        return result
    index = _LineIndex(text)
    for key in doc:
        if key not in _TOP_KEYS:
            result.diagnostics.append(Diagnostic(name, None, "error", f"unknown top-level key '{key}'; a bank holds [[card]] and [[case]] tables", code="schema"))

    raw_cases = doc.get("case", [])
    if not isinstance(raw_cases, list):
        raw_cases = []
        result.diagnostics.append(Diagnostic(name, None, "error", "'case' must be an array of tables written [[case]]", code="schema"))
    for i, raw in enumerate(raw_cases):
        line = index.table_line("case", i)
        try:
            case = Case.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                result.diagnostics.append(Diagnostic(name, index.key_line("case", i, tuple(err["loc"])) or line, "error", "case: " + _describe(err), code="schema"))
            continue
        if case.id in result.cases:
            result.diagnostics.append(Diagnostic(name, line, "error", f"case id '{case.id}' is used twice in this file; give each case its own id", code="duplicate-id"))
            continue
        result.cases[case.id] = case

    raw_cards = doc.get("card", [])
    if not isinstance(raw_cards, list):
        raw_cards = []
        result.diagnostics.append(Diagnostic(name, None, "error", "'card' must be an array of tables written [[card]]", code="schema"))
    for i, raw in enumerate(raw_cards):
        line = index.table_line("card", i)
        card_id = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
        try:
            card = Card.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                result.diagnostics.append(
                    Diagnostic(name, index.key_line("card", i, tuple(err["loc"])) or line, "error", _describe(err), card_id=card_id, code="schema")
                )
            continue
        if card.case is not None and card.case not in result.cases:
            result.diagnostics.append(
                Diagnostic(name, index.key_line("card", i, ("case",)), "error", f"case '{card.case}' is not defined in this file; add a [[case]] table with that id", card_id=card.id, code="case")
            )
            continue
        result.cards.append(card)
        if line is not None:
            result.card_lines[card.id] = line
    return result
