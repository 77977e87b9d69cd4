"""The exam screen as a candidate expects it (issue 15, points 1 and 4): incomplete answers
shown as such, limits kept with a message, and the keys that felt wrong. Every test reads the
screen as the candidate would."""

from __future__ import annotations

import pytest

from examsim.core.assembler import QuizFilter, assemble_quiz
from examsim.core.settings import Settings
from examsim.core.store import Store
from examsim.tui.app import ExamsimApp
from examsim.core.items import letter
from tests.conftest import FakeClock
from tests.helpers.tui import shown_key, start_exam_app
from tests.helpers.screen import screen_lines, screen_text


def exam_app(tmp_path, bank, profile, seed=8, clock=None, settings: Settings | None = None):
    app, store, _exam = start_exam_app(tmp_path / "data", bank, profile, seed, clock, settings)
    return app, store


def quiz_app(tmp_path, bank, profile):
    quiz = assemble_quiz(bank.items, profile, 1, 3, QuizFilter(kinds=["multiple-choice"]), feedback="end")
    return ExamsimApp(Store(tmp_path / "data"), ("exam", quiz, bank, profile), clock=FakeClock())


def folded(app) -> str:
    """The screen as one line of words (wrapping, padding and the toasts' edge folded)."""
    return " ".join(screen_text(app).replace("▌", " ").split())


async def keys(pilot, *names: str) -> str:
    """Press the keys, let the screen settle, and read it."""
    await pilot.press(*names)
    await pilot.pause()
    return folded(pilot.app)


def header(app) -> str:
    return screen_lines(app)[0]


async def go_to(pilot, kind: str) -> int:
    """Show the first item of this kind; its index."""
    screen = pilot.app.screen
    index = next(i for i, e in enumerate(screen.session.exam.entries) if e.item.kind == kind)
    screen.session.goto(index)
    screen.render_item()
    await pilot.pause()
    return index




# ---- point 1: incomplete answers ----
@pytest.mark.asyncio
@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_header_counts_an_incomplete_answer_apart(size, tmp_path, synthetic_bank, profile):
    app, _ = exam_app(tmp_path, synthetic_bank, profile)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        i = await go_to(pilot, "multiple-response")
        await pilot.press(letter(shown_key(app.screen.session, i)[0]).lower())
        await pilot.pause()
        top = header(app)
        assert len(top.rstrip()) <= size[0]
        if size[0] >= 100:
            assert "0 answered, 1 incomplete, 64 unanswered" in top
        else:
            assert "0/65 answered, 1 incomplete" in top
        assert "1 of 2 selected" in folded(app)


@pytest.mark.asyncio
async def test_header_fits_80_columns_with_every_mark(tmp_path, synthetic_bank, profile):
    clock = FakeClock()
    app, _ = exam_app(tmp_path, synthetic_bank, profile, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("ctrl+f", "ctrl+n", "x", "ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+x")
        clock.advance(130 * 60 - 14 * 60)  # behind pace, and a time warning
        screen.on_tick()
        await pilot.pause()
        top = header(app)
        assert "1/65" in top and "STRIKE" in top and "⚑" in top and "✎" in top
        assert "15 min left" in top and "behind" in top and "✓0" in top  # compact counts, with the grid's marks
        assert len(top.rstrip()) <= 80


@pytest.mark.asyncio
async def test_grid_marks_and_filters_incomplete_items(tmp_path, synthetic_bank, profile):
    app, _ = exam_app(tmp_path, synthetic_bank, profile)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        i = await go_to(pilot, "ordering")
        text = await keys(pilot, letter(shown_key(app.screen.session, i)[0]).lower(), "ctrl+r")
        assert "Review: 0 answered, 1 incomplete, 64 unanswered" in text
        assert "◐ incomplete" in text  # the legend
        assert f"{i + 1} ◐" in text
        text = await keys(pilot, "i")
        assert "showing incomplete (1)" in text and f"{i + 1} ◐" in text and f"{i + 2} ·" not in text
        text = await keys(pilot, "s")
        assert "Submit the exam?" in text and "64 unanswered and 1 incomplete (they count as wrong)" in text


@pytest.mark.asyncio
async def test_end_dialog_names_incomplete_items(tmp_path, synthetic_bank, profile):
    app, _ = exam_app(tmp_path, synthetic_bank, profile)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        i = await go_to(pilot, "matching")
        text = await keys(pilot, letter(shown_key(app.screen.session, i)[0]).lower(), "ctrl+e")
        assert "64 unanswered and 1 incomplete (they count as wrong)" in text


@pytest.mark.asyncio
async def test_a_third_pick_on_select_two_is_refused_with_a_message(tmp_path, synthetic_bank, profile):
    app, _ = exam_app(tmp_path, synthetic_bank, profile)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        i = await go_to(pilot, "multiple-response")
        picks = [n for n in range(len(app.screen.session.shown_options(i)))][:3]
        text = await keys(pilot, *(letter(n).lower() for n in picks))
        assert "Select TWO: 2 are already selected. Unselect one first." in text
        assert "2 of 2 selected" in text and text.count("[x]") == 2


@pytest.mark.asyncio
async def test_matching_says_each_response_is_used_once_and_keeps_to_it(tmp_path, synthetic_bank, profile):
    app, _ = exam_app(tmp_path, synthetic_bank, profile)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        await go_to(pilot, "matching")
        assert "Each response is used once." in folded(app)
        await pilot.press("a", "a")  # A to prompt 1 (the cursor moves on to prompt 2), then A again
        await pilot.pause()
        text = folded(app)
        assert "already matched to prompt 1" in text and "1 of 3 matched" in text
        await pilot.press("up", "a")  # back on prompt 1, the same letter takes it back
        await pilot.pause()
        assert "0 of 3 matched" in folded(app)


# ---- point 4: behaviours that felt wrong ----
@pytest.mark.asyncio
async def test_strike_mode_disarms_after_a_key_that_is_not_an_option(tmp_path, synthetic_bank, profile):
    app, _ = exam_app(tmp_path, synthetic_bank, profile)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await go_to(pilot, "multiple-choice")
        await pilot.press("ctrl+x")
        await pilot.pause()
        assert "STRIKE" in header(app)
        await pilot.press("z")  # not an option on this item
        await pilot.pause()
        assert "STRIKE" not in header(app)
        text = await keys(pilot, "b")  # now chooses B, it does not strike it
        assert "(•) B." in text and app.screen.session.struck() == set()
        await pilot.press("ctrl+x", "1")  # any other key too (here: a confidence mark)
        await pilot.pause()
        assert "STRIKE" not in header(app)
        await pilot.press("ctrl+x", "c")  # and an option letter strikes, then disarms
        await pilot.pause()
        assert app.screen.session.struck() == {2} and "STRIKE" not in header(app)


@pytest.mark.asyncio
async def test_escape_asks_before_leaving_and_either_way_the_run_is_saved(tmp_path, synthetic_bank, profile):
    app, store = exam_app(tmp_path, synthetic_bank, profile)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await go_to(pilot, "multiple-choice")
        text = await keys(pilot, "b", "escape")
        assert "Leave the exam for the home screen?" in text and "saved either way" in text
        text = await keys(pilot, "n")
        assert type(app.screen).__name__ == "ExamScreen" and "(•) B." in text
        await pilot.press("escape", "escape")  # Esc in the dialog means stay
        await pilot.pause()
        assert type(app.screen).__name__ == "ExamScreen"
        text = await keys(pilot, "escape", "y")
        assert type(app.screen).__name__ == "HomeScreen" and "Resume" in text
        assert len(store.unfinished_runs()) == 1


@pytest.mark.asyncio
async def test_ctrl_c_says_how_to_quit(tmp_path, synthetic_bank, profile):
    app, _ = exam_app(tmp_path, synthetic_bank, profile)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        text = await keys(pilot, "ctrl+c")
        assert "Ctrl+C does not quit" in text and "Press Ctrl+Q to quit" in text
        assert type(app.screen).__name__ == "ExamScreen"


@pytest.mark.asyncio
@pytest.mark.parametrize("bell", [True, False])
async def test_time_warning_stays_in_the_header_until_a_key_and_rings_unless_turned_off(bell, tmp_path, synthetic_bank,
                                                                                         profile):
    clock = FakeClock()
    app, _ = exam_app(tmp_path, synthetic_bank, profile, clock=clock, settings=Settings(bell=bell))
    rings = []
    app.bell = lambda: rings.append(1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        clock.advance(130 * 60 - 5 * 60 + 1)
        app.screen.on_tick()  # what the one-second timer does
        await pilot.pause()
        assert "5 minutes left" in header(app) and len(rings) == int(bell)
        clock.advance(30)
        app.screen.on_tick()  # still there while the candidate reads
        await pilot.pause()
        assert "5 minutes left" in header(app)
        await pilot.press("1")
        await pilot.pause()
        assert "minutes left" not in header(app)
        clock.advance(4 * 60)
        app.screen.on_tick()
        await pilot.pause()
        assert "1 minute left" in header(app) and len(rings) == 2 * int(bell)
        await pilot.press("right")  # the next item ends it too
        await pilot.pause()
        assert "minute left" not in header(app)


@pytest.mark.asyncio
async def test_backspace_restores_the_previous_answer(tmp_path, synthetic_bank, profile):
    app, _ = exam_app(tmp_path, synthetic_bank, profile)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await go_to(pilot, "multiple-choice")
        text = await keys(pilot, "a", "c")
        assert "(•) C." in text
        text = await keys(pilot, "backspace")
        assert "(•) A." in text and "(•) C." not in text
        text = await keys(pilot, "backspace")
        assert "(•)" not in text
        text = await keys(pilot, "backspace")
        assert "Nothing to undo on this item." in text


@pytest.mark.asyncio
async def test_backspace_on_matching_undoes_the_last_assignment(tmp_path, synthetic_bank, profile):
    app, _ = exam_app(tmp_path, synthetic_bank, profile)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await go_to(pilot, "matching")
        text = await keys(pilot, "a", "b", "backspace")
        assert "1 of 3 matched" in text
        assert app.screen.prompt_cursor == 1  # back on the prompt the undo cleared


@pytest.mark.asyncio
async def test_an_item_with_a_note_is_marked_in_the_header_and_the_grid(tmp_path, synthetic_bank, profile):
    app, _ = exam_app(tmp_path, synthetic_bank, profile)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Note" not in header(app)
        await pilot.press("ctrl+n", "c", "h", "e", "c", "k", "ctrl+s")
        await pilot.pause()
        assert "✎ Note" in header(app)
        await pilot.press("right")
        await pilot.pause()
        assert "✎" not in header(app)
        text = await keys(pilot, "ctrl+r")
        assert "1 ✎·" in text and "2 ·" in text


@pytest.mark.asyncio
async def test_quiz_screens_speak_of_a_quiz(tmp_path, synthetic_bank, profile):
    app = quiz_app(tmp_path, synthetic_bank, profile)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = await keys(pilot, "a", "ctrl+e")
        assert "End the quiz and see your score?" in text and "exam" not in text
        text = await keys(pilot, "n", "escape")
        assert "Leave the quiz for the home screen?" in text
        text = await keys(pilot, "n", "ctrl+r", "s")
        assert "Submit the quiz?" in text
        text = await keys(pilot, "y")
        assert type(app.screen).__name__ == "ResultsScreen"
        assert "of 3 items right" in text and "scored items" not in text


# ---- snapshots at 80x24 ----
def _snap_app(tmp_path, bank, profile, prepare):
    app, _ = exam_app(tmp_path, bank, profile)

    async def run_before(pilot):
        await pilot.pause()
        prepare(app.screen.session)
        app.screen.render_item()
        await pilot.pause()

    return app, run_before


def _first(session, kind):
    return next(i for i, e in enumerate(session.exam.entries) if e.item.kind == kind)


def test_snapshot_incomplete_select_two(snap_compare, tmp_path, synthetic_bank, profile):
    def one_pick(session):
        session.goto(_first(session, "multiple-response"))
        session.choose(0)

    app, run_before = _snap_app(tmp_path, synthetic_bank, profile, one_pick)
    assert snap_compare(app, run_before=run_before, terminal_size=(80, 24))


def test_snapshot_grid_with_incomplete_items(snap_compare, tmp_path, synthetic_bank, profile):
    def mixed(session):
        session.choose(1, _first(session, "multiple-choice"))
        session.choose(0, _first(session, "multiple-response"))
        session.choose(0, _first(session, "ordering"))
        session.choose(1, _first(session, "ordering"))
        session.assign(0, 0, _first(session, "matching"))
        session.toggle_flag(_first(session, "ordering"))
        session.set_note("check the order", _first(session, "matching"))
        session.goto(_first(session, "multiple-response"))

    app, run_before = _snap_app(tmp_path, synthetic_bank, profile, mixed)
    assert snap_compare(app, run_before=run_before, press=["ctrl+r"], terminal_size=(80, 24))
