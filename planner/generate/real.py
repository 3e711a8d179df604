"""Generator layouts on the real map: the official tree of either era, with real names,
codes and coordinates (contract section 12), for scenarios and benchmarks on real geography.

Only the people stay synthetic. The tree comes from :func:`planner.geo.units.build_units`, so
unit ids are those ``planner units`` writes (``2025-00082``, ``2023-272``): a generated scenario
and a units file made by the command agree. Needs the optional extra ``.[geo]``.

- era 2023: province > district > commune; one :class:`Block` per district;
- era 2025: province > commune, one :class:`Block` per province; with ``with_former`` the former
  communes go under their new units (``Spec.former``) and every official's homes are moved into a
  former commune of the new unit they were drawn in, as a cadre's file written before the merger
  would give them (a split former commune also makes them local to the other units it joined).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import pandas as pd

from planner.generate.presets import Block, Province
from planner.geo.source import Era
from planner.geo.units import UnitRow, build_units

FormerRow = tuple[str, str, str, str, float, float, str]
FORMER_COLUMNS = ("status", "also_merged_into")


def _point(row: UnitRow) -> tuple[float, float]:
    return (float(row.lat or 0.0), float(row.lon or 0.0))


def _block(head: UnitRow, communes: Sequence[UnitRow]) -> Block:
    return Block(
        code=head.unit_id,
        name=head.name,
        n_communes=len(communes),
        lat=_point(head)[0],
        lon=_point(head)[1],
        radius_km=0.0,  # the real points, not scattered
        names=tuple(c.name for c in communes),
        points=tuple(_point(c) for c in communes),
        ids=tuple(c.unit_id for c in communes),
    )


def real_provinces(
    era: Era,
    province: str = "all",
    *,
    districts: Sequence[str] = (),
    with_former: bool = False,
) -> tuple[tuple[Province, ...], tuple[FormerRow, ...]]:
    """The provinces of the official list (``province``: a name or "all"), as generator
    blocks; for era 2023, ``districts`` (names or ids, e.g. "Huyện Phúc Thọ") keeps only
    those. Returns the provinces and, with ``with_former`` (era 2025), the former units."""
    rows = build_units(province, era, with_former)
    children: dict[str, list[UnitRow]] = defaultdict(list)
    former: list[FormerRow] = []
    for row in rows:
        if row.status == "former":
            former.append(
                (row.unit_id, row.name, row.level, row.parent_id, *_point(row),
                 ";".join(row.also_merged_into))
            )  # fmt: skip
        elif row.parent_id:
            children[row.parent_id].append(row)
    wanted = {d.casefold() for d in districts}
    out: list[Province] = []
    for head in (r for r in rows if not r.parent_id):
        lat, lon = _point(head)
        if era == "2025":
            block = _block(head, children[head.unit_id])
            out.append(Province(head.unit_id, head.name, lat, lon, own=block))
            continue
        blocks = tuple(
            _block(d, children[d.unit_id])
            for d in children[head.unit_id]
            if children[d.unit_id]  # the island districts have no communes in the list
            and (not wanted or d.name.casefold() in wanted or d.unit_id.casefold() in wanted)
        )
        if blocks:
            out.append(Province(head.unit_id, head.name, lat, lon, districts=blocks))
    return tuple(out), tuple(former)


def with_former_units(
    units: pd.DataFrame,
    officials: pd.DataFrame,
    former: Sequence[FormerRow],
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The units with the former units added (after their new unit, status = former) and the
    officials with each home moved into a former unit of their home commune (drawn at random
    among those whose main successor it is, else among those it took a part of; a commune that
    took none keeps the home)."""
    under: dict[str, list[str]] = defaultdict(list)
    part_of: dict[str, list[str]] = defaultdict(list)
    for row in former:
        under[row[3]].append(row[0])
        for other in filter(None, row[6].split(";")):
            part_of[other].append(row[0])
    for uid, parts in part_of.items():  # a unit that only took parts of split communes
        under.setdefault(uid, parts)
    extra = pd.DataFrame(
        [(*row[:6], "former", row[6]) for row in former],
        columns=["unit_id", "name", "level", "parent_id", "lat", "lon", *FORMER_COLUMNS],
    )
    current = units.assign(status="current", also_merged_into="")
    order = {uid: i for i, uid in enumerate(current["unit_id"])}
    merged = pd.concat([current, extra], ignore_index=True)
    position = merged["unit_id"].map(order).fillna(merged["parent_id"].map(order)).astype(float)
    merged = merged.assign(_at=position, _former=merged["status"] == "former")
    merged = merged.sort_values(["_at", "_former"], kind="stable").drop(columns=["_at", "_former"])

    def move(home: pd.Series) -> list[str]:
        draws = rng.random(len(home))
        out = []
        for uid, u in zip(home, draws, strict=True):
            choices = under.get(uid)
            out.append(choices[int(u * len(choices))] if choices else uid)
        return out

    def move_list(cell: str) -> str:
        return ";".join(move(pd.Series(cell.split(";")))) if cell else ""

    officials = officials.assign(home_unit_id=move(officials["home_unit_id"]))
    officials = officials.assign(
        other_home_unit_ids=[move_list(c) for c in officials["other_home_unit_ids"]]
    )
    return merged.reset_index(drop=True), officials
