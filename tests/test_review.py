"""Review: filters that say what they do, one key to clear them, search, the walk through the
grid's filter during an exam, and retakes of what the candidate saw (unreached items apart)."""

from __future__ import annotations

import pytest

from examsim.core.assembler import assemble_exam
from examsim.core.filters import ReviewFilter, matches
from examsim.core.modes import new_retake, retake_indexes, shown_indexes
from examsim.core.session import Session
from examsim.core.store import Store
from examsim.tui.app import ExamsimApp
from tests.conftest import FakeClock
from tests.helpers.tui import start_exam_app
from tests.helpers.screen import screen_text


def _wrong(entry):
    key = entry.presentation.shown_key(entry.item)
    if entry.item.kind == "ordering":
        return tuple(reversed(key))
    if entry.item.kind == "matching":
        return tuple((k + 1) % len(entry.item.options) for k in key)
    return (next(o for o in range(len(entry.item.options)) if o not in key),)


def _run_reaching(store, bank, profile, reached: int, clock=None, flags=()):
    """An exam where the candidate saw the first `reached` items (answering every other one
    wrong), flagged `flags`, and submitted on item `reached - 1`."""
    clock = clock or FakeClock()
    s = Session.create(assemble_exam(bank.items, profile, 5), profile, store, clock=clock)
    s.start()
    for i in range(reached):
        s.goto(i)
        clock.advance(20)
        if i % 2 == 0:
            s.set_response(i, _wrong(s.entry(i)))
        if i in flags:
            s.toggle_flag(i)
    s.submit()
    return s


def _status(app) -> str:
    return screen_text(app).splitlines()[0]


@pytest.mark.asyncio
async def test_a_clears_every_filter_and_the_hint_says_so(tmp_path, synthetic_bank, profile):
    store = Store(tmp_path)
    s = _run_reaching(store, synthetic_bank, profile, 65, flags=(3,))
    app = ExamsimApp(store, ("review", s.run_id))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f", "d")  # flagged items of domain 1, or none: cycle until nothing matches
        for _ in range(4):
            if "nothing matches" in _status(app):
                break
            await pilot.press("d")
            await pilot.pause()
        status = _status(app)
        assert "nothing matches (flagged items, domain" in status and "A clears every filter." in status
        await pilot.press("a")
        await pilot.pause()
        assert "Review (all items) 1 of 65" in _status(app)  # the domain filter went too


@pytest.mark.asyncio
async def test_slash_searches_items_by_text(tmp_path, synthetic_bank, profile):
    store = Store(tmp_path)
    s = _run_reaching(store, synthetic_bank, profile, 65)
    target = s.entry(7).item
    word = max(target.stem.split(), key=len).strip(".,?()")
    expected = [i for i, e in enumerate(s.exam.entries) if matches(e.item, word)]
    assert 7 in expected and len(expected) < 65
    app = ExamsimApp(store, ("review", s.run_id))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("a", "slash")
        await pilot.pause()
        await pilot.press(*word.upper(), "enter")  # case does not matter
        await pilot.pause()
        assert f'Review (all items, matching "{word.upper()}") 1 of {len(expected)}' in _status(app)
        assert app.screen.indexes() == expected
        await pilot.press("slash", "ctrl+u", "enter")  # an empty search drops the search
        await pilot.pause()
        assert "Review (all items) 1 of 65" in _status(app)


def test_review_filter_combines_state_domain_task_and_search(synthetic_bank, profile):
    s = _run_reaching(None, synthetic_bank, profile, 65)
    f = ReviewFilter(state="wrong", domain=2)
    assert all(not s.is_correct(i) and s.entry(i).domain == 2 for i in f.indexes(s))
    f.query = "zzz-no-such-word"
    assert f.indexes(s) == [] and 'matching "zzz-no-such-word"' in f.describe()
    f.clear()
    assert f.is_clear and f.indexes(s) == list(range(65))


@pytest.mark.asyncio
async def test_from_the_flagged_filter_next_goes_to_the_next_flagged_item(tmp_path, synthetic_bank, profile):
    app, store, exam = start_exam_app(tmp_path, synthetic_bank, profile, 3)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        session = app.screen.session
        for i in (2, 5, 9):
            session.toggle_flag(i)
        await pilot.press("ctrl+r", "f", "enter")
        await pilot.pause()
        assert session.position == 2 and "Question 3 of 65 flagged 1 of 3" in _status(app)
        await pilot.press("right")
        await pilot.pause()
        assert session.position == 5 and "Question 6 of 65 flagged 2 of 3" in _status(app)
        await pilot.press("left", "right", "right")
        await pilot.pause()
        assert session.position == 9
        await pilot.press("right")  # past the last flagged item: the grid, still on the flagged filter
        await pilot.pause()
        assert type(app.screen).__name__ == "ReviewGridScreen" and app.screen.filter == "flagged"
        await pilot.press("a", "enter")  # jumping from "all" ends the walk
        await pilot.pause()
        at = session.position
        await pilot.press("right")
        await pilot.pause()
        assert session.position == at + 1 and "flagged" not in _status(app).split("Time left")[0]


def test_shown_items_are_the_ones_reached(tmp_path, synthetic_bank, profile):
    store = Store(tmp_path)
    s = _run_reaching(store, synthetic_bank, profile, 12)
    assert shown_indexes(s) == set(range(12))
    missed, never = retake_indexes(s)
    assert missed == list(range(12))  # answered wrong, or seen and left unanswered: both missed
    assert never == list(range(12, 65))
    # The same from the store, read back as a finished run.
    from examsim.core.session import open_finished

    again = open_finished(store, s.run_id)
    assert retake_indexes(again) == (missed, never)


def test_retake_takes_seen_and_missed_and_offers_unreached_apart(tmp_path, synthetic_bank, profile):
    store = Store(tmp_path)
    s = _run_reaching(store, synthetic_bank, profile, 12)
    missed, never = retake_indexes(s)
    retake = new_retake(synthetic_bank, s, seed=1)
    assert {e.item.card_id for e in retake.entries} == {s.entry(i).item.card_id for i in missed}
    unreached = new_retake(synthetic_bank, s, unreached=True, seed=1)
    assert {e.item.card_id for e in unreached.entries} == {s.entry(i).item.card_id for i in never}
    assert retake.feedback == unreached.feedback == "now"


@pytest.mark.asyncio
async def test_results_offer_the_unreached_items_apart(tmp_path, synthetic_bank, synthetic_bank_path, profile):
    store = Store(tmp_path)
    clock = FakeClock()
    exam = assemble_exam(synthetic_bank.items, profile, 5)
    app = ExamsimApp(store, ("exam", exam, synthetic_bank, profile), clock=clock, bank_paths=[synthetic_bank_path])
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        session = app.screen.session
        for i in range(4):
            clock.advance(15)
            await pilot.press("a", "right")
        await pilot.press("ctrl+e", "y")
        await pilot.pause()
        await pilot.pause()
        text = screen_text(app)
        missed, never = retake_indexes(session)
        assert len(never) == 65 - 5  # items 0-3 answered, item 4 seen when the exam was ended
        assert f"{len(never)} items were never reached" in text and f"the {len(missed)} you saw and missed (M)" in text
        await pilot.press("n")
        await pilot.pause()
        quiz = app.screen.session.exam
        assert quiz.title == "Items never reached" and len(quiz.entries) == len({session.entry(i).item.card_id for i in never})
