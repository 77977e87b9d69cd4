"""A real subprocess SIGKILLed mid-exam (and mid-submit, and at time-out) loses nothing."""

from __future__ import annotations

from tests.soak import soak


def test_sigkill_soak_fast(tmp_path, synthetic_bank_path):
    result = soak(tmp_path, synthetic_bank_path, kills=8, seed=3)
    assert result.problems == []
    assert {"dwell", "faulty"} <= set(result.modes)  # long stretches on one item, and failed writes
    assert result.failed_writes > 0 and result.memory_disagreed == 0
    assert result.corrupt_databases == 0
    assert result.changes_checked > 0 and result.changes_lost == 0
    assert result.max_clock_lost <= 5.0
    assert result.finished_runs_wrong == 0
