"""History benchmark: the history screen with 500 runs opens in at most 2x the time of 5 runs.

"Opens" is from pushing the screen to the first refresh after it mounted: the trend plot and
the newest runs drawn. What the screen defers until after that paint is not counted: the
older runs joining the list and the readiness estimate (a worker thread). The runs
are real ones (an exam and two quizzes, taken through a Session) copied in SQL with dates
spread over weeks, so 500 cost seconds to make, not minutes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import statistics
import tempfile
import time
from pathlib import Path

from examsim.core.assembler import QuizFilter, assemble_exam, assemble_quiz
from examsim.core.bank import load_bank
from examsim.core.profiles import load_profile
from examsim.core.session import Session
from examsim.core.settings import Settings, save_settings
from examsim.core.store import Store
from examsim.core.synthetic import synthetic_bank_text
from examsim.tui.app import ExamsimApp

TARGET = 2.0


def make_history(folder: Path, runs: int) -> Path:
    """A data dir holding `runs` finished runs (of every mode) over the last weeks."""
    folder.mkdir(parents=True, exist_ok=True)
    bank_file = folder / "bank.toml"
    bank_file.write_text(synthetic_bank_text(10), encoding="utf-8")
    profile = load_profile("mla-c01")
    bank = load_bank([bank_file], profile)
    save_settings(folder, Settings(profile=profile.id))
    store = Store(folder)
    templates = []
    for seed, exam in enumerate((assemble_exam(bank.items, profile, 1),
                                 assemble_quiz(bank.items, profile, 2, 10, QuizFilter(domains=[1])),
                                 assemble_quiz(bank.items, profile, 3, 20, QuizFilter()))):
        session = Session.create(exam, profile, store)
        session.start()
        for i, entry in enumerate(exam.entries):
            if (i + seed) % 3:
                session.set_response(i, entry.presentation.shown_key(entry.item))
        session.submit()
        templates.append(session.run_id)
    start = dt.datetime(2026, 10, 1, 8, 0, tzinfo=dt.timezone.utc)
    columns = ("mode, profile, seed, bank_fingerprint, title, minutes, feedback, accommodation, state, elapsed, position, "
               "created_at, updated_at, finished_at, exam_json, result_json, warned")
    with store._transaction() as conn:
        for n in range(runs - len(templates)):
            template = templates[n % len(templates)]
            when = (start + dt.timedelta(hours=n * 6)).isoformat(timespec="seconds")
            new_id = conn.execute(f"INSERT INTO runs ({columns}) SELECT {columns.replace('created_at, updated_at, finished_at', '?, ?, ?')} "
                                  "FROM runs WHERE id=?", (when, when, when, template)).lastrowid
            conn.execute("INSERT INTO responses SELECT ?, idx, item_id, response, flagged, note, struck, seconds, confidence, "
                         "updated_at, history, revealed, reviewed FROM responses WHERE run_id=?", (new_id, template))
    store.close()
    return folder


async def _time_to_open(folder: Path) -> float:
    from examsim.tui.screens.history import HistoryScreen

    painted: list[float] = []
    original = HistoryScreen.on_mount

    def on_mount(screen) -> None:
        # Marked first: the screen's own after-paint work (older runs, readiness) comes after.
        screen.call_after_refresh(lambda: painted.append(time.perf_counter()))
        original(screen)

    app = ExamsimApp(Store(folder), ("home",))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()  # home's readiness: not part of opening history
        HistoryScreen.on_mount = on_mount
        gc.collect()  # both sides start from a collected heap: a collection of earlier garbage is noise
        try:
            t = time.perf_counter()
            app.push_screen(HistoryScreen())
            while not painted:
                await asyncio.sleep(0.001)
            opened = painted[0] - t
            await app.workers.wait_for_complete()
        finally:
            HistoryScreen.on_mount = original
    return opened


def main(rounds: int = 5) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        few = make_history(Path(tmp) / "5", 5)
        many = make_history(Path(tmp) / "500", 500)
        small, large = [], []
        for _ in range(rounds):  # interleaved, so noise hits both alike
            small.append(asyncio.run(_time_to_open(few)))
            large.append(asyncio.run(_time_to_open(many)))
        ratio = statistics.median(large) / statistics.median(small)
        print(f"history opens: 500 runs {statistics.median(large) * 1000:.0f} ms vs 5 runs "
              f"{statistics.median(small) * 1000:.0f} ms = {ratio:.2f}x (target <= {TARGET:.0f}x) "
              f"{'OK' if ratio <= TARGET else 'OVER'}")


if __name__ == "__main__":
    main()
