"""`planner roadmap` as a library call: the joint plan, the one-at-a-time plan, the batches.

1. :func:`prepare` reads the scenario's batches, builds each batch's single-batch problem on
   the state it would have if nobody moved (so the date-dependent rules of section 4 are the
   ordinary ones, not a copy) and the ramp of required counts, and assembles the
   :class:`~planner.roadmap.model.JointInstance`.
2. :func:`solve_joint` solves ONE model over all batches, part by independent part
   (:func:`models.decompose.components` on the union of every batch's pairs).
3. :func:`solve_greedy` plans the batches one at a time with the ordinary solver, each
   least-cost given the one before: what the roadmap is compared with.
4. :func:`batch_plans` rolls the state forward along a plan and turns each batch into an
   ordinary problem and plan, checked by the validator (a failure is a bug: nothing written).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType
from typing import Any

import numpy as np

from models import engines
from models import objective as cost_parts
from models.decompose import components
from models.engines import Status
from models.instance import NO_ONE, Instance, IntArray, TargetRow
from models.linear import LinearModel
from planner.domain.distance import Distances
from planner.domain.records import Dataset, Official
from planner.domain.retirement import retirement_date
from planner.domain.tree import AdminTree
from planner.errors import BadInput, Problem
from planner.i18n import _
from planner.inputs.scenario import Scenario
from planner.roadmap import state as rolling
from planner.roadmap.model import HOLD, KEEP, NEW, BatchPairs, JointInstance, build
from planner.roadmap.ramp import ratio_text, required_counts
from planner.roadmap.table import Roadmap
from planner.rules.eligibility import Pin
from planner.rules.plain import is_local
from planner.solve.plan import Plan, plan_from_assignment
from planner.solve.problem import PlanningProblem, build_problem
from planner.solve.run import InvalidPlan, solve_problem, validate_plans


@dataclass(frozen=True)
class BatchTarget:
    """One target of the roadmap: a group (and role), today's and each batch's counts."""

    group_id: str
    role: str | None
    seat_ids: tuple[str, ...]
    today: int
    final: int
    required: tuple[int, ...]  # per batch


@dataclass(frozen=True, eq=False)
class Setup:
    scenario: Scenario
    roadmap: Roadmap
    dataset: Dataset
    tree: AdminTree
    distances: Distances
    pins: tuple[Pin, ...]
    dates: tuple[date, ...]
    targets: tuple[BatchTarget, ...]
    stay_problems: tuple[PlanningProblem, ...]  # batch k's rules on the state if nobody moved
    joint: JointInstance

    @property
    def seat_unit(self) -> dict[str, str]:
        return {s.seat_id: s.unit_id for s in self.dataset.seats}


def _no_targets(scenario: Scenario, day: date, pins: bool) -> Scenario:
    target = replace(scenario.target, min_nonlocal_ratio=0.0, groups={}, roles={})
    target = replace(target, group_roles={})
    return replace(scenario, as_of=day, target=target, pins=scenario.pins if pins else None)


def role_targets(scenario: Scenario) -> bool:
    """Whether the scenario sets per-role targets (``target.roles`` or ``target.group_roles``)."""
    return bool(scenario.target.roles) or bool(scenario.target.group_roles)


def batch_scenario(setup: Setup, k: int) -> Scenario:
    """Batch ``k`` (0-based) as an ordinary scenario: its date, its required counts stated as
    exact ratios (contract section 10), one plan, the pins on the first batch only."""
    scenario = setup.scenario
    groups: dict[str, float] = {}
    group_roles: dict[str, dict[str, float]] = {}
    for t in setup.targets:
        ratio = float(ratio_text(t.required[k], len(t.seat_ids)))
        if t.role is None:
            groups[t.group_id] = ratio
        else:
            group_roles.setdefault(t.group_id, {})[t.role] = ratio
    target = replace(scenario.target, groups=MappingProxyType(groups), roles=MappingProxyType({}))
    effective = dict(scenario.effective)
    effective_target = dict(effective.get("target", {}))
    effective_target.update(groups=groups, roles={})
    if group_roles:
        target = replace(target, group_roles=MappingProxyType(group_roles))
        effective_target["group_roles"] = group_roles
    effective.update(
        as_of=setup.dates[k].isoformat(),
        target=effective_target,
        plans={**dict(effective.get("plans", {})), "count": 1},
        pins=effective.get("pins", "") if k == 0 else "",
    )
    effective.pop("roadmap", None)
    return replace(
        scenario,
        as_of=setup.dates[k],
        target=target,
        plans=replace(scenario.plans, count=1),
        pins=scenario.pins if k == 0 else None,
        roadmap=None,
        effective=MappingProxyType(effective),
    )


def _stay_states(officials: Sequence[Official], as_of: date, dates: Sequence[date]) -> list:
    states = []
    current, when = tuple(officials), as_of
    for day in dates:
        current = rolling.age(current, when, day)
        when = day
        states.append(current)
    return states


def prepare(
    scenario: Scenario,
    dataset: Dataset,
    tree: AdminTree,
    *,
    pins: Sequence[Pin] = (),
    roadmap: Roadmap | None = None,
) -> Setup:
    roadmap = roadmap or scenario.roadmap
    if roadmap is None:
        raise BadInput(
            Problem(
                scenario.path.name,
                None,
                "roadmap.batches",
                _('a roadmap needs batch dates, e.g. [roadmap] batches = ["2022-06-01"]'),
            )
        )
    dates = roadmap.batches
    distances = Distances.from_dataset(dataset, tree)
    base = build_problem(replace(scenario, pins=None), dataset, tree, distances=distances, pins=())
    ctx = base.rule_context()
    incumbents = base.incumbents
    K = len(dates)
    targets = []
    for t in base.targets:
        today = sum(
            1
            for s in t.seat_ids
            if (holder := incumbents[s]) is not None and not is_local(ctx, holder, s)
        )
        targets.append(
            BatchTarget(
                t.group_id,
                t.role,
                t.seat_ids,
                today,
                t.required,
                required_counts(today, t.required, K, roadmap.ramp),
            )
        )
    stays = _stay_states(dataset.officials, scenario.as_of, dates)
    problems = tuple(
        build_problem(
            _no_targets(scenario, day, pins=k == 0),
            replace(dataset, officials=stays[k]),
            tree,
            distances=distances,
            pins=tuple(pins) if k == 0 else (),
        )
        for k, day in enumerate(dates)
    )
    ids = problems[0].official_ids
    if any(p.official_ids != ids or p.seat_ids != problems[0].seat_ids for p in problems):
        raise AssertionError("every batch must share the officials and seats of the first")
    setup = Setup(
        scenario=scenario,
        roadmap=roadmap,
        dataset=dataset,
        tree=tree,
        distances=distances,
        pins=tuple(pins),
        dates=dates,
        targets=tuple(targets),
        stay_problems=problems,
        joint=None,  # type: ignore[arg-type]  # filled just below
    )
    return replace(setup, joint=joint_instance(setup))


def joint_instance(setup: Setup, targets: Sequence[BatchTarget] | None = None) -> JointInstance:
    """The dense roadmap: every batch's pairs (KEEP, NEW, HOLD) and rows' data."""
    scenario, problems, dates = setup.scenario, setup.stay_problems, setup.dates
    first = problems[0]
    inst0 = first.instance
    K, n_o = len(dates), inst0.n_officials
    rules = scenario.rules
    retire_at_age = rules.retire_at_age
    retire_day = [
        retirement_date(o.birth_date, o.gender, rules.retirement) for o in first.officials
    ]
    retired = np.array([[r <= d for r in retire_day] for d in dates], dtype=bool).reshape(K, n_o)
    batches: list[BatchPairs] = []
    earlier: dict[int, tuple[int, int, bool, int, int]] = {}  # key -> pair facts, first seen
    for k, problem in enumerate(problems):
        inst = problem.instance
        ok = inst.pair_refused == 0
        keep = ok & inst.pair_keep
        if retire_at_age:
            keep &= ~retired[k, inst.pair_official]
        new = ok & ~inst.pair_keep
        keys = inst.pair_seat * max(n_o, 1) + inst.pair_official
        kind = np.where(inst.pair_keep, KEEP, NEW)
        chosen = keep | new
        forced = (inst.pair_forced != 0) & chosen
        pb = BatchPairs(
            inst.pair_official[chosen],
            inst.pair_seat[chosen],
            kind[chosen],
            forced[chosen],
            inst.pair_nonlocal[chosen],
            inst.pair_km[chosen],
            inst.pair_score[chosen],
        )
        here = set(keys[new].tolist())
        hold = [
            (key, facts)
            for key, facts in earlier.items()
            if key not in here and not (retire_at_age and retired[k, facts[0]])
        ]
        if hold:
            h = np.array([f for _, f in hold], dtype=np.int64)
            extra = BatchPairs(
                h[:, 0],
                h[:, 1],
                np.full(len(h), HOLD),
                np.zeros(len(h), dtype=bool),
                h[:, 2].astype(bool),
                h[:, 3],
                h[:, 4],
            )
            pb = _merged(pb, extra, n_o)
        batches.append(pb)
        for i in np.flatnonzero(new).tolist():
            key = int(keys[i])
            if key not in earlier:
                earlier[key] = (
                    int(inst.pair_official[i]),
                    int(inst.pair_seat[i]),
                    bool(inst.pair_nonlocal[i]),
                    int(inst.pair_km[i]),
                    int(inst.pair_score[i]),
                )

    group_index = {g: i for i, g in enumerate(first.groups)}
    role_index = {r: i for i, r in enumerate(first.roles)}
    seat_index = {s: i for i, s in enumerate(first.seat_ids)}
    rows = tuple(
        tuple(
            TargetRow(
                group_index[t.group_id],
                None if t.role is None else role_index[t.role],
                np.array([seat_index[s] for s in t.seat_ids], dtype=np.int64),
                t.required[k],
            )
            for t in (targets if targets is not None else setup.targets)
        )
        for k in range(K)
    )
    since = [[rolling.grown_along(0.0, dates[j : k + 1]) for k in range(K)] for j in range(K)]
    upper = np.triu(np.ones((K, K), dtype=bool), 1)
    stay = upper & (np.array(since) < rules.min_years_before_move)
    span_max = upper & (np.array(since) >= rules.max_years_in_post)
    leaves = np.array(
        [p.facts.must_leave & (p.facts.incumbent_seat >= 0) for p in problems], dtype=bool
    ).reshape(K, n_o)
    unplanned = np.full(n_o, -1, dtype=np.int64)
    for o, seat in enumerate(first.facts.incumbent_seat.tolist()):
        if seat >= 0:
            role = first.seats[seat].role
            if role not in first.officials[o].planned_roles:
                unplanned[o] = role_index[role]
    o_index = {oid: i for i, oid in enumerate(first.official_ids)}
    relatives = sorted(
        {
            (min(a, b), max(a, b))
            for r in setup.dataset.relations
            if (a := o_index.get(r.official_a)) is not None
            and (b := o_index.get(r.official_b)) is not None
            and a != b
        }
    )
    kin_units = [setup.tree.ancestor_at(s.unit_id, rules.kinship_level) for s in first.seats]
    kin_code = {u: i for i, u in enumerate(dict.fromkeys(kin_units))}
    costs = scenario.objective
    return JointInstance(
        n_officials=n_o,
        n_seats=inst0.n_seats,
        n_groups=inst0.n_groups,
        seat_group=inst0.seat_group,
        seat_unit=inst0.seat_unit,
        seat_role=inst0.seat_role,
        seat_incumbent=inst0.seat_incumbent,
        batches=tuple(batches),
        targets=rows,
        stay=stay,
        span_max=span_max,
        retired=retired,
        leaves=leaves,
        unplanned_role=unplanned,
        relatives=np.array(relatives, dtype=np.int64).reshape(-1, 2),
        seat_kin=np.array([kin_code[u] for u in kin_units], dtype=np.int64),
        years_in_unit=rolling.carries_years_in_unit(first.officials),
        retire_at_age=retire_at_age,
        cross_group_moves=rules.cross_group_moves,
        max_changes_per_group=rules.max_changes_per_group,
        one_new_head_per_unit=rules.one_new_head_per_unit,
        allow_vacancies=rules.allow_vacancies,
        weights=costs,
    )


def _merged(a: BatchPairs, b: BatchPairs, n_o: int) -> BatchPairs:
    names = ("official", "seat", "kind", "forced", "nonlocal_", "km", "score")
    cat = {n: np.concatenate([getattr(a, n), getattr(b, n)]) for n in names}
    order = np.argsort(cat["seat"] * max(n_o, 1) + cat["official"], kind="stable")
    return BatchPairs(*(cat[n][order] for n in names))


# --------------------------------------------------------------------------------------------
# solving


@dataclass
class JointResult:
    status: Status
    assignments: list[IntArray] | None  # per batch, dense seat -> official
    cost: float | None
    bound: float | None
    parts: int
    wall_s: float
    infeasible_parts: list[IntArray] = field(default_factory=list)


def union_instance(joint: JointInstance) -> Instance:
    """Every batch's pairs as one single-batch instance, so that
    :func:`models.decompose.components` finds the parts no row of any batch joins."""
    n_o = joint.n_officials
    keys = np.unique(np.concatenate([b.keys(n_o) for b in joint.batches]))
    seat, official = np.divmod(keys, max(n_o, 1))
    zeros = np.zeros(len(keys), dtype=np.int64)
    kin_sets = []
    if len(joint.relatives):
        kin = joint.seat_kin[seat]
        for a, b in joint.relatives.tolist():
            pa, pb = np.flatnonzero(official == a), np.flatnonzero(official == b)
            for unit in np.intersect1d(kin[pa], kin[pb]).tolist():
                kin_sets.append(np.sort(np.concatenate([pa[kin[pa] == unit], pb[kin[pb] == unit]])))
    rows = {(t.group, t.role): t for batch in joint.targets for t in batch if t.required > 0}
    return Instance(
        n_officials=n_o,
        n_seats=joint.n_seats,
        n_groups=joint.n_groups,
        seat_group=joint.seat_group,
        seat_unit=joint.seat_unit,
        seat_role=joint.seat_role,
        seat_incumbent=joint.seat_incumbent,
        pair_official=official.astype(np.int64),
        pair_seat=seat.astype(np.int64),
        pair_keep=joint.seat_incumbent[seat] == official,
        pair_nonlocal=zeros.astype(bool),
        pair_km=zeros,
        pair_score=zeros,
        pair_refused=zeros,
        pair_forced=zeros,
        targets=tuple(rows.values()),
        kinship=tuple(kin_sets),
        max_changes_per_group=joint.max_changes_per_group,
        one_new_head_per_unit=joint.one_new_head_per_unit,
    )


def engine_for(scenario: Scenario) -> str:
    """The scenario's engine; ``auto`` is the LP-first engine with SCIP on the rest, as for a
    single batch (benchmarks/README.md, roadmap section: measured against HiGHS and SCIP
    alone and against the LP-first engine with HiGHS)."""
    return choose_engine_name(scenario.solver.engine)


def choose_engine_name(engine: str) -> str:
    return "lp+scip" if engine == "auto" else engine


def solve_joint(
    joint: JointInstance,
    *,
    engine: str,
    time_limit_s: float,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> JointResult:
    """ONE model over all batches per independent part; least total cost, proven optimal or
    with its bound (the parts' bounds added up) when time runs out."""
    started = time.perf_counter()
    deadline = started + time_limit_s
    seat_sets = components(union_instance(joint))
    assignments = [np.full(joint.n_seats, NO_ONE, dtype=np.int64) for _ in joint.batches]
    total, bound, status = 0.0, 0.0, Status.OPTIMAL
    infeasible: list[IntArray] = []
    for done, seats in enumerate(seat_sets, start=1):
        jm = build(joint, seats)
        result = engines.solve(
            jm.model,
            engine,
            deadline=time.time() + max(deadline - time.perf_counter(), 0.05),
            seed=seed,
        )
        if progress is not None:
            progress(done, len(seat_sets))
        if result.status is Status.INFEASIBLE:
            infeasible.append(seats)
            continue
        if result.values is None:
            status = Status.UNKNOWN if status is not Status.INFEASIBLE else status
            continue
        for k, a in enumerate(jm.assignments(result.values)):
            assignments[k][seats] = a[seats]
        total += float(result.objective or 0.0)
        bound += float(result.bound if result.bound is not None else -np.inf)
        if result.status is Status.FEASIBLE and status is Status.OPTIMAL:
            status = Status.FEASIBLE
    wall = time.perf_counter() - started
    if infeasible:
        return JointResult(Status.INFEASIBLE, None, None, None, len(seat_sets), wall, infeasible)
    if status is Status.UNKNOWN:
        return JointResult(Status.UNKNOWN, None, None, None, len(seat_sets), wall)
    return JointResult(
        status,
        assignments,
        round(total),
        bound if np.isfinite(bound) else None,
        len(seat_sets),
        wall,
    )


def max_reachable(
    joint: JointInstance,
    batch: int,
    seats: IntArray,
    *,
    part: IntArray | None = None,
    engine: str,
    time_limit_s: float,
) -> int | None:
    """Section 7's maximum for one batch: the most non-local holders among ``seats`` at
    ``batch`` when no target is enforced but every other rule of every batch holds
    (``part``: the independent part holding those seats, to keep the model small)."""
    free = replace(joint, targets=tuple(() for _ in joint.batches))
    jm = build(free, part)
    goal = np.zeros(jm.model.n_vars)
    st = jm.stints
    cover = st.covering(batch)
    goal[cover[st.nonlocal_[cover] & np.isin(st.seat[cover], seats)]] = 1.0
    model = LinearModel(jm.model.var_pair, goal, 0.0, jm.model.blocks, maximize=True)
    result = engines.solve(model, engine, deadline=time.time() + time_limit_s)
    if result.values is None:
        return None
    return round(float(result.objective or 0.0))


# --------------------------------------------------------------------------------------------
# batches as ordinary problems and plans


@dataclass(frozen=True, eq=False)
class Batch:
    number: int  # 1..K
    day: date
    problem: PlanningProblem  # the batch's own state, scenario and targets
    plan: Plan


def _holders(problem: PlanningProblem, assignment: IntArray) -> dict[str, str | None]:
    ids = problem.official_ids
    return {
        s: (ids[int(o)] if o != NO_ONE else None)
        for s, o in zip(problem.seat_ids, assignment, strict=True)
    }


def batch_problem(setup: Setup, k: int, officials: Sequence[Official]) -> PlanningProblem:
    return build_problem(
        batch_scenario(setup, k),
        replace(setup.dataset, officials=tuple(officials)),
        setup.tree,
        distances=setup.distances,
        pins=setup.pins if k == 0 else (),
    )


def batch_plans(
    setup: Setup, assignments: Sequence[IntArray], status: str, bound: float | None = None
) -> list[Batch]:
    """Roll the state forward along the roadmap's assignments (dense, in the stay problems'
    indices) and check each batch as an ordinary plan of its own scenario."""
    out: list[Batch] = []
    officials = rolling.age(setup.dataset.officials, setup.scenario.as_of, setup.dates[0])
    ids = setup.stay_problems[0].official_ids
    for k, assignment in enumerate(assignments):
        problem = batch_problem(setup, k, officials)
        if problem.official_ids != ids:
            raise AssertionError("the batch's officials differ from the roadmap's")
        try:
            parts = cost_parts.parts(problem.instance, assignment)
        except ValueError as error:
            raise InvalidPlan(
                (),
                k + 1,
                [
                    _("batch {k}: the roadmap's plan is not a plan of the batch ({error})").format(
                        k=k + 1, error=error
                    )
                ],
            ) from None
        plan = plan_from_assignment(
            1,
            assignment,
            problem.seat_ids,
            ids,
            status,
            parts.cost(problem.instance.weights),
            parts,
            None,  # the roadmap's bound is on the whole (run.json), not on one batch
        )
        validate_plans(problem, [plan])
        out.append(Batch(k + 1, setup.dates[k], problem, plan))
        if k + 1 < len(assignments):
            officials = rolling.roll_forward(
                officials,
                setup.seat_unit,
                _holders(problem, assignment),
                setup.dates[k],
                setup.dates[k + 1],
            )
    return out


@dataclass
class GreedyResult:
    status: Status  # OPTIMAL: every batch proven least-cost given the one before
    batches: list[Batch]
    cost: int | None  # None when some batch had no plan
    failed_batch: int | None = None  # 1-based, the first batch with no plan
    wall_s: float = 0.0


def solve_greedy(setup: Setup, *, time_limit_s: float) -> GreedyResult:
    """The batches one at a time, each least-cost given the one before (the ordinary solver
    on the ordinary batch scenario): what planning without the roadmap would cost."""
    started = time.perf_counter()
    officials = rolling.age(setup.dataset.officials, setup.scenario.as_of, setup.dates[0])
    batches: list[Batch] = []
    status = Status.OPTIMAL
    share = time_limit_s / len(setup.dates)
    for k in range(len(setup.dates)):
        problem = batch_problem(setup, k, officials)
        problem = replace(
            problem,
            scenario=replace(
                problem.scenario, plans=replace(problem.scenario.plans, time_limit_s=share)
            ),
        )
        run = solve_problem(problem)
        if not run.plans:
            return GreedyResult(
                run.outcome.status, batches, None, k + 1, time.perf_counter() - started
            )
        plan = run.plans[0]
        if plan.status != str(Status.OPTIMAL):
            status = Status.FEASIBLE
        batches.append(Batch(k + 1, setup.dates[k], problem, plan))
        if k + 1 < len(setup.dates):
            officials = rolling.roll_forward(
                officials, setup.seat_unit, dict(plan.holders), setup.dates[k], setup.dates[k + 1]
            )
    total = sum(b.plan.cost for b in batches)
    return GreedyResult(status, batches, total, None, time.perf_counter() - started)


def summary_rows(setup: Setup, batches: Sequence[Batch]) -> list[dict[str, Any]]:
    """roadmap.csv: a row per batch and group (contract section 10)."""
    from planner.outputs.tables import holdings

    rows: list[dict[str, Any]] = []
    for batch in batches:
        problem = batch.problem
        held = holdings(problem, batch.plan)
        ctx = problem.rule_context()
        incumbents = problem.incumbents
        for t in problem.targets:
            if t.role is not None:
                continue
            seats = [i for i, g in enumerate(problem.seat_group) if g == t.group_id]
            before = sum(
                1
                for i in seats
                if (inc := incumbents[problem.seats[i].seat_id]) is not None
                and not is_local(ctx, inc, problem.seats[i])
            )
            rows.append(
                {
                    "batch": batch.number,
                    "date": batch.day.isoformat(),
                    "group_id": t.group_id,
                    "seats": len(seats),
                    "nonlocal_before": before,
                    "nonlocal_after": sum(1 for i in seats if held[i].nonlocal_),
                    "required": t.required,
                    "changes": sum(1 for i in seats if held[i].changed),
                    "group_name": problem.tree.name_of(t.group_id),
                }
            )
    return rows


def with_roadmap(setup: Setup, roadmap: Roadmap) -> Setup:
    """The same scenario and data with other batches or another ramp (the levers)."""
    return prepare(setup.scenario, setup.dataset, setup.tree, pins=setup.pins, roadmap=roadmap)


def required_by_batch(setup: Setup) -> Mapping[tuple[str, str | None], tuple[int, ...]]:
    return {(t.group_id, t.role): t.required for t in setup.targets}
