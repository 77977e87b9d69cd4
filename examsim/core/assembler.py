"""Assembling a form: a blueprint-true sample of items, shuffled, from a seed.

Scored and unscored counts per domain follow the weights by largest remainder. One item
per card. A case study's cards come as one block, in file order. Option order is
shuffled per exam and the key follows it. The same seed and bank give the same exam.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field

from examsim.core.errors import ExamsimError
from examsim.core.items import Item, ItemKind, Presentation
from examsim.core.profiles import Profile, largest_remainder


class AssemblyError(ExamsimError):
    """The bank cannot fill the blueprint. `shortfalls` names each domain/type and by how much."""

    status = 1

    def __init__(self, message: str, shortfalls: list[str]):
        super().__init__(message + ": " + "; ".join(shortfalls))
        self.shortfalls = shortfalls


@dataclass(frozen=True)
class ExamEntry:
    item: Item
    presentation: Presentation
    scored: bool
    domain: int  # the profile's domain (mapped from the bank's)
    task: str | None


@dataclass(frozen=True)
class Exam:
    profile_id: str
    mode: str  # "exam" | "quiz" | "drill"
    seed: int
    minutes: int | None  # None: untimed
    entries: tuple[ExamEntry, ...]
    feedback: str = "end"  # "now": show the key after each answer (quizzes)
    bank_fingerprint: str = ""
    title: str = ""

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def scored_count(self) -> int:
        """How many of its items count toward the score (the rest are unscored, as on the exam)."""
        return sum(1 for e in self.entries if e.scored)


@dataclass
class QuizFilter:
    domains: list[int] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    kinds: list[ItemKind] = field(default_factory=list)
    card_ids: list[str] | None = None  # missed/flagged cards of past runs


def serves(item: Item, profile: Profile) -> bool:
    """The item's type is in this exam, its card is valid for the profile, its domain exists."""
    if item.kind not in profile.item_kinds:
        return False
    if item.exams is not None and profile.id not in item.exams:
        return False
    if not profile.case_studies and item.case_id:
        return False
    return profile.map_domain(item.domain) in profile.domain_numbers


def present(item: Item, rng: random.Random) -> Presentation:
    options = list(range(len(item.options)))
    rng.shuffle(options)
    prompts = list(range(len(item.prompts)))
    rng.shuffle(prompts)
    return Presentation(tuple(options), tuple(prompts))


class _Picker:
    """Chooses cards: least seen first (when history is given), random among equals."""

    def __init__(self, items: list[Item], profile: Profile, rng: random.Random, seen: dict[str, int] | None):
        self.profile = profile
        self.rng = rng
        self.by_card: dict[str, list[Item]] = defaultdict(list)
        for item in sorted(items, key=lambda i: i.id):
            self.by_card[item.card_id].append(item)
        # Per card, computed once: its profile domain, its item kinds, whether it is in a case.
        self.card_domain = {c: profile.map_domain(its[0].domain) for c, its in self.by_card.items()}
        self.card_kinds = {c: {i.kind for i in its} for c, its in self.by_card.items()}
        self.card_in_case = {c: bool(its[0].case_id) for c, its in self.by_card.items()}
        # A random tiebreak per card, drawn once, keeps results a function of the seed.
        self.order_key = {c: (seen.get(c, 0) if seen else 0, rng.random()) for c in sorted(self.by_card)}
        self.used: set[str] = set()

    def domain_of(self, card_id: str) -> int:
        return self.card_domain[card_id]

    def candidates(self, domain: int | None = None, kind: ItemKind | None = None, allow_case: bool = False) -> list[str]:
        out = [c for c in self.by_card
               if c not in self.used and (allow_case or not self.card_in_case[c])
               and (domain is None or self.card_domain[c] == domain)
               and (kind is None or kind in self.card_kinds[c])]
        return sorted(out, key=self.order_key.__getitem__)

    def item_for(self, card_id: str, kind: ItemKind | None = None) -> Item:
        items = self.by_card[card_id]
        if kind is not None:
            return next(i for i in items if i.kind == kind)
        choice = [i for i in items if i.kind in ("multiple-choice", "multiple-response") and not i.derived]
        return (choice or items)[0]


def assemble_exam(items: list[Item], profile: Profile, seed: int, *, accommodation: bool = False,
                  seen: dict[str, int] | None = None, bank_fingerprint: str = "") -> Exam:
    """A full exam for `profile`. Raises AssemblyError naming every shortfall."""
    rng = random.Random(seed)
    pool = [i for i in items if serves(i, profile)]
    picker = _Picker(pool, profile, rng, seen)
    domains = [d.number for d in profile.domain]
    weights = [d.weight for d in profile.domain]
    scored_counts = dict(zip(domains, largest_remainder(profile.scored, weights)))
    unscored_counts = dict(zip(domains, largest_remainder(profile.unscored, weights)))
    capacity = {d: scored_counts[d] + unscored_counts[d] for d in domains}
    chosen: list[Item] = []
    blocks: list[list[Item]] = []

    def take(card_id: str, kind: ItemKind | None = None) -> Item:
        item = picker.item_for(card_id, kind)
        picker.used.add(card_id)
        capacity[picker.domain_of(card_id)] -= 1
        chosen.append(item)
        return item

    shortfalls: list[str] = []
    # 1. Case studies first: they are the hardest to place (several domains at once).
    if profile.case_studies and profile.min_case_studies:
        cases: dict[str, list[str]] = defaultdict(list)
        for card_id, card_items in picker.by_card.items():
            if card_items[0].case_id:
                cases[card_items[0].case_id].append(card_id)
        case_ids = sorted(cases, key=lambda c: (min(picker.order_key[m] for m in cases[c]), c))
        placed = 0
        for case_id in case_ids:
            if placed == profile.min_case_studies:
                break
            members = sorted(cases[case_id], key=lambda c: _source_rank(picker.by_card[c][0]))
            need = defaultdict(int)
            for m in members:
                need[picker.domain_of(m)] += 1
            if all(capacity[d] >= n for d, n in need.items()):
                blocks.append([take(m) for m in members])
                placed += 1
        if placed < profile.min_case_studies:
            shortfalls.append(f"case studies: need {profile.min_case_studies}, the bank fits {placed}")
    # 2. Minimum counts per item type, in domains that still have room.
    for kind, minimum in sorted(profile.min_kinds.items()):
        have = sum(1 for i in chosen if i.kind == kind)
        for card_id in picker.candidates(kind=kind):
            if have >= minimum:
                break
            if capacity[picker.domain_of(card_id)] > 0:
                take(card_id, kind)
                have += 1
        if have < minimum:
            shortfalls.append(f"{kind}: need {minimum}, the bank has {have} usable")
    # 3. Fill every domain to its count.
    for d in domains:
        candidates = picker.candidates(domain=d)
        if len(candidates) < capacity[d]:
            shortfalls.append(f"domain {d} ({profile.domains[d].name}): needs {capacity[d]} more cards, the bank has {len(candidates)} unused")
            continue
        for card_id in candidates[: capacity[d]]:
            take(card_id)
    if shortfalls:
        raise AssemblyError(f"the bank cannot fill a {profile.code} exam", shortfalls)
    # 4. Which items are unscored: per domain, at random.
    unscored_ids: set[str] = set()
    for d in domains:
        in_domain = sorted((i.id for i in chosen if profile.map_domain(i.domain) == d))
        unscored_ids.update(rng.sample(in_domain, unscored_counts[d]))
    # 5. Order: singles and case blocks shuffled together; a block keeps its inner order.
    in_blocks = {i.id for b in blocks for i in b}
    units: list[list[Item]] = [[i] for i in sorted(chosen, key=lambda i: i.id) if i.id not in in_blocks] + blocks
    rng.shuffle(units)
    entries = [
        ExamEntry(item, present(item, rng), item.id not in unscored_ids, profile.map_domain(item.domain), profile.map_task(item.task))
        for unit in units for item in unit
    ]
    return Exam(profile.id, "exam", seed, profile.minutes_for(accommodation), tuple(entries),
                bank_fingerprint=bank_fingerprint, title=f"{profile.code} practice exam")


def _source_rank(item: Item) -> tuple[str, str]:
    return (item.source or "", item.card_id)


def assemble_quiz(items: list[Item], profile: Profile, seed: int, count: int, quiz_filter: QuizFilter, *,
                  timed: bool = False, feedback: str = "end", seen: dict[str, int] | None = None,
                  mode: str = "quiz", title: str = "", bank_fingerprint: str = "") -> Exam:
    """A quiz: every item scored, drawn from the filter, at most one item per card."""
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise AssemblyError("a quiz needs at least one item", [f"asked for {count!r} items; give a count of 1 or more"])
    rng = random.Random(seed)
    pool = []
    for item in items:
        if not serves(item, profile):
            continue
        if quiz_filter.domains and profile.map_domain(item.domain) not in quiz_filter.domains:
            continue
        if quiz_filter.tasks and profile.map_task(item.task) not in quiz_filter.tasks:
            continue
        if quiz_filter.kinds and item.kind not in quiz_filter.kinds:
            continue
        if quiz_filter.card_ids is not None and item.card_id not in quiz_filter.card_ids:
            continue
        pool.append(item)
    picker = _Picker(pool, profile, rng, seen)
    cards = picker.candidates(allow_case=True)
    if not cards:
        raise AssemblyError("no items match this quiz", [_describe_filter(quiz_filter)])
    cards = _spread_over_domains(picker, cards, count)
    if len(quiz_filter.kinds) == 1:
        chosen = [picker.item_for(c, quiz_filter.kinds[0]) for c in cards[:count]]
    else:
        size = min(count, len(cards))
        quotas = quiz_kind_quotas(profile, size, quiz_filter.kinds)
        if "multiple-choice" in profile.item_kinds and (not quiz_filter.kinds or "multiple-choice" in quiz_filter.kinds):
            # The rest multiple choice, as on the exam: a Select TWO card drawn beyond the quota
            # gives way to a multiple-choice card of its domain where the pool has one.
            quotas["multiple-choice"] = size - sum(quotas.values())
        chosen = _mixed_items(picker, cards, count, quotas)
    rng.shuffle(chosen)
    minutes = quiz_minutes(profile, len(chosen)) if timed else None
    entries = tuple(ExamEntry(i, present(i, rng), True, profile.map_domain(i.domain), profile.map_task(i.task)) for i in chosen)
    return Exam(profile.id, mode, seed, minutes, entries, feedback=feedback, bank_fingerprint=bank_fingerprint,
                title=title or f"{profile.code} quiz")


def quiz_minutes(profile: Profile, count: int) -> int:
    """A timed quiz's clock: the full exam's time per item."""
    return max(1, round(profile.minutes / profile.items * count))


def quiz_kind_quotas(profile: Profile, count: int, kinds: list[ItemKind] | None = None) -> dict[ItemKind, int]:
    """How many items of each type other than multiple choice a quiz of `count` holds: the
    profile's minimum per form scaled to the quiz, and at least one of each type it allows
    (so a short quiz still meets ordering and matching), leaving most items multiple choice."""
    allowed = [k for k in profile.item_kinds if k != "multiple-choice" and (not kinds or k in kinds)]
    quotas: dict[ItemKind, int] = {}
    room = count // 2  # at most half the quiz is given to the other types
    for kind in allowed:
        want = max(1, -(-profile.min_kinds.get(kind, 0) * count // profile.items))
        quotas[kind] = min(want, room)
        room -= quotas[kind]
    return {k: n for k, n in quotas.items() if n > 0}


def _domain_quotas(available: dict[int, int], weights: dict[int, float], count: int) -> dict[int, int]:
    """`count` split over the domains by blueprint weight, no domain given more cards than it
    has: a domain's shortfall is split again over the others."""
    quotas: dict[int, int] = {}
    open_domains = [d for d in weights if available.get(d, 0) > 0]
    left = min(count, sum(available.values()))
    while left > 0 and open_domains:
        split = dict(zip(open_domains, largest_remainder(left, [weights[d] for d in open_domains])))
        short = [d for d in open_domains if quotas.get(d, 0) + split[d] >= available[d]]
        if not short:
            for d in open_domains:
                quotas[d] = quotas.get(d, 0) + split[d]
            break
        for d in short:  # these are filled whole; the rest is split again
            left -= available[d] - quotas.get(d, 0)
            quotas[d] = available[d]
        open_domains = [d for d in open_domains if d not in short]
    return quotas


def _spread_over_domains(picker: _Picker, cards: list[str], count: int) -> list[str]:
    """The cards reordered so the first `count` follow the blueprint's domain weights (a quiz
    "from every domain" draws from every domain), each domain's cards in the picker's order."""
    weights = {d.number: d.weight for d in picker.profile.domain}
    by_domain: dict[int, list[str]] = defaultdict(list)
    for c in cards:
        by_domain[picker.domain_of(c)].append(c)
    if len(by_domain) < 2 or any(d not in weights for d in by_domain):
        return cards
    quotas = _domain_quotas({d: len(cs) for d, cs in by_domain.items()}, weights, count)
    first = {c for d, cs in by_domain.items() for c in cs[:quotas.get(d, 0)]}
    return [c for c in cards if c in first] + [c for c in cards if c not in first]


def _mixed_items(picker: _Picker, cards: list[str], count: int, quotas: dict[ItemKind, int]) -> list[Item]:
    """`count` cards in the picker's order, with each type's quota met where the pool allows:
    a chosen card that offers the type gives it, else the next unchosen card that does
    replaces the last card without a type of its own, a card of the same domain where one
    can (so the quiz keeps its spread over the domains)."""
    chosen = cards[:count]
    kind_of: dict[str, ItemKind] = {}
    for kind, quota in quotas.items():
        given = [c for c in chosen if c not in kind_of and kind in picker.card_kinds[c]][:quota]
        for card in given:
            kind_of[card] = kind
        for _ in range(quota - len(given)):
            incoming = [c for c in cards[count:] if c not in chosen and kind in picker.card_kinds[c]]
            spares = [c for c in reversed(chosen) if c not in kind_of]
            if not incoming or not spares:
                break
            card, spare = next(((c, s) for c in incoming for s in spares if picker.domain_of(c) == picker.domain_of(s)),
                               (incoming[0], spares[0]))
            chosen[chosen.index(spare)] = card
            kind_of[card] = kind
    return [picker.item_for(c, kind_of.get(c)) for c in chosen]


def _describe_filter(f: QuizFilter) -> str:
    parts = []
    if f.domains:
        parts.append("domains " + ", ".join(map(str, f.domains)))
    if f.tasks:
        parts.append("tasks " + ", ".join(f.tasks))
    if f.kinds:
        parts.append("types " + ", ".join(f.kinds))
    if f.card_ids is not None:
        parts.append(f"{len(f.card_ids)} missed or flagged cards")
    return "filter: " + (", ".join(parts) or "none")


def count_full_exams(items: list[Item], profile: Profile, at_most: int | None = None) -> int:
    """How many full exams the bank fills with no card repeated across them (up to `at_most`)."""
    remaining = [i for i in items if serves(i, profile)]
    count = 0
    while at_most is None or count < at_most:
        try:
            exam = assemble_exam(remaining, profile, seed=count)
        except AssemblyError:
            return count
        used = {e.item.card_id for e in exam.entries}
        remaining = [i for i in remaining if i.card_id not in used]
        count += 1
    return count
