"""Fuzzing that reaches the card parser: TOML shaped like a bank file (a [[card]] table with
real fields, some values wrong, some lines broken), not random bytes that TOML rejects."""

from __future__ import annotations

import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from examsim.core.cards.toml_reader import load_toml_bank
from examsim.core.compiler import SourcedCard, compile_cards
from examsim.core.lint import lint_card

_words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30)


@st.composite
def card_tables(draw):
    """A valid card, then (often) one or two mutations of the kinds authors make."""
    task = draw(st.sampled_from(["1.1", "2.3", "3.2", "4.1"]))
    n_keys = draw(st.integers(1, 2))
    card = {
        "id": draw(st.from_regex(r"[a-z][a-z0-9-]{2,12}", fullmatch=True)),
        "domain": int(task[0]),
        "task": task,
        "question": draw(_words) + ("(Select TWO.)" if n_keys == 2 else ""),
        "answer": draw(_words),
        "choice": {"correct": draw(st.lists(_words, min_size=n_keys, max_size=n_keys, unique=True)),
                   "distractors": draw(st.lists(_words, min_size=3, max_size=4, unique=True))},
    }
    if draw(st.booleans()):
        card["references"] = ["https://docs.aws.amazon.com/sagemaker/latest/dg/whatis.html"]
    if draw(st.booleans()):
        card["order"] = {"stem": draw(_words), "steps": draw(st.lists(_words, min_size=3, max_size=5, unique=True)),
                         "explanation": draw(_words)}
    if draw(st.booleans()):
        card["exhibit"] = draw(st.one_of(
            st.fixed_dictionaries({"title": _words, "text": _words}),
            st.fixed_dictionaries({"title": _words, "columns": st.lists(_words, min_size=1, max_size=3),
                                   "rows": st.lists(st.lists(_words, min_size=1, max_size=3), min_size=1, max_size=3)})))
    for mutation in draw(st.lists(st.sampled_from(["none", "drop", "type", "unknown", "task", "url", "steps"]), max_size=2)):
        key = draw(st.sampled_from(sorted(card)))
        if mutation == "drop":
            card.pop(key)  # a required field missing, or an optional one
        elif mutation == "type":
            card[key] = draw(st.one_of(st.integers(), st.booleans(), st.lists(st.integers(), max_size=2)))
        elif mutation == "unknown":
            card["colour"] = "red"
        elif mutation == "task":
            card["task"] = draw(st.sampled_from(["9.9", "x", "2.1"]))
        elif mutation == "url":
            card["references"] = [draw(st.sampled_from(["http://x", "javascript:alert(1)", "https:// spaced"]))]
        elif mutation == "steps" and isinstance(card.get("order"), dict):
            card["order"]["steps"] = card["order"]["steps"][:2]
    return card


def as_bank_file(cards: list[dict]) -> str:
    """Write cards as an author does: a [[card]] header, its keys, then [card.facet] tables
    (tomli_w alone writes small arrays of tables inline, which no author does)."""
    lines = []
    for card in cards:
        lines.append("[[card]]")
        tables = {k: v for k, v in card.items() if isinstance(v, dict)}
        lines += [tomli_w.dumps({k: v}).strip() for k, v in card.items() if k not in tables]
        for name, table in tables.items():
            lines.append(f"[card.{name}]")
            lines += [tomli_w.dumps({k: v}).strip() for k, v in table.items()]
        lines.append("")
    return "\n".join(lines)


@given(cards=st.lists(card_tables(), min_size=1, max_size=3), cut=st.integers(0, 400), broken=st.booleans())
@settings(max_examples=200, deadline=None)
def test_card_shaped_toml_reaches_validation_line_mapping_and_compiling(cards, cut, broken):
    text = as_bank_file(cards)
    if broken:  # one damaged line: TOML's own error must name a line inside the file
        lines = text.split("\n")
        lines[cut % len(lines)] += ' = "'
        text = "\n".join(lines)
    loaded = load_toml_bank("fuzz.toml", text.encode("utf-8"))
    total_lines = text.count("\n") + 1
    for d in loaded.diagnostics:
        assert d.message and d.file == "fuzz.toml"
        assert d.line is None or 1 <= d.line <= total_lines, d.render()
    if not broken:  # every card either loaded or was reported on a line of its own table
        assert len(loaded.cards) + len({d.line for d in loaded.diagnostics if d.code == "schema" and d.line}) >= 1
        assert all(d.line is not None for d in loaded.diagnostics if d.code == "schema"), [d.render() for d in loaded.diagnostics]
    for card in loaded.cards:  # whatever validated compiles and lints without raising
        assert card.id in loaded.card_lines
        assert 1 <= loaded.card_lines[card.id] <= total_lines
        lint_card(card, "fuzz.toml", loaded.card_lines[card.id])
    items, _ = compile_cards([SourcedCard(c, "fuzz.toml", loaded.card_lines.get(c.id)) for c in loaded.cards], loaded.cases)
    assert {i.card_id for i in items} <= {c.id for c in loaded.cards}


@given(cards=st.lists(card_tables(), min_size=1, max_size=3))
@settings(max_examples=100, deadline=None)
def test_the_clean_source_fast_path_reads_exactly_what_the_full_walk_reads(cards):
    """Loading skips walking every field when the file text proves there is nothing to clean;
    it must give the same cards and diagnostics as the full walk, hostile text or not."""
    import examsim.core.cards.toml_reader as reader

    data = as_bank_file(cards).encode("utf-8")
    fast = load_toml_bank("f.toml", data)
    original = reader.toml_source_is_clean
    reader.toml_source_is_clean = lambda text: False
    try:
        slow = load_toml_bank("f.toml", data)
    finally:
        reader.toml_source_is_clean = original
    assert fast.cards == slow.cards
    assert [d.render() for d in fast.diagnostics] == [d.render() for d in slow.diagnostics]
