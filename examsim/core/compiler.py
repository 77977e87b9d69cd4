"""Cards -> items. Each card yields every item its facets allow, with stable ids.

A card with no facet still compiles: the lead sentence of its answer is the key and
the lead sentences of its most similar sibling cards (shared tags, same domain) are
the distractors. Where its answer holds one unambiguous structure (an arrow chain
`A -> B -> C`, or 3-7 `Term: description` sentences) an ordering or matching item is
derived too. Every derived item is marked `derived`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from examsim.core.cards.model import Card, Case
from examsim.core.diagnostics import Diagnostic
from examsim.core.items import Item, ItemKind

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"'])")
_ARROW = re.compile(r"\s*(?:->|→)\s*")
_TERM_CLAUSE = re.compile(r"^(?:\(\d+\)\s*)?([A-Z][\w /&+-]{1,40}?):\s+(.+)$")


def item_id(card_id: str, facet: str) -> str:
    """Stable: the card id plus the facet. History keys on it across re-compiles."""
    return f"{card_id}:{facet}"


def lead_sentence(text: str) -> str:
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0].strip()


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


@dataclass(frozen=True)
class SourcedCard:
    card: Card
    file: str
    line: int | None


def _base(card: Card, case: Case | None, file: str) -> dict:
    return dict(
        card_id=card.id,
        domain=card.domain or 0,
        task=card.task,
        case_id=card.case,
        scenario=case.scenario if case else None,
        case_title=case.title if case else None,
        level=card.level,
        tags=tuple(card.tags),
        references=tuple(card.references),
        exams=tuple(card.exams) if card.exams is not None else None,
        skills=tuple(card.skills),
        source=file,
        exhibit_title=card.exhibit.title if card.exhibit else None,
        exhibit_columns=tuple(card.exhibit.columns) if card.exhibit else (),
        exhibit_rows=tuple(tuple(r) for r in card.exhibit.rows) if card.exhibit else (),
        exhibit_text=card.exhibit.text if card.exhibit else None,
    )


def _choice_item(card: Card, base: dict) -> Item:
    choice = card.choice
    assert choice is not None
    kind: ItemKind = "multiple-response" if choice.is_multiple_response else "multiple-choice"
    options = tuple(choice.correct + choice.distractors)
    return Item(id=item_id(card.id, "choice"), kind=kind, stem=card.question, options=options,
                key=tuple(range(len(choice.correct))), explanation=card.answer, **base)


def _order_item(card: Card, base: dict) -> Item:
    order = card.order
    assert order is not None
    options = tuple(order.steps + order.extra)
    return Item(id=item_id(card.id, "order"), kind="ordering", stem=order.stem, options=options,
                key=tuple(range(len(order.steps))), explanation=order.explanation or card.answer, **base)


def _match_item(card: Card, base: dict) -> Item:
    match = card.match
    assert match is not None
    prompts = tuple(p for p, _ in match.pairs)
    # A response shared by several prompts (allowed with `reuse`) is one option.
    responses = list(dict.fromkeys(r for _, r in match.pairs))
    key = tuple(responses.index(r) for _, r in match.pairs)
    options = tuple(responses) + tuple(match.extra)
    return Item(id=item_id(card.id, "match"), kind="matching", stem=match.stem, options=options, prompts=prompts,
                key=key, explanation=match.explanation or card.answer, reuse_responses=match.reuse, **base)


def derive_order_steps(answer: str) -> list[str] | None:
    """The steps of the one arrow chain in the answer, if there is exactly one of 3-5 steps."""
    chains = [s for s in sentences(answer) if _ARROW.search(s)]
    if len(chains) != 1:
        return None
    parts = [p.strip(" .;") for p in _ARROW.split(chains[0])]
    if ":" in parts[0]:
        parts[0] = parts[0].rsplit(":", 1)[1].strip()
    parts = [p for p in parts if p]
    if any(";" in p or "→" in p for p in parts):
        return None  # arrows used as "maps to" inside a list, not one sequence
    if not 3 <= len(parts) <= 5 or len(set(p.lower() for p in parts)) != len(parts):
        return None
    return parts


def derive_match_pairs(answer: str) -> list[tuple[str, str]] | None:
    """3-7 `Term: description` sentences with distinct terms, else None."""
    pairs = []
    for sentence in sentences(answer):
        m = _TERM_CLAUSE.match(sentence)
        if m:
            pairs.append((m.group(1).strip(), lead_clause(m.group(2))))
    terms = [p.lower() for p, _ in pairs]
    if not 3 <= len(pairs) <= 7 or len(set(terms)) != len(terms) or len({r for _, r in pairs}) != len(pairs):
        return None
    return pairs


def lead_clause(text: str) -> str:
    return re.split(r"\s+[—-]\s+|;\s+|\s+\(", text, maxsplit=1)[0].strip(" .")


def _similarity(a: Card, b: Card) -> tuple[int, str]:
    shared = len(set(a.tags) & set(b.tags))
    same_domain = int(a.domain is not None and a.domain == b.domain)
    return (shared * 2 + same_domain, b.id)


def _derived_choice(card: Card, siblings: list[Card], base: dict) -> Item | None:
    key = lead_sentence(card.answer)
    ranked = sorted((c for c in siblings if c.id != card.id), key=lambda c: (-_similarity(card, c)[0], c.id))
    distractors: list[str] = []
    for other in ranked:
        lead = lead_sentence(other.answer)
        if lead.lower() != key.lower() and lead.lower() not in (d.lower() for d in distractors):
            distractors.append(lead)
        if len(distractors) == 3:
            break
    if len(distractors) < 3:
        return None
    return Item(id=item_id(card.id, "derived-choice"), kind="multiple-choice", stem=card.question,
                options=(key, *distractors), key=(0,), explanation=card.answer, derived=True, **base)


def compile_cards(cards: list[SourcedCard], cases: dict[str, Case]) -> tuple[list[Item], list[Diagnostic]]:
    """Compile every card. Items come out in card order, facets in a fixed order."""
    items: list[Item] = []
    diagnostics: list[Diagnostic] = []
    all_cards = [s.card for s in cards]
    for sourced in cards:
        card = sourced.card
        if card.domain is None:
            continue  # reported by the bank loader; an unmapped card cannot sit in a blueprint
        base = _base(card, cases.get(card.case) if card.case else None, sourced.file)
        if card.choice:
            items.append(_choice_item(card, base))
        if card.order:
            items.append(_order_item(card, base))
        if card.match:
            items.append(_match_item(card, base))
        if card.choice or card.order or card.match:
            continue
        derived = _derived_choice(card, all_cards, base)
        if derived is None:
            diagnostics.append(Diagnostic(sourced.file, sourced.line, "warning",
                                          "card has no facet and too few sibling cards to derive distractors from; add a [card.choice] facet",
                                          card_id=card.id, code="no-item"))
        else:
            items.append(derived)
        steps = derive_order_steps(card.answer)
        if steps:
            items.append(Item(id=item_id(card.id, "derived-order"), kind="ordering",
                              stem=f"{card.question}\nArrange these steps in order.", options=tuple(steps),
                              key=tuple(range(len(steps))), explanation=card.answer, derived=True, **base))
        pairs = derive_match_pairs(card.answer)
        if pairs:
            items.append(Item(id=item_id(card.id, "derived-match"), kind="matching",
                              stem=f"{card.question}\nMatch each term to its description.",
                              options=tuple(r for _, r in pairs), prompts=tuple(p for p, _ in pairs),
                              key=tuple(range(len(pairs))), explanation=card.answer, derived=True, **base))
    return items, diagnostics
