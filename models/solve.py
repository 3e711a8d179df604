"""Solve one instance (or one independent part of it) and return a seat -> official assignment."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from models import engines
from models.build import MaxNonlocal, build
from models.engines import EngineResult, Status
from models.families import ALL, Family
from models.instance import NO_ONE, BoolArray, Instance, IntArray
from models.linear import LinearModel


@dataclass(frozen=True, eq=False)
class Solution:
    status: Status
    assignment: IntArray | None  # official per seat, NO_ONE for an empty seat
    objective: float | None
    bound: float | None
    wall_s: float

    @property
    def found(self) -> bool:
        return self.assignment is not None


def solve(
    instance: Instance,
    *,
    engine: str = "highs",
    time_limit_s: float = 60.0,
    deadline: float | None = None,
    seed: int = 0,
    enforced: Family = ALL,
    previous: Sequence[IntArray] = (),
    min_difference: int = 0,
    goal: MaxNonlocal | None = None,
    hint: IntArray | None = None,
    cost_floor: float | None = None,
    threads: int = 1,
) -> Solution:
    """``deadline`` (``time.time()``) bounds the whole call, model building included; without
    it, ``time_limit_s`` from now. Past the deadline the answer is UNKNOWN without a solve."""
    if deadline is None:
        deadline = time.time() + time_limit_s
    if time.time() >= deadline:
        return Solution(Status.UNKNOWN, None, None, None, 0.0)
    model = build(
        instance,
        enforced=enforced,
        previous=previous,
        min_difference=min_difference,
        goal=goal,
        cost_floor=cost_floor,
    )
    result = engines.solve(
        model,
        engine,
        deadline=deadline,
        seed=seed,
        hint=_hint_values(instance, model, hint),
        threads=threads,
    )
    return _solution(instance, model, result)


def solve_many(
    instances: Sequence[Instance],
    *,
    engine: str,
    deadline: float,
    seed: int = 0,
    hints: Sequence[IntArray | None] | None = None,
) -> list[Solution]:
    """Independent instances (the parts of one), each solved as :func:`solve` would, under
    every rule and the plain cost; the LP-first engines solve them in one go."""
    if time.time() >= deadline:
        return [Solution(Status.UNKNOWN, None, None, None, 0.0) for _ in instances]
    hints = list(hints) if hints is not None else [None] * len(instances)
    models = [build(instance) for instance in instances]
    results = engines.solve_many(
        models,
        engine,
        deadline=deadline,
        seed=seed,
        hints=[_hint_values(i, m, h) for i, m, h in zip(instances, models, hints, strict=True)],
    )
    return [_solution(i, m, r) for i, m, r in zip(instances, models, results, strict=True)]


def _hint_values(instance: Instance, model: LinearModel, hint: IntArray | None) -> BoolArray | None:
    """A dense assignment as one bool per model variable."""
    if hint is None:
        return None
    chosen = np.zeros(instance.n_pairs, dtype=bool)
    pairs = instance.pair_indices(hint, np.arange(len(hint)))
    chosen[pairs[pairs >= 0]] = True
    return chosen[model.var_pair]


def _solution(instance: Instance, model: LinearModel, result: EngineResult) -> Solution:
    """An engine's answer as an assignment: the official of every seat."""
    assignment = None
    if result.values is not None:
        assignment = np.full(instance.n_seats, NO_ONE, dtype=np.int64)
        pairs = model.var_pair[result.values]
        assignment[instance.pair_seat[pairs]] = instance.pair_official[pairs]
    return Solution(result.status, assignment, result.objective, result.bound, result.wall_s)
