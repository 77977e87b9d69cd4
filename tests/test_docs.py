"""Docs stay true to the code and the bank."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from examsim.core.bank import load_bank
from examsim.cli import build_parser
from examsim.core.profiles import load_profile

ROOT = Path(__file__).resolve().parent.parent


def test_seed_coverage_names_only_cards_that_exist_and_covers_all_twenty():
    text = (ROOT / "docs" / "seed-coverage.md").read_text()
    bank = load_bank(None, load_profile("mla-c01"))
    ids = {s.card.id for s in bank.cards}
    named = set(re.findall(r"`(t\d-\d-[a-z0-9-]+)`", text))
    assert named and not (named - ids), sorted(named - ids)
    rows = [line for line in text.splitlines() if re.match(r"\| \d+ \|", line)]
    assert len(rows) == 20


def test_every_cli_command_is_documented():
    text = (ROOT / "docs" / "cli.md").read_text()
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name in sub.choices:
        assert f"examsim {name}" in text, name


def test_readme_opens_with_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```\n(.*?)\n```", readme, re.S)
    assert "examsim exam" in blocks[0] and "pytest" in blocks[1]
    assert blocks[1].strip() in (ROOT / ".ci" / "run").read_text()


@pytest.mark.asyncio
async def test_readme_exam_capture_is_what_seed_7_shows(tmp_path):
    """The README's exam screen is the app's: `examsim exam --seed 7`, item 4, B chosen and
    flagged, at 80x24 (the header's clock and pace aside, which move with real time)."""
    from examsim.core.modes import bank_for, new_exam
    from examsim.core.store import Store
    from examsim.tui.app import ExamsimApp
    from tests.conftest import FakeClock
    from tests.helpers.screen import screen_lines

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("(`examsim exam --seed 7`", 1)[1].split("```\n", 2)[1]
    captured = block.rstrip("\n").split("\n")
    profile = load_profile("mla-c01")
    bank = bank_for(profile, None)
    app = ExamsimApp(Store(tmp_path / "data"), ("exam", new_exam(bank, profile, seed=7), bank, profile), clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("right", "right", "right", "b", "ctrl+f")
        await pilot.pause()
        shown = [line.rstrip() for line in screen_lines(app)]
    assert captured[0].startswith(" Question 4 of 65  Time left ") and "⚑" in captured[0]
    assert shown[0].startswith(" Question 4 of 65  Time left ") and "⚑" in shown[0]
    assert [line.rstrip() for line in captured[1:]] == shown[1:len(captured)]
