"""Rule 2: an official holds at most one seat (structural, never relaxed)."""

from __future__ import annotations

import numpy as np

from models.constraints import Variables
from models.families import Family
from models.instance import Instance
from models.linear import RowBlock, grouped_block


def rows(instance: Instance, variables: Variables, enforced: Family) -> RowBlock | None:
    officials = instance.pair_official[variables.pair]
    counts = np.bincount(officials, minlength=instance.n_officials)
    busy = np.flatnonzero(counts > 1)  # an official with one candidate seat needs no row
    if len(busy) == 0:
        return None
    row_of = np.full(instance.n_officials, -1, dtype=np.int64)
    row_of[busy] = np.arange(len(busy))
    keep = row_of[officials] >= 0
    groups = np.full(len(busy), -1, dtype=np.int64)
    return grouped_block(
        Family.ONE_SEAT,
        variables.n,
        row_of[officials[keep]],
        np.flatnonzero(keep),
        np.ones(int(keep.sum())),
        len(busy),
        np.zeros(len(busy)),
        np.ones(len(busy)),
        groups,
    )
