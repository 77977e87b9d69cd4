"""What a person would read on the terminal, from Textual's own screenshot (the rendered cells)."""

from __future__ import annotations

import html
import re
from collections import defaultdict

_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', re.S)
CELL_WIDTH = 12.2  # pixels per terminal column in Textual's SVG export


def screen_lines(app) -> list[str]:
    """The rows of the screen as plain text (every layer, modal dialogs included), each
    piece of text at its own column, so indentation reads as it does on the terminal."""
    svg = app.export_screenshot()
    rows: dict[float, list[tuple[float, str]]] = defaultdict(list)
    for x, y, text in _TEXT.findall(svg):
        rows[float(y)].append((float(x), html.unescape(re.sub(r"<[^>]+>", "", text)).replace("\xa0", " ")))
    lines = []
    for _y, parts in sorted(rows.items()):
        line = ""
        for x, text in sorted(parts):
            line = line.ljust(round(x / CELL_WIDTH)) + text
        lines.append(line.rstrip("\n"))
    return lines


def screen_text(app) -> str:
    """The screen as one string; runs of spaces folded so wrapped words still match."""
    return re.sub(r"[ ]+", " ", "\n".join(screen_lines(app)))


def toast_text(app) -> str:
    """What the toasts on screen say, their lines joined so a wrapped message reads whole
    (the text right of each toast's ▌ edge; a list's own ▎ edge dropped)."""
    parts = [line.rsplit("▌", 1)[1].rstrip(" ▎").strip() for line in screen_lines(app) if "▌" in line]
    return re.sub(r"\s+", " ", " ".join(p for p in parts if p)).strip()
