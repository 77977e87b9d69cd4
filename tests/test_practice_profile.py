"""Which exam the candidate practises for (chosen once, honoured everywhere), the profiles
listing, profiles with no bank yet, and the home screen's quizzes read from the profile."""

from __future__ import annotations

import json
import shutil
from collections import Counter

import pytest

from examsim.core.assembler import QuizFilter, assemble_exam, assemble_quiz
from examsim.core.catalog import CACHE_NAME, profile_summaries
from examsim.cli import main
from examsim.core.profiles import load_profile
from examsim.core.runs import create_run
from examsim.core.settings import Settings, load_settings, save_settings
from examsim.core.store import Store
from examsim.tui.app import ExamsimApp
from tests.conftest import FakeClock
from tests.helpers.screen import screen_text


def _finished_run(data, bank, profile, seed=1, right=10):
    store = Store(data)
    session = create_run(assemble_exam(bank.items, profile, seed), profile, store, clock=FakeClock())
    session.start()
    for i, e in enumerate(session.exam.entries[:right]):
        session.set_response(i, e.presentation.shown_key(e.item))
    session.submit()
    store.close()
    return session.run_id


def _json(capsys, argv) -> object:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


# ---- the saved profile, honoured by every command ----
def test_every_command_uses_the_saved_profile_unless_told(tmp_path, capsys, synthetic_bank_path, synthetic_bank):
    data = tmp_path / "data"
    c01, c02 = load_profile("mla-c01"), load_profile("mla-c02")
    c01_run = _finished_run(data, synthetic_bank, c01, seed=1)
    c02_run = _finished_run(data, synthetic_bank, c02, seed=2)
    save_settings(data, Settings(profile="mla-c02"))
    base = ["--data-dir", str(data)]
    bank = ["--bank", str(synthetic_bank_path)]

    assert _json(capsys, base + ["exam", *bank, "--seed", "1", "--dry-run", "--json"])["profile"] == "mla-c02"
    assert _json(capsys, base + ["quiz", *bank, "--seed", "1", "--dry-run"])["profile"] == "mla-c02"
    assert _json(capsys, base + ["drill", *bank, "--seed", "1", "--dry-run"])["profile"] == "mla-c02"
    assert [r["run"] for r in _json(capsys, base + ["history", "--json"])] == [c02_run]
    assert _json(capsys, base + ["report", "latest", "--json"])["run"] == c02_run
    assert main(base + ["readiness"]) == 0 and capsys.readouterr().out.startswith("MLA-C02 readiness")
    assert main(base + ["scale"]) == 0 and capsys.readouterr().out.startswith("MLA-C02:")
    assert _json(capsys, base + ["plan", "--json"])["profile"] == "mla-c02"

    # --profile wins over the saved choice, for every one of them
    assert _json(capsys, base + ["exam", *bank, "--profile", "mla-c01", "--seed", "1", "--dry-run", "--json"])["profile"] == "mla-c01"
    assert _json(capsys, base + ["quiz", *bank, "--profile", "mla-c01", "--dry-run"])["profile"] == "mla-c01"
    assert _json(capsys, base + ["drill", *bank, "--profile", "mla-c01", "--dry-run"])["profile"] == "mla-c01"
    assert [r["run"] for r in _json(capsys, base + ["history", "--profile", "mla-c01", "--json"])] == [c01_run]
    assert _json(capsys, base + ["report", "latest", "--profile", "mla-c01", "--json"])["run"] == c01_run
    assert main(base + ["readiness", "--profile", "mla-c01"]) == 0 and capsys.readouterr().out.startswith("MLA-C01 readiness")
    assert main(base + ["plan", "--profile", "mla-c01"]) == 0 and capsys.readouterr().out.startswith("MLA-C01: ")
    assert [r["run"] for r in _json(capsys, base + ["history", "--all", "--json"])] == [c01_run, c02_run]
    # a run number names any run, whichever exam is chosen
    assert _json(capsys, base + ["report", str(c01_run), "--json"])["profile"] == "mla-c01"


def test_with_nothing_saved_mla_c01_is_the_default(tmp_path, capsys, synthetic_bank_path, synthetic_bank):
    data = tmp_path / "data"
    c01_run = _finished_run(data, synthetic_bank, load_profile("mla-c01"))
    _finished_run(data, synthetic_bank, load_profile("mla-c02"), seed=2)
    base = ["--data-dir", str(data)]
    assert _json(capsys, base + ["exam", "--bank", str(synthetic_bank_path), "--dry-run", "--json"])["profile"] == "mla-c01"
    assert [r["run"] for r in _json(capsys, base + ["history", "--json"])] == [c01_run]
    assert load_settings(data)[0].profile is None  # nothing was saved by reading


def test_a_saved_profile_that_is_gone_is_one_clear_line(tmp_path, capsys):
    save_settings(tmp_path, Settings(profile="retired-exam"))
    assert main(["--data-dir", str(tmp_path), "readiness"]) == 2
    err = capsys.readouterr().err
    assert "settings.toml" in err and "--profile" in err and err.count("\n") == 1


# ---- profiles --json, and "no bank yet" ----
@pytest.fixture(scope="session")
def bundled_counts(tmp_path_factory):
    """The bundled bank's full-exam counts, counted once for the session (a cache file)."""
    data = tmp_path_factory.mktemp("counts")
    profile_summaries(data)
    return data / CACHE_NAME


def _with_counts(bundled_counts, data):
    data.mkdir(parents=True, exist_ok=True)
    shutil.copy(bundled_counts, data / CACHE_NAME)
    return data


def test_profiles_json_lists_each_exam_with_the_full_exams_its_bank_fills(tmp_path, capsys, bundled_counts, monkeypatch):
    data = _with_counts(bundled_counts, tmp_path / "data")
    out = _json(capsys, ["--data-dir", str(data), "profiles", "--json"])
    assert [p["id"] for p in out] == ["mla-c02", "mla-c01", "aif-c01"]  # menu order, from configs/
    assert all({"id", "name", "items", "minutes", "pass_mark", "full_exams"} <= set(p) for p in out)
    by_id = {p["id"]: p for p in out}
    assert by_id["mla-c01"] | {"full_exams": None} == {
        "id": "mla-c01", "code": "MLA-C01", "name": "AWS Certified Machine Learning Engineer - Associate",
        "items": 65, "minutes": 130, "pass_mark": 720, "full_exams": None}
    assert by_id["mla-c01"]["full_exams"] >= 1 and by_id["mla-c02"]["full_exams"] >= 1
    assert by_id["aif-c01"]["full_exams"] == 0 and by_id["aif-c01"]["pass_mark"] == 700
    # the counts come from the cache: nothing is loaded or counted again
    monkeypatch.setattr("examsim.core.assembler.count_full_exams", lambda *a, **k: pytest.fail("counted again"))
    assert _json(capsys, ["--data-dir", str(data), "profiles", "--json"]) == out
    assert main(["--data-dir", str(data), "profiles"]) == 0
    text = capsys.readouterr().out
    assert "AIF-C01" in text and "no bank yet" in text


@pytest.mark.parametrize("command", [["exam", "--dry-run"], ["quiz", "--dry-run"], ["drill", "--dry-run"], ["exam"]])
def test_a_profile_with_no_bank_cannot_start(command, tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), *command, "--profile", "aif-c01"]) == 1
    err = capsys.readouterr().err
    assert "AIF-C01 has no bank yet" in err and "--bank" in err and err.count("\n") == 1
    assert "banks/aif" not in err and "no such file" not in err  # never a path to a missing folder


def test_a_saved_profile_with_no_bank_cannot_start_either(tmp_path, capsys):
    save_settings(tmp_path, Settings(profile="aif-c01"))
    assert main(["--data-dir", str(tmp_path), "quiz", "--dry-run"]) == 1
    assert "no bank yet" in capsys.readouterr().err


# ---- the TUI: first-start chooser, home, picker ----
def _app(data, **kwargs):
    return ExamsimApp(Store(data), ("home",), clock=FakeClock(), **kwargs)


@pytest.mark.asyncio
async def test_first_start_asks_which_exam_and_home_says_it(tmp_path):
    app = _app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Which exam will you sit?" in text
        assert "MLA-C02 English, since 2026-09-29" in text and "MLA-C01 Japanese, Korean or Simplified Chinese" in text
        assert "AIF-C01" not in text  # no bank yet: not offered
        await pilot.press("enter")
        await pilot.pause()
        assert "practising for MLA-C02" in screen_text(app)
    assert load_settings(tmp_path)[0].profile == "mla-c02"
    again = _app(tmp_path)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert type(again.screen).__name__ == "HomeScreen"  # asked once only
        assert "practising for MLA-C02" in screen_text(again)


@pytest.mark.asyncio
async def test_the_picker_shows_profiles_side_by_side_and_refuses_no_bank(tmp_path, bundled_counts):
    data = _with_counts(bundled_counts, tmp_path)
    save_settings(data, Settings(profile="mla-c02"))
    counts = {p.id: p.full_exams for p in profile_summaries(data)}
    app = _app(data)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        assert "Exam Items Minutes Pass mark Full exams" in text
        assert f"MLA-C02 65 130? 720 {counts['mla-c02']}" in text
        assert f"MLA-C01 65 130 720 {counts['mla-c01']}" in text
        assert "AIF-C01 65 90 700 no bank yet" in text
        await pilot.press("down", "down", "enter")  # AIF-C01
        await pilot.pause()
        assert type(app.screen).__name__ == "ProfilePickerScreen"
        assert any("AIF-C01 has no bank yet" in str(n.message) for n in app._notifications)
        await pilot.press("up", "enter")  # MLA-C01
        await pilot.pause()
        assert "practising for MLA-C01" in screen_text(app)
    assert load_settings(data)[0].profile == "mla-c01"


@pytest.mark.asyncio
async def test_the_mla_c02_start_screen_says_which_form_is_modelled(tmp_path, synthetic_bank):
    c02 = load_profile("mla-c02")
    exam = assemble_exam(synthetic_bank.items, c02, 1)
    app = ExamsimApp(Store(tmp_path), ("exam", exam, synthetic_bank, c02), clock=FakeClock(), intro=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "models the standard MLA-C02 form: 65 items" in text
        assert "85 items in 170 minutes" in text and "no score at the end" in text


def test_snapshot_first_start_chooser(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path / "data"), terminal_size=(80, 24))


def test_snapshot_profile_picker(snap_compare, tmp_path, bundled_counts):
    data = _with_counts(bundled_counts, tmp_path / "data")
    save_settings(data, Settings(profile="mla-c02"))
    app = _app(data)

    async def open_picker(pilot):
        await pilot.pause()
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, run_before=open_picker, terminal_size=(80, 24))


# ---- home: quiz presets from the profile ----
PRESET_PROFILE = """
[[quiz]]
id = "warm-up"
name = "Warm-up: seven items"
count = 7
feedback = "now"

[[quiz]]
id = "domain"
name = "Domain quiz"
count = 12
timed = true
feedback = "end"
per_domain = true
"""


@pytest.fixture
def preset_profile(tmp_path):
    """MLA-C01 with other quiz presets: the home screen must offer these, not built-in ones."""
    from examsim.core.resources import configs_dir

    text = (configs_dir() / "mla-c01.toml").read_text(encoding="utf-8")
    text = text[: text.index("[[quiz]]")].replace('id = "mla-c01"', 'id = "presets"')
    path = tmp_path / "presets.toml"
    path.write_text(text + PRESET_PROFILE, encoding="utf-8")
    return path


@pytest.mark.asyncio
async def test_home_offers_the_profiles_presets_as_they_say(tmp_path, preset_profile, synthetic_bank_path):
    data = tmp_path / "data"
    data.mkdir()
    save_settings(data, Settings(profile=str(preset_profile), feedback="end"))  # the custom form saved "end"
    app = _app(data, bank_paths=[synthetic_bank_path])
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Warm-up: seven items" in text and "Quick 10" not in text
        assert "Domain 3 quiz: Deployment and Orchestration of ML Workflows" in text
        await pilot.press("down")  # the warm-up preset
        await pilot.pause()
        assert "7 items, no clock, the key and explanation after each item." in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        session = app.screen.session
        assert len(session.exam.entries) == 7 and session.exam.feedback == "now" and session.exam.minutes is None


@pytest.mark.asyncio
async def test_quick_10_gives_feedback_after_each_item_whatever_was_saved(tmp_path, synthetic_bank_path):
    data = tmp_path / "data"
    data.mkdir()
    save_settings(data, Settings(profile="mla-c01", feedback="end"))
    app = _app(data, bank_paths=[synthetic_bank_path])
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")  # Quick 10
        await pilot.pause()
        exam = app.screen.session.exam
        assert exam.title.startswith("Quick 10") and len(exam.entries) == 10 and exam.feedback == "now"


@pytest.mark.asyncio
async def test_a_domain_quiz_states_count_clock_feedback_and_offers_feedback_now(tmp_path, preset_profile, synthetic_bank_path):
    data = tmp_path / "data"
    data.mkdir()
    save_settings(data, Settings(profile=str(preset_profile)))
    app = _app(data, bank_paths=[synthetic_bank_path])
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")  # Domain 2 quiz
        await pilot.pause()
        text = screen_text(app)
        assert "Domain 2 quiz: ML Model Development" in text
        assert "12 items, a 24-minute clock (the exam's pace), feedback at the end." in text
        assert "F switches to the key and explanation after each item" in text
        assert app.store.runs() == []  # nothing exists before Enter
        await pilot.press("f")
        await pilot.pause()
        assert "12 items, a 24-minute clock (the exam's pace), the key and explanation after each item." in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        exam = app.screen.session.exam
        assert (len(exam.entries), exam.minutes, exam.feedback) == (12, 24, "now")
        assert {e.domain for e in exam.entries} == {2}


@pytest.mark.parametrize("seed", range(4))
def test_domain_and_quick_quizzes_mix_the_types_the_profile_allows(seed, synthetic_bank):
    c01, c02 = load_profile("mla-c01"), load_profile("mla-c02")
    for count, quiz_filter in ((20, QuizFilter(domains=[seed % 4 + 1])), (10, QuizFilter())):
        kinds = Counter(e.item.kind for e in assemble_quiz(synthetic_bank.items, c01, seed, count, quiz_filter).entries)
        assert sum(kinds.values()) == count
        assert kinds["ordering"] >= 1 and kinds["matching"] >= 1 and kinds["multiple-response"] >= 1
        assert kinds["multiple-choice"] >= count // 2
        c02_kinds = Counter(e.item.kind for e in assemble_quiz(synthetic_bank.items, c02, seed, count, quiz_filter).entries)
        assert set(c02_kinds) <= {"multiple-choice", "multiple-response"} and c02_kinds["multiple-response"] >= 1


def test_smart_quiz_mixes_types_too(tmp_path, synthetic_bank):
    from examsim.core.modes import new_smart_quiz

    c01 = load_profile("mla-c01")
    _finished_run(tmp_path, synthetic_bank, c01)
    store = Store(tmp_path)
    exam = new_smart_quiz(synthetic_bank, c01, store, count=15, seed=3)
    kinds = Counter(e.item.kind for e in exam.entries)
    assert kinds["ordering"] >= 1 and kinds["matching"] >= 1
    store.close()
