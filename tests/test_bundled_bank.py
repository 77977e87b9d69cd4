"""The bundled curated bank: clean, counted, and able to fill distinct full exams."""

from __future__ import annotations

from collections import Counter

from examsim.assembler import count_full_exams
from examsim.bank import load_bank


def test_bundled_bank_is_clean_and_fills_full_exams(profile):
    bank = load_bank(None, profile)
    assert [d.render() for d in bank.diagnostics] == []  # no errors and no unjustified warnings
    cards = [s.card for s in bank.cards]
    by_task = Counter(c.task for c in cards)
    for task in ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2"):
        assert by_task[task] >= 15, task
    by_domain = Counter(c.domain for c in cards)
    assert by_domain[1] >= 70 and by_domain[2] >= 60
    assert all(c.choice is not None for c in cards)
    assert all(c.references and c.verified for c in cards)
    d12 = [c for c in cards if c.domain in (1, 2)]
    assert sum(1 for c in d12 if c.choice.is_multiple_response) >= 25
    assert sum(1 for c in d12 if c.order) >= 12 and sum(1 for c in d12 if c.match) >= 12
    assert len({c.case for c in d12 if c.case}) >= 3
    assert count_full_exams(bank.items, profile) >= 3
