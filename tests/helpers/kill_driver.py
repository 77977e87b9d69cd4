"""A child process that takes an exam and reports each saved change, to be SIGKILLed.

Usage: python -m tests.helpers.kill_driver DATA_DIR BANK_FILE [RUN_ID|-] [MODE]
MODE: "answer" (default) answers forever; "submit" submits after 30 steps; "expire" runs
the clock 200 s a step so the exam times out by itself. The clock is simulated (one
second a step, or 200 in "expire") so the parent can measure lost clock exactly.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from examsim.assembler import assemble_exam
from examsim.bank import load_bank
from examsim.profiles import load_profile
from examsim.session import Session, SessionFinished
from examsim.store import Store


class StepClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def main() -> None:
    data_dir, bank_file = Path(sys.argv[1]), Path(sys.argv[2])
    run_arg = sys.argv[3] if len(sys.argv) > 3 else "-"
    mode = sys.argv[4] if len(sys.argv) > 4 else "answer"
    profile = load_profile("mla-c01")
    store = Store(data_dir)
    clock = StepClock()
    if run_arg != "-":
        session = Session.resume(store, int(run_arg), profile, clock=clock)
    else:
        bank = load_bank([bank_file], profile)
        session = Session.create(assemble_exam(bank.items, profile, 11), profile, store, clock=clock)
    session.start()
    print(f"RUN {session.run_id}", flush=True)
    step = 0
    tick = 200.0 if mode == "expire" else 1.0
    while True:
        clock.now += tick
        session.tick()
        if session.finished:
            print(f"FINISHED {session.state.value}", flush=True)
            time.sleep(60)
        step += 1
        i = step % len(session.exam.entries)
        item = session.entry(i).item
        try:
            session.goto(i)
            if item.kind == "matching":
                session.assign(0, step % len(item.options))
            else:
                session.choose(step % len(item.options))
            if step % 5 == 0:
                session.toggle_flag()
        except SessionFinished:
            continue
        response = ",".join(map(str, session.response(i))) or "-"
        print(f"SAVED {i} {session.elapsed:.1f} {session.is_flagged(i)} {response}", flush=True)
        if mode == "submit" and step >= 30:
            print("SUBMITTING", flush=True)
            session.submit()
            print("FINISHED submitted", flush=True)
            time.sleep(60)
        time.sleep(0.002)


if __name__ == "__main__":
    main()
