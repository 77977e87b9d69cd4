"""Scoring: all-or-nothing items, a compensatory scaled score, per-domain feedback.

AWS publishes no raw-to-scaled conversion; this is the documented model of
docs/scoring.md. With S scored items and R right, p = R/S, raw cut c, pass mark P,
min m and max M:

    scaled = m + (P - m) * p / c               if p <  c
    scaled = P + (M - P) * (p - c) / (1 - c)   if p >= c
    reported = floor(scaled + 0.5)             pass <=> reported >= P
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from fractions import Fraction

from examsim.core.assembler import Exam
from examsim.core.items import Response
from examsim.core.profiles import Profile, Scale

MEETS = "Meets Competencies"
NEEDS = "Needs Improvement"


def scaled_score(right: int, scored: int, scale: Scale) -> int:
    """The reported score for `right` of `scored`, by the piecewise-linear model."""
    if scored <= 0:
        return scale.min
    right = max(0, min(right, scored))
    p = Fraction(right, scored)
    c = Fraction(str(scale.raw_cut))
    if p < c:
        value = scale.min + (scale.pass_mark - scale.min) * p / c
    else:
        value = scale.pass_mark + (scale.max - scale.pass_mark) * (p - c) / (1 - c)
    return math.floor(value + Fraction(1, 2))


def min_right_to_pass(scored: int, scale: Scale) -> int:
    return next(r for r in range(scored + 1) if scaled_score(r, scored, scale) >= scale.pass_mark)


@dataclass
class GroupResult:
    key: str  # domain number or task statement
    name: str
    right: int = 0
    scored: int = 0
    result: str = ""

    @property
    def percent(self) -> float:
        return 100.0 * self.right / self.scored if self.scored else 0.0


@dataclass
class PartialCredit:
    index: int
    item_id: str
    kind: str
    in_place: int
    total: int


@dataclass
class Report:
    mode: str
    profile_id: str
    right: int
    scored: int
    answered: int
    total_items: int
    scaled: int | None  # None for quizzes: they report a percent
    passed: bool | None
    pass_mark: int
    percent: float
    domains: list[GroupResult] = field(default_factory=list)
    tasks: list[GroupResult] = field(default_factory=list)
    partial: list[PartialCredit] = field(default_factory=list)
    unscored_right: int = 0
    unscored_total: int = 0
    correct: list[bool] = field(default_factory=list)  # per exam index, scored or not
    scale_max: int = 1000  # results stored before this field existed all came from 1000-point scales

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Report:
        """The report as stored when its run finished (extra keys such as `elapsed` ignored)."""
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in known}
        values["domains"] = [GroupResult(**g) for g in data.get("domains", [])]
        values["tasks"] = [GroupResult(**g) for g in data.get("tasks", [])]
        values["partial"] = [PartialCredit(**p) for p in data.get("partial", [])]
        return cls(**values)


def score(exam: Exam, responses: dict[int, Response], profile: Profile) -> Report:
    """Score a finished exam. `responses` maps exam index -> canonical response."""
    is_exam = exam.mode == "exam"
    domains = {d.number: GroupResult(str(d.number), d.name) for d in profile.domain}
    tasks = {t: GroupResult(t, name) for t, name in profile.task_names.items()}
    right = scored = answered = unscored_right = unscored_total = 0
    correct_flags: list[bool] = []
    partial: list[PartialCredit] = []
    for index, entry in enumerate(exam.entries):
        response = responses.get(index)
        ok = entry.item.is_correct(response)
        correct_flags.append(ok)
        answered += int(entry.item.is_complete(response))  # an incomplete answer is not an answer
        if entry.item.kind in ("ordering", "matching"):
            got, total = entry.item.partial_credit(response)
            partial.append(PartialCredit(index, entry.item.id, entry.item.kind, got, total))
        if not entry.scored:
            unscored_total += 1
            unscored_right += int(ok)
            continue
        scored += 1
        right += int(ok)
        group = domains.setdefault(entry.domain, GroupResult(str(entry.domain), f"Domain {entry.domain}"))
        group.scored += 1
        group.right += int(ok)
        if entry.task:
            t = tasks.setdefault(entry.task, GroupResult(entry.task, entry.task))
            t.scored += 1
            t.right += int(ok)
    cut = profile.scale.raw_cut
    for group in list(domains.values()) + list(tasks.values()):
        if group.scored:
            group.result = MEETS if group.right / group.scored >= cut else NEEDS
    scaled = scaled_score(right, scored, profile.scale) if is_exam else None
    return Report(
        mode=exam.mode, profile_id=profile.id, right=right, scored=scored, answered=answered,
        total_items=len(exam.entries), scaled=scaled,
        passed=(scaled >= profile.scale.pass_mark) if scaled is not None else None,
        pass_mark=profile.scale.pass_mark, percent=round(100.0 * right / scored, 1) if scored else 0.0,
        domains=[g for g in domains.values() if g.scored], tasks=[t for t in tasks.values() if t.scored],
        partial=partial, unscored_right=unscored_right, unscored_total=unscored_total, correct=correct_flags,
        scale_max=profile.scale.max,
    )


def scale_table(profile: Profile) -> list[dict]:
    return [
        {"right": r, "scored": profile.scored, "scaled": (s := scaled_score(r, profile.scored, profile.scale)),
         "pass": s >= profile.scale.pass_mark}
        for r in range(profile.scored + 1)
    ]
