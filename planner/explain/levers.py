"""Scenario changes that might give a plan, each checked by solving the changed scenario.

A lever is only offered for a family in the conflict, and only as the key a planner would
change (``--target TT=0.56``, ``--set rules.cross_group_moves=true``): the explanation then
reads as a list of decisions, each with the price of the plan it buys.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

import numpy as np

from models import objective
from models.engines import Status
from models.families import ALL, Family
from models.instance import NO_ONE, IntArray
from planner.explain.explanation import Lever, Reach
from planner.explain.relaxation import lp_infeasible
from planner.inputs.scenario import Scenario
from planner.solve.problem import PlanningProblem
from planner.solve.strategy import solve_ranked

#: Below this many seconds a lever is not tried (a solve could not even start properly).
MIN_SECONDS = 0.2


@dataclass(frozen=True)
class _Candidate:
    options: tuple[str, ...]
    settings: Mapping[str, Any]
    families: tuple[Family, ...]
    change: Callable[[Scenario], Scenario]


def _rules(**changes: Any) -> Callable[[Scenario], Scenario]:
    return lambda s: replace(s, rules=replace(s.rules, **changes))


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _set(key: str, value: Any) -> tuple[str, ...]:
    return ("--set", f"{key}={_value(value)}")


def target_lever(
    reach: Sequence[Reach], group_roles: Mapping[str, Mapping[str, float]] | None = None
) -> _Candidate | None:
    """Every short target lowered to the highest two-decimal ratio it can reach.

    A role target is one ratio for all groups (``target.roles``), so it is lowered to the
    smallest of its groups' reachable ratios; a group-role pair set by ``target.group_roles``
    is lowered in that group alone.
    """
    group_roles = group_roles or {}
    groups: dict[str, float] = {}
    roles: dict[str, float] = {}
    pairs: dict[str, dict[str, float]] = {}
    for r in reach:
        ratio = r.highest_target
        if not r.short or ratio is None:
            continue
        if r.role is None:
            groups[r.group_id] = min(ratio, groups.get(r.group_id, 1.0))
        elif r.role in group_roles.get(r.group_id, {}):
            pairs.setdefault(r.group_id, {})[r.role] = ratio
        else:
            roles[r.role] = min(ratio, roles.get(r.role, 1.0))
    if not groups and not roles and not pairs:
        return None
    options: list[str] = []
    settings: dict[str, Any] = {}
    for group, ratio in groups.items():
        options += ["--target", f"{group}={_value(ratio)}"]
        settings[f"target.groups.{group}"] = ratio
    for role, ratio in roles.items():
        options += _set(f"target.roles.{role}", ratio)
        settings[f"target.roles.{role}"] = ratio
    for group, lowered in pairs.items():
        for role, ratio in lowered.items():
            options += _set(f"target.group_roles.{group}.{role}", ratio)
            settings[f"target.group_roles.{group}.{role}"] = ratio

    def change(s: Scenario) -> Scenario:
        merged = {
            g: MappingProxyType({**s.target.group_roles.get(g, {}), **pairs.get(g, {})})
            for g in {*s.target.group_roles, *pairs}
        }
        return replace(
            s,
            target=replace(
                s.target,
                groups=MappingProxyType({**s.target.groups, **groups}),
                roles=MappingProxyType({**s.target.roles, **roles}),
                group_roles=MappingProxyType(merged),
            ),
        )

    return _Candidate(tuple(options), settings, (Family.TARGET,), change)


def candidates(
    problem: PlanningProblem, reach: Sequence[Reach], conflicts: Family
) -> list[_Candidate]:
    """The levers that relax a family of the conflict, in the order a planner would weigh
    them: the target first, rules of this batch next, the legal minimum of tenure last."""
    r = problem.scenario.rules
    out: list[_Candidate] = []
    if conflicts & Family.TARGET:
        lever = target_lever(reach, problem.scenario.target.group_roles)
        if lever is not None:
            out.append(lever)
    if conflicts & Family.CROSS_GROUP and not r.cross_group_moves:
        out.append(
            _Candidate(
                _set("rules.cross_group_moves", True),
                {"rules.cross_group_moves": True},
                (Family.CROSS_GROUP,),
                _rules(cross_group_moves=True),
            )
        )
    if conflicts & Family.BATCH_CAP and r.max_changes_per_group > 0:
        # the value is found by solving without a cap (see ``check_levers``)
        out.append(
            _Candidate(
                _set("rules.max_changes_per_group", 0),
                {"rules.max_changes_per_group": 0},
                (Family.BATCH_CAP,),
                _rules(max_changes_per_group=0),
            )
        )
    if conflicts & Family.ONE_NEW_HEAD and r.one_new_head_per_unit:
        out.append(
            _Candidate(
                _set("rules.one_new_head_per_unit", False),
                {"rules.one_new_head_per_unit": False},
                (Family.ONE_NEW_HEAD,),
                _rules(one_new_head_per_unit=False),
            )
        )
    if conflicts & Family.SEAT_FILLED and not r.allow_vacancies:
        out.append(
            _Candidate(
                _set("rules.allow_vacancies", True),
                {"rules.allow_vacancies": True},
                (Family.SEAT_FILLED,),
                _rules(allow_vacancies=True),
            )
        )
    if conflicts & Family.DISTANCE and r.max_distance_km > 0:
        out.append(
            _Candidate(
                _set("rules.max_distance_km", 0),
                {"rules.max_distance_km": 0},
                (Family.DISTANCE,),
                _rules(max_distance_km=0.0),
            )
        )
    if conflicts & Family.TENURE and r.min_years_before_move > 0:
        years = tenure_needed(problem, reach)
        if years is None:
            years = 2.0 if r.min_years_before_move > 2 else 0.0
        shown = int(years) if years == int(years) else years
        out.append(
            _Candidate(
                _set("rules.min_years_before_move", shown),
                {"rules.min_years_before_move": shown},
                (Family.TENURE,),
                _rules(min_years_before_move=years),
            )
        )
    return out


def tenure_needed(problem: PlanningProblem, reach: Sequence[Reach]) -> float | None:
    """The highest ``min_years_before_move`` (in tenths of a year) that lets enough local
    incumbents who must stay leave for every short target to have room for its missing
    non-locals; None when freeing them all would not make room (or nothing is short).

    It only makes room: whether non-locals exist to fill it is what the re-solve checks.
    """
    inst = problem.instance
    must_stay = (inst.pair_forced & int(Family.TENURE)) != 0
    local_stay = must_stay & ~inst.pair_nonlocal
    index = {s: i for i, s in enumerate(problem.seat_ids)}
    needed: float | None = None
    for target, r in zip(problem.targets, reach, strict=True):
        if not r.short or r.max_reachable is None:
            continue
        missing = r.required - r.max_reachable
        seats = [index[s] for s in target.seat_ids]
        pairs = np.flatnonzero(local_stay & np.isin(inst.pair_seat, seats))
        years = sorted(
            (problem.officials[int(o)].years_in_post for o in inst.pair_official[pairs]),
            reverse=True,
        )
        if len(years) < missing:
            return None
        value = years[missing - 1]
        needed = value if needed is None else min(needed, value)
    if needed is None or needed >= problem.scenario.rules.min_years_before_move:
        return None
    return math.floor(needed * 10 + 1e-9) / 10


def _group_changes(problem: PlanningProblem, assignment: IntArray) -> int:
    inst = problem.instance
    changed = (assignment != inst.seat_incumbent) & (assignment != NO_ONE)
    counts = np.bincount(inst.seat_group[changed], minlength=inst.n_groups)
    return int(counts.max(initial=0))


def _check(
    problem: PlanningProblem, candidate: _Candidate, seconds: float, seed: int
) -> tuple[Lever, IntArray | None, PlanningProblem]:
    if seconds < MIN_SECONDS:
        return _lever(candidate, "not_checked"), None, problem
    started = time.time()
    scenario = candidate.change(problem.scenario)
    variant = problem.with_scenario(scenario)
    if lp_infeasible(variant.instance, enforced=ALL, time_limit_s=seconds / 2):
        return _lever(candidate, "no_plan"), None, variant
    seconds -= time.time() - started
    outcome = solve_ranked(
        variant.instance,
        count=1,
        time_limit_s=seconds,
        seed=seed,
        engine=scenario.solver.engine,
        workers=scenario.solver.workers,
    )
    if outcome.status is Status.INFEASIBLE:
        return _lever(candidate, "no_plan"), None, variant
    if not outcome.solutions:
        return _lever(candidate, "unknown"), None, variant
    best = outcome.solutions[0]
    parts = objective.parts(variant.instance, best.assignment)
    lever = _lever(
        candidate,
        "plan",
        cost=best.objective,
        changes=parts.changes,
        vacancies=parts.vacancies,
        proven=best.status is Status.OPTIMAL,
    )
    return lever, best.assignment, variant


def _lever(c: _Candidate, outcome: str, **found: Any) -> Lever:
    return Lever(c.options, MappingProxyType(dict(c.settings)), c.families, outcome, **found)


def check_levers(
    problem: PlanningProblem,
    reach: Sequence[Reach],
    conflicts: Family,
    *,
    deadline: float,
    seed: int,
) -> list[Lever]:
    """Solve the scenario once per lever (plan 1 only), within ``deadline``.

    A lever whose linear relaxation has no solution has no plan either, and is not solved
    further. The batch-cap lever is solved without a cap; the cap it reports is the most
    changes any group has in that plan, which is the least-cost plan under that cap as well.
    When no single lever gives a plan, all of them together are tried once.
    """
    base = replace(problem, all_pairs=False) if problem.all_pairs else problem
    todo = candidates(base, reach, conflicts)
    out: list[Lever] = []
    for index, candidate in enumerate(todo):
        seconds = (deadline - time.time()) / (len(todo) - index + (len(todo) > 1))
        lever, assignment, variant = _check(base, candidate, seconds, seed)
        if candidate.families == (Family.BATCH_CAP,) and assignment is not None:
            cap = _group_changes(variant, assignment)
            lever = replace(
                lever,
                options=_set("rules.max_changes_per_group", cap),
                settings=MappingProxyType({"rules.max_changes_per_group": cap}),
            )
        out.append(lever)
    if len(todo) > 1 and not any(lever.outcome == "plan" for lever in out):

        def together(s: Scenario) -> Scenario:
            for c in todo:
                s = c.change(s)
            return s

        merged = _Candidate(
            tuple(o for c in todo for o in c.options),
            {k: v for c in todo for k, v in c.settings.items()},
            tuple(f for c in todo for f in c.families),
            together,
        )
        out.append(_check(base, merged, deadline - time.time(), seed)[0])
    return out
