"""The `examsim` command line as argparse sees it: every subcommand, its options, and the
`cmd_*` function (examsim.cli.commands) that runs it. docs/cli.md documents the same."""

from __future__ import annotations

import argparse
import os

import importlib

from examsim import __version__
from examsim.core.items import ITEM_KINDS


class Command:
    """A `cmd_*` function named by its module under examsim.cli.commands, imported when its
    command runs: `examsim --help`, `store reset` or the home screen load neither the JSON
    contracts nor the other commands' imports."""

    def __init__(self, module: str, name: str):
        self.module, self.name = module, name

    def __call__(self, args) -> int:
        return getattr(importlib.import_module(f"examsim.cli.commands.{self.module}"), self.name)(args)

    def __repr__(self) -> str:
        return f"examsim.cli.commands.{self.module}.{self.name}"


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is too few: give 1 or more")
    return value


CHOSEN = "default: the exam chosen on the home screen, else mla-c01"


def command(subparsers, name: str, func: str, help: str) -> argparse.ArgumentParser:
    """The subcommand `name`, run by `func` ("module:cmd_name" under examsim.cli.commands;
    args -> exit status)."""
    parser = subparsers.add_parser(name, help=help)
    parser.set_defaults(func=Command(*func.split(":")))
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="examsim", description="Timed mock exams for AWS MLA-C02 and MLA-C01 in the terminal.")
    parser.add_argument("--version", action="version", version=f"examsim {__version__}")
    parser.add_argument("--data-dir", default=os.environ.get("EXAMSIM_HOME"), help="where runs are saved (default: the user data dir; env EXAMSIM_HOME)")
    parser.set_defaults(func=Command("app", "cmd_home"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def bank_args(p):
        p.add_argument("--profile", help=f"exam profile ({CHOSEN})")
        p.add_argument("--bank", action="append", metavar="PATH", help="bank file or folder (repeatable; default: the bundled bank)")
        p.add_argument("--seed", type=int, help="the same seed gives the same exam")

    p = command(sub, "exam", "practice:cmd_exam", help="a full timed practice exam")
    bank_args(p)
    p.add_argument("--accommodation", action="store_true", help="ESL +30 minutes")
    p.add_argument("--unseen", action="store_true", help="prefer the cards your past runs served least (the home screen always does)")
    p.add_argument("--new", action="store_true", help="start a new exam even while one is open in another window")
    p.add_argument("--dry-run", action="store_true", help="print the exam that would be given, and exit")
    p.add_argument("--json", action="store_true", help="with --dry-run: JSON output")

    p = command(sub, "quiz", "practice:cmd_quiz", help="a mini quiz by domain, task statement or type")
    bank_args(p)
    p.add_argument("--domain", type=int, action="append", help="domain number (repeatable)")
    p.add_argument("--task", action="append", help="task statement such as 1.2 (repeatable)")
    p.add_argument("--type", choices=ITEM_KINDS)
    p.add_argument("--count", type=_positive_int, default=10, help="how many items (1 or more)")
    p.add_argument("--missed", action="store_true", help="only items missed or flagged in past runs")
    p.add_argument("--feedback", choices=["now", "end"], default="now")
    p.add_argument("--timed", action="store_true", help="run a clock at the exam's pace")
    p.add_argument("--dry-run", action="store_true", help="print the quiz as JSON and exit")

    p = command(sub, "review", "results:cmd_review", help="review a finished run")
    p.add_argument("run", nargs="?", default="latest")
    p.add_argument("--profile", help=f"with latest: the exam whose latest run to review ({CHOSEN})")

    p = command(sub, "history", "results:cmd_history", help="every run of the exam you practise for")
    p.add_argument("--profile", help=f"whose runs to list ({CHOSEN})")
    p.add_argument("--all", action="store_true", help="every run, of every exam")
    p.add_argument("--json", action="store_true")

    p = command(sub, "report", "results:cmd_report", help="a finished run's score report")
    p.add_argument("run", nargs="?", default="latest")
    p.add_argument("--profile", help=f"with latest: the exam whose latest run to report ({CHOSEN})")
    p.add_argument("--format", choices=["text", "json", "markdown", "html"], default="text")
    p.add_argument("--json", action="store_true", help="same as --format json")
    p.add_argument("--out", metavar="FILE", help="write the report to FILE (HTML and Markdown go to a file anyway when "
                   "printed to a terminal: examsim-run-N.html or .md here)")
    p.add_argument("--force", action="store_true", help="overwrite --out if it exists")

    p = command(sub, "drill", "practice:cmd_drill", help="spaced-repetition drill: due cards first, then your weakest task statements")
    bank_args(p)
    p.add_argument("--count", type=_positive_int, default=20, help="how many items (1 or more)")
    p.add_argument("--dry-run", action="store_true", help="print the drill as JSON and exit")
    p.add_argument("--forecast", action="store_true", help="how many cards fall due on each of the next 14 days")
    p.add_argument("--json", action="store_true", help="with --forecast: JSON output")

    export = sub.add_parser("export", help="export cards to other study tools")
    esub = export.add_subparsers(dest="export_command", metavar="FORMAT", required=True)
    p = command(esub, "anki", "results:cmd_export_anki", help="the missed cards of a run (or of every run) as an Anki package")
    p.add_argument("run", metavar="RUN|missed", help="a finished run's number, 'latest', or 'missed' (every run)")
    p.add_argument("--out", required=True, metavar="FILE.apkg")
    p.add_argument("--force", action="store_true", help="overwrite --out if it exists")

    p = command(sub, "readiness", "outlook:cmd_readiness", help="estimated chance to pass a fresh form, with intervals")
    p.add_argument("--profile", help=f"exam profile ({CHOSEN})")
    p.add_argument("--json", action="store_true")

    p = command(sub, "profiles", "outlook:cmd_profiles", help="the exams examsim models, and how many full exams each bank fills")
    p.add_argument("--json", action="store_true")

    p = command(sub, "plan", "outlook:cmd_plan", help="set the exam date; days left, cards due before it, and whether your pace covers the blueprint")
    p.add_argument("--profile")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--date", metavar="YYYY-MM-DD", help="the day of your exam (saved in settings; drills aim at it)")
    when.add_argument("--clear", action="store_true", help="forget the exam date")
    p.add_argument("--json", action="store_true")

    p = command(sub, "scale", "outlook:cmd_scale", help="the raw -> scaled score table")
    p.add_argument("--profile", help=f"exam profile ({CHOSEN})")
    p.add_argument("--json", action="store_true")

    bank = sub.add_parser("bank", help="check, show, import and count bank files")
    bsub = bank.add_subparsers(dest="bank_command", metavar="ACTION", required=True)
    p = command(bsub, "check", "bank:cmd_bank_check", help="lint bank files (default: the bundled bank)")
    p.add_argument("paths", nargs="*")
    p.add_argument("--profile")
    p.add_argument("--strict", action="store_true", help="any error: load nothing")
    p.add_argument("--json", action="store_true")
    p = command(bsub, "show", "bank:cmd_bank_show", help="the parsed cards of a file")
    p.add_argument("path")
    p.add_argument("--profile")
    p.add_argument("--items", action="store_true", help="also the compiled items")
    p.add_argument("--json", action="store_true")
    p = command(bsub, "import", "bank:cmd_bank_import", help="a flashcard deck -> curated TOML cards")
    p.add_argument("deck")
    p.add_argument("--out", required=True)
    p.add_argument("--profile")
    p.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    p = command(bsub, "stats", "bank:cmd_bank_stats", help="counts, and how many distinct full exams the bank fills")
    p.add_argument("paths", nargs="*")
    p.add_argument("--profile")
    p.add_argument("--json", action="store_true")

    p = command(bsub, "feedback", "bank:cmd_bank_feedback", help="items reported as wrong, ambiguous or outdated")
    p.add_argument("--json", action="store_true")

    p = command(sub, "serve", "app:cmd_serve", help="the app in a browser on 127.0.0.1")
    p.add_argument("--port", type=int, default=8000)

    store = sub.add_parser("store", help="the data store")
    ssub = store.add_subparsers(dest="store_command", metavar="ACTION", required=True)
    p = command(ssub, "reset", "app:cmd_store_reset", help="move the database aside (never deletes it) and start fresh")
    return parser
