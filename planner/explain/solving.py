"""The optimizer's part of an explanation: exact non-local maxima and conflicting families.

Both questions are asked per independent part, because a part is a sub-problem that no rule
links to the rest: its maximum adds up, and if it has no plan the whole scenario has none. The
jobs are plain picklable values so that large scenarios can use the same executors as
:mod:`planner.solve.strategy`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np

from models.decompose import components, part
from models.engines import Status
from models.families import ALL, Family
from models.instance import BoolArray, Instance, IntArray
from planner.explain.relaxation import decide, floor_bound
from planner.solve.executor import Executor, gather

#: Every rule but the targets: the conditions of the contract's "largest reachable count".
NO_TARGET = ALL & ~Family.TARGET

#: The order in which the deletion filter tries to relax families. A family tried early is
#: dropped whenever the rest still conflict; one tried late is kept whenever it matters. So the
#: facts of the data go first and the target last: the conflict is then stated, where that is
#: true, in terms of the target and the rules a scenario key changes, which is what a planner
#: can act on. ``one_seat`` is never relaxed (without it a plan is not an assignment).
RELAX_ORDER: tuple[Family, ...] = (
    Family.DISCIPLINE,
    Family.RETIREMENT,
    Family.LOCALITY,
    Family.QUALIFICATION,
    Family.PLANNING,
    Family.DISTANCE,
    Family.PIN,
    Family.KINSHIP,
    Family.ONE_NEW_HEAD,
    Family.BATCH_CAP,
    Family.CROSS_GROUP,
    Family.TENURE,
    Family.SEAT_FILLED,
    Family.TARGET,
)


def restrict(instance: Instance, keep: BoolArray) -> Instance:
    """The instance with only the ``keep`` pairs (kinship sets follow; officials stay)."""
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
        pair_official=instance.pair_official[pairs],
        pair_seat=instance.pair_seat[pairs],
        pair_keep=instance.pair_keep[pairs],
        pair_nonlocal=instance.pair_nonlocal[pairs],
        pair_km=instance.pair_km[pairs],
        pair_score=instance.pair_score[pairs],
        pair_refused=instance.pair_refused[pairs],
        pair_forced=instance.pair_forced[pairs],
        kinship=tuple(kinship),
    )


def admitted_only(instance: Instance) -> Instance:
    """The instance without the pairs the usual rules refuse (what ``all_pairs=False`` builds).

    Maxima are computed with every rule but the target enforced, and the target refuses no
    pair, so refused pairs would only slow the parts down and link them needlessly.
    """
    return restrict(instance, instance.admitted(ALL) | instance.forced(ALL))


def without_twins(instance: Instance, enforced: Family) -> Instance:
    """Drop officials who are interchangeable with enough others, under ``enforced``.

    With cross-group moves and the data filters relaxed, thousands of officials from other
    groups may take any seat of a group, all in the same way (non-local, a new placement). No
    plan uses more of such twins than the seats they may take, and any plan can swap the ones
    it uses for the first of them; so keeping that many is exact for every question asked
    here (no objective tells twins apart: costs are not asked). Officials with a forced pair or
    in a kinship set are never dropped. On Hanoi 2023 this cuts a relaxed district check from
    150k pairs to a few thousand.
    """
    usable = instance.admitted(enforced) | instance.forced(enforced)
    pairs = np.flatnonzero(usable)
    if len(pairs) == 0:
        return instance
    official = instance.pair_official[pairs]
    code = (
        instance.pair_seat[pairs] * 4
        + instance.pair_nonlocal[pairs] * 2
        + instance.pair_keep[pairs]
    )
    order = np.lexsort((code, official))
    official, code = official[order], code[order]
    special = np.zeros(instance.n_officials, dtype=bool)
    special[instance.pair_official[instance.forced(enforced)]] = True
    for members in instance.kinship:
        special[instance.pair_official[members]] = True
    starts = np.flatnonzero(np.r_[True, official[1:] != official[:-1]])
    ends = np.r_[starts[1:], len(official)]
    kept = np.zeros(instance.n_officials, dtype=bool)
    taken: dict[bytes, int] = {}
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        who = int(official[start])
        if special[who]:
            kept[who] = True
            continue
        signature = code[start:end].tobytes()
        seen = taken.get(signature, 0)
        if seen < end - start:  # at most as many twins as seats they may take
            kept[who] = True
            taken[signature] = seen + 1
    return restrict(instance, usable & kept[instance.pair_official])


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
        answer = decide(
            without_twins(job.instance, NO_TARGET),
            enforced=NO_TARGET,
            seats=seats,
            deadline=job.deadline,
            seed=job.seed,
            engine=job.engine,
        )
        if answer.status is Status.INFEASIBLE:
            return [None] * len(job.goals)
        value = None if answer.value is None else round(answer.value)
        if answer.status is Status.OPTIMAL and value is not None:
            out.append(Maximum(Status.OPTIMAL, value, value))
        else:
            out.append(Maximum(answer.status, value, floor_bound(answer.bound, len(seats))))
    return out


@dataclass(frozen=True)
class RowMaximum:
    value: int | None  # proven maximum, or upper bound when not proven; None: no plan
    best_found: int | None
    proven: bool
    shared: bool = False  # another target draws on the same part: both maxima may not coexist


def maxima(
    instance: Instance,
    rows: list[IntArray],
    *,
    deadline: float,
    seed: int,
    engine: str,
    executor: Executor,
) -> list[RowMaximum]:
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
    jobs = [
        ReachJob(
            parts[i].instance,
            tuple(np.array(k, dtype=np.int64) for k in goal_keys[i]),
            deadline,
            seed,
            engine,
        )
        for i in busy
    ]
    results = dict(zip(busy, gather(executor, run_reach, jobs), strict=True))
    rows_in_part = np.zeros(len(parts), dtype=np.int64)
    for uses in row_goals:
        for i, _ in uses:
            rows_in_part[i] += 1
    out = []
    for uses in row_goals:
        found = [results[i][g] for i, g in uses]
        shared = any(rows_in_part[i] > 1 for i, _ in uses)
        if any(m is None for m in found):
            out.append(RowMaximum(None, None, False, shared))
            continue
        ms = [m for m in found if m is not None]
        proven = all(m.status is Status.OPTIMAL for m in ms)
        best = None if any(m.value is None for m in ms) else sum(int(m.value or 0) for m in ms)
        out.append(RowMaximum(sum(m.bound for m in ms), best, proven, shared))
    return out


# ---------------------------------------------------------------------------------------------
# conflicts


#: Up to this many candidate pairs in all, a check with cross-group moves relaxed looks as far
#: as the relaxed rules link seats (exact); above it, only at the failing part's own groups:
#: exact when their plan borrows nobody, else as if officials from elsewhere were free to come
#: (the family is then kept: the conflict stays sound but may not be minimal).
EXACT_PAIRS = 50_000


@dataclass(frozen=True, eq=False)
class SolveJob:
    """A feasibility check, or (``conflicts``) the deletion filter of a part with no plan.

    For the filter, ``instance`` covers whole groups (with every pair); ``whole`` and ``seats``
    (the same seats in ``whole``'s indices) are set when the scenario is small enough to follow
    the relaxed rules beyond those groups.
    """

    instance: Instance
    deadline: float
    seed: int
    engine: str
    conflicts: bool = False
    cross_group_moves: bool = False
    everything: bool = False  # ``instance`` covers every seat of the scenario
    whole: Instance | None = None
    seats: IntArray | None = None


@dataclass(frozen=True)
class Diagnosis:
    status: Status  # under every rule
    kept: int = 0  # the conflicting families (a Family mask), when INFEASIBLE
    minimal: bool = True
    timed_out: bool = False  # a check ran out of time (else: a check could not look far enough)


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


def _status(job: SolveJob, instance: Instance, enforced: Family) -> Status:
    return decide(
        without_twins(instance, enforced),
        enforced=enforced,
        deadline=job.deadline,
        seed=job.seed,
        engine=job.engine,
    ).status


def _relaxed_status(job: SolveJob, trial: Family) -> tuple[Status, bool]:
    """The status under ``trial`` and whether it is exact for the whole scenario.

    While cross-group moves stay off, an official's admitted pairs lie in one group, so whole
    groups are a closed sub-problem; otherwise the relaxed rules may link further.
    """
    if job.everything or (trial & Family.CROSS_GROUP and not job.cross_group_moves):
        return _status(job, job.instance, trial), True
    if job.whole is not None and job.seats is not None:
        reach = [c for c in components(job.whole, trial) if np.isin(c, job.seats).any()]
        sub = part(job.whole, np.concatenate(reach)).instance
        return _status(job, sub, trial), True
    # Look at the part's own groups only. A plan that borrows nobody from another group
    # combines with the other groups' own plans, so finding one is exact; so is finding none
    # even with borrowing. Only "a plan, but only by borrowing" may be too hopeful. (With
    # cross-group moves allowed by the scenario no pair says who would be borrowed.)
    if not job.cross_group_moves:
        own = _status(job, job.instance, trial | Family.CROSS_GROUP)
        if own in (Status.OPTIMAL, Status.FEASIBLE, Status.UNKNOWN):
            return own, True
    status = _status(job, job.instance, trial)
    return status, status is Status.INFEASIBLE


def run_check(job: SolveJob) -> Diagnosis:
    """Feasibility under every rule, or, for a part known to have no plan, a deletion filter.

    The filter relaxes one family at a time and keeps it relaxed while there is still no plan:
    what remains enforced is a set of families that conflict, each one needed. A check that
    runs out of time, or that could only look at the part's own groups, keeps its family: the
    set stays a proven conflict, possibly not minimal.
    """
    if not job.conflicts:
        return Diagnosis(_status(job, job.instance, ALL))
    active = active_families(job.whole if job.whole is not None else job.instance)
    kept = ALL
    minimal = True
    timed_out = False
    for family in RELAX_ORDER:
        trial = kept & ~family
        if not active & family:
            kept = trial
            continue
        if time.time() >= job.deadline:
            minimal, timed_out = False, True
            continue
        status, exact = _relaxed_status(job, trial)
        if status is Status.INFEASIBLE:
            kept = trial
        elif status is Status.UNKNOWN:
            minimal, timed_out = False, True
        elif not exact:
            minimal = False
    return Diagnosis(Status.INFEASIBLE, int(kept & ~Family.ONE_SEAT), minimal, timed_out)


@dataclass(frozen=True)
class Diagnosed:
    """The parts under every rule, and the conflicts of those with no plan."""

    parts: list[tuple[IntArray, Status]]  # seats of each independent part, its status
    conflicts: list[tuple[IntArray, Diagnosis]]  # seats of whole groups, their conflict


def _closures(seat_sets: list[IntArray], failed: list[int], seat_group: IntArray) -> list[IntArray]:
    """For the failing parts: the seats of their whole groups (with every part touching them),
    one set per distinct closure."""
    groups = [set(np.unique(seat_group[s]).tolist()) for s in seat_sets]
    seen: set[frozenset[int]] = set()
    out = []
    for i in failed:
        members, reached = {i}, set(groups[i])
        while True:
            more = {j for j, g in enumerate(groups) if j not in members and g & reached}
            if not more:
                break
            members |= more
            for j in more:
                reached |= groups[j]
        key = frozenset(members)
        if key not in seen:
            seen.add(key)
            out.append(np.sort(np.concatenate([seat_sets[j] for j in sorted(members)])))
    return out


def diagnose(
    instance: Instance,
    *,
    deadline: float,
    conflict_deadline: float,
    seed: int,
    engine: str,
    executor: Executor,
    cross_group_moves: bool,
    known_infeasible: IntArray | None = None,
) -> Diagnosed:
    """Every independent part checked under every rule; conflicts found where none has a plan.

    ``instance`` must hold the refused pairs too (``build_problem(..., all_pairs=True)``),
    else relaxing a filter admits nothing. Feasibility is checked on the admitted pairs only;
    refused pairs are brought in just for the groups with no plan, whose conflict is then
    narrowed down over whole groups (see :func:`_relaxed_status`). ``known_infeasible`` seats
    (those of a target already shown out of reach) spare their parts the first check.
    """
    seat_sets = components(instance, ALL)
    plain = admitted_only(instance)
    known = np.zeros(instance.n_seats, dtype=bool)
    if known_infeasible is not None:
        known[known_infeasible] = True
    todo = [i for i, seats in enumerate(seat_sets) if not known[seats].any()]
    checks = [SolveJob(part(plain, seat_sets[i]).instance, deadline, seed, engine) for i in todo]
    statuses = [Status.INFEASIBLE] * len(seat_sets)
    for i, d in zip(todo, gather(executor, run_check, checks), strict=True):
        statuses[i] = d.status
    failed = [i for i, st in enumerate(statuses) if st is Status.INFEASIBLE]
    closures = _closures(seat_sets, failed, instance.seat_group)
    small = instance.n_pairs <= EXACT_PAIRS
    filters = []
    for seats in closures:
        everything = len(seats) == instance.n_seats
        follow = small and not everything
        filters.append(
            SolveJob(
                part(instance, seats).instance,
                conflict_deadline,
                seed,
                engine,
                conflicts=True,
                cross_group_moves=cross_group_moves,
                everything=everything,
                whole=instance if follow else None,
                seats=seats if follow else None,
            )
        )
    found = gather(executor, run_check, filters)
    return Diagnosed(
        list(zip(seat_sets, statuses, strict=True)), list(zip(closures, found, strict=True))
    )
