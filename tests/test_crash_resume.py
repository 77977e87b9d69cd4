"""A real subprocess SIGKILLed mid-exam loses nothing but at most 5 s of clock."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from examsim.profiles import load_profile
from examsim.session import Session
from examsim.store import Store

ROOT = Path(__file__).resolve().parent.parent


def run_and_kill(data_dir: Path, bank: Path, run_id: int | None, min_lines: int, rng: random.Random):
    args = [sys.executable, "-m", "tests.helpers.kill_driver", str(data_dir), str(bank)] + ([str(run_id)] if run_id else [])
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    lines = []
    target = min_lines + rng.randrange(0, 40)
    while len(lines) < target:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.split())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    return lines


def test_sigkill_mid_exam_then_resume(tmp_path, synthetic_bank_path):
    rng = random.Random(3)
    profile = load_profile("mla-c01")
    run_id = None
    for round_ in range(3):
        lines = run_and_kill(tmp_path, synthetic_bank_path, run_id, 10, rng)
        run_id = int(lines[0][1])
        saved = [l for l in lines if l[0] == "SAVED"]
        assert saved, "the driver saved nothing before the kill"
        store = Store(tmp_path)
        session = Session.resume(store, run_id, profile)
        # Every change the child reported as saved is there (the last report of each item wins).
        expected = {}
        for _, i, _elapsed, flagged, response in saved:
            expected[int(i)] = (flagged == "True", response)
        for i, (flagged, response) in expected.items():
            assert session.is_flagged(i) == flagged
            assert (",".join(map(str, session.response(i))) or "-") == response
        lost = float(saved[-1][2]) - session.elapsed
        assert 0 <= lost <= 5.0, f"lost {lost:.1f} s of clock"
        session.close()
        store.close()
    import sqlite3

    con = sqlite3.connect(tmp_path / "examsim.db")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
