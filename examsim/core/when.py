"""Dates and durations as people read them: "Mon 30 Nov, 14:05" in local time, "1 h 12 min".

The store keeps UTC ISO timestamps; everything shown to a person goes through here.
"""

from __future__ import annotations

import datetime as dt


def parse_stamp(stamp: str) -> dt.datetime | None:
    """A stored timestamp (ISO 8601, UTC when it names no zone), or None when unreadable."""
    try:
        when = dt.datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


def local_date(stamp: str, *, tz: dt.tzinfo | None = None, today: dt.date | None = None) -> str:
    """ "Mon 30 Nov, 14:05" in the local zone (`tz` for tests); the year only when it is not
    this year's. An unreadable stamp is shown as stored."""
    when = parse_stamp(stamp)
    if when is None:
        return str(stamp)
    local = when.astimezone(tz)
    this_year = (today or dt.datetime.now(local.tzinfo).date()).year
    year = "" if local.year == this_year else f" {local.year}"
    return f"{local:%a} {local.day} {local:%b}{year}, {local:%H:%M}"


def axis_labels(first: dt.datetime, span_days: float, count: int = 5, *,
                tz: dt.tzinfo | None = None) -> list[tuple[float, str]]:
    """Up to `count` (days since `first`, label) ticks for a time axis: "30 Nov" across days,
    "14:05" within one day; no label twice."""
    if span_days <= 0:
        return [(0.0, f"{first.astimezone(tz):%H:%M}")]
    ticks: list[tuple[float, str]] = []
    for n in range(count):
        x = span_days * n / (count - 1)
        local = (first + dt.timedelta(days=x)).astimezone(tz)
        label = f"{local.day} {local:%b}" if span_days >= 1 else f"{local:%H:%M}"
        if not ticks or ticks[-1][1] != label:
            ticks.append((x, label))
    return ticks


def duration(seconds: float | None) -> str:
    """ "45 s", "2 min", "1 h 12 min" (to the nearest minute from one minute on)."""
    seconds = max(0, round(seconds or 0))
    if seconds < 60:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"
