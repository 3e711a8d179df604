"""The linear relaxation first: most explanation questions are settled by it, exactly.

On Hanoi 2025 (one group, 70k candidate pairs) HiGHS needs 3-5 s to prove the secretaries'
target infeasible as a 0-1 program, and 0.3-0.8 s as a linear program; the maxima are likewise
integral at the LP optimum (the assignment rows are totally unimodular; only kinship, caps and
targets can make a vertex fractional). Both shortcuts are exact:

- the LP has no solution -> neither has the 0-1 program;
- the LP optimum is integral and satisfies every row -> it is the 0-1 optimum.

Anything else falls through to :func:`models.solve.solve` with the LP bound kept.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from models.build import MaxNonlocal, build
from models.engines import Status
from models.families import Family
from models.instance import Instance, IntArray
from models.linear import LinearModel
from models.solve import solve

_NO_GOAL = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True)
class Answer:
    """``status`` as the engines report it; ``value`` the optimum (or best found) of the goal,
    ``bound`` a proven upper bound on it (maximisation), both None when there is no plan."""

    status: Status
    value: float | None = None
    bound: float | None = None


def _relaxation(
    instance: Instance, enforced: Family, seats: IntArray, time_limit_s: float
) -> Answer | None:
    """The LP answer when it settles the question; None when the 0-1 program must decide
    (fractional vertex, or the LP ran out of time). ``bound`` is set in either case."""
    return _lp(build(instance, enforced=enforced, goal=MaxNonlocal(seats)), time_limit_s)


def _lp(model: LinearModel, time_limit_s: float) -> Answer | None:
    if model.n_vars == 0:
        return None  # the engines decide empty models without a solver
    matrix, lo, hi = model.stacked()
    constraints = [LinearConstraint(matrix, lo, hi)] if matrix.shape[0] else []
    sign = -1.0 if model.maximize else 1.0
    result = milp(
        sign * model.objective,
        constraints=constraints,
        bounds=Bounds(0, 1),
        integrality=np.zeros(model.n_vars),
        options={"time_limit": max(time_limit_s, 0.05), "presolve": True},
    )
    if result.status == 2:
        return Answer(Status.INFEASIBLE)
    if result.status != 0 or result.x is None:
        return None
    bound = sign * float(result.fun) + model.offset
    x = np.round(result.x)
    if np.abs(result.x - x).max(initial=0.0) > 1e-6:
        return Answer(Status.UNKNOWN, None, bound)
    activity = matrix @ x
    if np.any(activity < lo - 1e-9) or np.any(activity > hi + 1e-9):
        return Answer(Status.UNKNOWN, None, bound)
    value = float(model.objective @ x) + model.offset
    return Answer(Status.OPTIMAL, value, value)


def decide(
    instance: Instance,
    *,
    enforced: Family,
    seats: IntArray | None = None,
    deadline: float,
    seed: int,
    engine: str,
) -> Answer:
    """The most non-locals among ``seats`` (none given: is there any plan?) under ``enforced``,
    by the LP when it settles it, else by the 0-1 program within ``deadline``."""
    goal = _NO_GOAL if seats is None else seats
    lp = _relaxation(instance, enforced, goal, deadline - time.time())
    if lp is not None and lp.status in (Status.INFEASIBLE, Status.OPTIMAL):
        return lp
    remaining = max(deadline - time.time(), 0.05)
    sol = solve(
        instance,
        engine=engine,
        time_limit_s=remaining,
        seed=seed,
        enforced=enforced,
        goal=MaxNonlocal(goal),
    )
    bound = sol.bound
    if lp is not None and lp.bound is not None:
        bound = lp.bound if bound is None else min(bound, lp.bound)
    if sol.status is Status.OPTIMAL:
        return Answer(Status.OPTIMAL, sol.objective, sol.objective)
    return Answer(sol.status, sol.objective, bound)


def lp_infeasible(instance: Instance, *, enforced: Family, time_limit_s: float) -> bool:
    """Proven to have no plan by the LP alone (a cheap first check before a full solve)."""
    answer = _relaxation(instance, enforced, _NO_GOAL, time_limit_s)
    return answer is not None and answer.status is Status.INFEASIBLE


def floor_bound(bound: float | None, default: int) -> int:
    return default if bound is None else min(default, math.floor(bound + 1e-6))
