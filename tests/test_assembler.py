"""Assembling forms: blueprint, one item per card, cases together, shuffles, seeds."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from examsim.core.assembler import (AssemblyError, QuizFilter, assemble_exam, assemble_quiz, count_full_exams,
                                    quiz_kind_quotas)
from examsim.core.profiles import largest_remainder


def test_mla_blueprint_split():
    assert largest_remainder(50, [28, 26, 22, 24]) == [14, 13, 11, 12]
    assert largest_remainder(15, [28, 26, 22, 24]) == [4, 4, 3, 4]
    assert largest_remainder(15, [28, 24, 24, 24]) == [4, 4, 4, 3]  # ties go to the earlier domain


@given(st.integers(0, 500), st.lists(st.integers(1, 100), min_size=1, max_size=8))
@settings(max_examples=300, deadline=None)
def test_largest_remainder_sums_and_stays_within_one(total, weights):
    counts = largest_remainder(total, weights)
    assert sum(counts) == total
    for count, w in zip(counts, weights):
        exact = total * w / sum(weights)
        assert exact - 1 < count < exact + 1


@given(seed=st.integers(0, 2**31))
@settings(max_examples=25, deadline=None)
def test_exam_follows_the_blueprint(seed, synthetic_bank, profile):
    exam = assemble_exam(synthetic_bank.items, profile, seed)
    assert len(exam) == 65 and exam.minutes == 130
    scored = Counter(e.domain for e in exam.entries if e.scored)
    unscored = Counter(e.domain for e in exam.entries if not e.scored)
    assert scored == {1: 14, 2: 13, 3: 11, 4: 12}
    assert unscored == {1: 4, 2: 4, 3: 3, 4: 4}
    cards = [e.item.card_id for e in exam.entries]
    assert len(cards) == len(set(cards))
    kinds = Counter(e.item.kind for e in exam.entries)
    for kind, minimum in profile.min_kinds.items():
        assert kinds[kind] >= minimum


@given(seed=st.integers(0, 2**31))
@settings(max_examples=25, deadline=None)
def test_case_items_stay_together_in_order(seed, synthetic_bank, profile):
    exam = assemble_exam(synthetic_bank.items, profile, seed)
    positions: dict[str, list[int]] = {}
    for i, e in enumerate(exam.entries):
        if e.item.case_id:
            positions.setdefault(e.item.case_id, []).append(i)
    assert len(positions) >= profile.min_case_studies
    for case_id, where in positions.items():
        assert where == list(range(where[0], where[0] + len(where)))
        ids = [exam.entries[i].item.card_id for i in where]
        assert ids == sorted(ids)  # file order of the synthetic bank


@given(seed=st.integers(0, 2**31))
@settings(max_examples=25, deadline=None)
def test_key_follows_the_shuffle(seed, synthetic_bank, profile):
    exam = assemble_exam(synthetic_bank.items, profile, seed)
    for e in exam.entries:
        shown = e.presentation.shown_options(e.item)
        key = e.presentation.shown_key(e.item)
        if e.item.kind == "matching":
            prompts = e.presentation.shown_prompts(e.item)
            for p, k in enumerate(key):
                canonical_prompt = e.item.prompts.index(prompts[p])
                assert shown[k] == e.item.options[e.item.key[canonical_prompt]]
        else:
            assert [shown[k] for k in key] == sorted([e.item.options[k] for k in e.item.key], key=[shown[k] for k in key].index) or \
                sorted(shown[k] for k in key) == sorted(e.item.options[k] for k in e.item.key)
            if e.item.kind == "ordering":
                assert [shown[k] for k in key] == [e.item.options[k] for k in e.item.key]
        assert e.item.is_correct(e.presentation.to_canonical(e.item, key))


def test_same_seed_same_exam(synthetic_bank, profile):
    a = assemble_exam(synthetic_bank.items, profile, 42)
    b = assemble_exam(list(reversed(synthetic_bank.items)), profile, 42)
    assert a == b
    c = assemble_exam(synthetic_bank.items, profile, 43)
    assert [e.item.id for e in a.entries] != [e.item.id for e in c.entries]


def test_options_are_shuffled_per_exam(synthetic_bank, profile):
    exam = assemble_exam(synthetic_bank.items, profile, 7)
    orders = {e.presentation.option_order for e in exam.entries if e.item.kind == "multiple-choice"}
    assert len(orders) > 3


def test_shortfall_names_domain_and_count(profile):
    from examsim.core.bank import load_bank
    from examsim.core.synthetic import synthetic_bank_text
    import tempfile, pathlib

    folder = pathlib.Path(tempfile.mkdtemp())
    (folder / "b.toml").write_text(synthetic_bank_text(3, tasks=("1.1", "2.1", "3.1", "4.1")))
    bank = load_bank([folder], profile)
    with pytest.raises(AssemblyError) as info:
        assemble_exam(bank.items, profile, 1)
    text = str(info.value)
    assert "domain 1" in text and "needs" in text


def _bank(profile, per_task):
    import pathlib
    import tempfile

    from examsim.core.bank import load_bank
    from examsim.core.synthetic import synthetic_bank_text

    folder = pathlib.Path(tempfile.mkdtemp())
    (folder / "b.toml").write_text(synthetic_bank_text(per_task))
    return load_bank([folder], profile)


def test_prefers_least_seen_cards(profile):
    bank = _bank(profile, 20)
    first = assemble_exam(bank.items, profile, 1)
    seen = Counter(e.item.card_id for e in first.entries)
    second = assemble_exam(bank.items, profile, 2, seen=seen)
    assert not {e.item.card_id for e in second.entries} & set(seen)
    third_without_history = [assemble_exam(bank.items, profile, s) for s in range(3, 8)]
    assert any({e.item.card_id for e in x.entries} & set(seen) for x in third_without_history)


def test_quiz_filters(synthetic_bank, profile):
    quiz = assemble_quiz(synthetic_bank.items, profile, 1, 5, QuizFilter(tasks=["3.2"], kinds=["ordering"]))
    assert len(quiz) >= 1 and all(e.task == "3.2" and e.item.kind == "ordering" for e in quiz.entries)
    with pytest.raises(AssemblyError):
        assemble_quiz(synthetic_bank.items, profile, 1, 5, QuizFilter(card_ids=[]))


def test_count_full_exams(synthetic_bank, profile):
    # 30 single cards per domain fill one form (18 for domain 1); case blocks fill no second one.
    assert count_full_exams(synthetic_bank.items, profile) == 1
    assert count_full_exams(_bank(profile, 20).items, profile) == 3


@given(seed=st.integers(0, 2**31), count=st.integers(4, 40))
@settings(max_examples=60, deadline=None)
def test_a_quiz_of_every_domain_follows_the_blueprint(seed, count, synthetic_bank, profile):
    """"Quick 10: ten items from every domain" draws from every domain, by the blueprint's
    weights, while still holding the other item types."""
    quiz = assemble_quiz(synthetic_bank.items, profile, seed, count, QuizFilter())
    weights = [d.weight for d in profile.domain]
    want = dict(zip([d.number for d in profile.domain], largest_remainder(count, weights)))
    assert dict(Counter(e.domain for e in quiz.entries)) == want
    kinds = Counter(e.item.kind for e in quiz.entries)
    assert all(kinds[kind] >= n for kind, n in quiz_kind_quotas(profile, count).items())


@given(available=st.lists(st.integers(0, 30), min_size=2, max_size=5), count=st.integers(1, 80))
@settings(max_examples=200, deadline=None)
def test_a_domain_short_of_cards_gives_its_share_to_the_others(available, count):
    from examsim.core.assembler import _domain_quotas

    weights = {d: 10.0 + 7 * d for d in range(len(available))}
    quotas = _domain_quotas(dict(enumerate(available)), weights, count)
    assert sum(quotas.values()) == min(count, sum(available))
    assert all(0 <= quotas.get(d, 0) <= n for d, n in enumerate(available))
    # a domain gets less than its blueprint share only when it has no more cards
    if count <= sum(available):
        share = dict(zip(weights, largest_remainder(count, list(weights.values()))))
        assert all(quotas.get(d, 0) >= min(share[d] - 1, n) for d, n in enumerate(available))
