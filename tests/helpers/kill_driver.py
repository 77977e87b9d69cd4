"""A child process that takes an exam and reports each saved change, to be SIGKILLed.

Usage: python -m tests.helpers.kill_driver DATA_DIR BANK_FILE [RUN_ID]
Its clock is simulated (one second a step) so the parent can measure lost clock exactly.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from examsim.assembler import assemble_exam
from examsim.bank import load_bank
from examsim.profiles import load_profile
from examsim.session import Session
from examsim.store import Store


class StepClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def main() -> None:
    data_dir, bank_file = Path(sys.argv[1]), Path(sys.argv[2])
    profile = load_profile("mla-c01")
    store = Store(data_dir)
    clock = StepClock()
    if len(sys.argv) > 3:
        session = Session.resume(store, int(sys.argv[3]), profile, clock=clock)
    else:
        bank = load_bank([bank_file], profile)
        session = Session.create(assemble_exam(bank.items, profile, 11), profile, store, clock=clock)
    session.start()
    print(f"RUN {session.run_id}", flush=True)
    step = 0
    while True:
        clock.now += 1.0
        session.tick()
        step += 1
        i = step % len(session.exam.entries)
        item = session.entry(i).item
        session.goto(i)
        if item.kind == "matching":
            session.assign(0, step % len(item.options))
        else:
            session.choose(step % len(item.options))
        if step % 5 == 0:
            session.toggle_flag()
        response = ",".join(map(str, session.response(i))) or "-"
        print(f"SAVED {i} {session.elapsed:.1f} {session.is_flagged(i)} {response}", flush=True)
        time.sleep(0.002)


if __name__ == "__main__":
    main()
