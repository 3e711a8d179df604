"""Home-to-seat distances in km (contract section 2): roads, else great circle, else nothing.

A national run asks for the distances from ~15,000 officials' home units to ~6,600 seat units,
but only between distinct units, so the work is per distinct *unit*: one Dijkstra (in C, via
scipy.sparse.csgraph) per distinct source unit over the road graph, or one numpy haversine
block. Results are computed on distinct ids and expanded to the caller's shape at the end.

Unreachable pairs are ``math.inf``; what they cost or forbid is the caller's rule (contract:
forbidden with ``max_distance_km``, 0 km otherwise), see :func:`whole_km`.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from planner.domain.records import Dataset
from planner.domain.tree import AdminTree
from planner.i18n import N_, _

EARTH_RADIUS_KM = 6371.0
NO_DISTANCES = N_("no adjacency.csv and no lat/lon: every distance is 0")

#: Memory allowed for cached Dijkstra rows (8 bytes per unit per cached source).
_CACHE_BYTES = 256 * 1024 * 1024
#: Elements per block of a vectorised computation, to bound temporaries.
_BLOCK = 4_000_000


def whole_km(km: float, unreachable: int = 0) -> int:
    """Nearest whole km, halves up (12.5 → 13); ``unreachable`` for an infinite distance.

    A tolerance of 1e-9 km lets a sum of decimal road lengths that is 12.5 on paper but
    12.499999999999998 in binary still round up, as the planner computing by hand would.
    """
    if not math.isfinite(km):
        return unreachable
    floor = math.floor(km)
    return int(floor) + (1 if km - floor >= 0.5 - 1e-9 else 0)


def whole_km_array(km: ArrayLike, unreachable: int = 0) -> NDArray[np.int64]:
    """:func:`whole_km` over an array; returns int64 of the same shape."""
    values = np.asarray(km, dtype=np.float64)
    finite = np.isfinite(values)
    safe = np.where(finite, values, 0.0)
    floor = np.floor(safe)
    rounded = floor + (safe - floor >= 0.5 - 1e-9)
    return np.where(finite, rounded, unreachable).astype(np.int64)


def _haversine(a: NDArray[np.float64], b: NDArray[np.float64]) -> NDArray[np.float64]:
    """Great-circle km between every row of ``a`` and of ``b`` (lat, lon in radians).

    Units with no coordinates (NaN) are 0 km from everything.
    """
    out = np.empty((len(a), len(b)), dtype=np.float64)
    step = max(1, _BLOCK // max(1, len(b)))
    lat2, lon2 = b[:, 0][None, :], b[:, 1][None, :]
    cos2 = np.cos(lat2)
    for start in range(0, len(a), step):
        lat1 = a[start : start + step, 0][:, None]
        lon1 = a[start : start + step, 1][:, None]
        h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * cos2 * np.sin((lon2 - lon1) / 2) ** 2
        block = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
        out[start : start + step] = np.nan_to_num(block, nan=0.0)
    return out


def _haversine_one(a: NDArray[np.float64], b: NDArray[np.float64]) -> float:
    """:func:`_haversine` for one pair, in plain floats (a validator asks pair by pair)."""
    lat1, lon1, lat2, lon2 = float(a[0]), float(a[1]), float(b[0]), float(b[1])
    if math.isnan(lat1) or math.isnan(lat2):
        return 0.0
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(max(h, 0.0), 1.0)))


class Distances:
    """Distances between units by one of three sources: "roads", "great-circle" or "none".

    Great circle: a unit without lat/lon takes its nearest ancestor's coordinates (a commune
    missing from a gazetteer is placed at its district's seat); with no ancestor that has
    any, it is 0 km from every unit, and ``warning`` says how many such units there are.
    """

    def __init__(
        self,
        source: str,
        unit_ids: Sequence[str],
        *,
        roads: Any = None,
        coords: NDArray[np.float64] | None = None,
        warning: str | None = None,
    ) -> None:
        if source not in ("roads", "great-circle", "none"):
            raise ValueError(f"unknown distance source {source!r}")
        self.source = source
        self.warning = warning
        self._index = {u: i for i, u in enumerate(unit_ids)}
        self._roads = roads
        self._coords = coords
        self._rows: OrderedDict[int, NDArray[np.float64]] = OrderedDict()
        self._max_rows = max(16, _CACHE_BYTES // (8 * max(1, len(unit_ids))))

    @classmethod
    def from_dataset(cls, dataset: Dataset, tree: AdminTree) -> Distances:
        unit_ids = tree.unit_ids
        index = {u: i for i, u in enumerate(unit_ids)}
        if dataset.roads is not None:
            shortest: dict[tuple[int, int], float] = {}
            for road in dataset.roads:
                a, b = index[road.unit_a], index[road.unit_b]
                if a == b:
                    continue
                key = (min(a, b), max(a, b))
                shortest[key] = min(road.km, shortest.get(key, math.inf))
            rows = np.fromiter((k[0] for k in shortest), dtype=np.int64, count=len(shortest))
            cols = np.fromiter((k[1] for k in shortest), dtype=np.int64, count=len(shortest))
            km = np.fromiter(shortest.values(), dtype=np.float64, count=len(shortest))
            graph = csr_matrix((km, (rows, cols)), shape=(len(unit_ids), len(unit_ids)))
            warning = (
                None
                if shortest
                else _(
                    "adjacency.csv has no road links: every unit is unreachable from every other"
                )
            )
            return cls("roads", unit_ids, roads=graph, warning=warning)

        own = {
            u.unit_id: (u.lat, u.lon)
            for u in dataset.units
            if u.lat is not None and u.lon is not None
        }
        if not own:
            return cls("none", unit_ids, warning=_(NO_DISTANCES))
        coords = np.full((len(unit_ids), 2), np.nan)
        for unit_id in tree.depth_first():  # parents first, so inheritance is one pass
            i = index[unit_id]
            if unit_id in own:
                coords[i] = np.radians(own[unit_id])
            elif (parent := tree.parent_of(unit_id)) is not None:
                coords[i] = coords[index[parent]]
        inherited = len(unit_ids) - len(own)
        lost = int(np.isnan(coords[:, 0]).sum())
        warning = None
        if inherited:
            warning = _("{n} unit(s) without lat/lon take their nearest ancestor's").format(
                n=inherited
            )
            if lost:
                warning += _(
                    "; {n} have none above them either and are 0 km from every unit"
                ).format(n=lost)
        return cls("great-circle", unit_ids, coords=coords, warning=warning)

    # ----------------------------------------------------------------------------------------

    def _indices(self, unit_ids: Sequence[str]) -> NDArray[np.int64]:
        index = self._index
        return np.fromiter((index[u] for u in unit_ids), dtype=np.int64, count=len(unit_ids))

    def _road_rows(self, sources: NDArray[np.int64]) -> NDArray[np.float64]:
        """Full Dijkstra rows for distinct source indices, through the bounded cache."""
        out = np.empty((len(sources), len(self._index)), dtype=np.float64)
        todo = [i for i, s in enumerate(sources) if int(s) not in self._rows]
        for i, s in enumerate(sources):
            if int(s) in self._rows:
                out[i] = self._rows[int(s)]
                self._rows.move_to_end(int(s))
        step = max(1, _BLOCK // max(1, len(self._index)))
        for start in range(0, len(todo), step):
            chunk = todo[start : start + step]
            block = dijkstra(self._roads, directed=False, indices=sources[chunk])
            out[chunk] = block
            for i, row in zip(chunk, block, strict=True):
                self._rows[int(sources[i])] = row
                if len(self._rows) > self._max_rows:
                    self._rows.popitem(last=False)
        return out

    def km(self, a: str, b: str) -> float:
        """Distance from unit ``a`` to unit ``b``; ``math.inf`` when no road joins them."""
        i, j = self._index[a], self._index[b]
        if i == j or self.source == "none":
            return 0.0
        if self.source == "roads":
            return float(self._road_rows(np.array([i], dtype=np.int64))[0, j])
        assert self._coords is not None
        return _haversine_one(self._coords[i], self._coords[j])

    def matrix(self, sources: Sequence[str], targets: Sequence[str]) -> NDArray[np.float64]:
        """``len(sources) × len(targets)`` km (inf = unreachable); repeats cost nothing extra."""
        src, tgt = self._indices(sources), self._indices(targets)
        if self.source == "none" or len(src) == 0 or len(tgt) == 0:
            return np.zeros((len(src), len(tgt)), dtype=np.float64)
        unique_src, src_pos = np.unique(src, return_inverse=True)
        unique_tgt, tgt_pos = np.unique(tgt, return_inverse=True)
        if self.source == "roads":
            # roads are undirected: run Dijkstra from whichever side has fewer distinct units
            flip = len(unique_tgt) < len(unique_src)
            origins, ends = (unique_tgt, unique_src) if flip else (unique_src, unique_tgt)
            step = max(1, _BLOCK // len(self._index))
            block = np.empty((len(origins), len(ends)), dtype=np.float64)
            for start in range(0, len(origins), step):
                rows = self._road_rows(origins[start : start + step])
                block[start : start + step] = rows[:, ends]
            if flip:
                block = block.T
        else:
            assert self._coords is not None
            block = _haversine(self._coords[unique_src], self._coords[unique_tgt])
        return block[np.ix_(src_pos.ravel(), tgt_pos.ravel())]
