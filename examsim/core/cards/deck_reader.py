"""Plain-text flashcard decks (the product owner's layout) -> cards, and back.

A card is a question line then an answer line. An optional tag line (`#a#b`) follows
the answer. An optional header line that glues level and category
(`Intermediateconcept`, `Advancedsystem-design`) stands before the card it describes.
Blank lines are ignored. Deck cards carry no domain: the profile's tag rules give one.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from examsim.core.cards.model import CATEGORIES, LEVELS, Card, describe_error
from examsim.core.cards.source import read_text
from examsim.core.diagnostics import Diagnostic, has_errors
from examsim.core.text import clean_text, describe_unsafe, has_unsafe

_HEADER_RE = re.compile(rf"^({'|'.join(LEVELS)})({'|'.join(CATEGORIES)})$", re.I)
_LEVEL_PREFIX_RE = re.compile(rf"^({'|'.join(LEVELS)})(.*)$", re.I)
# A deck's question lines ask something: a '?' or one of these words first. Text with no such
# line and no header or tag line is not read as a deck (random text pairs up into "cards").
_ASKING_WORDS = frozenset("""what which why how when where who whom whose whether is are was were do does did can could
should would will may might must has have explain describe compare contrast define name list give outline summarize
summarise state identify distinguish discuss evaluate justify choose select design propose recommend walk""".split())
_HEADER_FIX = "a header glues a level (Foundational, Intermediate, Advanced, Expert) to a category (cert, concept, system-design), e.g. 'Intermediateconcept'"


@dataclass
class LoadedDeck:
    path: str
    cards: list[Card] = field(default_factory=list)
    card_lines: dict[str, int] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def deck_card_id(question: str) -> str:
    """A stable id from the question text, so history survives reordering the deck."""
    words = re.findall(r"[a-z0-9]+", question.lower())[:5]
    digest = hashlib.sha1(" ".join(question.split()).encode()).hexdigest()[:8]
    return "deck-" + "-".join(words + [digest]) if words else "deck-" + digest


def _is_header_like(line: str) -> bool:
    return not line.startswith("#") and not any(ch.isspace() for ch in line) and len(line) <= 40 and not line.endswith("?")


def _asks(question: str) -> bool:
    words = question.split(maxsplit=1)
    return "?" in question or bool(words) and words[0].strip(".,:;\"'(").lower() in _ASKING_WORDS


def _parse_tags(line: str) -> list[str]:
    tags = []
    for part in line.split("#"):
        tag = "-".join(part.strip().lower().split())
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def load_deck(path: Path | str, data: bytes | None = None) -> LoadedDeck:
    """Read a deck. Never raises on content: each problem is a diagnostic with its line."""
    name = str(path)
    deck = LoadedDeck(path=name)
    text, diags = read_text(path, data)
    deck.diagnostics.extend(diags)
    if text is None:
        return deck
    lines = text.split("\n")
    # Controls and invisible characters go here, once, with a warning naming the line.
    dirty: dict[int, str] = {}
    for n, line in enumerate(lines):
        if has_unsafe(line):
            dirty[n + 1] = describe_unsafe(line)
            lines[n] = clean_text(line).replace("\n", " ")  # a line separator inside a line is a space
    if not any(line.strip() for line in lines):
        deck.diagnostics.append(Diagnostic(name, 1, "error", "the deck is empty: it holds no card; write a question line, then its answer line", code="empty-file"))
        return deck
    line_card: dict[int, str] = {}  # question, answer and tag lines -> the card they belong to
    structure_lines = 0  # header and tag lines: a deck's own layout

    def warn(line: int, message: str, code: str, severity: str = "warning", card_id: str | None = None) -> None:
        deck.diagnostics.append(Diagnostic(name, line, severity, message, card_id=card_id, code=code))

    pending_header: tuple[int, str | None, str | None] | None = None
    last_card_index: int | None = None  # a tag line may follow this card's answer
    seen_ids: dict[str, int] = {}
    i = 0
    n = len(lines)
    while i < n:
        raw = lines[i].strip()
        number = i + 1
        i += 1
        if not raw:
            continue
        if raw.startswith("#"):
            structure_lines += 1
            tags = _parse_tags(raw)
            if last_card_index is None:
                warn(number, "tag line with no card before it; a tag line goes right after a card's answer line", "stray-tags")
            elif not tags:
                warn(number, "tag line holds no tags; write tags as '#tag#other-tag'", "odd-tags")
            else:
                card = deck.cards[last_card_index]
                deck.cards[last_card_index] = card.model_copy(update={"tags": list(dict.fromkeys(card.tags + tags))})
                line_card[number] = card.id
            last_card_index = None
            continue
        if _is_header_like(raw):
            if pending_header is not None:
                warn(pending_header[0], "header with no card after it; remove it or add the card's question and answer below it", "orphan-header")
            m = _HEADER_RE.match(raw)
            structure_lines += bool(m)
            if m:
                pending_header = (number, m.group(1).lower(), m.group(2).lower())
            else:
                pm = _LEVEL_PREFIX_RE.match(raw)
                if pm:
                    warn(number, f"unknown category '{pm.group(2)}' in header '{raw}'; {_HEADER_FIX}", "unknown-header")
                    pending_header = (number, pm.group(1).lower(), None)
                else:
                    warn(number, f"unknown header '{raw}'; {_HEADER_FIX}", "unknown-header")
                    pending_header = (number, None, None)
            last_card_index = None
            continue
        # A question line: the next non-blank line is its answer.
        question = raw
        j = i
        while j < n and not lines[j].strip():
            j += 1
        if j >= n:
            warn(number, "the file ends after this question; add its answer on the next line", "no-answer", "error")
            last_card_index = None
            pending_header = None
            break
        answer = lines[j].strip()
        if answer.startswith("#") or _HEADER_RE.match(answer):
            warn(number, f"this question has no answer line (line {j + 1} is a {'tag' if answer.startswith('#') else 'header'} line); put the answer right after the question", "no-answer", "error")
            last_card_index = None
            pending_header = None
            continue
        i = j + 1
        level = pending_header[1] if pending_header else None
        category = pending_header[2] if pending_header else None
        pending_header = None
        card_id = deck_card_id(question)
        if card_id in seen_ids:
            warn(number, f"same question as the card at line {seen_ids[card_id]}; the later one is skipped", "duplicate-id", card_id=card_id)
            last_card_index = None
            continue
        try:
            card = Card(id=card_id, question=question, answer=answer, level=level, category=category)
        except ValidationError as exc:
            warn(number, f"card is not valid: {describe_error(exc.errors()[0])}", "schema", "error")
            last_card_index = None
            continue
        seen_ids[card_id] = number
        deck.cards.append(card)
        deck.card_lines[card_id] = number
        line_card[number] = line_card[j + 1] = card_id
        last_card_index = len(deck.cards) - 1
    if pending_header is not None:
        warn(pending_header[0], "header with no card after it; remove it or add the card's question and answer below it", "orphan-header")
    first = next(n for n, line in enumerate(lines, 1) if line.strip())
    if not deck.cards and not has_errors(deck.diagnostics):
        # Only headers or tag lines: one error, not a warning per line and "0 cards loaded".
        deck.diagnostics = [Diagnostic(name, first, "error", "holds no card, only header or tag lines; a card is a question line "
                                       "followed by its answer line (docs/bank-format.md)", code="no-cards")]
    elif deck.cards and not structure_lines and not any(_asks(c.question) for c in deck.cards):
        deck.diagnostics = [Diagnostic(name, first, "error", f"does not look like a deck: none of its {len(deck.cards)} would-be question "
                                       "lines asks anything (a '?', or a first word such as What, How, Why, Explain, Compare) and "
                                       "it has no header or tag line; a deck is a question line followed by its answer line "
                                       "(docs/bank-format.md)", code="not-a-deck")]
        deck.cards, deck.card_lines, line_card = [], {}, {}
    for number, what in dirty.items():
        deck.diagnostics.append(Diagnostic(name, number, "warning", f"line holds control or invisible characters ({what}); they were "
                                           "removed: delete them from the file (write plain text)", card_id=line_card.get(number),
                                           code="control-character"))
    return deck


def _one_line(text: str) -> str:
    return " ".join(text.split())


def dump_deck(cards: list[Card]) -> str:
    """Write cards in the deck layout; the inverse of load_deck for deck-expressible cards."""
    out: list[str] = []
    for card in cards:
        if card.level or card.category:
            out.append(f"{(card.level or '').capitalize()}{card.category or ''}")
        out.append(_one_line(card.question))
        out.append(_one_line(card.answer))
        if card.tags:
            out.append("".join(f"#{t}" for t in card.tags))
    return "\n".join(out) + "\n"
