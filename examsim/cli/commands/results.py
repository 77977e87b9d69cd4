"""Looking back at runs: `report`, `history`, `review` (in the TUI) and `export anki`."""

from __future__ import annotations

import sys
from pathlib import Path

from examsim.cli import context
from examsim.cli.contracts import HistoryJson, ReportJson
from examsim.cli.output import (EXIT_ERRORS, EXIT_OK, CliError, free_name, json_text, print_json, refuse_to_overwrite,
                                say, write_file)

REPORT_SUFFIX = {"html": ".html", "markdown": ".md", "json": ".json", "text": ".txt"}
REPORT_FORMAT_NAME = {"html": "HTML", "markdown": "Markdown", "json": "JSON", "text": "text"}


def cmd_report(args) -> int:
    fmt = "json" if args.json else args.format
    with context.opened_store(args) as store:
        run_id = context.finished_run_id(store, args.run, args)
        if fmt == "json":
            text = json_text(ReportJson.build(store, run_id))
        else:
            from examsim.core.report import render_report

            text = render_report(store, run_id, fmt)
    out = Path(args.out) if args.out else None
    if out is None and fmt in ("html", "markdown") and sys.stdout.isatty():
        out = free_name(Path(f"examsim-run-{run_id}{REPORT_SUFFIX[fmt]}"))  # a page of HTML is no use in a terminal
    if out is None:
        print(text) if fmt == "json" else say(text)  # JSON is ASCII already (ensure_ascii)
        return EXIT_OK
    if args.out:
        refuse_to_overwrite(out, args.force)
    try:
        write_file(out, text + "\n")
    except OSError as exc:
        raise CliError(f"cannot write {out} ({exc.strerror}); choose another --out") from None
    say(f"wrote the {REPORT_FORMAT_NAME[fmt]} report of run {run_id} to {out.resolve()}"
        + (" (open it in a browser to read or print it)" if fmt == "html" else ""))
    return EXIT_OK


def cmd_history(args) -> int:
    profile = None if args.all else context.chosen_profile(args)
    with context.opened_store(args) as store:
        runs = [run for run in store.runs() if profile is None or run.profile == profile.id]
    history = HistoryJson.build(runs)
    if args.json:
        print_json(history)
        return EXIT_OK
    if not history.root:
        say(f"no {profile.code} runs yet: `examsim exam` starts a full practice exam" if profile
            else "no runs yet: `examsim exam` starts a full practice exam")
        return EXIT_OK
    from examsim.core.when import duration, local_date

    say(f"{'run':>4}  {'date':<22} {'mode':<5} {'profile':<8} {'state':<10} {'score':>6} {'result':<6} {'time':>11}")
    for r in history.root:
        score = r.scaled if r.scaled is not None else (f"{r.percent:.0f}%" if r.percent is not None else "-")
        result = {True: "PASS", False: "FAIL", None: "-"}[r.passed]
        say(f"{r.run:>4}  {local_date(r.date):<22} {r.mode:<5} {r.profile:<8} {r.state:<10} {score!s:>6} "
            f"{result:<6} {duration(r.elapsed):>11}")
    return EXIT_OK


def cmd_review(args) -> int:
    with context.opened_store(args) as store:
        run_id = context.finished_run_id(store, args.run, args)
    return context.run_app(args, start=("review", run_id))


def cmd_export_anki(args) -> int:
    from examsim.core.export import missed_across_runs, missed_in_run, write_anki

    out = Path(args.out)
    refuse_to_overwrite(out, args.force)
    with context.opened_store(args) as store:
        if args.run == "missed":
            cards, unreached = missed_across_runs(store), 0
            deck = "examsim::missed"
        else:
            run_id = context.finished_run_id(store, args.run, args)
            cards, unreached = missed_in_run(store, run_id)
            deck = f"examsim::run {run_id}"
    if not cards:
        raise CliError("no missed items to export: " + ("take an exam or a quiz first" if args.run == "missed"
                                                        else "every item shown in that run was right"), EXIT_ERRORS)
    write_anki(cards, out, deck)
    note = f"; {unreached} item{'s' if unreached != 1 else ''} never reached left out" if unreached else ""
    say(f"wrote {len(cards)} card{'s' if len(cards) != 1 else ''} to {out} (Anki deck '{deck}'){note}")
    return EXIT_OK
