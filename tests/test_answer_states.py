"""Complete, incomplete and unanswered: the Session decides, and keeps items within their limits.
Undo walks back through the answer history."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from examsim.core.assembler import assemble_exam
from examsim.core.bank import load_bank
from examsim.core.items import UNASSIGNED
from examsim.core.session import AnswerRefused, Session
from tests.conftest import FakeClock


def started(bank, profile, store, clock, seed=1):
    session = Session.create(assemble_exam(bank.items, profile, seed), profile, store, clock=clock)
    session.start()
    return session


def first(session, kind):
    return next(i for i, e in enumerate(session.exam.entries) if e.item.kind == kind)


def test_a_select_two_item_with_one_pick_is_incomplete_and_not_answered(synthetic_bank, profile, store, clock):
    s = started(synthetic_bank, profile, store, clock)
    i = first(s, "multiple-response")
    s.choose(0, i)
    assert s.answer_state(i) == "incomplete"
    counts = s.counts()
    assert (counts.answered, counts.incomplete, counts.unanswered) == (0, 1, 64)
    s.choose(1, i)
    assert s.answer_state(i) == "complete" and s.counts().answered == 1


def test_pacing_counts_complete_answers_only(synthetic_bank, profile, store, clock):
    s = started(synthetic_bank, profile, store, clock)
    per_item = 130 * 60 / 65
    clock.advance(per_item)
    s.choose(0, first(s, "multiple-response"))
    assert s.pacing() == pytest.approx(-per_item)  # one pick of two: nothing done yet
    s.choose(0, first(s, "multiple-choice"))
    assert s.pacing() == pytest.approx(0)


def test_an_incomplete_answer_is_not_counted_as_answered_in_the_report(synthetic_bank, profile, store, clock):
    s = started(synthetic_bank, profile, store, clock)
    s.choose(0, first(s, "multiple-response"))
    s.choose(0, first(s, "ordering"))
    s.assign(0, 0, first(s, "matching"))
    s.choose(0, first(s, "multiple-choice"))
    assert s.submit().answered == 1
    assert store.run(s.run_id).result["answered"] == 1


def test_more_picks_than_the_stem_asks_for_are_refused(synthetic_bank, profile, store, clock):
    s = started(synthetic_bank, profile, store, clock)
    i = first(s, "multiple-response")
    s.choose(0, i)
    s.choose(1, i)
    with pytest.raises(AnswerRefused, match="Select TWO: 2 are already selected"):
        s.choose(2, i)
    assert s.shown_response(i) == (0, 1) and store.item_records(s.run_id)[i].response is not None
    assert len(store.answer_log(s.run_id)[i]) == 2  # the refused pick was never written
    s.choose(0, i)  # unselecting is always allowed, and then another pick
    s.choose(2, i)
    assert s.shown_response(i) == (1, 2)


def test_an_old_run_with_too_many_picks_can_be_mended(synthetic_bank, profile, store, clock):
    s = started(synthetic_bank, profile, store, clock)
    i = first(s, "multiple-response")
    canonical = tuple(s.entry(i).presentation.option_order[n] for n in (0, 1, 2))
    store.save_response(s.run_id, i, s.entry(i).item.id, canonical, 1.0)  # as an older version allowed
    s.close()
    resumed = Session.resume(store, s.run_id, profile, clock=clock)
    assert resumed.answer_state(i) == "incomplete"
    resumed.choose(2, i)
    assert resumed.shown_response(i) == (0, 1) and resumed.answer_state(i) == "complete"
    resumed.close()


def test_ordering_refuses_a_step_beyond_the_sequence(tmp_path, profile, clock):
    text = ('[[card]]\nid = "ord"\ndomain = 1\ntask = "1.1"\nquestion = "Q?"\nanswer = "A."\n'
            '[card.order]\nstem = "Order them."\nsteps = ["one", "two", "three"]\nextra = ["never"]\n'
            'explanation = "one, two, three; never is not a step."\n')
    item = _one_item(tmp_path, profile, text, "ordering")
    s = _session_of(item, profile, clock)
    for n in range(3):
        s.choose(n)
    with pytest.raises(AnswerRefused, match="All 3 steps are placed"):
        s.choose(3)
    assert len(s.shown_response()) == 3


def test_matching_refuses_a_response_on_two_prompts(synthetic_bank, profile, store, clock):
    s = started(synthetic_bank, profile, store, clock)
    i = first(s, "matching")
    s.assign(0, 2, i)
    with pytest.raises(AnswerRefused, match="already matched to prompt 1"):
        s.assign(1, 2, i)
    assert s.shown_response(i) == (2, UNASSIGNED, UNASSIGNED)
    s.assign(0, 2, i)  # the same letter again takes it back
    s.assign(1, 2, i)
    assert s.shown_response(i) == (UNASSIGNED, 2, UNASSIGNED)


def test_matching_with_reuse_lets_one_response_serve_two_prompts(tmp_path, profile, clock):
    text = ('[[card]]\nid = "mat"\ndomain = 1\ntask = "1.1"\nquestion = "Q?"\nanswer = "A."\n'
            '[card.match]\nstem = "Match each workload to an inference option."\nreuse = true\n'
            'pairs = [["Live API", "Real-time endpoint"], ["Chatbot", "Real-time endpoint"], ["Nightly scoring", "Batch transform"]]\n'
            'explanation = "Live traffic needs a real-time endpoint; nightly jobs suit batch transform."\n')
    item = _one_item(tmp_path, profile, text, "matching")
    assert item.reuse_responses and len(item.options) == 2 and item.key == (0, 0, 1)
    s = _session_of(item, profile, clock)
    key = s.entry().presentation.shown_key(item)
    for prompt, option in enumerate(key):
        s.assign(prompt, option)
    assert s.answer_state() == "complete" and s.is_correct(0)


def test_shared_responses_without_reuse_are_a_lint_error(tmp_path, profile):
    text = ('[[card]]\nid = "mat"\ndomain = 1\ntask = "1.1"\nquestion = "Q?"\nanswer = "A."\n'
            '[card.match]\nstem = "Match them."\n'
            'pairs = [["Live API", "Real-time endpoint"], ["Chatbot", "Real-time endpoint"], ["Nightly", "Batch transform"]]\n'
            'explanation = "Because."\n')
    path = tmp_path / "bank.toml"
    path.write_text(text, encoding="utf-8")
    bank = load_bank([path], profile)
    assert any(d.code == "duplicate-option" and "reuse = true" in d.message for d in bank.diagnostics)


def test_undo_walks_back_through_the_answers_and_survives_a_resume(synthetic_bank, profile, store, clock):
    s = started(synthetic_bank, profile, store, clock)
    i = first(s, "multiple-choice")
    assert s.previous_answer(i) is None and not s.undo(i)
    s.choose(0, i)
    s.choose(2, i)
    s.choose(3, i)
    assert s.previous_answer(i) == (2,)
    assert s.undo(i) and s.shown_response(i) == (2,)
    s.close()
    resumed = Session.resume(store, s.run_id, profile, clock=clock)
    assert resumed.undo(i) and resumed.shown_response(i) == (0,)
    assert resumed.undo(i) and resumed.shown_response(i) == () and resumed.answer_state(i) == "unanswered"
    assert not resumed.undo(i)
    resumed.close()


def test_undo_restores_a_cleared_answer(synthetic_bank, profile, store, clock):
    s = started(synthetic_bank, profile, store, clock)
    i = first(s, "multiple-response")
    s.choose(0, i)
    s.choose(1, i)
    s.clear(i)
    assert s.undo(i) and s.shown_response(i) == (0, 1)


def test_undo_works_without_a_store(synthetic_bank, profile, clock):
    s = Session(assemble_exam(synthetic_bank.items, profile, 1), profile, clock=clock)
    s.start()
    i = first(s, "matching")
    s.assign(0, 1, i)
    s.assign(1, 0, i)
    assert s.undo(i) and s.shown_response(i) == (1, UNASSIGNED, UNASSIGNED)


@settings(max_examples=40, deadline=None)
@given(steps=st.lists(st.tuples(st.sampled_from(["choose", "assign", "undo", "clear"]), st.integers(0, 64),
                                st.integers(0, 4), st.integers(0, 2)), max_size=40))
def test_counts_partition_the_items_and_limits_hold(steps, synthetic_bank, profile):
    s = Session(assemble_exam(synthetic_bank.items, profile, 2), profile, clock=FakeClock())
    s.start()
    for action, i, option, prompt in steps:
        item = s.entry(i).item
        option %= len(item.options)
        try:
            if action == "undo":
                s.undo(i)
            elif action == "clear":
                s.clear(i)
            elif item.kind == "matching":
                s.assign(prompt % len(item.prompts), option, i)
            elif action == "choose":
                s.choose(option, i)
        except AnswerRefused:
            pass
        assert item.excess(s.canonical_responses().get(i)) == 0
    c = s.counts()
    assert c.answered + c.incomplete + c.unanswered == c.total == 65
    assert c.answered == sum(s.is_complete(i) for i in range(65))


def _one_item(tmp_path, profile, text, kind):
    path = tmp_path / "bank.toml"
    path.write_text(text, encoding="utf-8")
    bank = load_bank([path], profile)
    assert not [d for d in bank.diagnostics if d.severity == "error"], bank.diagnostics
    return next(item for item in bank.items if item.kind == kind)


def _session_of(item, profile, clock):
    from examsim.core.assembler import Exam, ExamEntry
    from examsim.core.items import Presentation

    entry = ExamEntry(item, Presentation(tuple(range(len(item.options))), tuple(range(len(item.prompts)))), True,
                      item.domain, item.task)
    s = Session(Exam(profile.id, "quiz", 1, None, (entry,), "end", "", "test"), profile, clock=clock)
    s.start()
    return s


def test_reports_name_a_missed_item_incomplete_or_unanswered(synthetic_bank, profile, store, clock):
    from examsim.core.report import render_report

    s = started(synthetic_bank, profile, store, clock)
    mr = first(s, "multiple-response")
    s.choose(0, mr)
    s.submit()
    for fmt in ("text", "markdown", "html"):
        text = render_report(store, s.run_id, fmt)
        assert f"Question {mr + 1} (incomplete)" in text or f"Question {mr + 1} (unscored) (incomplete)" in text, fmt
        assert "(unanswered)" in text
