"""The TUI, driven through App.run_test and Pilot, plus snapshot tests."""

from __future__ import annotations

import re

import pytest

from examsim.core.assembler import assemble_exam
from examsim.core.store import Store
from examsim.tui.app import ExamsimApp
from tests.conftest import FakeClock
from examsim.core.items import letter
from tests.helpers.screen import screen_lines, screen_text, toast_text


def make_app(tmp_path, bank, profile, seed=3, clock=None):
    store = Store(tmp_path / "data")
    exam = assemble_exam(bank.items, profile, seed)
    return ExamsimApp(store, ("exam", exam, bank, profile), clock=clock or FakeClock()), store


@pytest.mark.asyncio
async def test_answer_flag_and_navigate_saves_at_once(tmp_path, synthetic_bank, profile):
    app, store = make_app(tmp_path, synthetic_bank, profile)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        session = screen.session
        first = session.entry(0).item
        await pilot.press("b")
        assert session.shown_response(0) == (1,) or first.kind != "multiple-choice"
        await pilot.press("ctrl+f")
        assert session.is_flagged(0)
        await pilot.press("right")
        assert session.position == 1
        records = store.item_records(session.run_id)
        assert records[0].flagged and (records[0].response is not None or first.kind == "matching")
        assert store.run(session.run_id).position == 1


@pytest.mark.asyncio
async def test_wrong_letter_is_refused_kindly(tmp_path, synthetic_bank, profile):
    app, _ = make_app(tmp_path, synthetic_bank, profile)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("z")
        await pilot.pause()
        assert app.screen.session.shown_response(0) in ((), (-1, -1, -1))
        assert any("No option Z: this item has options A-" in str(n.message) for n in app._notifications)


@pytest.mark.asyncio
async def test_a_key_past_the_options_says_which_options_there_are(tmp_path, synthetic_bank, profile):
    """A letter past the last option, or a digit that is no key here (options are letters), is
    refused on screen with the item's options; the answer stays as it was."""
    app, _ = make_app(tmp_path, synthetic_bank, profile)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        session = app.screen.session
        last = letter(len(session.shown_options()) - 1)
        past = letter(len(session.shown_options()))
        for key, shown in (("9", "9"), (past.lower(), past), ("4", "4")):
            app.clear_notifications()
            await pilot.press(key)
            await pilot.pause()
            assert f"No option {shown}: this item has options A-{last}" in toast_text(app), screen_text(app)
        assert session.shown_response(0) in ((), (-1, -1, -1))


@pytest.mark.asyncio
async def test_review_grid_submit_shows_results(tmp_path, synthetic_bank, profile):
    app, store = make_app(tmp_path, synthetic_bank, profile)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        session = app.screen.session
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert type(app.screen).__name__ == "ReviewGridScreen"
        await pilot.press("s")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"
        assert "65 unanswered" in str(app.screen.text)
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        assert type(app.screen).__name__ == "ResultsScreen"
        assert session.finished and store.run(session.run_id).state == "submitted"


@pytest.mark.asyncio
async def test_time_out_submits_and_says_so(tmp_path, synthetic_bank, profile):
    clock = FakeClock()
    app, store = make_app(tmp_path, synthetic_bank, profile, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        session = app.screen.session
        clock.advance(131 * 60)
        app.screen.on_tick()
        await pilot.pause()
        assert type(app.screen).__name__ == "ResultsScreen" and app.screen.timed_out
        assert store.run(session.run_id).state == "expired"


@pytest.mark.asyncio
async def test_markup_like_card_text_never_crashes(tmp_path, profile):
    from examsim.core.bank import load_bank
    from examsim.core.synthetic import synthetic_cards
    import tomli_w

    doc = synthetic_cards(10)
    for card in doc["card"]:
        card["question"] = "[/foo] [bold]x[/bold] [@click=app.quit]quit[/] " + card["question"]
        if "choice" in card:
            card["choice"]["distractors"][0] = "[/] " + card["choice"]["distractors"][0]
    (tmp_path / "b.toml").write_text(tomli_w.dumps(doc))
    bank = load_bank([tmp_path / "b.toml"], profile)
    app, _ = make_app(tmp_path, bank, profile)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for _ in range(5):
            # The markup is shown as the literal text it is, and [@click=app.quit] quits nothing.
            text = screen_text(app)
            assert "[/foo] [bold]x[/bold] [@click=app.quit]quit[/]" in text
            await pilot.press("a", "right")
            await pilot.pause()
        assert type(app.screen).__name__ == "ExamScreen"
        assert app.screen.session.position == 5 and app.screen.session.counts().unanswered == 60


@pytest.mark.asyncio
async def test_tiny_terminal_and_resize(tmp_path, synthetic_bank, profile):
    app, _ = make_app(tmp_path, synthetic_bank, profile)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        await pilot.press("a", "right")
        await pilot.pause()
        # 40x12 is the smallest size that lays an item out; the header takes its compact form there.
        assert screen_text(app).startswith(" Q 2/65 2:10:00 2 min ahead ✓1 ◐0 ·64")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "Review: 1 answered, 0 incomplete, 64 unanswered" in " ".join(screen_text(app).split())
        await pilot.press("escape")
        await pilot.pause()
        await pilot.resize_terminal(39, 12)
        await pilot.pause()
        assert "Terminal too small" in screen_text(app)
        await pilot.resize_terminal(250, 80)
        await pilot.pause()
        assert "Terminal too small" not in screen_text(app) and "Question 2 of 65" in screen_text(app)
        await pilot.press("escape", "y")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen" and "Resume" in screen_text(app)


@pytest.mark.asyncio
async def test_escape_saves_and_home_offers_resume(tmp_path, synthetic_bank, profile):
    app, store = make_app(tmp_path, synthetic_bank, profile)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        run_id = app.screen.session.run_id
        await pilot.press("a", "escape")
        await pilot.pause()
        assert "Leave the exam for the home screen?" in screen_text(app)  # Esc asks first
        await pilot.press("y")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        from textual.widgets import OptionList

        menu = app.screen.query_one(OptionList)
        assert menu.get_option_at_index(0).id == f"resume-{run_id}"
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ExamScreen" and app.screen.session.run_id == run_id


def test_exam_screen_snapshot(snap_compare, tmp_path, synthetic_bank, profile):
    app, _ = make_app(tmp_path, synthetic_bank, profile, seed=9)
    assert snap_compare(app, press=["b"], terminal_size=(100, 30))


@pytest.mark.asyncio
async def test_two_open_quizzes_of_the_same_kind_read_apart_on_home(tmp_path, synthetic_bank, profile):
    """Two resume entries for quizzes with one title: each says how far it got and when it was
    started (an untimed run; a timed one says its time left), so they differ; one line each at 80 columns."""
    from examsim.core.assembler import QuizFilter, assemble_quiz
    from examsim.core.runs import create_run
    from examsim.core.settings import Settings, save_settings

    store = Store(tmp_path / "data")
    save_settings(tmp_path / "data", Settings(profile=profile.id))
    clock = FakeClock()
    for answered in (2, 0):
        session = create_run(assemble_quiz(synthetic_bank.items, profile, answered, 10, QuizFilter()), profile, store,
                             clock=clock)
        session.start()
        for i in range(answered):
            session.goto(i)
            session.set_response(i, session.entry(i).presentation.shown_key(session.entry(i).item))
        session.close()
    app = ExamsimApp(store, ("home",), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = screen_lines(app)
        entries = [line.strip("▊▎ ") for line in lines if "Resume:" in line]
        assert len(entries) == 2 and entries[0] != entries[1], screen_text(app)
        assert any("2/10 answered" in e for e in entries) and any("0/10 answered" in e for e in entries), entries
        assert all(re.search(r"quiz · \d+/10 answered · started \w+ \d+ \w+, \d\d:\d\d$", e) for e in entries), entries
        assert all(len(line) <= 80 for line in lines)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.asyncio
async def test_a_refusal_toast_leaves_the_quiz_feedback_readable(tmp_path, synthetic_bank, profile, size):
    """After Enter shows the key and explanation, a refused key (the item is locked) says so in
    a toast that leaves every line of the feedback box as it was."""
    from examsim.core.assembler import QuizFilter, assemble_quiz

    store = Store(tmp_path / "data")
    exam = assemble_quiz(synthetic_bank.items, profile, 1, 3, QuizFilter(kinds=["multiple-choice"]), feedback="now")
    app = ExamsimApp(store, ("exam", exam, synthetic_bank, profile), clock=FakeClock())
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("a", "enter")
        await pilot.pause()
        feedback = [line for line in screen_lines(app) if line.lstrip().startswith(("│", "╭", "╰"))]
        assert any("Key: " in line for line in feedback), screen_text(app)
        await pilot.press("b")  # refused: the answer was shown
        await pilot.pause()
        assert toast_text(app), screen_text(app)
        assert [line for line in screen_lines(app) if line.lstrip().startswith(("│", "╭", "╰"))] == feedback, screen_text(app)
