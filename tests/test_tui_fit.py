"""Exhibits on every screen, and nothing important below the fold at 80x24 (issue 15,
points 2 and 3). Each test drives the app by keys and reads what is on screen."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import tomli_w

from examsim.core.assembler import QuizFilter, assemble_exam, assemble_quiz
from examsim.core.bank import load_bank
from examsim.core.session import Session
from examsim.core.store import Store
from examsim.core.synthetic import synthetic_cards
from examsim.tui.app import MIN_HEIGHT, MIN_WIDTH, ExamsimApp
from examsim.core.items import letter
from tests.conftest import FakeClock
from tests.helpers.tui import shown_key, start_exam_app
from tests.helpers.screen import screen_lines, screen_text

LONG_STEM = ("A retailer trains a demand model every night on sales data that lands in Amazon S3 from 400 stores. "
             "The training job reads two years of history, the features are computed in a processing step, and the "
             "model is registered when its validation error beats the current one. Last week the job ran for nine "
             "hours instead of two, although the data grew by only 3%. The team must find the cause without "
             "changing the model. Which change should the ML engineer make FIRST to find where the time goes?")
LONG_KEY = ("Turn on SageMaker Debugger profiling for the training job and compare the step durations and the "
            "system utilization with those of an earlier run")
LONG_EXPLANATION = ("Debugger profiling records the system and framework metrics of each step, so the slow phase "
                    "shows at once. " * 6).strip()
LONG_URL = ("https://docs.aws.amazon.com/sagemaker/latest/dg/debugger-profiling-and-monitoring-of-training-jobs-"
            "with-built-in-rules-and-reports.html")
TABLE_TITLE = "Loss by boosting round"
TEXT_TITLE = "Lifecycle policy"
POLICY = '{\n  "rules": [\n    {\n      "rulePriority": 1,\n      "note": "```[bold]not markup[/bold]"\n    }\n  ]\n}'


@pytest.fixture(scope="module")
def fit_bank(tmp_path_factory, profile):
    """The synthetic bank with a long item, a table exhibit (cells that look like markup or
    hold a pipe) and a text exhibit (indentation and backticks)."""
    doc = synthetic_cards(10)
    cards = {c["id"]: c for c in doc["card"]}
    long = cards["syn-1-1-00000"]
    long.update(question=LONG_STEM, answer=LONG_EXPLANATION, references=[LONG_URL])
    long["choice"] = {"correct": [LONG_KEY], "distractors": [
        "Move the training data to Amazon EFS so that the job reads it faster than from Amazon S3 over the network",
        "Switch the training job to Spot Instances with checkpoints so that it costs less while it runs for longer",
        "Raise the instance count of the training job to eight so that the work is spread across more instances"]}
    cards["syn-1-1-00004"]["exhibit"] = {"title": TABLE_TITLE, "columns": ["Round", "Training | loss", "Note"],
                                         "rows": [[50, 0.412, "[bold]x[/bold]"], [100, 0.301, "<b>fine</b>"]]}
    cards["syn-1-1-00005"]["exhibit"] = {"title": TEXT_TITLE, "text": POLICY}
    path = tmp_path_factory.mktemp("fit") / "fit.toml"
    path.write_text(tomli_w.dumps(doc), encoding="utf-8")
    return load_bank([path], profile)


def quiz_app(tmp_path, bank, profile, card_ids, *, kinds=(), feedback="now"):
    quiz = assemble_quiz(bank.items, profile, 1, len(card_ids), QuizFilter(card_ids=list(card_ids), kinds=list(kinds)),
                         feedback=feedback)
    return ExamsimApp(Store(tmp_path / "data"), ("exam", quiz, bank, profile), clock=FakeClock()), quiz


def exam_app(tmp_path, bank, profile, seed=8):
    app, _store, exam = start_exam_app(tmp_path / "data", bank, profile, seed)
    return app, exam


def line_with(lines: list[str], text: str) -> int:
    return next(n for n, line in enumerate(lines) if text in line)


# ---- feedback quizzes: the result and the "Enter" line come into view ----

@pytest.mark.asyncio
async def test_enter_brings_the_result_and_explanation_into_view(tmp_path, fit_bank, profile):
    app, _quiz = quiz_app(tmp_path, fit_bank, profile, ["syn-1-1-00000"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.screen.session
        assert "Press Enter to check" not in screen_text(app)  # below the fold before an answer
        await pilot.press(letter(shown_key(session)[0]).lower())
        await pilot.pause()
        assert "Press Enter to check your answer." in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Correct. Key:" in text and "Debugger profiling records the system" in text


# ---- options wrap with a hanging indent ----

def assert_hanging(lines: list[str], first_words: str, label: str) -> None:
    n = line_with(lines, first_words)
    column = lines[n].index(first_words)
    assert lines[n][:column].rstrip().endswith(label)
    following = lines[n + 1]
    assert following[:column].strip() == "" and following[column] != " ", (lines[n], following)


@pytest.mark.asyncio
async def test_long_options_wrap_under_their_text_in_exam_and_review(tmp_path, fit_bank, profile):
    app, _quiz = quiz_app(tmp_path, fit_bank, profile, ["syn-1-1-00000"], feedback="end")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.screen.session
        await pilot.press("pagedown")
        await pilot.pause()
        key = shown_key(session)[0]
        assert_hanging(screen_lines(app), "Turn on SageMaker Debugger", f"{letter(key)}.")
        wrong = next(n for n in range(4) if n != key)
        await pilot.press(letter(wrong).lower(), "ctrl+e", "y")
        await pilot.pause()
        await pilot.press("r")  # review the missed item
        await pilot.pause()
        await pilot.press("pagedown")
        await pilot.pause()
        assert_hanging(screen_lines(app), "Turn on SageMaker Debugger", f"✓     {letter(key)}.")


# ---- ordering: positions on the rows, the picked step, keys that work on macOS ----

@pytest.mark.asyncio
@pytest.mark.parametrize("earlier,later", [("minus", "plus"), ("shift+up", "shift+down"), ("ctrl+up", "ctrl+down")])
async def test_ordering_rows_show_positions_and_reorder_keys_work(tmp_path, synthetic_bank, profile, earlier, later):
    app, _exam = exam_app(tmp_path, synthetic_bank, profile)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.screen.session
        index = next(i for i, e in enumerate(session.exam.entries) if e.item.kind == "ordering")
        session.goto(index)
        app.screen.render_item()
        options = session.shown_options()
        key = shown_key(session)
        await pilot.press(letter(key[1]).lower(), letter(key[0]).lower())
        await pilot.pause()
        text = screen_text(app)
        assert f"(1) {letter(key[1])}. {options[key[1]]}" in text and f"(2) {letter(key[0])}. {options[key[0]]}" in text
        assert "Shift+↑/↓ or -/+ moves it" in text and f"2 of 4 placed: {letter(key[1])} → {letter(key[0])}" in text
        picked = app.screen.query("#options > OptionRow.-cursor")
        assert [row.index for row in picked] == [key[1]]  # the first placed step is picked
        await pilot.press("down", earlier)  # pick the second step, move it first
        await pilot.pause()
        assert session.shown_response() == (key[0], key[1])
        assert f"(1) {letter(key[0])}. {options[key[0]]}" in screen_text(app)
        await pilot.press(later)
        await pilot.pause()
        assert session.shown_response() == (key[1], key[0])


# ---- matching: prompts and responses together, the reuse rule said ----

@pytest.mark.asyncio
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_matching_prompts_and_responses_show_together(tmp_path, synthetic_bank, profile, size):
    app, _exam = exam_app(tmp_path, synthetic_bank, profile)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        session = app.screen.session
        session.goto(next(i for i, e in enumerate(session.exam.entries) if e.item.kind == "matching"))
        app.screen.render_item()
        await pilot.pause()
        lines = screen_lines(app)
        text = screen_text(app)
        assert "Each response is used once." in " ".join(text.split())
        assert all(p in text for p in session.shown_prompts()) and all(o in text for o in session.shown_options())
        if size[0] >= 100:  # side by side: the first prompt and the first response share a row
            row = lines[line_with(lines, session.shown_prompts()[0])]
            assert f"A. {session.shown_options()[0]}" in row


# ---- the footer: Help and the way out at 80 columns; every key in `?` help ----

async def footer(pilot) -> str:
    await pilot.pause()
    return screen_lines(pilot.app)[-1]


@pytest.mark.asyncio
async def test_footers_at_80_columns_show_help_and_the_way_out(tmp_path, synthetic_bank, profile):
    app, _exam = exam_app(tmp_path, synthetic_bank, profile)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = await footer(pilot)
        assert "? Help" in line and "esc Leave" in line
        await pilot.press("ctrl+r")
        line = await footer(pilot)
        assert "? Help" in line and "esc Back" in line and "s Submit" in line
        await pilot.press("s", "y")
        await pilot.pause()
        line = await footer(pilot)
        assert "? Help" in line and "h Home" in line
        await pilot.press("a")
        line = await footer(pilot)
        assert "? Help" in line and "esc Back" in line
        await pilot.press("question_mark")
        await pilot.pause()
        assert "Review of a finished run" in screen_text(app)
        await pilot.press("escape", "escape")
        await pilot.pause()
        await pilot.press("h")
        line = await footer(pilot)
        assert "? Help" in line and "q Quit" in line


KEY_NAMES = {"right_square_bracket": "]", "left_square_bracket": "[", "question_mark": "?", "escape": "Esc",
             "backspace": "Backspace", "delete": "Delete", "enter": "Enter", "pageup": "PageUp", "pagedown": "PageDown",
             "minus": "-", "plus": "+", "slash": "/", "right": "Right", "left": "Left", "up": "Up", "down": "Down"}


def help_name(key: str) -> str:
    *mods, base = key.split("+")
    name = KEY_NAMES.get(base, base.upper() if len(base) == 1 else base)
    return "+".join([m.capitalize() for m in mods] + [name])


def documented_keys(keys_column: str) -> set[str]:
    """The keys a help row names in its key column: "Up/Down, Enter", "Right or ]", "- / +",
    "Shift+Up/Down" (Shift+Up and Shift+Down), "arrows" (the four), "/" (the key itself)."""
    keys: set[str] = set()
    for piece in re.split(r"\s*,\s*|\s+or\s+|\s+/\s+", keys_column.strip()):
        names = re.split(r"(?<=\w)/(?=\w)", piece)
        modifiers = names[0].rsplit("+", 1)[0] + "+" if "+" in names[0].strip("+") else ""
        keys.add(names[0])
        keys.update(n if "+" in n else modifiers + n for n in names[1:])
        if piece == "arrows":
            keys.update(("Up", "Down", "Left", "Right"))
    return keys


def help_screens():
    """Every screen (and modal) that opens the help with `?`, and every full screen."""
    import inspect

    from textual.screen import ModalScreen, Screen

    from examsim.tui.screens import (exam, grid, history, home, intro, profiles, quiz_setup, results, review)

    found = {}
    for module in (exam, grid, history, home, intro, profiles, quiz_setup, results, review):
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or name.startswith("_") or not issubclass(cls, Screen):
                continue
            if not issubclass(cls, ModalScreen) or any(b.action == "app.help" for b in cls.BINDINGS):
                found[name] = cls
    return found


def test_help_names_every_key_each_screen_binds_in_that_screens_own_section():
    """`?` on a screen lists that screen's keys first: each key the screen binds is named in
    its own section's key column (not just somewhere in the help, where "D" always is)."""
    from examsim.tui.screens.help import HELP, SECTIONS

    missing = []
    for name, screen in help_screens().items():
        if not any(b.action == "app.help" for b in screen.BINDINGS):
            missing.append(f"{name}: no ? help")
        listed = set().union(*[documented_keys(keys) for _title, owners, rows in SECTIONS if name in owners
                               for keys, _text in rows], set())
        for binding in screen.BINDINGS:
            for key in binding.key.split(","):
                if help_name(key) not in listed:
                    missing.append(f"{name}: {key} ({help_name(key)})")
    assert not missing, "; ".join(missing)
    assert max(len(line) for line in HELP.splitlines()) <= 70  # the dialog at 80 columns: no line wraps on its own


def test_documented_keys_reads_the_help_key_column():
    assert documented_keys("Up/Down, Enter") == {"Up", "Down", "Enter"}
    assert documented_keys("Shift+Up/Down") == {"Shift+Up", "Shift+Down"}
    assert documented_keys("Right or ]") == {"Right", "]"}
    assert documented_keys("- / +") == {"-", "+"} and documented_keys("/") == {"/"}
    assert documented_keys("A / U / I / F") == {"A", "U", "I", "F"}
    assert documented_keys("arrows, Enter") >= {"Up", "Left", "Enter"}


@pytest.mark.asyncio
async def test_help_on_home_lists_the_exam_date_key(tmp_path, synthetic_bank, profile):
    from examsim.core.settings import Settings, save_settings

    store = Store(tmp_path / "data")
    save_settings(tmp_path / "data", Settings(profile=profile.id))
    app = ExamsimApp(store, ("home",))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        lines = [line.strip("█ ") for line in screen_text(app).splitlines()]
        home = lines[lines.index("Home") + 1:]
        home = home[:home.index("")]  # the section ends at a blank line
        assert any(line.startswith("D ") and "exam date" in line for line in home), screen_text(app)


# ---- results and review at 80 columns ----

def finished_exam(tmp_path, bank, profile):
    store = Store(tmp_path / "data")
    session = Session.create(assemble_exam(bank.items, profile, 8), profile, store, clock=FakeClock())
    session.start()
    for i, e in enumerate(session.exam.entries):
        key = e.presentation.shown_key(e.item)
        session.set_response(i, tuple(reversed(key)) if e.item.kind == "ordering" else key)
    session.submit()
    session.close()
    return store, session


@pytest.mark.asyncio
@pytest.mark.parametrize("width", [80, 100, 140])
async def test_results_rows_fit_on_one_line(tmp_path, synthetic_bank, profile, width):
    store, session = finished_exam(tmp_path, synthetic_bank, profile)
    app = ExamsimApp(Store(tmp_path / "data"), ("home",), clock=FakeClock())
    async with app.run_test(size=(width, 80)) as pilot:
        await pilot.pause()
        app.show_results(app.store and Session.resume(app.store, session.run_id, profile))
        await pilot.pause()
        lines = [line.rstrip() for line in screen_lines(app)]
        for group in session.report.domains + session.report.tasks:
            label = f"{group.key}." if group in session.report.domains else group.key
            n = next(n for n, line in enumerate(lines) if line.strip().startswith(label + " "))
            row = lines[n]
            figures = re.search(rf"[ █░]+{group.right}/{group.scored}\s+{group.result}$", row)
            assert figures and len(row) <= width, row  # the figures and the result on the row itself
            column = row.index(label) + len(label) + 1
            name = row[column:figures.start()].strip()
            for more in lines[n + 1:]:  # a name wrapped under itself, from 100 columns
                if more[:column].strip() or not more[column:].strip():
                    break
                name += " " + more.strip()
            if width < 100:
                assert name == group.name or (name.endswith("…") and group.name.startswith(name[:-1])), name
            else:
                assert name == group.name


@pytest.mark.asyncio
@pytest.mark.parametrize("width", [80, 140])
async def test_review_keeps_references_whole(tmp_path, fit_bank, profile, width):
    app, quiz = quiz_app(tmp_path, fit_bank, profile, ["syn-1-1-00000"], feedback="end")
    async with app.run_test(size=(width, 50)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e", "y")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        lines = [line.strip() for line in screen_lines(app)]
        start = line_with(lines, "https://")
        assert LONG_URL.startswith(lines[start].split(" ")[0].rstrip("▁▂▃▄▅▆▇█"))
        # No line starts with a later piece of the URL: it is never broken onto a second line.
        pieces = [line.split(" ")[0] for line in lines]
        assert not any(len(piece) >= 15 and LONG_URL.find(piece) > 0 for piece in pieces)
        if width - 6 > len(LONG_URL):
            assert LONG_URL in lines[start]


@pytest.mark.asyncio
async def test_ordering_review_shows_the_correct_sequence_beside_yours(tmp_path, synthetic_bank, profile):
    store, session = finished_exam(tmp_path, synthetic_bank, profile)
    index = next(i for i, e in enumerate(session.exam.entries) if e.item.kind == "ordering")
    app = ExamsimApp(Store(tmp_path / "data"), ("review", session.run_id), clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        review = app.screen
        review.cursor = review.indexes().index(index)
        review.show()
        await pilot.pause()
        lines = screen_lines(app)
        key, mine = shown_key(session, index), session.shown_response(index)
        assert "Correct sequence" in lines[line_with(lines, "Your sequence")]
        first = lines[line_with(lines, " 1. ")]
        assert f"{letter(key[0])}. " in first and f"{letter(mine[0])}. " in first
        assert first.index(f"{letter(key[0])}. ") < first.index(f"{letter(mine[0])}. ", first.index(f"{letter(key[0])}. ") + 3)


# ---- home and the too-small screen ----

@pytest.mark.asyncio
async def test_home_menu_follows_the_highlight_and_resume_entries_take_one_line(tmp_path, synthetic_bank, profile):
    from examsim.core.settings import Settings, save_settings

    store = Store(tmp_path / "data")
    save_settings(tmp_path / "data", Settings(profile=profile.id))  # a returning candidate: no first-start picker
    for seed in (1, 2, 3):
        session = Session.create(assemble_exam(synthetic_bank.items, profile, seed), profile, store, clock=FakeClock())
        session.start()
        session.close()
    app = ExamsimApp(Store(tmp_path / "data"), ("home",), clock=FakeClock(), bank_paths=[Path(synthetic_bank.files[0])])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = screen_lines(app)
        resume = [n for n, line in enumerate(lines) if "Resume:" in line]
        assert len(resume) == 3
        for n in resume:  # the whole entry on its line: it ends with the time left, not on the next line
            assert re.search(r"practice exam · 0/\d+ answered · \d:\d\d:\d\d left", lines[n]), lines[n]
        assert "History" not in screen_text(app)
        menu = app.screen.query_one("#menu")
        for _ in range(menu.option_count - 1):
            await pilot.press("down")
        await pilot.pause()
        assert "History" in screen_text(app)


@pytest.mark.asyncio
@pytest.mark.parametrize("size", [(MIN_WIDTH - 1, MIN_HEIGHT - 1), (30, 8), (20, 6)])
async def test_too_small_message_is_whole(tmp_path, synthetic_bank, profile, size):
    app, _exam = exam_app(tmp_path, synthetic_bank, profile)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.resize_terminal(*size)
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        for words in ("Terminal too small.", f"examsim needs {MIN_WIDTH}x{MIN_HEIGHT}, this is {size[0]}x{size[1]}.",
                      "Enlarge the window: your exam is saved."):
            assert words in text


# ---- exhibits: exam, quiz feedback, review, reports, JSON ----

@pytest.mark.asyncio
async def test_exhibits_show_in_the_exam_and_the_review_as_text(tmp_path, fit_bank, profile):
    app, quiz = quiz_app(tmp_path, fit_bank, profile, ["syn-1-1-00004", "syn-1-1-00005"], kinds=["multiple-choice"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.screen.session
        for _ in range(2):
            lines = screen_lines(app)
            if session.entry().item.exhibit_columns:
                assert f"Exhibit: {TABLE_TITLE}" in screen_text(app)
                header = line_with(lines, "Round")
                assert "Training | loss" in lines[header] and "Note" in lines[header]
                row = lines[line_with(lines, "[bold]x[/bold]")]  # markup-like text shown as written
                assert re.search(r"\b50\s+0\.412\s+\[bold\]x\[/bold\]", row)
                assert lines[header].index("Training") < row.index("0.412") + 5  # numbers under their header
            else:
                assert f"Exhibit: {TEXT_TITLE}" in screen_text(app)
                assert any(line.strip() == '"rulePriority": 1,' and '      "rulePriority"' in line for line in lines)
                assert '"note": "```[bold]not markup[/bold]"' in screen_text(app)
            await pilot.press("right")
            await pilot.pause()
        await pilot.press("ctrl+r", "s", "y")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        seen = []
        for _ in range(2):
            seen.append(screen_text(app))
            await pilot.press("right")
            await pilot.pause()
        assert any(f"Exhibit: {TABLE_TITLE}" in t and "[bold]x[/bold]" in t for t in seen)
        assert any(f"Exhibit: {TEXT_TITLE}" in t and '"rulePriority": 1,' in t for t in seen)


@pytest.mark.asyncio
async def test_exhibit_stays_in_view_with_quiz_feedback(tmp_path, fit_bank, profile):
    app, quiz = quiz_app(tmp_path, fit_bank, profile, ["syn-1-1-00004"], kinds=["multiple-choice"])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press(letter(shown_key(app.screen.session)[0]).lower(), "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Correct. Key:" in text and f"Exhibit: {TABLE_TITLE}" in text and "0.412" in text


def test_reports_render_exhibits_escaped(tmp_path, fit_bank, profile):
    from examsim.core.report import render_report

    store = Store(tmp_path / "data")
    quiz = assemble_quiz(fit_bank.items, profile, 1, 2, QuizFilter(card_ids=["syn-1-1-00004", "syn-1-1-00005"],
                                                                 kinds=["multiple-choice"]))
    session = Session.create(quiz, profile, store, clock=FakeClock())
    session.start()
    session.next()  # both seen and left unanswered: both among the report's missed items
    session.submit()
    text = render_report(store, session.run_id, "text")
    assert f"Exhibit: {TABLE_TITLE}" in text and re.search(r"\n +50 +0\.412 +\[bold\]x\[/bold\]\n", text)
    assert '\n          "rulePriority": 1,\n' in text  # indentation kept under the report's own
    markdown = render_report(store, session.run_id, "markdown")
    assert "| Round | Training \\| loss | Note |" in markdown  # a pipe stays inside its cell
    assert "| 50 | 0.412 | \\[bold\\]x\\[/bold\\] |" in markdown and "\\<b\\>fine\\</b\\>" in markdown
    fence = re.search(r"\n(`{3,})text\n", markdown).group(1)
    assert len(fence) > 3 and fence not in POLICY  # longer than any backtick run in the text
    html = render_report(store, session.run_id, "html")
    assert "<th>Training | loss</th>" in html and "<td>&lt;b&gt;fine&lt;/b&gt;</td>" in html
    assert "<b>fine</b>" not in html and "<pre>{\n  &quot;rules&quot;: [" in html


def test_bank_show_json_carries_the_exhibit(tmp_path, capsys, profile):
    from examsim.cli import main

    path = tmp_path / "b.toml"
    doc = synthetic_cards(1, tasks=("1.1",), with_cases=False)
    doc["card"][0]["exhibit"] = {"title": "T", "columns": ["a", "b"], "rows": [[1, "x"]]}
    path.write_text(tomli_w.dumps(doc), encoding="utf-8")
    assert main(["bank", "show", str(path), "--items", "--json"]) == 0
    cards = json.loads(capsys.readouterr().out)
    exhibits = [i["exhibit"] for i in cards[0]["items"]]
    assert exhibits and all(e == {"title": "T", "columns": ["a", "b"], "rows": [["1", "x"]], "text": None} for e in exhibits)


# ---- snapshots at 80x24 (the matching item, results and review are in test_tui_flows) ----

def test_snapshot_ordering_half_placed(snap_compare, tmp_path, synthetic_bank, profile):
    app, exam = exam_app(tmp_path, synthetic_bank, profile)
    index = next(i for i, e in enumerate(exam.entries) if e.item.kind == "ordering")
    key = exam.entries[index].presentation.shown_key(exam.entries[index].item)

    async def go(pilot):
        await pilot.pause()
        app.screen.session.goto(index)
        app.screen.render_item()
        await pilot.pause()

    assert snap_compare(app, run_before=go, press=[letter(key[1]).lower(), letter(key[0]).lower(), "down"],
                        terminal_size=(80, 24))


@pytest.mark.parametrize("card_id", ["syn-1-1-00004", "syn-1-1-00005"], ids=["table", "text"])
def test_snapshot_exhibit(snap_compare, tmp_path, fit_bank, profile, card_id):
    app, _quiz = quiz_app(tmp_path, fit_bank, profile, [card_id], kinds=["multiple-choice"])
    assert snap_compare(app, terminal_size=(80, 24))


def test_the_first_question_loads_no_more_than_it_shows(tmp_path):
    """`examsim exam` up to its first question, in a fresh interpreter: FSRS, the plots and the
    screens not yet shown stay unimported (they cost start-up time and memory)."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    code = ("import sys; from tests.bench.process_child import _ours; _ours(sys.argv[1], full_exam=False); "
            "print(' '.join(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=root, capture_output=True, text=True,
                          timeout=120, check=True)
    loaded = set(done.stdout.split())
    assert "examsim.tui.screens.exam" in loaded  # it did reach the first question
    deferred = {"fsrs", "examsim.core.study", "textual_plotext", "plotext", "examsim.tui.screens.results",
                "examsim.tui.screens.review", "examsim.tui.screens.history", "examsim.tui.screens.grid",
                "examsim.tui.screens.home", "examsim.tui.screens.help", "examsim.tui.screens.too_small"}
    assert loaded & deferred == set()
