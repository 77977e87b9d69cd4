"""Small text formatters shared by screens (presentation only, no exam logic)."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from examsim.core.text import clean_text


def card_text(text: str | None, style: str = "") -> Content:
    """The one way the TUI shows untrusted text (card text, notes, profile names, stored runs,
    file names, error messages): never parsed as markup, and cleaned of control characters,
    because Textual passes ESC, DEL and C1 controls through to the terminal. Text is cleaned
    where it enters the core too; this is what keeps an old database or a path harmless."""
    cleaned = clean_text(text or "")
    return Content.styled(cleaned, style) if style else Content(cleaned)


def table_cell(text: str | None, style: str = "") -> Text:
    """Untrusted text for a DataTable cell: DataTable parses strings as markup and measures
    Content wrongly, so it gets a cleaned Rich Text."""
    return Text(clean_text(text or ""), style=style, no_wrap=True)


def toast(widget, message: str, **kwargs) -> None:
    """`notify` with untrusted text in the message: shown through `card_text`, never as markup."""
    if "title" in kwargs:
        kwargs["title"] = card_text(kwargs["title"]).plain
    widget.notify(card_text(message).plain, markup=False, **kwargs)


def clock_text(seconds: float) -> str:
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


def pacing_text(ahead_seconds: float | None) -> str:
    if ahead_seconds is None:
        return ""
    minutes = int(abs(ahead_seconds) // 60)
    if minutes < 1:
        return "on pace"
    return f"{minutes} min {'ahead' if ahead_seconds > 0 else 'behind'}"


def run_noun(mode: str) -> str:
    """What the candidate is taking: a full exam, a quiz, or a drill."""
    return {"exam": "exam", "drill": "drill"}.get(mode, "quiz")


# The marks of an item's answer state, in the header's compact form and in the review grid.
STATE_MARKS = {"complete": "✓", "incomplete": "◐", "unanswered": "·"}
FLAG_MARK, NOTE_MARK = "⚑", "✎"


def open_items_text(counts) -> str:
    """The dialogs' count of what is still open before a submit (the Session's Counts)."""
    parts = [f"{counts.unanswered} unanswered"]
    if counts.incomplete:
        parts.append(f"{counts.incomplete} incomplete")
    return f"{' and '.join(parts)} (they count as wrong), {counts.flagged} flagged for review."


def bar(fraction: float, width: int = 20) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


# From this width results and reviews show domain and task names in full; below it each
# row stays on one line and a long name ends in an ellipsis.
FULL_NAMES_FROM = 100


def ellipsize(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)].rstrip() + "…"


def name_lines(name: str, width: int, screen_width: int) -> list[str]:
    """A domain or task name in a column `width` wide: shortened below FULL_NAMES_FROM,
    in full (wrapped onto further lines) from there."""
    width = max(8, width)
    if screen_width < FULL_NAMES_FROM or len(name) <= width:
        return [ellipsize(name, width)]
    import textwrap

    return textwrap.wrap(name, width) or [""]
