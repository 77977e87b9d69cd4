"""Starting a run: the bank, the profile and the sample, shared by the CLI and the TUI."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from examsim.assembler import AssemblyError, Exam, QuizFilter, assemble_exam, assemble_quiz
from examsim.bank import Bank, load_bank
from examsim.profiles import Profile
from examsim.store import Store


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
    """Cards missed or flagged in finished runs; the latest run that showed a card decides (an
    item never shown is no evidence of missing it)."""
    from examsim.study import shown_in_finished_runs

    last: dict[str, bool] = {}
    for _run, entry, rec in shown_in_finished_runs(store):
        last[entry.item.card_id] = not entry.item.is_correct(rec.response) or rec.flagged
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


def new_retake(bank: Bank, session, *, seed: int | None = None) -> Exam:
    """A quiz of the cards this finished run missed (scored or not), feedback after each item."""
    report = session.report
    missed = sorted({e.item.card_id for i, e in enumerate(session.exam.entries) if not report.correct[i]})
    return assemble_quiz(bank.items, session.profile, seed if seed is not None else fresh_seed(), len(missed),
                         QuizFilter(card_ids=missed), feedback="now", title="Retake of missed items",
                         bank_fingerprint=bank.fingerprint)


def new_drill(bank: Bank, profile: Profile, store: Store, *, count: int = 20, seed: int | None = None, now=None) -> Exam:
    """Due cards first (FSRS), then items from the weakest task statements."""
    from examsim.study import due_cards, gather_evidence, utc_now, weakest_tasks

    now = now or utc_now
    if not store.memory():
        raise AssemblyError("nothing to drill yet", ["no answers recorded: a drill starts from your exams and quizzes"])
    due = due_cards(store, now)
    seed = seed if seed is not None else fresh_seed()
    chosen_cards = [c for c in due if bank.card(c) is not None][:count]
    if len(chosen_cards) < count:
        evidence = gather_evidence(store, profile, now)
        for task in weakest_tasks(evidence, profile):
            for s in bank.cards:
                if len(chosen_cards) >= count:
                    break
                if profile.map_task(s.card.task) == task and s.card.id not in chosen_cards:
                    chosen_cards.append(s.card.id)
            if len(chosen_cards) >= count:
                break
    return assemble_quiz(bank.items, profile, seed, count, QuizFilter(card_ids=chosen_cards), feedback="now",
                         seen=seen_counts(store), mode="drill", title=f"Drill: {min(len(due), count)} due, then weakest tasks",
                         bank_fingerprint=bank.fingerprint)


def new_smart_quiz(bank: Bank, profile: Profile, store: Store, *, count: int = 15, seed: int | None = None,
                   tasks: int = 3, feedback: str = "now", now=None) -> Exam:
    """A quiz from the task statements with the lowest estimated mastery."""
    from examsim.study import gather_evidence, utc_now, weakest_tasks

    evidence = gather_evidence(store, profile, now or utc_now)
    weakest = weakest_tasks(evidence, profile)[:tasks]
    return assemble_quiz(bank.items, profile, seed if seed is not None else fresh_seed(), count,
                         QuizFilter(tasks=weakest), feedback=feedback, seen=seen_counts(store),
                         title=f"Smart quiz: tasks {', '.join(weakest)}", bank_fingerprint=bank.fingerprint)
