"""Where the candidate stands, and the exams themselves: `readiness`, `plan`, `scale`, `profiles`."""

from __future__ import annotations

from pathlib import Path

from examsim.cli import context
from examsim.cli.contracts import PlanJson, ProfilesJson, ReadinessJson, ScaleJson
from examsim.cli.output import EXIT_OK, CliError, print_json, say, warn


def cmd_readiness(args) -> int:
    from examsim.core.plan import days_left
    from examsim.core.study import gather_evidence, readiness, saved_exam_date

    profile = context.chosen_profile(args)
    now = context.wall_clock()
    with context.opened_store(args) as store:
        estimate = readiness(gather_evidence(store, profile, lambda: now), profile)
        exam_date = saved_exam_date(store)
    estimate.exam_date = exam_date.isoformat() if exam_date else None
    estimate.days_left = days_left(exam_date, now)
    if args.json:
        print_json(ReadinessJson.build(estimate))
        return EXIT_OK
    for line in readiness_lines(estimate, profile):
        say(line)
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
    from examsim.core.plan import study_plan
    from examsim.core.study import saved_exam_date

    profile = context.chosen_profile(args)
    now = context.wall_clock()
    with context.opened_store(args) as store:
        if args.date or args.clear:
            save_exam_date(store.data_dir, args.date, now)
        plan = study_plan(store, profile, saved_exam_date(store), now)
    if args.json:
        print_json(PlanJson.build(profile.id, plan))
        return EXIT_OK
    say(f"{profile.code}: {plan.summary()}")
    if plan.exam_date is not None and plan.days_left is not None and plan.days_left >= 0:
        say(f"cards due before the exam: {plan.due_before_exam} ({plan.due_now} due now)")
        say(f"pace: {plan.pace_per_day:.1f} answers a day lately (over the days you practised, at most the last 14); needed: {plan.needed_per_day:.1f} a day "
            f"to bring every task statement to {plan.target_per_task} answers and clear the due cards")
        for task in profile.task_names:
            mark = "" if plan.tasks.get(task, 0) >= plan.target_per_task else "  <- short"
            say(f"  task {task}: {plan.tasks.get(task, 0)} answers{mark}")
        say("drills aim at the date: retention 95% in the last 21 days, and a card you would recall with under 95% "
            "on exam day comes back before it (docs/readiness.md)")
    return EXIT_OK


def save_exam_date(data_dir: Path, text: str | None, now) -> None:
    """`plan --date` (text) or `--clear` (None): the exam date saved in settings.toml."""
    from examsim.core.plan import parse_exam_date
    from examsim.core.settings import load_settings, save_settings

    exam_date = None
    if text:
        try:
            exam_date = parse_exam_date(text, now)
        except ValueError as exc:
            raise CliError(str(exc)) from None
    settings, warning = load_settings(data_dir)
    if warning:
        warn(warning)
    try:
        save_settings(data_dir, settings.model_copy(update={"exam_date": exam_date}))
    except OSError as exc:
        raise CliError(f"the exam date could not be saved ({exc.strerror or exc})") from None


def cmd_scale(args) -> int:
    from examsim.core.scoring import min_right_to_pass, scale_table

    profile = context.chosen_profile(args)
    table = ScaleJson.model_validate(scale_table(profile))
    if args.json:
        print_json(table)
        return EXIT_OK
    need = min_right_to_pass(profile.scored, profile.scale)
    say(f"{profile.code}: {profile.scored} scored items, pass at {profile.scale.pass_mark}. You need {need} right.")
    say("(AWS publishes no raw-to-scaled conversion; this is examsim's documented model: docs/scoring.md)")
    for row in table.root:
        say(f"{row.right:>3}/{row.scored}  {row.scaled:>5}  {'PASS' if row.passed else 'fail'}")
    return EXIT_OK


def cmd_profiles(args) -> int:
    from examsim.core.catalog import profile_summaries
    from examsim.core.settings import saved_profile
    from examsim.core.store import default_data_dir

    data_dir = Path(args.data_dir) if args.data_dir else default_data_dir()
    summaries = profile_summaries(data_dir)
    if args.json:
        print_json(ProfilesJson.build(summaries))
        return EXIT_OK
    chosen = saved_profile(data_dir)
    say(f"{'':2}{'exam':<9}{'items':>5}{'minutes':>9}{'pass':>6}  {'full exams':<12}name")
    for s in summaries:
        full = str(s.full_exams) if s.has_bank else "no bank yet"
        minutes = f"{s.minutes}{'' if s.duration_confirmed else '?'}"
        say(f"{'* ' if s.id == chosen else '  '}{s.code:<9}{s.items:>5}{minutes:>9}{s.pass_mark:>6}  {full:<12}{s.name}")
    notes = ["full exams: distinct full exams the bundled bank fills, no card repeated"]
    if any(not s.duration_confirmed for s in summaries):
        notes.append("?: duration not confirmed by AWS")
    if chosen:
        notes.append("*: the exam you practise for (change it on the home screen, P)")
    say("; ".join(notes))
    return EXIT_OK
