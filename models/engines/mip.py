"""MIP engines shipped inside the ortools wheel (HiGHS, SCIP) through the model builder.

The matrix is handed over in one call (``fill_model_from_sparse_data``), so building a model of
70k pairs costs milliseconds, not the seconds a term-by-term Python loop would. Both solvers run
single-threaded and deterministic; parallelism comes from solving independent parts at once.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from ortools.linear_solver.python import model_builder_helper as mbh

from models.engines import EngineResult, Status
from models.engines.interrupt import Overran, run_interruptible
from models.instance import BoolArray
from models.linear import FloatArray, LinearModel

_OPTIMAL = {mbh.SolveStatus.OPTIMAL}
_FEASIBLE = {mbh.SolveStatus.FEASIBLE}
_INFEASIBLE = {mbh.SolveStatus.INFEASIBLE}


def solve(
    model: LinearModel,
    engine: str,
    *,
    deadline: float,
    seed: int = 0,
    hint: BoolArray | None = None,
) -> EngineResult:
    start = time.perf_counter()
    matrix, lo, hi = model.stacked()
    n = model.n_vars
    run = run_mip(
        Matrix(matrix, lo, hi),
        model.objective.astype(float),
        np.zeros(n),
        np.ones(n),
        engine,
        deadline=deadline,
        seed=seed,
        hint=hint,
        maximize=model.maximize,
    )
    return engine_result(model, run, start)


def engine_result(model: LinearModel, run: Run, start: float, sign: float = 1.0) -> EngineResult:
    """A solver's :class:`Run` as the model's answer: offset added, the bound of a proven
    optimum set to its value. ``sign`` is -1 where the run minimised the negated objective."""
    wall = time.perf_counter() - start
    if run.status is Status.INFEASIBLE:
        return EngineResult(Status.INFEASIBLE, None, None, None, wall)
    bound = None if run.bound is None else sign * run.bound + float(model.offset)
    if run.values is None:
        return EngineResult(Status.UNKNOWN, None, None, bound, wall)
    objective = float(model.objective @ run.values + model.offset)
    if run.status is Status.OPTIMAL:
        bound = objective
    return EngineResult(run.status, run.values, objective, bound, wall)


@dataclass(frozen=True, eq=False)
class Matrix:
    """Rows ``lo <= A x <= hi`` as the model builder takes them (float CSR, ±inf bounds)."""

    a: sp.csr_matrix
    lo: FloatArray
    hi: FloatArray

    def __init__(self, a: sp.spmatrix, lo: FloatArray, hi: FloatArray) -> None:
        object.__setattr__(self, "a", sp.csr_matrix(a, dtype=float))
        object.__setattr__(self, "lo", np.where(np.isfinite(lo), lo, -np.inf).astype(float))
        object.__setattr__(self, "hi", np.where(np.isfinite(hi), hi, np.inf).astype(float))


def new_helper(
    rows: Matrix, objective: FloatArray, lb: FloatArray, ub: FloatArray
) -> mbh.ModelBuilderHelper:
    """A model builder holding the whole matrix, filled in one call (continuous columns)."""
    helper = mbh.ModelBuilderHelper()
    fill: Any = helper.fill_model_from_sparse_data  # its stub's array types are malformed
    fill(
        np.asarray(lb, dtype=float),
        np.asarray(ub, dtype=float),
        np.asarray(objective, dtype=float),
        rows.lo,
        rows.hi,
        rows.a,
    )
    return helper


@dataclass(frozen=True, eq=False)
class Run:
    """A solver's answer before it is mapped back to a model (objective without offset)."""

    status: Status
    values: BoolArray | None
    bound: float | None  # best bound on ``objective @ x`` (no offset)


def run_mip(
    rows: Matrix,
    objective: FloatArray,
    lb: FloatArray,
    ub: FloatArray,
    engine: str,
    *,
    deadline: float,
    seed: int = 0,
    hint: BoolArray | None = None,
    maximize: bool = False,
) -> Run:
    """One 0-1 MIP solve by ``deadline`` (``time.time()``: building the model counts); ``lb``/
    ``ub`` fix variables (a reduced model keeps its columns' positions, so hints and values
    need no remapping)."""
    helper = new_helper(rows, objective, lb, ub)
    for j in range(len(objective)):
        helper.set_var_integrality(j, True)
    helper.set_maximize(maximize)
    # ortools 9.15's model builder kills the process (SIGSEGV) when HiGHS gets any hint; it
    # does not pass hints to HiGHS anyway (google/or-tools#4737), so HiGHS gets none
    if hint is not None and engine != "highs":
        for k in np.flatnonzero(hint):
            helper.add_hint(int(k), 1.0)
    solver = mbh.ModelSolverHelper(engine)
    if not solver.solver_is_supported():
        raise RuntimeError(f"the {engine} solver is not available in this ortools build")
    solver.enable_output(False)
    if engine == "scip":
        # misc/catchctrlc: SCIP would take SIGINT for itself and stop quietly with a merely
        # feasible plan; the planner stops the whole run instead (models.engines.interrupt)
        solver.set_solver_specific_parameters(
            f"randomization/randomseedshift = {int(seed)}\nparallel/maxnthreads = 1\n"
            "misc/catchctrlc = FALSE"
        )
    elif engine == "highs":
        # HiGHS stops at a 0.01% relative gap by default: with costs in the millions that
        # is hundreds of cost units, and "optimal" must mean optimal.
        solver.set_solver_specific_parameters(f"mip_rel_gap = 0\nrandom_seed = {int(seed)}")
    remaining = deadline - time.time()
    if remaining <= 0:
        return Run(Status.UNKNOWN, None, None)
    solver.set_time_limit_in_seconds(remaining)
    with quiet_stdout(engine == "highs"):
        try:
            run_interruptible(lambda: solver.solve(helper), solver.interrupt_solve, deadline)
        except Overran:
            return Run(Status.UNKNOWN, None, None)
    status = solver.status()
    if status in _INFEASIBLE:
        return Run(Status.INFEASIBLE, None, None)
    bound = float(solver.best_objective_bound()) if solver.has_response() else np.nan
    finite = bound if np.isfinite(bound) else None
    if not solver.has_solution():
        return Run(Status.UNKNOWN, None, finite)
    values = np.asarray(solver.variable_values()) > 0.5
    result = Status.OPTIMAL if status in _OPTIMAL else Status.FEASIBLE
    return Run(result, values, finite)


_quiet_lock = threading.Lock()
_quiet = {"depth": 0, "saved": -1}


@contextlib.contextmanager
def quiet_stdout(enabled: bool) -> Iterator[None]:
    """HiGHS prints a banner on the process's stdout (fd 1) whatever its options say; the
    planner's stdout belongs to the planner, so the banner goes to /dev/null.

    fd 1 belongs to the whole process: with solves in several threads (a threaded Dask
    worker) the first one in redirects it and the last one out restores it; saving and
    restoring per thread would leave stdout pointing at /dev/null for good."""
    if not enabled:
        yield
        return
    with _quiet_lock:
        if _quiet["depth"] == 0:
            sys.stdout.flush()
            _quiet["saved"] = os.dup(1)
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            os.close(null)
        _quiet["depth"] += 1
    try:
        yield
    finally:
        with _quiet_lock:
            _quiet["depth"] -= 1
            if _quiet["depth"] == 0:
                os.dup2(_quiet["saved"], 1)
                os.close(_quiet["saved"])
