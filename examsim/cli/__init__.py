"""The `examsim` command line: `main(argv)` parses, runs one command and returns its exit status.

Exit status: 0 fine, 1 the input has errors, 2 unusable; errors go to stderr as one readable
paragraph starting `examsim:`, never a traceback. `--json` shapes are a contract (docs/cli.md).

The package, by what each module holds:
  parser.py          build_parser: every subcommand and option, wired to its cmd_* function
  commands/          the cmd_* functions, by what the candidate does:
    practice.py        exam, quiz, drill (--dry-run, --forecast): runs built by examsim.core.modes
    results.py         report, history, review, export anki
    outlook.py         readiness, plan, scale, profiles
    bank.py            bank check, show, import, stats, feedback
    app.py             the home screen, serve, store reset
  context.py         what commands draw on: the profile, the bank, the store, the run, the clock
                     (`wall_clock`) and the TUI (`run_app`); tests replace these two here
  contracts.py       every --json output as a pydantic model, and how each is built
  output.py          exit statuses, CliError, text and JSON printing, file writing
"""

from __future__ import annotations

import sys

from examsim.cli.output import EXIT_OK, EXIT_UNUSABLE, say
from examsim.cli.parser import build_parser
from examsim.core.errors import ExamsimError


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        status = args.func(args)
    except ExamsimError as exc:  # CliError, StoreError, ProfileError, AssemblyError, RunNotFinished
        say(f"examsim: {exc}", file=sys.stderr)
        status = exc.status
    except KeyboardInterrupt:
        status = 130
    except BrokenPipeError:
        status = EXIT_OK
    except Exception as exc:
        # A --json contract that does not fit what the core gave (a stored value of a type the
        # model does not allow): one paragraph, not a traceback; anything else is a bug shown whole.
        if type(exc).__name__ != "ValidationError" or not type(exc).__module__.startswith("pydantic"):
            raise
        where = ".".join(str(p) for p in exc.errors()[0]["loc"]) if exc.errors() else "?"
        say(f"examsim: the output of this command does not fit its documented shape ({exc.title}, field '{where}': "
            f"{exc.errors()[0]['msg'] if exc.errors() else exc}); this is a bug in examsim: please report it with "
            "the command you ran", file=sys.stderr)
        status = EXIT_UNUSABLE
    return status


def entry() -> None:
    sys.exit(main())


__all__ = ["build_parser", "entry", "main"]
