"""The study loop: spaced repetition (FSRS), readiness, and answer forensics.

Every finished run (exam, quiz or drill) updates each served card's FSRS memory state:
wrong -> Again; right but flagged, unsure, guessed or slow -> Hard; right -> Good.
Readiness (v2) is a per-domain ability model in which first-time answers are full evidence and
repeats are modelled (examsim.core.readiness_model; docs/readiness.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler

from examsim.core import readiness_model as rm
from examsim.core.assembler import Exam, ExamEntry
from examsim.core.errors import RatingRefused
from examsim.core.items import Item, Response
from examsim.core.profiles import Profile, largest_remainder
from examsim.core.readiness_model import Answer
from examsim.core.scoring import min_right_to_pass, scaled_score
from examsim.core.store import ItemRecord, RunRow, Store

Now = Callable[[], dt.datetime]
SLOW_FACTOR = 2.0  # slower than twice the exam's time per item counts as "slow"
HALF_LIFE_DAYS = 14.0  # recency weighting of evidence for readiness


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@lru_cache(maxsize=4)
def _scheduler(desired_retention: float = 0.9) -> Scheduler:
    # One short learning step: a missed (Again) or shaky (Hard) card is due within minutes, so
    # a drill right after a run serves it; a first right answer graduates at once (Good: days).
    step = (dt.timedelta(minutes=1),)
    return Scheduler(desired_retention=desired_retention, enable_fuzzing=False, learning_steps=step,
                     relearning_steps=step)


_SAVED = object()


def saved_exam_date(store: Store) -> dt.date | None:
    """The exam date in the settings beside the store (None when unset or unreadable)."""
    from examsim.core.settings import load_settings

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


RATING_NAMES = {int(r): r.name for r in Rating}  # 1 Again, 2 Hard, 3 Good, 4 Easy (Anki's keys)


def _reviewed_card(card_id: str, before: list | tuple | None, rating: Rating, when: dt.datetime,
                   exam_date: dt.date | None = None) -> tuple[FsrsCard, int, int]:
    """The card's FSRS state, reviews and lapses after one review at `rating` from `before`
    (its memory row: fsrs json, due, reviews, lapses; None for a card never reviewed), aimed
    at the exam date when there is one (examsim.core.plan)."""
    from examsim.core.plan import aim_due, desired_retention, exam_start

    if before:
        card = FsrsCard.from_dict(json.loads(before[0]))
        reviews, lapses = before[2], before[3]
    else:
        card = FsrsCard(card_id=_fsrs_id(card_id), due=when)
        reviews, lapses = 0, 0
    scheduler = _scheduler(desired_retention(exam_date, when))
    card, _log = scheduler.review_card(card, rating, review_datetime=when)
    if exam_date is not None:
        card.due = aim_due(card.due, scheduler.get_card_retrievability(card, exam_start(exam_date)), exam_date, when)
    return card, reviews + 1, lapses + int(rating == Rating.Again)


def update_memory(store: Store, exam: Exam, responses: dict[int, Response], records: dict[int, ItemRecord],
                  profile: Profile, now: Now = utc_now, indexes: set[int] | None = None,
                  run_id: int | None = None, exam_date: dt.date | None | object = _SAVED) -> dict[int, dict]:
    """Review the cards of the given exam indexes (default: every item of the run) that were
    shown: an item shown and left unanswered is a lapse; an item never shown is no evidence and
    is left alone. With `run_id`, the items are marked reviewed, each with the review it gave
    (so a rating chosen later can replace it), in the same transaction as the cards' new memory.
    Returns the reviews given, by exam index (one per card reviewed).

    With an exam date (default: the saved one), reviews aim at it (examsim.core.plan): desired
    retention 95% in its last weeks, and a card that would come back after it while its recall
    on exam day would fall short comes back before it."""
    memory = store.memory()
    when = now()
    if exam_date is _SAVED:
        exam_date = saved_exam_date(store)
    pace = profile.minutes * 60 / profile.items
    rows = []
    reviewed_cards: set[str] = set()
    marked: list[tuple[int, str, str | None]] = []
    reviews: dict[int, dict] = {}
    for index, entry in enumerate(exam.entries):
        card_id = entry.item.card_id
        rec = records.get(index)
        if (indexes is not None and index not in indexes) or not (rec and rec.seen):
            continue
        if card_id in reviewed_cards:
            marked.append((index, entry.item.id, None))
            continue
        reviewed_cards.add(card_id)
        correct = entry.item.is_correct(responses.get(index))
        rating = rating_for(correct, rec.flagged, rec.confidence, rec.seconds, pace)
        before = memory.get(card_id)
        card, count, lapses = _reviewed_card(card_id, before, rating, when, exam_date)
        rows.append((card_id, json.dumps(card.to_dict()), card.due.isoformat(), count, lapses))
        reviews[index] = {"rating": int(rating), "chosen": False, "before": list(before) if before else None}
        marked.append((index, entry.item.id, json.dumps(reviews[index])))
    store.save_memory(rows, (run_id, marked) if run_id is not None else None)
    return reviews


def replace_review(store: Store, run_id: int, index: int, item_id: str, card_id: str, review: dict | None,
                   rating: int, now: Now = utc_now) -> dict:
    """The candidate's own rating for an item whose card was reviewed from its answer: the
    review is done again from the card's memory before it, so it replaces that review (the
    card counts one review, not two). The card's memory and the item's review are written in
    one transaction; returns the new review."""
    if review is None:
        raise RatingRefused("this item's card has no review to rate yet: check the answer first")
    before = review.get("before")
    current = store.memory().get(card_id)
    if current is None or current[2] != (before[2] if before else 0) + 1:
        raise RatingRefused("this card was reviewed again since (in another run), so this rating can no longer replace its review")
    card, reviews, lapses = _reviewed_card(card_id, before, Rating(rating), now(), saved_exam_date(store))
    new_review = {"rating": int(rating), "chosen": True, "before": before}
    store.save_memory([(card_id, json.dumps(card.to_dict()), card.due.isoformat(), reviews, lapses)],
                      (run_id, [(index, item_id, json.dumps(new_review))]))
    return new_review


def next_reviews(card_id: str, review: dict | None, now: Now = utc_now,
                 exam_date: dt.date | None = None) -> dict[int, dt.timedelta]:
    """For each rating (1-4), how long until the card would be due if the item's review used
    it (aimed at the exam date, if any): what Anki shows on its answer buttons. Reads and
    writes nothing."""
    if review is None:
        return {}
    when = now()
    return {int(r): _reviewed_card(card_id, review.get("before"), r, when, exam_date)[0].due - when for r in Rating}


def interval_text(delta: dt.timedelta) -> str:
    """'<1 min', '10 min', '5 h', '3 d', '2 mo' (Anki's short interval words)."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return "<1 min"
    if seconds < 3600:
        return f"{round(seconds / 60)} min"
    if seconds < 86400:
        return f"{round(seconds / 3600)} h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)} d"
    if days < 365:
        return f"{days / 30:.1f} mo".replace(".0 ", " ")
    return f"{days / 365:.1f} y".replace(".0 ", " ")


def due_cards(store: Store, now: Now = utc_now) -> list[str]:
    """Cards whose FSRS review is due, most overdue first."""
    when = now()
    due = [(dt.datetime.fromisoformat(d), c) for c, (_f, d, _r, _l) in store.memory().items()]
    return [c for d, c in sorted(due) if d <= when]


def forecast(store: Store, now: Now = utc_now, days: int = 14, tz: dt.tzinfo | None = None) -> list[tuple[dt.date, int]]:
    """How many cards fall due on each of the next `days` days (local dates, or `tz`), today
    first; today also holds the cards already overdue."""
    when = now().astimezone(tz)
    today = when.date()
    counts = [0] * days
    for _fsrs, due, _reviews, _lapses in store.memory().values():
        offset = max(0, (dt.datetime.fromisoformat(due).astimezone(when.tzinfo).date() - today).days)
        if offset < days:
            counts[offset] += 1
    return [(today + dt.timedelta(days=k), n) for k, n in enumerate(counts)]


# ---- evidence and readiness ----
def shown_in_finished_runs(store: Store, profile_id: str | None = None) -> Iterator[tuple[RunRow, ExamEntry, ItemRecord]]:
    """Every item shown in a finished run (of one profile, if given), oldest run first, in exam
    order: the evidence. Items never shown (the run ended before they were reached) are not."""
    for run in store.finished_runs():
        if profile_id is not None and run.profile != profile_id:
            continue
        exam = store.exam(run.id)
        records = store.item_records(run.id)
        for i, entry in enumerate(exam.entries):
            rec = records.get(i)
            if rec is not None and rec.seen:
                yield run, entry, rec


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


def gather_evidence(store: Store, profile: Profile, now: Now = utc_now, half_life_days: float = HALF_LIFE_DAYS) -> Evidence:
    """Every item shown in a finished run of this profile up to `now`, scored or not (an item
    shown and left unanswered is wrong; one never shown is no evidence), each weighted 0.5 **
    (age / half-life) and marked first-time or repeat by the candidate's whole history (a card
    shown in any run before, of any profile, is a repeat)."""
    ev = Evidence()
    when = now()
    shown_at: dict[str, list[dt.datetime]] = defaultdict(list)  # card -> when it was shown
    first_right: dict[str, bool] = {}
    exam_mix: dict[int, Counter] = defaultdict(Counter)
    any_mix: dict[int, Counter] = defaultdict(Counter)
    for run, entry, rec in shown_in_finished_runs(store):
        at = dt.datetime.fromisoformat(run.finished_at or run.created_at)
        if at > when:
            continue  # not yet happened, as of `now`
        item = entry.item
        right = item.is_correct(rec.response)
        earlier = shown_at[item.card_id]
        if run.profile == profile.id:
            age = max(0.0, (when - at).total_seconds() / 86400)
            ages = tuple(max(0.0, (at - t).total_seconds() / 86400) for t in earlier)
            ev.add(Answer(entry.domain, entry.task, item.level, item.kind, right, 0.5 ** (age / half_life_days), ages,
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
    """A domain's estimated chance to get a fresh item right; mean, low and high are None for a
    domain never attempted (no shown item of it): the rest of the evidence says something about
    it (the domains share a general level), but not enough to show it as the candidate's."""

    domain: int
    name: str
    mean: float | None
    low: float | None  # 80% credible interval
    high: float | None
    answers: float
    first_time: int = 0
    repeats: int = 0

    @property
    def attempted(self) -> bool:
        return self.mean is not None

    def describe(self) -> str:
        """'62% (80% interval 48%-75%) from 12 answers (3 repeats)', or 'not yet attempted'."""
        if self.mean is None:
            return "not yet attempted"
        n = round(self.answers)
        repeats = f" ({self.repeats} repeat{'' if self.repeats == 1 else 's'})" if self.repeats else ""
        return f"{self.mean:.0%} (80% interval {self.low:.0%}-{self.high:.0%}) from {n} answer{'' if n == 1 else 's'}{repeats}"


@dataclass
class Readiness:
    """The estimate; with no evidence at all every number is None (`has_evidence` False): a
    chance to pass from nothing would be the prior's, not the candidate's."""

    pass_probability: float | None
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
    expected_percent: float | None = None  # the expected share right on a fresh form (0-100)
    exam_date: str | None = None
    days_left: int | None = None

    @property
    def has_evidence(self) -> bool:
        return self.pass_probability is not None

    @property
    def evidence_text(self) -> str:
        """How much of the evidence is fresh: "112 first-time answers and 40 repeats"."""
        first = f"{self.first_time_answers} first-time answer{'s' if self.first_time_answers != 1 else ''}"
        return f"{first} and {self.repeat_answers} repeat{'s' if self.repeat_answers != 1 else ''}"


NO_EVIDENCE = "no evidence yet (no item shown in a finished run): take a full exam or a quiz to get an estimate."


def readiness(evidence: Evidence, profile: Profile, *, draws: int = 400, seed: int = 0) -> Readiness:
    """Chance to pass a fresh form, with an 80% interval (readiness_model; docs/readiness.md).

    For each posterior draw of the domain abilities, the exact distribution of the number right
    on a fresh form (the blueprint's scored counts per domain) gives that draw's chance to pass;
    the estimate is their mean, the interval their 10th-90th percentiles."""
    if not evidence.records:
        return Readiness(None, None, None, None, None, None, 0,
                         [DomainReadiness(d.number, d.name, None, None, None, 0.0) for d in profile.domain])
    counts = largest_remainder(profile.scored, [d.weight for d in profile.domain])
    model = rm.fit(evidence.records, [d.number for d in profile.domain], evidence.composition)
    samples = rm.draw_abilities(model, draws, seed)
    out_domains = []
    for k, d in enumerate(profile.domain):
        first = sum(1 for a in evidence.records if a.domain == d.number and a.first_time)
        total = sum(1 for a in evidence.records if a.domain == d.number)
        if not total:
            out_domains.append(DomainReadiness(d.number, d.name, None, None, None, 0.0))
            continue
        accuracies = sorted(model.accuracy(k, s[k]) for s in samples)
        out_domains.append(DomainReadiness(d.number, d.name, sum(accuracies) / len(accuracies), rm.quantile(accuracies, 0.1),
                                           rm.quantile(accuracies, 0.9), float(total), first, total - first))
    cut = min_right_to_pass(profile.scored, profile.scale)
    pass_probs = []
    score_mix = [0.0] * (profile.scored + 1)
    expected_right = 0.0
    for s in samples:
        accuracies = [model.accuracy(k, s[k]) for k in range(len(counts))]
        expected_right += sum(n * a for n, a in zip(counts, accuracies)) / len(samples)
        pmf = rm.total_right_pmf(accuracies, counts)
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
        expected_percent=round(100 * expected_right / profile.scored, 1),
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


def complete_answers(item: Item, answers: list[Response | None]) -> list[Response]:
    """The answers the candidate settled on, in order: each complete answer that differs from
    the complete answer before it. Building an answer (the two options of a Select TWO item,
    the steps of an ordering, the pairs of a matching) is one answer, not a change; clearing it
    and giving the same answer again is no change either. What "answers changed" counts."""
    def same_as(answer: Response) -> tuple:  # a multiple-response answer is a set of options
        return tuple(sorted(answer)) if item.kind == "multiple-response" else tuple(answer)

    settled: list[Response] = []
    for answer in answers:
        if item.is_complete(answer) and (not settled or same_as(settled[-1]) != same_as(answer)):
            settled.append(tuple(answer))
    return settled


def forensics(store: Store, run_id: int, slowest: int = 5) -> Forensics:
    exam = store.exam(run_id)
    records = store.item_records(run_id)
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
        answers = complete_answers(entry.item, [r for _t, r in history.get(i, [])])
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
