"""The Session's parts on their own (issue 17): the RunClock is pure time, the AnswerSheet the
candidate's marks without a store or a clock. Invariants, by hypothesis."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from examsim.core.assembler import assemble_exam
from examsim.core.session.clock import WARNINGS_AT_MINUTES, RunClock
from examsim.core.session.sheet import AnswerSheet
from tests.conftest import FakeClock

steps = st.lists(st.tuples(st.sampled_from(["open", "stop", "wait"]), st.floats(0, 400)), max_size=40)


@settings(max_examples=200, deadline=None)
@given(steps=steps, limit=st.one_of(st.none(), st.floats(60, 3600)), saved=st.floats(0, 600))
def test_the_clock_counts_only_while_open_and_never_past_the_limit(steps, limit, saved):
    monotonic = FakeClock()
    clock = RunClock(limit, monotonic, elapsed=saved)
    expected = saved
    for action, seconds in steps:
        before = clock.elapsed
        if action == "open":
            clock.open(before)
        elif action == "stop":
            clock.stop(before)
        else:
            monotonic.advance(seconds)
            expected += seconds if clock.is_open else 0.0
        assert clock.elapsed >= before  # time never runs back, whatever the candidate does
        assert clock.elapsed == pytest.approx(min(expected, limit) if limit is not None else expected)


@settings(max_examples=200, deadline=None)
@given(waits=st.lists(st.floats(0, 900), min_size=1, max_size=30), limit=st.floats(30, 3600))
def test_each_time_warning_is_crossed_once_and_only_when_it_fits_the_limit(waits, limit):
    monotonic = FakeClock()
    clock = RunClock(limit, monotonic)
    clock.open(0.0)
    given_warnings: list[int] = []
    for wait in waits:
        monotonic.advance(wait)
        crossed = clock.warnings_crossed()
        given_warnings += sorted(crossed)
        clock.warned |= crossed
    assert len(given_warnings) == len(set(given_warnings))
    due = {m for m in WARNINGS_AT_MINUTES if limit > m * 60 and clock.remaining <= m * 60}
    assert set(given_warnings) == due


def test_the_sheet_speaks_shown_indexes_and_keeps_canonical_ones(synthetic_bank, profile):
    exam = assemble_exam(synthetic_bank.items, profile, 5)
    sheet = AnswerSheet(exam, {})
    shuffled = next(i for i, e in enumerate(exam.entries)
                    if e.item.kind == "multiple-choice" and e.presentation.option_order[0] != 0)
    sheet.set_answer(shuffled, sheet.answer_to_save(shuffled, (0,)))  # the first option on screen
    assert sheet.shown_response(shuffled) == (0,)
    assert sheet.canonical_responses()[shuffled] == (exam.entries[shuffled].presentation.option_order[0],)
    assert sheet.was_shown(shuffled) and sheet.answer_state(shuffled) == "complete"
    assert sheet.previous_answer(shuffled) == ()  # undo: back to unanswered, from memory alone


def test_an_option_key_names_the_items_options_when_it_is_past_them(synthetic_bank):
    from examsim.core.session import AnswerRefused
    from examsim.core.session.rules import option_for_key

    by_kind = {item.kind: item for item in synthetic_bank.items}
    choice, matching = by_kind["multiple-choice"], by_kind["matching"]
    last = chr(ord("A") + len(choice.options) - 1)
    assert [option_for_key(choice, key) for key in ("a", "B")] == [0, 1]
    for key in (chr(ord(last) + 1).lower(), "9", "é"):
        with pytest.raises(AnswerRefused, match=f"^No option {key.upper()}: this item has options A-{last}.$"):
            option_for_key(choice, key)
    with pytest.raises(AnswerRefused, match="^No response Z: this item has responses A-"):
        option_for_key(matching, "z")
