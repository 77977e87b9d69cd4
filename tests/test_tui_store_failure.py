"""A write that fails while the candidate works (full disk, locked database) is a blocking
message on screen, never a traceback, and the run stays resumable."""

from __future__ import annotations

import pytest

from examsim.core.assembler import assemble_exam
from examsim.core.store import Store
from examsim.tui.app import ExamsimApp
from tests.conftest import FakeClock
from tests.helpers.screen import screen_text


def _fail(store: Store, table: str) -> None:
    for op in ("INSERT", "UPDATE"):
        store.conn.execute(f"CREATE TRIGGER fail_{op} BEFORE {op} ON {table} "
                           "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")


def _heal(store: Store) -> None:
    for op in ("INSERT", "UPDATE"):
        store.conn.execute(f"DROP TRIGGER IF EXISTS fail_{op}")


@pytest.mark.asyncio
@pytest.mark.parametrize("action", ["answer", "tick", "submit"])
async def test_a_failed_save_is_a_blocking_message_and_the_run_stays_resumable(action, tmp_path, synthetic_bank, profile):
    store = Store(tmp_path)
    exam = assemble_exam(synthetic_bank.items, profile, 4)
    clock = FakeClock()
    app = ExamsimApp(store, ("exam", exam, synthetic_bank, profile), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.screen.session
        await pilot.press("a")
        await pilot.pause()
        assert session.counts().answered == 1
        _fail(store, "responses" if action == "answer" else "runs")
        if action == "answer":
            await pilot.press("right", "b")
        elif action == "tick":
            clock.advance(10)
            app.screen.on_tick()
        else:
            session_screen = app.screen
            session_screen.submit()
        await pilot.pause()
        text = screen_text(app)
        assert "could not be saved" in text and "full" in text
        assert "Everything saved before it is kept" in text and "resumed" in text
        _heal(store)
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        assert "Resume" in screen_text(app)
    reopened = Store(tmp_path)
    assert reopened.run(session.run_id).state == "running"
    assert reopened.item_records(session.run_id)[0].response  # the answer saved before the failure is there
    reopened.close()
