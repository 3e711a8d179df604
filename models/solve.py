"""Solve one instance (or one independent part of it) and return a seat -> official assignment."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from models import engines
from models.build import MaxNonlocal, build
from models.engines import Status
from models.families import ALL, Family
from models.instance import NO_ONE, Instance, IntArray


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
    hint_values = None
    if hint is not None:
        chosen = np.zeros(instance.n_pairs, dtype=bool)
        pairs = instance.pair_indices(hint, np.arange(len(hint)))
        chosen[pairs[pairs >= 0]] = True
        hint_values = chosen[model.var_pair]
    result = engines.solve(
        model, engine, deadline=deadline, seed=seed, hint=hint_values, threads=threads
    )
    assignment = None
    if result.values is not None:
        assignment = np.full(instance.n_seats, NO_ONE, dtype=np.int64)
        pairs = model.var_pair[result.values]
        assignment[instance.pair_seat[pairs]] = instance.pair_official[pairs]
    return Solution(result.status, assignment, result.objective, result.bound, result.wall_s)
