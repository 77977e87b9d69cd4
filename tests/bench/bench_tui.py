"""TUI benchmarks against a bare Textual app showing one Static (the floor).

- start to the first question on screen: from assembling the exam and opening the store (the
  database exists, as for a returning candidate) to the first refresh after the question's
  screen mounted; the footer's keys follow it (target <= 1.5x)
- key press to the next question rendered vs the bare app updating its Static (target <= 2x)
- peak Python memory (tracemalloc) of a full exam vs the bare app
- whole-process start: `examsim exam` as a process that paints the first question and exits,
  timed from outside (interpreter, imports, bank, store, app), vs a process of the bare app
  that paints its Static and exits
- peak resident memory of a full exam (65 items answered by keys and submitted, in its own
  process) vs the bare app taking as many key presses (target <= 1.3x)
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Static

from examsim.core.assembler import assemble_exam
from examsim.core.bank import load_bank
from examsim.core.profiles import load_profile
from examsim.core.store import Store
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
        _mark_painted(screen)  # first in line: the refresh it waits for paints what on_mount sets up
        original(screen)

    ExamScreen.on_mount = on_mount
    Store(folder).close()  # a returning candidate: the database exists (creating it is a one-time ~10 ms)
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


def _process(mode: str, data_dir: Path) -> tuple[float, int]:
    """(seconds from spawn to exit, peak RSS in KiB) of one tests.bench.process_child run."""
    root = Path(__file__).resolve().parents[2]
    t = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "tests.bench.process_child", mode, str(data_dir)], cwd=root,
                          capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - t
    return seconds, int(done.stdout.split()[-1])


def processes(rounds: int = 5) -> None:
    """Whole-process start and peak RSS, ours against the bare app, rounds interleaved."""
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        _process("ours-start", data)  # a returning candidate: the data dir and database exist
        bare, ours = [], []
        for _ in range(rounds):
            bare.append(_process("bare-start", data)[0])
            ours.append(_process("ours-start", data)[0])
        ratio = statistics.median(ours) / statistics.median(bare)
        print(f"whole-process start to first question: {statistics.median(ours) * 1000:.0f} ms vs bare app process "
              f"{statistics.median(bare) * 1000:.0f} ms = {ratio:.2f}x")
        bare_rss = _process("bare-exam", data)[1]
        our_rss = _process("ours-exam", data)[1]
        ratio = our_rss / bare_rss
        print(f"peak RSS, full exam in its own process: {our_rss / 1024:.0f} MiB vs bare app {bare_rss / 1024:.0f} MiB "
              f"= {ratio:.2f}x (target <= 1.3x) {'OK' if ratio <= 1.3 else 'OVER'}")


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
    processes()


if __name__ == "__main__":
    main()
