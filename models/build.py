"""Assemble a :class:`~models.linear.LinearModel` from an instance, family by family."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from models import objective as cost
from models.constraints import (
    Variables,
    batch_cap,
    difference,
    forced,
    kinship,
    one_new_head,
    one_seat,
    seat_filled,
    target,
)
from models.families import ALL, Family
from models.instance import Instance, IntArray
from models.linear import LinearModel, RowBlock


@dataclass(frozen=True, eq=False)
class MaxNonlocal:
    """Objective for explanations: the most non-local holders among ``seats``."""

    seats: IntArray


def build(
    instance: Instance,
    *,
    enforced: Family = ALL,
    previous: Sequence[IntArray] = (),
    min_difference: int = 0,
    goal: MaxNonlocal | None = None,
    cost_floor: float | None = None,
) -> LinearModel:
    """The model of ``instance`` under the ``enforced`` families.

    ``previous``/``min_difference`` add the ranking rows; ``goal`` replaces the cost by a
    non-local count to maximise; ``cost_floor`` (a proven lower bound, e.g. the cost of the
    previous ranked plan) is added as a row to help the solver prove optimality.
    """
    variables = Variables.admitted(instance, enforced)
    blocks: list[RowBlock | None] = [
        seat_filled.rows(instance, variables, enforced),
        one_seat.rows(instance, variables, enforced),
        *forced.rows(instance, variables, enforced),
        target.rows(instance, variables, enforced),
        kinship.rows(instance, variables, enforced),
        batch_cap.rows(instance, variables, enforced),
        one_new_head.rows(instance, variables, enforced),
        difference.rows(instance, variables, previous, min_difference),
    ]
    if goal is None:
        coefficients, offset = cost.coefficients(instance, variables.pair)
        if enforced & Family.SEAT_FILLED and not instance.allow_vacancies:
            # every seat has exactly one holder, so the vacancy term folded into each pair is
            # a constant; leaving it in puts coefficients near -vacancy on every column, which
            # slowed HiGHS 2x on a 70k-pair model and widens its relative-gap stop
            scale = instance.closeness_scale or 1  # the cost is scaled under a tie-break
            coefficients = coefficients + scale * instance.weights.vacancy
            offset -= scale * instance.weights.vacancy * instance.n_seats
        if cost_floor is not None:
            from models.linear import block

            blocks.append(
                block(
                    difference.RANKING,
                    variables.n,
                    [(np.arange(variables.n), coefficients)],
                    [cost_floor - offset],
                    [np.inf],
                    [-1],
                )
            )
        maximize = False
    else:
        chosen = np.isin(instance.pair_seat[variables.pair], goal.seats)
        coefficients = (chosen & instance.pair_nonlocal[variables.pair]).astype(float)
        offset = 0.0
        maximize = True
    return LinearModel(
        var_pair=variables.pair,
        objective=coefficients,
        offset=offset,
        blocks=tuple(b for b in blocks if b is not None and b.n_rows > 0),
        maximize=maximize,
    )
