"""Exam rules the screens used to hold, now asked of the core: what a screen shows follows what
the Session and the stored result say (the pass mark a run was scored against, when an item's
key may be seen, which items take strike-outs)."""

from __future__ import annotations

import pytest

from examsim.core.assembler import QuizFilter, assemble_exam, assemble_quiz
from examsim.core.runs import create_run, resume_run
from examsim.core.store import Store
from examsim.tui.app import ExamsimApp
from tests.conftest import FakeClock
from tests.helpers.screen import screen_text, toast_text


@pytest.mark.asyncio
async def test_results_give_the_pass_mark_and_scale_the_run_was_scored_against(tmp_path, synthetic_bank, profile):
    """A finished run reopened after its profile's scale changed (a revised pass mark): the results
    say the pass mark and top the verdict was reached with, as `examsim report` does, not today's."""
    store = Store(tmp_path / "data")
    session = create_run(assemble_exam(synthetic_bank.items, profile, 3), profile, store, clock=FakeClock())
    session.start()
    report = session.submit()
    revised = profile.model_copy(update={"scale": profile.scale.model_copy(update={"max": 900, "pass_mark": 700})})
    reopened = resume_run(store, session.run_id, revised)
    app = ExamsimApp(store, ("home",), clock=FakeClock(), profile_name=profile.id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.show_results(reopened)
        await pilot.pause()
        text = screen_text(app)
        assert f"Score {report.scaled} / {report.scale_max}" in text and f"(pass mark {report.pass_mark})" in text, text
        assert "pass mark 700" not in text and "/ 900" not in text


def test_the_session_says_when_an_items_key_may_be_seen(tmp_path, synthetic_bank, profile):
    """Feedback now: the key shows once the answer is checked; every key once the run is over."""
    quiz = assemble_quiz(synthetic_bank.items, profile, 1, 3, QuizFilter(kinds=["multiple-choice"]), feedback="now")
    session = create_run(quiz, profile, Store(tmp_path), clock=FakeClock())
    session.start()
    assert not session.shows_key(0)
    session.choose(0)
    assert not session.shows_key(0)
    session.reveal()
    assert session.shows_key(0) and not session.shows_key(1)
    session.submit()
    assert all(session.shows_key(i) for i in range(3))


@pytest.mark.asyncio
async def test_strike_out_is_offered_where_the_session_says(tmp_path, synthetic_bank, profile):
    """A matching item's responses take no strike-out (the Session says so); an option list does."""
    exam = assemble_exam(synthetic_bank.items, profile, 3)
    kinds = [e.item.kind for e in exam.entries]
    matching, choice = kinds.index("matching"), kinds.index("multiple-choice")
    app = ExamsimApp(Store(tmp_path), ("exam", exam, synthetic_bank, profile), clock=FakeClock())
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        session = app.screen.session
        assert not session.strikes_out(matching) and session.strikes_out(choice)
        session.goto(matching)
        app.screen.render_item()
        await pilot.press("ctrl+x")
        await pilot.pause()
        assert "Strike-out works on option lists, not matching items." in toast_text(app)
        assert "STRIKE" not in screen_text(app)


@pytest.mark.parametrize("ending", ["time", "submit"])
def test_the_session_says_whether_time_ended_the_run(tmp_path, synthetic_bank, profile, ending):
    """The results' "Time is up" follows the Session's own word, not a state name a screen compares."""
    clock = FakeClock()
    session = create_run(assemble_exam(synthetic_bank.items, profile, 3), profile, Store(tmp_path), clock=clock)
    session.start()
    assert not session.timed_out
    if ending == "time":
        clock.advance(session.time_limit + 1)
        session.tick()
    else:
        session.submit()
    assert session.finished and session.timed_out == (ending == "time")


@pytest.mark.asyncio
async def test_resuming_a_run_that_is_gone_says_so(tmp_path, synthetic_bank, profile):
    """Resume reads the run and its profile through the core (core.runs.resume_stored_run): a run
    deleted since the menu was drawn is named, with where to look, not a Python error."""
    store = Store(tmp_path / "data")
    app = ExamsimApp(store, ("home",), clock=FakeClock(), profile_name=profile.id)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        app.resume_run(99)
        await pilot.pause()
        said = toast_text(app)
        assert "run 99 cannot be resumed: there is no run 99" in said and "examsim history" in said
        assert "NoneType" not in said
