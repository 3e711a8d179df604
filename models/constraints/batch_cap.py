"""Rule 7, the ``batch_cap`` family: at most ``max_changes_per_group`` changes in each group.

A change is a chosen pair that is not an incumbent keeping their seat; a seat left empty is a
vacancy, not a change.
"""

from __future__ import annotations

import numpy as np

from models.constraints import Variables
from models.families import Family
from models.instance import Instance
from models.linear import RowBlock, grouped_block


def rows(instance: Instance, variables: Variables, enforced: Family) -> RowBlock | None:
    cap = instance.max_changes_per_group
    if not enforced & Family.BATCH_CAP or cap <= 0:
        return None
    change_vars = np.flatnonzero(~instance.pair_keep[variables.pair])
    groups = instance.seat_group[instance.pair_seat[variables.pair[change_vars]]]
    n = instance.n_groups
    return grouped_block(
        Family.BATCH_CAP,
        variables.n,
        groups,
        change_vars,
        np.ones(len(change_vars)),
        n,
        np.zeros(n),
        np.full(n, float(cap)),
        np.arange(n),
    )
