"""Spaced repetition, readiness (validated by simulation) and answer forensics."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from examsim.assembler import assemble_exam
from examsim.profiles import largest_remainder
from examsim.session import Session
from examsim.study import (Evidence, due_cards, forensics, gather_evidence, readiness, total_right_pmf,
                           weakest_tasks)
from tests.conftest import FakeClock

T0 = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.timezone.utc)


def finish_run(bank, profile, store, seed, right_share, wall=T0, confidence=None):
    clock = FakeClock()
    exam = assemble_exam(bank.items, profile, seed)
    s = Session.create(exam, profile, store, clock=clock)
    s.wall_clock = lambda: wall
    s.start()
    rng = random.Random(seed)
    for i, e in enumerate(exam.entries):
        s.goto(i)
        key = e.presentation.shown_key(e.item)
        if rng.random() < right_share:
            s.set_response(i, key)
        elif e.item.kind in ("multiple-choice", "multiple-response"):
            s.set_response(i, (next(o for o in range(len(e.item.options)) if o not in key),))
        if confidence:
            s.set_confidence(confidence)
        clock.advance(60)
    s.submit()
    return s


def test_every_finished_run_updates_card_memory(synthetic_bank, profile, store):
    s = finish_run(synthetic_bank, profile, store, 1, 0.5)
    memory = store.memory()
    assert set(memory) == {e.item.card_id for e in s.exam.entries}
    wrong = [e.item.card_id for i, e in enumerate(s.exam.entries) if not s.is_correct(i)]
    right = [e.item.card_id for i, e in enumerate(s.exam.entries) if s.is_correct(i)]
    assert all(memory[c][3] == 1 for c in wrong) and all(memory[c][3] == 0 for c in right)
    # Missed cards come due within the day; right ones later.
    due_soon = set(due_cards(store, now=lambda: T0 + dt.timedelta(minutes=5)))
    assert set(wrong) <= due_soon and not (set(right) & due_soon)


def test_weakest_tasks_come_first(synthetic_bank, profile, store):
    ev = Evidence()
    ev.task["2.3"] = [0.0, 10.0]
    ev.task["1.1"] = [10.0, 0.0]
    order = weakest_tasks(ev, profile)
    assert order[0] == "2.3" and order[-1] == "1.1"


def test_recency_weighting_halves_old_evidence(synthetic_bank, profile, store):
    finish_run(synthetic_bank, profile, store, 1, 1.0, wall=T0)
    fresh = gather_evidence(store, profile, now=lambda: dt.datetime.fromisoformat(store.runs()[0].finished_at))
    later = gather_evidence(store, profile, now=lambda: dt.datetime.fromisoformat(store.runs()[0].finished_at) + dt.timedelta(days=14))
    assert later.domain[1][0] == pytest.approx(fresh.domain[1][0] / 2, rel=0.01)


def test_little_evidence_gives_a_wide_honest_estimate(profile):
    ev = Evidence()
    for d in (1, 2, 3, 4):
        ev.domain[d] = [1.0, 1.0]  # two answers a domain, half right
    ev.answers = 8
    r = readiness(ev, profile, draws=200)
    # A coin-flip candidate: well short of 72%, and unsure about it.
    assert 0.0 < r.pass_probability < 0.2 and r.pass_high - r.pass_low > 0.1
    assert all(d.high - d.low > 0.5 for d in r.domains)


def test_pmf_sums_to_one_and_matches_a_single_binomial():
    pmf = total_right_pmf([0.7, 0.7], [10, 15])
    assert sum(pmf) == pytest.approx(1.0)
    single = total_right_pmf([0.7], [25])
    assert pmf == pytest.approx(single)


def _simulate_history(rng, abilities, counts, exams):
    ev = Evidence()
    for _ in range(exams):
        for d, (p, n) in enumerate(zip(abilities, counts), start=1):
            right = sum(rng.random() < p for _ in range(n))
            ev.domain[d][0] += right
            ev.domain[d][1] += n - right
            ev.answers += n
    return ev


def test_readiness_is_calibrated_on_simulated_candidates(profile):
    """Candidates with known abilities take 2 simulated exams; we predict their next one.

    Tolerance: overall mean predicted vs observed pass rate within 0.06; in every bin of
    predicted probability (width 0.25) with at least 40 candidates, within 0.15.
    """
    rng = random.Random(7)
    counts = largest_remainder(profile.scored, [d.weight for d in profile.domain])
    cut = 36
    predicted, observed = [], []
    for n in range(320):
        base = rng.betavariate(7, 3)
        abilities = [min(0.99, max(0.01, base + rng.gauss(0, 0.06))) for _ in counts]
        ev = _simulate_history(rng, abilities, counts, exams=2)
        r = readiness(ev, profile, draws=40, seed=n)
        fresh = sum(sum(rng.random() < p for _ in range(k)) for p, k in zip(abilities, counts))
        predicted.append(r.pass_probability)
        observed.append(fresh >= cut)
    mean_pred = sum(predicted) / len(predicted)
    mean_obs = sum(observed) / len(observed)
    assert abs(mean_pred - mean_obs) <= 0.06, (mean_pred, mean_obs)
    for lo in (0.0, 0.25, 0.5, 0.75):
        members = [(p, o) for p, o in zip(predicted, observed) if lo <= p < lo + 0.25 or (lo == 0.75 and p == 1.0)]
        if len(members) >= 40:
            bp = sum(p for p, _ in members) / len(members)
            bo = sum(o for _, o in members) / len(members)
            assert abs(bp - bo) <= 0.15, (lo, bp, bo, len(members))
    # And it beats always predicting the base rate (Brier score).
    brier = sum((p - o) ** 2 for p, o in zip(predicted, observed)) / len(predicted)
    base = sum((mean_obs - o) ** 2 for o in observed) / len(observed)
    assert brier < base


def test_forensics_counts_changes_confidence_and_time(synthetic_bank, profile, store):
    clock = FakeClock()
    exam = assemble_exam(synthetic_bank.items, profile, 2)
    s = Session.create(exam, profile, store, clock=clock)
    s.start()
    mc = [i for i, e in enumerate(exam.entries) if e.item.kind == "multiple-choice"][:3]
    for i in mc:
        s.goto(i)
        e = s.entry()
        key = e.presentation.shown_key(e.item)
        wrong = (next(o for o in range(4) if o not in key),)
        if i == mc[0]:
            s.set_response(i, wrong)
            s.set_response(i, key)  # wrong -> right
            s.set_confidence("sure")
        elif i == mc[1]:
            s.set_response(i, key)
            s.set_response(i, wrong)  # right -> wrong
            s.set_confidence("sure")
            clock.advance(300)
        else:
            s.set_response(i, key)
            s.set_confidence("guess")
        clock.advance(10)
    s.submit()
    f = forensics(store, s.run_id)
    assert (f.wrong_to_right, f.right_to_wrong, f.changed) == (1, 1, 2)
    assert f.calibration["sure"] == (1, 2) and f.calibration["guess"] == (1, 1)
    assert f.slowest[0][0] == mc[1] and f.slowest[0][1] >= 300


def test_retake_serves_exactly_the_missed_cards(synthetic_bank, profile, store):
    from examsim.modes import new_retake

    s = finish_run(synthetic_bank, profile, store, 4, 0.6)
    missed = {e.item.card_id for i, e in enumerate(s.exam.entries) if not s.is_correct(i)}
    retake = new_retake(synthetic_bank, s, seed=1)
    assert {e.item.card_id for e in retake.entries} == missed and retake.feedback == "now"


def test_a_revealed_quiz_answer_updates_memory_at_once_and_only_once(synthetic_bank, profile, store):
    from examsim.assembler import QuizFilter, assemble_quiz

    quiz = assemble_quiz(synthetic_bank.items, profile, 1, 3, QuizFilter(kinds=["multiple-choice"]), feedback="now")
    s = Session.create(quiz, profile, store)
    s.start()
    e = s.entry(0)
    s.set_response(0, e.presentation.shown_key(e.item))
    s.reveal(0)
    memory = store.memory()
    assert list(memory) == [e.item.card_id] and memory[e.item.card_id][2] == 1
    s.goto(1)
    s.submit()
    memory = store.memory()
    assert memory[e.item.card_id][2] == 1  # not reviewed twice
    assert len(memory) == 2  # the item shown next, not the one never reached


def test_abandoned_runs_are_not_evidence(synthetic_bank, profile, store):
    exam = assemble_exam(synthetic_bank.items, profile, 3)
    s = Session.create(exam, profile, store)
    store.abandon(s.run_id)
    assert gather_evidence(store, profile).answers == 0
    from examsim.modes import missed_card_ids

    assert missed_card_ids(store) == [] and store.latest_finished() is None and store.unfinished_runs() == []
