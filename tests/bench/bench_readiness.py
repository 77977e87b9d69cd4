"""Readiness validated on simulated candidates (docs/readiness.md, "Validation").

A few hundred simulated candidates (tests/helpers/candidate.py) study through the real
Session and Store; after every sitting, readiness is computed from their stored runs and set
beside their true chance to pass a real form. Prints calibration per bin of predicted
probability, the Brier score of readiness beside three baselines, the 80% interval's coverage,
and the retakers' estimate against their raw practice score, take by take.

`python -m tests.bench.bench_readiness [--typical N] [--retakers N] [--worlds W]`
"""

from __future__ import annotations

import argparse
import statistics
import time
from concurrent.futures import ProcessPoolExecutor

from examsim.core.profiles import load_profile
from tests.helpers.validation import Checkpoint, baselines, calibration, expected_brier, interval_coverage, simulate


def _run(job: tuple[str, int, int]) -> list[Checkpoint]:
    kind, candidates, seed = job
    return simulate(load_profile("mla-c01"), kind=kind, candidates=candidates, seed=seed, draws=200)


def table(points: list[Checkpoint], title: str) -> None:
    truths = [p.truth for p in points]
    print(f"\n{title}: {sum(1 for p in points if p.sitting == 1)} candidates, {len(points)} estimates")
    print("  predicted    estimates  candidates  mean predicted  mean true  gap")
    for b in calibration(points, 0.1):
        print(f"  {b.low:.1f}-{b.high:.1f}    {b.count:9d}  {b.candidates:10d}  {b.predicted:14.3f}  {b.observed:9.3f}  {b.gap:+.3f}")
    print(f"  Brier (expected): readiness {expected_brier([p.predicted for p in points], truths):.4f}", end="")
    for name, predictions in baselines(points).items():
        print(f"; {name} {expected_brier(predictions, truths):.4f}", end="")
    print(f"\n  80% interval holds the true chance {interval_coverage(points):.0%} of the time")


def by_sitting(points: list[Checkpoint]) -> None:
    print("  take  raw score  true fresh %  estimated %  predicted pass  true pass  first-time/repeats")
    for k in sorted({p.sitting for p in points}):
        m = [p for p in points if p.sitting == k]
        print(f"  {k:4d}  {statistics.mean(p.raw_percent for p in m):8.1f}%  {statistics.mean(p.fresh_percent for p in m):11.1f}%"
              f"  {statistics.mean(p.estimated_percent for p in m):10.1f}%  {statistics.mean(p.predicted for p in m):14.3f}"
              f"  {statistics.mean(p.truth for p in m):9.3f}  {statistics.mean(p.first_time for p in m):.0f}/"
              f"{statistics.mean(p.repeats for p in m):.0f}")


def main(typical: int = 100, retakers: int = 60, worlds: int = 3) -> None:
    start = time.perf_counter()
    jobs = [("typical", typical, seed) for seed in range(1, worlds + 1)]
    jobs += [("retaker", retakers, seed) for seed in range(1, worlds + 1)]
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(_run, jobs))
    typical_points = [p for (kind, _, _), r in zip(jobs, results) if kind == "typical" for p in r]
    retaker_points = [p for (kind, _, _), r in zip(jobs, results) if kind == "retaker" for p in r]
    print(f"readiness validation: {worlds} simulated banks, {worlds * typical} typical candidates and "
          f"{worlds * retakers} retakers ({time.perf_counter() - start:.0f} s)")
    table(typical_points + retaker_points, "all candidates")
    table(typical_points, "typical study (exams, quizzes, drills; bank of ~4 exams)")
    by_sitting(typical_points)
    table(retaker_points, "retakers (the same bank of ~1.5 exams, five full exams)")
    by_sitting(retaker_points)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--typical", type=int, default=100, help="typical candidates per bank")
    parser.add_argument("--retakers", type=int, default=60, help="retakers per bank")
    parser.add_argument("--worlds", type=int, default=3, help="simulated banks")
    args = parser.parse_args()
    main(args.typical, args.retakers, args.worlds)
