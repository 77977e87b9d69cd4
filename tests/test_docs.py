"""Docs stay true to the code and the bank."""

from __future__ import annotations

import re
from pathlib import Path

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
