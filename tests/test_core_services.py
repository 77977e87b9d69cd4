"""The core services screens ask instead of deciding: when an answer may be checked, the key
in words, how an item's answer changed, the home screen's summary, how a run opens."""

from __future__ import annotations

import pytest

from examsim.core.assembler import QuizFilter, assemble_exam, assemble_quiz
from examsim.core.history import home_summary, run_opening
from examsim.core.items import key_text, say_answer
from examsim.core.run_review import answer_changes, report_item, set_aside_unstarted
from examsim.core.runs import create_run
from examsim.core.session import AnswerRefused, CheckVerdict, Session
from tests.conftest import FakeClock


def _quiz(bank, profile, store, kind: str, feedback: str = "now") -> Session:
    exam = assemble_quiz(bank.items, profile, 3, 2, QuizFilter(kinds=[kind]), feedback=feedback)
    s = create_run(exam, profile, store, clock=FakeClock())
    s.start()
    return s


def _key(s: Session, i: int) -> tuple[int, ...]:
    """The key in shown order, without asking the session (it shows the key only once final)."""
    e = s.entry(i)
    return e.presentation.shown_key(e.item)


@pytest.mark.parametrize("kind, missing", [("multiple-response", "Select TWO first"), ("ordering", "Place all 4 steps first"),
                                           ("matching", "Match every prompt first"), ("multiple-choice", "Answer first")])
def test_an_answer_is_checked_only_when_complete_and_only_once(store, synthetic_bank, profile, kind, missing):
    s = _quiz(synthetic_bank, profile, store, kind)
    assert s.check_verdict() == CheckVerdict(False, missing)
    with pytest.raises(AnswerRefused, match=missing):
        s.reveal()
    record = store.item_records(s.run_id).get(0)
    assert not s.is_revealed(0) and (record is None or not record.revealed)
    s.set_response(0, _key(s, 0))
    assert s.check_verdict() == CheckVerdict(True)
    s.reveal()
    assert s.check_verdict() == CheckVerdict(False)  # revealed: nothing to say, nothing to check


def test_feedback_at_the_end_offers_no_check(store, synthetic_bank, profile):
    s = _quiz(synthetic_bank, profile, store, "multiple-choice", feedback="end")
    s.set_response(0, _key(s, 0))
    assert s.check_verdict() == CheckVerdict(False)
    with pytest.raises(AnswerRefused, match="keys at the end"):
        s.reveal()  # the Session holds the rule, whoever calls it
    assert not s.is_revealed(0)


def test_the_key_in_words_for_every_kind():
    assert key_text("multiple-choice", (2,)) == "C"
    assert key_text("multiple-response", (0, 3)) == "A, D"
    assert key_text("ordering", (1, 0, 2)) == "B then A then C"
    assert key_text("matching", (1, 0, 2)) == "1→B, 2→A, 3→C"
    assert say_answer("matching", (1, -1)) == ["B", "-"]
    options, prompts = ("one", "two", "three"), ("p", "q")
    assert say_answer("multiple-response", (0, 2), options) == ["A. one", "C. three"]
    assert say_answer("ordering", (2, 0), options) == ["1. C. three", "2. A. one"]
    assert say_answer("matching", (1, -1), options, prompts) == ["p -> B. two", "q -> (not matched)"]


def test_answer_changes_say_how_often_and_to_what_effect(store, synthetic_bank, profile):
    s = _quiz(synthetic_bank, profile, store, "multiple-choice", feedback="end")
    key = _key(s, 0)[0]
    wrong = next(o for o in range(len(s.shown_options(0))) if o != key)
    assert answer_changes(s, 0) is None
    s.set_response(0, (wrong,))
    assert answer_changes(s, 0) is None  # one answer is no change
    s.set_response(0, (key,))
    assert answer_changes(s, 0) == (1, "wrong to right")
    s.set_response(0, (wrong,))
    assert answer_changes(s, 0) == (2, "no effect")


def test_building_a_select_two_answer_is_no_change_as_in_the_forensics(store, synthetic_bank, profile):
    s = _quiz(synthetic_bank, profile, store, "multiple-response", feedback="end")
    first, second = _key(s, 0)
    s.set_response(0, (first,))
    s.set_response(0, (first, second))  # the answer built in two picks: one answer
    assert answer_changes(s, 0) is None
    s.set_response(0, (first,))
    s.set_response(0, (first, next(o for o in range(5) if o not in (first, second))))
    assert answer_changes(s, 0) == (1, "right to wrong")


def test_home_summary_and_how_a_run_opens(store, synthetic_bank, profile):
    assert home_summary(store, profile.id) == home_summary(store, None)
    assert home_summary(store, profile.id).resumable == [] and home_summary(store, profile.id).cards_due is None
    done = _quiz(synthetic_bank, profile, store, "multiple-choice")
    done.submit()
    open_run = create_run(assemble_exam(synthetic_bank.items, profile, 1), profile, store, clock=FakeClock())
    summary = home_summary(store, profile.id)
    assert [r.id for r in summary.resumable] == [open_run.run_id] and summary.resumable[0].seconds_left == 130 * 60
    assert summary.latest_finished == done.run_id and home_summary(store, "aif-c01").latest_finished is None
    assert summary.cards_due is not None  # the quiz's shown item was reviewed: a drill is on offer
    assert [run_opening(store, r).how for r in (open_run.run_id, done.run_id, 99)] == ["resume", "review", None]
    set_aside_unstarted(open_run)
    assert run_opening(store, open_run.run_id).why_not == (f"run {open_run.run_id} was set aside before it was taken: "
                                                          "nothing to review")
    assert home_summary(store, profile.id).resumable == [] and store.run(open_run.run_id).state == "abandoned"


def test_a_report_on_an_item_is_kept_for_the_authors(store, synthetic_bank, profile):
    s = _quiz(synthetic_bank, profile, store, "multiple-choice")
    assert report_item(s, 1, "ambiguous", "two answers fit")
    [row] = store.feedback()
    assert (row["item_id"], row["kind"], row["comment"]) == (s.entry(1).item.id, "ambiguous", "two answers fit")


def test_review_filter_cycles_the_run_s_domains_then_its_tasks(store, synthetic_bank, profile):
    from examsim.core.filters import ReviewFilter

    s = create_run(assemble_exam(synthetic_bank.items, profile, 1), profile, store, clock=FakeClock())
    f = ReviewFilter()
    seen = []
    for _ in range(5):
        f.cycle_domain(s)
        seen.append(f.domain)
    assert seen == [1, 2, 3, 4, None]
    f.cycle_domain(s)
    tasks = []
    for _ in range(4):
        f.cycle_task(s)
        tasks.append(f.task)
    assert tasks == ["1.1", "1.2", "1.3", None]
    f.task = "1.2"
    f.cycle_domain(s)
    assert (f.domain, f.task) == (2, None)
