"""Every released schema, frozen as the release wrote it (tests/data/schemas/), migrates to
the current one, and the migrated database is then used as a candidate would: resume the
open run, answer, flag, submit, and report on both runs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from examsim.core.profiles import load_profile
from examsim.core.report import render_report
from examsim.core.session import Session
from examsim.core.store import SCHEMA_VERSION, Store

SCHEMAS = Path(__file__).parent / "data" / "schemas"


def _restore(dump: Path, folder: Path) -> Path:
    folder.mkdir()
    con = sqlite3.connect(folder / "examsim.db")
    con.executescript(dump.read_text(encoding="utf-8"))
    con.close()
    return folder


def _columns(con, table: str) -> set[str]:
    return {row[1] for row in con.execute(f"PRAGMA table_info({table})")}


@pytest.mark.parametrize("dump", sorted(SCHEMAS.glob("v*.sql")), ids=lambda p: p.stem)
def test_released_schema_migrates_then_answers_flags_submits_and_reports(dump, tmp_path):
    folder = _restore(dump, tmp_path / "data")
    store = Store(folder)
    assert store.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)

    # The migrated tables have exactly the columns of a database made new today.
    fresh = Store(tmp_path / "fresh")
    for table in ("runs", "responses", "card_memory", "item_feedback", "meta"):
        assert _columns(store.conn, table) == _columns(fresh.conn, table), table
    fresh.close()

    # The submitted run kept its answers and its answer history (v1 kept it in answer_log).
    history = store.answer_log(1)
    assert history and all(entries for entries in history.values())
    assert sum(len(v) for v in history.values()) >= 6
    finished = store.run(1)
    assert finished.state == "submitted" and finished.result is not None

    # Schema 3 records which items were shown; an older run's answered, flagged or timed items
    # and the item each run stands on were on screen, so they stay evidence (study.py).
    assert all(r.seen for r in store.item_records(1).values()) and len(store.item_records(1)) == 6
    assert {i for i, r in store.item_records(2).items() if r.seen} == {0, 1}
    from examsim.core.study import gather_evidence

    assert gather_evidence(store, load_profile("mla-c01")).answers == sum(e.scored for e in store.exam(1).entries)

    # The open run resumes where it was, takes answers, a flag, and submits.
    profile = load_profile("mla-c01")
    clock = [1000.0]
    session = Session.resume(store, 2, profile, clock=lambda: clock[0])
    assert session.position == 1 and session.is_flagged(1)
    assert session.elapsed == pytest.approx(60.0)
    session.start()
    before = session.counts().answered
    for i in range(len(session.exam.entries)):
        clock[0] += 10
        session.goto(i)
        if not session.is_answered(i):
            item = session.entry().item
            if item.kind == "matching":
                for p in range(len(item.prompts)):
                    session.assign(p, p)
            else:
                for o in range(item.select_count):
                    session.choose(o)
    session.toggle_flag(0)
    report = session.submit()
    assert report.answered == len(session.exam.entries) > before
    assert store.run(2).state == "submitted"
    assert store.run(2).elapsed == pytest.approx(60.0 + 10 * len(session.exam.entries))
    assert store.item_records(2)[0].flagged

    # Both runs report, read-only.
    for run_id in (1, 2):
        text = render_report(store, run_id, "text")
        assert "items right" in text and "Time used" in text
    store.close()


def test_a_migration_that_fails_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    from examsim.core import store as store_module

    folder = _restore(SCHEMAS / "v1.sql", tmp_path / "data")
    before = (folder / "examsim.db").read_bytes()

    def broken(conn):
        conn.execute("ALTER TABLE responses ADD COLUMN revealed INTEGER NOT NULL DEFAULT 0")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setitem(store_module._MIGRATIONS, 3, broken)
    with pytest.raises(store_module.StoreError, match="full"):
        Store(folder)
    con = sqlite3.connect(folder / "examsim.db")
    assert con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == "1"
    assert "history" not in _columns(con, "responses")  # step 2 rolled back with step 3
    assert con.execute("SELECT count(*) FROM answer_log").fetchone()[0] == 8
    con.close()
    assert before  # the file was there and readable before
