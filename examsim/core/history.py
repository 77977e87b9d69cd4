"""The stored runs as home and history show them: what can be resumed, cards due, the latest
finished run, the list of runs, whether a run opens for resuming or for review, and the
trend plot's data and score axis. Reads only, from the Store passed in: screens ask these
and never the Store itself (an import-linter contract and tests/test_tui_architecture.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from examsim.core.profiles import Profile
from examsim.core.store import RunRow, Store, StoreError
from examsim.core.when import parse_stamp

__all__ = ["HomeSummary", "ResumableRun", "RunOpening", "RunRow", "ScoreAxis", "first_stamp", "history_runs", "home_summary",
           "run_opening", "score_axis", "thin", "trend_series"]

PLOT_POINTS = 60  # per series, at most


@dataclass(frozen=True)
class ResumableRun:
    id: int
    title: str
    seconds_left: float | None  # None: untimed
    created_at: str
    answered: int | None = None  # complete answers (None: the run's items cannot be read)
    total: int | None = None  # items in the run


@dataclass(frozen=True)
class HomeSummary:
    resumable: list[ResumableRun]
    cards_due: int | None  # None: nothing studied yet (no drill to offer)
    latest_finished: int | None  # the run id of the profile's latest finished run


def home_summary(store: Store, profile_id: str | None) -> HomeSummary:
    """What the home screen offers from the store: runs to resume, cards due for a drill and
    the latest finished run of the profile (none without a profile)."""
    resumable = [ResumableRun(r.id, r.title, r.minutes * 60 - r.elapsed if r.minutes else None, r.created_at,
                              *_progress(store, r.id))
                 for r in store.unfinished_runs()]
    due = None
    if store.memory():  # one read: due_cards reads the memory again only when there is some
        from examsim.core.study import due_cards  # FSRS off the path to the home screen when nothing is studied

        due = len(due_cards(store, store.wall_clock))
    latest = store.latest_finished(profile_id) if profile_id is not None else None
    return HomeSummary(resumable, due, latest.id if latest else None)


def _progress(store: Store, run_id: int) -> tuple[int | None, int | None]:
    """(complete answers, items) of a stored run; (None, None) when its items cannot be read.
    Only complete answers count as answered, as everywhere else."""
    try:
        entries = store.exam(run_id).entries
    except StoreError:
        return None, None
    records = store.item_records(run_id)
    answered = sum(1 for i, e in enumerate(entries) if i in records and e.item.is_complete(records[i].response))
    return answered, len(entries)


def history_runs(store: Store, profile_id: str | None) -> list[RunRow]:
    """Every run of the profile (None: of every exam), oldest first, each result cut to what a
    list and a plot show (Store.run_summaries)."""
    return [r for r in store.run_summaries() if profile_id is None or r.profile == profile_id]


@dataclass(frozen=True)
class RunOpening:
    """How a run opens from a list: `how` is "resume" (an open run), "review" (a finished
    one) or None, and then `why_not` says, for the candidate, why it does not open."""

    how: Literal["resume", "review"] | None
    why_not: str = ""


def run_opening(store: Store, run_id: int) -> RunOpening:
    """How a run opens from a list: an open run is resumed, a finished one reviewed; one set
    aside before it was taken, or gone, does not open (and the opening says why)."""
    run = store.run(run_id)
    if run is None:
        return RunOpening(None, f"there is no run {run_id} any more")
    if run.is_open:
        return RunOpening("resume")
    if run.is_finished:
        return RunOpening("review")
    return RunOpening(None, f"run {run_id} was set aside before it was taken: nothing to review")


def first_stamp(runs: list[RunRow]) -> dt.datetime:
    stamps = [parse_stamp(r.finished_at or r.created_at) for r in runs]
    return min((s for s in stamps if s is not None), default=dt.datetime.now(dt.timezone.utc))


def thin(points: list[tuple[float, float]], buckets: int = PLOT_POINTS) -> list[tuple[float, float]]:
    """At most `buckets` points: runs close in time averaged into one (a terminal plot has
    no room for more, and plotting hundreds made a long history slow to draw)."""
    if len(points) <= buckets:
        return points
    low, high = points[0][0], points[-1][0]
    width = (high - low) / buckets or 1
    groups: dict[int, list[tuple[float, float]]] = {}
    for x, y in points:
        groups.setdefault(min(buckets - 1, int((x - low) / width)), []).append((x, y))
    return [(sum(x for x, _ in g) / len(g), sum(y for _, y in g) / len(g)) for _, g in sorted(groups.items())]


def trend_series(runs: list[RunRow]) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """(days since the first run, score) for the plot: full exams' scaled scores, and the
    percent right of quizzes and drills, each for its own axis."""
    first = first_stamp(runs)
    exams, practice = [], []
    for run in runs:
        when = parse_stamp(run.finished_at or run.created_at) or first
        x = (when - first).total_seconds() / 86400
        if run.result.get("scaled") is not None:
            exams.append((x, run.result["scaled"]))
        elif run.result.get("percent") is not None:
            practice.append((x, run.result["percent"]))
    return exams, practice


@dataclass(frozen=True)
class ScoreAxis:
    """The scaled-score axis of a trend plot: its ends and the pass line."""

    low: int
    high: int
    pass_mark: int

    @property
    def ticks(self) -> list[int]:
        """The ends, the pass mark, and about a third of the way up, on a round hundred where one
        lies between (100, 400, 720, 1000 on the AWS scale; 200, 400, 700, 900 on a 200-900 one)."""
        third = self.low + (self.high - self.low) // 3
        hundred = third - third % 100
        return [self.low, hundred if self.low < hundred < self.pass_mark else third, self.pass_mark, self.high]


def score_axis(runs: list[RunRow], profile: Profile | None) -> ScoreAxis | None:
    """The scale the runs' exam scores were reported on: the pass mark stored with the latest
    exam result (a profile changed since keeps its old runs' pass line), the highest top stored
    with any of them (so every score fits), the bottom from the profile (results do not store
    it), or the lowest score when the profile is gone. None when no run has a scaled score."""
    exams = [r.result for r in runs if r.result and r.result.get("scaled") is not None]
    if not exams:
        return None
    scale = profile.scale if profile is not None else None
    scores = [r["scaled"] for r in exams]
    low = scale.min if scale else min(scores)
    high = max(r.get("scale_max") or (scale.max if scale else max(scores)) for r in exams)
    pass_mark = exams[-1].get("pass_mark") or (scale.pass_mark if scale else (low + high) // 2)
    return ScoreAxis(low, max(high, pass_mark), pass_mark)
