"""The optimizer's part of an explanation: exact non-local maxima and conflicting families.

Both questions are asked per independent part, because a part is a sub-problem that no rule
links to the rest: its maximum adds up, and if it has no plan the whole scenario has none. The
jobs are plain picklable values so that large scenarios can use the same executors as
:mod:`planner.strategy`.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace

import numpy as np

from models.build import MaxNonlocal
from models.decompose import components, part
from models.engines import Status
from models.families import ALL, Family
from models.instance import Instance, IntArray
from models.solve import solve
from planner.executor import Executor, gather

#: Every rule but the targets: the conditions of the contract's "largest reachable count".
NO_TARGET = ALL & ~Family.TARGET

#: The order in which the deletion filter tries to relax families. A family tried early is
#: dropped whenever the rest still conflict; one tried late is kept whenever it matters. So the
#: facts of the data go first and the target last: the conflict is then stated, where that is
#: true, in terms of the target and the rules a scenario key changes, which is what a planner
#: can act on. ``one_seat`` is never relaxed (without it a plan is not an assignment).
RELAX_ORDER: tuple[Family, ...] = (
    Family.DISCIPLINE, Family.RETIREMENT, Family.LOCALITY, Family.QUALIFICATION,
    Family.PLANNING, Family.DISTANCE, Family.PIN, Family.KINSHIP, Family.ONE_NEW_HEAD,
    Family.BATCH_CAP, Family.CROSS_GROUP, Family.TENURE, Family.SEAT_FILLED, Family.TARGET,
)

_FEASIBILITY = MaxNonlocal(np.zeros(0, dtype=np.int64))  # zero objective: stop at any plan


def admitted_only(instance: Instance) -> Instance:
    """The instance without the pairs the usual rules refuse (what ``all_pairs=False`` builds).

    Maxima are computed with every rule but the target enforced, and the target refuses no
    pair, so refused pairs would only slow the parts down and link them needlessly.
    """
    keep = instance.admitted(ALL) | instance.forced(ALL)
    if bool(keep.all()):
        return instance
    pairs = np.flatnonzero(keep)
    new_index = np.full(instance.n_pairs, -1, dtype=np.int64)
    new_index[pairs] = np.arange(len(pairs))
    kinship = []
    for members in instance.kinship:
        inside = new_index[members]
        inside = inside[inside >= 0]
        if len(inside) >= 2:
            kinship.append(inside)
    return replace(
        instance,
        pair_official=instance.pair_official[pairs], pair_seat=instance.pair_seat[pairs],
        pair_keep=instance.pair_keep[pairs], pair_nonlocal=instance.pair_nonlocal[pairs],
        pair_km=instance.pair_km[pairs], pair_score=instance.pair_score[pairs],
        pair_refused=instance.pair_refused[pairs], pair_forced=instance.pair_forced[pairs],
        kinship=tuple(kinship))


# ---------------------------------------------------------------------------------------------
# maxima


@dataclass(frozen=True)
class Maximum:
    """The most non-locals among some seats of one part, with every rule but the target."""

    status: Status
    value: int | None  # the best count found
    bound: int  # proven upper bound (== value when OPTIMAL)


@dataclass(frozen=True, eq=False)
class ReachJob:
    instance: Instance
    goals: tuple[IntArray, ...]  # seat sets (sub-instance indices), one maximisation each
    deadline: float
    seed: int
    engine: str


def run_reach(job: ReachJob) -> list[Maximum | None]:
    """One maximisation per goal; None for every goal when the part has no plan at all."""
    out: list[Maximum | None] = []
    for seats in job.goals:
        remaining = max(job.deadline - time.time(), 0.05)
        sol = solve(job.instance, engine=job.engine, time_limit_s=remaining, seed=job.seed,
                    enforced=NO_TARGET, goal=MaxNonlocal(seats))
        if sol.status is Status.INFEASIBLE:
            return [None] * len(job.goals)
        value = None if sol.objective is None else round(sol.objective)
        if sol.status is Status.OPTIMAL and value is not None:
            out.append(Maximum(Status.OPTIMAL, value, value))
            continue
        bound = len(seats) if sol.bound is None else math.floor(sol.bound + 1e-6)
        out.append(Maximum(sol.status, value, min(bound, len(seats))))
    return out


@dataclass(frozen=True)
class RowMaximum:
    value: int | None  # proven maximum, or upper bound when not proven; None: no plan
    best_found: int | None
    proven: bool


def maxima(instance: Instance, rows: list[IntArray], *, deadline: float, seed: int,
           engine: str, executor: Executor) -> list[RowMaximum]:
    """For each row (dense seat set): the most non-locals it can hold, exactly, when every
    rule holds but the targets. Rows are split by the independent parts of the instance
    without its targets; a part is solved once per distinct intersection with a row."""
    plain = replace(admitted_only(instance), targets=())
    parts = [part(plain, seats) for seats in components(plain, NO_TARGET)]
    seat_part = np.full(instance.n_seats, -1, dtype=np.int64)
    for index, p in enumerate(parts):
        seat_part[p.seats] = index
    goal_keys: list[dict[tuple[int, ...], int]] = [{} for _ in parts]
    # row -> list of (part, goal index)
    row_goals: list[list[tuple[int, int]]] = []
    for row in rows:
        uses = []
        for index in np.unique(seat_part[row]):
            p = parts[int(index)]
            local = np.searchsorted(p.seats, np.intersect1d(row, p.seats))
            key = tuple(int(s) for s in local)
            goals = goal_keys[int(index)]
            goals.setdefault(key, len(goals))
            uses.append((int(index), goals[key]))
        row_goals.append(uses)
    busy = [i for i, goals in enumerate(goal_keys) if goals]
    jobs = [ReachJob(parts[i].instance,
                     tuple(np.array(k, dtype=np.int64) for k in goal_keys[i]),
                     deadline, seed, engine) for i in busy]
    results = dict(zip(busy, gather(executor, run_reach, jobs), strict=True))
    out = []
    for uses in row_goals:
        found = [results[i][g] for i, g in uses]
        if any(m is None for m in found):
            out.append(RowMaximum(None, None, False))
            continue
        ms = [m for m in found if m is not None]
        proven = all(m.status is Status.OPTIMAL for m in ms)
        best = None if any(m.value is None for m in ms) else sum(int(m.value or 0) for m in ms)
        out.append(RowMaximum(sum(m.bound for m in ms), best, proven))
    return out


# ---------------------------------------------------------------------------------------------
# conflicts


@dataclass(frozen=True, eq=False)
class SolveJob:
    """A feasibility check, or (``conflicts``) the deletion filter of a part with no plan."""

    instance: Instance
    deadline: float
    seed: int
    engine: str
    conflicts: bool = False


@dataclass(frozen=True)
class Diagnosis:
    status: Status  # of the part under every rule
    kept: int = 0  # the conflicting families (a Family mask), when INFEASIBLE
    minimal: bool = True
    solves: int = 1


def active_families(instance: Instance) -> Family:
    """Families whose relaxation changes this part's model at all; the others need no solve."""
    mask = 0
    for bits in np.unique(instance.pair_refused | instance.pair_forced):
        mask |= int(bits)
    if not instance.allow_vacancies:
        mask |= int(Family.SEAT_FILLED)
    if any(t.required > 0 for t in instance.targets):
        mask |= int(Family.TARGET)
    if instance.kinship:
        mask |= int(Family.KINSHIP)
    if instance.max_changes_per_group > 0:
        mask |= int(Family.BATCH_CAP)
    if instance.one_new_head_per_unit:
        mask |= int(Family.ONE_NEW_HEAD)
    return Family(mask)


def _status(job: SolveJob, enforced: Family) -> Status:
    remaining = max(job.deadline - time.time(), 0.05)
    return solve(job.instance, engine=job.engine, time_limit_s=remaining, seed=job.seed,
                 enforced=enforced, goal=_FEASIBILITY).status


def run_check(job: SolveJob) -> Diagnosis:
    """Feasibility under every rule, or, for a part known to have no plan, a deletion filter.

    The filter relaxes one family at a time and keeps it relaxed while the part still has no
    plan: what remains enforced is a set of families that conflict, each one needed. A check
    that runs out of time keeps its family (the set stays a proven conflict, maybe not minimal).
    """
    if not job.conflicts:
        return Diagnosis(_status(job, ALL))
    active = active_families(job.instance)
    kept = ALL
    minimal = True
    solves = 0
    for family in RELAX_ORDER:
        trial = kept & ~family
        if not active & family:
            kept = trial
            continue
        if time.time() >= job.deadline:
            minimal = False
            continue
        solves += 1
        status = _status(job, trial)
        if status is Status.INFEASIBLE:
            kept = trial
        elif status is Status.UNKNOWN:
            minimal = False
    return Diagnosis(Status.INFEASIBLE, int(kept & ~Family.ONE_SEAT), minimal, solves)


@dataclass(frozen=True)
class PartDiagnosis:
    seats: IntArray  # dense seats of the part
    diagnosis: Diagnosis


def diagnose(instance: Instance, *, deadline: float, conflict_deadline: float, seed: int,
             engine: str, executor: Executor) -> list[PartDiagnosis]:
    """Every independent part checked under every rule; conflicts found where none has a plan.

    ``instance`` must hold the refused pairs too (``build_problem(..., all_pairs=True)``),
    else relaxing a filter admits nothing. The parts are those of the full rules (a part of
    the relaxed problem may reach further: the conflict is then minimal for the part, and
    still a proof that the scenario has no plan). Feasibility is checked on the admitted pairs
    only; the pairs the rules refuse are brought in just for the parts with no plan.
    """
    seat_sets = components(instance, ALL)
    plain = admitted_only(instance)
    checks = [SolveJob(part(plain, seats).instance, deadline, seed, engine)
              for seats in seat_sets]
    results = gather(executor, run_check, checks)
    failed = [i for i, d in enumerate(results) if d.status is Status.INFEASIBLE]
    filters = [SolveJob(part(instance, seat_sets[i]).instance, conflict_deadline, seed, engine,
                        conflicts=True) for i in failed]
    for i, found in zip(failed, gather(executor, run_check, filters), strict=True):
        results[i] = replace(found, solves=found.solves + 1)
    return [PartDiagnosis(s, d) for s, d in zip(seat_sets, results, strict=True)]
