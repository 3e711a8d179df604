"""Rule 7, the ``one_new_head`` family: at most one change per unit in this batch, so a commune
never loses both its secretary and its chairman at once (an option, not a law: docs/domain.md)."""

from __future__ import annotations

import numpy as np

from models.constraints import Variables
from models.families import Family
from models.instance import Instance
from models.linear import RowBlock, grouped_block


def rows(instance: Instance, variables: Variables, enforced: Family) -> RowBlock | None:
    if not enforced & Family.ONE_NEW_HEAD or not instance.one_new_head_per_unit:
        return None
    change_vars = np.flatnonzero(~instance.pair_keep[variables.pair])
    seats = instance.pair_seat[variables.pair[change_vars]]
    units, row_of = np.unique(instance.seat_unit[seats], return_inverse=True)
    n = len(units)
    first_seat = np.zeros(n, dtype=np.int64)
    first_seat[row_of[::-1]] = seats[::-1]
    return grouped_block(
        Family.ONE_NEW_HEAD,
        variables.n,
        row_of,
        change_vars,
        np.ones(len(change_vars)),
        n,
        np.zeros(n),
        np.ones(n),
        instance.seat_group[first_seat],
    )
