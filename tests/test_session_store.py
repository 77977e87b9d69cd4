"""The session state machine and the SQLite store."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from examsim.core.assembler import assemble_exam
from examsim.core.runs import create_run, resume_run
from examsim.core.session import AUTOSAVE_SECONDS, SessionFinished, State
from examsim.core.store import SCHEMA_VERSION, RunLocked, Store, StoreError, reset_store
from tests.conftest import FakeClock


def new_session(bank, profile, store, clock, seed=1):
    exam = assemble_exam(bank.items, profile, seed)
    session = create_run(exam, profile, store, clock=clock)
    session.start()
    return session


def test_time_counts_only_while_open_and_resume_continues(synthetic_bank, profile, store, clock):
    s = new_session(synthetic_bank, profile, store, clock)
    clock.advance(100)
    s.close()
    clock.advance(5000)  # closed: not counted
    resumed = resume_run(store, s.run_id, profile, clock=clock)
    resumed.start()
    assert resumed.elapsed == pytest.approx(100)
    clock.advance(20)
    assert resumed.remaining == pytest.approx(130 * 60 - 120)


def test_time_out_submits_by_itself_and_accepts_nothing_after(synthetic_bank, profile, store, clock):
    s = new_session(synthetic_bank, profile, store, clock)
    s.choose(0)
    clock.advance(130 * 60 + 1)
    assert s.tick() == [] and s.state == State.EXPIRED
    assert s.report is not None and s.report.answered == 1
    with pytest.raises(SessionFinished):
        s.choose(1)
    row = store.run(s.run_id)
    assert row.state == "expired" and row.result["answered"] == 1


def test_warnings_at_15_5_and_1_minutes(synthetic_bank, profile, store, clock):
    s = new_session(synthetic_bank, profile, store, clock)
    clock.advance(130 * 60 - 15 * 60)
    assert s.tick() == [15]
    assert s.tick() == []
    clock.advance(10 * 60)
    assert s.tick() == [5]
    clock.advance(4 * 60 + 1)
    assert s.tick() == [1]


def test_submit_is_final(synthetic_bank, profile, store, clock):
    s = new_session(synthetic_bank, profile, store, clock)
    s.submit()
    with pytest.raises(SessionFinished):
        s.toggle_flag()
    assert s.submit() is s.report


def test_elapsed_autosaves_every_few_seconds(synthetic_bank, profile, store, clock):
    s = new_session(synthetic_bank, profile, store, clock)
    for _ in range(12):
        clock.advance(1)
        s.tick()
    saved = store.run(s.run_id).elapsed
    assert 12 - saved <= AUTOSAVE_SECONDS + 1


actions = st.lists(
    st.tuples(st.sampled_from(["choose", "flag", "goto", "strike", "note", "clear", "assign", "wait"]),
              st.integers(0, 64), st.integers(0, 8)),
    max_size=40,
)


@given(steps=actions)
@settings(max_examples=40, deadline=None)
def test_session_replayed_from_store_equals_live(steps, synthetic_bank, profile, tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("replay"))
    clock = FakeClock()
    live = new_session(synthetic_bank, profile, store, clock)
    for action, index, option in steps:
        live.goto(index)
        item = live.entry().item
        option = option % len(item.options)
        if action == "choose" and item.kind != "matching":
            live.choose(option)
        elif action == "assign" and item.kind == "matching":
            live.assign(option % len(item.prompts), option)
        elif action == "flag":
            live.toggle_flag()
        elif action == "strike":
            live.toggle_strike(option)
        elif action == "note":
            live.set_note(f"note {option} [/bold]")
        elif action == "clear":
            live.clear()
        elif action == "wait":
            clock.advance(option)
    live.close()
    replay = resume_run(store, live.run_id, profile, clock=clock)
    n = len(live.exam.entries)
    assert replay.exam == live.exam
    assert replay.position == live.position
    assert replay.elapsed == pytest.approx(live.elapsed)
    for i in range(n):
        assert replay.shown_response(i) == live.shown_response(i)
        assert replay.is_flagged(i) == live.is_flagged(i)
        assert replay.note(i) == live.note(i)
        assert replay.struck(i) == live.struck(i)
    assert replay.submit().to_json() == live.submit().to_json()
    store.close()


def test_a_second_process_cannot_open_a_locked_run(synthetic_bank, profile, tmp_path, clock):
    first = Store(tmp_path)
    s = new_session(synthetic_bank, profile, first, clock)
    second = Store(tmp_path)
    import subprocess
    import sys

    code = (f"from examsim.core.store import Store, RunLocked\ns=Store({str(tmp_path)!r})\n"
            f"try:\n    s.lock({s.run_id})\nexcept RunLocked as e:\n    print('LOCKED', e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert out.startswith("LOCKED") and "another" in out
    s.close()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert out == ""
    first.close()
    second.close()


def test_corrupt_database_is_kept_and_explained(tmp_path):
    (tmp_path / "examsim.db").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError) as info:
        Store(tmp_path)
    assert "damaged" in str(info.value) and "store reset" in str(info.value)
    assert (tmp_path / "examsim.db").read_bytes().startswith(b"this is not sqlite")
    moved = reset_store(tmp_path)
    assert moved.exists() and not (tmp_path / "examsim.db").exists()
    Store(tmp_path).close()


def test_newer_schema_is_refused_untouched(tmp_path):
    Store(tmp_path).close()
    con = sqlite3.connect(tmp_path / "examsim.db")
    con.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(SCHEMA_VERSION + 1),))
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="newer examsim"):
        Store(tmp_path)


def test_unwritable_data_dir_is_explained(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the data folder"):
        Store(blocker / "sub")


def test_write_failure_keeps_what_was_saved(synthetic_bank, profile, store, clock):
    s = new_session(synthetic_bank, profile, store, clock)
    s.choose(0)
    real = store.conn
    store.conn = _FailingConnection(real, "database or disk is full")
    with pytest.raises(StoreError, match="full"):
        s.choose(1, index=1)
    store.conn = real
    assert store.item_records(s.run_id)[0].response is not None


class _FailingConnection:
    def __init__(self, real, message):
        self.real, self.message = real, message

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def execute(self, *args):
        raise sqlite3.OperationalError(self.message)

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_run_locked_error_type():
    assert issubclass(RunLocked, StoreError)


def test_every_answer_change_is_kept_in_order(synthetic_bank, profile, store, clock):
    s = new_session(synthetic_bank, profile, store, clock)
    i = next(i for i, e in enumerate(s.exam.entries) if e.item.kind == "multiple-choice")
    s.goto(i)
    s.choose(0)
    clock.advance(7)
    s.choose(2)
    history = store.answer_log(s.run_id)[i]
    entry = s.entry(i)
    assert [r for _, r in history] == [entry.presentation.to_canonical(entry.item, (0,)), entry.presentation.to_canonical(entry.item, (2,))]
    assert history[1][0] - history[0][0] == pytest.approx(7, abs=0.1)


