"""Whole flows through the TUI by keys, checked against the core; snapshots per item type."""

from __future__ import annotations

import pytest

from examsim.core.assembler import assemble_exam
from examsim.core.session import Session
from examsim.core.settings import Settings, save_settings
from examsim.core.store import Store
from examsim.tui.app import ExamsimApp
from examsim.core.items import letter
import re

from tests.conftest import FakeClock
from tests.helpers.tui import start_exam_app
from tests.helpers.screen import screen_text


def exam_app(tmp_path, bank, profile, seed, clock=None):
    return start_exam_app(tmp_path, bank, profile, seed, clock)


def first_of(exam, kind):
    return next(i for i, e in enumerate(exam.entries) if e.item.kind == kind)


async def answer_by_keys(pilot, session, index, right: bool):
    """Type the key (or a wrong answer) for the item at `index` with letter keys."""
    entry = session.entry(index)
    key = entry.presentation.shown_key(entry.item)
    kind = entry.item.kind
    if kind == "matching":
        for prompt, option in enumerate(key):
            screen = pilot.app.screen
            screen.prompt_cursor = prompt
            choice = option if right else (option + 1) % len(entry.item.options)
            await pilot.press(letter(choice).lower())
        return
    if kind == "ordering" and not right:
        key = tuple(reversed(key))
    elif not right:
        wrong = next(o for o in range(len(entry.item.options)) if o not in key)
        key = (wrong,) + key[1:]  # complete, and wrong
    for option in key:
        await pilot.press(letter(option).lower())


@pytest.mark.asyncio
async def test_full_exam_by_keys_matches_the_scorer(tmp_path, synthetic_bank, profile):
    app, store, exam = exam_app(tmp_path, synthetic_bank, profile, 21)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        session = app.screen.session
        for i in range(len(exam.entries)):
            assert session.position == i
            await answer_by_keys(pilot, session, i, right=(i % 3 != 0))
            await pilot.press("right")
        await pilot.pause()
        assert type(app.screen).__name__ == "ReviewGridScreen"  # Right on the last item opens the grid
        await pilot.press("s", "y")
        await pilot.pause()
        await pilot.pause()
        assert type(app.screen).__name__ == "ResultsScreen"
        report = session.report
        # Known answers: every item whose index is not a multiple of 3 was answered right by key.
        known_right = sum(1 for i, e in enumerate(exam.entries) if e.scored and i % 3 != 0)
        assert report.answered == 65
        assert report.right == known_right and report.scored == 50
        assert report.correct == [i % 3 != 0 for i in range(65)]
        summary = str(app.screen.query_one("#summary").render())
        assert f"Score {report.scaled} / 1000" in summary
        assert ("PASS" if report.passed else "FAIL") in summary


@pytest.mark.asyncio
@pytest.mark.parametrize("kind", ["multiple-choice", "multiple-response", "ordering", "matching"])
async def test_each_item_type_answered_by_keys(kind, tmp_path, synthetic_bank, profile):
    app, store, exam = exam_app(tmp_path, synthetic_bank, profile, 8)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        session = app.screen.session
        index = first_of(exam, kind)
        session.goto(index)
        app.screen.render_item()
        await answer_by_keys(pilot, session, index, right=True)
        assert session.is_correct(index)
        assert store.item_records(session.run_id)[index].response == session.canonical_responses()[index]


@pytest.mark.asyncio
async def test_ordering_can_be_reordered_and_reset(tmp_path, synthetic_bank, profile):
    app, store, exam = exam_app(tmp_path, synthetic_bank, profile, 8)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        session = app.screen.session
        index = first_of(exam, "ordering")
        session.goto(index)
        app.screen.render_item()
        entry = session.entry(index)
        key = entry.presentation.shown_key(entry.item)
        swapped = (key[1], key[0]) + key[2:]
        for option in swapped:
            await pilot.press(letter(option).lower())
        assert not session.is_correct(index)
        await pilot.press("up", "up", "up", "up")  # highlight step 0 ... cycling
        app.screen.prompt_cursor = 0
        await pilot.press("ctrl+down")
        assert session.shown_response(index) == key and session.is_correct(index)
        await pilot.press("delete")
        assert session.shown_response(index) == ()


@pytest.mark.asyncio
async def test_resume_after_the_process_was_killed(tmp_path, synthetic_bank, profile):
    # A run left open (no close, as after SIGKILL), then a new app offers and resumes it.
    clock = FakeClock()
    store = Store(tmp_path)
    exam = assemble_exam(synthetic_bank.items, profile, 4)
    crashed = Session.create(exam, profile, store, clock=clock)
    crashed.start()
    crashed.choose(0)
    crashed.toggle_flag()
    clock.advance(30)
    crashed.goto(5)
    store.release(crashed.run_id)  # the kernel drops the lock of a killed process
    save_settings(tmp_path, Settings(profile="mla-c01"))  # not a first start: home opens at once
    app = ExamsimApp(Store(tmp_path), ("home",), clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the first entry is the resume offer
        await pilot.pause()
        session = app.screen.session
        assert session.run_id == crashed.run_id and session.position == 5
        assert session.shown_response(0) == crashed.shown_response(0) and session.is_flagged(0)
        assert session.elapsed == pytest.approx(30)


@pytest.mark.asyncio
async def test_too_small_terminal_says_so_and_recovers(tmp_path, synthetic_bank, profile):
    app, store, exam = exam_app(tmp_path, synthetic_bank, profile, 4)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.resize_terminal(30, 8)
        await pilot.pause()
        assert type(app.screen).__name__ == "TooSmallScreen"
        await pilot.press("a")  # keys do not reach the exam underneath
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert type(app.screen).__name__ == "ExamScreen"
        assert app.screen.session.shown_response(0) in ((), (-1, -1, -1))


@pytest.mark.asyncio
async def test_theme_setting_persists(tmp_path, profile):
    store = Store(tmp_path)
    save_settings(tmp_path, Settings(profile="mla-c01"))
    app = ExamsimApp(store, ("home",))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        chosen = app.theme
    again = ExamsimApp(Store(tmp_path), ("home",))
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert again.theme == chosen != "textual-dark"


def _snap_app(tmp_path, bank, profile, kind=None, seed=8):
    store = Store(tmp_path / "snap")
    exam = assemble_exam(bank.items, profile, seed)
    app = ExamsimApp(store, ("exam", exam, bank, profile), clock=FakeClock())
    index = first_of(exam, kind) if kind else 0

    async def go(pilot):
        await pilot.pause()
        app.screen.session.goto(index)
        app.screen.render_item()
        await pilot.pause()

    return app, go


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize("kind", ["multiple-choice", "multiple-response", "ordering", "matching"])
def test_snapshot_exam_item_types(snap_compare, tmp_path, synthetic_bank, profile, kind, size):
    app, go = _snap_app(tmp_path, synthetic_bank, profile, kind)
    assert snap_compare(app, run_before=go, press=["a"], terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_review_grid(snap_compare, tmp_path, synthetic_bank, profile, size):
    app, go = _snap_app(tmp_path, synthetic_bank, profile)
    assert snap_compare(app, run_before=go, press=["a", "ctrl+f", "right", "ctrl+r"], terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_results_and_review(snap_compare, tmp_path, synthetic_bank, profile, size):
    app, go = _snap_app(tmp_path, synthetic_bank, profile)
    assert snap_compare(app, run_before=go, press=["a", "right", "b", "ctrl+e", "y"], terminal_size=size)
    app2, go2 = _snap_app(tmp_path / "2", synthetic_bank, profile)
    assert snap_compare(app2, run_before=go2, press=["a", "ctrl+e", "y", "r"], terminal_size=size)


@pytest.mark.asyncio
@pytest.mark.parametrize("width", [60, 120])
async def test_history_trend_plot_or_table(tmp_path, synthetic_bank, profile, width):
    store = Store(tmp_path)
    for seed in (1, 2, 3):
        s = Session.create(assemble_exam(synthetic_bank.items, profile, seed), profile, store)
        s.start()
        for i, e in enumerate(s.exam.entries[: 20 * seed]):
            s.set_response(i, e.presentation.shown_key(e.item))
        s.submit()
    app = ExamsimApp(store, ("home",))
    async with app.run_test(size=(width, 40)) as pilot:
        await pilot.pause()
        from examsim.tui.screens.history import HistoryScreen

        app.push_screen(HistoryScreen())
        await pilot.pause()
        plot = app.screen.query_one("#trend")
        table = app.screen.query_one("#trend-table")
        assert plot.display == (width >= 80)
        assert table.display == (width < 80)
        assert "Recent runs" in str(table.render())


@pytest.mark.asyncio
@pytest.mark.parametrize("size", [(40, 12), (80, 24), (250, 80)])
async def test_sizes_light_theme_and_no_color(size, tmp_path, synthetic_bank, profile, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    store = Store(tmp_path)

    save_settings(tmp_path, Settings(theme="textual-light"))
    exam = assemble_exam(synthetic_bank.items, profile, 8)
    app = ExamsimApp(store, ("exam", exam, synthetic_bank, profile), clock=FakeClock())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert app.theme == "textual-light"
        for kind in ("matching", "ordering", "multiple-response"):
            app.screen.session.goto(first_of(exam, kind))
            app.screen.render_item()
            await pilot.press("a", "b")
            await pilot.resize_terminal(size[1] * 3, size[0] // 3 + 8)
            await pilot.pause()
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        # The grid counts the three answers given: two of them are incomplete (two of four steps, two of three prompts).
        assert "Review: 1 answered, 2 incomplete, 62 unanswered" in text
        svg = app.export_screenshot()
        # NO_COLOR: nothing but greys reaches the screen (channels within a few steps of each other).
        colours = {tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in re.findall(r"fill: (#[0-9a-f]{6})", svg)}
        assert colours and all(max(c) - min(c) <= 8 for c in colours), colours


@pytest.mark.asyncio
async def test_review_shows_forensics_and_reports_a_bad_item(tmp_path, synthetic_bank, profile):
    app, store, exam = exam_app(tmp_path, synthetic_bank, profile, 8)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        session = app.screen.session
        i = first_of(exam, "multiple-choice")
        session.goto(i)
        app.screen.render_item()
        key = exam.entries[i].presentation.shown_key(exam.entries[i].item)
        wrong = next(o for o in range(4) if o not in key)
        await pilot.press(letter(wrong).lower(), letter(key[0]).lower(), "1")
        await pilot.press("ctrl+e", "y")
        await pilot.pause()
        await pilot.pause()
        await pilot.press("a")  # review all
        await pilot.pause()
        await pilot.pause()
        review = app.screen
        assert type(review).__name__ == "ReviewScreen"
        review.cursor = i
        review.show()
        text = str(review.query_one("#review-after").render())
        assert "answer changed 1 time (wrong to right)" in text and "confidence sure" in text
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("down", "space", "ctrl+s")
        await pilot.pause()
        [report] = store.feedback()
        assert report["kind"] == "ambiguous" and report["card_id"] == exam.entries[i].item.card_id
        assert report["source"].endswith("synthetic.toml")  # the bank author is told which file


@pytest.mark.asyncio
async def test_unconfirmed_duration_is_said_once_on_the_start_screen(tmp_path, synthetic_bank):
    from examsim.core.profiles import load_profile

    c02 = load_profile("mla-c02")
    store = Store(tmp_path)
    exam = assemble_exam(synthetic_bank.items, c02, 1)
    app = ExamsimApp(store, ("exam", exam, synthetic_bank, c02), clock=FakeClock(), intro=True)

    def folded() -> str:
        return " ".join(screen_text(app).split())

    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert "AWS has not confirmed MLA-C02's duration; 130 minutes is assumed." in folded()
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ExamScreen" and "not confirmed" not in folded()  # no toast over the options
        await pilot.press("escape", "y")
        await pilot.pause()
        await pilot.press("enter")  # Resume, the first entry of the home menu
        await pilot.pause()
        assert type(app.screen).__name__ == "ExamScreen" and "not confirmed" not in folded()


@pytest.mark.asyncio
async def test_intro_screen_costs_no_exam_time(tmp_path, synthetic_bank, profile):
    clock = FakeClock()
    store = Store(tmp_path)
    exam = assemble_exam(synthetic_bank.items, profile, 1)
    app = ExamsimApp(store, ("exam", exam, synthetic_bank, profile), clock=clock, intro=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "IntroScreen"
        assert "36 of 50 scored items right" in str(app.screen.query_one("#intro").render())
        clock.advance(600)  # ten minutes reading the rules
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ExamScreen"
        assert app.screen.session.elapsed == 0 and app.screen.session.state.value == "running"


@pytest.mark.asyncio
async def test_leaving_the_intro_sets_the_run_aside(tmp_path, synthetic_bank, profile):
    store = Store(tmp_path)
    exam = assemble_exam(synthetic_bank.items, profile, 1)
    app = ExamsimApp(store, ("exam", exam, synthetic_bank, profile), clock=FakeClock(), intro=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        assert store.unfinished_runs() == [] and store.runs()[0].state == "abandoned"


@pytest.mark.asyncio
async def test_check_waits_for_a_complete_answer(tmp_path, synthetic_bank, profile):
    from examsim.core.assembler import QuizFilter, assemble_quiz

    quiz = assemble_quiz(synthetic_bank.items, profile, 1, 2, QuizFilter(kinds=["multiple-response"]), feedback="now")
    app = ExamsimApp(Store(tmp_path), ("exam", quiz, synthetic_bank, profile), clock=FakeClock())
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        session = app.screen.session
        key = quiz.entries[0].presentation.shown_key(quiz.entries[0].item)
        await pilot.press(letter(key[0]).lower(), "enter")
        await pilot.pause()
        assert not session.is_revealed(0)
        assert any("Select TWO first" in str(n.message) for n in app._notifications)
        await pilot.press(letter(key[1]).lower(), "enter")
        assert session.is_revealed(0) and session.is_correct(0)
