"""The full crash soak: 50 SIGKILLs at random moments. Prints the figures."""

from __future__ import annotations

import tempfile
from pathlib import Path

from examsim.core.synthetic import synthetic_bank_text
from tests.soak import soak


def main(kills: int = 50) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bank = Path(tmp) / "bank.toml"
        bank.write_text(synthetic_bank_text(10))
        r = soak(Path(tmp) / "data", bank, kills=kills, seed=50)
    print(f"crash soak: {r.kills} SIGKILLs; {r.changes_checked} saved changes checked, {r.changes_lost} lost; "
          f"max clock lost {r.max_clock_lost:.1f} s (target <= 5 s); {r.corrupt_databases} corrupt databases; "
          f"{r.finished_runs_checked} finished runs re-scored, {r.finished_runs_wrong} wrong; "
          f"{r.failed_writes} failed writes, memory disagreed with the store {r.memory_disagreed} times; "
          f"modes {dict(sorted(r.modes.items()))}"
          + (f"; problems: {r.problems}" if r.problems else ""))


if __name__ == "__main__":
    main()
