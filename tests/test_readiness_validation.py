"""Readiness holds on realistic simulated candidates (docs/readiness.md, "Validation").

Simulated candidates (tests/helpers/candidate.py: 2PL items with a guessing floor, per-domain
ability that grows with practice and study, keys remembered and forgotten) study through the
real Session and Store; after every sitting readiness reads their stored runs and is set
beside their true chance to pass a real form. A small, seeded version of
`python -m tests.bench.bench_readiness` (the full run, a few hundred candidates).

Tolerances, with the seeds below: in every bin of predicted probability (width 0.2) holding
estimates of at least 20 candidates, the mean predicted and the mean true chance within 0.05 or 2.5
standard errors of that bin (candidates as the unit), whichever is larger; the expected
Brier score below each of the three baselines; for retakers, at every one of the five takes
the mean estimate within 0.05 of the mean true chance, while their raw score overstates their
fresh-item score by 10 points or more by the fifth take.
"""

from __future__ import annotations

import statistics

import pytest

from tests.helpers.validation import baselines, calibration, expected_brier, simulate

# A seed is a simulated bank with its own candidates: several small banks, so that no one
# bank's luck (its leftover cards, its level labels) stands for the model.
TYPICAL_SEEDS, RETAKER_SEEDS = (11, 12, 13), (21, 22, 23, 24)


def _population(profile, folder, kind: str, seeds, candidates: int):
    return [p for seed in seeds for p in simulate(profile, kind=kind, candidates=candidates, seed=seed, folder=folder,
                                                   draws=40)]


@pytest.fixture(scope="module")
def typical(profile, tmp_path_factory):
    return _population(profile, tmp_path_factory.mktemp("typical"), "typical", TYPICAL_SEEDS, 10)


@pytest.fixture(scope="module")
def retakers(profile, tmp_path_factory):
    return _population(profile, tmp_path_factory.mktemp("retakers"), "retaker", RETAKER_SEEDS, 10)


def _miscalibrated_bins(points) -> list:
    # A candidate's estimates after each sitting are not independent: a bin counts candidates,
    # and its gap is judged against what that many candidates can tell (2.5 standard errors,
    # never less than 0.05). The bench measures the gaps themselves on hundreds of candidates.
    bins = [b for b in calibration(points, width=0.2) if b.candidates >= 20]
    assert len(bins) >= 3, bins  # the claim covers much of the range, not one bin
    return [b for b in bins if abs(b.gap) > max(0.05, 2.5 * b.standard_error)]


def test_readiness_is_calibrated_in_every_bin_with_enough_candidates(typical, retakers):
    assert _miscalibrated_bins(typical + retakers) == []


@pytest.mark.parametrize("shift", [-0.15, 0.15])
def test_the_calibration_check_catches_an_estimate_off_by_fifteen_points(typical, retakers, shift):
    """The tolerance above is no blanket: the same check on estimates moved by 15 points fails."""
    import dataclasses

    moved = [dataclasses.replace(p, predicted=min(1.0, max(0.0, p.predicted + shift))) for p in typical + retakers]
    assert _miscalibrated_bins(moved)


def test_readiness_beats_all_three_baselines_on_brier_score(typical, retakers):
    points = typical + retakers
    truths = [p.truth for p in points]
    ours = expected_brier([p.predicted for p in points], truths)
    for name, predictions in baselines(points).items():
        assert ours < expected_brier(predictions, truths), name


def test_retakers_estimate_stays_calibrated_while_their_raw_score_overstates(retakers):
    for take in range(1, 6):
        at = [p for p in retakers if p.sitting == take]
        predicted = statistics.mean(p.predicted for p in at)
        true = statistics.mean(p.truth for p in at)
        assert abs(predicted - true) <= 0.05, (take, predicted, true)
    fifth = [p for p in retakers if p.sitting == 5]
    raw = statistics.mean(p.raw_percent for p in fifth)
    fresh = statistics.mean(p.fresh_percent for p in fifth)
    assert raw - fresh >= 10, (raw, fresh)
    # Most of their evidence is repeats by then, and the estimate says so.
    assert all(p.repeats > p.first_time for p in fifth)
