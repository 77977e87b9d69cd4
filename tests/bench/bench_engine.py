"""Assembly vs bank load (target < 5%); one autosaved answer vs a bare sqlite3 insert (target <= 2x)."""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from examsim.core.assembler import assemble_exam
from examsim.core.bank import load_bank
from examsim.core.profiles import load_profile
from examsim.core.session import Session
from examsim.core.store import Store
from tests.bench.bench_bank import _make


def bench_assembly(rounds: int = 5) -> float:
    profile = load_profile()
    with tempfile.TemporaryDirectory() as tmp:
        paths = _make(Path(tmp))
        loads, assembles = [], []
        for seed in range(rounds):
            t = time.perf_counter()
            bank = load_bank(paths, profile)
            loads.append(time.perf_counter() - t)
            t = time.perf_counter()
            assemble_exam(bank.items, profile, seed)
            assembles.append(time.perf_counter() - t)
    ratio = statistics.median(assembles) / statistics.median(loads)
    print(f"assemble a 65-item exam from {len(bank.cards)} cards: {statistics.median(assembles) * 1000:.1f} ms = "
          f"{ratio:.1%} of the bank's load time (target < 5%) {'OK' if ratio < 0.05 else 'OVER'}")
    return ratio


def bench_autosave(n: int = 300) -> float:
    profile = load_profile()
    from examsim.core.synthetic import synthetic_bank_text

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "b.toml").write_text(synthetic_bank_text(10))
        bank = load_bank([folder / "b.toml"], profile)
        store = Store(folder / "data")
        session = Session.create(assemble_exam(bank.items, profile, 1), profile, store)
        session.start()
        bare = sqlite3.connect(folder / "bare.db", isolation_level=None)
        bare.execute("PRAGMA journal_mode=WAL")
        bare.execute("PRAGMA synchronous=NORMAL")
        bare.execute("CREATE TABLE r(run INTEGER, idx INTEGER, response TEXT, PRIMARY KEY(run, idx))")
        ours, floor = [], []
        mc = [i for i, e in enumerate(session.exam.entries) if e.item.kind == "multiple-choice"]
        for k in range(n):
            i = mc[k % len(mc)]
            t = time.perf_counter()
            with bare:
                bare.execute("INSERT OR REPLACE INTO r VALUES(1, ?, ?)", (i, f"[{k % 4}]"))
            floor.append(time.perf_counter() - t)
            t = time.perf_counter()
            session.set_response(i, (k % 4,))
            ours.append(time.perf_counter() - t)
        store.close()
    ratio = statistics.median(ours) / statistics.median(floor)
    print(f"one autosaved answer: {statistics.median(ours) * 1e6:.0f} us vs bare sqlite3 insert "
          f"{statistics.median(floor) * 1e6:.0f} us = {ratio:.2f}x (target <= 2x) {'OK' if ratio <= 2 else 'OVER'}")
    return ratio


def main() -> None:
    bench_assembly()
    bench_autosave()


if __name__ == "__main__":
    main()
