"""The promises the core keeps where a candidate cannot see (issue: reads never change a
run, every change is one transaction, the clock is kept). Each test here failed on the
code before the fix."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from examsim.core.assembler import AssemblyError, QuizFilter, assemble_exam, assemble_quiz
from examsim.cli import main
from examsim.core.runs import create_run, resume_run
from examsim.core.session import State
from examsim.core.store import RunLocked, Store, StoreError
from tests.conftest import FakeClock


def _exam_session(bank, profile, store, clock, seed=1):
    session = create_run(assemble_exam(bank.items, profile, seed), profile, store, clock=clock)
    session.start()
    return session


def _quiz_session(bank, profile, store, clock, *, feedback="now", count=6, timed=False):
    exam = assemble_quiz(bank.items, profile, 3, count, QuizFilter(kinds=["multiple-choice"]), feedback=feedback,
                         timed=timed)
    session = create_run(exam, profile, store, clock=clock)
    session.start()
    return session


def _fail_writes(store: Store, table: str, when: str = "1") -> None:
    """Make the database refuse writes to `table` as a full disk would (a real failed statement)."""
    for op in ("INSERT", "UPDATE"):
        store.conn.execute(f"CREATE TRIGGER fail_{table}_{op.lower()} BEFORE {op} ON {table} WHEN {when} "
                           "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")


def _heal(store: Store, table: str) -> None:
    for op in ("insert", "update"):
        store.conn.execute(f"DROP TRIGGER IF EXISTS fail_{table}_{op}")


# ---- 1. reports and reviews never end a running exam ----
@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_report_refuses_an_open_run_and_changes_nothing(fmt, tmp_path, synthetic_bank, profile, capsys):
    data = tmp_path / "data"
    store = Store(data)
    session = _exam_session(synthetic_bank, profile, store, FakeClock())
    session.choose(0)
    session.close()
    before = store.run(session.run_id)
    store.close()

    status = main(["--data-dir", str(data), "report", str(session.run_id), "--format", fmt])
    err = capsys.readouterr().err
    assert status == 1
    assert "not finished" in err and "resume" in err.lower() and "Traceback" not in err

    store = Store(data)
    after = store.run(session.run_id)
    assert (after.state, after.result, after.elapsed) == (before.state, None, before.elapsed) == ("running", None, before.elapsed)
    assert store.memory() == {}  # no FSRS review of a run nobody finished
    store.close()


def test_review_refuses_an_open_run_before_opening_the_app(tmp_path, synthetic_bank, profile, capsys, monkeypatch):
    data = tmp_path / "data"
    store = Store(data)
    session = _exam_session(synthetic_bank, profile, store, FakeClock())
    session.close()
    store.close()
    from examsim.cli import context

    monkeypatch.setattr(context, "run_app", lambda *a, **k: pytest.fail("the app must not open an unfinished run"))
    assert main(["--data-dir", str(data), "review", str(session.run_id)]) == 1
    assert "not finished" in capsys.readouterr().err


def test_review_returns_the_apps_own_exit_code(tmp_path, monkeypatch):
    import examsim.cli as cli
    from examsim.tui import app as app_module

    class Crashed:
        return_code = 1

        def __init__(self, *a, **k):
            pass

        def run(self):
            return None

    monkeypatch.setattr(app_module, "ExamsimApp", Crashed)
    assert cli.main(["--data-dir", str(tmp_path / "d")]) == 1


# ---- 2. the clock is saved with every answer ----
def test_clock_is_saved_while_answering_on_one_item(synthetic_bank, profile, store, clock):
    session = _exam_session(synthetic_bank, profile, store, clock)
    for _ in range(20):  # a minute of toggling on one item, never moving, no timer tick
        clock.advance(3)
        session.choose(0)
    assert store.run(session.run_id).elapsed == pytest.approx(60.0)
    assert session.position == store.run(session.run_id).position == 0


@pytest.mark.parametrize("change", ["flag", "note", "strike", "confidence"])
def test_every_change_saves_the_clock(change, synthetic_bank, profile, store, clock):
    session = _exam_session(synthetic_bank, profile, store, clock)
    clock.advance(42)
    {"flag": session.toggle_flag, "note": lambda: session.set_note("why"), "strike": lambda: session.toggle_strike(1),
     "confidence": lambda: session.set_confidence("sure")}[change]()
    assert store.run(session.run_id).elapsed == pytest.approx(42.0)


# ---- 3. one real transaction per change ----
def test_save_memory_is_all_or_nothing(store):
    _fail_writes(store, "card_memory", "NEW.card_id = 'c3'")
    rows = [(f"c{n}", "{}", "2026-12-01T00:00:00+00:00", 1, 0) for n in range(1, 6)]
    with pytest.raises(StoreError, match="full"):
        store.save_memory(rows)
    assert store.memory() == {}


def test_a_change_and_its_clock_are_one_transaction(synthetic_bank, profile, store, clock):
    session = _exam_session(synthetic_bank, profile, store, clock)
    clock.advance(10)
    _fail_writes(store, "runs")  # the clock's half of the change fails
    with pytest.raises(StoreError):
        session.toggle_flag()
    _heal(store, "runs")
    assert not store.item_records(session.run_id).get(0) or not store.item_records(session.run_id)[0].flagged


def test_no_transaction_is_left_open_after_a_failure(synthetic_bank, profile, store, clock):
    session = _exam_session(synthetic_bank, profile, store, clock)
    _fail_writes(store, "responses")
    with pytest.raises(StoreError):
        session.choose(0)
    _heal(store, "responses")
    assert not store.conn.in_transaction
    session.choose(1)  # the next change goes through
    assert store.item_records(session.run_id)[0].response


# ---- 4. the store is written before memory changes ----
@pytest.mark.parametrize("change", ["choose", "flag", "note", "strike", "confidence", "goto"])
def test_a_failed_write_leaves_the_session_as_it_was(change, synthetic_bank, profile, store, clock):
    session = _exam_session(synthetic_bank, profile, store, clock)
    clock.advance(5)
    _fail_writes(store, "responses")
    _fail_writes(store, "runs")
    act = {"choose": lambda: session.choose(0), "flag": session.toggle_flag, "note": lambda: session.set_note("x"),
           "strike": lambda: session.toggle_strike(0), "confidence": lambda: session.set_confidence("sure"),
           "goto": lambda: session.goto(3)}[change]
    with pytest.raises(StoreError, match="full"):
        act()
    assert session.shown_response(0) == () and session.counts().answered == 0
    assert not session.is_flagged(0) and session.note(0) == "" and session.struck(0) == set()
    assert session.confidence(0) is None and session.position == 0 and session.seconds_on(0) == 0


def test_a_failed_submit_keeps_the_run_open_and_resumable(synthetic_bank, profile, store, clock, tmp_path):
    session = _exam_session(synthetic_bank, profile, store, clock)
    session.choose(0)
    _fail_writes(store, "runs")
    with pytest.raises(StoreError):
        session.submit()
    assert session.state == State.RUNNING and session.report is None
    _heal(store, "runs")
    session.close()
    assert store.run(session.run_id).state == "running"
    resumed = resume_run(store, session.run_id, profile, clock=clock)
    assert resumed.shown_response(0) == (0,)


# ---- 5. locks are released on error paths ----
def _lock_is_free(store: Store, run_id: int) -> bool:
    other = Store(store.data_dir)
    try:
        other.lock(run_id)
        return True
    except RunLocked:
        return False
    finally:
        other.close()


def test_an_fsrs_failure_never_breaks_submit_and_the_lock_is_released(synthetic_bank, profile, store, clock, monkeypatch):
    import examsim.core.study as study

    session = _exam_session(synthetic_bank, profile, store, clock)
    session.choose(0)
    monkeypatch.setattr(study, "update_memory", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("fsrs broke")))
    report = session.submit()
    assert report.answered == 1 and store.run(session.run_id).state == "submitted"
    assert _lock_is_free(store, session.run_id)


def test_a_damaged_snapshot_takes_no_lock(synthetic_bank, profile, store, clock):
    session = _exam_session(synthetic_bank, profile, store, clock)
    session.close()
    store.conn.execute("UPDATE runs SET exam_json='{\"entries\": 5}' WHERE id=?", (session.run_id,))
    with pytest.raises(StoreError, match="damaged"):
        resume_run(store, session.run_id, profile, clock=clock)
    assert _lock_is_free(store, session.run_id)


def test_close_releases_the_lock_even_when_saving_the_clock_fails(synthetic_bank, profile, store, clock):
    session = _exam_session(synthetic_bank, profile, store, clock)
    clock.advance(30)
    _fail_writes(store, "runs")
    with pytest.raises(StoreError):
        session.close()
    assert _lock_is_free(store, session.run_id)


# ---- 6. what a resume must remember ----
def test_a_complete_but_unchecked_quiz_answer_stays_open_after_resume(synthetic_bank, profile, store, clock):
    session = _quiz_session(synthetic_bank, profile, store, clock)
    session.choose(0)  # complete, never checked with Enter
    session.close()
    resumed = resume_run(store, session.run_id, profile, clock=clock)
    resumed.start()
    assert not resumed.is_revealed(0)
    resumed.choose(1)  # still changeable
    assert resumed.shown_response(0) == (1,)


def test_a_checked_answer_stays_locked_and_its_card_is_reviewed_once(synthetic_bank, profile, store, clock):
    session = _quiz_session(synthetic_bank, profile, store, clock)
    session.choose(0)
    session.reveal(0)
    card = session.entry(0).item.card_id
    assert store.memory()[card][2] == 1
    session.close()
    resumed = resume_run(store, session.run_id, profile, clock=clock)
    resumed.start()
    assert resumed.is_revealed(0)
    for i in range(len(resumed.exam.entries)):
        resumed.goto(i)  # shown: only shown items are reviewed
    resumed.submit()
    assert store.memory()[card][2] == 1  # not reviewed a second time by the finish
    assert all(store.memory()[resumed.entry(i).item.card_id][2] == 1 for i in range(len(resumed.exam.entries)))


def test_time_warnings_are_not_repeated_after_a_resume(synthetic_bank, profile, store, clock):
    session = _exam_session(synthetic_bank, profile, store, clock)
    clock.advance(130 * 60 - 14 * 60)
    assert session.tick() == [15]
    session.close()
    resumed = resume_run(store, session.run_id, profile, clock=clock)
    resumed.start()
    assert resumed.tick() == []
    clock.advance(10 * 60)
    assert resumed.tick() == [5]


def test_several_thresholds_crossed_at_once_give_one_warning(synthetic_bank, profile, store, clock):
    session = _exam_session(synthetic_bank, profile, store, clock)
    clock.advance(130 * 60 - 30)  # the timer was starved: 15, 5 and 1 minutes all passed
    assert session.tick() == [1]
    assert session.tick() == []


# ---- 8. bad counts never reach the core ----
@pytest.mark.parametrize("count", [0, -1])
def test_the_assembler_refuses_a_quiz_of_no_items(count, synthetic_bank, profile):
    with pytest.raises(AssemblyError, match="at least one item"):
        assemble_quiz(synthetic_bank.items, profile, 1, count, QuizFilter())


@pytest.mark.parametrize("count", ["0", "-1", "x"])
def test_the_cli_refuses_a_bad_count_in_one_line(count, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--data-dir", str(tmp_path), "quiz", "--domain", "1", "--count", count, "--dry-run"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "--count" in err and "Traceback" not in err


# ---- 9. core errors are one clear line ----
def test_a_removed_profile_still_reports_and_reviews_from_the_stored_result(synthetic_bank, profile, tmp_path, capsys):
    data = tmp_path / "data"
    store = Store(data)
    session = _exam_session(synthetic_bank, profile, store, FakeClock())
    session.choose(0)
    report = session.submit()
    store.conn.execute("UPDATE runs SET profile='retired-exam' WHERE id=?", (session.run_id,))
    review = resume_run(store, session.run_id, None)
    assert review.report.scaled == report.scaled
    store.close()
    for fmt in ("text", "markdown", "html", "json"):
        assert main(["--data-dir", str(data), "report", str(session.run_id), "--format", fmt]) == 0
        assert str(report.scaled) in capsys.readouterr().out


def test_an_unknown_profile_and_an_unfillable_quiz_are_one_line_each(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "exam", "--profile", "no-such-exam", "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("examsim:") and "Traceback" not in err and err.count("\n") == 1
    assert main(["--data-dir", str(tmp_path), "quiz", "--domain", "9", "--dry-run"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("examsim:") and "Traceback" not in err


# ---- 10. one source of truth for a score ----
def test_every_report_shows_the_stored_result(synthetic_bank, profile, tmp_path, capsys):
    from examsim.core.report import render_report

    data = tmp_path / "data"
    store = Store(data)
    session = _exam_session(synthetic_bank, profile, store, FakeClock())
    session.choose(0)
    session.submit()
    # The result stored at the finish is the truth, whatever the scale says today.
    store.conn.execute("UPDATE runs SET result_json=json_set(result_json, '$.scaled', 777, '$.passed', json('true')) "
                       "WHERE id=?", (session.run_id,))
    for fmt in ("text", "markdown", "html"):
        assert "777" in render_report(store, session.run_id, fmt)
    assert resume_run(store, session.run_id, profile).report.scaled == 777  # the results screen's source
    store.close()
    assert main(["--data-dir", str(data), "report", "latest", "--json"]) == 0
    assert '"scaled": 777' in capsys.readouterr().out


# ---- 11. a second exam while one is open elsewhere ----
def test_a_second_exam_is_refused_while_one_is_open_in_another_window(synthetic_bank_path, profile, tmp_path, capsys, monkeypatch):
    from examsim.cli import context
    from examsim.core.bank import load_bank

    data = tmp_path / "data"
    other_window = Store(data)
    bank = load_bank([synthetic_bank_path], profile)
    held = _exam_session(bank, profile, other_window, FakeClock())  # holds its run's lock
    started = []
    monkeypatch.setattr(context, "run_app", lambda args, start: started.append(start) or 0)

    assert main(["--data-dir", str(data), "exam", "--bank", str(synthetic_bank_path)]) == 1
    err = capsys.readouterr().err
    assert f"run {held.run_id}" in err and "another examsim window" in err and "--new" in err
    assert started == []
    assert main(["--data-dir", str(data), "exam", "--bank", str(synthetic_bank_path), "--new"]) == 0
    assert len(started) == 1
    held.close()
    other_window.close()
    assert main(["--data-dir", str(data), "exam", "--bank", str(synthetic_bank_path)]) == 0  # closed: no refusal


# ---- 12. worker threads read through their own connection ----
def test_a_worker_reads_on_its_own_read_only_connection(synthetic_bank, profile, store, clock):
    session = _exam_session(synthetic_bank, profile, store, clock)
    session.choose(0)
    session.submit()
    seen = {}

    def worker():
        reader = store.reader()
        try:
            seen["runs"] = [r.state for r in reader.runs()]
            with pytest.raises(StoreError):
                reader.save_elapsed(session.run_id, 1.0)
            with pytest.raises(sqlite3.ProgrammingError):
                store.runs()  # the app's connection belongs to the app's thread
        finally:
            reader.close()

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert seen["runs"] == ["submitted"]
