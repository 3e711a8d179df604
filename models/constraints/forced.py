"""Pairs that every plan must contain: ``tenure`` (an incumbent with fewer than
``min_years_before_move`` years keeps the seat) and ``pin`` (the committee's "keep" decisions).

A forced pair that another enforced family refuses yields an empty row ``1 <= 0``: the model is
infeasible, which is the truth, and the explanation names both families.
"""

from __future__ import annotations

import numpy as np

from models.constraints import Variables
from models.families import Family
from models.instance import Instance
from models.linear import RowBlock, block

FORCING = (Family.TENURE, Family.PIN)


def rows(instance: Instance, variables: Variables, enforced: Family) -> list[RowBlock]:
    blocks = []
    for family in FORCING:
        if not enforced & family:
            continue
        pairs = np.flatnonzero(instance.pair_forced & int(family))
        if len(pairs) == 0:
            continue
        row_list = []
        for pair in pairs:
            var = variables.of_pair[pair]
            idx = np.array([var] if var >= 0 else [], dtype=np.int64)
            row_list.append((idx, np.ones(len(idx))))
        groups = instance.seat_group[instance.pair_seat[pairs]]
        blocks.append(
            block(family, variables.n, row_list, np.ones(len(pairs)), np.ones(len(pairs)), groups)
        )
    return blocks
