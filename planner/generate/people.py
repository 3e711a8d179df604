"""Who the officials are: incumbents, deputies and cadres, their attributes, kin and wishes.

Attributes are drawn as whole arrays from per-profile categorical tables (secretary incumbent,
chairman incumbent, deputy, cadre): the national presets have ~40,000 people. Only the few
relation pairs and the tagged seats loop in Python.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from planner.domain.levels import EDUCATION
from planner.domain.levels import POLITICAL_THEORY as THEORY
from planner.domain.retirement import vn_2019_age_months
from planner.generate.layout import (
    ROLES,
    BoolArray,
    FloatArray,
    IntArray,
    Layout,
    other_in_group,
    outside_group,
)
from planner.generate.names import (
    FAMILY_NAMES,
    GIVEN_NAMES_F,
    GIVEN_NAMES_M,
    MIDDLE_NAMES_F,
    MIDDLE_NAMES_M,
    TAGS,
)
from planner.generate.presets import Spec

PLANNED = ("", "secretary", "chairman", "secretary;chairman")

INCUMBENT, DEPUTY, CADRE = 0, 1, 2

#: Share of locked (under 3 years) local incumbents a group may have: above this the group's
#: slack for a 50% target gets thin, which is not what the bundled batches are meant to show.
LOCKED_LOCAL_CAP = 0.25


# ---------------------------------------------------------------------------------------------
# officials


@dataclass
class Officials:
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


def retirement_months(year: int, male: bool) -> int:
    return vn_2019_age_months("M" if male else "F", year)


def draw_officials(
    spec: Spec,
    lay: Layout,
    seat_commune: IntArray,
    seat_role: IntArray,
    seat_tag: IntArray,
    rng: np.random.Generator,
) -> Officials:
    n_seats = len(seat_commune)
    n_vacant = round(spec.vacancy_share * n_seats)
    vacant = np.zeros(n_seats, dtype=bool)
    vacant[rng.choice(n_seats, n_vacant, replace=False)] = True
    inc_seat = np.flatnonzero(~vacant).astype(np.int64)
    inc_commune = seat_commune[inc_seat]

    # who is non-local today: an exact number, so that Phúc Thọ shows its 6 of 42
    # (or per role, as Thanh Trì's 12 of 16 secretaries and 5 of 16 chairmen)
    can_be = np.flatnonzero(lay.group_size[lay.group[inc_commune]] >= 2)
    nonlocal_ = np.zeros(len(inc_seat), dtype=bool)
    if spec.nonlocal_today_roles:
        inc_role = seat_role[inc_seat]
        for r, role in enumerate(ROLES):
            share = spec.nonlocal_today_roles.get(role, 0.0)
            pool = can_be[inc_role[can_be] == r]
            k = min(round(share * int(np.count_nonzero(inc_role == r))), len(pool))
            nonlocal_[rng.choice(pool, k, replace=False)] = True
    else:
        n_nonlocal = round(spec.nonlocal_today * len(inc_seat))
        nonlocal_[rng.choice(can_be, min(n_nonlocal, len(can_be)), replace=False)] = True
    inc_home = inc_commune.copy()
    inc_home[nonlocal_] = other_in_group(lay, inc_commune[nonlocal_], rng)

    # deputies of each commune, natives mostly; cadres of each group, some from elsewhere
    n_dep = np.clip(rng.poisson(spec.deputies_per_commune, len(lay.ids)), 0, 5)
    dep_commune = np.repeat(np.arange(len(lay.ids), dtype=np.int64), n_dep)
    dep_home = dep_commune.copy()
    moved_in = rng.random(len(dep_commune)) < 0.12
    dep_home[moved_in] = other_in_group(lay, dep_commune[moved_in], rng)
    n_cad = np.maximum(1, np.round(spec.cadres_per_commune * lay.group_size)).astype(np.int64)
    cad_group = np.repeat(np.arange(len(lay.group_ids), dtype=np.int64), n_cad)
    cad_home = lay.group_start[cad_group] + (
        rng.random(len(cad_group)) * lay.group_size[cad_group]
    ).astype(np.int64)
    from_outside = rng.random(len(cad_group)) < 0.25
    cad_home[from_outside] = outside_group(lay, cad_home[from_outside], rng)

    kind = np.concatenate(
        [
            np.full(len(inc_seat), INCUMBENT),
            np.full(len(dep_commune), DEPUTY),
            np.full(len(cad_group), CADRE),
        ]
    ).astype(np.int64)
    group = np.concatenate([lay.group[inc_commune], lay.group[dep_commune], cad_group])
    position = np.concatenate([inc_seat, np.arange(len(dep_commune)), np.arange(len(cad_group))])
    order = np.lexsort((position, kind, group))
    kind, group = kind[order], group[order]
    home = np.concatenate([inc_home, dep_home, cad_home])[order]
    seat = np.concatenate([inc_seat, np.full(len(dep_commune) + len(cad_group), -1)])[order]
    work = np.concatenate([inc_commune, dep_commune, np.full(len(cad_group), -1)])[order]
    is_nonlocal_inc = np.concatenate(
        [nonlocal_, np.zeros(len(dep_commune) + len(cad_group), dtype=bool)]
    )[order]
    n = len(kind)
    group_count = np.bincount(group, minlength=len(lay.group_ids)).astype(np.int64)
    group_first = np.concatenate(([0], np.cumsum(group_count)[:-1])).astype(np.int64)

    # a second home (birthplace, 20 years of work) for some; never the seat of a non-local
    # incumbent, which would make them local after all
    other_home = np.full(n, -1, dtype=np.int64)
    has_other = np.flatnonzero(
        (rng.random(n) < spec.other_home_share) & (lay.group_size[lay.group[home]] >= 3)
    )
    pick = other_in_group(lay, home[has_other], rng)
    for _ in range(4):
        clash = is_nonlocal_inc[has_other] & (pick == work[has_other])
        if not clash.any():
            break
        pick[clash] = other_in_group(lay, home[has_other][clash], rng)
    clash = is_nonlocal_inc[has_other] & (pick == work[has_other])
    other_home[has_other[~clash]] = pick[~clash]

    male = rng.random(n) < np.where(kind == INCUMBENT, 0.8, 0.7)
    family = rng.choice(len(FAMILY_NAMES), n, p=normalised([w for _, w in FAMILY_NAMES]))
    max_age = (
        np.where(
            male,
            retirement_months(spec.as_of.year, True),
            retirement_months(spec.as_of.year, False),
        )
        / 12
        - 0.3
    )
    incumbent_age = np.where(male, spec.incumbent_age, spec.incumbent_age - 3)
    mean = np.select([kind == INCUMBENT, kind == DEPUTY], [incumbent_age, 41.0], 44.0)
    low = np.select([kind == INCUMBENT, kind == DEPUTY], [33.0, 27.0], 29.0)
    age = np.clip(rng.normal(mean, 7.0), low, max_age)
    return Officials(
        kind=kind,
        group=group,
        home=home,
        other_home=other_home,
        seat=seat,
        work=work,
        male=male,
        age=age,
        family=family.astype(np.int64),
        group_first=group_first,
        group_count=group_count,
    )


def normalised(weights: list[float]) -> FloatArray:
    w = np.asarray(weights, dtype=float)
    return w / w.sum()


def choice(rng: np.random.Generator, table: FloatArray, rows: IntArray) -> IntArray:
    """One draw per row from the categorical distribution ``table[rows[i]]``."""
    cdf = np.cumsum(table, axis=1)
    cdf /= cdf[:, -1:]
    u = rng.random(len(rows))
    return (u[:, None] >= cdf[rows]).sum(axis=1).astype(np.int64)


def officials_frame(
    spec: Spec, lay: Layout, seats: pd.DataFrame, off: Officials, rng: np.random.Generator
) -> pd.DataFrame:
    n = len(off.kind)
    inc = off.kind == INCUMBENT
    seat_role = np.where(inc, np.where(off.seat % 2 == 0, 0, 1), -1)
    # profile: 0 secretary incumbent, 1 chairman incumbent, 2 deputy, 3 cadre
    profile = np.where(inc, seat_role, off.kind + 1)

    # deputies and cadres: time in their present post, which began after 23 at the earliest
    years: FloatArray = np.asarray(
        np.round(np.minimum(rng.uniform(0.3, 9.9, n), np.maximum(0.3, off.age - 23)), 1),
        dtype=np.float64,
    )
    tenure = choice(
        rng,
        np.array(
            [[spec.locked_share, 1 - spec.locked_share - spec.overdue_share, spec.overdue_share]]
        ),
        np.zeros(n, dtype=np.int64),
    )
    inc_years = np.select(
        [tenure == 0, tenure == 1],
        [rng.uniform(0.2, 2.9, n), rng.uniform(3.0, 9.9, n)],
        rng.uniform(10.0, 13.5, n),
    )
    years = np.asarray(np.where(inc, np.round(inc_years, 1), years), dtype=np.float64)
    years = cap_locked_locals(spec, off, seat_role, years, rng)

    # rows: secretary incumbent, chairman incumbent, deputy, cadre
    theory = choice(
        rng,
        np.array(
            [
                [0.0, 0.01, 0.84, 0.15],
                [0.0, 0.01, 0.84, 0.15],
                [0.03, 0.10, 0.77, 0.10],
                [0.0, 0.05, 0.75, 0.20],
            ]
        ),
        profile,
    )
    education = choice(
        rng,
        np.array(
            [
                [0.0, 0.03, 0.06, 0.76, 0.15, 0.0],
                [0.0, 0.01, 0.01, 0.80, 0.18, 0.0],
                [0.0, 0.04, 0.10, 0.74, 0.12, 0.0],
                [0.0, 0.01, 0.04, 0.70, 0.23, 0.02],
            ]
        ),
        profile,
    )
    # "", secretary, chairman, both: a chairman is often groomed for secretary, rarely back
    planned = choice(
        rng,
        np.array(
            [
                [0.60, 0.40, 0.0, 0.0],
                [0.47, 0.45, 0.08, 0.0],
                [0.08, 0.18, 0.20, 0.54],
                [0.03, 0.17, 0.15, 0.65],
            ]
        ),
        profile,
    )

    tag_bits = rng.random((n, len(TAGS))) < np.where(inc, 0.08, 0.14)[:, None]
    seat_tags = seats["required_tags"].to_numpy()
    for i in np.flatnonzero(inc):
        need = seat_tags[off.seat[i]]
        if need:
            tag_bits[i, TAGS.index(need)] = True
    disciplined = rng.random(n) < np.where(
        inc, spec.disciplined_share / 2, spec.disciplined_share * 1.25
    )
    train_for_tagged_seats(
        spec, lay, off, seat_tags, theory, education, planned, disciplined, tag_bits, rng
    )

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
    given_m = np.where(
        np.array(GIVEN_NAMES_M)[given_m] == np.array(MIDDLE_NAMES_M)[middle_m],
        (given_m + 1) % len(GIVEN_NAMES_M),
        given_m,
    )
    given_f = np.where(
        np.array(GIVEN_NAMES_F)[given_f] == np.array(MIDDLE_NAMES_F)[middle_f],
        (given_f + 1) % len(GIVEN_NAMES_F),
        given_f,
    )
    names = [
        f"{FAMILY_NAMES[f][0]} {MIDDLE_NAMES_M[a]} {GIVEN_NAMES_M[b]}"
        if m
        else f"{FAMILY_NAMES[f][0]} {MIDDLE_NAMES_F[c]} {GIVEN_NAMES_F[d]}"
        for f, m, a, b, c, d in zip(
            off.family, off.male, middle_m, given_m, middle_f, given_f, strict=True
        )
    ]

    seat_ids = seats["seat_id"].to_numpy()
    group_ids = np.array(lay.group_ids, dtype=object)
    ids = np.array(lay.ids, dtype=object)
    return pd.DataFrame(
        {
            "official_id": official_ids(lay, off),
            "name": names,
            "gender": np.where(off.male, "M", "F"),
            "birth_date": birth_text,
            "home_unit_id": ids[off.home],
            "other_home_unit_ids": np.where(
                off.other_home >= 0, ids[np.maximum(off.other_home, 0)], ""
            ),
            "current_seat_id": np.where(inc, seat_ids[np.maximum(off.seat, 0)], ""),
            "current_unit_id": np.where(
                off.work >= 0, ids[np.maximum(off.work, 0)], group_ids[off.group]
            ),
            "years_in_post": years,
            "political_theory": np.array(THEORY, dtype=object)[theory],
            "education": np.array(EDUCATION, dtype=object)[education],
            "planned_roles": np.array(PLANNED, dtype=object)[planned],
            "tags": [
                ";".join(t for t, on in zip(TAGS, row, strict=True) if on) for row in tag_bits
            ],
            "disciplined": disciplined.astype(np.int64),
        }
    )


def train_for_tagged_seats(
    spec: Spec,
    lay: Layout,
    off: Officials,
    seat_tags: npt.NDArray[np.object_],
    theory: IntArray,
    education: IntArray,
    planned: IntArray,
    disciplined: BoolArray,
    tag_bits: BoolArray,
    rng: np.random.Generator,
) -> None:
    """Give a seat's required tag to two officials of its group who could take the seat.

    Otherwise a small district whose tagged seat has an incumbent of ten years could have
    nobody to replace them, and the batch would be infeasible for a reason nobody intended.
    Seats are two per commune in order (secretary, chairman), so a seat's commune and role
    follow from its index.
    """
    max_age = (
        np.where(
            off.male,
            retirement_months(spec.as_of.year + 6, True),
            retirement_months(spec.as_of.year + 6, False),
        )
        / 12
        - 6.5
    )
    fit = (off.kind != INCUMBENT) & ~disciplined & (theory >= 2) & (off.age < max_age)
    for seat in np.flatnonzero(seat_tags != ""):
        commune, role = divmod(int(seat), 2)
        tag = TAGS.index(str(seat_tags[seat]))
        g = lay.group[commune]
        lo, hi = off.group_first[g], off.group_first[g] + off.group_count[g]
        members = np.arange(lo, hi)
        wants = planned[members] == 3
        wants |= planned[members] == role + 1
        ok = (
            fit[members]
            & wants
            & (off.home[members] != commune)
            & (off.other_home[members] != commune)
            & ((education[members] >= 3) | (role == 0))
        )
        chosen = members[ok]
        if len(chosen):
            pick = rng.choice(chosen, min(2, len(chosen)), replace=False)
            tag_bits[pick, tag] = True


def official_ids(lay: Layout, off: Officials) -> list[str]:
    number = np.arange(len(off.kind)) - off.group_first[off.group] + 1
    return [f"CB-{lay.group_ids[g]}-{k:04d}" for g, k in zip(off.group, number, strict=True)]


def cap_locked_locals(
    spec: Spec, off: Officials, seat_role: IntArray, years: FloatArray, rng: np.random.Generator
) -> FloatArray:
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
            locked = members[
                local_inc[members] & (years[members] < 3.0) & (seat_role[members] != 0)
            ]
            n_seats -= n_sec
        cap = math.floor(LOCKED_LOCAL_CAP * n_seats)
        years[locked[cap:]] = movable[locked[cap:]]
    return years


# ---------------------------------------------------------------------------------------------
# relations and wishes


def make_relations(
    spec: Spec, lay: Layout, off: Officials, rng: np.random.Generator
) -> pd.DataFrame:
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
    return pd.DataFrame(
        [(ids[a], ids[b], k) for a, b, k in rows], columns=["official_a", "official_b", "kind"]
    )


def make_preferences(
    spec: Spec, lay: Layout, off: Officials, rng: np.random.Generator
) -> pd.DataFrame:
    """A few wishes heard at the pre-rotation meeting, or the committee's judgement of fit."""
    who = np.flatnonzero(rng.random(len(off.kind)) < spec.preference_share)
    count = rng.integers(1, 4, len(who))
    person = np.repeat(who, count)
    g = off.group[person]
    commune = lay.group_start[g] + (rng.random(len(person)) * lay.group_size[g]).astype(np.int64)
    magnitude = rng.integers(3, 11, len(person))
    score = np.where(rng.random(len(person)) < 0.7, magnitude, -magnitude)
    ids = np.array(official_ids(lay, off), dtype=object)
    frame = pd.DataFrame(
        {
            "official_id": ids[person],
            "unit_id": np.array(lay.ids, dtype=object)[commune],
            "score": score.astype(np.int64),
            "_o": person,
            "_c": commune,
        }
    )
    frame = frame.drop_duplicates(["_o", "_c"]).sort_values(["_o", "_c"], kind="stable")
    return frame.drop(columns=["_o", "_c"]).reset_index(drop=True)
