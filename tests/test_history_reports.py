"""History and reports people can read: local dates and plain durations, the trend plot's
two axes, several runs at 80x24, and a printed report that holds what a candidate reviews."""

from __future__ import annotations

import datetime as dt
import re
import time
from zoneinfo import ZoneInfo

import pytest

from examsim.core.assembler import QuizFilter, assemble_exam, assemble_quiz
from examsim.core.bank import load_bank
from examsim.cli import main
from examsim.core.report import DISCLAIMER, render_report
from examsim.core.session import Session
from examsim.core.settings import Settings, save_settings
from examsim.core.store import Store
from examsim.core.synthetic import synthetic_bank_text
from examsim.tui.app import ExamsimApp
from examsim.core.when import duration, local_date
from tests.conftest import FakeClock
from tests.helpers.screen import screen_lines, screen_text, toast_text

REFERENCE = "https://docs.aws.amazon.com/sagemaker/latest/dg/whatis.html"


@pytest.fixture
def utc(monkeypatch):
    """Local time is UTC for the test (dates on screen are the machine's local time)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(scope="module")
def referenced_bank(tmp_path_factory, ):
    from examsim.core.profiles import load_profile

    path = tmp_path_factory.mktemp("refbank") / "bank.toml"
    path.write_text(synthetic_bank_text(10).replace("[[card]]\n", f'[[card]]\nreferences = ["{REFERENCE}"]\n'), encoding="utf-8")
    return load_bank([path], load_profile("mla-c01"))


def _take(store, bank, profile, exam, *, reached: int, clock=None, when: str | None = None) -> Session:
    """Reach the first `reached` items: right on every third, wrong on the next, the third
    left unanswered; then submit."""
    clock = clock or FakeClock()
    s = Session.create(exam, profile, store, clock=clock)
    s.start()
    for i in range(reached):
        s.goto(i)
        clock.advance(50)
        e = s.entry(i)
        key = e.presentation.shown_key(e.item)
        if i % 3 == 0:
            s.set_response(i, key)
        elif i % 3 == 1 and e.item.kind == "multiple-choice":
            s.set_response(i, (next(o for o in range(len(e.item.options)) if o not in key),))
    s.submit()
    if when:
        store.conn.execute("UPDATE runs SET created_at=?, finished_at=? WHERE id=?", (when, when, s.run_id))
    return s


# ---- dates and durations ----
def test_dates_and_durations_read_as_people_read_them():
    utc, new_york = dt.timezone.utc, ZoneInfo("America/New_York")
    this_year = dt.date(2026, 6, 1)
    assert local_date("2026-11-30T14:05:00+00:00", tz=utc, today=this_year) == "Mon 30 Nov, 14:05"
    assert local_date("2026-11-30T14:05:00+00:00", tz=new_york, today=this_year) == "Mon 30 Nov, 09:05"
    assert local_date("2025-11-30T14:05:00+00:00", tz=utc, today=this_year) == "Sun 30 Nov 2025, 14:05"
    assert local_date("2026-11-30T14:05:00", tz=utc, today=this_year) == "Mon 30 Nov, 14:05"  # stored UTC, no zone
    assert local_date("not a date", tz=utc) == "not a date"
    assert [duration(s) for s in (0, 45, 120, 149, 151, 3599, 4320, 7200)] == [
        "0 s", "45 s", "2 min", "2 min", "3 min", "1 h", "1 h 12 min", "2 h"]


def test_cli_history_prints_local_dates_and_durations(tmp_path, capsys, synthetic_bank, profile, utc):
    store = Store(tmp_path)
    _take(store, synthetic_bank, profile, assemble_exam(synthetic_bank.items, profile, 1), reached=65,
          when="2025-11-30T14:05:00+00:00")
    store.close()
    assert main(["--data-dir", str(tmp_path), "history"]) == 0
    line = capsys.readouterr().out.splitlines()[1]
    assert "Sun 30 Nov 2025, 14:05" in line and line.rstrip().endswith("54 min")  # 65 x 50 s


# ---- the history screen ----
def _history_store(data, bank, profile, runs: int = 12) -> Store:
    store = Store(data)
    save_settings(data, Settings(profile=profile.id))
    start = dt.datetime(2025, 10, 20, 9, 0, tzinfo=dt.timezone.utc)
    for k in range(runs):
        exam = assemble_exam(bank.items, profile, k) if k % 3 == 0 else assemble_quiz(bank.items, profile, k, 10, QuizFilter())
        _take(store, bank, profile, exam, reached=len(exam.entries) - k % 4,
              when=(start + dt.timedelta(days=2 * k, hours=k)).isoformat())
    return store


async def _open_history(pilot):
    from examsim.tui.screens.history import HistoryScreen

    await pilot.pause()
    pilot.app.push_screen(HistoryScreen())
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.asyncio
async def test_history_at_80x24_shows_several_runs_with_dates_and_durations(tmp_path, synthetic_bank, profile, utc):
    app = ExamsimApp(_history_store(tmp_path, synthetic_bank, profile), ("home",))
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_history(pilot)
        runs = [line for line in screen_lines(app) if line.lstrip("▊ ").startswith("#")]
        assert len(runs) >= 6, screen_text(app)
        assert "#12" in runs[0] and "Tue 11 Nov 2025, 20:00" in runs[0] and "min" in runs[0]
        assert all(len(line) <= 80 for line in runs)  # one line per run
        text = screen_text(app)
        assert "exam score (left)" in text and "quiz/drill % right (right)" in text
        assert "720" in text and "100%" in text and "20 Oct" in text  # the pass mark, percent axis, dates on x


def test_trend_keeps_exams_on_the_scaled_axis_and_quizzes_on_percent(tmp_path, synthetic_bank, profile):
    from examsim.core.history import trend_series

    store = _history_store(tmp_path, synthetic_bank, profile, runs=6)
    done = store.finished_runs()
    exams, practice = trend_series(done)
    assert [y for _x, y in exams] == [r.result["scaled"] for r in done if r.mode == "exam"]
    assert [y for _x, y in practice] == [r.result["percent"] for r in done if r.mode != "exam"]
    xs = [x for x, _y in sorted(exams + practice)]
    assert xs[0] == 0 and xs == sorted(xs) and xs[-1] == pytest.approx(10 + 5 / 24)  # days since the first run


def test_snapshot_history_at_80x24(snap_compare, tmp_path, synthetic_bank, profile, utc, monkeypatch):
    # The estimate depends on today's date (evidence fades with age): a fixed line keeps the picture stable.
    monkeypatch.setattr("examsim.core.readiness_summary.readiness_summary", lambda store, name, **_options: (
        "Readiness (MLA-C01, 280 scored answers): 36% chance to pass a fresh form (80% interval 6%-72%); "
        "predicted score 686 (582-780). Weakest: domain 1 64%, domain 3 67%"))
    app = ExamsimApp(_history_store(tmp_path, synthetic_bank, profile), ("home",))
    assert snap_compare(app, run_before=_open_history, terminal_size=(80, 24))


# ---- the printed report ----
def test_the_text_report_holds_what_a_candidate_reviews(tmp_path, referenced_bank, profile, utc):
    store = Store(tmp_path)
    s = _take(store, referenced_bank, profile, assemble_exam(referenced_bank.items, profile, 2), reached=30,
              when="2025-11-30T14:05:00+00:00")
    text = render_report(store, s.run_id, "text")
    n = len(s.exam.entries)
    complete = sum(s.is_complete(i) for i in range(n))
    assert "run 1, Sun 30 Nov 2025, 14:05" in text
    assert "Time used: 25 min of 2 h 10 min" in text  # 30 x 50 s
    assert f"Answered {complete}, incomplete 0, unanswered {n - complete} (of 65 items)" in text
    wrong = next(i for i in range(30) if i % 3 == 1 and s.entry(i).item.kind == "multiple-choice")
    e = s.entry(wrong)
    options = s.shown_options(wrong)
    block = text.split(f"Question {wrong + 1}")[1].split("Question ")[0]
    assert all(f"  {chr(65 + k)}. {o}" in block for k, o in enumerate(options))
    yours, key = s.shown_response(wrong)[0], s.shown_key(wrong)[0]
    assert f"Your answer: {chr(65 + yours)}. {options[yours]}" in block
    assert f"Key: {chr(65 + key)}. {options[key]}" in block
    assert f"Why: {e.item.explanation}" in block and f"References: {REFERENCE}" in block
    unanswered = next(i for i in range(30) if i % 3 == 2 and not s.is_correct(i))
    assert "Your answer: (none)" in text.split(f"Question {unanswered + 1} ")[1].split("Question ")[0]
    # items never reached: by number only
    assert "Never reached (35, counted as wrong): 31-65" in text
    assert "Question 31" not in text and "Question 65" not in text
    assert text.rstrip().endswith(DISCLAIMER)


def test_quizzes_and_drills_have_no_scaled_score_note(tmp_path, referenced_bank, profile):
    store = Store(tmp_path)
    s = _take(store, referenced_bank, profile, assemble_quiz(referenced_bank.items, profile, 1, 10, QuizFilter()), reached=10)
    for fmt in ("text", "markdown", "html"):
        out = render_report(store, s.run_id, fmt)
        assert "raw-to-scaled" not in out and "Score:" not in out and "scored items right" not in out
        assert "items right" in out


def test_markdown_and_html_references_are_links(tmp_path, referenced_bank, profile):
    store = Store(tmp_path)
    s = _take(store, referenced_bank, profile, assemble_exam(referenced_bank.items, profile, 3), reached=10)
    assert f"References: <{REFERENCE}>" in render_report(store, s.run_id, "markdown")
    assert f'<a href="{REFERENCE}" rel="noopener noreferrer">' in render_report(store, s.run_id, "html")


def test_report_out_writes_a_file_and_says_where(tmp_path, capsys, synthetic_bank, profile, monkeypatch):
    data = tmp_path / "data"
    store = Store(data)
    s = _take(store, synthetic_bank, profile, assemble_exam(synthetic_bank.items, profile, 1), reached=65)
    store.close()
    out = tmp_path / "r.md"
    assert main(["--data-dir", str(data), "report", "latest", "--format", "markdown", "--out", str(out)]) == 0
    assert f"to {out.resolve()}" in capsys.readouterr().out
    assert out.read_text(encoding="utf-8").startswith("# MLA-C01 practice exam")
    assert main(["--data-dir", str(data), "report", "latest", "--out", str(out)]) == 2  # never overwritten unasked
    assert "--force" in capsys.readouterr().err
    assert main(["--data-dir", str(data), "report", "latest", "--out", str(out), "--force"]) == 0
    capsys.readouterr()
    assert out.read_text(encoding="utf-8").startswith("MLA-C01 practice exam")  # the text format now
    # HTML printed to a terminal goes to a file instead, named for the run, never over another
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    for expected in (f"examsim-run-{s.run_id}.html", f"examsim-run-{s.run_id}-2.html"):
        assert main(["--data-dir", str(data), "report", "--format", "html"]) == 0
        said = capsys.readouterr().out
        assert said.startswith(f"wrote the HTML report of run {s.run_id} to {tmp_path.resolve() / expected}")
        assert (tmp_path / expected).read_text(encoding="utf-8").startswith("<!doctype html>")
    # ... while piped, it is printed as always
    monkeypatch.setattr("sys.stdout.isatty", lambda: False)
    assert main(["--data-dir", str(data), "report", "--format", "html"]) == 0
    assert capsys.readouterr().out.startswith("<!doctype html>")


def test_reports_stay_read_only(tmp_path, synthetic_bank, profile):
    store = Store(tmp_path)
    s = _take(store, synthetic_bank, profile, assemble_exam(synthetic_bank.items, profile, 1), reached=20)
    before = (store.run(s.run_id), store.item_records(s.run_id), store.memory())
    for fmt in ("text", "markdown", "html"):
        render_report(store, s.run_id, fmt)
    assert (store.run(s.run_id), store.item_records(s.run_id), store.memory()) == before


def test_run_summaries_read_what_history_shows_of_each_result(tmp_path, synthetic_bank, profile):
    store = _history_store(tmp_path, synthetic_bank, profile, runs=4)
    open_run = Session.create(assemble_exam(synthetic_bank.items, profile, 9), profile, store)  # no result yet
    full, summaries = store.runs(), store.run_summaries()
    assert [r.id for r in full] == [r.id for r in summaries] and summaries[-1].id == open_run.run_id
    for whole, summary in zip(full, summaries):
        if whole.result is None:
            assert summary.result is None
            continue
        assert summary.result == {k: whole.result[k] for k in ("scaled", "passed", "percent", "pass_mark", "scale_max", "domains")}
        assert summary.result["passed"] in (True, False, None)  # JSON booleans stay booleans


def test_a_long_trend_is_thinned_for_the_plot():
    from examsim.core.history import PLOT_POINTS, thin

    points = [(x / 10, float(x % 7)) for x in range(500)]
    thinned = thin(points)
    assert len(thinned) <= PLOT_POINTS and thinned[0][0] < 1 and thinned[-1][0] > 48
    assert sum(y for _, y in thinned) / len(thinned) == pytest.approx(sum(y for _, y in points) / len(points), abs=0.2)
    assert thin(points[:10]) == points[:10]


# ---- the score axis follows the scale the results were reported on ----
def _rescaled_profile(tmp_path, monkeypatch):
    """mla-c01 on another scale (200-900, pass at 700), as the only configs/ the app reads."""
    from examsim.core.profiles import load_profile
    from examsim.core.resources import configs_dir

    configs = tmp_path / "configs"
    configs.mkdir()
    text = (configs_dir() / "mla-c01.toml").read_text(encoding="utf-8")
    scale = "min = 100\nmax = 1000\npass_mark = 720\nraw_cut = 0.72"
    assert scale in text
    (configs / "mla-c01.toml").write_text(text.replace(scale, "min = 200\nmax = 900\npass_mark = 700\nraw_cut = 0.70"),
                                          encoding="utf-8")
    monkeypatch.setattr("examsim.core.profiles.configs_dir", lambda: configs)
    return load_profile("mla-c01")


def test_score_axis_is_the_scale_of_the_stored_results(tmp_path, synthetic_bank, profile, monkeypatch):
    from examsim.core.history import ScoreAxis, score_axis

    aws = _history_store(tmp_path / "aws", synthetic_bank, profile, runs=4).finished_runs()
    assert score_axis(aws, profile) == ScoreAxis(100, 1000, 720)
    assert score_axis(aws, profile).ticks == [100, 400, 720, 1000]  # the axis drawn before it was read from results
    rescaled = _rescaled_profile(tmp_path, monkeypatch)
    runs = _history_store(tmp_path / "other", synthetic_bank, rescaled, runs=4).run_summaries()
    assert score_axis(runs, rescaled) == ScoreAxis(200, 900, 700)
    assert score_axis(runs, rescaled).ticks == [200, 400, 700, 900]  # the middle tick on a round hundred
    assert score_axis(runs, None) == ScoreAxis(min(r.result["scaled"] for r in runs if r.result.get("scaled")), 900, 700)
    assert score_axis([r for r in runs if r.mode != "exam"], rescaled) is None  # no exam, no scaled axis


@pytest.mark.asyncio
async def test_history_plot_draws_the_pass_mark_and_scale_of_the_profile(tmp_path, synthetic_bank, monkeypatch, utc):
    rescaled = _rescaled_profile(tmp_path, monkeypatch)
    app = ExamsimApp(_history_store(tmp_path / "data", synthetic_bank, rescaled), ("home",))
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_history(pilot)
        axis = [m.group(1) for line in screen_lines(app) if (m := re.match(r"\s*(\d+)[┤├]", line))]  # left ticks
        assert {"200", "700", "900"} <= set(axis), screen_text(app)
        assert not {"100", "720", "1000"} & set(axis)


def test_snapshot_history_with_pass_mark_700(snap_compare, tmp_path, synthetic_bank, utc, monkeypatch):
    monkeypatch.setattr("examsim.core.readiness_summary.readiness_summary", lambda store, name, **_options: "Readiness: (fixed)")
    rescaled = _rescaled_profile(tmp_path, monkeypatch)
    app = ExamsimApp(_history_store(tmp_path / "data", synthetic_bank, rescaled), ("home",))
    assert snap_compare(app, run_before=_open_history, terminal_size=(80, 24))


@pytest.mark.asyncio
async def test_history_opens_with_the_newest_run_highlighted_and_enter_opens_it(tmp_path, synthetic_bank, profile, utc):
    """A new user presses Enter at once: the newest run (highlighted at open) is reviewed."""
    app = ExamsimApp(_history_store(tmp_path, synthetic_bank, profile, runs=3), ("home",))
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_history(pilot)
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "History of" not in text and "Review (all items) 1 of" in text, text


@pytest.mark.asyncio
async def test_history_says_why_a_run_set_aside_cannot_be_opened(tmp_path, synthetic_bank, profile, utc):
    from examsim.core.runs import create_run
    from examsim.core.run_review import set_aside_unstarted

    store = _history_store(tmp_path, synthetic_bank, profile, runs=1)
    never_taken = create_run(assemble_exam(synthetic_bank.items, profile, 5), profile, store, clock=FakeClock())
    set_aside_unstarted(never_taken)
    app = ExamsimApp(store, ("home",))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await _open_history(pilot)
        await pilot.press("enter")  # the newest run, the one set aside
        await pilot.pause()
        text = screen_text(app)
        assert "History of" in text, text
        assert f"run {never_taken.run_id} was set aside before it was taken: nothing to review" in toast_text(app), text
