"""Simulated candidates that behave like real ones, for validating readiness (docs/readiness.md).

The world: a bank whose items have difficulties spread as in a real item bank (an item
response model: 2PL with a guessing floor, so 3PL for the kinds one can guess), with level
labels that follow difficulty only loosely, and a real exam drawn from the same population
of items the candidate has never seen.

A candidate: per-domain ability that grows with practice (each answer, with diminishing
returns) and with study between sessions (per day); exposure: a card seen before is answered
right more often than its difficulty says, because the candidate may remember its key, a
memory that fades with time and is stronger when the key was shown (quiz feedback, or the
candidate reviewed the exam). None of this is readiness's own model: the model must cope.

A candidate studies through the real code: modes.new_exam / new_quiz / new_drill assemble the
runs, a Session with an injected clock records every answer, timing and FSRS review in a real
Store with an injected wall clock. Readiness then reads those stored runs.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w

from examsim.core.assembler import QuizFilter
from examsim.core.bank import Bank, load_bank
from examsim.core.items import Item
from examsim.core.modes import new_drill, new_exam, new_quiz
from examsim.core.profiles import Profile, largest_remainder
from examsim.core.runs import create_run
from examsim.core.scoring import scaled_score
from examsim.core.store import Store
from examsim.core.synthetic import synthetic_cards

T0 = dt.datetime(2026, 9, 1, 8, 0, tzinfo=dt.timezone.utc)
LEVELS = ("foundational", "intermediate", "advanced", "expert")
# How much harder a kind is than a single-answer item of the same card (logits), and the
# chance of guessing it right with no knowledge at all.
KIND_SHIFT = {"multiple-choice": 0.0, "multiple-response": 0.5, "ordering": 0.7, "matching": 0.4}
GUESS = {"multiple-choice": 0.2, "multiple-response": 0.05, "ordering": 0.02, "matching": 0.02}


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -30 else 0.0


@dataclass(frozen=True)
class ItemTruth:
    discrimination: float
    difficulty: float
    guess: float

    def p_right(self, ability: float) -> float:
        return self.guess + (1 - self.guess) * _sigmoid(self.discrimination * (ability - self.difficulty))


class World:
    """A bank on disk with each card's true difficulty, and the real exam's item population."""

    def __init__(self, folder: Path, profile: Profile, *, per_task: int, seed: int = 0):
        self.profile = profile
        # Domains differ in difficulty by the world's seed alone: banks of any size of one world
        # are equally hard on average.
        shifts = random.Random(f"world-{seed}")
        self.domain_shift = {d.number: shifts.gauss(0, 0.3) for d in profile.domain}
        rng = random.Random(f"world-{seed}-{per_task}")
        doc = synthetic_cards(per_task)
        self.card_difficulty: dict[str, float] = {}
        self.card_discrimination: dict[str, float] = {}
        for card in doc["card"]:
            difficulty = rng.gauss(self.domain_shift[card["domain"]], 1.0)
            self.card_difficulty[card["id"]] = difficulty
            self.card_discrimination[card["id"]] = math.exp(rng.gauss(0, 0.3))
            card["level"] = self._label(difficulty, rng)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"world-{seed}-{per_task}.toml"
        path.write_text(tomli_w.dumps(doc), encoding="utf-8")
        self.bank: Bank = load_bank([path], profile)
        kinds = self._form_kind_mix(rng)
        # The real exam: 600 items per domain the candidate never sees, as hard as the bank (new
        # cards like the bank's own: the validation assumes the bank is a fair sample of the exam).
        self.population: dict[int, list[ItemTruth]] = {}
        for d in profile.domain:
            cards = [c["id"] for c in doc["card"] if c["domain"] == d.number]
            self.population[d.number] = [
                ItemTruth(self.card_discrimination[card], self.card_difficulty[card] + rng.gauss(0, 0.2) + KIND_SHIFT[k], GUESS[k])
                for card, k in zip(rng.choices(cards, k=600), rng.choices(list(kinds), weights=list(kinds.values()), k=600))
            ]
        self.counts = largest_remainder(profile.scored, [d.weight for d in profile.domain])
        self.cut = next(r for r in range(profile.scored + 1)
                        if scaled_score(r, profile.scored, profile.scale) >= profile.scale.pass_mark)

    @staticmethod
    def _label(difficulty: float, rng: random.Random) -> str:
        # Authors' levels follow difficulty only loosely.
        noisy = difficulty + rng.gauss(0, 0.6)
        return LEVELS[sum(noisy > edge for edge in (-0.8, 0.2, 1.0))]

    def _form_kind_mix(self, rng: random.Random) -> dict[str, float]:
        from examsim.core.assembler import assemble_exam

        counts = {k: 0 for k in KIND_SHIFT}
        for seed in range(5):
            for e in assemble_exam(self.bank.items, self.profile, seed).entries:
                counts[e.item.kind] += 1
        total = sum(counts.values())
        return {k: n / total for k, n in counts.items()}

    def truth(self, item: Item) -> ItemTruth:
        return ItemTruth(self.card_discrimination[item.card_id],
                         self.card_difficulty[item.card_id] + KIND_SHIFT[item.kind], GUESS[item.kind])


@dataclass
class Exposure:
    day: float
    key_shown: bool


@dataclass
class Candidate:
    ability: dict[int, float]  # per domain, logits, on day 0
    practice_gain: float  # logits gained with unlimited practice
    practice_scale: float  # answers in a domain for 63% of that gain
    study_per_day: float  # logits a day from study outside examsim
    memory: float  # chance to recall a key seen once, just after seeing it
    memory_half_life: float  # days
    review_chance: float  # chance to review a finished exam (and so see every key)
    speed: float  # seconds-per-item multiplier
    answered: dict[int, int] = field(default_factory=dict)
    seen: dict[str, list[Exposure]] = field(default_factory=dict)

    @classmethod
    def draw(cls, rng: random.Random, profile: Profile, mean_ability: float = 0.4) -> Candidate:
        general = rng.gauss(mean_ability, 0.8)
        return cls(
            ability={d.number: general + rng.gauss(0, 0.4) for d in profile.domain},
            practice_gain=rng.uniform(0.0, 0.6), practice_scale=80.0, study_per_day=rng.uniform(0.0, 0.01),
            memory=rng.uniform(0.2, 0.8), memory_half_life=rng.uniform(3.0, 21.0),
            review_chance=rng.uniform(0.3, 1.0), speed=math.exp(rng.gauss(0, 0.2)),
        )

    def theta(self, domain: int, day: float) -> float:
        practice = self.practice_gain * (1 - math.exp(-self.answered.get(domain, 0) / self.practice_scale))
        return self.ability[domain] + practice + self.study_per_day * day

    def recall(self, card_id: str, day: float) -> float:
        """Chance to remember the key of a card seen before (each exposure a fading trace)."""
        forget = 1.0
        for e in self.seen.get(card_id, ()):
            strength = self.memory if e.key_shown else self.memory * 0.3
            forget *= 1 - strength * 0.5 ** ((day - e.day) / self.memory_half_life)
        return 1 - forget

    def p_right(self, world: World, item: Item, domain: int, day: float) -> float:
        m = self.recall(item.card_id, day)
        return m + (1 - m) * world.truth(item).p_right(self.theta(domain, day))

    def fresh_accuracy(self, world: World, domain: int, day: float) -> float:
        theta = self.theta(domain, day)
        population = world.population[domain]
        return sum(t.p_right(theta) for t in population) / len(population)

    def true_pass_probability(self, world: World, day: float) -> float:
        """The chance to pass a real form today: items never seen, exact over the number right."""
        pmf = [1.0]
        for d, n in zip(world.profile.domain, world.counts):
            p = self.fresh_accuracy(world, d.number, day)
            binom = [math.comb(n, k) * p ** k * (1 - p) ** (n - k) for k in range(n + 1)]
            out = [0.0] * (len(pmf) + n)
            for i, x in enumerate(pmf):
                for j, y in enumerate(binom):
                    out[i + j] += x * y
            pmf = out
        return sum(pmf[world.cut:])

    def expected_fresh_percent(self, world: World, day: float) -> float:
        """The expected share right on a real form (the blueprint's domain counts)."""
        total = sum(n * self.fresh_accuracy(world, d.number, day) for d, n in zip(world.profile.domain, world.counts))
        return total / sum(world.counts)


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _wrong_answer(item: Item, key: tuple[int, ...], rng: random.Random) -> tuple[int, ...]:
    """A complete, wrong answer in shown indexes."""
    if item.kind == "multiple-choice":
        return (rng.choice([o for o in range(len(item.options)) if o not in key]),)
    if item.kind == "multiple-response":
        others = [o for o in range(len(item.options)) if o not in key]
        return tuple(sorted(key[1:] + (rng.choice(others),)))
    swapped = list(key)
    swapped[0], swapped[1] = swapped[1], swapped[0]
    return tuple(swapped)


@dataclass
class Sitting:
    """One run as the candidate experienced it (for the baselines)."""

    mode: str
    day: float
    percent: float
    passed: bool | None


class Student:
    """One candidate studying with examsim: every run goes through a real Session and Store."""

    def __init__(self, world: World, candidate: Candidate, store: Store, rng: random.Random):
        self.world, self.candidate, self.store, self.rng = world, candidate, store, rng
        self.day = 0.0
        self.sittings: list[Sitting] = []
        self.store.wall_clock = self.wall
        self._clock = _Clock()
        self.on_sitting: Callable[[Sitting], None] | None = None  # called after each sitting (checkpoints)

    def wall(self) -> dt.datetime:
        return T0 + dt.timedelta(days=self.day, seconds=self._clock.now)

    def sit(self, kind: str, domain: int | None = None) -> Sitting:
        world, profile = self.world, self.world.profile
        seed = self.rng.randrange(1 << 30)
        if kind == "exam":
            exam = new_exam(world.bank, profile, seed=seed, store=self.store)
        elif kind == "drill":
            exam = new_drill(world.bank, profile, self.store, count=20, seed=seed, now=self.wall)
        elif kind == "domain":
            exam = new_quiz(world.bank, profile, QuizFilter(domains=[domain]), count=20, seed=seed, feedback="end",
                            timed=True, title=f"Domain {domain} quiz", store=self.store)
        else:
            exam = new_quiz(world.bank, profile, QuizFilter(), count=10, seed=seed, feedback="now", title="Quick 10",
                            store=self.store)
        self._clock.now = 0.0
        session = create_run(exam, profile, self.store, clock=self._clock)
        session.start()
        feedback_now = exam.feedback == "now"
        c = self.candidate
        for i, entry in enumerate(exam.entries):
            if session.expire_if_over():
                break  # out of time: the rest stay unanswered (and unseen)
            session.goto(i)
            item = entry.item
            truth = world.truth(item)
            p = c.p_right(world, item, entry.domain, self.day)
            key = entry.presentation.shown_key(item)
            session.set_response(i, key if self.rng.random() < p else _wrong_answer(item, key, self.rng))
            # Harder items take longer; a candidate has their own pace.
            self._clock.now += c.speed * math.exp(self.rng.gauss(math.log(max(30.0, 75 + 12 * truth.difficulty)), 0.35))
            if feedback_now:
                session.reveal(i)
            c.answered[entry.domain] = c.answered.get(entry.domain, 0) + 1
        report = session.submit()
        session.close()
        exam_seen = [e for i, e in enumerate(exam.entries) if i <= session.position]
        reviewed = feedback_now or self.rng.random() < c.review_chance
        for entry in exam_seen:
            c.seen.setdefault(entry.item.card_id, []).append(Exposure(self.day, reviewed))
        sitting = Sitting(exam.mode, self.day, report.percent, report.passed)
        self.sittings.append(sitting)
        if self.on_sitting is not None:
            self.on_sitting(sitting)
        return sitting

    def rest(self, days: float) -> None:
        self.day += days


def typical_history(student: Student, rng: random.Random) -> None:
    """A realistic study path: a mix of full exams, domain quizzes, quick quizzes and drills over
    two to six weeks, at least one full exam."""
    sessions = rng.randint(3, 7)
    kinds = ["exam"] + [rng.choices(["exam", "domain", "quick", "drill"], weights=[3, 3, 2, 3])[0] for _ in range(sessions - 1)]
    rng.shuffle(kinds)
    for n, kind in enumerate(kinds):
        if kind == "drill" and not student.store.memory():
            kind = "quick"
        student.sit(kind, domain=rng.choice([d.number for d in student.world.profile.domain]))
        student.rest(rng.uniform(1.0, 7.0) if n < len(kinds) - 1 else rng.uniform(0.0, 2.0))


def retaker_history(student: Student, rng: random.Random, takes: int = 5) -> None:
    """Five full exams from one small bank, every few days: mostly repeats after the first two."""
    for n in range(takes):
        student.sit("exam")
        student.rest(rng.uniform(1.0, 4.0) if n < takes - 1 else rng.uniform(0.0, 1.0))
