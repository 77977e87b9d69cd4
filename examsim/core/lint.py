"""The bank linter: structural errors and item-writing warnings, card by card and bank-wide.

Errors make a card unusable (the compiler drops it). Warnings are item-writing flaws a
bank author should fix or justify: a card lists accepted warning codes in `lint_ok` and
says why in `notes`.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from examsim.core.cards.model import SELECT_RE, SELECT_WORDS, Card
from examsim.core.diagnostics import Diagnostic

STOPWORDS = frozenset(
    """a an the and or of to in on for with by from as at is are be been being this that these those it its
    into than then use uses using used which what when where who whom whose why how all any each every some
    such only also more most less least not no can could should would will may might must does do did has have
    had was were their there they them our your you we he she his her one two three four five other same own
    amazon aws service services data model models""".split()
)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9+-]{2,}")
_NEGATIVE_RE = re.compile(r"\b(not|except|never|cannot|incorrect|false)\b")
_ABOVE_RE = re.compile(r"\b(all|none|both|neither) of the (above|options|these)\b", re.I)
# A card's answer is shown with its multiple-choice item only: it must not point at the
# card's ordering or matching item, which a candidate may never see.
_SIBLING_RE = re.compile(
    r"\b(?:the|this|that|an?)\s+(?:ordering|matching|order|match|sequencing)[ -](?:item|question|task|exercise|facet)s?\b"
    r"|\b(?:for|in)\s+the\s+(?:ordering|matching|pairing)\b"
    r"|\b(?:the\s+)?(?:sequence|steps|order|pairs|pairings|list|responses)\s+(?:above|below|shown\s+(?:above|below))\b"
    r"|\b(?:above|below)\s+(?:sequence|steps|order|pairs|pairings|list)\b"
    r"|\b(?:other|sibling|companion)\s+items?\b",
    re.I,
)


@dataclass(frozen=True)
class NameRule:
    """A `[[name]]` rule (scope "any" or "key"), or a `[[closed.feature]]` rule (scope "closed").

    A closed rule carries `existing`, the phrases that frame the team as an existing user:
    a closed feature may be the key only when the stem has one of them.
    """

    pattern: re.Pattern
    scope: str
    message: str
    except_exams: frozenset[str] = frozenset()
    existing: re.Pattern | None = None

    def applies_to(self, card: Card) -> bool:
        """A rule is lifted for a card that serves only exams where the name is in scope."""
        return not (card.exams and self.except_exams and set(card.exams) <= self.except_exams)


@lru_cache(maxsize=8)
def load_name_rules(path: str) -> tuple[NameRule, ...]:
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    rules = [NameRule(re.compile(r["pattern"], re.I), r["scope"], r["message"], frozenset(r.get("except_exams", [])))
             for r in data.get("name", [])]
    closed = data.get("closed", {})
    if closed.get("feature"):
        existing = re.compile(closed["existing_user"], re.I)
        rules += [NameRule(re.compile(r["pattern"], re.I), "closed", r["message"], existing=existing)
                  for r in closed["feature"]]
    return tuple(rules)


@lru_cache(maxsize=8)
def _any_name(rules: tuple[NameRule, ...]) -> re.Pattern | None:
    """One pattern for all rules: most cards match none, so one search usually settles it."""
    if not rules:
        return None
    return re.compile("|".join(f"(?:{r.pattern.pattern})" for r in rules), re.I)


_LOOKAROUND = re.compile(r"\(\?<?[!=][^)]*\)")  # words inside (?!...) or (?=...) are not matched text
_OPTIONAL_CHAR = re.compile(r"(?:\\.|[^()\\])(?:[?*]|\{0,?\d*\})")  # a char that may be absent splits a word
_ESCAPE = re.compile(r"\\.")
_LITERAL_RUN = re.compile(r"[A-Za-z0-9]{3,}")


def _top_level_alternatives(pattern: str) -> list[str]:
    parts, depth, start = [], 0, 0
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        depth += c == "("
        depth -= c == ")"
        if c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    return parts + [pattern[start:]]


def _required_words(alternative: str) -> set[str]:
    """Words any match of this alternative must hold: its longest word written outside every
    group, or failing that every word in it (one of which a match must then hold)."""
    plain = _ESCAPE.sub(" ", _OPTIONAL_CHAR.sub(" ", _LOOKAROUND.sub(" ", alternative)))
    outside, depth = [], 0
    for c in plain:
        depth += c == "("
        depth -= c == ")"
        outside.append(c if depth == 0 and c not in "()" else " ")
    top = _LITERAL_RUN.findall("".join(outside))
    if top:
        return {max(top, key=len).lower()}
    return {w.lower() for w in _LITERAL_RUN.findall(plain)}


@lru_cache(maxsize=8)
def _name_hints(rules: tuple[NameRule, ...]) -> tuple[str, ...]:
    """Lower-case words such that any text a rule matches holds one of them: a substring test
    then settles most cards without running the slow case-blind regex of all the rules.
    Held to the regex on every card of the bundled bank (tests/test_toml_reader_and_lint.py)."""
    return tuple(sorted({w for r in rules for alt in _top_level_alternatives(r.pattern.pattern) for w in _required_words(alt)}))


def _may_name(text: str, rules: tuple[NameRule, ...]) -> bool:
    lowered = text.lower()
    return any(hint in lowered for hint in _name_hints(rules))


# Words one of which every alternative of _SIBLING_RE holds (the same kind of prefilter).
_SIBLING_HINTS = ("order", "match", "sequenc", "pair", "above", "below", "other", "sibling", "companion")


def content_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD_RE.findall(text) if w.lower() not in STOPWORDS}


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _distractor_explained(distractor: str, other_words: set[str], answer: str, answer_words: set[str]) -> bool:
    """True when the answer names the distractor: half (at least one) of its distinctive words."""
    if _norm(distractor) in _norm(answer):
        return True
    signature = content_words(distractor) - other_words
    if not signature:
        return True
    hits = len(signature & answer_words)
    return hits >= max(1, len(signature) // 2)


def lint_card(card: Card, file: str, line: int | None, name_rules: tuple[NameRule, ...] = (), *,
              warnings: bool = True) -> list[Diagnostic]:
    """Per-card checks. Structural problems are errors; item-writing flaws are warnings.

    `warnings=False` skips the item-writing checks (the costly part: word analysis and the
    retired-name rules): starting an exam needs to know which cards are sound, not how well
    they are written."""
    out: list[Diagnostic] = []

    def add(severity: str, code: str, message: str) -> None:
        if severity == "warning" and (not warnings or code in card.lint_ok):
            return
        out.append(Diagnostic(file, line, severity, message, card_id=card.id, code=code))

    if card.domain is None:
        add("error", "no-domain", "card has no domain; set `domain` (or map its tags in the profile's tag rules)")
    stem = card.question
    choice = card.choice
    if choice is not None:
        options = choice.correct + choice.distractors
        lowered = [_norm(o) for o in options]
        dupes = [o for o, n in Counter(lowered).items() if n > 1]
        if set(_norm(c) for c in choice.correct) & set(_norm(d) for d in choice.distractors):
            add("error", "key-in-distractors", "a key option is repeated among the distractors; remove it from `distractors`")
        elif dupes:
            add("error", "duplicate-option", f"duplicate option {dupes[0]!r}; every option must differ")
        m = SELECT_RE.search(stem)
        if choice.is_multiple_response:
            if len(options) < 5:
                add("error", "option-count", f"multiple response needs 5 or more options, has {len(options)}; add distractors")
            want = SELECT_WORDS.get(len(choice.correct))
            if want is None:
                add("error", "option-count", f"{len(choice.correct)} keys is more than a stem can ask for; use 2-5")
            elif m is None:
                add("error", "select-n", f"a multiple-response stem must end with '(Select {want}.)'")
            elif m.group(1) != want:
                add("error", "select-n", f"the stem says '(Select {m.group(1)}.)' but the card has {len(choice.correct)} keys; write '(Select {want}.)'")
        else:
            if len(choice.distractors) != 3:
                add("error", "option-count", f"multiple choice needs 1 key and 3 distractors, has {len(choice.distractors)} distractors")
            if m is not None:
                add("error", "select-n", "a one-key item must not say '(Select N.)'; remove it or add keys")
        if any(_ABOVE_RE.search(o) for o in options):
            add("warning", "all-of-the-above", "an option says 'all/none of the above'; write a real option instead")
        if warnings:
            _lint_choice_writing(card, stem, options, name_rules, add)
    elif warnings:
        for rule in name_rules:
            if rule.scope == "any" and rule.pattern.search(stem):
                add("warning", "retired-name", f"{rule.pattern.pattern}: {rule.message}")
    if warnings:
        _lint_facet_writing(card, stem, add)
    if card.order is not None:
        steps = [_norm(s) for s in card.order.steps + card.order.extra]
        if len(set(steps)) != len(steps):
            add("error", "duplicate-option", "ordering steps (with extra steps) must all differ")
    if card.exhibit is not None:
        _lint_exhibit(card, add)
    if card.match is not None:
        prompts = [_norm(p) for p, _ in card.match.pairs]
        responses = [_norm(r) for _, r in card.match.pairs]
        if len(set(prompts)) != len(prompts):
            add("error", "duplicate-option", "matching prompts must all differ")
        extra = [_norm(e) for e in card.match.extra]
        if card.match.reuse:
            # Responses written identically are one shared response (what `reuse` allows);
            # two spellings of one response are still duplicates.
            responses = [_norm(r) for r in dict.fromkeys(r for _, r in card.match.pairs)]
        if len(set(responses + extra)) != len(responses) + len(extra):
            add("error", "duplicate-option", "matching responses (with extra responses) must all differ; "
                "set `reuse = true` if one response answers several prompts")
    return out


def _lint_choice_writing(card: Card, stem: str, options: list[str], name_rules: tuple[NameRule, ...], add) -> None:
    """Item-writing checks of a choice facet: every distractor explained, no key words leaked
    into the stem, no retired service names."""
    choice = card.choice
    assert choice is not None
    answer_words = content_words(card.answer)
    key_words = set().union(*(content_words(k) for k in choice.correct))
    each = [content_words(d) for d in choice.distractors]
    for i, distractor in enumerate(choice.distractors):
        others = key_words.union(*(w for j, w in enumerate(each) if j != i))
        if not _distractor_explained(distractor, others, card.answer, answer_words):
            add("warning", "unexplained-distractor", f"the answer does not say why {distractor[:60]!r} is wrong; name it and explain")
    distractor_words = set().union(*each)
    leaked = sorted(w for w in (key_words - distractor_words) & content_words(stem) if len(w) >= 5)
    if len(leaked) >= 2:
        add("warning", "leaked-key-words", f"the stem shares words only with the key ({', '.join(leaked[:4])}); a candidate can match words instead of knowing")
    combined = _any_name(name_rules)
    texts_of_card = "\n".join(options + [stem])
    if combined is not None and _may_name(texts_of_card, name_rules) and combined.search(texts_of_card):
        for rule in name_rules:
            texts = choice.correct if rule.scope == "key" else options + [stem]
            if rule.scope == "closed":
                if rule.existing is not None and not rule.existing.search(stem) and any(rule.pattern.search(k) for k in choice.correct):
                    add("warning", "closed-feature-key", f"{rule.message}; a key names it but the stem frames no existing user "
                        "(write 'already uses ... today' or similar, and add a line on the availability change to the answer)")
            elif rule.applies_to(card) and any(rule.pattern.search(t) for t in texts):
                add("warning", "retired-name", f"{rule.pattern.pattern}: {rule.message}")


def _lint_facet_writing(card: Card, stem: str, add) -> None:
    """Item-writing checks of the answer, the ordering and matching facets and the stem."""
    answer_lowered = card.answer.lower()
    sibling = _SIBLING_RE.search(card.answer) if any(h in answer_lowered for h in _SIBLING_HINTS) else None
    if sibling:
        add("warning", "answer-names-sibling", f"the answer speaks of {sibling.group(0)!r}; it is shown with the multiple-choice item only, "
            "so explain the order or pairs in the facet's own `explanation` and keep the answer to what its item shows")
    for kind, facet in (("order", card.order), ("match", card.match)):
        if facet is None:
            continue
        if not (facet.explanation or "").strip():
            add("warning", "facet-unexplained", f"the {kind} facet has no `explanation`; say why the "
                f"{'order' if kind == 'order' else 'pairs'} are right and why each extra is wrong")
            continue
        _lint_extras(kind, facet, add)
    negative = _NEGATIVE_RE.search(stem)
    if negative:
        add("warning", "negative-stem", f"negative stem word '{negative.group(1)}' without emphasis; write it in capitals (NOT, EXCEPT) or rephrase")


def _lint_extras(kind: str, facet, add) -> None:
    """Each extra step or response must be named, and rejected, in the facet's own explanation."""
    explanation = facet.explanation or ""
    shown = facet.steps if kind == "order" else [r for _, r in facet.pairs]
    base = set().union(*(content_words(t) for t in shown))
    if kind == "match":
        base |= set().union(*(content_words(p) for p, _ in facet.pairs))
    extra_words = [content_words(e) for e in facet.extra]
    explanation_words = content_words(explanation)
    for i, extra in enumerate(facet.extra):
        others = base.union(*(w for j, w in enumerate(extra_words) if j != i))
        if not _distractor_explained(extra, others, explanation, explanation_words):
            what = "step" if kind == "order" else "response"
            add("warning", "extra-unexplained", f"the {kind} explanation does not say why the extra {what} {extra[:60]!r} is wrong; name it and explain")


EXHIBIT_MAX_WIDTH = 76  # an exhibit line wider than this wraps or scrolls sideways at 80 columns


def _lint_exhibit(card: Card, add) -> None:
    exhibit = card.exhibit
    assert exhibit is not None
    for n, row in enumerate(exhibit.rows, 1):
        if len(row) != len(exhibit.columns):
            add("error", "exhibit-table", f"exhibit row {n} has {len(row)} cells but the header has {len(exhibit.columns)}; give every row one cell per column")
    if exhibit.is_table:
        widths = [max(len(c) for c in col) for col in zip(exhibit.columns, *(r for r in exhibit.rows if len(r) == len(exhibit.columns)))]
        width = sum(widths) + 3 * (len(widths) - 1)
        if width > EXHIBIT_MAX_WIDTH:
            add("warning", "exhibit-width", f"the exhibit table is {width} columns wide; keep it within {EXHIBIT_MAX_WIDTH} (shorter cells or fewer columns)")
    else:
        for n, text_line in enumerate((exhibit.text or "").splitlines(), 1):
            if len(text_line.expandtabs()) > EXHIBIT_MAX_WIDTH:
                add("warning", "exhibit-width", f"exhibit text line {n} is {len(text_line.expandtabs())} characters wide; keep lines within {EXHIBIT_MAX_WIDTH}")
                break


def lint_bank(cards: list[tuple[Card, str, int | None]]) -> list[Diagnostic]:
    """Bank-wide checks: duplicate ids, case sizes, key-length and key-position balance."""
    out: list[Diagnostic] = []
    seen: dict[str, str] = {}
    for card, file, line in cards:
        if card.id in seen:
            out.append(Diagnostic(file, line, "error", f"card id '{card.id}' is also used in {seen[card.id]}; ids must be unique across the bank", card_id=card.id, code="duplicate-id"))
        else:
            seen[card.id] = f"{file}:{line}"
    by_case: dict[tuple[str, str], list[Card]] = {}
    for card, file, _line in cards:
        if card.case:
            by_case.setdefault((file, card.case), []).append(card)
    for (file, case_id), members in by_case.items():
        if not 2 <= len(members) <= 4:
            out.append(Diagnostic(file, None, "error", f"case '{case_id}' has {len(members)} cards; a case study needs 2-4", code="case"))
    single = [(c, f, l) for c, f, l in cards if c.choice and not c.choice.is_multiple_response]
    if len(single) >= 20:
        longest = sum(1 for c, _, _ in single if len(c.choice.correct[0]) > max(len(d) for d in c.choice.distractors))
        share = longest / len(single)
        if share > 0.4:
            out.append(
                Diagnostic(
                    "(bank)", None, "warning",
                    f"the key is the longest option in {longest} of {len(single)} multiple-choice cards ({share:.0%}); "
                    "candidates learn to pick the longest option. Aim for at most 40%.",
                    code="key-longest",
                )
            )
    return out


def default_names_path() -> Path:
    from examsim.core.resources import configs_dir

    return configs_dir() / "names.toml"
