from __future__ import annotations

from pathlib import Path

import pytest

from examsim.core.bank import load_bank
from examsim.core.profiles import load_profile
from examsim.core.store import Store
from examsim.core.synthetic import synthetic_bank_text

SEED_DECK = Path(__file__).resolve().parent / "data" / "seed-cards.txt"


class FakeClock:
    """An injected monotonic clock that tests move by hand."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="session")
def profile():
    return load_profile("mla-c01")


@pytest.fixture(scope="session")
def synthetic_bank_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bank") / "synthetic.toml"
    path.write_text(synthetic_bank_text(10), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def synthetic_bank(synthetic_bank_path, profile):
    return load_bank([synthetic_bank_path], profile)


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "data")
    yield s
    s.close()


@pytest.fixture
def clock():
    return FakeClock()
