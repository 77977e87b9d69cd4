"""TUI benchmarks against a bare Textual app showing one Static (the floor).

- start to the first question on screen: from creating the app to the first refresh after the
  question's screen mounted (the Footer fills in after that) (target <= 1.5x)
- key press to the next question rendered vs the bare app updating its Static (target <= 2x)
- peak Python memory (tracemalloc) of a full exam vs the bare app
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Static

from examsim.assembler import assemble_exam
from examsim.bank import load_bank
from examsim.profiles import load_profile
from examsim.store import Store
from examsim.tui.app import ExamsimApp


PAINTED: list[float] = []  # perf_counter at the first refresh after the question's screen mounted


def _mark_painted(widget) -> None:
    widget.call_after_refresh(lambda: PAINTED.append(time.perf_counter()))


class BareApp(App):
    def compose(self) -> ComposeResult:
        yield Static("Question 1 of 65", id="s")

    def on_mount(self) -> None:
        _mark_painted(self)

    def on_key(self, event) -> None:
        self.query_one("#s", Static).update(f"Question {time.perf_counter()}")


async def _time_presses(pilot, key: str, presses: int) -> float:
    """Median seconds from a key press until the app is idle again."""
    per_key = []
    for _ in range(presses):
        k = time.perf_counter()
        await pilot.press(key)
        await pilot.pause()
        per_key.append(time.perf_counter() - k)
    return statistics.median(per_key) if per_key else 0.0


async def _bare(presses: int) -> tuple[float, float]:
    PAINTED.clear()
    t = time.perf_counter()
    app = BareApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        start = PAINTED[0] - t
        per_key = await _time_presses(pilot, "x", presses)
    return start, per_key


async def _ours(bank, profile, folder: Path, presses: int) -> tuple[float, float]:
    from examsim.tui.screens.exam import ExamScreen

    PAINTED.clear()
    original = ExamScreen.on_mount

    def on_mount(screen) -> None:
        original(screen)
        _mark_painted(screen)

    ExamScreen.on_mount = on_mount
    try:
        t = time.perf_counter()
        exam = assemble_exam(bank.items, profile, 1)
        app = ExamsimApp(Store(folder), ("exam", exam, bank, profile))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            start = PAINTED[0] - t
            per_key = await _time_presses(pilot, "right", presses)
    finally:
        ExamScreen.on_mount = original
    return start, per_key


def _peak(coro_factory) -> int:
    tracemalloc.start()
    asyncio.run(coro_factory())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main(rounds: int = 3, presses: int = 20) -> None:
    profile = load_profile()
    bank = load_bank(None, profile)  # the bundled bank: what a candidate runs
    with tempfile.TemporaryDirectory() as tmp:
        bare_start, bare_key, our_start, our_key = [], [], [], []
        for r in range(rounds):  # interleaved, so noise hits both alike
            s, k = asyncio.run(_bare(presses))
            bare_start.append(s)
            bare_key.append(k)
            s, k = asyncio.run(_ours(bank, profile, Path(tmp) / str(r), presses))
            our_start.append(s)
            our_key.append(k)
        start_ratio = statistics.median(our_start) / statistics.median(bare_start)
        key_ratio = statistics.median(our_key) / statistics.median(bare_key)
        print(f"start to first question: {statistics.median(our_start) * 1000:.0f} ms vs bare app "
              f"{statistics.median(bare_start) * 1000:.0f} ms = {start_ratio:.2f}x (target <= 1.5x) {'OK' if start_ratio <= 1.5 else 'OVER'}")
        print(f"key press to next question: {statistics.median(our_key) * 1000:.1f} ms vs bare update "
              f"{statistics.median(bare_key) * 1000:.1f} ms = {key_ratio:.2f}x (target <= 2x) {'OK' if key_ratio <= 2 else 'OVER'}")
        bare_peak = _peak(lambda: _bare(5))
        our_peak = _peak(lambda: _ours(bank, profile, Path(tmp) / "mem", 64))
        print(f"peak memory, full exam: {our_peak / 2**20:.1f} MiB vs bare app {bare_peak / 2**20:.1f} MiB = {our_peak / bare_peak:.2f}x")


if __name__ == "__main__":
    main()
