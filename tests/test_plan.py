"""Exam-date aware study: drills aim FSRS at the date; plan, readiness --json and home show it."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from fsrs import Card as FsrsCard

from examsim.core.assembler import assemble_exam
from examsim.core.plan import CRAM_DAYS, EXAM_RETENTION, exam_start, study_plan
from examsim.core.settings import Settings, load_settings, save_settings
from examsim.core.store import ItemRecord, Store
from examsim.core.study import _scheduler, update_memory
from tests.helpers.screen import screen_text
from tests.test_study import T0, finish_run

EXAM_DAY = (T0 + dt.timedelta(days=20)).date()


def _review_everything_right(store, exam, profile, when, exam_date):
    responses = {i: e.item.key for i, e in enumerate(exam.entries)}
    shown = {i: ItemRecord(responses[i], False, "", (), 30.0, None, seen=True) for i in responses}
    update_memory(store, exam, responses, shown, profile, now=lambda: when, exam_date=exam_date)


def _cards(store):
    return {c: FsrsCard.from_dict(json.loads(f)) for c, (f, _due, _r, _l) in store.memory().items()}


def _review_twice(tmp_path, synthetic_bank, profile, days, exam_date):
    """The same cards reviewed right on each of `days`, without and with an exam date."""
    exam = assemble_exam(synthetic_bank.items, profile, 1)
    plain, aimed = Store(tmp_path / "plain"), Store(tmp_path / "aimed")
    for d in days:
        when = T0 + dt.timedelta(days=d)
        _review_everything_right(plain, exam, profile, when, None)
        _review_everything_right(aimed, exam, profile, when, exam_date)
    cards = _cards(plain), _cards(aimed)
    plain.close()
    aimed.close()
    return cards


def test_a_card_that_would_come_back_after_the_exam_too_weak_comes_back_before_it(synthetic_bank, profile, tmp_path):
    exam_day = (T0 + dt.timedelta(days=40)).date()
    plain, aimed = _review_twice(tmp_path, synthetic_bank, profile, (0, 2, 14), exam_day)  # all before the last 21 days
    at_exam = exam_start(exam_day)
    recall = _scheduler().get_card_retrievability
    weak_after = [c for c, card in plain.items() if card.due > at_exam and recall(card, at_exam) < EXAM_RETENTION]
    assert weak_after  # FSRS alone would first show these after the exam, recalled under 95% on the day
    for c in weak_after:
        assert aimed[c].due == at_exam - dt.timedelta(days=CRAM_DAYS)  # back when the final weeks start
    for c, card in aimed.items():
        assert card.due < at_exam - dt.timedelta(days=1) or recall(card, at_exam) >= EXAM_RETENTION, c


def test_in_the_final_weeks_drills_aim_for_95_percent_recall(synthetic_bank, profile, tmp_path):
    plain, aimed = _review_twice(tmp_path, synthetic_bank, profile, (0, 3, 10), EXAM_DAY)  # 10 days left at the last
    assert all(aimed[c].due <= plain[c].due for c in plain)
    assert sum(aimed[c].due < plain[c].due for c in plain) > len(plain) / 2
    eve = exam_start(EXAM_DAY) - dt.timedelta(days=1)
    recall = _scheduler(EXAM_RETENTION).get_card_retrievability
    assert all(card.due <= eve or recall(card, exam_start(EXAM_DAY)) >= EXAM_RETENTION for card in aimed.values())


def test_plan_counts_the_days_the_due_cards_and_the_pace(synthetic_bank, profile, store):
    finish_run(synthetic_bank, profile, store, 1, 0.5, wall=T0 - dt.timedelta(days=2))
    finish_run(synthetic_bank, profile, store, 2, 0.5, wall=T0 - dt.timedelta(days=1))
    plan = study_plan(store, profile, EXAM_DAY, T0)
    assert plan.days_left == 20
    dues = [dt.datetime.fromisoformat(d) for _f, d, _r, _l in store.memory().values()]
    assert plan.due_before_exam == sum(d < exam_start(EXAM_DAY) for d in dues) > 0
    assert plan.due_now == sum(d <= T0 for d in dues)
    assert plan.pace_per_day == pytest.approx(130 / 2, rel=0.01)  # 130 answers over two days of practice
    short = sum(max(0, 20 - n) for n in plan.tasks.values())
    assert plan.needed_per_day == pytest.approx((short + plan.due_before_exam) / 20)
    assert plan.covers_blueprint is True and "on track for the blueprint" in plan.summary()
    slow = study_plan(store, profile, EXAM_DAY, T0 + dt.timedelta(days=17))  # nothing for two weeks
    assert slow.pace_per_day == 0 and slow.covers_blueprint is False and "short of the blueprint" in slow.summary()
    assert study_plan(store, profile, None, T0).days_left is None
    passed = study_plan(store, profile, EXAM_DAY, T0 + dt.timedelta(days=25))
    assert passed.days_left == -5 and passed.covers_blueprint is None and "has passed" in passed.summary()


# ---- the command line ----
def _run(capsys, *argv):
    from examsim.cli import main

    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def today(monkeypatch):
    from examsim.cli import context

    monkeypatch.setattr(context, "wall_clock", lambda: T0)
    return T0


def test_plan_sets_the_date_and_readiness_json_carries_it(capsys, tmp_path, today):
    data = str(tmp_path / "d")
    status, out, _ = _run(capsys, "--data-dir", data, "plan", "--date", EXAM_DAY.isoformat())
    assert status == 0 and "(20 days left)" in out and "task 1.1: 0 answers  <- short" in out
    assert load_settings(tmp_path / "d")[0].exam_date == EXAM_DAY
    status, out, _ = _run(capsys, "--data-dir", data, "plan", "--json")
    plan = json.loads(out)
    assert status == 0 and plan["exam_date"] == EXAM_DAY.isoformat() and plan["days_left"] == 20
    assert {"due_before_exam", "due_now", "pace_per_day", "needed_per_day", "covers_blueprint", "target_per_task",
            "tasks", "tasks_short"} <= set(plan) and len(plan["tasks_short"]) == 12
    status, out, _ = _run(capsys, "--data-dir", data, "readiness", "--json")
    est = json.loads(out)
    assert est["exam_date"] == EXAM_DAY.isoformat() and est["days_left"] == 20 and est["pass_probability"] is None
    status, out, _ = _run(capsys, "--data-dir", data, "plan", "--clear", "--json")
    assert json.loads(out)["exam_date"] is None and load_settings(tmp_path / "d")[0].exam_date is None


def test_plan_refuses_a_past_or_malformed_date_and_keeps_the_saved_one(capsys, tmp_path, today):
    data = tmp_path / "d"
    data.mkdir()
    save_settings(data, Settings(exam_date=EXAM_DAY))
    status, _, err = _run(capsys, "--data-dir", str(data), "plan", "--date", "2026-11-24")
    assert status == 2 and "has passed" in err
    status, _, err = _run(capsys, "--data-dir", str(data), "plan", "--date", "next friday")
    assert status == 2 and "YYYY-MM-DD" in err
    assert load_settings(data)[0].exam_date == EXAM_DAY


def test_readiness_text_says_how_much_evidence_is_fresh(capsys, synthetic_bank, profile, tmp_path, today):
    store = Store(tmp_path / "d")
    finish_run(synthetic_bank, profile, store, 5, 0.7, wall=T0 - dt.timedelta(days=2))
    finish_run(synthetic_bank, profile, store, 5, 0.9, wall=T0 - dt.timedelta(days=1))
    store.close()
    status, out, _ = _run(capsys, "--data-dir", str(tmp_path / "d"), "readiness")
    assert status == 0 and "readiness from 65 first-time answers and 65 repeats" in out
    assert "repeats count for less" in out
    est = json.loads(_run(capsys, "--data-dir", str(tmp_path / "d"), "readiness", "--json")[1])
    assert (est["first_time_answers"], est["repeat_answers"]) == (65, 65) and 0 < est["key_memory"] < 1
    assert sum(d["first_time"] for d in est["domains"]) == 65


# ---- home ----
@pytest.mark.asyncio
async def test_home_sets_the_exam_date_and_counts_down_to_it(synthetic_bank, profile, tmp_path):
    from examsim.tui.app import ExamsimApp

    (tmp_path / "d").mkdir()
    save_settings(tmp_path / "d", Settings(profile="mla-c01"))  # past the first-start chooser
    store = Store(tmp_path / "d", wall_clock=lambda: T0)
    finish_run(synthetic_bank, profile, store, 5, 0.7, wall=T0 - dt.timedelta(days=1))
    store.wall_clock = lambda: T0
    app = ExamsimApp(store, ("home",))
    async with app.run_test(size=(100, 34)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "from 65 first-time answers and 0 repeats" in screen_text(app)
        assert "No exam date set" in screen_text(app)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press(*"2026-11-01", "enter")  # passed: refused, the dialog stays
        await pilot.pause()
        assert "has passed" in screen_text(app)
        await pilot.press(*["backspace"] * 10, *EXAM_DAY.isoformat(), "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        assert f"Exam {EXAM_DAY.strftime('%a %d %b %Y')} (20 days left)" in text
        assert "cards due before it" in text and "answers a day vs" in text
    assert load_settings(tmp_path / "d")[0].exam_date == EXAM_DAY
    store.close()
