"""CP-SAT on the same matrix. Strong on many small groups and on tight side constraints;
measured slower than the MIP engines to *prove* optimality on one large group
(benchmarks/README.md)."""

from __future__ import annotations

import time

import numpy as np
from ortools.sat.python import cp_model

from models.engines import EngineResult, Status
from models.engines.interrupt import Overran, run_interruptible
from models.instance import BoolArray
from models.linear import LinearModel


def solve(
    model: LinearModel,
    *,
    deadline: float,
    seed: int = 0,
    hint: BoolArray | None = None,
    threads: int = 1,
) -> EngineResult:
    start = time.perf_counter()
    cp = cp_model.CpModel()
    x = [cp.new_bool_var(f"x{j}") for j in range(model.n_vars)]
    matrix, lo, hi = model.stacked()
    big = 1 << 40
    for i in range(matrix.shape[0]):
        begin, end = matrix.indptr[i], matrix.indptr[i + 1]
        idx = matrix.indices[begin:end]
        coef = matrix.data[begin:end]
        lb = int(np.ceil(lo[i] - 1e-9)) if np.isfinite(lo[i]) else -big
        ub = int(np.floor(hi[i] + 1e-9)) if np.isfinite(hi[i]) else big
        expr = cp_model.LinearExpr.weighted_sum([x[j] for j in idx], [int(c) for c in coef])
        cp.add_linear_constraint(expr, lb, ub)
    objective = cp_model.LinearExpr.weighted_sum(x, [int(c) for c in model.objective])
    if model.maximize:
        cp.maximize(objective)
    else:
        cp.minimize(objective)
    if hint is not None:
        for j, value in enumerate(hint):
            cp.add_hint(x[j], bool(value))
    solver = cp_model.CpSolver()
    remaining = deadline - time.time()
    if remaining <= 0:
        return EngineResult(Status.UNKNOWN, None, None, None, time.perf_counter() - start)
    solver.parameters.max_time_in_seconds = remaining
    solver.parameters.num_workers = max(threads, 1)
    solver.parameters.random_seed = int(seed)
    # a Ctrl-C stops the run, not just this search (models.engines.interrupt)
    solver.parameters.catch_sigint_signal = False
    try:
        code = run_interruptible(lambda: solver.solve(cp), solver.stop_search, deadline)
    except Overran:
        return EngineResult(Status.UNKNOWN, None, None, None, time.perf_counter() - start)
    wall = time.perf_counter() - start
    if code == cp_model.INFEASIBLE:
        return EngineResult(Status.INFEASIBLE, None, None, None, wall)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return EngineResult(Status.UNKNOWN, None, None, None, wall)
    values = np.array([solver.boolean_value(v) for v in x], dtype=bool)
    value = float(model.objective @ values + model.offset)
    if code == cp_model.OPTIMAL:
        return EngineResult(Status.OPTIMAL, values, value, value, wall)
    return EngineResult(
        Status.FEASIBLE, values, value, float(solver.best_objective_bound) + model.offset, wall
    )
