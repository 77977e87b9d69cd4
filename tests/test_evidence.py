"""Evidence is what the candidate saw (issue 16, point 3): an item never shown feeds neither
FSRS nor readiness, though it still scores as wrong; an item shown and left unanswered is
evidence of not knowing. With no evidence, readiness says so instead of a number."""

from __future__ import annotations

import json

import pytest

from examsim.core.assembler import assemble_exam
from examsim.cli import main
from examsim.core.runs import create_run, resume_run
from examsim.core.session import Session
from examsim.core.store import Store, StoreError
from examsim.core.study import Evidence, gather_evidence, readiness
from tests.conftest import FakeClock


def _answer_then_submit_early(bank, profile, store, clock, *, answered: int = 10, seed: int = 4) -> Session:
    """Answer the first `answered` items (right on even, wrong on odd), reach one more and leave
    it blank, then submit: the rest of the exam was never shown."""
    s = create_run(assemble_exam(bank.items, profile, seed), profile, store, clock=clock)
    s.start()
    for i in range(answered):
        s.goto(i)
        e = s.entry()
        key = e.presentation.shown_key(e.item)
        if i % 2 == 0:
            s.set_response(i, key)
        elif e.item.kind == "multiple-choice":
            s.set_response(i, (next(o for o in range(len(e.item.options)) if o not in key),))
        clock.advance(30)
    s.goto(answered)  # shown, left unanswered
    clock.advance(30)
    s.submit()
    return s


def test_items_never_shown_feed_neither_fsrs_nor_readiness(synthetic_bank, profile, store, clock):
    s = _answer_then_submit_early(synthetic_bank, profile, store, clock)
    shown = set(range(11))
    assert s.shown_items() == shown
    assert not any(s.was_shown(i) for i in range(11, len(s.exam.entries)))

    # They still score as wrong, as on the real exam.
    assert not any(s.report.correct[i] for i in range(11, len(s.exam.entries)))

    memory = store.memory()
    cards = {s.entry(i).item.card_id for i in shown}
    assert set(memory) == cards  # no unseen card was reviewed
    blank = s.entry(10).item.card_id
    assert memory[blank][3] == 1  # shown and left unanswered: a lapse, evidence of not knowing
    records = store.item_records(s.run_id)
    assert all(not records.get(i) or not records[i].reviewed for i in range(11, len(s.exam.entries)))

    from examsim.core.modes import missed_card_ids

    # "Missed" means shown and missed: a card never reached is not offered as one.
    assert set(missed_card_ids(store)) == {s.entry(i).item.card_id for i in shown if not s.report.correct[i]}

    evidence = gather_evidence(store, profile)
    assert evidence.answers == len(shown)  # scored or not: the candidate cannot tell them apart
    right = sum(v[0] for v in evidence.domain.values())
    wrong = sum(v[1] for v in evidence.domain.values())
    expected_right = sum(1 for i in shown if s.report.correct[i])
    assert right == pytest.approx(expected_right, rel=0.01)
    assert wrong == pytest.approx(evidence.answers - expected_right, rel=0.01)


def test_what_was_shown_is_saved_with_the_run_and_survives_a_resume(synthetic_bank, profile, store, clock):
    s = create_run(assemble_exam(synthetic_bank.items, profile, 1), profile, store, clock=clock)
    s.start()
    s.goto(3)  # items 1 and 2 are skipped over, never shown
    s.next()
    s.close()
    assert {i for i, r in store.item_records(s.run_id).items() if r.seen} == {0, 3, 4}

    again = resume_run(store, s.run_id, profile, clock=clock)
    again.start()
    assert again.shown_items() == {0, 3, 4}
    again.submit()
    assert set(store.memory()) == {s.entry(i).item.card_id for i in (0, 3, 4)}


def test_a_run_submitted_at_once_is_evidence_of_one_item_only(synthetic_bank, profile, store, clock):
    s = create_run(assemble_exam(synthetic_bank.items, profile, 2), profile, store, clock=clock)
    s.start()
    s.submit()
    assert s.report.right == 0 and s.shown_items() == {0}
    assert list(store.memory()) == [s.entry(0).item.card_id]
    assert gather_evidence(store, profile).answers == 1


def test_shown_is_written_with_the_move_in_one_transaction_before_memory(synthetic_bank, profile, store, clock):
    from tests.test_core_promises import _fail_writes, _heal

    s = create_run(assemble_exam(synthetic_bank.items, profile, 1), profile, store, clock=clock)
    s.start()
    clock.advance(20)
    _fail_writes(store, "responses", "NEW.idx = 5")  # the seen mark of item 5 fails
    with pytest.raises(StoreError, match="full"):
        s.goto(5)
    _heal(store, "responses")
    assert s.position == 0 and not s.was_shown(5)
    row = store.run(s.run_id)
    assert row.position == 0
    assert not store.item_records(s.run_id)[0].seconds  # the time on item 0 was rolled back with it
    s.goto(5)
    assert s.was_shown(5) and store.item_records(s.run_id)[5].seen and store.item_records(s.run_id)[0].seconds == pytest.approx(20)


def test_an_answered_item_counts_as_shown(synthetic_bank, profile, store, clock):
    s = create_run(assemble_exam(synthetic_bank.items, profile, 1), profile, store, clock=clock)
    s.start()
    i = next(i for i, e in enumerate(s.exam.entries) if i > 0 and e.item.kind == "multiple-choice")
    s.choose(0, index=i)
    assert s.was_shown(i) and store.item_records(s.run_id)[i].seen


# ---- readiness with no evidence, and domains never attempted ----
def test_readiness_with_no_evidence_says_so_and_gives_no_number(profile):
    r = readiness(Evidence(), profile)
    assert not r.has_evidence
    assert (r.pass_probability, r.pass_low, r.pass_high, r.score_median) == (None, None, None, None)
    assert all(not d.attempted and d.describe() == "not yet attempted" for d in r.domains)


def test_a_domain_never_attempted_reads_not_yet_attempted(profile):
    from examsim.core.readiness_model import Answer

    ev = Evidence()
    for n in range(10):
        ev.add(Answer(1, "1.1", "intermediate", "multiple-choice", n < 8, 1.0))
    r = readiness(ev, profile, draws=50)
    assert r.has_evidence and 0 < r.pass_probability < 1
    first, *others = r.domains
    assert first.attempted and "from 10 answers" in first.describe()
    assert all(d.mean is None and d.describe() == "not yet attempted" for d in others)


def test_readiness_cli_with_no_evidence(capsys, tmp_path, synthetic_bank, profile):
    data = tmp_path / "d"
    assert main(["--data-dir", str(data), "readiness", "--json"]) == 0
    est = json.loads(capsys.readouterr().out)
    assert est["pass_probability"] is None and est["answers"] == 0
    assert all(d["mean"] is None for d in est["domains"])
    assert main(["--data-dir", str(data), "readiness"]) == 0
    out = capsys.readouterr().out
    assert "no evidence yet" in out and "%" not in out

    # An unscored item shown is evidence too (the candidate cannot tell it from a scored one).
    store = Store(data)
    s = create_run(assemble_exam(synthetic_bank.items, profile, 2), profile, store, clock=FakeClock())
    first_unscored = next(i for i, e in enumerate(s.exam.entries) if not e.scored)
    s.start()
    s.goto(first_unscored)
    s.submit()
    store.close()
    main(["--data-dir", str(data), "readiness", "--json"])
    est = json.loads(capsys.readouterr().out)
    assert est["pass_probability"] is not None and est["answers"] == 2


def test_readiness_cli_names_domains_not_yet_attempted(capsys, tmp_path, synthetic_bank, profile):
    data = tmp_path / "d"
    store = Store(data)
    s = create_run(assemble_exam(synthetic_bank.items, profile, 3), profile, store, clock=FakeClock())
    s.start()
    domain_one = [i for i, e in enumerate(s.exam.entries) if e.domain == 1]
    for i in domain_one:
        s.goto(i)
    s.submit()
    store.close()
    assert main(["--data-dir", str(data), "readiness"]) == 0
    out = capsys.readouterr().out
    shown_domains = {s.entry(i).domain for i in s.shown_items()}
    for d in (2, 3, 4):
        line = next(line for line in out.splitlines() if line.strip().startswith(f"domain {d}:"))
        assert ("not yet attempted" in line) == (d not in shown_domains)
        assert "50%" not in line or d in shown_domains


@pytest.mark.asyncio
async def test_home_and_history_say_there_is_no_evidence(tmp_path):
    from examsim.tui.app import ExamsimApp
    from tests.helpers.screen import screen_text

    from examsim.core.settings import Settings, save_settings

    store = Store(tmp_path / "data")
    save_settings(tmp_path / "data", Settings(profile="mla-c01"))  # not a first start: home at once
    app = ExamsimApp(store, ("home",))
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "no evidence yet" in screen_text(app)
        await pilot.press("end", "enter")  # History is the last entry
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert type(app.screen).__name__ == "HistoryScreen"
        text = screen_text(app)
        assert "no evidence yet" in text and "chance to pass" not in text
