"""The scaled score model and the scorer."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from examsim.core.assembler import assemble_exam, assemble_quiz, QuizFilter
from examsim.core.profiles import Scale
from examsim.core.scoring import MEETS, NEEDS, min_right_to_pass, scale_table, scaled_score, score

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


def _scaled_by_hand(right: int, scored: int, scale: Scale) -> int:
    """docs/scoring.md's formula in integer arithmetic, apart from the code under test:
    reported = floor(scaled + 1/2), with the cut c = a/b read from its decimal text."""
    whole, _, frac = f"{scale.raw_cut:.10f}".partition(".")
    b = 10 ** len(frac)
    a = int(whole) * b + int(frac)
    lo, mark, hi = scale.min, scale.pass_mark, scale.max
    if right * b < a * scored:  # p < c: lo + (mark - lo) * (right/scored) / (a/b)
        num, den = lo * scored * a + (mark - lo) * right * b, scored * a
    else:  # mark + (hi - mark) * (right/scored - a/b) / (1 - a/b)
        num = mark * scored * (b - a) + (hi - mark) * (right * b - a * scored)
        den = scored * (b - a)
    return (2 * num + den) // (2 * den)


@given(scale=scales, data=st.data())
@settings(max_examples=150, deadline=None)
def test_pass_iff_at_or_above_the_mark(scale, data, synthetic_bank, profile):
    custom = profile.model_copy(update={"scale": scale})
    exam = assemble_exam(synthetic_bank.items, custom, seed=data.draw(st.integers(0, 10_000)))
    scored_indexes = [i for i, e in enumerate(exam.entries) if e.scored]
    right = data.draw(st.integers(0, len(scored_indexes)))
    report = score(exam, _answer(exam, set(scored_indexes[:right])), custom)
    expected = _scaled_by_hand(right, len(scored_indexes), scale)
    assert report.right == right
    assert report.scaled == expected
    assert report.passed == (expected >= scale.pass_mark)
    row = scale_table(custom)[right]
    assert (row["scaled"], row["pass"]) == (expected, expected >= scale.pass_mark)


def test_the_hand_formula_agrees_with_the_documented_anchors():
    assert [_scaled_by_hand(r, 50, SCALE) for r in (0, 35, 36, 50)] == [100, 703, 720, 1000]


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
