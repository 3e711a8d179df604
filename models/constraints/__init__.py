"""One module per rule family; each turns an :class:`~models.instance.Instance` into rows.

Every module exposes ``rows(instance, variables, enforced) -> RowBlock | None``; the variables
are the admitted pairs (:class:`Variables`), so a family never sees a pair that cannot be chosen.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models.families import Family
from models.instance import BoolArray, Instance, IntArray


@dataclass(frozen=True, eq=False)
class Variables:
    """The admitted pairs, and the way back from a pair to its variable (-1: no variable)."""

    pair: IntArray
    of_pair: IntArray

    @classmethod
    def admitted(cls, instance: Instance, enforced: Family) -> Variables:
        mask: BoolArray = instance.admitted(enforced)
        pair = np.flatnonzero(mask).astype(np.int64)
        of_pair = np.full(instance.n_pairs, -1, dtype=np.int64)
        of_pair[pair] = np.arange(len(pair))
        return cls(pair=pair, of_pair=of_pair)

    @property
    def n(self) -> int:
        return len(self.pair)
