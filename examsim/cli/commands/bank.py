"""Authoring the bank: `bank check`, `show`, `import`, `stats`, and `bank feedback` (the items
candidates reported). These default to MLA-C01, not the exam practised for (docs/cli.md)."""

from __future__ import annotations

import sys
from pathlib import Path

from examsim.cli import context
from examsim.cli.contracts import BankCheckJson, BankShowJson, BankStatsJson, FeedbackJson
from examsim.cli.output import (EXIT_ERRORS, EXIT_OK, EXIT_UNUSABLE, CliError, print_json, refuse_to_overwrite, say, warn,
                                write_file)
from examsim.core.text import escape_text


def _bank_of(paths: list[str], profile, strict: bool = False):
    from examsim.core.bank import load_bank

    return load_bank([Path(p) for p in paths] or None, profile, strict=strict)


def cmd_bank_check(args) -> int:
    profile = context.profile_named(args.profile)
    bank = _bank_of(args.paths, profile, strict=args.strict)
    check = BankCheckJson.build(bank)
    unusable = any(d.code in ("io", "binary", "encoding") for d in bank.diagnostics) and not bank.cards
    if args.json:
        print_json(check)
    else:
        for d in bank.diagnostics:
            say(d.render())
        say(f"{check.cards_loaded} cards loaded, {check.items} items; {check.errors} error(s), {check.warnings} warning(s)"
            f" in {len(bank.files)} file(s)")
    if unusable:
        return EXIT_UNUSABLE
    return EXIT_ERRORS if check.errors else EXIT_OK


def cmd_bank_show(args) -> int:
    profile = context.profile_named(args.profile)
    bank = _bank_of([args.path], profile)
    if not bank.cards and bank.has_errors:
        for d in bank.diagnostics:
            say(d.render(), file=sys.stderr)
        return EXIT_ERRORS
    if args.json:
        print_json(BankShowJson.build(bank, with_items=args.items))
    else:
        for s in bank.cards:
            c = s.card
            say(f"{c.id}  (domain {c.domain or '-'}, task {c.task or '-'}, {c.level or '-'} {c.category or ''})")
            say(f"  Q: {c.question}")
            say(f"  A: {c.answer}")
            if c.tags:
                say(f"  tags: {', '.join(c.tags)}")
            if args.items:
                for i in bank.items:
                    if i.card_id == c.id:
                        say(f"  item {i.id} [{i.kind}{', derived' if i.derived else ''}]: {len(i.options)} options"
                            + (f", exhibit: {i.exhibit_title}" if i.has_exhibit else ""))
            say()
    return EXIT_ERRORS if bank.has_errors else EXIT_OK


def cmd_bank_import(args) -> int:
    import tomli_w

    from examsim.core.bank import apply_tag_rules
    from examsim.core.cards.deck_reader import load_deck

    profile = context.profile_named(args.profile)
    out = Path(args.out)
    refuse_to_overwrite(out, args.force)
    deck = load_deck(args.deck)
    for d in deck.diagnostics:
        say(d.render(), file=sys.stderr)
    if not deck.cards:
        raise CliError(f"{args.deck}: no cards could be read", EXIT_ERRORS if deck.diagnostics else EXIT_UNUSABLE)
    cards = []
    unmapped = 0
    for card in deck.cards:
        card = apply_tag_rules(card, profile)
        unmapped += card.domain is None
        cards.append({k: v for k, v in card.model_dump(mode="json", exclude_defaults=True).items() if v is not None})
    write_file(out, "# Imported from " + escape_text(Path(args.deck).name) + " by `examsim bank import`; curate before use.\n"
               + tomli_w.dumps({"card": cards}))
    say(f"wrote {len(cards)} cards to {out}" + (f"; {unmapped} have no domain (no tag rule matched): set `domain` and `task` by hand" if unmapped else ""))
    return EXIT_ERRORS if any(d.severity == "error" for d in deck.diagnostics) else EXIT_OK


def cmd_bank_stats(args) -> int:
    from examsim.core.bank import SKILL_MIN_CARDS, bank_stats

    profile = context.profile_named(args.profile)
    bank = _bank_of(args.paths, profile)
    stats = bank_stats(bank, profile)
    # Counts of a bank with errors leave out the cards they dropped: say so, and exit 1 as `check` does.
    errors = sum(1 for d in bank.diagnostics if d.severity == "error")
    status = EXIT_ERRORS if errors else EXIT_OK
    if errors:
        warn(f"{errors} error(s) in the bank: the counts leave out the cards they dropped; "
             "`examsim bank check` lists them")
    if args.json:
        print_json(BankStatsJson.build(stats))
        return status

    def counts(mapping: dict[str, int]) -> str:
        return ", ".join(f"{k}: {v}" for k, v in mapping.items())

    say(f"{stats.cards} cards, {stats.items} items ({stats.derived_items} derived), "
        f"{stats.case_studies} case studies; profile {profile.code}")
    say("by domain: " + counts(stats.by_domain))
    say("by task:   " + counts(stats.by_task))
    say("by type:   " + counts(stats.by_type))
    say("by level:  " + counts(stats.by_level))
    say(f"cards {profile.code} serves: {stats.served_cards} (by domain: " + counts(stats.served_by_domain) + ")")
    if profile.new_skills:
        thin = [f"{s} ({n})" for s, n in stats.by_skill.items() if n < 2]
        say(f"new {profile.code} skills covered by 2+ cards: {len(stats.by_skill) - len(thin)} of {len(stats.by_skill)}"
            + (f"; short: {', '.join(thin)}" if thin else ""))
    if profile.skills:
        say(f"cards per {profile.code} skill (cards {profile.code} serves):")
        by_task: dict[str, list[str]] = {}
        for skill, n in stats.skills.items():
            by_task.setdefault(skill.rsplit(".", 1)[0], []).append(f"{skill}: {n}")
        for task, skill_counts in by_task.items():
            say(f"  {task}  " + ", ".join(skill_counts))
        under = [f"{s} ({stats.skills[s]})" for s in stats.skills_under_3]
        say(f"{profile.code} skills with fewer than {SKILL_MIN_CARDS} cards: " + ", ".join(under) if under
            else f"every {profile.code} skill has {SKILL_MIN_CARDS}+ cards")
    say(f"distinct full {profile.code} exams (no card repeated): {stats.full_exams}")
    return status


def cmd_bank_feedback(args) -> int:
    with context.opened_store(args) as store:
        feedback = FeedbackJson.model_validate(store.feedback())
    if args.json:
        print_json(feedback)
        return EXIT_OK
    if not feedback.root:
        say("no item reports yet (press B in the review of a run to report a bad item)")
    for r in feedback.root:
        say(f"#{r.id} {r.created_at[:16]} {r.kind:<10} card {r.card_id} (item {r.item_id}, run {r.run_id}, {r.source or '-'})")
        if r.comment:
            say(f"    {r.comment}")
    return EXIT_OK
