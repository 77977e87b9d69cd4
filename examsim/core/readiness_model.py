"""Readiness v2: the chance to pass a fresh form, from first-time answers and modelled repeats.

The model (docs/readiness.md has it in words, with its validation and limits):
- Each domain d has an ability theta_d (logits); the domains share a general level. An item
  has a difficulty: its bank level and kind give an offset c (re-estimated from the
  candidate's own first-time answers where a level or kind has enough of them), and the
  item's own deviation u ~ N(0, ITEM_SPREAD^2).
- An answer given earlier reflects the ability then: today's less what practice (answers in
  the domain since) and study (weeks since) taught; both rates are unknown, with priors.
- A first-time answer is right with P = E_u[sigmoid(z - u)] ~ sigmoid(KAPPA z), z = ability then - c.
- A repeat is right if the candidate recalls the key (chance m) or else knows it:
  P = m + (1 - m) A(z, first answer right?), where A conditions the item's own deviation u on
  how the candidate did the first time (an item missed then is probably hard for them). The
  recall chance m = 1 - prod_e (1 - mu 0.5 ** (age_e / MEMORY_HALF_LIFE)) over the card's
  earlier showings; mu, the candidate's memory for keys, is unknown and learned from how
  repeats compare with first times. So a right repeat is weak evidence, a wrong one full.
- Every answer's log-likelihood is weighted by recency (0.5 ** (age / 14 days)).
- The posterior of [abilities, learning, study, memory] is approximated by a normal around its
  mode (Newton on the analytic gradient and Hessian: a Laplace approximation).
- A fresh form draws new items (the composition of the forms the candidate took) with the
  blueprint's counts per domain; per posterior draw the chance to pass is exact.

Pure Python (no numpy): a handful of parameters, a few hundred answers.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass

ITEM_SPREAD = 1.0  # sd of item difficulty around its level/kind offset (logits)
KAPPA = 1.0 / math.sqrt(1.0 + math.pi * ITEM_SPREAD ** 2 / 8.0)  # logistic-normal -> logistic
ABILITY_PRIOR_MEAN = 0.6  # a candidate with no answers: about 62% of fresh single-answer items right
GENERAL_SD, DOMAIN_SD = 0.8, 0.5  # abilities share a general level (sd), domains differ around it (sd)
LEARNING_PRIOR = (0.3, 0.2)  # logits gained per 100 answers in a domain (mean, sd): practice teaches
STUDY_PRIOR = (0.03, 0.03)  # logits gained per week of study outside examsim (mean, sd)
MEMORY_PRIOR = (-0.6, 1.0)  # logit of the chance to recall a key seen once, just after (mean, sd)
MEMORY_HALF_LIFE = 10.0  # days for a remembered key to fade by half
# Bank priors for difficulty (logits, relative to an intermediate multiple-choice item).
LEVEL_OFFSET = {"foundational": -0.6, "intermediate": 0.0, "advanced": 0.5, "expert": 1.0}
KIND_OFFSET = {"multiple-choice": 0.0, "multiple-response": 0.4, "ordering": 0.6, "matching": 0.4}
OFFSET_MIN_ANSWERS = 30  # first-time answers a level or kind needs before its offset is re-estimated
OFFSET_SHRINK = 30.0  # ... and how strongly the estimate is pulled to the bank prior


@dataclass(frozen=True)
class Answer:
    """One answer to an item the candidate was shown, as readiness sees it."""

    domain: int
    task: str | None
    level: str | None
    kind: str
    right: bool
    weight: float  # recency: 0.5 ** (age in days / half-life)
    exposures: tuple[float, ...] = ()  # days since each earlier showing of its card; () = first time
    first_right: bool | None = None  # the card's first-time answer was right (None on a first time)
    practice_after: int = 0  # answers in its domain given after it (the candidate learned since)
    age: float = 0.0  # days before now

    @property
    def first_time(self) -> bool:
        return not self.exposures


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


# ---- repeats: P(right again | right or wrong the first time), with no memory ----
_A_STEP = 0.05
_A_MIN = -12.0
_A_TABLE: dict[bool, list[float]] = {}
# u ~ N(0, 1) on a plain quadrature (-6..6): the integrands are smooth, and this is computed once.
_NORMAL = [(-6.0 + 0.2 * k, math.exp(-0.5 * (-6.0 + 0.2 * k) ** 2)) for k in range(61)]


def _again_table() -> dict[bool, list[float]]:
    if not _A_TABLE:
        for first_right in (True, False):
            values = []
            for k in range(int(2 * -_A_MIN / _A_STEP) + 1):
                x = _A_MIN + k * _A_STEP
                num = den = 0.0
                for z, w in _NORMAL:
                    p = _sigmoid(x - ITEM_SPREAD * z)
                    first = p if first_right else 1 - p
                    num += w * first * p
                    den += w * first
                values.append(num / den if den > 0 else _sigmoid(KAPPA * x))
            _A_TABLE[first_right] = values
    return _A_TABLE


def again_probability(x: float, first_right: bool) -> float:
    """P(right on a repeat, with no memory of the key) for ability-minus-offset x, given the
    first answer to the same item: an item's own difficulty shows in how it went before."""
    return again_with_slope(x, first_right)[0]


def again_with_slope(x: float, first_right: bool) -> tuple[float, float]:
    """again_probability and its derivative in x (linear between table points)."""
    table = _A_TABLE[first_right] if _A_TABLE else _again_table()[first_right]
    pos = (min(max(x, _A_MIN), -_A_MIN) - _A_MIN) / _A_STEP
    k = min(int(pos), len(table) - 2)
    lo, hi = table[k], table[k + 1]
    return lo + (hi - lo) * (pos - k), (hi - lo) / _A_STEP


def again_derivatives(x: float, first_right: bool) -> tuple[float, float, float]:
    """again_probability with its first and second derivatives (central differences)."""
    h = 2 * _A_STEP
    mid = again_with_slope(x, first_right)[0]
    up = again_with_slope(x + h, first_right)[0]
    down = again_with_slope(x - h, first_right)[0]
    return mid, (up - down) / (2 * h), (up - 2 * mid + down) / (h * h)


# ---- difficulty offsets ----
def _prior_offset(level: str | None, kind: str) -> float:
    return LEVEL_OFFSET.get(level or "intermediate", 0.0) + KIND_OFFSET.get(kind, 0.0)


def estimate_offsets(answers: list[Answer], ability: dict[int, float]) -> tuple[dict[str, float], dict[str, float]]:
    """Level and kind offsets: the bank prior, moved toward what the candidate's first-time
    answers say where a level or kind has OFFSET_MIN_ANSWERS of them (one Newton step from the
    prior, shrunk: offsets are relative, the common part stays in ability)."""
    levels = dict(LEVEL_OFFSET)
    kinds = dict(KIND_OFFSET)
    for table, key in ((levels, lambda a: a.level or "intermediate"), (kinds, lambda a: a.kind)):
        groups: dict[str, list[Answer]] = defaultdict(list)
        for a in answers:
            if a.first_time:
                groups[key(a)].append(a)
        for name, members in groups.items():
            if len(members) < OFFSET_MIN_ANSWERS or name not in table:
                continue
            gradient = hessian = 0.0
            for a in members:
                p = _sigmoid(KAPPA * (ability.get(a.domain, ABILITY_PRIOR_MEAN) - _prior_offset(a.level, a.kind)))
                gradient += a.weight * KAPPA * (p - a.right)  # d loglik / d offset
                hessian += a.weight * KAPPA * KAPPA * p * (1 - p)
            table[name] += gradient / (hessian + OFFSET_SHRINK * 0.25)
    return levels, kinds


# ---- the fit: a Laplace approximation around the posterior mode ----
@dataclass
class Fit:
    """The posterior, approximately normal: mode and covariance of
    [abilities..., learning per 100 answers, study per week, memory logit]."""

    domains: list[int]
    mode: list[float]
    covariance: list[list[float]]
    accuracy_offsets: dict[int, list[tuple[float, float]]]  # domain -> [(offset, share of a fresh form)]
    first_time: int
    repeats: int

    def accuracy(self, domain_index: int, theta: float) -> float:
        """The chance to get a fresh item of the domain right at ability theta."""
        return sum(share * _sigmoid(KAPPA * (theta - c)) for c, share in self.accuracy_offsets[self.domains[domain_index]])

    @property
    def learning(self) -> float:
        return self.mode[len(self.domains)]

    @property
    def study(self) -> float:
        return self.mode[len(self.domains) + 1]

    @property
    def memory(self) -> float:
        return _sigmoid(self.mode[len(self.domains) + 2])


def _recall_terms(traces: tuple[float, ...], mu: float) -> tuple[float, float, float]:
    """F = the chance to have forgotten the key (every earlier showing's trace, 0.5 ** (age /
    half-life), faded), dlog(F)/dmu, and -d2log(F)/dmu2."""
    forget, slope, curve = 1.0, 0.0, 0.0
    for r in traces:
        kept = 1.0 - mu * r
        forget *= kept
        slope -= r / kept
        curve += (r / kept) ** 2
    return forget, slope, curve


class _Problem:
    """The log posterior of [theta_1..theta_D, learning, study, memory logit] and its gradient.

    An answer given at an earlier time reflects the ability then: today's ability less what
    was learned since, by practice (answers in the domain since) and by study (weeks since)."""

    def __init__(self, answers: list[Answer], domains: list[int], offset) -> None:
        self.domains = domains
        self.n = len(domains) + 3
        index = {d: k for k, d in enumerate(domains)}
        # Rows (domain index, offset, practice after / 100, weeks ago, right, first_right or None, memory traces)
        # with their summed weights: answers alike in all of these are one row.
        rows: Counter = Counter()
        for a in answers:
            if a.domain in index:
                traces = tuple(round(0.5 ** (age / MEMORY_HALF_LIFE), 3) for age in a.exposures)
                rows[(index[a.domain], offset(a.level, a.kind), round(a.practice_after / 5) * 0.05, round(a.age / 7.0, 2),
                      a.right, a.first_right if a.exposures else None, traces)] += a.weight
        self.rows = [key[:4] + (w,) + key[4:] for key, w in rows.items()]
        # Prior: abilities share a general level (covariance GENERAL_SD^2 J + DOMAIN_SD^2 I).
        D = len(domains)
        cov = [[GENERAL_SD ** 2 + (DOMAIN_SD ** 2 if i == j else 0.0) for j in range(D)] for i in range(D)]
        self.prior_precision = _inverse(cov)

    def evaluate(self, p: list[float], hessian: bool = True) -> tuple[float, list[float], list[list[float]]]:
        """The log posterior at p, its gradient and (analytic) Hessian."""
        D = len(self.domains)
        L, S, E = D, D + 1, D + 2  # learning, study, memory logit
        learning, study, eta = p[L], p[S], p[E]
        mu = _sigmoid(eta)
        dmu = mu * (1.0 - mu)
        d2mu = dmu * (1.0 - 2.0 * mu)
        grad = [0.0] * self.n
        hess = [[0.0] * self.n for _ in range(self.n)]
        # Priors: normal, so their Hessian is minus their precision.
        dev = [p[i] - ABILITY_PRIOR_MEAN for i in range(D)]
        value = 0.0
        for i in range(D):
            g = -sum(self.prior_precision[i][j] * dev[j] for j in range(D))
            grad[i] += g
            value += 0.5 * dev[i] * g
            for j in range(D):
                hess[i][j] -= self.prior_precision[i][j]
        for k, (x, (mean, sd)) in ((L, (learning, LEARNING_PRIOR)), (S, (study, STUDY_PRIOR)), (E, (eta, MEMORY_PRIOR))):
            value -= 0.5 * ((x - mean) / sd) ** 2
            grad[k] -= (x - mean) / sd ** 2
            hess[k][k] -= 1.0 / sd ** 2
        log = math.log
        for d, c, later, weeks, w, right, first_right, traces in self.rows:
            z = p[d] - learning * later - study * weeks - c
            l_mu = l_zmu = l_mumu = 0.0
            if first_right is None:
                q = _sigmoid(KAPPA * z)
                value += w * log(max(1e-300, q if right else 1.0 - q))
                l_z = KAPPA * ((1.0 if right else 0.0) - q)
                l_zz = -KAPPA * KAPPA * q * (1.0 - q)
            else:
                knows, a1, a2 = again_derivatives(z, first_right)
                forget, s1, s2 = _recall_terms(traces, mu)  # F, dlogF/dmu, -d2logF/dmu2
                if right:
                    miss = 1.0 - knows
                    f = max(1e-300, 1.0 - forget * miss)
                    value += w * log(f)
                    f_z, f_zz = forget * a1, forget * a2
                    f_mu = -miss * forget * s1
                    f_zmu = a1 * forget * s1
                    f_mumu = -miss * forget * (s1 * s1 - s2)
                    l_z, l_mu = f_z / f, f_mu / f
                    l_zz = f_zz / f - l_z * l_z
                    l_zmu = f_zmu / f - l_z * l_mu
                    l_mumu = f_mumu / f - l_mu * l_mu
                else:
                    miss = max(1e-12, 1.0 - knows)
                    value += w * (log(max(1e-300, forget)) + log(miss))
                    l_z = -a1 / miss
                    l_zz = -a2 / miss - l_z * l_z
                    l_mu, l_mumu = s1, -s2
            grad[d] += w * l_z
            grad[L] -= w * l_z * later
            grad[S] -= w * l_z * weeks
            grad[E] += w * l_mu * dmu
            if hessian:
                # z moves with theta_d (+1), learning (-later) and study (-weeks).
                v = ((d, 1.0), (L, -later), (S, -weeks))
                for a, va in v:
                    row = hess[a]
                    for b, vb in v:
                        row[b] += w * l_zz * va * vb
                    cross = w * l_zmu * dmu * va
                    row[E] += cross
                    hess[E][a] += cross
                hess[E][E] += w * (l_mumu * dmu * dmu + l_mu * d2mu)
        return value, grad, hess


def _inverse(m: list[list[float]]) -> list[list[float]]:
    """Gauss-Jordan with partial pivoting (small symmetric matrices)."""
    n = len(m)
    a = [row[:] + [1.0 if i == j else 0.0 for j in range(n)] for i, row in enumerate(m)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        div = a[col][col]
        if abs(div) < 1e-15:
            raise ZeroDivisionError("singular matrix")
        a[col] = [v / div for v in a[col]]
        for r in range(n):
            if r != col and a[r][col]:
                factor = a[r][col]
                a[r] = [v - factor * u for v, u in zip(a[r], a[col])]
    return [row[n:] for row in a]


def _cholesky(m: list[list[float]]) -> list[list[float]]:
    n = len(m)
    out = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1):
            s = m[i][j] - sum(out[i][k] * out[j][k] for k in range(j))
            out[i][j] = math.sqrt(max(s, 1e-12)) if i == j else s / out[j][j]
    return out


def fit(answers: list[Answer], domains: list[int], composition: dict[int, Counter]) -> Fit:
    """The posterior mode (damped Newton) and covariance (inverse of the negative Hessian)."""
    rough = {d: _first_time_ability([a for a in answers if a.domain == d]) for d in domains}
    levels, kinds = estimate_offsets(answers, rough)

    def offset(level: str | None, kind: str) -> float:
        return levels.get(level or "intermediate", 0.0) + kinds.get(kind, 0.0)

    problem = _Problem(answers, domains, offset)
    # Start from each domain's first-time share, placed above the items' mean difficulty.
    start = []
    for d in domains:
        fresh = [offset(a.level, a.kind) for a in answers if a.domain == d and a.first_time]
        start.append(rough[d] + (sum(fresh) / len(fresh) if fresh else 0.0))
    p = start + [LEARNING_PRIOR[0], STUDY_PRIOR[0], MEMORY_PRIOR[0]]
    value, grad, hess = problem.evaluate(p)
    for _ in range(30):
        try:
            step = [-v for v in _solve(hess, grad)]
        except ZeroDivisionError:
            step = [0.1 * g for g in grad]
        # Newton ascends only where the Hessian is negative definite; else a gradient step.
        if sum(s * g for s, g in zip(step, grad)) <= 0:
            step = [0.1 * g for g in grad]
        scale = 1.0
        while True:
            trial = [v + scale * s for v, s in zip(p, step)]
            trial_value, trial_grad, trial_hess = problem.evaluate(trial)
            if trial_value >= value - 1e-9 or scale < 1e-4:
                break
            scale *= 0.5
        moved = max(abs(scale * s) for s in step)
        p, value, grad, hess = trial, trial_value, trial_grad, trial_hess
        if moved < 1e-4:
            break
    try:
        covariance = _inverse([[-v for v in row] for row in hess])
    except ZeroDivisionError:
        covariance = [[1.0 if i == j else 0.0 for j in range(len(p))] for i in range(len(p))]
    mix_offsets = {}
    for d in domains:
        mix = composition.get(d) or Counter({(None, "multiple-choice"): 1})
        total = sum(mix.values())
        mix_offsets[d] = [(offset(level, kind), n / total) for (level, kind), n in mix.items()]
    first = sum(1 for a in answers if a.domain in rough and a.first_time)
    return Fit(domains, p, covariance, mix_offsets, first, sum(1 for a in answers if a.domain in rough) - first)


def _first_time_ability(answers: list[Answer]) -> float:
    """A rough ability from first-time answers alone (a starting point, and for the offsets)."""
    right = sum(a.weight for a in answers if a.first_time and a.right)
    total = sum(a.weight for a in answers if a.first_time)
    share = (right + 1.0) / (total + 2.0)
    return math.log(share / (1 - share)) / KAPPA


def _solve(m: list[list[float]], b: list[float]) -> list[float]:
    inv = _inverse(m)
    return [sum(inv[i][j] * b[j] for j in range(len(b))) for i in range(len(b))]


def draw_abilities(model: Fit, draws: int, seed: int) -> list[list[float]]:
    """Posterior draws of the domain abilities (normal around the mode; antithetic pairs)."""
    rng = random.Random(seed)
    chol = _cholesky(model.covariance)
    n, D = len(model.mode), len(model.domains)
    out = []
    while len(out) < draws:
        z = [rng.gauss(0, 1) for _ in range(n)]
        for sign in (1, -1):
            out.append([model.mode[i] + sign * sum(chol[i][k] * z[k] for k in range(i + 1)) for i in range(D)])
    return out[:draws]


# ---- predictions ----
def binomial_pmf(n: int, p: float) -> list[float]:
    q = 1.0 - p
    return [_COMB[n][k] * p ** k * q ** (n - k) for k in range(n + 1)]


_COMB = [[math.comb(n, k) for k in range(n + 1)] for n in range(201)]


def convolve(a: list[float], b: list[float]) -> list[float]:
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
        pmf = convolve(pmf, binomial_pmf(n, p))
    return pmf


def quantile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    pos = q * (len(sorted_values) - 1)
    lo, hi = math.floor(pos), math.ceil(pos)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def grid_quantile(values: list[float], weights: list[float], q: float) -> float:
    """The q-quantile of a discrete distribution (values ascending)."""
    cumulative = 0.0
    for v, w in zip(values, weights):
        cumulative += w
        if cumulative >= q:
            return v
    return values[-1]
