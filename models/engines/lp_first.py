"""The LP relaxation first, then a MIP over only the pairs the relaxation cannot rule out.

Why: on these models the relaxation is nearly always tight (one holder per seat and one seat per
official is a bipartite matching; a few target and kinship rows rarely break that), and GLOP
solves it in a fraction of a second where SCIP and HiGHS spend seconds presolving and probing
10^5 binaries before they stop at the root (benchmarks/README.md: a 70k-pair Hanoi model, 0.2 s
against 4-6 s).

Exactness does not rest on the LP solver's tolerances. For any row multipliers ``y`` (signs
clipped to the bounds that exist), with reduced costs ``d = c - A'y``, every 0-1 solution ``x``
of the rows satisfies

    c x  >=  L + sum_{d_j > 0} d_j x_j + sum_{d_j < 0} |d_j| (1 - x_j),
    L = y+ . lo - y- . hi + sum_j min(0, d_j),

so ``L`` is a lower bound and any solution that sets ``x_j = 1`` with ``d_j > G`` (or
``x_j = 0`` with ``d_j < -G``) costs more than ``L + G``. Hence: an integral, feasible LP
solution that costs less than ``L + 1`` is optimal when the costs are whole numbers; otherwise
the MIP restricted to ``|d_j| <= G`` (the rest fixed) is solved, and its optimum is the global
one when it is at most ``L + G``; if not, ``G`` grows (:data:`WIDEN` times, but never past
that optimum minus ``L``, where the next answer is sure to be conclusive) and the restricted MIP
is solved again.
"""

from __future__ import annotations

import time

import numpy as np

from models.engines import EngineResult, Status, mip
from models.engines.interrupt import Overran, run_interruptible
from models.engines.mip import Matrix, Run, engine_result, new_helper, run_mip
from models.instance import BoolArray
from models.linear import FloatArray, LinearModel

#: Slack on reduced costs and bounds, far above float error on whole-number data.
_TOL = 1e-6
#: Where the relaxation is fractional, the first restricted model frees the columns whose
#: reduced cost is within this much of the bound, and each next one ``WIDEN`` times as far,
#: never further than the best plan found so far (a restricted model that far out is sure to
#: be conclusive). Measured on the 696 parts of national-2023, where 230 LPs are fractional (a
#: half swap of two sitting heads): the optimum is nearly always within 1-3 of the bound, while
#: the best plan among the columns within 1 lies ~100 above it, so jumping there freed 580
#: columns on average (3.5 s of SCIP); within 2, then 4x wider, SCIP takes about a third of
#: that (benchmarks/README.md).
FIRST_GAP = 2.0
WIDEN = 4.0


def solve(
    model: LinearModel,
    engine: str,
    *,
    deadline: float,
    seed: int = 0,
    hint: BoolArray | None = None,
) -> EngineResult:
    """``engine`` is the MIP engine for the restricted model ("highs" or "scip"); every step
    (the LP, each restricted MIP) stops at ``deadline`` (``time.time()``)."""
    start = time.perf_counter()
    matrix, lo, hi = model.stacked()
    rows = Matrix(matrix, lo, hi)
    sign = -1.0 if model.maximize else 1.0
    cost = sign * model.objective.astype(float)  # minimised
    whole = bool(np.all(cost == np.round(cost)))

    lp = _relaxation(rows, cost, deadline)
    if lp is None:  # the LP did not finish: let the MIP engine have what time is left
        return mip.solve(model, engine, deadline=deadline, seed=seed, hint=hint)
    if lp is _INFEASIBLE:
        return EngineResult(Status.INFEASIBLE, None, None, None, time.perf_counter() - start)
    assert isinstance(lp, _Relaxation)
    bound, reduced = lp.bound, lp.reduced
    x = lp.integral_solution(rows)
    if x is not None and whole and float(cost @ x) < bound + 1 - _TOL:
        return engine_result(model, Run(Status.OPTIMAL, x, None), start, sign)

    gap = (np.ceil(bound - _TOL) - bound + _TOL) if whole else _TOL
    # an integral LP plan bounds the optimum: within that gap the first model is conclusive
    first = FIRST_GAP if x is None else float(cost @ x) - bound
    gap = max(gap, first + _TOL)
    while True:
        fix_zero = reduced > gap + _TOL
        fix_one = reduced < -(gap + _TOL)
        complete = not (fix_zero.any() or fix_one.any())
        if time.time() >= deadline:
            return engine_result(model, Run(Status.UNKNOWN, None, bound), start, sign)
        run = _restricted(rows, cost, fix_zero, fix_one, engine, deadline, seed, hint)
        if complete:
            return engine_result(model, _capped(run, bound), start, sign)
        if run.status is Status.INFEASIBLE:
            gap = max(4 * gap, 1.0)
            continue
        if run.values is None:  # out of time inside the restricted model
            return engine_result(model, Run(Status.UNKNOWN, None, bound), start, sign)
        value = float(cost @ run.values)
        if run.status is Status.OPTIMAL and value <= bound + gap + _TOL:
            return engine_result(model, run, start, sign)
        if run.status is not Status.OPTIMAL:
            # every solution outside costs more than bound + gap
            inside = run.bound if run.bound is not None else bound
            return engine_result(
                model,
                Run(Status.FEASIBLE, run.values, max(bound, min(inside, bound + gap))),
                start,
                sign,
            )
        # widen step by step, or at once to where the model is sure to be conclusive
        gap = min(value - bound + _TOL, WIDEN * gap)


class _Relaxation:
    def __init__(self, x: FloatArray, bound: float, reduced: FloatArray) -> None:
        self.x = x
        self.bound = bound
        self.reduced = reduced

    def integral_solution(self, rows: Matrix) -> BoolArray | None:
        """The LP solution as 0-1 values when it is integral and satisfies every row exactly."""
        rounded = np.round(self.x)
        if np.any(np.abs(self.x - rounded) > _TOL):
            return None
        activity = rows.a @ rounded
        if np.any(activity < rows.lo - _TOL) or np.any(activity > rows.hi + _TOL):
            return None
        return rounded > 0.5


_INFEASIBLE = object()
_GLOP = "use_dual_simplex: true perturb_costs_in_dual_simplex: true use_preprocessing: false"


def _relaxation(rows: Matrix, cost: FloatArray, deadline: float) -> object | None:
    """The LP's solution and the Lagrangian bound of its duals; None when it did not finish
    by ``deadline``."""
    from ortools.linear_solver.python import model_builder_helper as mbh

    n = len(cost)
    helper = new_helper(rows, cost, np.zeros(n), np.ones(n))
    solver = mbh.ModelSolverHelper("glop")
    solver.enable_output(False)
    # measured on the 34 provinces of national-2025: 3.4 s with GLOP's defaults, 0.9 s with
    # the dual simplex on perturbed costs and no LP presolve (the rows are already minimal)
    solver.set_solver_specific_parameters(_GLOP)
    remaining = deadline - time.time()
    if remaining <= 0:
        return None
    solver.set_time_limit_in_seconds(remaining)
    try:
        run_interruptible(lambda: solver.solve(helper), solver.interrupt_solve, deadline)
    except Overran:
        return None
    status = solver.status()
    if status == mbh.SolveStatus.INFEASIBLE:
        return _INFEASIBLE
    if status != mbh.SolveStatus.OPTIMAL:
        return None
    x = np.asarray(solver.variable_values(), dtype=float)
    y = np.asarray(solver.dual_values(), dtype=float)
    y_lo = np.where(np.isfinite(rows.lo), np.maximum(y, 0.0), 0.0)
    y_hi = np.where(np.isfinite(rows.hi), np.maximum(-y, 0.0), 0.0)
    reduced = cost - rows.a.T @ (y_lo - y_hi)
    lo = np.where(np.isfinite(rows.lo), rows.lo, 0.0)
    hi = np.where(np.isfinite(rows.hi), rows.hi, 0.0)
    terms = (y_lo * lo, -y_hi * hi, np.minimum(reduced, 0.0))
    bound = float(sum(t.sum() for t in terms))
    scale = float(sum(np.abs(t).sum() for t in terms))
    return _Relaxation(x, bound - 1e-9 * scale - _TOL, reduced)


def _restricted(
    rows: Matrix,
    cost: FloatArray,
    fix_zero: BoolArray,
    fix_one: BoolArray,
    engine: str,
    deadline: float,
    seed: int,
    hint: BoolArray | None,
) -> Run:
    """The MIP over the free columns; fixed columns leave the model, their rows shifted."""
    free = ~(fix_zero | fix_one)
    columns = rows.a.tocsc()
    shift = columns[:, fix_one] @ np.ones(int(fix_one.sum()))
    if not free.any():
        ok = bool(np.all(shift >= rows.lo - _TOL) and np.all(shift <= rows.hi + _TOL))
        if not ok:
            return Run(Status.INFEASIBLE, None, None)
        return Run(Status.OPTIMAL, fix_one.copy(), float(cost[fix_one].sum()))
    sub = Matrix(columns[:, free], rows.lo - shift, rows.hi - shift)
    run = run_mip(
        sub,
        cost[free],
        np.zeros(int(free.sum())),
        np.ones(int(free.sum())),
        engine,
        deadline=deadline,
        seed=seed,
        hint=None if hint is None else hint[free],
    )
    fixed_cost = float(cost[fix_one].sum())
    if run.values is None:
        bound = None if run.bound is None else run.bound + fixed_cost
        return Run(run.status, None, bound)
    values = fix_one.copy()
    values[free] = run.values
    bound = None if run.bound is None else run.bound + fixed_cost
    return Run(run.status, values, bound)


def _capped(run: Run, bound: float) -> Run:
    """The full model's answer, its bound no weaker than the relaxation's."""
    if run.bound is None or run.status is Status.OPTIMAL:
        return run if run.status is not Status.UNKNOWN else Run(run.status, None, bound)
    return Run(run.status, run.values, max(run.bound, bound))
