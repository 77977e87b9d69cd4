"""Small text formatters shared by screens (presentation only, no exam logic)."""

from __future__ import annotations

from examsim.cards.model import SELECT_WORDS


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


def select_word(n: int) -> str:
    return SELECT_WORDS.get(n, str(n))


def bar(fraction: float, width: int = 20) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)
