"""Readiness against simulated candidates: calibration, Brier scores and baselines.

Used by tests/test_readiness_validation.py (small, seeded) and tests/bench/bench_readiness.py
(a few hundred candidates). After every sitting of every simulated candidate, readiness is
computed from the stored runs as of that moment and set beside the truth: the candidate's
true chance to pass a real form then (exact, from the simulation's own parameters).

"Observed" in calibration is that true chance, not one coin flip per candidate: the expected
outcome, so a bin's comparison is free of the coin flips' noise. Brier scores are expected
ones, E[(p - outcome)^2] = (p - q)^2 + q (1 - q), for the model and the baselines alike.
"""

from __future__ import annotations

import random
import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path

from examsim.core.profiles import Profile
from examsim.core.store import Store
from examsim.core.study import gather_evidence, readiness
from tests.helpers.candidate import Candidate, Student, World, retaker_history, typical_history

RAW_CUT = 72.0  # "the mean of the last three percent scores at or above 72%"


@dataclass
class Checkpoint:
    """Readiness after one sitting, beside the truth and the baselines."""

    bank: int  # the simulated bank's seed
    candidate: int  # within its bank
    sitting: int  # 1-based
    predicted: float
    low: float
    high: float
    truth: float  # the true chance to pass a real form now
    raw_percent: float  # this sitting's percent score
    fresh_percent: float  # the true expected percent on a real form now
    estimated_percent: float  # readiness's estimate of it
    last_exam_passed: bool | None  # the latest full exam so far passed (None: no full exam yet)
    last_three_at_cut: bool  # the mean of the last three percent scores >= 72
    first_time: int
    repeats: int


def simulate(profile: Profile, *, kind: str, candidates: int, seed: int, folder: Path | None = None,
             draws: int = 60) -> list[Checkpoint]:
    """`kind` "typical" (a mixed study path on a bank of ~4 exams) or "retaker" (five full exams
    from a bank of ~1.5 exams). Every store is written through the real Session and Store."""
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        root = Path(tmp)
        world = World(root / "bank", profile, per_task=20 if kind == "typical" else 6, seed=seed)
        out: list[Checkpoint] = []
        for n in range(candidates):
            rng = random.Random(f"{kind}-{seed}-{n}")
            candidate = Candidate.draw(rng, profile)
            store = Store(root / f"candidate-{n}")
            student = Student(world, candidate, store, rng)
            student.on_sitting = lambda s, n=n, student=student: out.append(_checkpoint(seed, n, student, profile, draws))
            (typical_history if kind == "typical" else retaker_history)(student, rng)
            store.close()
        return out


def _checkpoint(bank: int, n: int, student: Student, profile: Profile, draws: int) -> Checkpoint:
    c, world, sittings = student.candidate, student.world, student.sittings
    estimate = readiness(gather_evidence(student.store, profile, now=student.wall), profile, draws=draws, seed=n)
    exams = [s for s in sittings if s.mode == "exam"]
    last_three = [s.percent for s in sittings[-3:]]
    return Checkpoint(
        bank=bank, candidate=n, sitting=len(sittings), predicted=estimate.pass_probability, low=estimate.pass_low,
        high=estimate.pass_high, truth=c.true_pass_probability(world, student.day),
        raw_percent=sittings[-1].percent, fresh_percent=100 * c.expected_fresh_percent(world, student.day),
        estimated_percent=estimate.expected_percent,
        last_exam_passed=exams[-1].passed if exams else None,
        last_three_at_cut=statistics.mean(last_three) >= RAW_CUT,
        first_time=estimate.first_time_answers, repeats=estimate.repeat_answers,
    )


# ---- scores ----
def expected_brier(predictions: list[float], truths: list[float]) -> float:
    return statistics.mean((p - q) ** 2 + q * (1 - q) for p, q in zip(predictions, truths))


def baselines(points: list[Checkpoint]) -> dict[str, list[float]]:
    """The three baselines' predictions. A candidate with no full exam yet gets the base rate
    from "the last full exam passed"."""
    base = statistics.mean(p.truth for p in points)
    return {
        "base rate": [base] * len(points),
        "last full exam passed": [base if p.last_exam_passed is None else float(p.last_exam_passed) for p in points],
        "mean of last 3 >= 72%": [float(p.last_three_at_cut) for p in points],
    }


@dataclass
class Bin:
    low: float
    high: float
    count: int  # estimates
    candidates: int  # distinct candidates among them
    predicted: float
    observed: float  # mean true chance to pass
    # The standard error of the gap, candidates as the unit (one candidate's estimates move
    # together): what a bin of this many candidates can tell apart from zero.
    standard_error: float = float("nan")

    @property
    def gap(self) -> float:
        return self.observed - self.predicted


def calibration(points: list[Checkpoint], width: float = 0.1) -> list[Bin]:
    edges = [round(k * width, 6) for k in range(int(round(1 / width)) + 1)]
    out = []
    for lo, hi in zip(edges, edges[1:]):
        members = [p for p in points if lo <= p.predicted < hi or (hi == edges[-1] and p.predicted >= hi)]
        if members:
            by_candidate: dict[tuple, list[float]] = {}
            for p in members:
                by_candidate.setdefault((p.bank, p.candidate), []).append(p.truth - p.predicted)
            gaps = [statistics.mean(g) for g in by_candidate.values()]
            error = statistics.stdev(gaps) / len(gaps) ** 0.5 if len(gaps) > 1 else float("nan")
            out.append(Bin(lo, hi, len(members), len(by_candidate), statistics.mean(p.predicted for p in members),
                           statistics.mean(p.truth for p in members), error))
    return out


def interval_coverage(points: list[Checkpoint]) -> float:
    """How often the true chance lies inside the 80% interval of the estimate."""
    return statistics.mean(p.low - 1e-9 <= p.truth <= p.high + 1e-9 for p in points)
