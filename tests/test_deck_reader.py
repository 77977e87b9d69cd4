"""The flashcard deck reader: the seed deck, messy files, and properties."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from examsim.core.cards.deck_reader import dump_deck, load_deck
from examsim.core.cards.model import Card
from tests.conftest import SEED_DECK


def codes(deck):
    return [(d.line, d.code) for d in deck.diagnostics]


def test_seed_deck_parses_to_exactly_twenty_cards():
    deck = load_deck(SEED_DECK)
    assert len(deck.cards) == 20
    assert deck.diagnostics == []


def test_seed_deck_headers_attach_to_the_card_after_them():
    deck = load_deck(SEED_DECK)
    by_line = {deck.card_lines[c.id]: c for c in deck.cards}
    assert (by_line[1].level, by_line[1].category) == (None, None)  # the first card has no header
    assert (by_line[5].level, by_line[5].category) == ("foundational", "cert")
    assert (by_line[7].level, by_line[7].category) == (None, None)
    assert (by_line[29].level, by_line[29].category) == ("advanced", "system-design")
    assert (by_line[69].level, by_line[69].category) == ("expert", "system-design")


def test_seed_deck_tags_come_from_the_tag_line():
    deck = load_deck(SEED_DECK)
    by_line = {deck.card_lines[c.id]: c for c in deck.cards}
    assert by_line[1].tags == ["aif-c01", "mla-c01", "certification", "exam-scope"]
    assert by_line[5].tags == []  # neither tags nor ...
    assert by_line[7].tags == []


def test_bom_and_crlf_are_accepted(tmp_path):
    path = tmp_path / "d.txt"
    path.write_bytes(b"\xef\xbb\xbfQuestion one?\r\nAnswer one.\r\n#a#b\r\n\r\n\r\n")
    deck = load_deck(path)
    assert [c.question for c in deck.cards] == ["Question one?"]
    assert deck.cards[0].tags == ["a", "b"]
    assert deck.diagnostics == []


def test_file_ending_mid_card_reports_the_question_line(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text("Q one?\nA one.\nIntermediateconcept\nQ two has no answer?\n")
    deck = load_deck(path)
    assert len(deck.cards) == 1
    assert (4, "no-answer") in codes(deck)
    assert deck.diagnostics[0].severity == "error"


def test_empty_file_is_an_error_not_a_crash(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text("")
    deck = load_deck(path)
    assert deck.cards == [] and codes(deck) == [(1, "empty-file")]
    assert deck.diagnostics[0].severity == "error"


def test_binary_file_is_reported_with_its_line(tmp_path):
    path = tmp_path / "d.txt"
    path.write_bytes(b"Q?\nA.\n\x00\x01\x02")
    deck = load_deck(path)
    assert deck.cards == [] and codes(deck) == [(3, "binary")]


def test_invalid_utf8_is_reported(tmp_path):
    path = tmp_path / "d.txt"
    path.write_bytes(b"Q one?\nA \xff one.\n")
    deck = load_deck(path)
    assert codes(deck) == [(2, "encoding")]


def test_header_with_no_card_after_it(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text("Q one?\nA one.\nAdvancedcert\n")
    deck = load_deck(path)
    assert len(deck.cards) == 1 and codes(deck) == [(3, "orphan-header")]


def test_unknown_header_words_keep_the_card(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text("Beginnerconcept\nQ one?\nA one.\nIntermediatetheory\nQ two?\nA two.\n")
    deck = load_deck(path)
    assert len(deck.cards) == 2
    assert codes(deck) == [(1, "unknown-header"), (4, "unknown-header")]
    assert deck.cards[1].level == "intermediate" and deck.cards[1].category is None


def test_odd_tag_lines(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text("#stray\nQ one?\nA one.\n# Foo Bar ##baz#\nQ two?\nA two.\n##\n")
    deck = load_deck(path)
    assert deck.cards[0].tags == ["foo-bar", "baz"]
    assert codes(deck) == [(1, "stray-tags"), (7, "odd-tags")]


def test_good_cards_around_a_bad_one_still_load(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text("Q one?\nA one.\nQ two?\n#tags-instead-of-answer\nQ three?\nA three.\n")
    deck = load_deck(path)
    assert [c.question for c in deck.cards] == ["Q one?", "Q three?"]
    assert (3, "no-answer") in codes(deck)


# Format characters (Cf) are removed where text enters (examsim.core.text), so they cannot round-trip.
_word = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp", "Zs"), blacklist_characters="#\ufeff\x85"),
               min_size=1, max_size=8)
# A deck line is words with spaces between: never a lone token (a header) or a '#' line (tags).
_text = st.lists(_word, min_size=2, max_size=6).map(" ".join)
_tag = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)
# A deck's question line asks something (text with no question is not read as a deck).
_question = _text.map(lambda q: q + "?")


@st.composite
def deck_cards(draw):
    n = draw(st.integers(1, 6))
    questions = draw(st.lists(_question, min_size=n, max_size=n, unique_by=lambda s: " ".join(s.split())))
    cards = []
    for i, q in enumerate(questions):
        from examsim.core.cards.deck_reader import deck_card_id

        level = draw(st.sampled_from([None, "intermediate", "expert"]))
        category = draw(st.sampled_from(["concept", "system-design"])) if level else None
        cards.append(Card(id=deck_card_id(" ".join(q.split())), question=" ".join(q.split()), answer=" ".join(draw(_text).split()),
                          level=level, category=category, tags=draw(st.lists(_tag, max_size=3, unique=True))))
    return cards


@given(deck_cards())
@settings(max_examples=60, deadline=None)
def test_deck_round_trip(cards):
    deck = load_deck("mem.txt", dump_deck(cards).encode())
    assert [(c.question, c.answer, c.level, c.category, c.tags) for c in deck.cards] == [
        (c.question, c.answer, c.level, c.category, c.tags) for c in cards
    ]


@given(st.binary(max_size=400))
@settings(max_examples=200, deadline=None)
def test_reader_never_raises_on_arbitrary_bytes(data):
    deck = load_deck("fuzz.txt", data)
    for d in deck.diagnostics:
        assert d.file == "fuzz.txt" and d.message


@given(cards=deck_cards())
@settings(max_examples=30, deadline=None)
def test_toml_round_trip_through_bank_import(cards, tmp_path_factory):
    from examsim.core.cards.toml_reader import load_toml_bank
    from examsim.cli import main

    folder = tmp_path_factory.mktemp("import")
    deck = folder / "deck.txt"
    deck.write_text(dump_deck(cards), encoding="utf-8")
    out = folder / "cards.toml"
    assert main(["bank", "import", str(deck), "--out", str(out)]) in (0, 1)
    loaded = load_toml_bank(out)
    assert loaded.diagnostics == []
    assert [(c.id, c.question, c.answer, c.level, c.category, c.tags) for c in loaded.cards] == [
        (c.id, c.question, c.answer, c.level, c.category, c.tags) for c in cards
    ]


# The hostile characters themselves (category Cc: ESC, BEL, DEL, C1 such as U+009B; and Cf:
# bidi overrides, zero-width joiners) inside deck text. Not line breaks (they end a line) and
# not NUL (a file holding NUL is binary, refused whole: tests/data/bad/binary.toml).
_hostile = st.sampled_from(["\x1b", "\x07", "\x7f", "\x9b", "\x90", "\u202e", "\u200d", "\u2066", "\x1b]0;x\x07"])
_dirty_word = st.lists(st.one_of(_word, _hostile), min_size=1, max_size=4).map("".join)
# At least one word survives cleaning, so the line stays a line of text.
_dirty_text = st.tuples(_word, st.lists(_dirty_word, min_size=1, max_size=5)).map(lambda t: " ".join([t[0], *t[1]]))


def _words_of(text: str) -> tuple[str, ...]:
    from examsim.core.text import clean_text

    return tuple(clean_text(text).split())


@given(pairs=st.lists(st.tuples(_dirty_text, _dirty_text), min_size=1, max_size=5, unique_by=lambda p: _words_of(p[0])))
@settings(max_examples=100, deadline=None)
def test_deck_round_trip_of_hostile_text_keeps_the_words_and_drops_the_controls(pairs):
    from examsim.core.text import clean_text

    raw = "".join(f"{q}?\n{a}\n\n" for q, a in pairs)
    deck = load_deck("hostile.txt", raw.encode("utf-8"))
    # Every card is read, with exactly the words that survive cleaning ...
    readable = pairs
    got = [(c.question, c.answer) for c in deck.cards]
    assert [q.split() for q, _ in got] == [clean_text(q + "?").split() for q, _a in readable]
    assert [a.split() for _, a in got] == [clean_text(a).split() for _q, a in readable]
    # ... no control or invisible character survives, and the author is told where they were.
    for q, a in got:
        assert clean_text(q) == q and clean_text(a) == a
    if any(clean_text(t) != t for q, a in pairs for t in (q, a)):
        assert any(d.code == "control-character" for d in deck.diagnostics)
