"""Every `--json` output of the CLI as a typed model: the contract docs/cli.md documents.

One model per output (a list output is a RootModel of its rows), in the order the keys are
printed. Each top-level model is built by its `build` classmethod from what the core returns,
or by `model_validate` where the core already gives the rows as dicts (scale, bank feedback);
`output.print_json` prints any of them the one way (`output.json_text`: ASCII, indent 2, keys
by alias such as "pass"). Keys are only ever added, never renamed or removed; a key added here
goes in docs/cli.md too (tests/test_json_contracts.py checks both ways, types included).

Models forbid unknown keys: a row the core gives as a dict (scale, bank feedback) that grows a
key fails loudly instead of changing an output unseen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, RootModel

if TYPE_CHECKING:
    import datetime as dt

    from examsim.core.assembler import Exam
    from examsim.core.bank import Bank, BankStats
    from examsim.core.catalog import ProfileSummary
    from examsim.core.items import Item
    from examsim.core.plan import Plan
    from examsim.core.store import RunRow, Store
    from examsim.core.study import Forensics, Readiness


class Shape(BaseModel):
    """A JSON object of an output: exactly these keys, in this order."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# ---- exam / quiz / drill --dry-run ----
class DryRunItem(Shape):
    id: str
    card_id: str
    domain: int
    task: str | None  # a card may name its domain and no task statement
    type: str
    scored: bool
    options: list[str]
    prompts: list[str]
    key: list[int]
    case: str | None


class DryRunJson(Shape):
    """`exam --dry-run --json`, `quiz --dry-run`, `drill --dry-run`: the run that would be given."""

    profile: str
    seed: int
    minutes: int | None
    mode: str
    items: list[DryRunItem]

    @classmethod
    def build(cls, exam: Exam) -> DryRunJson:
        return cls(profile=exam.profile_id, seed=exam.seed, minutes=exam.minutes, mode=exam.mode, items=[
            DryRunItem(id=e.item.id, card_id=e.item.card_id, domain=e.domain, task=e.task, type=e.item.kind,
                       scored=e.scored, options=list(e.presentation.shown_options(e.item)),
                       prompts=list(e.presentation.shown_prompts(e.item)), key=list(e.presentation.shown_key(e.item)),
                       case=e.item.case_id)
            for e in exam.entries])


# ---- scale ----
class ScaleRow(Shape):
    right: int
    scored: int
    scaled: int
    passed: bool = Field(alias="pass")


class ScaleJson(RootModel[list[ScaleRow]]):
    """`scale --json`: one row for every number right, 0 to the scored count (scoring.scale_table)."""


# ---- report ----
class CalibrationCell(Shape):
    right: int
    answered: int


class SlowItem(Shape):
    question: int
    seconds: float
    correct: bool


class ReportForensics(Shape):
    calibration: dict[str, CalibrationCell]  # by confidence mark: "sure", "unsure", "guess", "not marked"
    wrong_to_right: int
    right_to_wrong: int
    changed: int
    slowest: list[SlowItem]

    @classmethod
    def build(cls, forensics: Forensics) -> ReportForensics:
        return cls(calibration={mark: CalibrationCell(right=right, answered=answered)
                                for mark, (right, answered) in forensics.calibration.items()},
                   wrong_to_right=forensics.wrong_to_right, right_to_wrong=forensics.right_to_wrong,
                   changed=forensics.changed,
                   slowest=[SlowItem(question=index + 1, seconds=round(seconds, 1), correct=correct)
                            for index, seconds, correct in forensics.slowest])


class DomainResult(Shape):
    domain: int
    name: str
    right: int
    scored: int
    result: str


class TaskResult(Shape):
    task: str
    name: str
    right: int
    scored: int
    result: str


class ReportJson(Shape):
    """`report --json` (and `--format json`): a finished run's stored result."""

    forensics: ReportForensics | None
    run: int
    mode: str
    profile: str
    state: str
    title: str
    scaled: int | None
    passed: bool | None = Field(alias="pass")
    right: int | None
    scored: int | None
    percent: float | None
    answered: int | None
    elapsed: float
    minutes: int | None
    created_at: str
    finished_at: str | None
    domains: list[DomainResult]
    tasks: list[TaskResult]

    @classmethod
    def build(cls, store: Store, run_id: int) -> ReportJson:
        from examsim.core.study import forensics

        row = store.run(run_id)
        result = row.result or {}
        return cls.model_validate({
            "forensics": ReportForensics.build(forensics(store, run_id)) if row.result else None,
            "run": row.id, "mode": row.mode, "profile": row.profile, "state": row.state, "title": row.title,
            **_result_numbers(result), "answered": result.get("answered"), "elapsed": row.elapsed,
            "minutes": row.minutes, "created_at": row.created_at, "finished_at": row.finished_at,
            "domains": [{"domain": int(d["key"]), "name": d["name"], "right": d["right"], "scored": d["scored"],
                         "result": d["result"]} for d in result.get("domains", [])],
            "tasks": [{"task": t["key"], "name": t["name"], "right": t["right"], "scored": t["scored"],
                       "result": t["result"]} for t in result.get("tasks", [])],
        })


def _result_numbers(result: dict) -> dict:
    """The score of a stored result (scoring.Report.to_json) as report and history print it
    (each model prints its keys in its own order); all None for a run without one."""
    return {"scaled": result.get("scaled"), "pass": result.get("passed"), "right": result.get("right"),
            "scored": result.get("scored"), "percent": result.get("percent")}


# ---- readiness ----
class DomainReadinessJson(Shape):
    domain: int
    name: str
    mean: float | None
    low: float | None
    high: float | None
    answers: float
    first_time: int
    repeats: int


class ReadinessJson(Shape):
    """`readiness --json`: the chance to pass a fresh form, with 80% intervals."""

    pass_probability: float | None
    pass_low: float | None
    pass_high: float | None
    score_median: int | None
    score_low: int | None
    score_high: int | None
    answers: int
    domains: list[DomainReadinessJson]
    first_time_answers: int
    repeat_answers: int
    key_memory: float | None
    expected_percent: float | None
    exam_date: str | None
    days_left: int | None

    @classmethod
    def build(cls, estimate: Readiness) -> ReadinessJson:
        return cls.model_validate(estimate, from_attributes=True)


# ---- plan ----
class PlanJson(Shape):
    """`plan --json`: days left, cards due before the exam, and whether the pace covers the blueprint."""

    profile: str
    exam_date: str | None
    days_left: int | None
    due_before_exam: int | None
    due_now: int
    pace_per_day: float
    needed_per_day: float | None
    covers_blueprint: bool | None
    target_per_task: int
    tasks: dict[str, int]
    tasks_short: list[str]

    @classmethod
    def build(cls, profile_id: str, plan: Plan) -> PlanJson:
        return cls(profile=profile_id, exam_date=plan.exam_date.isoformat() if plan.exam_date else None,
                   days_left=plan.days_left, due_before_exam=plan.due_before_exam, due_now=plan.due_now,
                   pace_per_day=round(plan.pace_per_day, 1),
                   needed_per_day=None if plan.needed_per_day is None else round(plan.needed_per_day, 1),
                   covers_blueprint=plan.covers_blueprint, target_per_task=plan.target_per_task,
                   tasks=dict(plan.tasks), tasks_short=plan.tasks_short)


# ---- bank feedback ----
class FeedbackRow(Shape):
    id: int
    run_id: int | None  # the store's column is nullable (Store.add_feedback takes None)
    item_id: str
    card_id: str
    kind: str
    comment: str
    source: str | None
    created_at: str


class FeedbackJson(RootModel[list[FeedbackRow]]):
    """`bank feedback --json`: the items reported from the review screen (Store.feedback)."""


# ---- profiles ----
class ProfileRow(Shape):
    id: str
    code: str
    name: str
    items: int
    minutes: int
    pass_mark: int
    full_exams: int


class ProfilesJson(RootModel[list[ProfileRow]]):
    """`profiles --json`: the exams examsim models, in menu order."""

    @classmethod
    def build(cls, summaries: list[ProfileSummary]) -> ProfilesJson:
        return cls([ProfileRow.model_validate(s, from_attributes=True) for s in summaries])


# ---- drill --forecast ----
class ForecastDay(Shape):
    date: str
    due: int


class ForecastJson(RootModel[list[ForecastDay]]):
    """`drill --forecast --json`: cards due on each of the next 14 days, today first."""

    @classmethod
    def build(cls, days: list[tuple[dt.date, int]]) -> ForecastJson:
        return cls([ForecastDay(date=day.isoformat(), due=n) for day, n in days])


# ---- history ----
class HistoryRow(Shape):
    run: int
    date: str
    mode: str
    profile: str
    state: str
    scaled: int | None
    percent: float | None
    passed: bool | None = Field(alias="pass")
    right: int | None
    scored: int | None
    elapsed: float
    minutes: int | None
    title: str


class HistoryJson(RootModel[list[HistoryRow]]):
    """`history --json`: the runs listed, oldest first."""

    @classmethod
    def build(cls, runs: list[RunRow]) -> HistoryJson:
        rows = []
        for run in runs:
            r = run.result or {}
            rows.append(HistoryRow.model_validate({
                "run": run.id, "date": run.created_at, "mode": run.mode, "profile": run.profile, "state": run.state,
                **_result_numbers(r), "elapsed": round(run.elapsed, 1), "minutes": run.minutes, "title": run.title}))
        return cls(rows)


# ---- bank show ----
class ExhibitJson(Shape):
    title: str
    columns: list[str]
    rows: list[list[str]]
    text: str | None

    @classmethod
    def build(cls, item: Item) -> ExhibitJson | None:
        if not item.has_exhibit:
            return None
        return cls(title=item.exhibit_title, columns=list(item.exhibit_columns),
                   rows=[list(r) for r in item.exhibit_rows], text=item.exhibit_text)


class CardItemJson(Shape):
    id: str
    card_id: str
    type: str
    domain: int
    task: str | None  # as its card's
    stem: str
    options: list[str]
    prompts: list[str]
    key: list[int]
    derived: bool
    case: str | None
    exhibit: ExhibitJson | None

    @classmethod
    def build(cls, item: Item) -> CardItemJson:
        return cls(id=item.id, card_id=item.card_id, type=item.kind, domain=item.domain, task=item.task,
                   stem=item.stem, options=list(item.options), prompts=list(item.prompts), key=list(item.key),
                   derived=item.derived, case=item.case_id, exhibit=ExhibitJson.build(item))


class CardJson(Shape):
    id: str
    question: str
    answer: str
    level: str | None
    category: str | None
    tags: list[str]
    domain: int | None
    task: str | None
    case: str | None
    references: list[str]
    verified: str | None
    items: list[CardItemJson] | None = None  # only with --items: left unset otherwise, so not printed


class BankShowJson(RootModel[list[CardJson]]):
    """`bank show PATH --json` (`--items`: each card with its compiled items)."""

    @classmethod
    def build(cls, bank: Bank, with_items: bool) -> BankShowJson:
        cards = []
        for sourced in bank.cards:
            card = sourced.card
            cards.append(CardJson(
                id=card.id, question=card.question, answer=card.answer, level=card.level, category=card.category,
                tags=card.tags, domain=card.domain, task=card.task, case=card.case, references=card.references,
                verified=card.verified.isoformat() if card.verified else None,
                **({"items": [CardItemJson.build(i) for i in bank.items if i.card_id == card.id]} if with_items else {})))
        return cls(cards)


# ---- bank check ----
class DiagnosticJson(Shape):
    file: str
    line: int | None
    card_id: str | None
    severity: str
    code: str
    message: str


class BankCheckJson(Shape):
    """`bank check --json`: every diagnostic, and the counts."""

    diagnostics: list[DiagnosticJson]
    cards_loaded: int
    items: int
    errors: int
    warnings: int

    @classmethod
    def build(cls, bank: Bank) -> BankCheckJson:
        diags = bank.diagnostics
        errors = sum(1 for d in diags if d.severity == "error")
        return cls(diagnostics=[DiagnosticJson.model_validate(d, from_attributes=True) for d in diags], cards_loaded=len(bank.cards),
                   items=len(bank.items), errors=errors, warnings=len(diags) - errors)


# ---- bank stats ----
class BankStatsJson(Shape):
    """`bank stats --json`: the counts of examsim.core.bank.bank_stats."""

    cards: int
    items: int
    by_domain: dict[str, int]
    by_task: dict[str, int]
    by_type: dict[str, int]
    by_level: dict[str, int]
    case_studies: int
    derived_items: int
    full_exams: int
    profile: str
    served_cards: int
    served_by_domain: dict[str, int]
    by_skill: dict[str, int]
    skills: dict[str, int]
    skills_under_3: list[str]

    @classmethod
    def build(cls, stats: BankStats) -> BankStatsJson:
        return cls.model_validate(stats, from_attributes=True)


# The documented outputs: the heading of each in docs/cli.md ("## `--json` shapes") -> its model.
DOCUMENTED: dict[str, type[BaseModel]] = {
    "examsim exam --dry-run --json": DryRunJson,
    "examsim scale --json": ScaleJson,
    "examsim report RUN --json": ReportJson,
    "examsim readiness --json": ReadinessJson,
    "examsim plan --json": PlanJson,
    "examsim bank feedback --json": FeedbackJson,
    "examsim profiles --json": ProfilesJson,
    "examsim drill --forecast --json": ForecastJson,
    "examsim history --json": HistoryJson,
    "examsim bank show PATH --json --items": BankShowJson,
    "examsim bank check --json": BankCheckJson,
    "examsim bank stats --json": BankStatsJson,
}
