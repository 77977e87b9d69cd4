"""What the commands draw on, from their arguments: the profile, the bank, the store, the run,
the clock and the app. Each either gives what was asked or raises a CliError that says what to do.

`wall_clock` and `run_app` are looked up on this module when called (`context.wall_clock()`),
so a test that replaces them here (monkeypatch.setattr(context, "wall_clock", ...)) reaches
every command.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from examsim.cli.output import EXIT_ERRORS, EXIT_OK, CliError, warn


def wall_clock():
    """Now, in UTC: the one clock of readiness, plan and drills (tests replace it)."""
    from examsim.core.study import utc_now

    return utc_now()


def profile_named(name: str | None):
    """The profile `name` (default MLA-C01); an unknown one is unusable (exit 2)."""
    from examsim.core.profiles import DEFAULT_PROFILE, ProfileError, load_profile

    try:
        return load_profile(name or DEFAULT_PROFILE)
    except ProfileError as exc:
        raise CliError(str(exc)) from None


def chosen_profile(args):
    """The exam the candidate practises for: --profile, else the one saved on the home screen,
    else MLA-C01 (nothing saved: scripts, CI)."""
    from examsim.core.profiles import DEFAULT_PROFILE, ProfileError, load_profile
    from examsim.core.settings import saved_profile

    if getattr(args, "profile", None):
        return profile_named(args.profile)
    saved = saved_profile(args.data_dir)
    if saved is None:
        return profile_named(DEFAULT_PROFILE)
    try:
        return load_profile(saved)
    except ProfileError as exc:
        raise CliError(f"the exam saved in settings.toml cannot be used ({exc}); pass --profile, "
                       "or choose again on the home screen (P)") from None


def open_store_or_fail(args):
    """The store of --data-dir; a damaged or newer database is unusable (exit 2). The caller closes it."""
    from examsim.core.store import Store, StoreError

    try:
        return Store(args.data_dir)
    except StoreError as exc:
        raise CliError(str(exc)) from None


@contextmanager
def opened_store(args) -> Iterator:
    """`with opened_store(args) as store:` the store of --data-dir, closed however the block ends."""
    store = open_store_or_fail(args)
    try:
        yield store
    finally:
        store.close()


def practice_bank(args, profile):
    """The bank a run is drawn from (--bank, else the bundled one), refused (exit 1) when its
    errors leave no card, or when a profile's bundled bank cannot fill one full exam; with
    --bank the candidate's own cards decide."""
    from examsim.core.bank import load_bank
    from examsim.core.catalog import require_bank

    if not args.bank:
        require_bank(profile)  # the cheap check first: no card files at all
    paths = [Path(p) for p in (args.bank or [])]
    bank = load_bank(paths or None, profile, warnings=False)  # a run needs sound cards, not style notes
    errors = [d for d in bank.diagnostics if d.severity == "error"]
    if errors and not bank.items:
        detail = "\n".join("  " + d.render() for d in errors[:10])
        more = f"\n  ... and {len(errors) - 10} more" if len(errors) > 10 else ""
        raise CliError(f"the bank has {len(errors)} error(s); `examsim bank check` lists them all:\n{detail}{more}", EXIT_ERRORS)
    if errors:
        warn(f"{len(errors)} card(s) skipped for errors; run `examsim bank check` to see them.")
    if not args.bank:
        require_bank(profile, bank)
    return bank


def finished_run_id(store, spec: str | None, args) -> int:
    """The run a report or a review is about: finished, or a clear refusal (exit 1). `latest` is
    the latest run of the exam the candidate practises for (a run number may be any run)."""
    if spec in (None, "latest"):
        profile = chosen_profile(args)
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


def run_app(args, start: tuple) -> int:
    """Build and run the TUI; its own return code is the command's exit status."""
    from examsim.tui.app import ExamsimApp

    store = open_store_or_fail(args)
    app = ExamsimApp(store, start, bank_paths=[Path(p) for p in (getattr(args, "bank", None) or [])] or None,
                     profile_name=getattr(args, "profile", None), intro=True)
    result = app.run()
    if app.return_code:
        return app.return_code
    return result if isinstance(result, int) else EXIT_OK

