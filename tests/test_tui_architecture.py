"""Screens render and forward: they reach the store only through core services.

import-linter holds the imports (`examsim.tui.screens` and `examsim.tui.widgets` never import
`examsim.core.store`); this test holds the calls: no screen, widget or formatter reaches into
a store (`app.store.run(...)`, `session.store.abandon(...)`, `store.data_dir`). Passing
`app.store` to a core service is how they ask."""

from __future__ import annotations

import ast
from pathlib import Path

TUI = Path(__file__).resolve().parent.parent / "examsim" / "tui"


def _sources() -> list[Path]:
    return sorted([*TUI.joinpath("screens").glob("*.py"), *TUI.joinpath("widgets").glob("*.py"), TUI / "format.py"])


def _is_app(node: ast.AST) -> bool:
    return (isinstance(node, ast.Name) and node.id == "app") or (isinstance(node, ast.Attribute) and node.attr == "app")


def _store_reaches(tree: ast.AST) -> list[int]:
    """Lines where something of a store is used (`<x>.store.<name>`, `store.<name>`), or a store
    other than the app's is picked up (`session.store`): the app's store is handed to services."""
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        owner = node.value
        if (isinstance(owner, ast.Attribute) and owner.attr == "store") or (isinstance(owner, ast.Name) and owner.id in ("store", "reader")):
            lines.append(node.lineno)
        elif node.attr == "store" and not _is_app(owner):
            lines.append(node.lineno)
    return lines


def test_no_screen_widget_or_formatter_reaches_into_the_store():
    found = {f"{path.relative_to(TUI.parent.parent)}:{line}" for path in _sources()
             for line in _store_reaches(ast.parse(path.read_text(encoding="utf-8")))}
    assert not found, "screens ask core services, never the store: " + ", ".join(sorted(found))


def test_the_check_sees_a_store_call():
    """The check itself: it finds the reaches it is there to find, and lets a store pass as an argument."""
    code = ("self.app.store.run(1)\nsession.store.abandon(2)\nstore.unfinished_runs()\nx = app.store.data_dir\n"
            "service(app.store, self.app.store)\nif s.store is None: pass\n")
    assert sorted(set(_store_reaches(ast.parse(code)))) == [1, 2, 3, 4, 6]
