"""The scaled score model and the scorer."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from examsim.assembler import assemble_exam, assemble_quiz, QuizFilter
from examsim.profiles import Scale
from examsim.scoring import MEETS, NEEDS, min_right_to_pass, scale_table, scaled_score, score

SCALE = Scale(min=100, max=1000, pass_mark=720, raw_cut=0.72)


def test_the_documented_anchor_points():
    assert scaled_score(36, 50, SCALE) == 720
    assert scaled_score(35, 50, SCALE) == 703
    assert scaled_score(0, 50, SCALE) == 100
    assert scaled_score(50, 50, SCALE) == 1000
    assert min_right_to_pass(50, SCALE) == 36


scales = st.builds(
    lambda lo, span, cut, pos: Scale(min=lo, max=lo + span, pass_mark=lo + max(1, min(span - 1, int(span * pos))), raw_cut=cut),
    st.integers(0, 500), st.integers(10, 2000), st.floats(0.05, 0.95), st.floats(0.01, 0.99),
)


@given(scales, st.integers(1, 120))
@settings(max_examples=200, deadline=None)
def test_scaled_is_monotone_and_bounded(scale, scored):
    values = [scaled_score(r, scored, scale) for r in range(scored + 1)]
    assert values == sorted(values)
    assert values[0] == scale.min and values[-1] == scale.max


@given(scales, st.integers(1, 120), st.data())
@settings(max_examples=200, deadline=None)
def test_pass_iff_at_or_above_the_mark(scale, scored, data):
    right = data.draw(st.integers(0, scored))
    s = scaled_score(right, scored, scale)
    row = next(r for r in [{"right": right, "pass": s >= scale.pass_mark}])
    assert row["pass"] == (s >= scale.pass_mark)
    # Reaching the raw cut always passes.
    if right / scored >= scale.raw_cut:
        assert s >= scale.pass_mark


def test_scale_table_matches_profile(profile):
    table = scale_table(profile)
    assert len(table) == profile.scored + 1
    assert [r["right"] for r in table if r["pass"]][0] == 36


def _answer(exam, right_indexes):
    """Canonical responses: the key for indexes in right_indexes, a wrong answer elsewhere."""
    out = {}
    for i, entry in enumerate(exam.entries):
        item = entry.item
        if i in right_indexes:
            out[i] = item.key
        elif item.kind in ("multiple-choice", "multiple-response"):
            out[i] = (len(item.options) - 1,)
        else:
            out[i] = tuple(reversed(item.key))
    return out


@given(data=st.data())
@settings(max_examples=30, deadline=None)
def test_only_scored_items_count_and_domains_never_decide(data, synthetic_bank, profile):
    exam = assemble_exam(synthetic_bank.items, profile, seed=data.draw(st.integers(0, 10_000)))
    right = set(data.draw(st.lists(st.integers(0, len(exam) - 1), unique=True)))
    report = score(exam, _answer(exam, right), profile)
    scored_right = sum(1 for i in right if exam.entries[i].scored)
    assert report.right == scored_right and report.scored == profile.scored
    assert report.passed == (scaled_score(scored_right, profile.scored, profile.scale) >= 720)
    assert sum(d.right for d in report.domains) == report.right
    for d in report.domains:
        assert d.result == (MEETS if d.right / d.scored >= profile.scale.raw_cut else NEEDS)


def test_unanswered_is_wrong_and_all_or_nothing(synthetic_bank, profile):
    exam = assemble_exam(synthetic_bank.items, profile, seed=5)
    report = score(exam, {}, profile)
    assert report.right == 0 and report.scaled == 100 and report.passed is False
    ordering = next(i for i, e in enumerate(exam.entries) if e.item.kind == "ordering")
    key = exam.entries[ordering].item.key
    almost = key[:-2] + (key[-1], key[-2])
    report = score(exam, {ordering: almost}, profile)
    assert report.correct[ordering] is False
    partial = next(p for p in report.partial if p.index == ordering)
    assert partial.in_place == len(key) - 2 and partial.total == len(key)


def test_multiple_response_needs_exactly_the_key_set(synthetic_bank, profile):
    exam = assemble_exam(synthetic_bank.items, profile, seed=6)
    i = next(i for i, e in enumerate(exam.entries) if e.item.kind == "multiple-response")
    item = exam.entries[i].item
    extra = next(o for o in range(len(item.options)) if o not in item.key)
    assert item.is_correct(item.key)
    assert not item.is_correct(item.key[:1])
    assert not item.is_correct(item.key + (extra,))


def test_quiz_reports_percent_not_scaled(synthetic_bank, profile):
    quiz = assemble_quiz(synthetic_bank.items, profile, 1, 10, QuizFilter(domains=[2]))
    report = score(quiz, {i: e.item.key for i, e in enumerate(quiz.entries)}, profile)
    assert report.scaled is None and report.percent == 100.0
    assert [d.key for d in report.domains] == ["2"]
