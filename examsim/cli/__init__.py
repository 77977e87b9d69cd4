"""The `examsim` command line. Exit status: 0 fine, 1 the input has errors, 2 unusable.

Errors go to stderr as one readable paragraph, never a traceback. `--json` shapes are a
contract (docs/cli.md).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

from examsim import __version__
from examsim.core.errors import ExamsimError
from examsim.core.text import escape_text

EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE = 0, 1, 2


class CliError(ExamsimError):
    def __init__(self, message: str, status: int = EXIT_UNUSABLE):
        super().__init__(message)
        self.status = status


def _print_json(data) -> None:
    # ASCII only: no raw C1 control (or any other non-ASCII character) leaves; JSON escapes them.
    print(json.dumps(data, indent=2, ensure_ascii=True, default=str))


def _say(text: str = "", file=None) -> None:
    """Print for a terminal: card text, file names and stored runs may hold control characters,
    which are shown as escapes (`\\x1b`), never sent (examsim.core.text)."""
    print(escape_text(str(text)), file=file)


def _profile(name: str | None):
    from examsim.core.profiles import DEFAULT_PROFILE, ProfileError, load_profile

    try:
        return load_profile(name or DEFAULT_PROFILE)
    except ProfileError as exc:
        raise CliError(str(exc)) from None


def _chosen_profile(args):
    """The exam the candidate practises for: --profile, else the one saved on the home screen,
    else MLA-C01 (nothing saved: scripts, CI)."""
    from examsim.core.profiles import DEFAULT_PROFILE, ProfileError, load_profile
    from examsim.core.settings import saved_profile

    if getattr(args, "profile", None):
        return _profile(args.profile)
    saved = saved_profile(args.data_dir)
    if saved is None:
        return _profile(DEFAULT_PROFILE)
    try:
        return load_profile(saved)
    except ProfileError as exc:
        raise CliError(f"the exam saved in settings.toml cannot be used ({exc}); pass --profile, "
                       "or choose again on the home screen (P)") from None


def _require_bank(args, profile, bank=None) -> None:
    """Nothing starts on a profile whose bundled bank cannot fill one full exam (exit 1);
    with --bank the candidate's own cards decide."""
    from examsim.core.catalog import require_bank

    if not args.bank:
        require_bank(profile, bank)


def _store(args):
    from examsim.core.store import Store, StoreError

    try:
        return Store(args.data_dir)
    except StoreError as exc:
        raise CliError(str(exc)) from None


def _load_bank_or_fail(args, profile, strict: bool = False):
    from examsim.core.bank import load_bank

    paths = [Path(p) for p in (args.bank or [])]
    bank = load_bank(paths or None, profile, strict=strict, warnings=False)  # a run needs sound cards, not style notes
    errors = [d for d in bank.diagnostics if d.severity == "error"]
    if errors and (strict or not bank.items):
        detail = "\n".join("  " + d.render() for d in errors[:10])
        more = f"\n  ... and {len(errors) - 10} more" if len(errors) > 10 else ""
        raise CliError(f"the bank has {len(errors)} error(s); `examsim bank check` lists them all:\n{detail}{more}", EXIT_ERRORS)
    if errors:
        _say(f"examsim: warning: {len(errors)} card(s) skipped for errors; run `examsim bank check` to see them.", file=sys.stderr)
    return bank


# ---- bank ----
def cmd_bank_check(args) -> int:
    from examsim.core.bank import load_bank

    profile = _profile(args.profile)
    bank = load_bank([Path(p) for p in args.paths] or None, profile, strict=args.strict)
    diags = bank.diagnostics
    errors = sum(1 for d in diags if d.severity == "error")
    unusable = any(d.code in ("io", "binary", "encoding") for d in diags) and not bank.cards
    if args.json:
        _print_json({"diagnostics": [d.to_json() for d in diags], "cards_loaded": len(bank.cards),
                     "items": len(bank.items), "errors": errors, "warnings": len(diags) - errors})
    else:
        for d in diags:
            _say(d.render())
        _say(f"{len(bank.cards)} cards loaded, {len(bank.items)} items; {errors} error(s), {len(diags) - errors} warning(s)"
              f" in {len(bank.files)} file(s)")
    if unusable:
        return EXIT_UNUSABLE
    return EXIT_ERRORS if errors else EXIT_OK


def _card_json(card) -> dict:
    data = {"id": card.id, "question": card.question, "answer": card.answer, "level": card.level,
            "category": card.category, "tags": card.tags, "domain": card.domain, "task": card.task,
            "case": card.case, "references": card.references,
            "verified": card.verified.isoformat() if card.verified else None}
    return data


def _item_json(item) -> dict:
    from examsim.core.exhibits import exhibit_json

    return {"id": item.id, "card_id": item.card_id, "type": item.kind, "domain": item.domain, "task": item.task,
            "stem": item.stem, "options": list(item.options), "prompts": list(item.prompts), "key": list(item.key),
            "derived": item.derived, "case": item.case_id, "exhibit": exhibit_json(item)}


def cmd_bank_show(args) -> int:
    from examsim.core.bank import load_bank

    profile = _profile(args.profile)
    bank = load_bank([Path(args.path)], profile)
    if not bank.cards and bank.has_errors:
        for d in bank.diagnostics:
            _say(d.render(), file=sys.stderr)
        return EXIT_ERRORS
    if args.json:
        out = []
        for s in bank.cards:
            data = _card_json(s.card)
            if args.items:
                data["items"] = [_item_json(i) for i in bank.items if i.card_id == s.card.id]
            out.append(data)
        _print_json(out)
    else:
        for s in bank.cards:
            c = s.card
            _say(f"{c.id}  (domain {c.domain or '-'}, task {c.task or '-'}, {c.level or '-'} {c.category or ''})")
            _say(f"  Q: {c.question}")
            _say(f"  A: {c.answer}")
            if c.tags:
                _say(f"  tags: {', '.join(c.tags)}")
            if args.items:
                for i in bank.items:
                    if i.card_id == c.id:
                        _say(f"  item {i.id} [{i.kind}{', derived' if i.derived else ''}]: {len(i.options)} options"
                             + (f", exhibit: {i.exhibit_title}" if i.has_exhibit else ""))
            _say()
    return EXIT_ERRORS if bank.has_errors else EXIT_OK


def cmd_bank_import(args) -> int:
    import tomli_w

    from examsim.core.bank import apply_tag_rules
    from examsim.core.cards.deck_reader import load_deck

    profile = _profile(args.profile)
    out = Path(args.out)
    if out.exists() and not args.force:
        raise CliError(f"{out} exists; pass --force to overwrite it, or choose another --out", EXIT_UNUSABLE)
    deck = load_deck(args.deck)
    for d in deck.diagnostics:
        _say(d.render(), file=sys.stderr)
    if not deck.cards:
        raise CliError(f"{args.deck}: no cards could be read", EXIT_ERRORS if deck.diagnostics else EXIT_UNUSABLE)
    cards = []
    unmapped = 0
    for card in deck.cards:
        card = apply_tag_rules(card, profile)
        unmapped += card.domain is None
        cards.append({k: v for k, v in card.model_dump(mode="json", exclude_defaults=True).items() if v is not None})
    text = "# Imported from " + escape_text(Path(args.deck).name) + " by `examsim bank import`; curate before use.\n" + tomli_w.dumps({"card": cards})
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, out)
    _say(f"wrote {len(cards)} cards to {out}" + (f"; {unmapped} have no domain (no tag rule matched): set `domain` and `task` by hand" if unmapped else ""))
    return EXIT_ERRORS if any(d.severity == "error" for d in deck.diagnostics) else EXIT_OK


SKILL_MIN_CARDS = 3  # the bank's target: every skill of a profile's guide has this many cards serving it


def bank_stats(bank, profile) -> dict:
    from examsim.core.assembler import count_full_exams, serves

    cards = [s.card for s in bank.cards]
    by_type = Counter(i.kind for i in bank.items)
    served_cards = {i.card_id for i in bank.items if serves(i, profile)}
    served = [c for c in cards if c.id in served_cards]
    skills = Counter(s for c in served for s in c.skills)
    return {
        "cards": len(cards),
        "items": len(bank.items),
        "by_domain": dict(sorted(Counter(str(c.domain) for c in cards if c.domain).items())),
        "by_task": dict(sorted(Counter(c.task for c in cards if c.task).items())),
        "by_type": {k: by_type.get(k, 0) for k in ("multiple-choice", "multiple-response", "ordering", "matching")},
        "by_level": dict(sorted(Counter(c.level or "none" for c in cards).items())),
        "case_studies": len({c.case for c in cards if c.case}),
        "derived_items": sum(1 for i in bank.items if i.derived),
        "full_exams": count_full_exams(bank.items, profile),
        "profile": profile.id,
        "served_cards": len(served),
        "served_by_domain": dict(sorted(Counter(str(profile.map_domain(c.domain)) for c in served).items())),
        "by_skill": {s: skills.get(s, 0) for s in profile.new_skills} if profile.new_skills else dict(sorted(skills.items())),
        # Every skill of the profile's guide, zeros included (empty when the profile lists none).
        "skills": {s: skills.get(s, 0) for s in profile.skills},
        "skills_under_3": [s for s in profile.skills if skills.get(s, 0) < SKILL_MIN_CARDS],
    }


def cmd_bank_stats(args) -> int:
    from examsim.core.bank import load_bank

    profile = _profile(args.profile)
    bank = load_bank([Path(p) for p in args.paths] or None, profile)
    stats = bank_stats(bank, profile)
    if args.json:
        _print_json(stats)
        return EXIT_OK
    _say(f"{stats['cards']} cards, {stats['items']} items ({stats['derived_items']} derived), "
          f"{stats['case_studies']} case studies; profile {profile.code}")
    _say("by domain: " + ", ".join(f"{k}: {v}" for k, v in stats["by_domain"].items()))
    _say("by task:   " + ", ".join(f"{k}: {v}" for k, v in stats["by_task"].items()))
    _say("by type:   " + ", ".join(f"{k}: {v}" for k, v in stats["by_type"].items()))
    _say("by level:  " + ", ".join(f"{k}: {v}" for k, v in stats["by_level"].items()))
    _say(f"cards {profile.code} serves: {stats['served_cards']} (by domain: "
          + ", ".join(f"{k}: {v}" for k, v in stats["served_by_domain"].items()) + ")")
    if profile.new_skills:
        by_skill = stats["by_skill"]
        thin = [f"{s} ({n})" for s, n in by_skill.items() if n < 2]
        _say(f"new {profile.code} skills covered by 2+ cards: {len(by_skill) - len(thin)} of {len(by_skill)}"
              + (f"; short: {', '.join(thin)}" if thin else ""))
    if profile.skills:
        _say(f"cards per {profile.code} skill (cards {profile.code} serves):")
        by_task: dict[str, list[str]] = {}
        for skill, n in stats["skills"].items():
            by_task.setdefault(skill.rsplit(".", 1)[0], []).append(f"{skill}: {n}")
        for task, counts in by_task.items():
            _say(f"  {task}  " + ", ".join(counts))
        under = [f"{s} ({stats['skills'][s]})" for s in stats["skills_under_3"]]
        _say(f"{profile.code} skills with fewer than {SKILL_MIN_CARDS} cards: " + ", ".join(under) if under
              else f"every {profile.code} skill has {SKILL_MIN_CARDS}+ cards")
    _say(f"distinct full {profile.code} exams (no card repeated): {stats['full_exams']}")
    return EXIT_OK


# ---- exams ----
def _seed(args) -> int:
    from examsim.core.modes import fresh_seed

    return args.seed if args.seed is not None else fresh_seed()


def cmd_exam(args) -> int:
    from examsim.core.assembler import AssemblyError, assemble_exam

    profile = _chosen_profile(args)
    _require_bank(args, profile)
    bank = _load_bank_or_fail(args, profile)
    _require_bank(args, profile, bank)
    seed = _seed(args)
    if not args.dry_run and not args.new:
        _refuse_if_exam_open_elsewhere(args)
    seen = None
    if args.unseen:
        from examsim.core.modes import seen_counts

        store = _store(args)
        seen = seen_counts(store)
        store.close()
    try:
        exam = assemble_exam(bank.items, profile, seed, accommodation=args.accommodation, seen=seen,
                             bank_fingerprint=bank.fingerprint)
    except AssemblyError as exc:
        raise CliError(f"{exc}. Add cards to the bank, or pass --bank with a larger one.", EXIT_ERRORS) from None
    return _print_or_run(args, exam, bank, profile, as_json=args.json)


def _refuse_if_exam_open_elsewhere(args) -> None:
    """Two windows on two exams is almost always a mistake (history would hold two running
    exams): say where the open one is; `--new` starts a second one on purpose."""
    store = _store(args)
    try:
        open_elsewhere = [r for r in store.unfinished_runs() if r.mode == "exam" and store.is_open_elsewhere(r.id)]
    finally:
        store.close()
    if open_elsewhere:
        run = open_elsewhere[-1]
        raise CliError(f"an exam (run {run.id}, started {run.created_at[:16].replace('T', ' ')} UTC) is open in another "
                       "examsim window: finish or close it there, or pass --new to start a second exam anyway", EXIT_ERRORS)


def _print_or_run(args, exam, bank, profile, as_json: bool) -> int:
    """`--dry-run` prints the run that would be given; otherwise the TUI runs it."""
    if args.dry_run:
        data = exam_dry_run_json(exam)
        if as_json:
            _print_json(data)
        else:
            for n, item in enumerate(data["items"], 1):
                _say(f"{n:2}. [{item['type']}{'' if item['scored'] else ', unscored'}] domain {item['domain']} {item['id']}")
            _say(f"profile {exam.profile_id}, seed {exam.seed}, {exam.minutes or 'untimed'} minutes")
        return EXIT_OK
    return _run_app(args, start=("exam", exam, bank, profile))


def exam_dry_run_json(exam) -> dict:
    return {
        "profile": exam.profile_id, "seed": exam.seed, "minutes": exam.minutes, "mode": exam.mode,
        "items": [
            {"id": e.item.id, "card_id": e.item.card_id, "domain": e.domain, "task": e.task, "type": e.item.kind,
             "scored": e.scored, "options": list(e.presentation.shown_options(e.item)),
             "prompts": list(e.presentation.shown_prompts(e.item)), "key": list(e.presentation.shown_key(e.item)),
             "case": e.item.case_id}
            for e in exam.entries
        ],
    }


def cmd_quiz(args) -> int:
    from examsim.core.assembler import AssemblyError, QuizFilter, assemble_quiz

    profile = _chosen_profile(args)
    _require_bank(args, profile)
    bank = _load_bank_or_fail(args, profile)
    _require_bank(args, profile, bank)
    card_ids = None
    if args.missed:
        store = _store(args)
        from examsim.core.modes import missed_card_ids

        card_ids = missed_card_ids(store)
        store.close()
        if not card_ids:
            raise CliError("no missed or flagged items yet: take an exam or a quiz first", EXIT_ERRORS)
    kinds = [args.type] if args.type else []
    quiz_filter = QuizFilter(domains=args.domain or [], tasks=args.task or [], kinds=kinds, card_ids=card_ids)
    try:
        exam = assemble_quiz(bank.items, profile, _seed(args), args.count, quiz_filter, timed=args.timed,
                             feedback=args.feedback, bank_fingerprint=bank.fingerprint,
                             title=f"{profile.code} quiz" + (f", domain {', '.join(map(str, args.domain))}" if args.domain else ""))
    except AssemblyError as exc:
        raise CliError(str(exc), EXIT_ERRORS) from None
    return _print_or_run(args, exam, bank, profile, as_json=True)


def cmd_drill(args) -> int:
    from examsim.core.assembler import AssemblyError
    from examsim.core.modes import new_drill

    if args.forecast:
        return drill_forecast(args)
    profile = _chosen_profile(args)
    _require_bank(args, profile)
    bank = _load_bank_or_fail(args, profile)
    _require_bank(args, profile, bank)
    store = _store(args)
    try:
        exam = new_drill(bank, profile, store, count=args.count, seed=args.seed, now=wall_clock)
    except AssemblyError as exc:
        raise CliError(f"{exc}. Take an exam or a quiz first: drills start from your answers.", EXIT_ERRORS) from None
    finally:
        store.close()
    return _print_or_run(args, exam, bank, profile, as_json=True)


def wall_clock():
    """Now, in UTC: the one clock of readiness and plan (tests replace it)."""
    from examsim.core.study import utc_now

    return utc_now()


def drill_forecast(args) -> int:
    """How many cards fall due on each of the next 14 days (today holds the overdue ones)."""
    from examsim.core.study import forecast

    store = _store(args)
    try:
        days = forecast(store, wall_clock)
    finally:
        store.close()
    if args.json:
        _print_json([{"date": day.isoformat(), "due": n} for day, n in days])
        return EXIT_OK
    _say(f"cards due on each of the next {len(days)} days (today includes any overdue):")
    most = max((n for _d, n in days), default=0) or 1
    for day, n in days:
        _say(f"  {day:%a %d %b}  {n:>4}  {'#' * round(30 * n / most) if n else ''}")
    return EXIT_OK


def cmd_export_anki(args) -> int:
    from examsim.core.export import missed_across_runs, missed_in_run, write_anki

    out = Path(args.out)
    if out.exists() and not args.force:
        raise CliError(f"{out} exists; pass --force to overwrite it, or choose another --out", EXIT_UNUSABLE)
    store = _store(args)
    try:
        if args.run == "missed":
            cards, unreached = missed_across_runs(store), 0
            deck = "examsim::missed"
        else:
            run_id = _finished_run_id(store, args.run, args)
            cards, unreached = missed_in_run(store, run_id)
            deck = f"examsim::run {run_id}"
    finally:
        store.close()
    if not cards:
        raise CliError("no missed items to export: " + ("take an exam or a quiz first" if args.run == "missed"
                                                        else "every item shown in that run was right"), EXIT_ERRORS)
    write_anki(cards, out, deck)
    note = f"; {unreached} item{'s' if unreached != 1 else ''} never reached left out" if unreached else ""
    _say(f"wrote {len(cards)} card{'s' if len(cards) != 1 else ''} to {out} (Anki deck '{deck}'){note}")
    return EXIT_OK


def cmd_readiness(args) -> int:
    from examsim.core.plan import days_left
    from examsim.core.study import gather_evidence, readiness, saved_exam_date

    profile = _chosen_profile(args)
    store = _store(args)
    now = wall_clock()
    try:
        estimate = readiness(gather_evidence(store, profile, lambda: now), profile)
        exam_date = saved_exam_date(store)
    finally:
        store.close()
    estimate.exam_date = exam_date.isoformat() if exam_date else None
    estimate.days_left = days_left(exam_date, now)
    if args.json:
        _print_json(estimate.to_json())
        return EXIT_OK
    for line in readiness_lines(estimate, profile):
        _say(line)
    return EXIT_OK


def readiness_lines(estimate, profile) -> list[str]:
    """The readiness estimate as text, saying how much of its evidence is fresh."""
    from examsim.core.study import NO_EVIDENCE

    if not estimate.has_evidence:
        return [f"{profile.code} readiness: {NO_EVIDENCE}"]
    lines = [
        f"{profile.code} readiness from {estimate.evidence_text} (docs/readiness.md)",
        f"chance to pass a fresh form: {estimate.pass_probability:.0%} (80% interval {estimate.pass_low:.0%}-{estimate.pass_high:.0%})",
        f"predicted score: {estimate.score_median} (80% interval {estimate.score_low}-{estimate.score_high}), pass mark {profile.scale.pass_mark}; "
        f"about {estimate.expected_percent:.0f}% of a fresh form right",
    ]
    for d in estimate.domains:
        lines.append(f"  domain {d.domain}: {d.describe()}  {d.name}")
    if estimate.repeat_answers:
        lines.append(f"repeats count for less: a right answer to an item seen before may be a remembered key "
                     f"(estimated recall of a key seen once, a day later: {estimate.key_memory:.0%})")
    if estimate.days_left is not None and estimate.days_left >= 0:
        lines.append(f"exam date {estimate.exam_date}: {estimate.days_left} day{'s' if estimate.days_left != 1 else ''} left "
                     "(`examsim plan`)")
    return lines


def cmd_plan(args) -> int:
    from examsim.core.plan import parse_exam_date, study_plan
    from examsim.core.settings import load_settings, save_settings
    from examsim.core.study import saved_exam_date

    profile = _chosen_profile(args)
    store = _store(args)
    now = wall_clock()
    try:
        if args.date or args.clear:
            exam_date = None
            if args.date:
                try:
                    exam_date = parse_exam_date(args.date, now)
                except ValueError as exc:
                    raise CliError(str(exc)) from None
            settings, warning = load_settings(store.data_dir)
            if warning:
                _say(f"examsim: warning: {warning}", file=sys.stderr)
            try:
                save_settings(store.data_dir, settings.model_copy(update={"exam_date": exam_date}))
            except OSError as exc:
                raise CliError(f"the exam date could not be saved ({exc.strerror or exc})") from None
        exam_date = saved_exam_date(store)
        plan = study_plan(store, profile, exam_date, now)
    finally:
        store.close()
    if args.json:
        _print_json({"profile": profile.id, **plan.to_json()})
        return EXIT_OK
    _say(f"{profile.code}: {plan.summary()}")
    if plan.exam_date is not None and plan.days_left is not None and plan.days_left >= 0:
        _say(f"cards due before the exam: {plan.due_before_exam} ({plan.due_now} due now)")
        _say(f"pace: {plan.pace_per_day:.1f} answers a day lately (over the days you practised, at most the last 14); needed: {plan.needed_per_day:.1f} a day "
             f"to bring every task statement to {plan.target_per_task} answers and clear the due cards")
        for task in profile.task_names:
            mark = "" if plan.tasks.get(task, 0) >= plan.target_per_task else "  <- short"
            _say(f"  task {task}: {plan.tasks.get(task, 0)} answers{mark}")
        _say("drills aim at the date: retention 95% in the last 21 days, and a card you would recall with under 95% "
             "on exam day comes back before it (docs/readiness.md)")
    return EXIT_OK


def cmd_bank_feedback(args) -> int:
    store = _store(args)
    rows = store.feedback()
    store.close()
    if args.json:
        _print_json(rows)
        return EXIT_OK
    if not rows:
        _say("no item reports yet (press B in the review of a run to report a bad item)")
    for r in rows:
        _say(f"#{r['id']} {r['created_at'][:16]} {r['kind']:<10} card {r['card_id']} (item {r['item_id']}, run {r['run_id']}, {r['source'] or '-'})")
        if r["comment"]:
            _say(f"    {r['comment']}")
    return EXIT_OK


def _finished_run_id(store, spec: str | None, args) -> int:
    """The run a report or a review is about: finished, or a clear refusal (exit 1). `latest` is
    the latest run of the exam the candidate practises for (a run number may be any run)."""
    if spec in (None, "latest"):
        profile = _chosen_profile(args)
        row = store.latest_finished(profile.id)
        if row is None:
            raise CliError(f"no finished {profile.code} run yet: take an exam first (`examsim exam`), "
                           "or name a run from `examsim history --all`", EXIT_ERRORS)
        return row.id
    try:
        run_id = int(spec)
    except ValueError:
        raise CliError(f"'{spec}' is not a run number; use a number from `examsim history` or 'latest'") from None
    row = store.run(run_id)
    if row is None:
        raise CliError(f"there is no run {run_id}; `examsim history` lists the runs", EXIT_ERRORS)
    if not row.is_finished:
        from examsim.core.session import open_finished

        open_finished(store, run_id)  # raises RunNotFinished with what to do
    return run_id


def report_json(store, run_id: int) -> dict:
    from examsim.core.study import forensics

    row = store.run(run_id)
    result = row.result or {}
    return {
        "forensics": forensics(store, run_id).to_json() if row.result else None,
        "run": row.id, "mode": row.mode, "profile": row.profile, "state": row.state, "title": row.title,
        "scaled": result.get("scaled"), "pass": result.get("passed"), "right": result.get("right"),
        "scored": result.get("scored"), "percent": result.get("percent"), "answered": result.get("answered"),
        "elapsed": row.elapsed, "minutes": row.minutes, "created_at": row.created_at, "finished_at": row.finished_at,
        "domains": [{"domain": int(d["key"]), "name": d["name"], "right": d["right"], "scored": d["scored"], "result": d["result"]}
                    for d in result.get("domains", [])],
        "tasks": [{"task": t["key"], "name": t["name"], "right": t["right"], "scored": t["scored"], "result": t["result"]}
                  for t in result.get("tasks", [])],
    }


REPORT_SUFFIX = {"html": ".html", "markdown": ".md", "json": ".json", "text": ".txt"}


def cmd_report(args) -> int:
    fmt = "json" if args.json else args.format
    store = _store(args)
    try:
        run_id = _finished_run_id(store, args.run, args)
        if fmt == "json":
            text = json.dumps(report_json(store, run_id), indent=2, ensure_ascii=True, default=str)
        else:
            from examsim.core.report import render_report

            text = render_report(store, run_id, fmt)
    finally:
        store.close()
    out = Path(args.out) if args.out else None
    if out is None and fmt in ("html", "markdown") and sys.stdout.isatty():
        out = _free_name(Path(f"examsim-run-{run_id}{REPORT_SUFFIX[fmt]}"))  # a page of HTML is no use in a terminal
    if out is None:
        print(text) if fmt == "json" else _say(text)  # JSON is ASCII already (ensure_ascii)
        return EXIT_OK
    if out.exists() and args.out and not args.force:
        raise CliError(f"{out} exists; pass --force to overwrite it, or choose another --out", EXIT_UNUSABLE)
    tmp = out.with_name(out.name + ".tmp")
    try:
        tmp.write_text(text + "\n", encoding="utf-8")
        os.replace(tmp, out)
    except OSError as exc:
        raise CliError(f"cannot write {out} ({exc.strerror}); choose another --out") from None
    name = {"html": "HTML", "markdown": "Markdown", "json": "JSON", "text": "text"}[fmt]
    _say(f"wrote the {name} report of run {run_id} to {out.resolve()}" + (" (open it in a browser to read or print it)" if fmt == "html" else ""))
    return EXIT_OK


def _free_name(path: Path) -> Path:
    """The path itself, or path-2, path-3 ... when taken: a default name never overwrites."""
    n = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate


def cmd_history(args) -> int:
    profile = None if args.all else _chosen_profile(args)
    store = _store(args)
    rows = []
    for run in store.runs():
        if profile is not None and run.profile != profile.id:
            continue
        r = run.result or {}
        rows.append({"run": run.id, "date": run.created_at, "mode": run.mode, "profile": run.profile, "state": run.state,
                     "scaled": r.get("scaled"), "percent": r.get("percent"), "pass": r.get("passed"),
                     "right": r.get("right"), "scored": r.get("scored"), "elapsed": round(run.elapsed, 1),
                     "minutes": run.minutes, "title": run.title})
    if args.json:
        _print_json(rows)
        return EXIT_OK
    if not rows:
        _say(f"no {profile.code} runs yet: `examsim exam` starts a full practice exam" if profile
             else "no runs yet: `examsim exam` starts a full practice exam")
        return EXIT_OK
    from examsim.core.when import duration, local_date

    _say(f"{'run':>4}  {'date':<22} {'mode':<5} {'profile':<8} {'state':<10} {'score':>6} {'result':<6} {'time':>11}")
    for r in rows:
        score = r["scaled"] if r["scaled"] is not None else (f"{r['percent']:.0f}%" if r["percent"] is not None else "-")
        result = {True: "PASS", False: "FAIL", None: "-"}[r["pass"]]
        _say(f"{r['run']:>4}  {local_date(r['date']):<22} {r['mode']:<5} {r['profile']:<8} {r['state']:<10} {score!s:>6} "
             f"{result:<6} {duration(r['elapsed']):>11}")
    return EXIT_OK


def cmd_profiles(args) -> int:
    from examsim.core.catalog import profile_summaries
    from examsim.core.settings import saved_profile
    from examsim.core.store import default_data_dir

    data_dir = Path(args.data_dir) if args.data_dir else default_data_dir()
    summaries = profile_summaries(data_dir)
    if args.json:
        _print_json([s.to_json() for s in summaries])
        return EXIT_OK
    chosen = saved_profile(data_dir)
    _say(f"{'':2}{'exam':<9}{'items':>5}{'minutes':>9}{'pass':>6}  {'full exams':<12}name")
    for s in summaries:
        full = str(s.full_exams) if s.has_bank else "no bank yet"
        minutes = f"{s.minutes}{'' if s.duration_confirmed else '?'}"
        _say(f"{'* ' if s.id == chosen else '  '}{s.code:<9}{s.items:>5}{minutes:>9}{s.pass_mark:>6}  {full:<12}{s.name}")
    notes = ["full exams: distinct full exams the bundled bank fills, no card repeated"]
    if any(not s.duration_confirmed for s in summaries):
        notes.append("?: duration not confirmed by AWS")
    if chosen:
        notes.append("*: the exam you practise for (change it on the home screen, P)")
    _say("; ".join(notes))
    return EXIT_OK


def cmd_scale(args) -> int:
    from examsim.core.scoring import min_right_to_pass, scale_table

    profile = _chosen_profile(args)
    table = scale_table(profile)
    if args.json:
        _print_json(table)
        return EXIT_OK
    need = min_right_to_pass(profile.scored, profile.scale)
    _say(f"{profile.code}: {profile.scored} scored items, pass at {profile.scale.pass_mark}. You need {need} right.")
    _say("(AWS publishes no raw-to-scaled conversion; this is examsim's documented model: docs/scoring.md)")
    for row in table:
        _say(f"{row['right']:>3}/{row['scored']}  {row['scaled']:>5}  {'PASS' if row['pass'] else 'fail'}")
    return EXIT_OK


def cmd_review(args) -> int:
    store = _store(args)
    try:
        run_id = _finished_run_id(store, args.run, args)
    finally:
        store.close()
    return _run_app(args, start=("review", run_id))


def cmd_home(args) -> int:
    return _run_app(args, start=("home",))


def _run_app(args, start: tuple) -> int:
    """Build and run the TUI; its own return code is the command's exit status."""
    from examsim.tui.app import ExamsimApp

    store = _store(args)
    app = ExamsimApp(store, start, bank_paths=[Path(p) for p in (getattr(args, "bank", None) or [])] or None,
                     profile_name=getattr(args, "profile", None), intro=True)
    result = app.run()
    if app.return_code:
        return app.return_code
    return result if isinstance(result, int) else EXIT_OK


def cmd_serve(args) -> int:
    """The app in a browser, on this machine only (127.0.0.1)."""
    import shlex

    from textual_serve.server import Server

    command = [sys.executable, "-m", "examsim"]
    if args.data_dir:
        command += ["--data-dir", str(args.data_dir)]
    _say(f"examsim in your browser: http://127.0.0.1:{args.port} (Ctrl+C stops it)")
    Server(shlex.join(command), host="127.0.0.1", port=args.port, title="examsim").serve()
    return EXIT_OK


def cmd_store_reset(args) -> int:
    from examsim.core.store import default_data_dir, reset_store

    moved = reset_store(args.data_dir)
    folder = args.data_dir or default_data_dir()
    if moved is None:
        _say(f"no database in {folder}; nothing to move")
    else:
        _say(f"moved the database aside to {moved}; the next start creates a fresh one")
    return EXIT_OK


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is too few: give 1 or more")
    return value


CHOSEN = "default: the exam chosen on the home screen, else mla-c01"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="examsim", description="Timed mock exams for AWS MLA-C01 in the terminal.")
    parser.add_argument("--version", action="version", version=f"examsim {__version__}")
    parser.add_argument("--data-dir", default=os.environ.get("EXAMSIM_HOME"), help="where runs are saved (default: the user data dir; env EXAMSIM_HOME)")
    parser.set_defaults(func=cmd_home)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def bank_args(p):
        p.add_argument("--profile", help=f"exam profile ({CHOSEN})")
        p.add_argument("--bank", action="append", metavar="PATH", help="bank file or folder (repeatable; default: the bundled bank)")
        p.add_argument("--seed", type=int, help="the same seed gives the same exam")

    p = sub.add_parser("exam", help="a full timed practice exam")
    bank_args(p)
    p.add_argument("--accommodation", action="store_true", help="ESL +30 minutes")
    p.add_argument("--unseen", action="store_true", help="prefer the cards your past runs served least (the home screen always does)")
    p.add_argument("--new", action="store_true", help="start a new exam even while one is open in another window")
    p.add_argument("--dry-run", action="store_true", help="print the exam that would be given, and exit")
    p.add_argument("--json", action="store_true", help="with --dry-run: JSON output")
    p.set_defaults(func=cmd_exam)

    p = sub.add_parser("quiz", help="a mini quiz by domain, task statement or type")
    bank_args(p)
    p.add_argument("--domain", type=int, action="append", help="domain number (repeatable)")
    p.add_argument("--task", action="append", help="task statement such as 1.2 (repeatable)")
    p.add_argument("--type", choices=["multiple-choice", "multiple-response", "ordering", "matching"])
    p.add_argument("--count", type=_positive_int, default=10, help="how many items (1 or more)")
    p.add_argument("--missed", action="store_true", help="only items missed or flagged in past runs")
    p.add_argument("--feedback", choices=["now", "end"], default="now")
    p.add_argument("--timed", action="store_true", help="run a clock at the exam's pace")
    p.add_argument("--dry-run", action="store_true", help="print the quiz as JSON and exit")
    p.set_defaults(func=cmd_quiz)

    p = sub.add_parser("review", help="review a finished run")
    p.add_argument("run", nargs="?", default="latest")
    p.add_argument("--profile", help=f"with latest: the exam whose latest run to review ({CHOSEN})")
    p.set_defaults(func=cmd_review)

    p = sub.add_parser("history", help="every run of the exam you practise for")
    p.add_argument("--profile", help=f"whose runs to list ({CHOSEN})")
    p.add_argument("--all", action="store_true", help="every run, of every exam")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("report", help="a finished run's score report")
    p.add_argument("run", nargs="?", default="latest")
    p.add_argument("--profile", help=f"with latest: the exam whose latest run to report ({CHOSEN})")
    p.add_argument("--format", choices=["text", "json", "markdown", "html"], default="text")
    p.add_argument("--json", action="store_true", help="same as --format json")
    p.add_argument("--out", metavar="FILE", help="write the report to FILE (HTML and Markdown go to a file anyway when "
                   "printed to a terminal: examsim-run-N.html or .md here)")
    p.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("drill", help="spaced-repetition drill: due cards first, then your weakest task statements")
    bank_args(p)
    p.add_argument("--count", type=_positive_int, default=20, help="how many items (1 or more)")
    p.add_argument("--dry-run", action="store_true", help="print the drill as JSON and exit")
    p.add_argument("--forecast", action="store_true", help="how many cards fall due on each of the next 14 days")
    p.add_argument("--json", action="store_true", help="with --forecast: JSON output")
    p.set_defaults(func=cmd_drill)

    export = sub.add_parser("export", help="export cards to other study tools")
    esub = export.add_subparsers(dest="export_command", metavar="FORMAT", required=True)
    p = esub.add_parser("anki", help="the missed cards of a run (or of every run) as an Anki package")
    p.add_argument("run", metavar="RUN|missed", help="a finished run's number, 'latest', or 'missed' (every run)")
    p.add_argument("--out", required=True, metavar="FILE.apkg")
    p.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    p.set_defaults(func=cmd_export_anki)

    p = sub.add_parser("readiness", help="estimated chance to pass a fresh form, with intervals")
    p.add_argument("--profile", help=f"exam profile ({CHOSEN})")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_readiness)

    p = sub.add_parser("profiles", help="the exams examsim models, and how many full exams each bank fills")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_profiles)

    p = sub.add_parser("plan", help="set the exam date; days left, cards due before it, and whether your pace covers the blueprint")
    p.add_argument("--profile")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--date", metavar="YYYY-MM-DD", help="the day of your exam (saved in settings; drills aim at it)")
    when.add_argument("--clear", action="store_true", help="forget the exam date")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_plan)

    p = sub.add_parser("scale", help="the raw -> scaled score table")
    p.add_argument("--profile", help=f"exam profile ({CHOSEN})")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_scale)

    bank = sub.add_parser("bank", help="check, show, import and count bank files")
    bsub = bank.add_subparsers(dest="bank_command", metavar="ACTION", required=True)
    p = bsub.add_parser("check", help="lint bank files (default: the bundled bank)")
    p.add_argument("paths", nargs="*")
    p.add_argument("--profile")
    p.add_argument("--strict", action="store_true", help="any error: load nothing")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_bank_check)
    p = bsub.add_parser("show", help="the parsed cards of a file")
    p.add_argument("path")
    p.add_argument("--profile")
    p.add_argument("--items", action="store_true", help="also the compiled items")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_bank_show)
    p = bsub.add_parser("import", help="a flashcard deck -> curated TOML cards")
    p.add_argument("deck")
    p.add_argument("--out", required=True)
    p.add_argument("--profile")
    p.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    p.set_defaults(func=cmd_bank_import)
    p = bsub.add_parser("stats", help="counts, and how many distinct full exams the bank fills")
    p.add_argument("paths", nargs="*")
    p.add_argument("--profile")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_bank_stats)

    p = bsub.add_parser("feedback", help="items reported as wrong, ambiguous or outdated")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_bank_feedback)

    p = sub.add_parser("serve", help="the app in a browser on 127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)

    store = sub.add_parser("store", help="the data store")
    ssub = store.add_subparsers(dest="store_command", metavar="ACTION", required=True)
    p = ssub.add_parser("reset", help="move the database aside (never deletes it) and start fresh")
    p.set_defaults(func=cmd_store_reset)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status = args.func(args)
    except ExamsimError as exc:  # CliError, StoreError, ProfileError, AssemblyError, RunNotFinished
        _say(f"examsim: {exc}", file=sys.stderr)
        status = exc.status
    except KeyboardInterrupt:
        status = 130
    except BrokenPipeError:
        status = EXIT_OK
    return status


def entry() -> None:
    sys.exit(main())
