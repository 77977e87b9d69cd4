"""Load + compile + lint a synthetic 10,000-card bank, as a ratio to bare tomllib (target <= 3x)."""

from __future__ import annotations

import statistics
import tempfile
import time
import tomllib
from pathlib import Path

from examsim.core.bank import load_bank
from examsim.core.profiles import load_profile
from examsim.core.synthetic import synthetic_bank_text

TARGET = 3.0


def _make(folder: Path) -> list[Path]:
    # 12 task files of ~834 cards: 10,008 cards plus 24 case cards.
    paths = []
    for task in ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4.1", "4.2", "4.3"):
        path = folder / f"{task}.toml"
        path.write_text(synthetic_bank_text(834, tasks=(task,)), encoding="utf-8")
        paths.append(path)
    return paths


def main(rounds: int = 5) -> float:
    profile = load_profile()
    with tempfile.TemporaryDirectory() as tmp:
        paths = _make(Path(tmp))
        floor, ours = [], []
        for _ in range(rounds):  # interleaved, so machine noise hits both alike
            t = time.perf_counter()
            for p in paths:
                with open(p, "rb") as fh:
                    tomllib.load(fh)
            floor.append(time.perf_counter() - t)
            t = time.perf_counter()
            bank = load_bank(paths, profile)
            ours.append(time.perf_counter() - t)
        ratio = statistics.median(ours) / statistics.median(floor)
        print(f"bank load+compile+lint of {len(bank.cards)} cards: {statistics.median(ours):.2f}s vs tomllib "
              f"{statistics.median(floor):.2f}s = {ratio:.2f}x (target <= {TARGET}x) {'OK' if ratio <= TARGET else 'OVER'}")
        return ratio


if __name__ == "__main__":
    main()
