"""MIP engines shipped inside the ortools wheel (HiGHS, SCIP) through the model builder.

The matrix is handed over in one call (``fill_model_from_sparse_data``), so building a model of
70k pairs costs milliseconds, not the seconds a term-by-term Python loop would. Both solvers run
single-threaded and deterministic; parallelism comes from solving independent parts at once.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator

import numpy as np
from ortools.linear_solver.python import model_builder_helper as mbh

from models.engines import EngineResult, Status
from models.instance import BoolArray
from models.linear import LinearModel

_OPTIMAL = {mbh.SolveStatus.OPTIMAL}
_FEASIBLE = {mbh.SolveStatus.FEASIBLE}
_INFEASIBLE = {mbh.SolveStatus.INFEASIBLE}


def solve(model: LinearModel, engine: str, *, time_limit_s: float, seed: int = 0,
          hint: BoolArray | None = None) -> EngineResult:
    start = time.perf_counter()
    helper = mbh.ModelBuilderHelper()
    matrix, lo, hi = model.stacked()
    n = model.n_vars
    lo = np.where(np.isfinite(lo), lo, -np.inf)
    hi = np.where(np.isfinite(hi), hi, np.inf)
    helper.fill_model_from_sparse_data(
        np.zeros(n), np.ones(n), model.objective.astype(float),  # type: ignore[arg-type]
        lo.astype(float), hi.astype(float), matrix.astype(float).tocsr())  # type: ignore[arg-type]
    for j in range(n):
        helper.set_var_integrality(j, True)
    helper.set_objective_offset(float(model.offset))
    helper.set_maximize(model.maximize)
    if hint is not None:
        for chosen in np.flatnonzero(hint):
            helper.add_hint(int(chosen), 1.0)
    solver = mbh.ModelSolverHelper(engine)
    if not solver.solver_is_supported():
        raise RuntimeError(f"the {engine} solver is not available in this ortools build")
    solver.enable_output(False)
    solver.set_time_limit_in_seconds(max(float(time_limit_s), 0.01))
    if engine == "scip":
        solver.set_solver_specific_parameters(
            f"randomization/randomseedshift = {int(seed)}\nparallel/maxnthreads = 1")
    with _quiet_stdout(engine == "highs"):
        solver.solve(helper)
    status = solver.status()
    wall = time.perf_counter() - start
    if status in _INFEASIBLE:
        return EngineResult(Status.INFEASIBLE, None, None, None, wall)
    if not solver.has_solution():
        return EngineResult(Status.UNKNOWN, None, None, _bound(solver, model), wall)
    values = np.asarray(solver.variable_values()) > 0.5
    objective = float(model.objective @ values + model.offset)
    result = Status.OPTIMAL if status in _OPTIMAL else Status.FEASIBLE
    bound = objective if result is Status.OPTIMAL else _bound(solver, model)
    return EngineResult(result, values, objective, bound, wall)


def _bound(solver: mbh.ModelSolverHelper, model: LinearModel) -> float | None:
    bound = float(solver.best_objective_bound())
    return bound if np.isfinite(bound) else None


@contextlib.contextmanager
def _quiet_stdout(enabled: bool) -> Iterator[None]:
    """HiGHS prints a banner on the process's stdout (fd 1) whatever its options say; the
    planner's stdout belongs to the planner, so the banner goes to /dev/null."""
    if not enabled:
        yield
        return
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
