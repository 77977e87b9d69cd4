"""Run with an old checkout first on sys.path: writes a database as that release did."""
import sys, pathlib, shutil
from examsim.core.bank import load_bank
from examsim.core.profiles import load_profile
from examsim.core.assembler import assemble_quiz, QuizFilter
from examsim.core.session import Session
from examsim.core.store import Store
out = pathlib.Path(sys.argv[1]); shutil.rmtree(out, ignore_errors=True)
bank_path = pathlib.Path(sys.argv[2])
profile = load_profile("mla-c01")
bank = load_bank([bank_path], profile)
t = [0.0]
clock = lambda: t[0]
store = Store(out)
def quiz(seed):
    return assemble_quiz(bank.items, profile, seed, 6, QuizFilter(), feedback="end", timed=True)
# a finished run: answered, changed, flagged, noted
s = Session.create(quiz(1), profile, store, clock=clock); s.start()
for i in range(6):
    t[0] += 20; s.goto(i); s.choose(0) if s.entry().item.kind != "matching" else s.assign(0, 0)
t[0] += 5; s.goto(1); s.choose(1) if s.entry().item.kind in ("multiple-choice",) else None
s.toggle_flag(2); s.set_note("check this", 3)
s.submit()
# a running run: two answers, then closed (resumable)
s2 = Session.create(quiz(2), profile, store, clock=clock); s2.start()
t[0] += 30; s2.choose(0) if s2.entry().item.kind != "matching" else s2.assign(0, 0)
t[0] += 30; s2.goto(1); s2.toggle_flag(1)
s2.close()
store.close()
