"""The bundled curated bank: clean, counted, and able to fill distinct full exams."""

from __future__ import annotations

from collections import Counter

from examsim.core.assembler import count_full_exams
from examsim.core.bank import load_bank


def test_bundled_bank_is_clean_and_fills_full_exams(profile):
    bank = load_bank(None, profile)
    assert [d.render() for d in bank.diagnostics] == []  # no errors and no unjustified warnings
    cards = [s.card for s in bank.cards]
    by_task = Counter(c.task for c in cards)
    c01 = [c for c in cards if c.exams is None or "mla-c01" in c.exams]
    by_task = Counter(c.task for c in c01)
    for task in ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4.1", "4.2", "4.3"):
        assert by_task[task] >= 15, task
    by_domain = Counter(c.domain for c in c01)
    assert by_domain[1] >= 70 and by_domain[2] >= 60 and by_domain[3] >= 58 and by_domain[4] >= 62
    assert all(c.choice is not None for c in cards)
    assert all(c.references and c.verified for c in cards)
    d12 = [c for c in c01 if c.domain in (1, 2)]
    assert sum(1 for c in d12 if c.choice.is_multiple_response) >= 25
    assert sum(1 for c in d12 if c.order) >= 12 and sum(1 for c in d12 if c.match) >= 12
    assert len({c.case for c in d12 if c.case}) >= 3
    d34 = [c for c in c01 if c.domain in (3, 4)]
    assert sum(1 for c in d34 if c.choice.is_multiple_response) >= 22
    assert sum(1 for c in d34 if c.order) >= 12 and sum(1 for c in d34 if c.match) >= 12
    assert len({c.case for c in d34 if c.case}) >= 3
    assert count_full_exams(bank.items, profile) >= 3


def test_every_new_mla_c02_skill_has_two_cards_and_two_full_exams():
    from examsim.core.profiles import load_profile

    c02 = load_profile("mla-c02")
    bank = load_bank(None, c02)
    served = [s.card for s in bank.cards if s.card.exams is None or "mla-c02" in s.card.exams]
    per_skill = Counter(skill for c in served for skill in c.skills)
    assert {s: per_skill[s] for s in c02.new_skills if per_skill[s] < 2} == {}
    new_cards = [s.card for s in bank.cards if s.card.exams == ["mla-c02"]]
    assert len(new_cards) >= 120
    assert count_full_exams(bank.items, c02) >= 2


def test_every_mla_c02_card_has_skills_and_every_skill_has_three_cards():
    from examsim.core.bank import bank_stats
    from examsim.core.profiles import load_profile

    c02 = load_profile("mla-c02")
    assert len(c02.skills) == 107 and set(c02.new_skills) <= set(c02.skills)
    bank = load_bank(None, c02)
    serving = [s.card for s in bank.cards if s.card.exams is None or "mla-c02" in s.card.exams]
    assert [c.id for c in serving if not c.skills] == []
    assert [c.id for c in serving if set(c.skills) - set(c02.skills)] == []
    # Counted as `bank stats` counts: the cards an MLA-C02 exam can actually serve.
    per_skill = bank_stats(bank, c02).skills
    assert list(per_skill) == c02.skills
    assert {s: n for s, n in per_skill.items() if n < 3} == {}


def _serving(bank, profile):
    from examsim.core.assembler import serves

    served = {i.card_id for i in bank.items if serves(i, profile)}
    return [s.card for s in bank.cards if s.card.id in served]


def test_round_two_depth_full_exams_tasks_cases_and_exhibits():
    """Issue 18: 6 distinct full MLA-C01 exams and 8 MLA-C02, 30 cards per task statement
    for each profile, 12 case studies (3 per domain), 24 exhibit items."""
    from examsim.core.profiles import load_profile

    for profile_id, exams in (("mla-c01", 6), ("mla-c02", 8)):
        profile = load_profile(profile_id)
        bank = load_bank(None, profile)
        cards = _serving(bank, profile)
        by_task = Counter(c.task for c in cards)
        assert {t: n for t, n in by_task.items() if n < 30} == {}, profile_id
        assert set(by_task) == set(profile.task_names), profile_id
        assert count_full_exams(bank.items, profile) >= exams, profile_id
    c01 = load_profile("mla-c01")
    bank = load_bank(None, c01)
    cards = [s.card for s in bank.cards]
    cases_by_domain = Counter(c.domain for c in {c.case: c for c in cards if c.case}.values())
    assert all(cases_by_domain[d] >= 3 for d in (1, 2, 3, 4)), cases_by_domain
    assert sum(1 for c in cards if c.exhibit) >= 24
    exhibit_items = [i for i in bank.items if i.has_exhibit]
    assert len(exhibit_items) >= 24 and all(i.exhibit_title for i in exhibit_items)


def test_every_ordering_and_matching_facet_explains_itself(profile):
    from examsim.core.lint import content_words

    bank = load_bank(None, profile)
    for sourced in bank.cards:
        card = sourced.card
        for facet in (card.order, card.match):
            if facet is None:
                continue
            assert facet.explanation, card.id
            explained = content_words(facet.explanation)
            for extra in facet.extra:  # each extra step or response is named in the explanation
                assert content_words(extra) & explained, (card.id, extra)
