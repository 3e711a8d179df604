"""Rule 6, the ``kinship`` family: two relatives never both hold seats inside one unit at
``kinship_level``. Each set lists the pairs that would put either relative in that unit."""

from __future__ import annotations

import numpy as np

from models.constraints import Variables
from models.families import Family
from models.instance import Instance
from models.linear import RowBlock, block


def rows(instance: Instance, variables: Variables, enforced: Family) -> RowBlock | None:
    if not enforced & Family.KINSHIP or not instance.kinship:
        return None
    row_list = []
    groups = []
    for pairs in instance.kinship:
        var = variables.of_pair[pairs]
        var = var[var >= 0]
        if len(var) < 2:
            continue
        row_list.append((np.sort(var), np.ones(len(var))))
        groups.append(int(instance.seat_group[instance.pair_seat[pairs[0]]]))
    if not row_list:
        return None
    n = len(row_list)
    return block(Family.KINSHIP, variables.n, row_list, np.zeros(n), np.ones(n), groups)
