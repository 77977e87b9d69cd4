"""A bank: every card file under the given paths, read, mapped, linted and compiled."""

from __future__ import annotations

import dataclasses
import hashlib
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path

from examsim.core.cards.deck_reader import load_deck
from examsim.core.cards.model import Card, Case
from examsim.core.cards.toml_reader import load_toml_bank
from examsim.core.compiler import SourcedCard, compile_cards
from examsim.core.diagnostics import Diagnostic, has_errors
from examsim.core.items import Item
from examsim.core.lint import default_names_path, lint_bank, lint_card, load_name_rules
from examsim.core.profiles import Profile
from examsim.core.resources import banks_dir

DECK_SUFFIXES = {".txt", ".deck", ".cards"}


@dataclass
class Bank:
    cards: list[SourcedCard] = field(default_factory=list)
    cases: dict[str, Case] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    fingerprint: str = ""

    @property
    def has_errors(self) -> bool:
        return has_errors(self.diagnostics)

    def card(self, card_id: str) -> Card | None:
        return next((s.card for s in self.cards if s.card.id == card_id), None)



def bundled_bank_paths(profile: Profile) -> list[Path]:
    return [banks_dir() / name for name in profile.banks]


def expand_paths(paths: list[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Files as given; folders searched for *.toml and deck files, in sorted order."""
    files: list[Path] = []
    diags: list[Diagnostic] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and (p.suffix == ".toml" or p.suffix in DECK_SUFFIXES))
            if not found:
                diags.append(Diagnostic(str(path), None, "warning", "folder holds no .toml or deck (.txt) files", code="empty-folder"))
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            diags.append(Diagnostic(str(path), None, "error", "no such file or folder; check the path", code="io"))
    return files, diags


def apply_tag_rules(card: Card, profile: Profile | None) -> Card:
    if card.domain is not None or profile is None:
        return card
    tags = set(card.tags)
    for rule in profile.tag_rule:
        if tags & set(rule.tags):
            return card.model_copy(update={"domain": rule.domain, "task": rule.task})
    return card


def load_bank(paths: list[Path] | None, profile: Profile | None, *, strict: bool = False,
              warnings: bool = True) -> Bank:
    """Read every file; bad cards become diagnostics and the good ones still load.

    With `strict`, any error leaves the bank without items. `warnings=False` leaves out the
    linter's item-writing warnings (errors are all there): for starting a run, where only
    the sound cards matter and the warnings would cost a third of the load.
    """
    if not paths:
        paths = bundled_bank_paths(profile) if profile else [banks_dir()]
    bank = Bank()
    files, diags = expand_paths([Path(p) for p in paths])
    bank.diagnostics.extend(diags)
    digest = hashlib.sha256()
    rules = load_name_rules(str(default_names_path())) if warnings else ()
    for file in files:
        name = str(file)
        bank.files.append(name)
        try:
            data = file.read_bytes()
        except OSError as exc:
            bank.diagnostics.append(Diagnostic(name, None, "error", f"cannot be read ({exc.strerror}); check its permissions", code="io"))
            continue
        digest.update(name.encode() + b"\0" + data)
        if file.suffix == ".toml":
            loaded = load_toml_bank(file, data)
            for case_id, case in loaded.cases.items():
                if case_id in bank.cases:
                    bank.diagnostics.append(Diagnostic(name, None, "error", f"case id '{case_id}' is also defined in another file; case ids are unique across the bank", code="duplicate-id"))
                else:
                    bank.cases[case_id] = case
            file_cards, lines, file_diags = loaded.cards, loaded.card_lines, loaded.diagnostics
        else:
            deck = load_deck(file, data)
            file_cards, lines, file_diags = deck.cards, deck.card_lines, deck.diagnostics
        if strict:  # cleaned control characters are warnings, and errors when the author asks for strictness
            file_diags = [dataclasses.replace(d, severity="error") if d.code == "control-character" else d for d in file_diags]
        bank.diagnostics.extend(file_diags)
        for card in file_cards:
            card = apply_tag_rules(card, profile)
            line = lines.get(card.id)
            card_diags = lint_card(card, name, line, rules, warnings=warnings)
            if card.domain is None:
                card_diags = [d for d in card_diags if d.code != "no-domain"]
                card_diags.append(Diagnostic(name, line, "warning", "no tag rule maps this card to a domain, so no exam serves it; add a tag that a [[tag_rule]] in the profile names, or give the card a domain after `examsim bank import`", card_id=card.id, code="unmapped"))
            if profile is not None and card.domain is not None:
                card_diags += _check_against_profile(card, profile, name, line)
            bank.diagnostics.extend(card_diags)
            if has_errors(card_diags):
                continue
            bank.cards.append(SourcedCard(card, name, line))
    bank.fingerprint = digest.hexdigest()[:16]
    bank.diagnostics.extend(lint_bank([(s.card, s.file, s.line) for s in bank.cards]))
    duplicate_ids = {d.card_id for d in bank.diagnostics if d.code == "duplicate-id" and d.card_id}
    if duplicate_ids:
        kept: dict[str, SourcedCard] = {}
        for s in bank.cards:
            kept.setdefault(s.card.id, s)  # the first definition wins; the later one is reported
        bank.cards = list(kept.values())
    if strict and bank.has_errors:
        return bank
    bank.items, compile_diags = compile_cards(bank.cards, bank.cases)
    bank.diagnostics.extend(compile_diags)
    return bank


def _check_against_profile(card: Card, profile: Profile, file: str, line: int | None) -> list[Diagnostic]:
    out = []
    domain = profile.map_domain(card.domain)
    if domain not in profile.domains:
        out.append(Diagnostic(file, line, "error", f"domain {card.domain} is not in profile {profile.id} (domains {sorted(profile.domains)})", card_id=card.id, code="domain"))
    elif card.task is not None and profile.map_task(card.task) not in profile.task_names:
        out.append(Diagnostic(file, line, "error", f"task {card.task} is not a task statement of profile {profile.id}", card_id=card.id, code="task"))
    if card.skills and profile.skills and (card.exams is None or profile.id in card.exams):
        unknown = [s for s in card.skills if s not in profile.skills]
        if unknown:
            out.append(Diagnostic(file, line, "warning", f"skills {', '.join(unknown)} are not in {profile.code}'s guide; fix the number or limit `exams`", card_id=card.id, code="skill"))
    out += _check_new_skills(card, file, line)
    return out


def _check_new_skills(card: Card, file: str, line: int | None) -> list[Diagnostic]:
    """A skill one exam version added exists in no other version: such a card serves that version only."""
    out = []
    for other in _profiles_with_new_skills():
        added = [s for s in card.skills if s in other.new_skills]
        if added and (card.exams is None or set(card.exams) - {other.id}):
            serves = "every profile" if card.exams is None else ", ".join(card.exams)
            out.append(Diagnostic(file, line, "warning",
                                  f"skills {', '.join(added)} are new in {other.code} and exist in no other version, but the card serves {serves}; "
                                  f"set exams = [\"{other.id}\"]", card_id=card.id, code="skill"))
    return out


@lru_cache(maxsize=1)
def _profiles_with_new_skills() -> tuple[Profile, ...]:
    from examsim.core.profiles import load_all_profiles

    return tuple(p for p in load_all_profiles() if p.new_skills)


SKILL_MIN_CARDS = 3  # the bank's target: every skill of a profile's guide has this many cards serving it


@dataclass
class BankStats:
    """What a bank holds, and what of it a profile serves (`examsim bank stats`)."""

    cards: int
    items: int
    by_domain: dict[str, int]  # keyed by the domain number as a string
    by_task: dict[str, int]
    by_type: dict[str, int]  # every item kind, zeros included
    by_level: dict[str, int]
    case_studies: int
    derived_items: int
    full_exams: int  # distinct full exams, no card repeated across them
    profile: str
    served_cards: int  # the cards the profile serves
    served_by_domain: dict[str, int]  # by the profile's domains
    by_skill: dict[str, int]  # served cards per skill (every new skill, zeros included, when the profile has some)
    skills: dict[str, int]  # served cards per skill of the profile's guide, in guide order, zeros included
    skills_under_3: list[str]  # the guide's skills with fewer than SKILL_MIN_CARDS cards


def bank_stats(bank: Bank, profile: Profile) -> BankStats:
    from collections import Counter

    from examsim.core.assembler import count_full_exams, serves
    from examsim.core.items import ITEM_KINDS

    cards = [s.card for s in bank.cards]
    by_type = Counter(i.kind for i in bank.items)
    served_cards = {i.card_id for i in bank.items if serves(i, profile)}
    served = [c for c in cards if c.id in served_cards]
    skills = Counter(s for c in served for s in c.skills)
    return BankStats(
        cards=len(cards),
        items=len(bank.items),
        by_domain=dict(sorted(Counter(str(c.domain) for c in cards if c.domain).items())),
        by_task=dict(sorted(Counter(c.task for c in cards if c.task).items())),
        by_type={k: by_type.get(k, 0) for k in ITEM_KINDS},
        by_level=dict(sorted(Counter(c.level or "none" for c in cards).items())),
        case_studies=len({c.case for c in cards if c.case}),
        derived_items=sum(1 for i in bank.items if i.derived),
        full_exams=count_full_exams(bank.items, profile),
        profile=profile.id,
        served_cards=len(served),
        served_by_domain=dict(sorted(Counter(str(profile.map_domain(c.domain)) for c in served).items())),
        by_skill={s: skills.get(s, 0) for s in profile.new_skills} if profile.new_skills else dict(sorted(skills.items())),
        skills={s: skills.get(s, 0) for s in profile.skills},
        skills_under_3=[s for s in profile.skills if skills.get(s, 0) < SKILL_MIN_CARDS],
    )
