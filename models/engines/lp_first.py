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
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

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
    return solve_many([model], engine, deadline=deadline, seed=seed, hints=[hint])[0]


def solve_many(
    models: Sequence[LinearModel],
    engine: str,
    *,
    deadline: float,
    seed: int = 0,
    hints: Sequence[BoolArray | None] | None = None,
) -> list[EngineResult]:
    """Independent models (no shared variable or row, one sense) solved together: one LP, then
    restricted MIPs over the columns that the undecided models free, each model with its own
    bound and gap, so that each answer is proven exactly as it would be alone.

    Many small parts then share their solver calls: national-2023's 696 parts took 36 LPs and
    52 SCIP calls in batches instead of 696 and 257 one by one, and its serial solve went from
    7.0 to 6.1 s (benchmarks/README.md)."""
    start = time.perf_counter()
    hints = list(hints) if hints is not None else [None] * len(models)
    if len(models) != 1 and (not models or any(m.n_vars == 0 for m in models)):
        return [_alone(m, engine, deadline, seed, h) for m, h in zip(models, hints, strict=True)]
    batch = _Batch(models, hints)
    cost, part = batch.cost, batch.column_part
    done: dict[int, EngineResult] = {}

    def finish(k: int, run: Run) -> None:
        done[k] = engine_result(models[k], run, start, batch.sign)

    lp = _relaxation(batch, deadline)
    if lp is None:  # the LP did not finish: let the MIP engine have what time is left
        return [
            mip.solve(m, engine, deadline=deadline, seed=seed, hint=h)
            for m, h in zip(models, hints, strict=True)
        ]
    if lp is _INFEASIBLE:
        if len(models) > 1:  # one of them has no plan: each alone says which
            return [
                _alone(m, engine, deadline, seed, h) for m, h in zip(models, hints, strict=True)
            ]
        return [EngineResult(Status.INFEASIBLE, None, None, None, time.perf_counter() - start)]
    assert isinstance(lp, _Relaxation)
    bound, reduced = lp.bound, lp.reduced
    integral = lp.integral_parts(batch)
    x = np.round(lp.x) > 0.5
    value = batch.part_sums(cost * x)
    gap = np.where(batch.whole, np.ceil(bound - _TOL) - bound + _TOL, _TOL)
    pending = []
    for k in range(len(models)):
        if integral[k] and batch.whole[k] and value[k] < bound[k] + 1 - _TOL:
            finish(k, Run(Status.OPTIMAL, x[batch.columns_of(k)], None))
            continue
        # an integral LP plan bounds the optimum: within that gap the first model is conclusive
        first = value[k] - bound[k] if integral[k] else FIRST_GAP
        gap[k] = max(gap[k], first + _TOL)
        pending.append(k)

    while pending:
        columns = np.isin(part, pending)
        wide = gap[part[columns]] + _TOL
        fix_zero = reduced[columns] > wide
        fix_one = reduced[columns] < -wide
        complete = not (fix_zero.any() or fix_one.any())
        alone = len(pending) == 1
        if time.time() >= deadline:
            for k in pending:
                finish(k, Run(Status.UNKNOWN, None, bound[k]))
            break
        run = _restricted(
            batch.restricted_to(pending, columns),
            cost[columns],
            fix_zero,
            fix_one,
            engine,
            deadline,
            seed,
            batch.hint(columns),
        )
        if run.status is Status.INFEASIBLE and not complete:
            for k in pending:
                gap[k] = max(WIDEN * gap[k], 1.0)
            continue
        if run.status is Status.INFEASIBLE:
            for k in pending:  # with several, one of them has no plan: each alone says which
                done[k] = (
                    engine_result(models[k], run, start, batch.sign)
                    if alone
                    else _alone(models[k], engine, deadline, seed, hints[k])
                )
            break
        if run.values is None:  # out of time inside the restricted model
            for k in pending:
                finish(
                    k,
                    _capped(run, bound[k])
                    if alone and complete
                    else Run(Status.UNKNOWN, None, bound[k]),
                )
            break
        found = np.zeros(len(part), dtype=bool)
        found[columns] = run.values
        if run.status is not Status.OPTIMAL:  # out of time with a plan
            for k in pending:
                mine = found[batch.columns_of(k)]
                if alone and complete:
                    finish(k, _capped(Run(run.status, mine, run.bound), bound[k]))
                elif alone:  # every solution outside costs more than bound + gap
                    inside = run.bound if run.bound is not None else bound[k]
                    finish(
                        k,
                        Run(run.status, mine, max(bound[k], min(inside, bound[k] + gap[k]))),
                    )
                else:
                    finish(k, Run(run.status, mine, bound[k]))
            break
        got = batch.part_sums(cost * found)
        still = []
        for k in pending:
            if complete or got[k] <= bound[k] + gap[k] + _TOL:
                finish(k, Run(Status.OPTIMAL, found[batch.columns_of(k)], None))
            else:
                # widen step by step, or at once to where the model is sure to be conclusive
                gap[k] = min(got[k] - bound[k] + _TOL, WIDEN * gap[k])
                still.append(k)
        pending = still
    return [done[k] for k in range(len(models))]


def _alone(
    model: LinearModel, engine: str, deadline: float, seed: int, hint: BoolArray | None
) -> EngineResult:
    """One model by itself (an empty one needs no solver)."""
    from models import engines

    return engines.solve(model, "lp+" + engine, deadline=deadline, seed=seed, hint=hint)


class _Batch:
    """Independent models side by side: one block-diagonal matrix, each column and row tagged
    with the model (part) it comes from."""

    def __init__(self, models: Sequence[LinearModel], hints: Sequence[BoolArray | None]) -> None:
        senses = {m.maximize for m in models}
        if len(senses) > 1:
            raise ValueError("a batch of models must all minimise or all maximise")
        self.sign = -1.0 if senses.pop() else 1.0
        stacked = [m.stacked() for m in models]
        matrix = stacked[0][0] if len(models) == 1 else sp.block_diag([a for a, _, _ in stacked])
        self.rows = Matrix(
            matrix,
            np.concatenate([lo for _, lo, _ in stacked]),
            np.concatenate([hi for _, _, hi in stacked]),
        )
        parts = np.arange(len(models))
        widths = [m.n_vars for m in models]
        self.column_part = np.repeat(parts, widths)
        self.row_part = np.repeat(parts, [len(lo) for _, lo, _ in stacked])
        self._column_end = np.cumsum(widths).tolist()
        self.cost = self.sign * np.concatenate([m.objective for m in models]).astype(float)
        self.whole = np.array(
            [bool(np.all(m.objective == np.round(m.objective))) for m in models], dtype=bool
        )
        self.n = len(models)
        self.hints = (
            None
            if all(h is None for h in hints)
            else np.concatenate(
                [
                    np.zeros(m.n_vars, bool) if h is None else h
                    for m, h in zip(models, hints, strict=True)
                ]
            )
        )

    def part_sums(self, per_column: FloatArray) -> FloatArray:
        """Per part, the sum of a value over its columns."""
        return np.bincount(self.column_part, weights=per_column, minlength=self.n)

    def row_sums(self, per_row: FloatArray) -> FloatArray:
        """Per part, the sum of a value over its rows."""
        return np.bincount(self.row_part, weights=per_row, minlength=self.n)

    def columns_of(self, k: int) -> slice:
        """Part ``k``'s columns (the parts' columns are side by side, in order)."""
        return slice(self._column_end[k - 1] if k else 0, self._column_end[k])

    def hint(self, columns: BoolArray) -> BoolArray | None:
        return None if self.hints is None else self.hints[columns]

    def restricted_to(self, parts: Sequence[int], columns: BoolArray) -> Matrix:
        """The rows and columns of ``parts`` only (no row of theirs reaches another part)."""
        if len(parts) == self.n:
            return self.rows
        keep = np.isin(self.row_part, parts)
        return Matrix(self.rows.a[keep][:, columns], self.rows.lo[keep], self.rows.hi[keep])


class _Relaxation:
    def __init__(self, x: FloatArray, bound: FloatArray, reduced: FloatArray) -> None:
        self.x = x
        self.bound = bound  # per part
        self.reduced = reduced

    def integral_parts(self, batch: _Batch) -> BoolArray:
        """Per part: its LP solution is 0-1 and satisfies each of its rows exactly."""
        rows = batch.rows
        rounded = np.round(self.x)
        bad_columns = np.abs(self.x - rounded) > _TOL
        activity = rows.a @ rounded
        bad_rows = (activity < rows.lo - _TOL) | (activity > rows.hi + _TOL)
        return batch.part_sums(bad_columns) + batch.row_sums(bad_rows) == 0


_INFEASIBLE = object()
_GLOP = "use_dual_simplex: true perturb_costs_in_dual_simplex: true use_preprocessing: false"


def _relaxation(batch: _Batch, deadline: float) -> object | None:
    """The LP's solution and, per part, the Lagrangian bound of its duals; None when it did not
    finish by ``deadline``. A part's bound takes its own rows' and columns' terms: with the
    duals of all, each part's cost is at least that (its rows involve its columns only)."""
    from ortools.linear_solver.python import model_builder_helper as mbh

    rows, cost = batch.rows, batch.cost
    m = len(cost)
    helper = new_helper(rows, cost, np.zeros(m), np.ones(m))
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
    column_terms = np.minimum(reduced, 0.0)
    bound = batch.row_sums(y_lo * lo - y_hi * hi) + batch.part_sums(column_terms)
    scale = batch.row_sums(np.abs(y_lo * lo) + np.abs(y_hi * hi)) + batch.part_sums(
        np.abs(column_terms)
    )
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
