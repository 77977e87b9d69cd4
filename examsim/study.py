"""The study loop: spaced repetition (FSRS), readiness, and answer forensics.

Every finished run (exam, quiz or drill) updates each served card's FSRS memory state:
wrong -> Again; right but flagged, unsure, guessed or slow -> Hard; right -> Good.
Readiness is a Beta-Binomial model per domain, combined by the blueprint (docs/readiness.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler

from examsim.assembler import Exam
from examsim.items import Response
from examsim.profiles import Profile, largest_remainder
from examsim.scoring import scaled_score
from examsim.store import ItemRecord, Store

Now = Callable[[], dt.datetime]
SLOW_FACTOR = 2.0  # slower than twice the exam's time per item counts as "slow"
HALF_LIFE_DAYS = 14.0  # recency weighting of evidence for readiness


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _scheduler() -> Scheduler:
    # One short learning step: a missed (Again) or shaky (Hard) card is due within minutes, so
    # a drill right after a run serves it; a first right answer graduates at once (Good: days).
    step = (dt.timedelta(minutes=1),)
    return Scheduler(enable_fuzzing=False, learning_steps=step, relearning_steps=step)


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
                  run_id: int | None = None) -> int:
    """Review the cards of the given exam indexes (default: every card the run served; an
    unanswered item is a lapse). With `run_id`, the items are marked reviewed in the same
    transaction as the cards' new memory. Returns how many cards were reviewed."""
    scheduler = _scheduler()
    memory = store.memory()
    when = now()
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
    """Recency-weighted right/wrong counts of scored answers, per domain and per task statement."""

    domain: dict[int, list[float]] = field(default_factory=lambda: defaultdict(lambda: [0.0, 0.0]))
    task: dict[str, list[float]] = field(default_factory=lambda: defaultdict(lambda: [0.0, 0.0]))
    answers: int = 0


def gather_evidence(store: Store, profile: Profile, now: Now = utc_now, half_life_days: float = HALF_LIFE_DAYS) -> Evidence:
    """Scored answers of finished runs of this profile, each weighted 0.5 ** (age / half-life)."""
    ev = Evidence()
    when = now()
    for run in store.finished_runs():
        if run.profile != profile.id:
            continue
        age_days = max(0.0, (when - dt.datetime.fromisoformat(run.finished_at or run.created_at)).total_seconds() / 86400)
        weight = 0.5 ** (age_days / half_life_days)
        exam = store.exam(run.id)
        records = store.items(run.id)
        for i, entry in enumerate(exam.entries):
            if not entry.scored:
                continue
            rec = records.get(i)
            right = entry.item.is_correct(rec.response if rec else None)
            slot = 0 if right else 1
            ev.domain[entry.domain][slot] += weight
            if entry.task:
                ev.task[entry.task][slot] += weight
            ev.answers += 1
    return ev


@dataclass
class DomainReadiness:
    domain: int
    name: str
    mean: float
    low: float  # 80% credible interval
    high: float
    answers: float


@dataclass
class Readiness:
    pass_probability: float
    pass_low: float  # 80% interval of the pass probability
    pass_high: float
    score_median: int
    score_low: int  # 80% interval of a fresh form's scaled score
    score_high: int
    answers: int
    domains: list[DomainReadiness]

    def to_json(self) -> dict:
        from dataclasses import asdict

        return asdict(self)


def _binomial_pmf(n: int, p: float) -> list[float]:
    return [math.comb(n, k) * p ** k * (1 - p) ** (n - k) for k in range(n + 1)]


def _convolve(a: list[float], b: list[float]) -> list[float]:
    out = [0.0] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        if x:
            for j, y in enumerate(b):
                out[i + j] += x * y
    return out


def total_right_pmf(abilities: list[float], counts: list[int]) -> list[float]:
    """Distribution of the number right on a fresh form, given per-domain abilities."""
    pmf = [1.0]
    for p, n in zip(abilities, counts):
        pmf = _convolve(pmf, _binomial_pmf(n, p))
    return pmf


def _quantile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    pos = q * (len(sorted_values) - 1)
    lo, hi = math.floor(pos), math.ceil(pos)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def readiness(evidence: Evidence, profile: Profile, *, draws: int = 400, seed: int = 0,
              prior: tuple[float, float] = (1.0, 1.0)) -> Readiness:
    """Chance to pass a fresh form, with an 80% interval, from a Beta-Binomial model.

    Each domain's ability has a Beta(prior + weighted right, prior + weighted wrong) posterior.
    For each posterior draw, the exact distribution of the number right on a fresh form (the
    blueprint's scored counts per domain) gives that draw's pass probability and score.
    """
    rng = random.Random(seed)
    domains = [d.number for d in profile.domain]
    counts = largest_remainder(profile.scored, [d.weight for d in profile.domain])
    params = []
    out_domains = []
    for d in profile.domain:
        right, wrong = evidence.domain.get(d.number, [0.0, 0.0])
        a, b = prior[0] + right, prior[1] + wrong
        params.append((a, b))
        samples = sorted(rng.betavariate(a, b) for _ in range(400))
        out_domains.append(DomainReadiness(d.number, d.name, a / (a + b), _quantile(samples, 0.1), _quantile(samples, 0.9), right + wrong))
    cut = next(r for r in range(profile.scored + 1) if scaled_score(r, profile.scored, profile.scale) >= profile.scale.pass_mark)
    pass_probs = []
    score_mix = [0.0] * (profile.scored + 1)
    for _ in range(draws):
        abilities = [rng.betavariate(a, b) for a, b in params]
        pmf = total_right_pmf(abilities, counts)
        pass_probs.append(sum(pmf[cut:]))
        for r, pr in enumerate(pmf):
            score_mix[r] += pr / draws
    pass_probs.sort()
    cumulative, quantiles = 0.0, {}
    for r, pr in enumerate(score_mix):
        cumulative += pr
        for q in (0.1, 0.5, 0.9):
            if q not in quantiles and cumulative >= q:
                quantiles[q] = r
    to_scaled = lambda r: scaled_score(r, profile.scored, profile.scale)  # noqa: E731
    return Readiness(
        pass_probability=sum(pass_probs) / draws, pass_low=_quantile(pass_probs, 0.1), pass_high=_quantile(pass_probs, 0.9),
        score_median=to_scaled(quantiles[0.5]), score_low=to_scaled(quantiles[0.1]), score_high=to_scaled(quantiles[0.9]),
        answers=evidence.answers, domains=out_domains,
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
        if entry.item.is_complete(response):  # calibration speaks of answers given in full
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
