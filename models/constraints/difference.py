"""Ranking: plan k+1 differs from each better plan in the holders of at least ``d`` seats.

Seat ``s`` keeps plan p's holder exactly when the pair (p's holder, s) is chosen, or, if p left
``s`` empty, when no pair of ``s`` is chosen. The number of seats that stay as in p is therefore
linear in x, and the row bounds it by ``n_seats - d``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from models.constraints import Variables
from models.families import Family
from models.instance import NO_ONE, Instance, IntArray
from models.linear import RowBlock, block

#: Ranking rows are not a rule of the contract; they are tagged with no family bit.
RANKING = Family(0)


def rows(
    instance: Instance, variables: Variables, previous: Sequence[IntArray], min_difference: int
) -> RowBlock | None:
    if not previous or min_difference <= 0:
        return None
    seat_of_var = instance.pair_seat[variables.pair]
    row_list = []
    hi = []
    for assignment in previous:
        filled = assignment != NO_ONE
        seats = np.flatnonzero(filled)
        pairs = instance.pair_indices(assignment[seats], seats)
        same = variables.of_pair[pairs[pairs >= 0]]
        same_vars = same[same >= 0]
        empty = ~filled
        empty_vars = np.flatnonzero(empty[seat_of_var])
        idx = np.concatenate([np.asarray(same_vars, dtype=np.int64), empty_vars])
        coef = np.concatenate([np.ones(len(same_vars)), -np.ones(len(empty_vars))])
        order = np.argsort(idx, kind="stable")
        row_list.append((idx[order], coef[order]))
        # sum(same) = sum(x on p's pairs) + sum over p's empty seats of (1 - sum x)
        hi.append(float(instance.n_seats - min_difference - int(empty.sum())))
    n = len(row_list)
    return block(RANKING, variables.n, row_list, np.full(n, -np.inf), hi, np.full(n, -1))
