"""Who opens a run wires it to the study loop (issue 17): the Session imports nothing from
examsim.core.study, examsim.core.runs hands every run the app opens its FSRS reviews, and
nothing else in examsim creates or resumes a Session by itself, so no run the app finishes
can skip FSRS."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from examsim.core.assembler import QuizFilter, assemble_exam, assemble_quiz
from examsim.core.errors import RatingRefused
from examsim.core.runs import create_run, resume_run
from examsim.core.session import Session
from examsim.core.store import Store
from examsim.tui.app import ExamsimApp
from examsim.core.items import letter
from tests.conftest import FakeClock
from tests.test_core_promises import _lock_is_free
from tests.helpers.screen import screen_text

ROOT = Path(__file__).resolve().parents[1]
SESSION_PACKAGE = ROOT / "examsim" / "core" / "session"


def _modules(folder: Path):
    for path in sorted(folder.rglob("*.py")):
        yield path.relative_to(ROOT), ast.parse(path.read_text(encoding="utf-8"))


def test_the_session_imports_nothing_from_the_study_loop():
    """Not even lazily, inside a function: the study update is handed in (CardReviews)."""
    found = []
    for rel, tree in _modules(SESSION_PACKAGE):
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            found += [f"{rel}:{node.lineno}" for n in names if n.startswith(("examsim.core.study", "fsrs"))]
    assert found == []


def test_only_the_wiring_opens_runs_in_examsim():
    """Session.create / Session.resume / Session(...) appear in examsim only in
    examsim/core/runs.py and inside the session package (open_finished: a finished run, read
    only): a screen or command that opened a run by itself would finish it without FSRS."""
    allowed = {Path("examsim/core/runs.py")}
    found = []
    for rel, tree in _modules(ROOT / "examsim"):
        if rel in allowed or SESSION_PACKAGE in (ROOT / rel).parents:
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            direct = isinstance(f, ast.Name) and f.id == "Session"
            method = (isinstance(f, ast.Attribute) and f.attr in ("create", "resume")
                      and isinstance(f.value, ast.Name) and f.value.id == "Session")
            if direct or method:
                found.append(f"{rel}:{node.lineno}")
    assert found == []


def _quiz(bank, profile, count=3, feedback="end"):
    return assemble_quiz(bank.items, profile, 2, count, QuizFilter(kinds=["multiple-choice"]), feedback=feedback)


@pytest.mark.asyncio
async def test_a_run_finished_in_the_app_updates_fsrs_memory(tmp_path, synthetic_bank, profile):
    store = Store(tmp_path)
    quiz = _quiz(synthetic_bank, profile)
    app = ExamsimApp(store, ("exam", quiz, synthetic_bank, profile), clock=FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        session = app.screen.session
        entry = quiz.entries[0]
        await pilot.press(letter(entry.presentation.shown_key(entry.item)[0]).lower(), "right")  # item 1 shown too
        await pilot.press("ctrl+e", "y")
        await pilot.pause()
        assert "items right" in screen_text(app)  # the results screen
        assert session.finished
    memory = Store(tmp_path).memory()
    # The two items shown were reviewed (right: Good, no lapse; shown, unanswered: a lapse); the third never shown.
    assert set(memory) == {quiz.entries[0].item.card_id, quiz.entries[1].item.card_id}
    assert memory[quiz.entries[0].item.card_id][2:] == (1, 0)
    assert memory[quiz.entries[1].item.card_id][2:] == (1, 1)


@pytest.mark.asyncio
async def test_a_run_resumed_in_the_app_still_feeds_fsrs(tmp_path, synthetic_bank, profile):
    clock = FakeClock()
    store = Store(tmp_path)
    quiz = _quiz(synthetic_bank, profile, count=2)
    left = create_run(quiz, profile, store, clock=clock)
    left.start()
    left.close()
    app = ExamsimApp(Store(tmp_path), ("home",), clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.resume_run(left.run_id)  # what Resume on the home screen calls
        await pilot.pause()
        assert app.screen.session.run_id == left.run_id
        await pilot.press("ctrl+e", "y")
        await pilot.pause()
        assert "items right" in screen_text(app)  # the results screen
    assert list(Store(tmp_path).memory()) == [quiz.entries[0].item.card_id]  # shown, unanswered: a lapse


def test_time_running_out_in_tick_reviews_every_shown_item_and_frees_the_lock(synthetic_bank, profile, store):
    clock = FakeClock()
    session = create_run(assemble_exam(synthetic_bank.items, profile, 3), profile, store, clock=clock)
    session.start()
    session.goto(2)
    clock.advance(session.time_limit + 1)
    assert session.tick() == [] and session.state.value == "expired"
    shown = {session.entry(i).item.card_id for i in (0, 2)}
    assert set(store.memory()) == shown
    assert _lock_is_free(store, session.run_id)


def test_a_session_without_the_wiring_feeds_no_schedule_and_refuses_a_rating(synthetic_bank, profile, store):
    """Session.create without reviews (tests of the answer sheet) feeds no schedule; a rating
    asked of it is refused, never dropped."""
    bare = Session.create(_quiz(synthetic_bank, profile, count=1, feedback="now"), profile, store, clock=FakeClock())
    bare.choose(0)
    bare.reveal(0)
    with pytest.raises(RatingRefused):
        bare.rate(3)
    assert bare.next_reviews() == {}
    bare.submit()
    assert store.memory() == {}

    wired = resume_run(store, bare.run_id, profile)  # a finished run: read only, nothing reviewed again
    assert wired.finished and store.memory() == {}
