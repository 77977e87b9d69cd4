"""Exam-date aware study: how many days are left, what falls due before the exam, and whether
the candidate's pace covers the blueprint in time (docs/readiness.md, "Exam date").

Dates are UTC calendar days of the injected wall clock; the exam date is the candidate's.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from examsim.core.profiles import Profile
from examsim.core.store import Store

EXAM_RETENTION = 0.95  # the recall drills aim for on exam day
CRAM_DAYS = 21  # the last weeks, when drills schedule for EXAM_RETENTION rather than FSRS's 0.90
TASK_TARGET = 20  # answers per task statement that "cover" it
PACE_DAYS = 14  # the pace is answers a day over this many recent days


def parse_exam_date(text: str, now: dt.datetime) -> dt.date:
    """The exam day from YYYY-MM-DD, today or later; ValueError says what is wrong."""
    try:
        exam_date = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"'{text.strip()}' is not a date: give the exam day as YYYY-MM-DD") from None
    if exam_date < now.astimezone(dt.timezone.utc).date():
        raise ValueError(f"{exam_date.isoformat()} has passed: give the day of your exam, today or later")
    return exam_date


def days_left(exam_date: dt.date | None, now: dt.datetime) -> int | None:
    """Whole days from today to the exam day (0 on the day, negative once it has passed)."""
    return None if exam_date is None else (exam_date - now.astimezone(dt.timezone.utc).date()).days


def exam_start(exam_date: dt.date) -> dt.datetime:
    return dt.datetime.combine(exam_date, dt.time(0), dt.timezone.utc)


def aim_due(due: dt.datetime, recall_at_exam: float, exam_date: dt.date | None, now: dt.datetime) -> dt.datetime:
    """Where a card's next review goes, given the exam date. A card that would come back after
    the exam while its recall on exam day would be under EXAM_RETENTION comes back before it:
    when the last CRAM_DAYS start (or tomorrow, if they have), and at the latest the day
    before the exam. Cards that will be recalled anyway keep FSRS's date."""
    if exam_date is None:
        return due
    start = exam_start(exam_date)
    eve = start - dt.timedelta(days=1)
    if eve - now < dt.timedelta(hours=12) or due <= eve or recall_at_exam >= EXAM_RETENTION:
        return due  # no day left to come back on, or it comes back in time, or it will be recalled
    return min(eve, max(now + dt.timedelta(days=1), start - dt.timedelta(days=CRAM_DAYS)))


def desired_retention(exam_date: dt.date | None, now: dt.datetime) -> float:
    left = days_left(exam_date, now)
    return EXAM_RETENTION if left is not None and 0 < left <= CRAM_DAYS else 0.90


@dataclass
class Plan:
    exam_date: dt.date | None
    days_left: int | None
    due_before_exam: int | None  # cards (FSRS) due before exam day, those due now included
    due_now: int
    pace_per_day: float  # answers a day over the last PACE_DAYS days
    needed_per_day: float | None  # to bring every task statement to TASK_TARGET answers and clear due cards
    covers_blueprint: bool | None  # the pace is at least what is needed
    tasks: dict[str, int] = field(default_factory=dict)  # answers per task statement
    target_per_task: int = TASK_TARGET

    @property
    def tasks_short(self) -> list[str]:
        return [t for t, n in self.tasks.items() if n < self.target_per_task]

    def summary(self) -> str:
        """One line for home and the CLI."""
        if self.exam_date is None:
            return "No exam date set (D on home, or `examsim plan --date YYYY-MM-DD`): drills aim at it once set."
        when = self.exam_date.strftime("%a %d %b %Y")
        if self.days_left is not None and self.days_left < 0:
            return f"Exam date {when} has passed: set the next one (D on home, or `examsim plan --date`)."
        left = "today" if self.days_left == 0 else f"{self.days_left} day{'s' if self.days_left != 1 else ''} left"
        text = f"Exam {when} ({left}): {self.due_before_exam} card{'s' if self.due_before_exam != 1 else ''} due before it"
        if self.needed_per_day is None:
            return text + "."
        pace = f"{self.pace_per_day:.0f} answers a day vs {self.needed_per_day:.0f} needed"
        if self.covers_blueprint:
            return f"{text}; {pace}: on track for the blueprint."
        short = len(self.tasks_short)
        detail = f" ({short} task statement{'s' if short != 1 else ''} under {self.target_per_task} answers)" if short else ""
        return f"{text}; {pace}: short of the blueprint{detail}."


def study_plan(store: Store, profile: Profile, exam_date: dt.date | None, now: dt.datetime) -> Plan:
    """The plan as of `now` (reads only)."""
    from examsim.core.study import gather_evidence

    evidence = gather_evidence(store, profile, lambda: now)
    tasks = Counter({t: 0 for t in profile.task_names})
    for a in evidence.records:
        if a.task in tasks:
            tasks[a.task] += 1
    recent = [a for a in evidence.records if a.age <= PACE_DAYS]
    practising_days = max((a.age for a in evidence.records), default=0.0)
    pace = len(recent) / max(1.0, min(float(PACE_DAYS), practising_days))
    dues = [dt.datetime.fromisoformat(due) for _fsrs, due, _r, _l in store.memory().values()]
    due_now = sum(1 for d in dues if d <= now)
    left = days_left(exam_date, now)
    if exam_date is None or left is None or left < 0:
        return Plan(exam_date, left, None, due_now, pace, None, None, dict(tasks))
    due_before = sum(1 for d in dues if d < exam_start(exam_date))
    workload = sum(max(0, TASK_TARGET - n) for n in tasks.values()) + due_before
    needed = workload / max(1, left)
    return Plan(exam_date, left, due_before, due_now, pace, needed, pace >= needed, dict(tasks))
