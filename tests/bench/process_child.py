"""One benchmark process, run by bench_tui as `python -m tests.bench.process_child MODE DATA_DIR`.

- `bare-start`: a bare Textual app paints one Static and exits.
- `ours-start`: `examsim exam` as a candidate starts it (the CLI: profile, bundled bank,
  assembling, the store, the app), exits once the first question is painted.
- `bare-exam`: the bare app takes 66 key presses (one per item, and the submit).
- `ours-exam`: the same start, then a full 65-item exam answered by keys and submitted.

Each prints its peak resident memory (KiB) on stdout. The process is
timed from outside by its parent: interpreter start and every import count.
"""

from __future__ import annotations

import resource
import sys


def _peak_kib() -> int:
    """This process's own peak RSS. Not getrusage's ru_maxrss: Linux carries that over from
    the parent that spawned the process (a benchmark parent holding a loaded bank)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS


def _bare(presses: int) -> None:
    from textual.app import App
    from textual.widgets import Static

    class BareApp(App):
        def compose(self):
            yield Static("Question 1 of 65", id="s")

        def on_mount(self) -> None:
            if not presses:
                self.call_after_refresh(self.exit)

        def on_key(self, event) -> None:
            self.query_one("#s", Static).update(f"Question {event.key}")

    app = BareApp()
    if not presses:
        app.run(headless=True, size=(100, 30))
        return

    async def drive(pilot) -> None:
        for _ in range(presses):
            await pilot.press("x")
        await pilot.pause()

    _run_driven(app, drive)


def _run_driven(app, drive) -> None:
    import asyncio

    async def main() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await drive(pilot)

    asyncio.run(main())


def _ours(data_dir: str, full_exam: bool) -> None:
    """The CLI's own path (`examsim exam`), without the start screen (it waits for Enter)."""
    from examsim.tui import app as tui_app
    from examsim.tui.screens import exam as exam_screen

    original_open = tui_app.ExamsimApp.open_session
    tui_app.ExamsimApp.open_session = tui_app.ExamsimApp.start_session
    original_mount = exam_screen.ExamScreen.on_mount

    def on_mount(screen) -> None:
        original_mount(screen)
        if not full_exam:
            screen.call_after_refresh(screen.app.exit)

    exam_screen.ExamScreen.on_mount = on_mount
    if full_exam:
        tui_app.ExamsimApp.run = lambda app, **_kw: _run_driven(app, _answer_all)
    else:
        original_run = tui_app.ExamsimApp.run
        tui_app.ExamsimApp.run = lambda app, **kw: original_run(app, headless=True, size=(100, 30))
    from examsim.cli import main

    main(["--data-dir", data_dir, "exam", "--seed", "1", "--new"])
    tui_app.ExamsimApp.open_session = original_open


async def _answer_all(pilot) -> None:
    from examsim.tui.widgets.rows import letter

    session = pilot.app.screen.session
    for i, entry in enumerate(session.exam.entries):
        key = entry.presentation.shown_key(entry.item)
        if entry.item.kind == "matching":
            for prompt, option in enumerate(key):
                pilot.app.screen.prompt_cursor = prompt
                await pilot.press(letter(option).lower())
        else:
            for option in key:
                await pilot.press(letter(option).lower())
        await pilot.press("right")
    await pilot.press("s", "y")
    await pilot.pause()
    assert session.finished, "the exam was not submitted"


if __name__ == "__main__":
    mode, data_dir = sys.argv[1], sys.argv[2]
    if mode == "bare-start":
        _bare(0)
    elif mode == "bare-exam":
        _bare(66)
    elif mode == "ours-start":
        _ours(data_dir, full_exam=False)
    elif mode == "ours-exam":
        _ours(data_dir, full_exam=True)
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(_peak_kib())
