"""Turning a :class:`~planner.generate.presets.Spec` and a seed into the contract's tables.

Everything is drawn from one ``numpy.random.Generator`` in a fixed order, so a seed gives the
same files byte for byte (the bundled scenarios are checked against a fresh generation). The
per-official attributes are drawn as whole arrays: the national presets have ~40,000 people and
must generate in seconds. Only the few relation pairs and the per-block names loop in Python.

The numbers are chosen so that feasible presets are feasible with room to spare (see the
checks in :mod:`planner.generate.check`): every commune has deputies on the planning list, every
group has cadres of its own, qualifications mostly meet the seats' minima, and the incumbents
who must stay (under 3 years in post) and are local are capped well below the group's slack.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from planner.generate.names import (
    FAMILY_NAMES,
    GIVEN_NAMES_F,
    GIVEN_NAMES_M,
    MIDDLE_NAMES_F,
    MIDDLE_NAMES_M,
    PLACE_SYLLABLES,
    REQUIRED_TAGS,
    TAGS,
)
from planner.generate.presets import Block, Spec
from planner.retirement import vn_2019_age_months

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

ROLES = ("secretary", "chairman")
ROLE_SUFFIX = ("SEC", "CHA")
THEORY = ("none", "elementary", "intermediate", "advanced")
EDUCATION = ("none", "secondary", "college", "bachelor", "master", "doctor")
PLANNED = ("", "secretary", "chairman", "secretary;chairman")

INCUMBENT, DEPUTY, CADRE = 0, 1, 2

#: Share of locked (under 3 years) local incumbents a group may have: above this the group's
#: slack for a 50% target gets thin, which is not what the bundled batches are meant to show.
LOCKED_LOCAL_CAP = 0.25


@dataclass(frozen=True)
class GeneratedData:
    """The contract's tables as DataFrames (column names exactly the CSV headers).

    Optional text cells are empty strings, never NaN, so the frames write as they read.
    ``adjacency`` is None when the spec asks for distances from lat/lon only.
    """

    spec: Spec
    seed: int
    units: pd.DataFrame
    seats: pd.DataFrame
    officials: pd.DataFrame
    relations: pd.DataFrame
    preferences: pd.DataFrame
    adjacency: pd.DataFrame | None


@dataclass
class _Layout:
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


def generate(spec: Spec, seed: int) -> GeneratedData:
    """Draw one synthetic data folder for ``spec``; the same seed gives the same tables."""
    rng = np.random.default_rng(seed)
    lay = _layout(spec, rng)
    seats, seat_commune, seat_role, seat_tag = _seats(spec, lay, rng)
    off = _officials(spec, lay, seat_commune, seat_role, seat_tag, rng)
    relations = _relations(spec, lay, off, rng)
    preferences = _preferences(spec, lay, off, rng)
    officials = _officials_frame(spec, lay, seats, off, rng)
    adjacency = _adjacency(lay, rng) if spec.adjacency else None
    units = pd.DataFrame(lay.unit_rows,
                         columns=["unit_id", "name", "level", "parent_id", "lat", "lon"])
    return GeneratedData(spec=spec, seed=seed, units=units, seats=seats, officials=officials,
                         relations=relations, preferences=preferences, adjacency=adjacency)


# ---------------------------------------------------------------------------------------------
# the tree


def _commune_names(block: Block, rng: np.random.Generator) -> list[str]:
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
    return (names + [f"Thị trấn {t}" for t in towns] + [f"Phường {b}" for b in bases[:wards]]
            + [f"Xã {b}" for b in bases[wards:]])


def _scatter(lat0: FloatArray, lon0: FloatArray, radius: FloatArray,
             rng: np.random.Generator) -> tuple[FloatArray, FloatArray]:
    """Points uniformly in a disc of ``radius`` km around each centre."""
    r = radius * np.sqrt(rng.random(len(lat0)))
    theta = rng.random(len(lat0)) * 2 * math.pi
    lat = lat0 + r * np.sin(theta) / 111.0
    lon = lon0 + r * np.cos(theta) / (111.32 * np.cos(np.radians(lat0)))
    return np.round(lat, 5), np.round(lon, 5)


def _layout(spec: Spec, rng: np.random.Generator) -> _Layout:
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
                unit_rows.append((block.code, block.name, "district", prov.code, block.lat,
                                  block.lon))
                parent = block.code
                if spec.target_level == "district":
                    group_ids.append(block.code)
            names = _commune_names(block, rng)
            n = block.n_communes
            width = 2 if n < 100 else 3
            cids = [f"{block.code}-{i + 1:0{width}d}" for i in range(n)]
            centres = np.array([block.points[i] if i < len(block.points) else
                                (block.lat, block.lon) for i in range(n)], dtype=float)
            radius = np.full(n, block.radius_km)
            radius[[i for i, nm in enumerate(names) if nm.startswith("Thị trấn")][:1]] *= 0.15
            lat, lon = _scatter(centres[:, 0], centres[:, 1], radius, rng)
            unit_rows.extend((cid, nm, "commune", parent, float(a), float(o))
                             for cid, nm, a, o in zip(cids, names, lat, lon, strict=True))
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
    return _Layout(unit_rows=unit_rows, ids=ids, lat=np.concatenate(lat_parts),
                   lon=np.concatenate(lon_parts), block=block_arr, group=group_arr,
                   province=province_arr, blocks=blocks, block_start=block_start,
                   group_ids=group_ids, group_start=group_start, group_size=group_size,
                   province_start=province_start, province_size=province_size)


def _other_in_group(lay: _Layout, communes: IntArray, rng: np.random.Generator) -> IntArray:
    """A random commune of the same group, other than the given one (itself if it is alone)."""
    g = lay.group[communes]
    start, size = lay.group_start[g], lay.group_size[g]
    offset = rng.integers(1, np.maximum(size, 2))
    return ((communes - start + offset) % size + start).astype(np.int64)


def _outside_group(lay: _Layout, communes: IntArray, rng: np.random.Generator) -> IntArray:
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


def _seats(spec: Spec, lay: _Layout, rng: np.random.Generator
           ) -> tuple[pd.DataFrame, IntArray, IntArray, IntArray]:
    n = len(lay.ids)
    commune = np.repeat(np.arange(n, dtype=np.int64), 2)
    role = np.tile(np.array([0, 1], dtype=np.int64), n)
    tagged = rng.random(2 * n) < spec.required_tag_share
    tag = np.where(tagged, rng.integers(0, len(REQUIRED_TAGS), 2 * n), -1).astype(np.int64)
    frame = pd.DataFrame({
        "seat_id": [f"{lay.ids[c]}-{ROLE_SUFFIX[r]}" for c, r in zip(commune, role, strict=True)],
        "unit_id": [lay.ids[c] for c in commune],
        "role": [ROLES[r] for r in role],
        # Decree 33/2023: intermediate political theory for both heads, a degree for the chairman
        "min_political_theory": "intermediate",
        "min_education": np.where(role == 1, "bachelor", ""),
        "required_tags": ["" if t < 0 else REQUIRED_TAGS[t] for t in tag],
    })
    return frame, commune, role, tag


# ---------------------------------------------------------------------------------------------
# officials


@dataclass
class _Officials:
    """Officials as arrays, sorted by group, then incumbents, deputies, cadres."""

    kind: IntArray
    group: IntArray
    home: IntArray  # commune index
    other_home: IntArray  # commune index or -1
    seat: IntArray  # seat index or -1
    work: IntArray  # commune index (incumbents, deputies) or -1 (the group's own unit)
    male: BoolArray
    age: FloatArray
    family: IntArray
    group_first: IntArray  # first official of each group
    group_count: IntArray


def _retirement_months(year: int, male: bool) -> int:
    return vn_2019_age_months("M" if male else "F", year)


def _officials(spec: Spec, lay: _Layout, seat_commune: IntArray, seat_role: IntArray,
               seat_tag: IntArray, rng: np.random.Generator) -> _Officials:
    n_seats = len(seat_commune)
    n_vacant = round(spec.vacancy_share * n_seats)
    vacant = np.zeros(n_seats, dtype=bool)
    vacant[rng.choice(n_seats, n_vacant, replace=False)] = True
    inc_seat = np.flatnonzero(~vacant).astype(np.int64)
    inc_commune = seat_commune[inc_seat]

    # who is non-local today: an exact number, so that Phúc Thọ shows its 6 of 42
    n_nonlocal = round(spec.nonlocal_today * len(inc_seat))
    can_be = np.flatnonzero(lay.group_size[lay.group[inc_commune]] >= 2)
    nonlocal_ = np.zeros(len(inc_seat), dtype=bool)
    nonlocal_[rng.choice(can_be, min(n_nonlocal, len(can_be)), replace=False)] = True
    inc_home = inc_commune.copy()
    inc_home[nonlocal_] = _other_in_group(lay, inc_commune[nonlocal_], rng)

    # deputies of each commune, natives mostly; cadres of each group, some from elsewhere
    n_dep = np.clip(rng.poisson(spec.deputies_per_commune, len(lay.ids)), 0, 5)
    dep_commune = np.repeat(np.arange(len(lay.ids), dtype=np.int64), n_dep)
    dep_home = dep_commune.copy()
    moved_in = rng.random(len(dep_commune)) < 0.12
    dep_home[moved_in] = _other_in_group(lay, dep_commune[moved_in], rng)
    n_cad = np.maximum(1, np.round(spec.cadres_per_commune * lay.group_size)).astype(np.int64)
    cad_group = np.repeat(np.arange(len(lay.group_ids), dtype=np.int64), n_cad)
    cad_home = (lay.group_start[cad_group]
                + (rng.random(len(cad_group)) * lay.group_size[cad_group]).astype(np.int64))
    from_outside = rng.random(len(cad_group)) < 0.25
    cad_home[from_outside] = _outside_group(lay, cad_home[from_outside], rng)

    kind = np.concatenate([np.full(len(inc_seat), INCUMBENT), np.full(len(dep_commune), DEPUTY),
                           np.full(len(cad_group), CADRE)]).astype(np.int64)
    group = np.concatenate([lay.group[inc_commune], lay.group[dep_commune], cad_group])
    position = np.concatenate([inc_seat, np.arange(len(dep_commune)),
                               np.arange(len(cad_group))])
    order = np.lexsort((position, kind, group))
    kind, group = kind[order], group[order]
    home = np.concatenate([inc_home, dep_home, cad_home])[order]
    seat = np.concatenate([inc_seat, np.full(len(dep_commune) + len(cad_group), -1)])[order]
    work = np.concatenate([inc_commune, dep_commune, np.full(len(cad_group), -1)])[order]
    is_nonlocal_inc = np.concatenate([nonlocal_, np.zeros(len(dep_commune) + len(cad_group),
                                                          dtype=bool)])[order]
    n = len(kind)
    group_count = np.bincount(group, minlength=len(lay.group_ids)).astype(np.int64)
    group_first = np.concatenate(([0], np.cumsum(group_count)[:-1])).astype(np.int64)

    # a second home (birthplace, 20 years of work) for some; never the seat of a non-local
    # incumbent, which would make them local after all
    other_home = np.full(n, -1, dtype=np.int64)
    has_other = np.flatnonzero((rng.random(n) < spec.other_home_share)
                               & (lay.group_size[lay.group[home]] >= 3))
    pick = _other_in_group(lay, home[has_other], rng)
    for _ in range(4):
        clash = is_nonlocal_inc[has_other] & (pick == work[has_other])
        if not clash.any():
            break
        pick[clash] = _other_in_group(lay, home[has_other][clash], rng)
    clash = is_nonlocal_inc[has_other] & (pick == work[has_other])
    other_home[has_other[~clash]] = pick[~clash]

    male = rng.random(n) < np.where(kind == INCUMBENT, 0.8, 0.7)
    family = rng.choice(len(FAMILY_NAMES), n,
                        p=_normalised([w for _, w in FAMILY_NAMES]))
    max_age = np.where(male, _retirement_months(spec.as_of.year, True),
                       _retirement_months(spec.as_of.year, False)) / 12 - 0.3
    incumbent_age = np.where(male, spec.incumbent_age, spec.incumbent_age - 3)
    mean = np.select([kind == INCUMBENT, kind == DEPUTY], [incumbent_age, 41.0], 44.0)
    low = np.select([kind == INCUMBENT, kind == DEPUTY], [33.0, 27.0], 29.0)
    age = np.clip(rng.normal(mean, 7.0), low, max_age)
    return _Officials(kind=kind, group=group, home=home, other_home=other_home, seat=seat,
                      work=work, male=male, age=age, family=family.astype(np.int64),
                      group_first=group_first, group_count=group_count)


def _normalised(weights: list[float]) -> FloatArray:
    w = np.asarray(weights, dtype=float)
    return w / w.sum()


def _choice(rng: np.random.Generator, table: FloatArray, rows: IntArray) -> IntArray:
    """One draw per row from the categorical distribution ``table[rows[i]]``."""
    cdf = np.cumsum(table, axis=1)
    cdf /= cdf[:, -1:]
    u = rng.random(len(rows))
    return (u[:, None] >= cdf[rows]).sum(axis=1).astype(np.int64)


def _officials_frame(spec: Spec, lay: _Layout, seats: pd.DataFrame, off: _Officials,
                     rng: np.random.Generator) -> pd.DataFrame:
    n = len(off.kind)
    inc = off.kind == INCUMBENT
    seat_role = np.where(inc, np.where(off.seat % 2 == 0, 0, 1), -1)
    # profile: 0 secretary incumbent, 1 chairman incumbent, 2 deputy, 3 cadre
    profile = np.where(inc, seat_role, off.kind + 1)

    # deputies and cadres: time in their present post, which began after 23 at the earliest
    years: FloatArray = np.asarray(
        np.round(np.minimum(rng.uniform(0.3, 9.9, n), np.maximum(0.3, off.age - 23)), 1),
        dtype=np.float64)
    tenure = _choice(rng, np.array([[spec.locked_share, 1 - spec.locked_share - spec.overdue_share,
                                     spec.overdue_share]]), np.zeros(n, dtype=np.int64))
    inc_years = np.select([tenure == 0, tenure == 1],
                          [rng.uniform(0.2, 2.9, n), rng.uniform(3.0, 9.9, n)],
                          rng.uniform(10.0, 13.5, n))
    years = np.asarray(np.where(inc, np.round(inc_years, 1), years), dtype=np.float64)
    years = _cap_locked_locals(spec, off, seat_role, years, rng)

    theory = _choice(rng, np.array([[0.0, 0.01, 0.84, 0.15], [0.0, 0.01, 0.84, 0.15],
                                    [0.03, 0.10, 0.77, 0.10], [0.0, 0.05, 0.75, 0.20]]), profile)
    education = _choice(rng, np.array([[0.0, 0.03, 0.06, 0.76, 0.15, 0.0],
                                       [0.0, 0.01, 0.01, 0.80, 0.18, 0.0],
                                       [0.0, 0.04, 0.10, 0.74, 0.12, 0.0],
                                       [0.0, 0.01, 0.04, 0.70, 0.23, 0.02]]), profile)
    planned = _choice(rng, np.array([[0.60, 0.40, 0.0, 0.0], [0.47, 0.45, 0.08, 0.0],
                                     [0.08, 0.18, 0.20, 0.54], [0.03, 0.17, 0.15, 0.65]]),
                      profile)

    tag_bits = rng.random((n, len(TAGS))) < np.where(inc, 0.08, 0.14)[:, None]
    seat_tags = seats["required_tags"].to_numpy()
    for i in np.flatnonzero(inc):
        need = seat_tags[off.seat[i]]
        if need:
            tag_bits[i, TAGS.index(need)] = True
    disciplined = rng.random(n) < np.where(inc, spec.disciplined_share / 2,
                                           spec.disciplined_share * 1.25)
    _train_for_tagged_seats(spec, lay, off, seat_tags, theory, education, planned, disciplined,
                            tag_bits, rng)

    days = np.round(off.age * 365.25).astype("timedelta64[D]")
    birth = np.datetime64(spec.as_of.isoformat(), "D") - days
    birth_text = np.datetime_as_string(birth, unit="D")
    year_only = (rng.random(n) < spec.year_only_birth_share) & (off.age < 50)
    birth_text = np.where(year_only, birth_text.astype("<U4"), birth_text)

    middle_m = rng.integers(0, len(MIDDLE_NAMES_M), n)
    middle_f = rng.integers(0, len(MIDDLE_NAMES_F), n)
    given_m = rng.integers(0, len(GIVEN_NAMES_M), n)
    given_f = rng.integers(0, len(GIVEN_NAMES_F), n)
    # "Quang Quang" is not a name: a given name equal to the middle one takes the next
    given_m = np.where(np.array(GIVEN_NAMES_M)[given_m] == np.array(MIDDLE_NAMES_M)[middle_m],
                       (given_m + 1) % len(GIVEN_NAMES_M), given_m)
    given_f = np.where(np.array(GIVEN_NAMES_F)[given_f] == np.array(MIDDLE_NAMES_F)[middle_f],
                       (given_f + 1) % len(GIVEN_NAMES_F), given_f)
    names = [
        f"{FAMILY_NAMES[f][0]} {MIDDLE_NAMES_M[a]} {GIVEN_NAMES_M[b]}" if m else
        f"{FAMILY_NAMES[f][0]} {MIDDLE_NAMES_F[c]} {GIVEN_NAMES_F[d]}"
        for f, m, a, b, c, d in zip(off.family, off.male, middle_m, given_m, middle_f, given_f,
                                    strict=True)
    ]

    seat_ids = seats["seat_id"].to_numpy()
    group_ids = np.array(lay.group_ids, dtype=object)
    ids = np.array(lay.ids, dtype=object)
    return pd.DataFrame({
        "official_id": official_ids(lay, off),
        "name": names,
        "gender": np.where(off.male, "M", "F"),
        "birth_date": birth_text,
        "home_unit_id": ids[off.home],
        "other_home_unit_ids": np.where(off.other_home >= 0, ids[np.maximum(off.other_home, 0)],
                                        ""),
        "current_seat_id": np.where(inc, seat_ids[np.maximum(off.seat, 0)], ""),
        "current_unit_id": np.where(off.work >= 0, ids[np.maximum(off.work, 0)],
                                    group_ids[off.group]),
        "years_in_post": years,
        "political_theory": np.array(THEORY, dtype=object)[theory],
        "education": np.array(EDUCATION, dtype=object)[education],
        "planned_roles": np.array(PLANNED, dtype=object)[planned],
        "tags": [";".join(t for t, on in zip(TAGS, row, strict=True) if on) for row in tag_bits],
        "disciplined": disciplined.astype(np.int64),
    })


def _train_for_tagged_seats(spec: Spec, lay: _Layout, off: _Officials,
                            seat_tags: npt.NDArray[np.object_],
                            theory: IntArray, education: IntArray, planned: IntArray,
                            disciplined: BoolArray, tag_bits: BoolArray,
                            rng: np.random.Generator) -> None:
    """Give a seat's required tag to two officials of its group who could take the seat.

    Otherwise a small district whose tagged seat has an incumbent of ten years could have
    nobody to replace them, and the batch would be infeasible for a reason nobody intended.
    Seats are two per commune in order (secretary, chairman), so a seat's commune and role
    follow from its index.
    """
    max_age = np.where(off.male, _retirement_months(spec.as_of.year + 6, True),
                       _retirement_months(spec.as_of.year + 6, False)) / 12 - 6.5
    fit = ((off.kind != INCUMBENT) & ~disciplined & (theory >= 2) & (off.age < max_age))
    for seat in np.flatnonzero(seat_tags != ""):
        commune, role = divmod(int(seat), 2)
        tag = TAGS.index(str(seat_tags[seat]))
        g = lay.group[commune]
        lo, hi = off.group_first[g], off.group_first[g] + off.group_count[g]
        members = np.arange(lo, hi)
        wants = planned[members] == 3
        wants |= planned[members] == role + 1
        ok = (fit[members] & wants & (off.home[members] != commune)
              & (off.other_home[members] != commune)
              & ((education[members] >= 3) | (role == 0)))
        chosen = members[ok]
        if len(chosen):
            pick = rng.choice(chosen, min(2, len(chosen)), replace=False)
            tag_bits[pick, tag] = True


def official_ids(lay: _Layout, off: _Officials) -> list[str]:
    number = np.arange(len(off.kind)) - off.group_first[off.group] + 1
    return [f"CB-{lay.group_ids[g]}-{k:04d}" for g, k in zip(off.group, number, strict=True)]


def _cap_locked_locals(spec: Spec, off: _Officials, seat_role: IntArray, years: FloatArray,
                       rng: np.random.Generator) -> FloatArray:
    """Move incumbents out of the must-stay band where too many locals would be locked in.

    A local incumbent under 3 years in post keeps a seat that can never count as non-local, so
    these decide how much of a group's target is reachable at all; the spec fixes their number
    for secretaries when it wants a visible gap, and a cap keeps other groups comfortably
    feasible.
    """
    years = years.copy()
    local_inc = (off.kind == INCUMBENT) & (off.home == off.work)
    movable = np.round(rng.uniform(3.0, 9.9, len(years)), 1)
    order = rng.permutation(len(years))
    share = spec.locked_local_secretary_share
    for g in range(len(off.group_first)):
        lo, hi = off.group_first[g], off.group_first[g] + off.group_count[g]
        members = order[(order >= lo) & (order < hi)]
        n_seats = int(np.count_nonzero(off.kind[lo:hi] == INCUMBENT))
        locked = members[local_inc[members] & (years[members] < 3.0)]
        if share is not None:
            secs = members[local_inc[members] & (seat_role[members] == 0)]
            n_sec = int(np.count_nonzero(seat_role[lo:hi] == 0))
            k = min(round(share * n_sec), len(secs))
            years[secs[:k]] = np.round(rng.uniform(0.5, 2.9, k), 1)
            years[secs[k:]] = np.where(years[secs[k:]] < 3.0, movable[secs[k:]], years[secs[k:]])
            locked = members[local_inc[members] & (years[members] < 3.0)
                             & (seat_role[members] != 0)]
            n_seats -= n_sec
        cap = math.floor(LOCKED_LOCAL_CAP * n_seats)
        years[locked[cap:]] = movable[locked[cap:]]
    return years


# ---------------------------------------------------------------------------------------------
# relations and wishes


def _relations(spec: Spec, lay: _Layout, off: _Officials,
               rng: np.random.Generator) -> pd.DataFrame:
    """Spouses and siblings inside one group (that is where the kinship rule bites).

    Two incumbents of one commune are never related: the rule would make today's state itself
    illegal. Siblings share a family name, as Vietnamese siblings do.
    """
    n = len(off.kind)
    wanted = max(3, round(spec.relation_share * n))
    used: set[int] = set()
    rows: list[tuple[int, int, str]] = []
    ids = official_ids(lay, off)
    for _ in range(60 * wanted):
        if len(rows) >= wanted:
            break
        a = int(rng.integers(0, n))
        g = off.group[a]
        b = int(off.group_first[g] + rng.integers(0, off.group_count[g]))
        if a == b or a in used or b in used:
            continue
        if off.kind[a] == INCUMBENT and off.kind[b] == INCUMBENT and off.work[a] == off.work[b]:
            continue
        if abs(off.age[a] - off.age[b]) > 12:
            continue
        if off.male[a] != off.male[b] and rng.random() < 0.6:
            kind = "spouse"
        else:
            kind = "sibling"
            off.family[b] = off.family[a]
        used.update((a, b))
        rows.append((min(a, b), max(a, b), kind))
    rows.sort()
    return pd.DataFrame([(ids[a], ids[b], k) for a, b, k in rows],
                        columns=["official_a", "official_b", "kind"])


def _preferences(spec: Spec, lay: _Layout, off: _Officials,
                 rng: np.random.Generator) -> pd.DataFrame:
    """A few wishes heard at the pre-rotation meeting, or the committee's judgement of fit."""
    who = np.flatnonzero(rng.random(len(off.kind)) < spec.preference_share)
    count = rng.integers(1, 4, len(who))
    person = np.repeat(who, count)
    g = off.group[person]
    commune = lay.group_start[g] + (rng.random(len(person)) * lay.group_size[g]).astype(np.int64)
    magnitude = rng.integers(3, 11, len(person))
    score = np.where(rng.random(len(person)) < 0.7, magnitude, -magnitude)
    ids = np.array(official_ids(lay, off), dtype=object)
    frame = pd.DataFrame({"official_id": ids[person],
                          "unit_id": np.array(lay.ids, dtype=object)[commune],
                          "score": score.astype(np.int64), "_o": person, "_c": commune})
    frame = frame.drop_duplicates(["_o", "_c"]).sort_values(["_o", "_c"], kind="stable")
    return frame.drop(columns=["_o", "_c"]).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# roads


def great_circle_km(lat1: FloatArray, lon1: FloatArray, lat2: FloatArray,
                    lon2: FloatArray) -> FloatArray:
    """Haversine distance on a sphere of 6,371 km (the contract's fallback distance)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * 6371.0 * np.arcsin(np.sqrt(h)), dtype=np.float64)


def _adjacency(lay: _Layout, rng: np.random.Generator) -> pd.DataFrame:
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
