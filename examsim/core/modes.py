"""Starting a run: the bank, the profile and the sample, shared by the CLI and the TUI."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from examsim.core.assembler import AssemblyError, Exam, QuizFilter, assemble_exam, assemble_quiz, quiz_minutes
from examsim.core.bank import Bank, load_bank
from examsim.core.profiles import Profile, QuizPreset
from examsim.core.store import Store


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
    from examsim.core.study import shown_in_finished_runs

    last: dict[str, bool] = {}
    for _run, entry, rec in shown_in_finished_runs(store):
        last[entry.item.card_id] = not entry.item.is_correct(rec.response) or rec.flagged
    return sorted(c for c, missed in last.items() if missed)


def new_exam(bank: Bank, profile: Profile, *, seed: int | None = None, accommodation: bool = False,
             store: Store | None = None) -> Exam:
    seen = seen_counts(store) if store is not None else None
    return assemble_exam(bank.items, profile, seed if seed is not None else fresh_seed(), accommodation=accommodation,
                         seen=seen, bank_fingerprint=bank.fingerprint)


def quiz_title(profile: Profile, domains: list[int] | None = None) -> str:
    """A custom quiz's title: "MLA-C01 quiz", with the domains it is limited to."""
    return f"{profile.code} quiz" + (f", domain {', '.join(map(str, domains))}" if domains else "")


def new_quiz(bank: Bank, profile: Profile, quiz_filter: QuizFilter, *, count: int, seed: int | None = None,
             timed: bool = False, feedback: str = "now", title: str = "", store: Store | None = None) -> Exam:
    seen = seen_counts(store) if store is not None else None
    return assemble_quiz(bank.items, profile, seed if seed is not None else fresh_seed(), count, quiz_filter,
                         timed=timed, feedback=feedback, seen=seen, title=title, bank_fingerprint=bank.fingerprint)


def bank_for(profile: Profile, paths: list[Path] | None = None) -> Bank:
    """The bank a run is drawn from: its sound cards (the authors' warnings are for `bank check`)."""
    return load_bank(paths or None, profile, warnings=False)


def shown_indexes(session) -> set[int]:
    """The items of a run the candidate saw (the Session's record; docs/readiness.md)."""
    return {i for i in range(len(session.exam.entries)) if session.was_shown(i)}


def retake_indexes(session) -> tuple[list[int], list[int]]:
    """A finished run's items to retake: (shown and missed, never reached)."""
    shown = shown_indexes(session)
    wrong = [i for i in range(len(session.exam.entries)) if not session.report.correct[i]]
    return [i for i in wrong if i in shown], [i for i in wrong if i not in shown]


def new_retake(bank: Bank, session, *, unreached: bool = False, seed: int | None = None) -> Exam:
    """A quiz, feedback after each item, of the cards this finished run missed (scored or
    not) among the items the candidate saw; with `unreached`, of the items never reached."""
    missed, never = retake_indexes(session)
    cards = sorted({session.entry(i).item.card_id for i in (never if unreached else missed)})
    if not cards:
        raise AssemblyError("nothing to retake", ["every item was reached" if unreached else "no item you saw was missed"])
    return assemble_quiz(bank.items, session.profile, seed if seed is not None else fresh_seed(), len(cards),
                         QuizFilter(card_ids=cards), feedback="now",
                         title="Items never reached" if unreached else "Retake of missed items",
                         bank_fingerprint=bank.fingerprint)


def new_drill(bank: Bank, profile: Profile, store: Store, *, count: int = 20, seed: int | None = None, now=None) -> Exam:
    """Due cards first (FSRS), then items from the weakest task statements."""
    from examsim.core.study import due_cards, gather_evidence, utc_now, weakest_tasks

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
    from examsim.core.study import gather_evidence, utc_now, weakest_tasks

    evidence = gather_evidence(store, profile, now or utc_now)
    weakest = weakest_tasks(evidence, profile)[:tasks]
    return assemble_quiz(bank.items, profile, seed if seed is not None else fresh_seed(), count,
                         QuizFilter(tasks=weakest), feedback=feedback, seen=seen_counts(store),
                         title=f"Smart quiz: tasks {', '.join(weakest)}", bank_fingerprint=bank.fingerprint)


@dataclass
class QuizPlan:
    """A quiz as the home screen offers it, before any run exists: what its start line says
    is what it gives (count, clock, feedback), because the quiz is built from this plan."""

    title: str
    count: int
    timed: bool
    feedback: str
    quiz_filter: QuizFilter = field(default_factory=QuizFilter)
    missed: bool = False

    def minutes(self, profile: Profile) -> int | None:
        return quiz_minutes(profile, self.count) if self.timed else None

    def start_line(self, profile: Profile) -> str:
        minutes = self.minutes(profile)
        clock = f"a {minutes}-minute clock (the exam's pace)" if minutes else "no clock"
        feedback = "the key and explanation after each item" if self.feedback == "now" else "feedback at the end"
        return f"{self.count} items, {clock}, {feedback}."


def preset_plans(profile: Profile) -> list[tuple[str, QuizPlan]]:
    """Every quiz the profile's [[quiz]] presets offer, as (entry id, plan), in file order;
    a per-domain preset gives one quiz per domain."""
    plans = []
    for preset in profile.quiz:
        if preset.per_domain:
            for d in profile.domain:
                plans.append((f"{preset.id}:{d.number}", _plan(preset, f"Domain {d.number} quiz: {d.name}",
                                                                QuizFilter(domains=[d.number]))))
        else:
            plans.append((preset.id, _plan(preset, preset.name, QuizFilter())))
    return plans


def _plan(preset: QuizPreset, title: str, quiz_filter: QuizFilter) -> QuizPlan:
    return QuizPlan(title, preset.count, preset.timed, preset.feedback, quiz_filter, preset.missed)


def new_planned_quiz(bank: Bank, profile: Profile, plan: QuizPlan, store: Store, *, seed: int | None = None) -> Exam:
    """The quiz a plan describes. A missed-items plan with nothing missed raises AssemblyError."""
    quiz_filter = plan.quiz_filter
    if plan.missed:
        missed = missed_card_ids(store)
        if not missed:
            raise AssemblyError("nothing to retake yet", ["no missed or flagged items: take an exam or a quiz first"])
        quiz_filter = QuizFilter(quiz_filter.domains, quiz_filter.tasks, quiz_filter.kinds, missed)
    return new_quiz(bank, profile, quiz_filter, count=plan.count, seed=seed, timed=plan.timed, feedback=plan.feedback,
                    title=plan.title, store=store)

