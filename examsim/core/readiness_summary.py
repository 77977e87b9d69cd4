"""The readiness paragraph home and history show: the estimate in words (the numbers come from
examsim.core.study) and, when asked, a line on the exam date (examsim.core.plan)."""

from __future__ import annotations

from examsim.core.store import Store


def readiness_summary(store: Store, profile_name: str, with_plan: bool = False) -> str:
    """The paragraph, and with `with_plan` the exam-date line. Today is the store's wall clock;
    any failure reads "unavailable" (an estimate must never break a screen).

    Runs in a worker thread: it reads through its own read-only connection, never the
    app's (sqlite3 connections belong to the thread that made them)."""
    from examsim.core.plan import study_plan
    from examsim.core.profiles import load_profile
    from examsim.core.study import NO_EVIDENCE, gather_evidence, readiness, saved_exam_date

    plan = ""
    try:
        profile = load_profile(profile_name)
        reader = store.reader()
        try:
            now = reader.wall_clock()
            evidence = gather_evidence(reader, profile, lambda: now)
            estimate = readiness(evidence, profile, draws=200)
            if with_plan:
                plan = "\n" + study_plan(reader, profile, saved_exam_date(reader), now).summary()
        finally:
            reader.close()
    except Exception as exc:  # an estimate must never break a screen
        return f"Readiness: unavailable ({exc})"
    if not estimate.has_evidence:
        return f"Readiness ({profile.code}): {NO_EVIDENCE}" + plan
    attempted = [d for d in estimate.domains if d.attempted]
    untried = [str(d.domain) for d in estimate.domains if not d.attempted]
    weakest = sorted(attempted, key=lambda d: d.mean)[:2]
    text = (f"Readiness ({profile.code}, from {estimate.evidence_text}): {estimate.pass_probability:.0%} chance to pass "
            f"a fresh form (80% interval {estimate.pass_low:.0%}-{estimate.pass_high:.0%}); predicted score "
            f"{estimate.score_median} ({estimate.score_low}-{estimate.score_high}). Weakest: "
            + ", ".join(f"domain {d.domain} {d.mean:.0%}" for d in weakest))
    if untried:
        text += f". Not yet attempted: domain{'s' if len(untried) > 1 else ''} {', '.join(untried)}"
    return text + plan
