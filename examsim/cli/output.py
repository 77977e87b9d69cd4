"""What the CLI prints and writes: exit statuses, the one error type, text, JSON and files.

Exit status: 0 fine, 1 the input has errors, 2 unusable (docs/cli.md). Errors go to stderr as
one readable paragraph (`main` prints any ExamsimError, a CliError included, with its status),
never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from examsim.core.errors import ExamsimError
from examsim.core.text import escape_text

if TYPE_CHECKING:
    from pydantic import BaseModel

EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE = 0, 1, 2


class CliError(ExamsimError):
    def __init__(self, message: str, status: int = EXIT_UNUSABLE):
        super().__init__(message)
        self.status = status


def say(text: str = "", file=None) -> None:
    """Print for a terminal: card text, file names and stored runs may hold control characters,
    which are shown as escapes (`\\x1b`), never sent (examsim.core.text)."""
    print(escape_text(str(text)), file=file)


def warn(text: str) -> None:
    say(f"examsim: warning: {text}", file=sys.stderr)


def json_text(contract: BaseModel) -> str:
    """A `--json` output (a model of examsim.cli.contracts) as printed. ASCII only: no raw C1
    control (or any other non-ASCII character) leaves; JSON escapes them. A field left unset
    (`bank show`'s `items` without --items) is left out."""
    data = contract.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return json.dumps(data, indent=2, ensure_ascii=True)


def print_json(contract: BaseModel) -> None:
    print(json_text(contract))


def refuse_to_overwrite(out: Path, force: bool) -> None:
    if out.exists() and not force:
        raise CliError(f"{out} exists; pass --force to overwrite it, or choose another --out", EXIT_UNUSABLE)


def write_file(out: Path, text: str) -> None:
    """Write whole or not at all: a temporary file beside `out`, then renamed over it."""
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, out)


def free_name(path: Path) -> Path:
    """The path itself, or path-2, path-3 ... when taken: a default name never overwrites."""
    n = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate
