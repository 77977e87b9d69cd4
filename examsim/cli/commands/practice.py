"""Practising: `exam`, `quiz` and `drill` (a run in the TUI, or `--dry-run` printed), and
`drill --forecast`. The runs are built by examsim.core.modes, as the TUI's home screen builds them."""

from __future__ import annotations

from contextlib import nullcontext

from examsim.cli import context
from examsim.cli.contracts import DryRunJson, ForecastJson
from examsim.cli.output import EXIT_ERRORS, EXIT_OK, CliError, print_json, say


def cmd_exam(args) -> int:
    from examsim.core.assembler import AssemblyError
    from examsim.core.modes import new_exam

    profile = context.chosen_profile(args)
    bank = context.practice_bank(args, profile)
    if not args.dry_run and not args.new:
        refuse_if_exam_open_elsewhere(args)
    try:
        with context.opened_store(args) if args.unseen else nullcontext() as store:  # the store gives seen counts
            exam = new_exam(bank, profile, seed=args.seed, accommodation=args.accommodation, store=store)
    except AssemblyError as exc:
        raise CliError(f"{exc}. Add cards to the bank, or pass --bank with a larger one.", EXIT_ERRORS) from None
    return print_or_run(args, exam, bank, profile, as_json=args.json)


def refuse_if_exam_open_elsewhere(args) -> None:
    """Two windows on two exams is almost always a mistake (history would hold two running
    exams): say where the open one is; `--new` starts a second one on purpose."""
    with context.opened_store(args) as store:
        open_elsewhere = [r for r in store.unfinished_runs() if r.mode == "exam" and store.is_open_elsewhere(r.id)]
    if open_elsewhere:
        run = open_elsewhere[-1]
        raise CliError(f"an exam (run {run.id}, started {run.created_at[:16].replace('T', ' ')} UTC) is open in another "
                       "examsim window: finish or close it there, or pass --new to start a second exam anyway", EXIT_ERRORS)


def print_or_run(args, exam, bank, profile, as_json: bool) -> int:
    """`--dry-run` prints the run that would be given; otherwise the TUI runs it."""
    if args.dry_run:
        dry_run = DryRunJson.build(exam)
        if as_json:
            print_json(dry_run)
        else:
            for n, item in enumerate(dry_run.items, 1):
                say(f"{n:2}. [{item.type}{'' if item.scored else ', unscored'}] domain {item.domain} {item.id}")
            say(f"profile {exam.profile_id}, seed {exam.seed}, {exam.minutes or 'untimed'} minutes")
        return EXIT_OK
    return context.run_app(args, start=("exam", exam, bank, profile))


def cmd_quiz(args) -> int:
    from examsim.core.assembler import AssemblyError, QuizFilter
    from examsim.core.modes import missed_card_ids, new_quiz, quiz_title

    profile = context.chosen_profile(args)
    bank = context.practice_bank(args, profile)
    card_ids = None
    if args.missed:
        with context.opened_store(args) as store:
            card_ids = missed_card_ids(store)
        if not card_ids:
            raise CliError("no missed or flagged items yet: take an exam or a quiz first", EXIT_ERRORS)
    quiz_filter = QuizFilter(domains=args.domain or [], tasks=args.task or [], kinds=[args.type] if args.type else [],
                             card_ids=card_ids)
    try:
        exam = new_quiz(bank, profile, quiz_filter, count=args.count, seed=args.seed, timed=args.timed,
                        feedback=args.feedback, title=quiz_title(profile, args.domain))
    except AssemblyError as exc:
        raise CliError(str(exc), EXIT_ERRORS) from None
    return print_or_run(args, exam, bank, profile, as_json=True)


def cmd_drill(args) -> int:
    from examsim.core.assembler import AssemblyError
    from examsim.core.modes import new_drill

    if args.forecast:
        return drill_forecast(args)
    profile = context.chosen_profile(args)
    bank = context.practice_bank(args, profile)
    try:
        with context.opened_store(args) as store:
            exam = new_drill(bank, profile, store, count=args.count, seed=args.seed, now=context.wall_clock)
    except AssemblyError as exc:
        raise CliError(f"{exc}. Take an exam or a quiz first: drills start from your answers.", EXIT_ERRORS) from None
    return print_or_run(args, exam, bank, profile, as_json=True)


def drill_forecast(args) -> int:
    """How many cards fall due on each of the next 14 days (today holds the overdue ones)."""
    from examsim.core.study import forecast

    with context.opened_store(args) as store:
        days = forecast(store, context.wall_clock)
    if args.json:
        print_json(ForecastJson.build(days))
        return EXIT_OK
    say(f"cards due on each of the next {len(days)} days (today includes any overdue):")
    most = max((n for _d, n in days), default=0) or 1
    for day, n in days:
        say(f"  {day:%a %d %b}  {n:>4}  {'#' * round(30 * n / most) if n else ''}")
    return EXIT_OK
