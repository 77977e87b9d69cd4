"""Starting the app on an exam for Pilot tests, and the key as the screen shows it."""

from __future__ import annotations

from pathlib import Path

from examsim.core.assembler import Exam, assemble_exam
from examsim.core.settings import Settings, save_settings
from examsim.core.store import Store
from examsim.tui.app import ExamsimApp
from tests.conftest import FakeClock


def start_exam_app(data_dir: Path, bank, profile, seed: int = 8, clock=None,
                   settings: Settings | None = None) -> tuple[ExamsimApp, Store, Exam]:
    """The app about to open a full exam drawn with `seed`, its store in `data_dir` (with these
    settings saved first), on a fake clock unless one is given."""
    store = Store(data_dir)
    if settings is not None:
        save_settings(store.data_dir, settings)
    exam = assemble_exam(bank.items, profile, seed)
    return ExamsimApp(store, ("exam", exam, bank, profile), clock=clock or FakeClock()), store, exam


def shown_key(session, index: int | None = None) -> tuple[int, ...]:
    """An item's key in shown order, read without asking the session (which shows it only once final)."""
    entry = session.entry(index)
    return entry.presentation.shown_key(entry.item)
