"""Answer forensics count real changes (issue 16, point 4): building an answer (the two options
of a Select TWO item, the steps of an ordering, the pairs of a matching) is one answer; only
complete answers enter the history that "answers changed" reads."""

from __future__ import annotations

import pytest

from examsim.core.assembler import assemble_exam
from examsim.core.items import UNASSIGNED
from examsim.core.session import Session
from examsim.core.study import complete_answers, forensics
from tests.conftest import FakeClock


def _exam(bank, profile, store, seed=2) -> Session:
    s = Session.create(assemble_exam(bank.items, profile, seed), profile, store, clock=FakeClock())
    s.start()
    return s


def _build(s: Session, i: int, answer: tuple[int, ...]) -> None:
    """Give `answer` (shown indexes) as a candidate does: one pick or one pair at a time."""
    kind = s.entry(i).item.kind
    if kind == "matching":
        partial = [UNASSIGNED] * len(answer)
        for p, r in enumerate(answer):
            partial[p] = r
            s.set_response(i, tuple(partial))
    else:
        for n in range(1, len(answer) + 1):
            s.set_response(i, answer[:n])


def _other_complete(s: Session, i: int) -> tuple[int, ...]:
    """A complete answer that is not the key."""
    e = s.entry(i)
    key = e.presentation.shown_key(e.item)
    if e.item.kind == "multiple-response":
        return tuple(sorted([key[0], next(o for o in range(len(e.item.options)) if o not in key)]))
    return (key[1], key[0], *key[2:])  # ordering and matching: two swapped


def _first(s: Session, kind: str) -> int:
    return next(i for i, e in enumerate(s.exam.entries) if e.item.kind == kind)


@pytest.mark.parametrize("kind", ["multiple-response", "ordering", "matching"])
@pytest.mark.parametrize("answers, expected", [
    (["key"], (0, 0, 0)),  # built pick by pick: one answer, no change
    (["other", "key"], (1, 1, 0)),  # settled on a wrong answer, cleared it, built the key
    (["key", "key"], (0, 0, 0)),  # the same answer given again is no change
], ids=["built-once", "wrong-then-right", "same-again"])
def test_only_a_different_complete_answer_is_a_change(kind, answers, expected, synthetic_bank, profile, store):
    s = _exam(synthetic_bank, profile, store)
    i = _first(s, kind)
    s.goto(i)
    e = s.entry(i)
    for n, which in enumerate(answers):
        if n:
            s.clear(i)
        _build(s, i, e.presentation.shown_key(e.item) if which == "key" else _other_complete(s, i))
    s.submit()
    f = forensics(store, s.run_id)
    assert (f.changed, f.wrong_to_right, f.right_to_wrong) == expected


def test_one_change_in_a_whole_exam_is_reported_as_one(synthetic_bank, profile, store):
    """The report the issue quotes: every item answered pick by pick, one answer changed."""
    s = _exam(synthetic_bank, profile, store)
    changed = _first(s, "multiple-response")
    for i, e in enumerate(s.exam.entries):
        s.goto(i)
        key = e.presentation.shown_key(e.item)
        if i == changed:
            _build(s, i, key)
            s.clear(i)
            _build(s, i, _other_complete(s, i))
        else:
            _build(s, i, key)
    s.submit()
    f = forensics(store, s.run_id)
    assert (f.changed, f.wrong_to_right, f.right_to_wrong) == (1, 0, 1)


def test_a_select_two_answer_in_either_order_is_the_same_answer(synthetic_bank, profile):
    item = next(i for i in synthetic_bank.items if i.kind == "multiple-response" and i.select_count == 2)
    a, b = item.key
    assert complete_answers(item, [(a,), (a, b), (a,), (b, a)]) == [(a, b)]
    assert complete_answers(item, [None, (a,), None]) == []
