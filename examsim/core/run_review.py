"""What the results and review screens read of a run, and what a candidate does there:
the answer forensics, how one item's answer changed, reporting a bad item, and setting
aside a run left before its clock started. Each takes the Session (its store and run id)
so that screens never reach into the Store.
"""

from __future__ import annotations

from examsim.core.study import Forensics, complete_answers, forensics

CHANGE_EFFECTS = {(False, True): "wrong to right", (True, False): "right to wrong"}


def is_stored(session) -> bool:
    """The run is in a store (a test's bare Session is not): it has an answer history and takes reports."""
    return session.store is not None and session.run_id is not None


def run_forensics(session) -> Forensics | None:
    """Confidence calibration, answers changed, the slowest items (None for a run not stored)."""
    return forensics(session.store, session.run_id) if is_stored(session) else None


def answer_changes(session, index: int) -> tuple[int, str] | None:
    """How often the answer to an item changed, and to what effect ("wrong to right", "right to
    wrong", "no effect"); None when it never changed. Counted over the answers settled on
    (study.complete_answers), as the run's forensics count: building a Select TWO answer is
    one answer, not a change."""
    if not is_stored(session):
        return None
    item = session.entry(index).item
    settled = complete_answers(item, [r for _t, r in session.store.answer_log(session.run_id).get(index, [])])
    if len(settled) <= 1:
        return None
    first, last = item.is_correct(settled[0]), item.is_correct(settled[-1])
    return len(settled) - 1, CHANGE_EFFECTS.get((first, last), "no effect")


def report_item(session, index: int, kind: str, comment: str) -> bool:
    """A candidate's report on an item (wrong key, ambiguous, outdated), stored for the bank's
    authors (`examsim bank feedback`). False for a run not stored: nowhere to keep it."""
    if not is_stored(session):
        return False
    item = session.entry(index).item
    session.store.add_feedback(session.run_id, item.id, item.card_id, kind, comment, item.source)
    return True


def set_aside_unstarted(session) -> None:
    """Leaving before the clock starts: the run was never taken, so it is marked abandoned
    (never offered for resume) and its lock released."""
    if is_stored(session):
        session.store.abandon(session.run_id)
    session.close()
