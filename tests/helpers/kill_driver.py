"""A child process that takes an exam and reports each saved change, to be SIGKILLed.

Usage: python -m tests.helpers.kill_driver DATA_DIR BANK_FILE [RUN_ID|-] [MODE]
MODE:
- "answer" (default): moves to an item, answers it, flags every fifth, forever;
- "dwell": stays on one item and keeps changing its answer, never moving, never flagging;
- "think": stays on one item doing nothing but the timer's tick for long stretches;
- "faulty": like "answer", but every third write fails as a full disk would (a TEMP
  trigger: it dies with the process), and the driver reports what memory then holds;
- "submit": submits after 30 steps; "expire": runs the clock 200 s a step to time out.
The clock is simulated (one second a step) and printed as CLOCK before anything else in
a step, so the parent measures clock lost from the moment of the kill, not the last save.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from examsim.core.assembler import assemble_exam
from examsim.core.bank import load_bank
from examsim.core.profiles import load_profile
from examsim.core.runs import create_run, resume_run
from examsim.core.session import AnswerRefused, Session, SessionFinished
from examsim.core.store import Store, StoreError


class StepClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _answer(session: Session, i: int, step: int) -> None:
    item = session.entry(i).item
    if item.kind == "matching":
        session.assign(step % len(item.prompts), step % len(item.options), i)
    else:
        session.choose(step % len(item.options), i)


def _report(session: Session, i: int, word: str) -> None:
    response = ",".join(map(str, session.shown_response(i))) or "-"
    print(f"{word} {i} {session.elapsed:.1f} {session.is_flagged(i)} {response}", flush=True)


def main() -> None:
    data_dir, bank_file = Path(sys.argv[1]), Path(sys.argv[2])
    run_arg = sys.argv[3] if len(sys.argv) > 3 else "-"
    mode = sys.argv[4] if len(sys.argv) > 4 else "answer"
    profile = load_profile("mla-c01")
    store = Store(data_dir)
    clock = StepClock()
    if run_arg != "-":
        session = resume_run(store, int(run_arg), profile, clock=clock)
    else:
        bank = load_bank([bank_file], profile)
        session = create_run(assemble_exam(bank.items, profile, 11), profile, store, clock=clock)
    session.start()
    clock.now = session.elapsed  # the simulated clock continues where the run stopped
    print(f"RUN {session.run_id}", flush=True)
    step = 0
    advance = 200.0 if mode == "expire" else 1.0
    home = session.position
    while True:
        clock.now += advance
        print(f"CLOCK {session.elapsed:.1f}", flush=True)
        session.tick()
        if session.finished:
            print(f"FINISHED {session.state.value}", flush=True)
            time.sleep(60)
        step += 1
        try:
            if mode == "think":
                time.sleep(0.002)
                continue
            i = home if mode == "dwell" else step % len(session.exam.entries)
            if mode != "dwell":
                session.goto(i)
            failing = mode == "faulty" and step % 3 == 0
            if failing:
                store.conn.execute("CREATE TEMP TRIGGER IF NOT EXISTS full_disk BEFORE UPDATE ON main.responses "
                                   "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
            try:
                flag = step % 5 == 0 and mode != "dwell"  # dwell: nothing but answers, as a candidate mulling one item
                for change in ([_answer] + ([lambda s, i, _step: s.toggle_flag(i)] if flag else [])):
                    print(f"WRITING {i}", flush=True)  # in flight: a kill now may land either side of the commit
                    before = (session.is_flagged(i), session.shown_response(i))
                    try:
                        change(session, i, step)
                    except AnswerRefused:
                        print(f"REFUSED {i}", flush=True)  # past the item's limits: nothing written
                        break
                    except StoreError:
                        # A refused write must leave memory as it was before it.
                        print(f"FAILED {i} {'same' if (session.is_flagged(i), session.shown_response(i)) == before else 'changed'}",
                              flush=True)
                        break
                    _report(session, i, "SAVED")
            finally:
                if failing:
                    store.conn.execute("DROP TRIGGER IF EXISTS temp.full_disk")
        except SessionFinished:
            continue
        if mode == "submit" and step >= 30:
            print("SUBMITTING", flush=True)
            session.submit()
            print("FINISHED submitted", flush=True)
            time.sleep(60)
        time.sleep(0.002)


if __name__ == "__main__":
    main()
