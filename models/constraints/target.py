"""Rule 5, the ``target`` family: enough non-local holders in every group (and group-role).

The required counts arrive already rounded up exactly (``TargetRow.required``); this module only
counts the chosen non-local pairs among the row's seats.
"""

from __future__ import annotations

import numpy as np

from models.constraints import Variables
from models.families import Family
from models.instance import Instance
from models.linear import RowBlock, block


def rows(instance: Instance, variables: Variables, enforced: Family) -> RowBlock | None:
    if not enforced & Family.TARGET or not instance.targets:
        return None
    pairs = variables.pair
    nonlocal_vars = np.flatnonzero(instance.pair_nonlocal[pairs])
    seat_of_var = instance.pair_seat[pairs[nonlocal_vars]]
    row_list = []
    for target in instance.targets:
        in_row = np.isin(seat_of_var, target.seats)
        idx = nonlocal_vars[in_row]
        row_list.append((idx, np.ones(len(idx))))
    lo = [float(t.required) for t in instance.targets]
    hi = [float(len(t.seats)) for t in instance.targets]
    groups = [t.group for t in instance.targets]
    return block(Family.TARGET, variables.n, row_list, lo, hi, groups)
