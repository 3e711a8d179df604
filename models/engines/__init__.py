"""Engines that solve a :class:`~models.linear.LinearModel`; all answer with an EngineResult.

The engines are interchangeable on purpose: which one is fastest depends on the shape of the
instance (many small groups, or one big group with tens of thousands of pairs), and the choice is
made by measurement in :mod:`planner.solve.strategy`, not here.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from models.instance import BoolArray
from models.linear import LinearModel


class Status(StrEnum):
    OPTIMAL = "OPTIMAL"  # proven best under the conditions
    FEASIBLE = "FEASIBLE"  # a plan, not proven best (time ran out)
    INFEASIBLE = "INFEASIBLE"  # proven: no plan exists
    UNKNOWN = "UNKNOWN"  # time ran out before any plan was found


@dataclass(frozen=True, eq=False)
class EngineResult:
    status: Status
    values: BoolArray | None  # one per variable, when a solution exists
    objective: float | None
    bound: float | None
    wall_s: float


#: "lp+highs"/"lp+scip": the LP relaxation first, then that MIP engine on what it cannot rule
#: out (:mod:`models.engines.lp_first`); exact, and what ``auto`` uses.
ENGINES = ("highs", "scip", "cp-sat", "lp+highs", "lp+scip")


def solve(
    model: LinearModel,
    engine: str,
    *,
    deadline: float,
    seed: int = 0,
    hint: BoolArray | None = None,
    threads: int = 1,
) -> EngineResult:
    """Solve ``model`` with the named engine by ``deadline`` (``time.time()``); ``hint`` is a
    warm start (one bool per variable). Past the deadline: UNKNOWN, without a solve."""
    if model.n_vars == 0:
        return _solve_empty(model)
    if time.time() >= deadline:
        return EngineResult(Status.UNKNOWN, None, None, None, 0.0)
    if engine in ("lp+highs", "lp+scip"):
        from models.engines import lp_first

        return lp_first.solve(
            model, engine.removeprefix("lp+"), deadline=deadline, seed=seed, hint=hint
        )
    if engine in ("highs", "scip"):
        from models.engines import mip

        return mip.solve(model, engine, deadline=deadline, seed=seed, hint=hint)
    if engine == "cp-sat":
        from models.engines import cpsat

        return cpsat.solve(model, deadline=deadline, seed=seed, hint=hint, threads=threads)
    raise ValueError(f"unknown engine {engine!r}; expected one of {ENGINES}")


def solve_many(
    models: Sequence[LinearModel],
    engine: str,
    *,
    deadline: float,
    seed: int = 0,
    hints: Sequence[BoolArray | None] | None = None,
) -> list[EngineResult]:
    """Independent models, each answered as :func:`solve` would answer it alone. The LP-first
    engines solve them together (one LP, then joint restricted MIPs: a solver call's fixed
    cost is paid once); the others one after another."""
    hints = list(hints) if hints is not None else [None] * len(models)
    if engine in ("lp+highs", "lp+scip") and len(models) > 1:
        if time.time() >= deadline:
            return [EngineResult(Status.UNKNOWN, None, None, None, 0.0) for _ in models]
        from models.engines import lp_first

        return lp_first.solve_many(
            models, engine.removeprefix("lp+"), deadline=deadline, seed=seed, hints=hints
        )
    return [
        solve(m, engine, deadline=deadline, seed=seed, hint=h)
        for m, h in zip(models, hints, strict=True)
    ]


def _solve_empty(model: LinearModel) -> EngineResult:
    """No variable: feasible exactly when every row admits 0."""
    _matrix, lo, hi = model.stacked()
    ok = bool(np.all(lo <= 1e-9) and np.all(hi >= -1e-9))
    status = Status.OPTIMAL if ok else Status.INFEASIBLE
    value = model.offset if ok else None
    return EngineResult(status, np.zeros(0, bool) if ok else None, value, value, 0.0)
