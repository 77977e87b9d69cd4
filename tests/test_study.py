"""Spaced repetition, readiness (validated by simulation) and answer forensics."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from examsim.core.assembler import assemble_exam
from examsim.core.runs import create_run
from examsim.core.readiness_model import total_right_pmf
from examsim.core.study import Evidence, due_cards, forensics, gather_evidence, readiness, weakest_tasks
from tests.conftest import FakeClock

T0 = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.timezone.utc)


def finish_run(bank, profile, store, seed, right_share, wall=T0, confidence=None):
    clock = FakeClock()
    exam = assemble_exam(bank.items, profile, seed)
    store.wall_clock = lambda: wall  # the run is stamped at `wall`
    s = create_run(exam, profile, store, clock=clock)
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


def test_no_evidence_gives_no_estimate(profile):
    r = readiness(Evidence(), profile, draws=50)
    assert r.pass_probability is None and r.score_median is None and r.answers == 0
    assert r.first_time_answers == 0 and r.repeat_answers == 0


def test_little_evidence_gives_a_wide_honest_estimate(profile):
    from examsim.core.readiness_model import Answer

    ev = Evidence()
    for d in (1, 2, 3, 4):
        for right in (True, False):  # two answers a domain, half right
            ev.add(Answer(d, f"{d}.1", "intermediate", "multiple-choice", right, 1.0))
    r = readiness(ev, profile, draws=200)
    # A coin-flip candidate: well short of 72%, and unsure about it.
    assert 0.0 < r.pass_probability < 0.2 and r.pass_high - r.pass_low > 0.1
    assert all(d.high - d.low > 0.2 for d in r.domains)


def test_pmf_sums_to_one_and_matches_a_single_binomial():
    pmf = total_right_pmf([0.7, 0.7], [10, 15])
    assert sum(pmf) == pytest.approx(1.0)
    single = total_right_pmf([0.7], [25])
    assert pmf == pytest.approx(single)


def test_a_retaken_form_counts_as_repeats_and_the_estimate_says_so(synthetic_bank, profile, store):
    finish_run(synthetic_bank, profile, store, 5, 0.6, wall=T0)
    finish_run(synthetic_bank, profile, store, 5, 1.0, wall=T0 + dt.timedelta(days=1))  # the same form again
    ev = gather_evidence(store, profile, now=lambda: T0 + dt.timedelta(days=1, hours=3))
    r = readiness(ev, profile, draws=50)
    assert (r.first_time_answers, r.repeat_answers) == (65, 65)
    assert r.evidence_text == "65 first-time answers and 65 repeats"
    assert sum(d.first_time for d in r.domains) == 65 and sum(d.repeats for d in r.domains) == 65
    repeats = [a for a in ev.records if not a.first_time]
    assert all(a.exposures == (pytest.approx(1.0, abs=0.01),) and a.first_right is not None for a in repeats)


def test_repeats_count_for_less_than_first_times(synthetic_bank, profile, tmp_path):
    """The same perfect second sitting says less about the candidate when it repeats the first
    form (the keys may be remembered) than when every item is new."""
    from examsim.core.store import Store

    estimates = {}
    for name, second_seed in (("retake", 5), ("fresh", 6)):
        store = Store(tmp_path / name)
        finish_run(synthetic_bank, profile, store, 5, 0.55, wall=T0)
        finish_run(synthetic_bank, profile, store, second_seed, 1.0, wall=T0 + dt.timedelta(days=1))
        ev = gather_evidence(store, profile, now=lambda: T0 + dt.timedelta(days=1, hours=3))
        estimates[name] = readiness(ev, profile, draws=100)
        store.close()
    # The synthetic bank serves the second form's cards fresh only in part: most of 144 cards.
    assert estimates["fresh"].first_time_answers > estimates["retake"].first_time_answers
    assert estimates["retake"].pass_probability < estimates["fresh"].pass_probability - 0.2
    assert estimates["retake"].key_memory > 0.4  # the perfect retake is read as memory


def test_evidence_as_of_a_moment_ignores_later_runs(synthetic_bank, profile, store):
    finish_run(synthetic_bank, profile, store, 1, 0.5, wall=T0)
    finish_run(synthetic_bank, profile, store, 2, 0.5, wall=T0 + dt.timedelta(days=3))
    before = gather_evidence(store, profile, now=lambda: T0 + dt.timedelta(days=1))
    after = gather_evidence(store, profile, now=lambda: T0 + dt.timedelta(days=4))
    assert before.answers == 65 and after.answers == 130


def test_a_level_offset_moves_only_with_enough_first_time_answers():
    from examsim.core.readiness_model import LEVEL_OFFSET, Answer, estimate_offsets

    def answers(level, right, n):
        return [Answer(1, "1.1", level, "multiple-choice", right, 1.0) for _ in range(n)]

    levels, _ = estimate_offsets(answers("advanced", False, 40) + answers("foundational", True, 40), {1: 0.5})
    assert levels["advanced"] > LEVEL_OFFSET["advanced"] + 0.2  # harder for this candidate than the bank says
    assert levels["foundational"] < LEVEL_OFFSET["foundational"] - 0.2
    levels, _ = estimate_offsets(answers("advanced", False, 10), {1: 0.5})
    assert levels["advanced"] == LEVEL_OFFSET["advanced"]  # ten answers: the bank's level stands


def test_the_fit_uses_the_exact_curvature_of_its_posterior(synthetic_bank, profile, store):
    """The Newton fit and the interval rest on the analytic Hessian: it matches finite
    differences of the gradient, repeats and the memory term included."""
    from examsim.core import readiness_model as rm

    finish_run(synthetic_bank, profile, store, 5, 0.6, wall=T0)
    finish_run(synthetic_bank, profile, store, 5, 0.9, wall=T0 + dt.timedelta(days=2))
    ev = gather_evidence(store, profile, now=lambda: T0 + dt.timedelta(days=3))
    problem = rm._Problem(ev.records, [1, 2, 3, 4], rm._prior_offset)
    point = [0.4, 0.6, 0.2, 0.8, 0.25, 0.02, -0.3]
    _, grad, hess = problem.evaluate(point)
    h = 1e-5
    for k in range(len(point)):
        moved = point[:]
        moved[k] += h
        numeric = [(g1 - g0) / h for g1, g0 in zip(problem.evaluate(moved, hessian=False)[1], grad)]
        assert numeric == pytest.approx(hess[k], rel=1e-3, abs=1e-2)


def test_forensics_counts_changes_confidence_and_time(synthetic_bank, profile, store):
    clock = FakeClock()
    exam = assemble_exam(synthetic_bank.items, profile, 2)
    s = create_run(exam, profile, store, clock=clock)
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
    from examsim.core.modes import new_retake

    s = finish_run(synthetic_bank, profile, store, 4, 0.6)
    missed = {e.item.card_id for i, e in enumerate(s.exam.entries) if not s.is_correct(i)}
    retake = new_retake(synthetic_bank, s, seed=1)
    assert {e.item.card_id for e in retake.entries} == missed and retake.feedback == "now"


def test_a_revealed_quiz_answer_updates_memory_at_once_and_only_once(synthetic_bank, profile, store):
    from examsim.core.assembler import QuizFilter, assemble_quiz

    quiz = assemble_quiz(synthetic_bank.items, profile, 1, 3, QuizFilter(kinds=["multiple-choice"]), feedback="now")
    s = create_run(quiz, profile, store)
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
    s = create_run(exam, profile, store)
    store.abandon(s.run_id)
    assert gather_evidence(store, profile).answers == 0
    from examsim.core.modes import missed_card_ids

    assert missed_card_ids(store) == [] and store.latest_finished() is None and store.unfinished_runs() == []
