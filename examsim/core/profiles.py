"""Exam profiles: configs/*.toml validated into strict pydantic models.

Adding an exam version is adding a file: nothing here names an exam.
"""

from __future__ import annotations

import tomllib
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from examsim.core.errors import ExamsimError
from examsim.core.items import ItemKind
from examsim.core.resources import configs_dir
from examsim.core.text import clean_tree

DEFAULT_PROFILE = "mla-c01"


class ProfileError(ExamsimError):
    """A profile that cannot be used; the message names the file and the key."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _clean_text(cls, data):
        # A profile given by path is untrusted: its names reach the screen and the reports.
        return clean_tree(data) if isinstance(data, dict) else data


class Task(_Strict):
    number: str = Field(pattern=r"^\d+\.\d+$", description="Task statement number, such as 1.2.")
    name: str = Field(description="Task statement as the exam guide words it.")


class Domain(_Strict):
    number: int = Field(ge=1, description="Domain number in the exam guide.")
    name: str = Field(description="Domain name as the exam guide words it.")
    weight: float = Field(gt=0, description="Share of scored content, in percent.")
    tasks: list[Task] = Field(default_factory=list, description="The domain's task statements.")


class Scale(_Strict):
    min: int = Field(description="Lowest reported score (0 right).")
    max: int = Field(description="Highest reported score (all right).")
    pass_mark: int = Field(description="Reported score at or above which the candidate passes.")
    raw_cut: float = Field(gt=0, lt=1, description="Share of scored items right that maps to the pass mark.")

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        if not self.min < self.pass_mark < self.max:
            raise ValueError("scale needs min < pass_mark < max")
        return self


class TagRule(_Strict):
    tags: list[str] = Field(min_length=1, description="A deck card with any of these tags gets this domain.")
    domain: int = Field(description="The domain given.")
    task: str | None = Field(default=None, description="The task statement given, if any.")


class QuizPreset(_Strict):
    id: str = Field(description="Preset id, used on the command line.")
    name: str = Field(description="Shown on the home screen.")
    count: int = Field(gt=0, description="Items in the quiz.")
    timed: bool = Field(default=False, description="Run a clock (time per item as in the full exam).")
    feedback: Literal["now", "end"] = Field(default="end", description="Show the key after each item, or at the end.")
    missed: bool = Field(default=False, description="Draw from items missed or flagged in past runs.")
    per_domain: bool = Field(default=False, description="Offer one quiz per domain (its name then says which domain).")


class Profile(_Strict):
    id: str = Field(description="Profile id, the file's stem.")
    code: str = Field(description="The exam code, such as MLA-C01.")
    name: str = Field(description="The exam's full name.")
    family: str = Field(description="Cards without `exams` serve every profile of this family.")
    banks: list[str] = Field(description="Bundled bank folders under banks/ this profile draws on.")
    items: int = Field(gt=0, description="Items in a full exam.")
    scored: int = Field(gt=0, description="Scored items.")
    unscored: int = Field(ge=0, description="Unscored (pretest) items, not marked in the exam.")
    minutes: int = Field(gt=0, description="Time limit.")
    accommodation_minutes: int = Field(default=0, ge=0, description="Extra minutes with the ESL accommodation.")
    duration_confirmed: bool = Field(default=True, description="False when AWS has not confirmed the time limit.")
    duration_note: str | None = Field(default=None, description="Shown when the duration is unconfirmed.")
    status: str | None = Field(default=None, description="Who sits this version now, shown on the home screen.")
    sits: str | None = Field(default=None, description="Who sits this version, in one line: the first-start chooser and the profile picker show it.")
    form_note: str | None = Field(default=None, description="Which form of the exam examsim models, and how other forms differ: the start screen shows it.")
    menu_order: int = Field(default=100, description="Place in the first-start chooser and the profile picker (lower first).")
    item_kinds: list[ItemKind] = Field(description="Item types this exam uses.")
    case_studies: bool = Field(default=True, description="Whether case-study sets appear.")
    min_case_studies: int = Field(default=0, ge=0, description="Case studies every form holds.")
    min_kinds: dict[ItemKind, int] = Field(default_factory=dict, description="Minimum items of a type per form.")
    scale: Scale
    domain: list[Domain] = Field(min_length=1, description="Domains with weights and task statements.")
    domain_map: dict[str, int] = Field(default_factory=dict, description="Bank domain -> this exam's domain; identity when empty.")
    tag_rule: list[TagRule] = Field(default_factory=list, description="Deck tag -> domain rules, first match wins.")
    quiz: list[QuizPreset] = Field(default_factory=list, description="Quiz presets offered on the home screen.")
    skills: list[str] = Field(default_factory=list, description="Every skill number in this exam's guide (for the linter and `bank stats`).")
    new_skills: list[str] = Field(default_factory=list, description="Skills this version added; cards on them serve this profile only.")

    @model_validator(mode="after")
    def _consistent(self) -> Profile:
        if self.scored + self.unscored != self.items:
            raise ValueError(f"scored ({self.scored}) + unscored ({self.unscored}) must equal items ({self.items})")
        numbers = [d.number for d in self.domain]
        if len(set(numbers)) != len(numbers):
            raise ValueError("domain numbers must be unique")
        for d in self.domain:
            for t in d.tasks:
                if int(t.number.split(".")[0]) != d.number:
                    raise ValueError(f"task {t.number} is listed under domain {d.number}")
        if len(set(self.skills)) != len(self.skills):
            raise ValueError("skills must be unique")
        if self.skills and set(self.new_skills) - set(self.skills):
            raise ValueError(f"new_skills {', '.join(sorted(set(self.new_skills) - set(self.skills)))} are not in skills")
        for kind in self.min_kinds:
            if kind not in self.item_kinds:
                raise ValueError(f"min_kinds names {kind}, which item_kinds leaves out")
        return self

    @cached_property
    def domain_numbers(self) -> frozenset[int]:
        return frozenset(d.number for d in self.domain)

    @property
    def domains(self) -> dict[int, Domain]:
        return {d.number: d for d in self.domain}

    @property
    def task_names(self) -> dict[str, str]:
        return {t.number: t.name for d in self.domain for t in d.tasks}

    def minutes_for(self, accommodation: bool) -> int:
        return self.minutes + (self.accommodation_minutes if accommodation else 0)

    def map_domain(self, bank_domain: int) -> int:
        return self.domain_map.get(str(bank_domain), bank_domain)

    def map_task(self, bank_task: str | None) -> str | None:
        if bank_task is None:
            return None
        domain, rest = bank_task.split(".", 1)
        return f"{self.map_domain(int(domain))}.{rest}"


def profile_path(name: str) -> Path:
    path = Path(name)
    if path.suffix == ".toml" or path.exists():
        return path
    return configs_dir() / f"{name}.toml"


def available_profiles() -> list[str]:
    return sorted(p.stem for p in configs_dir().glob("*.toml") if _looks_like_profile(p))


def _looks_like_profile(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return "scale" in tomllib.load(fh)
    except (OSError, ValueError):  # TOMLDecodeError and UnicodeDecodeError are ValueErrors
        return False


def load_profile(name: str = DEFAULT_PROFILE) -> Profile:
    """Load a profile by id (configs/<id>.toml) or path. Raises ProfileError naming file and key."""
    path = profile_path(name)
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        known = ", ".join(available_profiles()) or "none"
        raise ProfileError(f"{path}: no such profile; known profiles: {known}") from None
    except OSError as exc:
        raise ProfileError(f"{path}: cannot be read ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path}: is not valid TOML ({exc}); fix the syntax") from None
    except UnicodeDecodeError as exc:
        raise ProfileError(f"{path}: is not UTF-8 text (byte at offset {exc.start}); save it as UTF-8") from None
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"key '{'.'.join(str(p) for p in e['loc']) or '(top)'}': {e['msg']}" for e in exc.errors())
        raise ProfileError(f"{path}: {problems}") from None


def load_all_profiles() -> list[Profile]:
    """Every profile that loads; a broken one is skipped here (`load_profile` reports it)."""
    out = []
    for name in available_profiles():
        try:
            out.append(load_profile(name))
        except ProfileError:
            continue
    return out


def largest_remainder(total: int, weights: list[float]) -> list[int]:
    """Split `total` by `weights`: floors first, then one more to the largest remainders.

    Ties go to the earlier domain (domain order), so the split is deterministic.
    """
    if total < 0 or not weights or any(w < 0 for w in weights) or sum(weights) <= 0:
        raise ValueError("largest_remainder needs total >= 0 and positive weights")
    exact = [Fraction(str(w)) for w in weights]  # exact arithmetic: 50 * 22% is 11, not 10.999...
    quotas = [total * w / sum(exact) for w in exact]
    counts = [int(q) for q in quotas]
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts
