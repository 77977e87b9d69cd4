"""Curated TOML bank files -> cards and cases, with diagnostics that name file and line."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from examsim.core.cards.model import Card, Case, describe_error
from examsim.core.cards.source import read_text
from examsim.core.diagnostics import Diagnostic
from examsim.core.text import clean_text, describe_unsafe, has_unsafe, source_known_clean, toml_source_is_clean

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


_CLOSERS = {'"""': ("multi-line string", '"""'), "'''": ("multi-line string", "'''"), '"': ("string", '"'),
            "'": ("string", "'"), "[": ("array", "]"), "{": ("inline table", "}")}


def _unclosed(text: str) -> tuple[int, str] | None:
    """The line where the first string, array or inline table that is never closed starts, and
    its opener. tomllib reports these at the end of the document, or on the line after."""
    i, n, line = 0, len(text), 1
    brackets: list[tuple[str, int]] = []
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif c in "\"'":
            quote = text[i:i + 3] if text.startswith(c * 3, i) else c
            start, j = line, i + len(quote)
            while j < n:
                if c == '"' and text[j] == "\\":
                    j += 2
                    continue
                if len(quote) == 1 and text[j] == "\n":
                    return start, quote
                if text.startswith(quote, j):
                    j += len(quote)
                    while len(quote) == 3 and j < n and text[j] == c and text[j - 3] == c:
                        j += 1  # up to two quotes may end a multi-line string's content
                    break
                j += 1
            else:
                return start, quote
            line += text.count("\n", i, j)
            i = j
        else:
            if c in "[{":
                brackets.append((c, line))
            elif c in "]}" and brackets:
                brackets.pop()
            i += 1
    if brackets:
        opener, start = brackets[0]
        return start, opener
    return None


def _syntax_error(text: str, exc: tomllib.TOMLDecodeError) -> tuple[int | None, str]:
    """A line and a message for a TOML syntax error, also when tomllib names no line."""
    message = str(exc)
    line = _decode_error_line(exc)
    if line is None or message.startswith(("Unclosed array", "Unclosed inline table", "Unterminated string")) or "'\\n'" in message:
        found = _unclosed(text)
        if found is not None:
            start, opener = found
            what, closer = _CLOSERS[opener]
            return start, f"is not valid TOML: the {what} that starts on this line is never closed; close it with {closer}"
    if line is None:  # "at end of document": the last line that holds anything
        line = max((n for n, text_line in enumerate(text.split("\n"), 1) if text_line.strip()), default=1)
    return line, f"is not valid TOML ({message}); fix the syntax on that line"


def _unsafe_fields(value, path: tuple = ()):
    """(dotted field name, key path, text) for each string holding characters `clean_text` removes."""
    if isinstance(value, str):
        if has_unsafe(value):
            yield ".".join(str(p) for p in path if isinstance(p, str)), path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _unsafe_fields(item, path + (key,))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _unsafe_fields(item, path + (n,))


def _control_characters(name: str, index: _LineIndex, kind: str, i: int, raw, owner: str | None) -> list[Diagnostic]:
    """A warning per field whose text held controls or invisible characters (they are removed)."""
    fields: dict[str, tuple[tuple, list[str]]] = {}
    for field_name, path, text in _unsafe_fields(raw):
        fields.setdefault(field_name, (path, []))[1].append(text)
    out = []
    for field_name, (path, texts) in fields.items():
        prefix = "case: " if kind == "case" else ""
        out.append(Diagnostic(name, index.key_line(kind, i, path) or index.table_line(kind, i), "warning",
                              f"{prefix}field '{field_name}' holds control or invisible characters ({describe_unsafe(''.join(texts))}); "
                              "they were removed: delete them from the file (write plain text)", card_id=owner, code="control-character"))
    return out


def load_toml_bank(path: Path | str, data: bytes | None = None) -> LoadedFile:
    """Read one TOML bank file. Never raises on content: problems become diagnostics."""
    name = str(path)
    result = LoadedFile(path=name)
    text, diags = read_text(path, data)
    result.diagnostics.extend(diags)
    if text is None:
        return result
    if not text.strip():
        result.diagnostics.append(Diagnostic(name, 1, "error", "the file is empty: it holds no card; add [[card]] tables or remove the file", code="empty-file"))
        return result
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, message = _syntax_error(text, exc)
        result.diagnostics.append(Diagnostic(name, line, "error", message, code="toml-syntax"))
        return result
    if toml_source_is_clean(text):  # nothing to clean or report: skip walking every field
        with source_known_clean():
            _read_tables(name, text, doc, result, check_characters=False)
    else:
        _read_tables(name, text, doc, result, check_characters=True)
    return result


def _valid_tables(name: str, index: _LineIndex, doc: dict, kind: str, model: type[Card] | type[Case], result: LoadedFile,
                  check_characters: bool):
    """(position, line, model) for each [[kind]] table that validates; every other one becomes
    diagnostics with its line (cleaned characters, schema errors with the key's own line)."""
    raw_tables = doc.get(kind, [])
    if not isinstance(raw_tables, list):
        result.diagnostics.append(Diagnostic(name, None, "error", f"'{kind}' must be an array of tables written [[{kind}]]", code="schema"))
        return
    prefix = "case: " if kind == "case" else ""
    for i, raw in enumerate(raw_tables):
        line = index.table_line(kind, i)
        owner = clean_text(raw["id"]) if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
        if check_characters:
            result.diagnostics.extend(_control_characters(name, index, kind, i, raw, owner))
        try:
            table = model.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                result.diagnostics.append(Diagnostic(name, index.key_line(kind, i, tuple(err["loc"])) or line, "error",
                                                     prefix + describe_error(err), card_id=None if kind == "case" else owner,
                                                     code="schema"))
            continue
        yield i, line, table


def _read_tables(name: str, text: str, doc: dict, result: LoadedFile, *, check_characters: bool) -> None:
    index = _LineIndex(text)
    for key in doc:
        if key not in _TOP_KEYS:
            result.diagnostics.append(Diagnostic(name, None, "error", f"unknown top-level key '{key}'; a bank holds [[card]] and [[case]] tables", code="schema"))

    for _i, line, case in _valid_tables(name, index, doc, "case", Case, result, check_characters):
        if case.id in result.cases:
            result.diagnostics.append(Diagnostic(name, line, "error", f"case id '{case.id}' is used twice in this file; give each case its own id", code="duplicate-id"))
            continue
        result.cases[case.id] = case

    raw_cards = doc.get("card", [])
    for i, line, card in _valid_tables(name, index, doc, "card", Card, result, check_characters):
        if card.case is not None and card.case not in result.cases:
            result.diagnostics.append(
                Diagnostic(name, index.key_line("card", i, ("case",)), "error", f"case '{card.case}' is not defined in this file; add a [[case]] table with that id", card_id=card.id, code="case")
            )
            continue
        result.cards.append(card)
        if line is not None:
            result.card_lines[card.id] = line
    if not raw_cards and not any(d.severity == "error" for d in result.diagnostics):
        result.diagnostics.append(Diagnostic(name, 1, "error", "holds no card: a bank file holds [[card]] tables (docs/bank-format.md); add cards or remove the file", code="no-cards"))
