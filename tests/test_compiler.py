"""Cards -> items: every facet, stable ids, derived items marked."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from examsim.core.bank import load_bank
from examsim.core.compiler import compile_cards, derive_match_pairs, derive_order_steps
from tests.conftest import SEED_DECK


def test_every_facet_yields_an_item(synthetic_bank):
    kinds = {i.kind for i in synthetic_bank.items}
    assert kinds == {"multiple-choice", "multiple-response", "ordering", "matching"}
    assert not any(i.derived for i in synthetic_bank.items)


def test_item_ids_derive_from_card_id_and_facet(synthetic_bank):
    for item in synthetic_bank.items:
        card_id, facet = item.id.split(":")
        assert card_id == item.card_id and facet in {"choice", "order", "match"}


@pytest.fixture(scope="module")
def seed_deck_bank(profile):
    return load_bank([SEED_DECK], profile)


@given(rng=st.randoms(use_true_random=False))
@settings(max_examples=25, deadline=None)
def test_item_ids_stable_across_file_reorderings(rng, seed_deck_bank):
    # The seed deck's cards have no facets: their items are derived from sibling cards,
    # so the order of the file is exactly what could change them.
    cards = list(seed_deck_bank.cards)
    assert sum(1 for i in seed_deck_bank.items if i.derived) >= 10
    shuffled = cards[:]
    rng.shuffle(shuffled)
    a, _ = compile_cards(cards, seed_deck_bank.cases)
    b, _ = compile_cards(shuffled, seed_deck_bank.cases)
    assert {i.id: i for i in a} == {i.id: i for i in b}


def test_compiling_twice_gives_the_same_items(synthetic_bank_path, profile):
    a = load_bank([synthetic_bank_path], profile).items
    b = load_bank([synthetic_bank_path], profile).items
    assert a == b


def test_facetless_deck_cards_compile_to_derived_items(profile):
    bank = load_bank([SEED_DECK], profile)
    derived = [i for i in bank.items if i.derived]
    assert derived and all(i.derived for i in bank.items)
    choice = [i for i in derived if i.kind == "multiple-choice"]
    for item in choice:
        assert len(item.options) == 4 and item.key == (0,)
        assert len(set(item.options)) == 4
    kinds = {i.kind for i in derived}
    assert "ordering" in kinds and "matching" in kinds


def test_arrow_chain_becomes_steps_only_when_unambiguous():
    assert derive_order_steps("It runs: Load -> Clean -> Train -> Deploy. Done.") == ["Load", "Clean", "Train", "Deploy"]
    assert derive_order_steps("Rule: small -> File; big -> Pipe; random -> FastFile.") is None
    assert derive_order_steps("A -> B. C -> D -> E.") is None  # two chains


def test_term_clauses_become_pairs():
    text = "Alpha: the first thing. Beta: the second thing. Gamma: the third thing."
    assert derive_match_pairs(text) == [("Alpha", "the first thing"), ("Beta", "the second thing"), ("Gamma", "the third thing")]
    assert derive_match_pairs("Alpha: one. Beta: two.") is None
