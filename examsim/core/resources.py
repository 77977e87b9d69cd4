"""Where the bundled banks and configs live: inside the wheel, or in the source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # examsim/, above core/


def _bundled(name: str) -> Path:
    # A wheel carries them as examsim/_data/<name>; an editable install or a checkout
    # has them at the repository top level, beside the package.
    inside = _PACKAGE / "_data" / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / name


def banks_dir() -> Path:
    return _bundled("banks")


def configs_dir() -> Path:
    return _bundled("configs")
