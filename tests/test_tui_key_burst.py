"""Keys that arrive in one burst (fast typing, a paste, a slow terminal flushing) act in the
order they were typed: a letter typed right after Next answers the item now on screen."""

from __future__ import annotations

import pytest
from textual import events

from examsim.core.assembler import assemble_exam
from examsim.core.store import Store
from examsim.tui.app import ExamsimApp
from tests.conftest import FakeClock
from tests.helpers.tui import start_exam_app


@pytest.mark.asyncio
@pytest.mark.parametrize("move, expected_position", [("right", 1), ("left", 0)])
async def test_a_letter_in_the_same_burst_as_a_move_answers_the_new_item(move, expected_position, tmp_path,
                                                                         synthetic_bank, profile):
    app, store, exam = start_exam_app(tmp_path, synthetic_bank, profile, 4)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.screen.session
        if move == "left":
            session.goto(1)
            app.screen.render_item()
            await pilot.pause()
        # Both keys queued before either is handled, as a terminal delivers a burst.
        app.post_message(events.Key(move, None))
        app.post_message(events.Key("a", "a"))
        await pilot.pause()
        await pilot.pause()
        assert session.position == expected_position
        answered = [i for i in range(len(exam.entries)) if session.answer_state(i) != "unanswered"]
        assert answered == [expected_position]


@pytest.mark.asyncio
async def test_arrows_in_the_notes_dialog_move_the_cursor_not_the_exam(tmp_path, synthetic_bank, profile):
    app, store, exam = start_exam_app(tmp_path, synthetic_bank, profile, 4)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.screen.session
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("a", "b", "left", "X", "right", "c", "ctrl+s")
        await pilot.pause()
        assert session.position == 0
        assert session.note(0) == "aXbc"


@pytest.mark.asyncio
@pytest.mark.parametrize("start", ["home", "exam"])
async def test_a_terminal_too_small_at_start_says_so(start, tmp_path, synthetic_bank, profile):
    from examsim.core.settings import Settings, save_settings
    from tests.helpers.screen import screen_text

    save_settings(tmp_path, Settings(profile="mla-c01"))
    store = Store(tmp_path)
    begin = ("home",) if start == "home" else ("exam", assemble_exam(synthetic_bank.items, profile, 4), synthetic_bank, profile)
    app = ExamsimApp(store, begin, clock=FakeClock())
    async with app.run_test(size=(30, 8)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert "Terminal too small" in screen_text(app)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert "Terminal too small" not in screen_text(app)


@pytest.mark.asyncio
@pytest.mark.parametrize("width", [80, 120])
async def test_the_custom_quiz_count_shows_every_digit_and_the_row_fits(width, tmp_path, profile):
    from examsim.core.settings import Settings, save_settings
    from examsim.tui.screens.quiz_setup import QuizSetupScreen
    from tests.helpers.screen import screen_lines

    save_settings(tmp_path, Settings(profile="mla-c01"))
    app = ExamsimApp(Store(tmp_path), ("home",), clock=FakeClock())
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        app.push_screen(QuizSetupScreen(profile))
        await pilot.pause()
        count = app.screen.query_one("#count")
        count.scroll_visible()
        count.focus()
        count.value = "120"
        await pilot.pause()
        row = next(line for line in screen_lines(app) if "Timed (exam pace)" in line)
        assert "120" in row and "Missed or flagged only  ▎" in row  # the number whole, the last box closed


@pytest.mark.asyncio
async def test_a_custom_quiz_of_one_domain_is_named_as_the_cli_names_it(tmp_path, profile, synthetic_bank_path):
    """The custom quiz and `examsim quiz --domain 1` build one title (modes.quiz_title): the
    start page and history say which domain the quiz was limited to."""
    from examsim.core.settings import Settings, save_settings
    from examsim.tui.screens.quiz_setup import QuizSetupScreen
    from tests.helpers.screen import screen_text

    save_settings(tmp_path, Settings(profile="mla-c01"))
    app = ExamsimApp(Store(tmp_path), ("home",), clock=FakeClock(), bank_paths=[synthetic_bank_path])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.push_screen(QuizSetupScreen(profile))
        await pilot.pause()
        await pilot.press("space", "ctrl+s")  # domain 1 selected, then start
        await pilot.pause()
        assert "Question 1 of 10" in screen_text(app)
        await pilot.press("escape", "y")  # leave for home: the resume entry names the quiz
        await pilot.pause()
        assert "Resume: MLA-C01 quiz, domain 1" in screen_text(app)
