"""An item's exhibit as plain text: the one layout the TUI, the reports and the CLI share.

A table is laid out in aligned columns (numbers right-aligned, like a metrics table),
a text exhibit keeps its lines as written. No UI here: the TUI styles these lines, the
reports escape them for their format.
"""

from __future__ import annotations

import re
import unicodedata

from examsim.core.items import Item

COLUMN_GAP = "  "
_NUMBER = re.compile(r"^[-+]?[$€£]?[\d,]*\.?\d+\s?[%smhKMGB]*$")


def cell_width(text: str) -> int:
    """Terminal cells: wide (CJK) characters take two, combining marks none."""
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def one_line(cell: str) -> str:
    """A table cell is one line: a line break in a cell would break the table's columns."""
    return " ".join(cell.split())


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * max(0, width - cell_width(text))
    return fill + text if right else text + fill


def table_layout(columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> tuple[str, str, list[str]]:
    """(header, rule, body lines) of a table, columns aligned; a row with missing cells is padded."""
    header = [one_line(c) for c in columns]
    body = [[one_line(c) for c in row] + [""] * (len(header) - len(row)) for row in rows]
    widths = [max([cell_width(h)] + [cell_width(r[n]) for r in body]) for n, h in enumerate(header)]
    numeric = [all(not r[n] or r[n] == "-" or _NUMBER.match(r[n]) for r in body) and any(r[n] for r in body)
               for n in range(len(header))]
    header_line = COLUMN_GAP.join(_pad(h, w, right) for h, w, right in zip(header, widths, numeric)).rstrip()
    rule = COLUMN_GAP.join("-" * w for w in widths)
    lines = [COLUMN_GAP.join(_pad(c, w, right) for c, w, right in zip(r, widths, numeric)).rstrip() for r in body]
    return header_line, rule, lines


def exhibit_lines(item: Item) -> list[str]:
    """The exhibit's body as plain lines (no title): an aligned table, or the text as written."""
    if not item.has_exhibit:
        return []
    if item.exhibit_columns:
        header, rule, lines = table_layout(item.exhibit_columns, item.exhibit_rows)
        return [header, rule, *lines]
    return (item.exhibit_text or "").strip("\n").expandtabs(4).splitlines()
