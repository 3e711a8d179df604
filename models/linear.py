"""A 0-1 linear model in matrix form, assembled from one block of rows per rule family.

Keeping every family's rows separate (and tagged with the group they concern) is what lets an
explanation switch a family off for one group, and lets an engine hand the whole matrix to a MIP
solver in one call instead of building it term by term in Python.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from models.families import Family
from models.instance import IntArray

FloatArray = np.ndarray


@dataclass(frozen=True, eq=False)
class RowBlock:
    """Rows ``lo <= A x <= hi`` of one family; ``group[i]``: the group of row i (-1: none)."""

    family: Family
    matrix: sp.csr_matrix  # shape (rows, n_vars)
    lo: FloatArray
    hi: FloatArray
    group: IntArray

    @property
    def n_rows(self) -> int:
        return int(self.matrix.shape[0])


def block(
    family: Family,
    n_vars: int,
    rows: list[tuple[IntArray, FloatArray]],
    lo: FloatArray | list[float],
    hi: FloatArray | list[float],
    group: IntArray | list[int],
) -> RowBlock:
    """Build a block from a list of (variable indices, coefficients) rows."""
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    for i, (idx, _) in enumerate(rows):
        indptr[i + 1] = indptr[i] + len(idx)
    indices = np.concatenate([r[0] for r in rows]).astype(np.int64) if rows else np.zeros(0, int)
    data = np.concatenate([r[1] for r in rows]).astype(float) if rows else np.zeros(0)
    matrix = sp.csr_matrix((data, indices, indptr), shape=(len(rows), n_vars))
    return RowBlock(
        family,
        matrix,
        np.asarray(lo, dtype=float),
        np.asarray(hi, dtype=float),
        np.asarray(group, dtype=np.int64),
    )


def grouped_block(
    family: Family,
    n_vars: int,
    row_of_var: IntArray,
    var: IntArray,
    coef: FloatArray,
    n_rows: int,
    lo: FloatArray,
    hi: FloatArray,
    group: IntArray,
) -> RowBlock:
    """Build a block where each listed variable belongs to row ``row_of_var`` (vectorised)."""
    matrix = sp.csr_matrix((coef.astype(float), (row_of_var, var)), shape=(n_rows, n_vars))
    matrix.sum_duplicates()
    return RowBlock(
        family, matrix, np.asarray(lo, float), np.asarray(hi, float), np.asarray(group, np.int64)
    )


@dataclass(frozen=True, eq=False)
class LinearModel:
    """min/max ``objective @ x + offset`` over binary ``x`` subject to the row blocks.

    Variable ``j`` is candidate pair ``var_pair[j]`` of the instance it was built from.
    """

    var_pair: IntArray
    objective: FloatArray
    offset: float
    blocks: tuple[RowBlock, ...]
    maximize: bool = False

    @property
    def n_vars(self) -> int:
        return len(self.var_pair)

    def stacked(self) -> tuple[sp.csr_matrix, FloatArray, FloatArray]:
        """All rows as one CSR matrix with their bounds (the form MIP engines take)."""
        if not self.blocks:
            return sp.csr_matrix((0, self.n_vars)), np.zeros(0), np.zeros(0)
        matrix = sp.vstack([b.matrix for b in self.blocks], format="csr")
        lo = np.concatenate([b.lo for b in self.blocks])
        hi = np.concatenate([b.hi for b in self.blocks])
        return matrix, lo, hi
