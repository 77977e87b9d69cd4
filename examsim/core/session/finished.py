"""A finished run read back for reports and reviews: reads never write."""

from __future__ import annotations

from examsim.core.errors import RunNotFinished
from examsim.core.profiles import ProfileError, load_profile
from examsim.core.session.machine import Session
from examsim.core.session.record import stored_report
from examsim.core.store import Store, StoreError


def open_finished(store: Store, run_id: int) -> Session:
    """A finished run, read-only, for reports and reviews: no lock, no write, its stored result.

    Refuses a run still open (it would be ended or locked) and one abandoned before it was
    taken, with a message that says what to do. A profile removed since is no obstacle."""
    row = store.run(run_id)
    if row is None:
        raise StoreError(f"there is no run {run_id}; `examsim history` lists the runs")
    if row.is_open:
        raise RunNotFinished(f"run {run_id} is not finished ({row.state}): resume it from the home screen "
                             "(`examsim`, then Resume) and submit it; its report and review open after that")
    if not row.is_finished:
        raise RunNotFinished(f"run {run_id} was {row.state} before it was taken: it has no score to report or review")
    try:
        profile = load_profile(row.profile)
    except ProfileError:
        profile = None
        if stored_report(row.result) is None:
            raise
    return Session.resume(store, run_id, profile)
