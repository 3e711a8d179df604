"""Where the communes are: the administrative tree, commune names, coordinates, seats, roads.

The communes are kept as flat arrays, contiguous per group and per province (they are built in
tree order), so that "another commune of the same district" is an offset in a range and every
later step can draw for all communes at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from planner.generate.names import PLACE_SYLLABLES, REQUIRED_TAGS
from planner.generate.presets import Block, Spec

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

ROLES = ("secretary", "chairman")
ROLE_SUFFIX = ("SEC", "CHA")


@dataclass
class Layout:
    """Communes as flat arrays, contiguous per group and per province (built in tree order)."""

    unit_rows: list[tuple[str, str, str, str, float, float]]
    ids: list[str]
    lat: FloatArray
    lon: FloatArray
    block: IntArray  # index into blocks
    group: IntArray  # index into group_ids
    province: IntArray
    blocks: list[Block]
    block_start: IntArray
    group_ids: list[str]
    group_start: IntArray
    group_size: IntArray
    province_start: IntArray
    province_size: IntArray


# ---------------------------------------------------------------------------------------------
# the tree


def commune_names(block: Block, rng: np.random.Generator) -> list[str]:
    names = list(block.names[: block.n_communes])
    missing = block.n_communes - len(names)
    if missing <= 0:
        return names
    used = {n.split(" ", 1)[-1] for n in names}
    towns = [t for t in block.towns if t not in used][:missing]
    used.update(towns)
    p = len(PLACE_SYLLABLES)
    bases: list[str] = []
    for k in rng.permutation(p * p):
        if len(bases) == missing - len(towns):
            break
        a, b = divmod(int(k), p)
        base = f"{PLACE_SYLLABLES[a]} {PLACE_SYLLABLES[b]}"
        if a != b and base not in used:
            bases.append(base)
            used.add(base)
    wards = round(block.ward_share * len(bases))
    return (
        names
        + [f"Thị trấn {t}" for t in towns]
        + [f"Phường {b}" for b in bases[:wards]]
        + [f"Xã {b}" for b in bases[wards:]]
    )


def scatter(
    lat0: FloatArray, lon0: FloatArray, radius: FloatArray, rng: np.random.Generator
) -> tuple[FloatArray, FloatArray]:
    """Points uniformly in a disc of ``radius`` km around each centre."""
    r = radius * np.sqrt(rng.random(len(lat0)))
    theta = rng.random(len(lat0)) * 2 * math.pi
    lat = lat0 + r * np.sin(theta) / 111.0
    lon = lon0 + r * np.cos(theta) / (111.32 * np.cos(np.radians(lat0)))
    return np.round(lat, 5), np.round(lon, 5)


def build_layout(spec: Spec, rng: np.random.Generator) -> Layout:
    if spec.target_level not in ("province", "district"):
        raise ValueError(f"target_level must be province or district, not {spec.target_level!r}")
    unit_rows: list[tuple[str, str, str, str, float, float]] = []
    ids: list[str] = []
    lat_parts: list[FloatArray] = []
    lon_parts: list[FloatArray] = []
    block_of: list[int] = []
    group_of: list[int] = []
    province_of: list[int] = []
    blocks: list[Block] = []
    group_ids: list[str] = []
    for pi, prov in enumerate(spec.provinces):
        unit_rows.append((prov.code, prov.name, "province", "", prov.lat, prov.lon))
        if spec.target_level == "province":
            group_ids.append(prov.code)
        if prov.own is None and not prov.districts:
            raise ValueError(f"province {prov.code} has neither districts nor communes")
        if prov.own is None and spec.target_level == "district" and not prov.districts:
            raise ValueError(f"province {prov.code} has no districts to group by")
        if prov.own is not None and spec.target_level == "district":
            raise ValueError(f"province {prov.code} has no districts (two tiers)")
        for block in prov.blocks:
            parent = prov.code
            if prov.own is None:
                unit_rows.append(
                    (block.code, block.name, "district", prov.code, block.lat, block.lon)
                )
                parent = block.code
                if spec.target_level == "district":
                    group_ids.append(block.code)
            names = commune_names(block, rng)
            n = block.n_communes
            width = 2 if n < 100 else 3
            cids = (
                list(block.ids)
                if block.ids
                else [f"{block.code}-{i + 1:0{width}d}" for i in range(n)]
            )
            centres = np.array(
                [
                    block.points[i] if i < len(block.points) else (block.lat, block.lon)
                    for i in range(n)
                ],
                dtype=float,
            )
            radius = np.full(n, block.radius_km)
            radius[[i for i, nm in enumerate(names) if nm.startswith("Thị trấn")][:1]] *= 0.15
            lat, lon = scatter(centres[:, 0], centres[:, 1], radius, rng)
            unit_rows.extend(
                (cid, nm, "commune", parent, float(a), float(o))
                for cid, nm, a, o in zip(cids, names, lat, lon, strict=True)
            )
            ids.extend(cids)
            lat_parts.append(lat)
            lon_parts.append(lon)
            block_of.extend([len(blocks)] * n)
            group_of.extend([len(group_ids) - 1] * n)
            province_of.extend([pi] * n)
            blocks.append(block)
    block_arr = np.array(block_of, dtype=np.int64)
    group_arr = np.array(group_of, dtype=np.int64)
    province_arr = np.array(province_of, dtype=np.int64)

    def starts(labels: IntArray, count: int) -> tuple[IntArray, IntArray]:
        size = np.bincount(labels, minlength=count).astype(np.int64)
        return (np.concatenate(([0], np.cumsum(size)[:-1])).astype(np.int64), size)

    block_start, _ = starts(block_arr, len(blocks))
    group_start, group_size = starts(group_arr, len(group_ids))
    province_start, province_size = starts(province_arr, len(spec.provinces))
    return Layout(
        unit_rows=unit_rows,
        ids=ids,
        lat=np.concatenate(lat_parts),
        lon=np.concatenate(lon_parts),
        block=block_arr,
        group=group_arr,
        province=province_arr,
        blocks=blocks,
        block_start=block_start,
        group_ids=group_ids,
        group_start=group_start,
        group_size=group_size,
        province_start=province_start,
        province_size=province_size,
    )


def other_in_group(lay: Layout, communes: IntArray, rng: np.random.Generator) -> IntArray:
    """A random commune of the same group, other than the given one (itself if it is alone)."""
    g = lay.group[communes]
    start, size = lay.group_start[g], lay.group_size[g]
    offset = rng.integers(1, np.maximum(size, 2))
    return ((communes - start + offset) % size + start).astype(np.int64)


def outside_group(lay: Layout, communes: IntArray, rng: np.random.Generator) -> IntArray:
    """A random commune of the same province but another group (same group if there is none)."""
    g = lay.group[communes]
    p = lay.province[communes]
    outside = lay.province_size[p] - lay.group_size[g]
    pick = (rng.random(len(communes)) * np.maximum(outside, 1)).astype(np.int64)
    gs = lay.group_start[g] - lay.province_start[p]
    index = np.where(pick >= gs, pick + lay.group_size[g], pick) + lay.province_start[p]
    return np.where(outside > 0, index, communes).astype(np.int64)


# ---------------------------------------------------------------------------------------------
# seats


def make_seats(
    spec: Spec, lay: Layout, rng: np.random.Generator
) -> tuple[pd.DataFrame, IntArray, IntArray, IntArray]:
    n = len(lay.ids)
    commune = np.repeat(np.arange(n, dtype=np.int64), 2)
    role = np.tile(np.array([0, 1], dtype=np.int64), n)
    tagged = rng.random(2 * n) < spec.required_tag_share
    tag = np.where(tagged, rng.integers(0, len(REQUIRED_TAGS), 2 * n), -1).astype(np.int64)
    frame = pd.DataFrame(
        {
            "seat_id": [
                f"{lay.ids[c]}-{ROLE_SUFFIX[r]}" for c, r in zip(commune, role, strict=True)
            ],
            "unit_id": [lay.ids[c] for c in commune],
            "role": [ROLES[r] for r in role],
            # Decree 33/2023: intermediate political theory for both heads, a degree for the
            # chairman
            "min_political_theory": "intermediate",
            "min_education": np.where(role == 1, "bachelor", ""),
            "required_tags": ["" if t < 0 else REQUIRED_TAGS[t] for t in tag],
        }
    )
    return frame, commune, role, tag


# ---------------------------------------------------------------------------------------------
# roads


def great_circle_km(
    lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray
) -> FloatArray:
    """Haversine distance on a sphere of 6,371 km (the contract's fallback distance)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * 6371.0 * np.arcsin(np.sqrt(h)), dtype=np.float64)


def make_roads(lay: Layout, rng: np.random.Generator) -> pd.DataFrame:
    """Roads between neighbouring communes of each district: a spanning tree so that every
    commune is reachable, plus links to the two nearest neighbours; a road is 15-45% longer
    than the straight line, as village roads wind."""
    rows: list[tuple[str, str, float]] = []
    for b, block in enumerate(lay.blocks):
        start = int(lay.block_start[b])
        idx = np.arange(start, start + block.n_communes)
        lat, lon = lay.lat[idx], lay.lon[idx]
        d = great_circle_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
        edges: set[tuple[int, int]] = set()
        # Prim's spanning tree
        inside = np.zeros(len(idx), dtype=bool)
        inside[0] = True
        best = d[0].copy()
        parent = np.zeros(len(idx), dtype=np.int64)
        for _ in range(len(idx) - 1):
            j = int(np.argmin(np.where(inside, np.inf, best)))
            edges.add((min(j, int(parent[j])), max(j, int(parent[j]))))
            inside[j] = True
            closer = d[j] < best
            parent[closer] = j
            best = np.minimum(best, d[j])
        for i in range(len(idx)):
            for j in np.argsort(d[i], kind="stable")[1:3]:
                edges.add((min(i, int(j)), max(i, int(j))))
        for i, j in sorted(edges):
            km = max(0.3, round(float(d[i, j]) * float(rng.uniform(1.15, 1.45)), 1))
            rows.append((lay.ids[idx[i]], lay.ids[idx[j]], km))
    return pd.DataFrame(rows, columns=["unit_a", "unit_b", "km"])
