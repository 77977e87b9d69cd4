"""The study loop: spaced repetition (FSRS), readiness, and answer forensics.

Every finished run (exam, quiz or drill) updates each served card's FSRS memory state:
wrong -> Again; right but flagged, unsure, guessed or slow -> Hard; right -> Good.
Readiness (v2) is a per-domain ability model in which first-time answers are full evidence and
repeats are modelled (examsim.readiness_model; docs/readiness.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler

from examsim import readiness_model as rm
from examsim.assembler import Exam
from examsim.items import Response
from examsim.profiles import Profile, largest_remainder
from examsim.scoring import scaled_score
from examsim.readiness_model import Answer, total_right_pmf  # noqa: F401 - total_right_pmf: part of this module's API
from examsim.store import ItemRecord, Store

Now = Callable[[], dt.datetime]
SLOW_FACTOR = 2.0  # slower than twice the exam's time per item counts as "slow"
HALF_LIFE_DAYS = 14.0  # recency weighting of evidence for readiness


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _scheduler(desired_retention: float = 0.9) -> Scheduler:
    # One short learning step: a missed (Again) or shaky (Hard) card is due within minutes, so
    # a drill right after a run serves it; a first right answer graduates at once (Good: days).
    step = (dt.timedelta(minutes=1),)
    return Scheduler(desired_retention=desired_retention, enable_fuzzing=False, learning_steps=step,
                     relearning_steps=step)


_SAVED = object()


def saved_exam_date(store: Store) -> dt.date | None:
    """The exam date in the settings beside the store (None when unset or unreadable)."""
    from examsim.settings import load_settings

    return load_settings(store.data_dir)[0].exam_date


def _fsrs_id(card_id: str) -> int:
    return int(hashlib.sha1(card_id.encode()).hexdigest()[:12], 16)


def rating_for(correct: bool, flagged: bool, confidence: str | None, seconds: float, pace_seconds: float | None) -> Rating:
    if not correct:
        return Rating.Again
    slow = pace_seconds is not None and seconds > SLOW_FACTOR * pace_seconds
    if flagged or confidence in ("unsure", "guess") or slow:
        return Rating.Hard
    return Rating.Good


def update_memory(store: Store, exam: Exam, responses: dict[int, Response], records: dict[int, ItemRecord],
                  profile: Profile, now: Now = utc_now, indexes: set[int] | None = None,
                  run_id: int | None = None, exam_date: dt.date | None | object = _SAVED) -> int:
    """Review the cards of the given exam indexes (default: every card the run served; an
    unanswered item is a lapse). With `run_id`, the items are marked reviewed in the same
    transaction as the cards' new memory. Returns how many cards were reviewed.

    With an exam date (default: the saved one), reviews aim at it (examsim.plan): desired
    retention 95% in its last weeks, and a card that would come back after it while its recall
    on exam day would fall short comes back before it."""
    from examsim.plan import aim_due, desired_retention, exam_start

    memory = store.memory()
    when = now()
    if exam_date is _SAVED:
        exam_date = saved_exam_date(store)
    scheduler = _scheduler(desired_retention(exam_date, when))
    pace = profile.minutes * 60 / profile.items
    rows = []
    seen: set[str] = set()
    marked: list[tuple[int, str]] = []
    for index, entry in enumerate(exam.entries):
        card_id = entry.item.card_id
        if indexes is not None and index not in indexes:
            continue
        marked.append((index, entry.item.id))
        if card_id in seen:
            continue
        seen.add(card_id)
        rec = records.get(index)
        correct = entry.item.is_correct(responses.get(index))
        rating = rating_for(correct, bool(rec and rec.flagged), rec.confidence if rec else None,
                            rec.seconds if rec else 0.0, pace)
        if card_id in memory:
            card = FsrsCard.from_dict(json.loads(memory[card_id][0]))
            reviews, lapses = memory[card_id][2], memory[card_id][3]
        else:
            card = FsrsCard(card_id=_fsrs_id(card_id), due=when)
            reviews, lapses = 0, 0
        card, _log = scheduler.review_card(card, rating, review_datetime=when)
        if exam_date is not None:
            card.due = aim_due(card.due, scheduler.get_card_retrievability(card, exam_start(exam_date)), exam_date, when)
        rows.append((card_id, json.dumps(card.to_dict()), card.due.isoformat(), reviews + 1,
                     lapses + int(rating == Rating.Again)))
    store.save_memory(rows, (run_id, marked) if run_id is not None else None)
    return len(rows)


def due_cards(store: Store, now: Now = utc_now) -> list[str]:
    """Cards whose FSRS review is due, most overdue first."""
    when = now()
    due = [(dt.datetime.fromisoformat(d), c) for c, (_f, d, _r, _l) in store.memory().items()]
    return [c for d, c in sorted(due) if d <= when]


# ---- evidence and readiness ----
@dataclass
class Evidence:
    """What the candidate answered, for readiness (docs/readiness.md): every answer to an item
    they were shown, with whether they had seen its card before; and recency-weighted right/wrong
    counts per domain and per task statement (for the weakest tasks)."""

    domain: dict[int, list[float]] = field(default_factory=lambda: defaultdict(lambda: [0.0, 0.0]))
    task: dict[str, list[float]] = field(default_factory=lambda: defaultdict(lambda: [0.0, 0.0]))
    answers: int = 0
    records: list[Answer] = field(default_factory=list)
    # (level, kind) counts of the items of the forms taken, per domain: what a fresh form holds.
    composition: dict[int, Counter] = field(default_factory=lambda: defaultdict(Counter))

    @property
    def first_time(self) -> int:
        return sum(1 for a in self.records if a.first_time)

    @property
    def repeats(self) -> int:
        return len(self.records) - self.first_time

    def add(self, answer: Answer) -> None:
        self.records.append(answer)
        slot = 0 if answer.right else 1
        self.domain[answer.domain][slot] += answer.weight
        if answer.task:
            self.task[answer.task][slot] += answer.weight
        self.answers += 1


def _run_time(run) -> dt.datetime:
    return dt.datetime.fromisoformat(run.finished_at or run.created_at)


def gather_evidence(store: Store, profile: Profile, now: Now = utc_now, half_life_days: float = HALF_LIFE_DAYS) -> Evidence:
    """Every answer to an item shown in a finished run of this profile up to `now`, each weighted
    0.5 ** (age / half-life), marked first-time or repeat by the candidate's whole history (a
    card shown in any run before, of any profile, is a repeat)."""
    ev = Evidence()
    when = now()
    shown_at: dict[str, list[dt.datetime]] = defaultdict(list)  # card -> when it was shown
    first_right: dict[str, bool] = {}
    exam_mix: dict[int, Counter] = defaultdict(Counter)
    any_mix: dict[int, Counter] = defaultdict(Counter)
    for run in store.finished_runs():
        at = _run_time(run)
        if at > when:
            continue  # not yet happened, as of `now`
        exam = store.exam(run.id)
        records = store.items(run.id)
        ours = run.profile == profile.id
        age = max(0.0, (when - at).total_seconds() / 86400)
        weight = 0.5 ** (age / half_life_days)
        for i, entry in enumerate(exam.entries):
            item = entry.item
            rec = records.get(i)
            right = item.is_correct(rec.response if rec else None)
            earlier = shown_at[item.card_id]
            if ours:
                ages = tuple(max(0.0, (at - t).total_seconds() / 86400) for t in earlier)
                ev.add(Answer(entry.domain, entry.task, item.level, item.kind, right, weight, ages,
                              first_right.get(item.card_id) if earlier else None, age=age))
                (exam_mix if run.mode == "exam" else any_mix)[entry.domain][(item.level, item.kind)] += 1
            if not earlier:
                first_right[item.card_id] = right
            earlier.append(at)
    for d in {d.number for d in profile.domain}:
        ev.composition[d] = exam_mix.get(d) or any_mix.get(d) or Counter()
    # How much the candidate practised each domain after each answer (learning since): the
    # answers after it, in its own run (feedback and review teach) and later ones.
    later: Counter = Counter()
    for k in range(len(ev.records) - 1, -1, -1):
        answer = ev.records[k]
        ev.records[k] = replace(answer, practice_after=later[answer.domain])
        later[answer.domain] += 1
    return ev


@dataclass
class DomainReadiness:
    domain: int
    name: str
    mean: float  # chance to get a fresh item of this domain right
    low: float  # 80% credible interval
    high: float
    answers: float
    first_time: int = 0
    repeats: int = 0


@dataclass
class Readiness:
    pass_probability: float | None  # None: no evidence at all
    pass_low: float | None  # 80% interval of the pass probability
    pass_high: float | None
    score_median: int | None
    score_low: int | None  # 80% interval of a fresh form's scaled score
    score_high: int | None
    answers: int
    domains: list[DomainReadiness]
    first_time_answers: int = 0
    repeat_answers: int = 0
    key_memory: float | None = None  # estimated chance to recall a key seen once, a day later
    exam_date: str | None = None
    days_left: int | None = None

    def to_json(self) -> dict:
        from dataclasses import asdict

        return asdict(self)

    @property
    def evidence_text(self) -> str:
        """How much of the evidence is fresh: "112 first-time answers and 40 repeats"."""
        first = f"{self.first_time_answers} first-time answer{'s' if self.first_time_answers != 1 else ''}"
        return f"{first} and {self.repeat_answers} repeat{'s' if self.repeat_answers != 1 else ''}"


def readiness(evidence: Evidence, profile: Profile, *, draws: int = 400, seed: int = 0) -> Readiness:
    """Chance to pass a fresh form, with an 80% interval (readiness_model; docs/readiness.md).

    For each posterior draw of the domain abilities, the exact distribution of the number right
    on a fresh form (the blueprint's scored counts per domain) gives that draw's chance to pass;
    the estimate is their mean, the interval their 10th-90th percentiles."""
    counts = largest_remainder(profile.scored, [d.weight for d in profile.domain])
    model = rm.fit(evidence.records, [d.number for d in profile.domain], evidence.composition)
    samples = rm.draw_abilities(model, draws, seed)
    out_domains = []
    for k, d in enumerate(profile.domain):
        accuracies = sorted(model.accuracy(k, s[k]) for s in samples)
        first = sum(1 for a in evidence.records if a.domain == d.number and a.first_time)
        total = sum(1 for a in evidence.records if a.domain == d.number)
        out_domains.append(DomainReadiness(d.number, d.name, sum(accuracies) / len(accuracies), rm.quantile(accuracies, 0.1),
                                           rm.quantile(accuracies, 0.9), float(total), first, total - first))
    if not evidence.records:
        return Readiness(None, None, None, None, None, None, 0, out_domains)
    cut = next(r for r in range(profile.scored + 1) if scaled_score(r, profile.scored, profile.scale) >= profile.scale.pass_mark)
    pass_probs = []
    score_mix = [0.0] * (profile.scored + 1)
    for s in samples:
        pmf = rm.total_right_pmf([model.accuracy(k, s[k]) for k in range(len(counts))], counts)
        pass_probs.append(sum(pmf[cut:]))
        for r, pr in enumerate(pmf):
            score_mix[r] += pr / len(samples)
    pass_probs.sort()
    cumulative, quantiles = 0.0, {}
    for r, pr in enumerate(score_mix):
        cumulative += pr
        for q in (0.1, 0.5, 0.9):
            if q not in quantiles and cumulative >= q:
                quantiles[q] = r
    to_scaled = lambda r: scaled_score(r, profile.scored, profile.scale)  # noqa: E731
    return Readiness(
        pass_probability=sum(pass_probs) / len(pass_probs),
        pass_low=rm.quantile(pass_probs, 0.1), pass_high=rm.quantile(pass_probs, 0.9),
        score_median=to_scaled(quantiles.get(0.5, profile.scored)), score_low=to_scaled(quantiles.get(0.1, profile.scored)),
        score_high=to_scaled(quantiles.get(0.9, profile.scored)),
        answers=evidence.answers, domains=out_domains, first_time_answers=model.first_time,
        repeat_answers=model.repeats, key_memory=round(model.memory, 3) if model.repeats else None,
    )


def weakest_tasks(evidence: Evidence, profile: Profile, prior: tuple[float, float] = (1.0, 1.0)) -> list[str]:
    """Task statements by estimated mastery, lowest first (unseen tasks count as 50%)."""
    def mastery(task: str) -> float:
        right, wrong = evidence.task.get(task, [0.0, 0.0])
        return (prior[0] + right) / (prior[0] + prior[1] + right + wrong)

    return sorted(profile.task_names, key=lambda t: (mastery(t), t))


# ---- forensics ----
@dataclass
class Forensics:
    calibration: dict[str, tuple[int, int]]  # confidence -> (right, answered)
    wrong_to_right: int
    right_to_wrong: int
    changed: int
    slowest: list[tuple[int, float, bool]]  # (index, seconds, correct)

    def to_json(self) -> dict:
        return {"calibration": {k: {"right": r, "answered": n} for k, (r, n) in self.calibration.items()},
                "wrong_to_right": self.wrong_to_right, "right_to_wrong": self.right_to_wrong, "changed": self.changed,
                "slowest": [{"question": i + 1, "seconds": round(s, 1), "correct": c} for i, s, c in self.slowest]}


def forensics(store: Store, run_id: int, slowest: int = 5) -> Forensics:
    exam = store.exam(run_id)
    records = store.items(run_id)
    history = store.answer_log(run_id)
    calibration: dict[str, list[int]] = {"sure": [0, 0], "unsure": [0, 0], "guess": [0, 0], "not marked": [0, 0]}
    w2r = r2w = changed = 0
    times = []
    for i, entry in enumerate(exam.entries):
        rec = records.get(i)
        response = rec.response if rec else None
        correct = entry.item.is_correct(response)
        if response:
            bucket = calibration[(rec.confidence if rec and rec.confidence else "not marked")]
            bucket[0] += int(correct)
            bucket[1] += 1
        answers = [r for _t, r in history.get(i, [])]
        if len(answers) > 1:
            changed += 1
            first_right = entry.item.is_correct(answers[0])
            if not first_right and correct:
                w2r += 1
            elif first_right and not correct:
                r2w += 1
        times.append((i, rec.seconds if rec else 0.0, correct))
    times.sort(key=lambda t: -t[1])
    return Forensics({k: (v[0], v[1]) for k, v in calibration.items()}, w2r, r2w, changed, times[:slowest])
