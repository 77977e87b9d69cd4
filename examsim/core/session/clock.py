"""The run's clock: pure time, no store and no exam rules.

Time counts only while the run is open (between `open()` and `stop()`), from an injected
monotonic clock; a resumed run continues from the elapsed time it was saved with. The clock
also knows when it is due to be saved (every AUTOSAVE_SECONDS), which time warnings were
given, and how long the candidate has been on the current item. Whoever writes the store
(the Session, through its RunRecord) tells it what was saved.
"""

from __future__ import annotations

from collections.abc import Callable

AUTOSAVE_SECONDS = 4.0
WARNINGS_AT_MINUTES = (15, 5, 1)


class RunClock:
    def __init__(self, limit: float | None, monotonic: Callable[[], float], elapsed: float = 0.0,
                 warned: tuple[int, ...] = ()):
        self.limit = limit  # seconds; None for an untimed run
        self.monotonic = monotonic
        self._base = elapsed  # elapsed when the clock last stopped (or was loaded)
        self._opened_at: float | None = None  # monotonic time when it was opened; None while stopped
        self._last_saved = elapsed
        self._item_entered_at = elapsed  # elapsed when the candidate reached the current item
        self.warned: frozenset[int] = frozenset(warned)  # minutes-left warnings given (saved with the run)

    @property
    def is_open(self) -> bool:
        return self._opened_at is not None

    @property
    def elapsed(self) -> float:
        """Seconds used, never more than the limit."""
        value = self._base + (self.monotonic() - self._opened_at if self._opened_at is not None else 0.0)
        return min(value, self.limit) if self.limit is not None else value

    @property
    def remaining(self) -> float | None:
        return None if self.limit is None else max(0.0, self.limit - self.elapsed)

    @property
    def is_up(self) -> bool:
        return self.limit is not None and self.elapsed >= self.limit

    def open(self, elapsed: float) -> None:
        """Run from `elapsed` (just saved): the current item is entered now."""
        self._base = elapsed
        self._opened_at = self.monotonic()
        self._last_saved = elapsed
        self._item_entered_at = elapsed

    def stop(self, elapsed: float) -> None:
        self._base = elapsed
        self._opened_at = None

    # ---- time on the current item ----
    def spent_on_item(self, elapsed: float) -> float:
        """Seconds on the current item since it was entered (or since the clock opened)."""
        return max(0.0, elapsed - self._item_entered_at)

    def enter_item(self, elapsed: float) -> None:
        self._item_entered_at = elapsed

    # ---- saving and warnings ----
    def mark_saved(self, elapsed: float) -> None:
        """The store now holds `elapsed`: the next autosave is due AUTOSAVE_SECONDS after it."""
        self._last_saved = elapsed

    def autosave_due(self, elapsed: float) -> bool:
        return elapsed - self._last_saved >= AUTOSAVE_SECONDS

    def warnings_crossed(self) -> frozenset[int]:
        """Warnings (minutes left) whose time has come and that were not given yet; a warning
        longer than the whole limit is never given."""
        remaining = self.remaining
        if remaining is None:
            return frozenset()
        return frozenset(m for m in WARNINGS_AT_MINUTES
                         if remaining <= m * 60 and m not in self.warned and self.limit > m * 60)

    def pacing(self, done: int, total: int) -> float | None:
        """Seconds ahead (+) or behind (-) an even pace over `total` items, with `done` complete."""
        if self.limit is None:
            return None
        return done * (self.limit / total) - self.elapsed
