"""The core never imports the UI: checked in a fresh interpreter and by import-linter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def _core_modules() -> list[str]:
    """Every module of the core package, found on disk: a new core module is checked unasked."""
    root = Path(__file__).resolve().parent.parent / "examsim" / "core"
    return sorted(".".join(("examsim", "core", *p.relative_to(root).with_suffix("").parts)).removesuffix(".__init__")
                  for p in root.rglob("*.py"))


CORE = _core_modules()


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_textual_or_rich(module):
    code = f"import sys, {module}; bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich') or m.startswith(('examsim.tui', 'examsim.cli'))]; print(bad)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_import_linter_contract_holds():
    root = Path(__file__).resolve().parent.parent
    lint_imports = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run([str(lint_imports)], cwd=root, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "kept" in proc.stdout.lower()
