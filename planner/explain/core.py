"""``explain``: why a scenario has no plan, or how far each group could go when it has one.

The order of work follows what a planner needs most and what is certain: the exact reachable
maxima first (they decide which groups are short), then which parts have no plan and which rule
families conflict there, then what changing a scenario key would buy. Each step gets a share of
the time limit; a step that runs out says so rather than guessing.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

from models.engines import Status
from models.families import Family
from planner.explain.causes import data_causes, seat_rows, target_facts
from planner.explain.explanation import Conflict, Explanation, Reach, families_in_order
from planner.explain.levers import check_levers
from planner.explain.solving import Diagnosed, diagnose, maxima
from planner.i18n import _
from planner.solve.executor import Executor, SerialExecutor
from planner.solve.problem import PlanningProblem, build_problem
from planner.solve.strategy import choose_engine

#: Shares of the time limit by which each step must be done (maxima, feasibility, conflicts);
#: the levers have the rest. Steps that finish early leave their time to the later ones.
MAXIMA_SHARE, FEASIBILITY_SHARE, CONFLICT_SHARE = 0.45, 0.6, 0.8


def explain(
    problem: PlanningProblem,
    *,
    time_limit_s: float = 60.0,
    seed: int = 0,
    executor: Executor | None = None,
) -> Explanation:
    """Explain ``problem`` (contract section 7); never raises for an infeasible scenario.

    ``problem`` is best built with ``all_pairs=True`` (refused pairs are what a relaxed family
    admits); otherwise it is rebuilt so. ``time_limit_s`` bounds the whole explanation.
    """
    start = time.time()

    def at(share: float) -> float:
        return start + share * time_limit_s

    full = (
        problem
        if problem.all_pairs
        else build_problem(
            problem.scenario,
            problem.dataset,
            problem.tree,
            distances=problem.distances,
            pins=problem.pins,
            all_pairs=True,
        )
    )
    scenario = full.scenario
    inst = full.instance
    engine = choose_engine(inst, scenario.solver.engine)
    # Serial unless asked: with the LP first, a part's question takes milliseconds, and
    # starting worker processes took 5 s of a 6 s explanation of Hanoi 2023 (2 cores).
    executor = executor or SerialExecutor()

    rows = seat_rows(full)
    found = maxima(
        inst, rows, deadline=at(MAXIMA_SHARE), seed=seed, engine=engine, executor=executor
    )
    facts = target_facts(full, rows)
    reach = tuple(
        Reach(
            group_id=t.group_id,
            name=full.tree.name_of(t.group_id),
            role=t.role,
            seats=len(t.seat_ids),
            ratio=t.ratio,
            required=t.required,
            max_reachable=m.value,
            best_found=m.best_found,
            proven=m.proven,
            local_must_stay=stay,
            no_nonlocal_candidate=blocked,
            nonlocal_candidates=people,
            shared=m.shared,
        )
        for t, m, (stay, blocked, people) in zip(full.targets, found, facts, strict=True)
    )

    # a target out of reach (required > 0, so its seats are one part) proves its part has
    # no plan: no need to solve it again
    short_seats = [seats for seats, r in zip(rows, reach, strict=True) if r.short]
    diagnosed = diagnose(
        inst,
        deadline=at(FEASIBILITY_SHARE),
        conflict_deadline=at(CONFLICT_SHARE),
        seed=seed,
        engine=engine,
        executor=executor,
        cross_group_moves=scenario.rules.cross_group_moves,
        known_infeasible=np.concatenate(short_seats) if short_seats else None,
    )
    conflicts = _conflicts(full, diagnosed)
    statuses = {status for _, status in diagnosed.parts}
    if Status.INFEASIBLE in statuses or any(r.short or r.max_reachable is None for r in reach):
        status = "infeasible"
    elif Status.UNKNOWN in statuses:
        status = "unknown"
    else:
        status = "feasible"

    causes = tuple(data_causes(full, reach)) if status != "feasible" else ()
    mask = 0
    for conflict in conflicts:
        for family in conflict.families:
            mask |= int(family)
    levers = (
        tuple(check_levers(full, reach, Family(mask), deadline=start + time_limit_s, seed=seed))
        if status == "infeasible"
        else ()
    )

    notes = _notes(reach, statuses, conflicts, status)
    complete = not notes and all(
        lever.outcome not in ("unknown", "not_checked") for lever in levers
    )
    return Explanation(
        scenario=scenario.name,
        status=status,
        reach=reach,
        conflicts=conflicts,
        causes=causes,
        levers=levers,
        complete=complete,
        notes=notes,
        seconds=time.time() - start,
    )


def _conflicts(problem: PlanningProblem, diagnosed: Diagnosed) -> tuple[Conflict, ...]:
    out = []
    group_of = problem.instance.seat_group
    for seats, d in diagnosed.conflicts:
        groups = {int(g) for g in np.unique(group_of[seats])}
        out.append(
            Conflict(
                tuple(g for i, g in enumerate(problem.groups) if i in groups),
                families_in_order(d.kept),
                d.minimal,
                d.timed_out,
            )
        )
    return tuple(out)


def _notes(
    reach: Sequence[Reach], statuses: set[Status], conflicts: Sequence[Conflict], status: str
) -> tuple[str, ...]:
    """What the time limit left undecided, in words (empty when everything was proven)."""
    notes = []
    unproven = [r for r in reach if not r.proven and r.max_reachable is not None]
    if unproven:
        notes.append(
            _(
                "time ran out before {n} maxima were proven; they are upper bounds (the best "
                "plans found are lower)"
            ).format(n=len(unproven))
        )
    if Status.UNKNOWN in statuses and status != "feasible":
        notes.append(_("time ran out before every part of the scenario was checked"))
    if any(c.timed_out for c in conflicts):
        notes.append(
            _(
                "time ran out while narrowing the conflicting rules down; some listed "
                "rules may not be needed for the conflict"
            )
        )
    elif any(not c.minimal for c in conflicts):
        notes.append(
            _(
                "with cross-group moves relaxed, some checks could only look at the "
                "groups concerned (as if officials from elsewhere were free to come), so "
                "some listed rules may not be needed for the conflict; the cross-group "
                "lever is checked on the whole scenario"
            )
        )
    return tuple(notes)
