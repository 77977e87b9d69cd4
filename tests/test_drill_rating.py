"""Drills as Anki users expect (issue 16, point 7): after the reveal the candidate may rate the
card (1 Again, 2 Hard, 3 Good, 4 Easy) and sees the next interval; a chosen rating replaces
the review the answer gave, it never adds one; the forecast and the Anki export."""

from __future__ import annotations

import datetime as dt
import html
import json
import sqlite3
import zipfile

import pytest

from examsim.core.assembler import QuizFilter, assemble_quiz
from examsim.cli import main
from examsim.core.runs import create_run, resume_run
from examsim.core.session import Session
from examsim.core.store import Store, StoreError
from examsim.core.study import RatingRefused
from tests.conftest import FakeClock

T0 = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.timezone.utc)


def _drill(bank, profile, store, count=3, seed=1) -> Session:
    exam = assemble_quiz(bank.items, profile, seed, count, QuizFilter(kinds=["multiple-choice"]), feedback="now",
                         mode="drill", title="Drill")
    s = create_run(exam, profile, store, clock=FakeClock())
    store.wall_clock = lambda: T0  # "today" for the FSRS reviews
    s.start()
    return s


def _answer_right_and_reveal(s: Session, i: int = 0) -> str:
    e = s.entry(i)
    s.set_response(i, e.presentation.shown_key(e.item))
    s.reveal(i)
    return e.item.card_id


def test_a_chosen_rating_replaces_the_review_it_does_not_add_one(synthetic_bank, profile, store):
    s = _drill(synthetic_bank, profile, store)
    card = _answer_right_and_reveal(s)
    assert s.rating() == (3, False)  # Good, from the answer
    intervals = s.next_reviews()
    assert set(intervals) == {1, 2, 3, 4}
    assert intervals[1] < intervals[3] < intervals[4]
    good_due = store.memory()[card][1]

    s.rate(1)  # Again: the candidate did not really know it
    fsrs_json, due, reviews, lapses = store.memory()[card]
    assert (reviews, lapses) == (1, 1)  # one review, now a lapse
    assert dt.datetime.fromisoformat(due) - T0 == intervals[1] and due < good_due
    assert s.rating() == (1, True)

    s.rate(4)  # changed their mind again: still one review, no lapse
    _f, due, reviews, lapses = store.memory()[card]
    assert (reviews, lapses) == (1, 0)
    assert dt.datetime.fromisoformat(due) - T0 == intervals[4]

    s.submit()  # the finish reviews nothing twice
    assert store.memory()[card][2:] == (1, 0)


def test_rating_a_card_with_a_memory_starts_from_that_memory(synthetic_bank, profile, store):
    s = _drill(synthetic_bank, profile, store, count=1)
    card = _answer_right_and_reveal(s)
    s.submit()
    later = _drill(synthetic_bank, profile, store, count=1)
    store.wall_clock = lambda: T0 + dt.timedelta(days=3)
    assert later.entry(0).item.card_id == card
    _answer_right_and_reveal(later)
    assert store.memory()[card][2] == 2
    later.rate(2)
    assert store.memory()[card][2:] == (2, 0)  # second review replaced, the first one kept


def test_a_rating_survives_a_resume(synthetic_bank, profile, store):
    s = _drill(synthetic_bank, profile, store)
    card = _answer_right_and_reveal(s)
    s.rate(4)
    s.close()
    again = resume_run(store, s.run_id, profile)
    assert again.rating(0) == (4, True)
    store.wall_clock = lambda: T0
    again.rate(2)
    assert store.memory()[card][2] == 1


def test_a_rating_is_written_before_memory_changes(synthetic_bank, profile, store):
    from tests.test_core_promises import _fail_writes, _heal

    s = _drill(synthetic_bank, profile, store)
    card = _answer_right_and_reveal(s)
    before = store.memory()[card]
    _fail_writes(store, "card_memory")
    with pytest.raises(StoreError, match="full"):
        s.rate(1)
    _heal(store, "card_memory")
    assert s.rating() == (3, False) and store.memory()[card] == before
    assert store.item_records(s.run_id)[0].review["rating"] == 3


def test_only_a_revealed_item_is_rated(synthetic_bank, profile, store):
    s = _drill(synthetic_bank, profile, store)
    with pytest.raises(PermissionError):
        s.rate(3)
    _answer_right_and_reveal(s)
    with pytest.raises(ValueError):
        s.rate(5)


def test_a_rating_cannot_replace_a_review_another_run_made_since(synthetic_bank, profile, store):
    s = _drill(synthetic_bank, profile, store, count=1)
    card = _answer_right_and_reveal(s)
    other = _drill(synthetic_bank, profile, store, count=1)
    _answer_right_and_reveal(other)
    with pytest.raises(RatingRefused, match="reviewed again"):
        s.rate(1)
    assert store.memory()[card][2] == 2


@pytest.mark.asyncio
async def test_drill_keys_rate_after_the_reveal_and_show_the_interval(tmp_path, synthetic_bank, profile):
    from examsim.tui.app import ExamsimApp
    from tests.helpers.screen import screen_text

    store = Store(tmp_path / "data")
    exam = assemble_quiz(synthetic_bank.items, profile, 1, 3, QuizFilter(kinds=["multiple-choice"]), feedback="now",
                         mode="drill", title="Drill")
    app = ExamsimApp(store, ("exam", exam, synthetic_bank, profile), clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        s = app.screen.session
        await pilot.press("1")  # before the reveal: confidence
        assert s.confidence() == "sure" and "Rate it" not in screen_text(app)
        key = s.entry().presentation.shown_key(s.entry().item)[0]
        await pilot.press(chr(ord("a") + key), "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Rate it (1-4)" in text and "1 Again" in text and "4 Easy" in text
        assert "rated from your answer" in text
        await pilot.press("4")
        await pilot.pause()
        assert s.rating() == (4, True)
        assert "your rating" in screen_text(app)
        card = s.entry().item.card_id
        assert store.memory()[card][2] == 1
        await pilot.press("right")
        await pilot.pause()
        assert "Rate it" not in screen_text(app)  # the next item is not revealed yet


@pytest.mark.asyncio
async def test_quiz_keys_stay_confidence_after_the_reveal(tmp_path, synthetic_bank, profile):
    from examsim.tui.app import ExamsimApp
    from tests.helpers.screen import screen_text

    store = Store(tmp_path / "data")
    exam = assemble_quiz(synthetic_bank.items, profile, 1, 3, QuizFilter(kinds=["multiple-choice"]), feedback="now")
    app = ExamsimApp(store, ("exam", exam, synthetic_bank, profile), clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        s = app.screen.session
        await pilot.press("a", "enter", "2")
        await pilot.pause()
        assert s.is_revealed(0) and s.confidence() == "unsure"
        assert s.rating(0) is None or not s.rating(0)[1]  # never a chosen rating outside drills
        assert "Rate it" not in screen_text(app)


def test_snapshot_drill_item_after_reveal(snap_compare, tmp_path, synthetic_bank, profile):
    from examsim.tui.app import ExamsimApp

    store = Store(tmp_path / "snap")
    exam = assemble_quiz(synthetic_bank.items, profile, 1, 3, QuizFilter(kinds=["multiple-choice"]), feedback="now",
                         mode="drill", title="Drill: 3 due, then weakest tasks")
    app = ExamsimApp(store, ("exam", exam, synthetic_bank, profile), clock=FakeClock())
    key = exam.entries[0].presentation.shown_key(exam.entries[0].item)[0]
    assert snap_compare(app, press=[chr(ord("a") + key), "enter"], terminal_size=(80, 24))


# ---- the forecast ----
def test_forecast_counts_cards_due_each_day(synthetic_bank, profile, store):
    from examsim.core.study import forecast

    rows = []
    for n, days in enumerate([-2, 0, 0.4, 1, 1, 5, 13, 14, 30]):
        rows.append((f"c{n}", "{}", (T0 + dt.timedelta(days=days)).isoformat(), 1, 0))
    store.save_memory(rows)
    days = forecast(store, now=lambda: T0, tz=dt.timezone.utc)
    assert len(days) == 14 and days[0][0] == T0.date()
    counts = [n for _d, n in days]
    # today holds the overdue card, the one due now and the one due tonight
    assert counts[0] == 3 and counts[1] == 2 and counts[5] == 1 and counts[13] == 1
    assert sum(counts) == 7  # day 14 and day 30 fall outside


def test_drill_forecast_cli(capsys, tmp_path):
    data = tmp_path / "d"
    store = Store(data)
    now = dt.datetime.now(dt.timezone.utc)
    store.save_memory([("a", "{}", now.isoformat(), 1, 0), ("b", "{}", (now + dt.timedelta(days=3)).isoformat(), 1, 0)])
    store.close()
    assert main(["--data-dir", str(data), "drill", "--forecast", "--json"]) == 0
    days = json.loads(capsys.readouterr().out)
    assert len(days) == 14 and set(days[0]) == {"date", "due"}
    assert sum(d["due"] for d in days) == 2 and days[0]["due"] == 1
    assert main(["--data-dir", str(data), "drill", "--forecast"]) == 0
    out = capsys.readouterr().out
    assert "due" in out and len([line for line in out.splitlines() if line.strip()]) >= 14


# ---- the Anki export ----
def _finished_run_with_misses(bank, profile, data) -> tuple[int, list[str]]:
    """A finished exam: items of every type answered, half of the shown ones wrong."""
    from examsim.core.assembler import assemble_exam

    store = Store(data)
    s = create_run(assemble_exam(bank.items, profile, 3), profile, store, clock=FakeClock())
    s.start()
    for i, e in enumerate(s.exam.entries[:20]):
        s.goto(i)
        key = e.presentation.shown_key(e.item)
        if i % 2 == 0:
            s.set_response(i, key)
    s.submit()
    missed = [s.entry(i).item.card_id for i in range(20) if not s.report.correct[i]]
    store.close()
    return s.run_id, missed


def _read_apkg(path) -> tuple[list[list[str]], list[str], list[str]]:
    """Notes (fields), their tags, and the deck names, read back from the package's SQLite collection."""
    with zipfile.ZipFile(path) as z:
        assert "collection.anki2" in z.namelist()
        db = path.parent / "collection.anki2"
        db.write_bytes(z.read("collection.anki2"))
    con = sqlite3.connect(db)
    notes = con.execute("SELECT flds, tags FROM notes ORDER BY id").fetchall()
    decks = json.loads(con.execute("SELECT decks FROM col").fetchone()[0])
    con.close()
    return [n[0].split("\x1f") for n in notes], [n[1] for n in notes], [d["name"] for d in decks.values()]


def test_export_anki_run_writes_the_missed_cards(capsys, tmp_path, synthetic_bank, profile):
    data = tmp_path / "d"
    run_id, missed = _finished_run_with_misses(synthetic_bank, profile, data)
    out = tmp_path / "missed.apkg"
    assert main(["--data-dir", str(data), "export", "anki", str(run_id), "--out", str(out)]) == 0
    assert f"{len(missed)} card" in capsys.readouterr().out
    notes, tags, decks = _read_apkg(out)
    assert len(notes) == len(missed) == 10
    assert any("examsim" in d for d in decks)
    store = Store(data)
    exam = store.exam(run_id)
    store.close()
    by_item = {e.item.id: e for e in exam.entries}
    assert {by_item[f[5]].item.card_id for f in notes} == set(missed)
    kinds = set()
    for fields, tag in zip(notes, tags):
        question, options, key, explanation, references, item_id = fields
        entry = by_item[item_id]
        item = entry.item
        kinds.add(item.kind)
        assert html.escape(item.stem) in question
        assert all(html.escape(o) in options for o in item.options)
        assert all(html.escape(item.options[k]) in key for k in item.key)
        assert html.escape(item.explanation) in explanation
        assert {"examsim", "mla-c01", f"domain-{entry.domain}", f"task-{entry.task}"} <= set(tag.split())
        if item.references:
            assert '<a href="https://' in references
    assert len(kinds) >= 2
    # It is never written over without --force.
    assert main(["--data-dir", str(data), "export", "anki", str(run_id), "--out", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["--data-dir", str(data), "export", "anki", str(run_id), "--out", str(out), "--force"]) == 0


def test_export_anki_missed_across_runs(capsys, tmp_path, synthetic_bank, profile):
    data = tmp_path / "d"
    out = tmp_path / "all.apkg"
    assert main(["--data-dir", str(data), "export", "anki", "missed", "--out", str(out)]) == 1
    assert "no missed" in capsys.readouterr().err and not out.exists()
    _run_id, missed = _finished_run_with_misses(synthetic_bank, profile, data)
    assert main(["--data-dir", str(data), "export", "anki", "missed", "--out", str(out)]) == 0
    notes, _tags, _decks = _read_apkg(out)
    assert len(notes) == len(missed)


def test_export_anki_keeps_hostile_card_text_inert(capsys, tmp_path, profile):
    from examsim.core.bank import load_bank
    from tests.helpers.hostile import FORBIDDEN, finished_hostile_run, write_hostile_bank

    bank = load_bank([write_hostile_bank(tmp_path)], profile)
    data = tmp_path / "d"
    finished_hostile_run(data, bank, profile)
    out = tmp_path / "hostile.apkg"
    assert main(["--data-dir", str(data), "export", "anki", "latest", "--out", str(out)]) == 0
    notes, tags, _decks = _read_apkg(out)
    assert notes
    for fields in notes:
        for field in fields:
            assert not FORBIDDEN.search(field)
            assert "<img" not in field and "<script" not in field and "javascript:" not in field.split("&")[0]
            assert 'href="' not in field or all(h.startswith("https://") for h in field.split('href="')[1:])
    assert all(" " not in t for tag in tags for t in tag.split())
