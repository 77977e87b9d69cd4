"""Starting a run: the bank, the profile and the sample, shared by the CLI and the TUI."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from examsim.assembler import Exam, QuizFilter, assemble_exam, assemble_quiz
from examsim.bank import Bank, load_bank
from examsim.profiles import Profile
from examsim.store import ACTIVE_STATES, Store


def fresh_seed() -> int:
    return random.SystemRandom().randrange(1, 2**31)


def seen_counts(store: Store) -> dict[str, int]:
    """How often each card was served in past runs (the assembler prefers the least seen)."""
    seen: Counter = Counter()
    for run in store.runs():
        for entry in store.exam(run.id).entries:
            seen[entry.item.card_id] += 1
    return dict(seen)


def missed_card_ids(store: Store) -> list[str]:
    """Cards missed or flagged in finished runs; the latest run that served a card decides."""
    last: dict[str, bool] = {}
    for run in store.runs():
        if run.state in ACTIVE_STATES:
            continue
        exam = store.exam(run.id)
        records = store.items(run.id)
        for i, entry in enumerate(exam.entries):
            rec = records.get(i)
            ok = entry.item.is_correct(rec.response if rec else None)
            last[entry.item.card_id] = (not ok) or bool(rec and rec.flagged)
    return sorted(c for c, missed in last.items() if missed)


def new_exam(bank: Bank, profile: Profile, *, seed: int | None = None, accommodation: bool = False,
             store: Store | None = None) -> Exam:
    seen = seen_counts(store) if store is not None else None
    return assemble_exam(bank.items, profile, seed if seed is not None else fresh_seed(), accommodation=accommodation,
                         seen=seen, bank_fingerprint=bank.fingerprint)


def new_quiz(bank: Bank, profile: Profile, quiz_filter: QuizFilter, *, count: int, seed: int | None = None,
             timed: bool = False, feedback: str = "now", title: str = "", store: Store | None = None) -> Exam:
    seen = seen_counts(store) if store is not None else None
    return assemble_quiz(bank.items, profile, seed if seed is not None else fresh_seed(), count, quiz_filter,
                         timed=timed, feedback=feedback, seen=seen, title=title, bank_fingerprint=bank.fingerprint)


def bank_for(profile: Profile, paths: list[Path] | None = None) -> Bank:
    return load_bank(paths or None, profile)
