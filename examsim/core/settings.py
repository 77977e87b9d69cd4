"""User settings kept in the data dir (settings.toml): theme, quiz feedback, profile, time-warning bell, exam date."""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from pathlib import Path
from typing import Literal

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, model_validator

from examsim.core.text import clean_tree

SETTINGS_NAME = "settings.toml"


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    theme: str = Field(default="textual-dark", description="Textual theme name, such as textual-light or ansi-dark.")
    feedback: Literal["now", "end"] = Field(default="now", description="Quizzes: show the key after each item, or at the end.")
    profile: str | None = Field(default=None, description=(
        "The exam the candidate practises for, chosen on first start; every command uses it unless "
        "--profile is given. None until chosen (then MLA-C01, the default, is used)."))
    bell: bool = Field(default=True, description="Ring the terminal bell with the 15, 5 and 1 minute warnings.")
    exam_date: dt.date | None = Field(default=None, description="The day of the candidate's exam: drills aim at it "
                                      "and home counts down to it (`examsim plan --date`).")

    @model_validator(mode="before")
    @classmethod
    def _clean_text(cls, data):
        # The file is the user's, but anything may have written it: no control character gets through.
        return clean_tree(data) if isinstance(data, dict) else data


def load_settings(data_dir: Path) -> tuple[Settings, str | None]:
    """Settings, and a warning when the file was unusable (the defaults are used then; the file is kept)."""
    path = Path(data_dir) / SETTINGS_NAME
    try:
        with open(path, "rb") as fh:
            return Settings.model_validate(tomllib.load(fh)), None
    except FileNotFoundError:
        return Settings(), None
    except (OSError, ValueError) as exc:  # TOML, UTF-8 and validation errors are ValueErrors
        first = str(exc).splitlines()[0]
        return Settings(), f"{path} could not be used ({first}); defaults are in effect until you change a setting"


def saved_profile(data_dir: Path | None) -> str | None:
    """The profile the candidate chose, or None (nothing saved, or an unusable settings file)."""
    from examsim.core.store import default_data_dir

    settings, _warning = load_settings(Path(data_dir) if data_dir else default_data_dir())
    return settings.profile


def save_settings(data_dir: Path, settings: Settings) -> None:
    """Write atomically, so a crash never leaves half a file."""
    path = Path(data_dir) / SETTINGS_NAME
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(tomli_w.dumps(settings.model_dump(exclude_none=True)), encoding="utf-8")
    os.replace(tmp, path)
