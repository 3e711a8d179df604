"""Rule 1: every seat in scope has exactly one holder, or at most one where vacancies are allowed.

"At most one holder" is structural and always holds; "at least one" is the ``seat_filled``
family, which an explanation may relax to see what vacancies would buy.
"""

from __future__ import annotations

import numpy as np

from models.constraints import Variables
from models.families import Family
from models.instance import Instance
from models.linear import RowBlock, grouped_block


def rows(instance: Instance, variables: Variables, enforced: Family) -> RowBlock:
    must_fill = bool(enforced & Family.SEAT_FILLED) and not instance.allow_vacancies
    seats = instance.pair_seat[variables.pair]
    lo = np.full(instance.n_seats, 1.0 if must_fill else 0.0)
    return grouped_block(
        Family.SEAT_FILLED,
        variables.n,
        seats,
        np.arange(variables.n),
        np.ones(variables.n),
        instance.n_seats,
        lo,
        np.ones(instance.n_seats),
        instance.seat_group,
    )
