"""Crash soak: run exams in a subprocess, SIGKILL at random moments, restart, resume, count.

Used by tests/test_crash_resume.py (fast) and tests/bench/bench_soak.py (50 kills); by hand:
`python -m tests.soak --kills 10` prints the figures.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from examsim.core.profiles import load_profile
from examsim.core.runs import resume_run
from examsim.core.scoring import score
from examsim.core.store import Store
from examsim.core.synthetic import synthetic_bank_text

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class SoakResult:
    kills: int = 0
    changes_checked: int = 0
    changes_lost: int = 0
    max_clock_lost: float = 0.0
    corrupt_databases: int = 0
    finished_runs_checked: int = 0
    finished_runs_wrong: int = 0
    failed_writes: int = 0  # writes refused (full disk) whose memory had to stay as saved
    memory_disagreed: int = 0  # after a failed write, the live session differed from what was saved
    modes: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def figures(self) -> str:
        return (f"crash soak: {self.kills} SIGKILLs; {self.changes_checked} saved changes checked, {self.changes_lost} lost; "
                f"max clock lost {self.max_clock_lost:.1f} s (target <= 5 s); {self.corrupt_databases} corrupt databases; "
                f"{self.finished_runs_checked} finished runs re-scored, {self.finished_runs_wrong} wrong; "
                f"{self.failed_writes} failed writes, memory disagreed with the store {self.memory_disagreed} times; "
                f"modes {dict(sorted(self.modes.items()))}" + (f"; problems: {self.problems}" if self.problems else ""))


def _kill_after(args: list[str], lines_wanted: int, max_seconds: float = 20.0) -> list[list[str]]:
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    lines: list[list[str]] = []
    deadline = time.monotonic() + max_seconds
    while len(lines) < lines_wanted and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.split())
        if line.startswith("FINISHED"):
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    # The child kept working between our last read and the kill: what it printed in that
    # time happened too. Only whole lines count (a line cut by the kill was never finished).
    rest = proc.stdout.read()
    proc.stdout.close()
    for line in rest.splitlines(keepends=True):
        if line.endswith("\n"):
            lines.append(line.split())
    return lines


def soak(data_dir: Path, bank: Path, kills: int, seed: int = 1) -> SoakResult:
    rng = random.Random(seed)
    profile = load_profile("mla-c01")
    result = SoakResult()
    run_id: int | None = None
    for _ in range(kills):
        mode = (rng.choice(["answer", "dwell", "think", "faulty", "submit", "expire"]) if run_id is None
                else rng.choice(["answer", "dwell", "think", "faulty"]))
        result.modes[mode] = result.modes.get(mode, 0) + 1
        args = [sys.executable, "-m", "tests.helpers.kill_driver", str(data_dir), str(bank), str(run_id or "-"), mode]
        lines = _kill_after(args, 3 + rng.randrange(0, 60))
        result.kills += 1
        if not lines or lines[0][0] != "RUN":
            result.problems.append(f"driver printed nothing usable: {lines[:2]}")
            continue
        run_id = int(lines[0][1])
        try:
            con = sqlite3.connect(data_dir / "examsim.db")
            ok = con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            con.close()
        except sqlite3.Error:
            ok = False
        if not ok:
            result.corrupt_databases += 1
            continue
        store = Store(data_dir)
        session = resume_run(store, run_id, profile)
        saved: dict[int, tuple[bool, str]] = {}
        clock_at_kill = 0.0
        in_flight = None  # the item whose write was under way when the process died
        for parts in lines:
            if parts[0] == "WRITING":
                in_flight = int(parts[1])
            elif parts[0] in ("SAVED", "FAILED", "REFUSED"):
                in_flight = None
            if parts[0] == "SAVED":
                saved[int(parts[1])] = (parts[3] == "True", parts[4])
            elif parts[0] == "FAILED":
                result.failed_writes += 1
                result.memory_disagreed += parts[2] == "changed"
            elif parts[0] == "CLOCK":
                clock_at_kill = float(parts[1])  # the clock the candidate saw when the process died
        for i, (flagged, response) in saved.items():
            if i == in_flight:
                continue  # its last change may or may not have committed; either is whole
            result.changes_checked += 2
            stored = (session.is_flagged(i), ",".join(map(str, session.shown_response(i))) or "-")
            lost = int(stored[0] != flagged) + int(stored[1] != response)
            if lost:
                result.changes_lost += lost
                result.problems.append(f"run {run_id} ({mode}) item {i}: saved {(flagged, response)}, stored {stored}")
        if session.finished:
            result.finished_runs_checked += 1
            stored = store.run(run_id).result
            fresh = score(session.exam, session.canonical_responses(), profile).to_json()
            if stored is None or any(stored[k] != fresh[k] for k in ("right", "scored", "scaled", "answered")):
                result.finished_runs_wrong += 1
            run_id = None  # next round starts a new run
        else:
            result.max_clock_lost = max(result.max_clock_lost, clock_at_kill - session.elapsed)
            session.close()
        store.close()
    return result


def soak_synthetic(kills: int, seed: int) -> SoakResult:
    """The soak on a synthetic bank in a throwaway data dir."""
    with tempfile.TemporaryDirectory() as tmp:
        bank = Path(tmp) / "bank.toml"
        bank.write_text(synthetic_bank_text(10))
        return soak(Path(tmp) / "data", bank, kills=kills, seed=seed)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.soak", description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=10, help="how many SIGKILLs (default 10)")
    parser.add_argument("--seed", type=int, default=50, help="the random moments' seed (default 50, as the bench)")
    args = parser.parse_args(argv)
    print(soak_synthetic(args.kills, args.seed).figures())


if __name__ == "__main__":
    main()
