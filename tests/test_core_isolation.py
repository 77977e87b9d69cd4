"""The core never imports the UI: checked in a fresh interpreter and by import-linter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CORE = ["examsim.cards.model", "examsim.cards.toml_reader", "examsim.cards.deck_reader", "examsim.compiler",
        "examsim.items", "examsim.lint", "examsim.profiles", "examsim.assembler", "examsim.scoring",
        "examsim.session", "examsim.store", "examsim.bank", "examsim.modes", "examsim.report", "examsim.text",
        "examsim.diagnostics", "examsim.settings", "examsim.study", "examsim.export", "examsim.catalog", "examsim.filters",
        "examsim.when", "examsim.readiness_model", "examsim.plan"]


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_textual_or_rich(module):
    code = f"import sys, {module}; bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich') or m.startswith('examsim.tui')]; print(bad)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_import_linter_contract_holds():
    root = Path(__file__).resolve().parent.parent
    lint_imports = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run([str(lint_imports)], cwd=root, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "kept" in proc.stdout.lower()
