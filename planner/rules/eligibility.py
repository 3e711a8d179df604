"""Who may be newly placed in which seat (contract section 4, rule 4), computed in bulk.

For every candidate official-seat pair we record the *families* that refuse it, not a yes/no:
an explanation can then relax one family by masking a bit, and "why can't X go to seat Y?" can
name every reason at once. The scalar statement of the same rules is :mod:`planner.rules.plain`; the
tests check that both agree pair by pair.

Pairs are formed block by block, one group of seats against the officials who may reach it, so
the work stays proportional to the pairs that matter even on a national instance; the rules then
judge many blocks' pairs at once, as flat arrays.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from models.families import Family
from models.instance import IntArray
from planner.domain.distance import Distances, whole_km_array
from planner.domain.records import Official, Seat
from planner.domain.retirement import years_to_retirement
from planner.domain.tree import AdminTree
from planner.inputs.scenario import Scenario

#: Above this many official-seat combinations, ``all_pairs`` keeps each group's own officials
#: only: cross-group pairs of a national instance would not fit in memory. Explanations then
#: judge the cross-group family by re-solving with cross-group moves allowed instead.
ALL_PAIRS_LIMIT = 5_000_000


@dataclass(frozen=True, eq=False)
class Pin:
    """A committee decision: ``keep`` forces the pair into every plan, else it is forbidden."""

    seat_id: str
    official_id: str
    keep: bool
    row: int = 0


@dataclass(frozen=True, eq=False)
class OfficialFacts:
    """Per-official facts the rules need, in dense official order.

    ``groups`` is every group the official belongs to for rule 4: the group of the seat they
    hold (else of ``current_unit_id``, else of the home unit); for a city or provincial cadre,
    who works in a unit above the group level, every group below that unit.
    """

    group: tuple[str | None, ...]  # the group they work in today (None above the group level)
    groups: tuple[frozenset[str], ...]  # every group they belong to (rule 4)
    incumbent_seat: IntArray  # dense seat index they hold today, -1 if none in scope
    years_to_retirement: np.ndarray
    retired: np.ndarray  # incumbent whose retirement date is on or before as_of
    must_keep: np.ndarray  # incumbent, years_in_post < min_years_before_move, not retiring
    must_leave: np.ndarray  # incumbent at max_years_in_post (years_in_unit where given)
    must_retire: np.ndarray  # retired incumbent under rules.retire_at_age
    charged: np.ndarray  # incumbent whose release costs (retirement date after as_of)


@dataclass(frozen=True, eq=False)
class Candidates:
    """Candidate pairs, sorted by (seat, official), with what refuses and what forces each."""

    official: IntArray
    seat: IntArray
    keep: np.ndarray
    nonlocal_: np.ndarray
    km: IntArray
    refused: IntArray
    forced: IntArray


def official_facts(
    scenario: Scenario,
    tree: AdminTree,
    officials: Sequence[Official],
    seats: Sequence[Seat],
    seat_group: Sequence[str],
) -> OfficialFacts:
    seat_index = {s.seat_id: i for i, s in enumerate(seats)}
    level = scenario.target.level
    groups: list[str | None] = []
    belongs: list[frozenset[str]] = []
    incumbent = np.full(len(officials), -1, dtype=np.int64)
    for i, o in enumerate(officials):
        if o.current_seat_id is not None and o.current_seat_id in seat_index:
            incumbent[i] = seat_index[o.current_seat_id]
            groups.append(seat_group[incumbent[i]])
            belongs.append(frozenset((seat_group[incumbent[i]],)))
        else:
            work = o.current_unit_id or o.home_unit_id
            group = tree.ancestor_at(work, level)
            groups.append(group)
            belongs.append(frozenset((group,)) if group is not None else tree.below_at(work, level))
    rules = scenario.rules
    known: dict[tuple[date, str], float] = {}  # (officials share birth dates: ~3 each)
    for o in officials:
        if (o.birth_date, o.gender) not in known:
            known[o.birth_date, o.gender] = years_to_retirement(
                o.birth_date, o.gender, rules.retirement, scenario.as_of
            )
    ytr = np.array([known[o.birth_date, o.gender] for o in officials], dtype=float)
    years = np.array([o.years_in_post for o in officials], dtype=float)
    tenure = np.array([o.tenure_years for o in officials], dtype=float)
    holds = incumbent >= 0
    # days / 365.25 <= 0 exactly when the retirement date is on or before as_of
    retired = holds & (ytr <= 0)
    must_retire = retired & rules.retire_at_age
    return OfficialFacts(
        group=tuple(groups),
        groups=tuple(belongs),
        incumbent_seat=incumbent,
        years_to_retirement=ytr,
        retired=retired,
        must_keep=holds & (years < rules.min_years_before_move) & ~must_retire,
        must_leave=holds & (tenure >= rules.max_years_in_post),
        must_retire=must_retire,
        charged=holds & (ytr > 0),
    )


class _Vocabulary:
    """Dense codes for roles and required tags, so membership tests become bit operations."""

    def __init__(self, names: Sequence[str]) -> None:
        self.code = {name: i for i, name in enumerate(dict.fromkeys(names))}

    def mask(self, names: frozenset[str] | set[str]) -> int:
        return sum(1 << self.code[n] for n in names if n in self.code)


def candidate_pairs(
    scenario: Scenario,
    tree: AdminTree,
    distances: Distances,
    officials: Sequence[Official],
    seats: Sequence[Seat],
    seat_group: Sequence[str],
    facts: OfficialFacts,
    *,
    all_pairs: bool = False,
    pins: Sequence[Pin] = (),
    fixed_kin: Sequence[frozenset[str]] = (),
) -> Candidates:
    """The candidate pairs and their refusal/forcing bits.

    By default only admitted pairs (no refusal) and forced pairs are returned: that is all a
    plan can use. ``all_pairs`` returns every pair, refused or not, for explanations:
    everyone against every seat (each group's own officials only, past
    :data:`ALL_PAIRS_LIMIT`). ``fixed_kin`` gives, per official, the kinship units where a
    relative holds a seat outside the scope: rule 6 refuses every pair there (they stay put).
    """
    traits = _Traits.of(scenario, tree, distances, officials, seats, facts, pins, fixed_kin)
    n_o = len(officials)
    # seats and officials of each group, found once: comparing every group with every
    # official's group took 0.4 s on the 696 districts of national-2023
    seats_in: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(seat_group):
        seats_in[g].append(i)
    officials_in: dict[str | None, list[int]] = defaultdict(list)
    for i, belongs in enumerate(facts.groups):
        for og in belongs:
            officials_in[og].append(i)
    holds = np.flatnonzero(facts.incumbent_seat >= 0)
    holder = np.full(len(seats), -1, dtype=np.int64)
    holder[facts.incumbent_seat[holds]] = holds
    pinned_to: dict[int, list[int]] = defaultdict(list)
    for o, s in traits.pinned:
        pinned_to[s].append(o)

    # everyone against every seat only where a plan may use such pairs, or where an explanation
    # asks for them and they fit in memory (a national instance would need ~10^9 pairs)
    everyone = scenario.rules.cross_group_moves or (
        all_pairs and n_o * len(seats) <= ALL_PAIRS_LIMIT
    )
    chunks: list[Candidates] = []
    pending: list[_Block] = []
    size = 0
    for group in dict.fromkeys(seat_group):
        s_idx = np.array(seats_in[group], dtype=np.int64)
        o_idx = (
            np.arange(n_o) if everyone else np.array(officials_in.get(group, []), dtype=np.int64)
        )
        # incumbents of these seats, and officials pinned to them, always take part
        extra = [o for s in seats_in[group] for o in pinned_to.get(s, ())]
        incumbents = holder[s_idx]
        o_idx = np.union1d(o_idx, incumbents[incumbents >= 0])
        o_idx = np.union1d(o_idx, np.array(extra, dtype=np.int64)).astype(np.int64)
        if len(o_idx) == 0 or len(s_idx) == 0:
            continue
        pending.append(_Block(group, o_idx, s_idx))
        size += len(o_idx) * len(s_idx)
        if size >= _CHUNK_PAIRS:
            chunks.append(_judge(traits, pending, all_pairs=all_pairs))
            pending, size = [], 0
    if pending:
        chunks.append(_judge(traits, pending, all_pairs=all_pairs))
    return _sorted(_concat(chunks))


#: Pairs judged together: the rules run once over many groups' pairs, in flat arrays that stay
#: small (~100 MB at most). On national-2023 this alone changed little (candidate pairs took
#: 0.6-0.8 s either way); the time was in the per-official traits (:class:`_Traits`).
_CHUNK_PAIRS = 1 << 21


@dataclass(frozen=True, eq=False)
class _Block:
    """One group's seats against the officials who may reach them."""

    group: str
    officials: IntArray
    seats: IntArray


@dataclass(frozen=True, eq=False)
class _Traits:
    """What the rules read of every official and every seat, as dense arrays."""

    scenario: Scenario
    facts: OfficialFacts
    distances: Distances
    role_mask: IntArray  # per official: the roles they may take (bit per role)
    theory: IntArray
    education: IntArray
    tag_mask: IntArray
    disciplined: np.ndarray
    too_old: np.ndarray
    home_loc: IntArray  # per official: codes of the localities of their homes (-2 = padding)
    home_unit: tuple[str, ...]
    seat_role: IntArray
    min_theory: IntArray
    min_education: IntArray
    seat_tags: IntArray
    seat_loc: IntArray
    seat_unit: tuple[str, ...]
    kin_of_seat: np.ndarray
    kin_bound: dict[int, frozenset[str]]
    pinned: dict[tuple[int, int], bool]

    @classmethod
    def of(
        cls,
        scenario: Scenario,
        tree: AdminTree,
        distances: Distances,
        officials: Sequence[Official],
        seats: Sequence[Seat],
        facts: OfficialFacts,
        pins: Sequence[Pin],
        fixed_kin: Sequence[frozenset[str]],
    ) -> _Traits:
        rules = scenario.rules
        roles = _Vocabulary([s.role for s in seats])
        tags = _Vocabulary(sorted({t for s in seats for t in s.required_tags}))
        if len(roles.code) > 62 or len(tags.code) > 62:
            raise ValueError("more than 62 distinct roles or required tags are not supported")
        current_role = np.full(len(officials), -1, dtype=np.int64)
        for i, seat_i in enumerate(facts.incumbent_seat):
            if seat_i >= 0:
                current_role[i] = roles.code[seats[seat_i].role]
        role_mask = np.array([roles.mask(o.planned_roles) for o in officials], dtype=np.int64)
        role_mask |= np.where(current_role >= 0, np.left_shift(1, np.maximum(current_role, 0)), 0)
        loc_level = rules.locality_level
        # a home in a former unit is local to every unit it was merged into (contract section 2)
        known: dict[tuple[str, ...], list[str]] = {}  # (officials share home units)
        homes = []
        for o in officials:
            key = o.home_unit_ids
            if key not in known:
                known[key] = sorted(set().union(*(tree.localities(h, loc_level) for h in key)))
            homes.append(known[key])
        seat_locality = [tree.ancestor_at(s.unit_id, loc_level) for s in seats]
        locality_code = {u: i for i, u in enumerate(dict.fromkeys(seat_locality))}
        width = max((len(h) for h in homes), default=1)
        home_loc = np.full((len(officials), width), -2, dtype=np.int64)
        for i, units in enumerate(homes):
            for j, unit in enumerate(units):
                home_loc[i, j] = locality_code.get(unit, -2)
        return cls(
            scenario=scenario,
            facts=facts,
            distances=distances,
            role_mask=role_mask,
            theory=np.array([o.political_theory for o in officials], dtype=np.int64),
            education=np.array([o.education for o in officials], dtype=np.int64),
            tag_mask=np.array([tags.mask(o.tags) for o in officials], dtype=np.int64),
            disciplined=np.array([o.disciplined for o in officials], dtype=bool),
            too_old=facts.years_to_retirement < rules.min_years_to_retirement,
            home_loc=home_loc,
            home_unit=tuple(o.home_unit_id for o in officials),
            seat_role=np.array([roles.code[s.role] for s in seats], dtype=np.int64),
            min_theory=np.array([s.min_political_theory for s in seats], dtype=np.int64),
            min_education=np.array([s.min_education for s in seats], dtype=np.int64),
            seat_tags=np.array([tags.mask(s.required_tags) for s in seats], dtype=np.int64),
            seat_loc=np.array([locality_code[u] for u in seat_locality], dtype=np.int64),
            seat_unit=tuple(s.unit_id for s in seats),
            kin_of_seat=np.array(
                [tree.ancestor_at(s.unit_id, rules.kinship_level) for s in seats], dtype=object
            ),
            kin_bound={i: units for i, units in enumerate(fixed_kin) if units},
            pinned=_pin_lookup(pins, officials, seats),
        )


def _judge(t: _Traits, blocks: Sequence[_Block], *, all_pairs: bool) -> Candidates:
    """Every pair of ``blocks`` (flattened: official ``rr``, seat ``cc``) through the rules."""
    rules = t.scenario.rules
    facts = t.facts
    rr = np.concatenate([np.repeat(b.officials, len(b.seats)) for b in blocks])
    cc = np.concatenate([np.tile(b.seats, len(b.officials)) for b in blocks])
    keep = facts.incumbent_seat[rr] == cc
    new = ~keep
    refused = np.zeros(len(rr), dtype=np.int64)

    def refuse(family: Family, mask: np.ndarray) -> None:
        refused[mask] |= int(family)

    refuse(Family.PLANNING, new & (((t.role_mask[rr] >> t.seat_role[cc]) & 1) == 0))
    refuse(
        Family.QUALIFICATION,
        new
        & (
            (t.theory[rr] < t.min_theory[cc])
            | (t.education[rr] < t.min_education[cc])
            | ((t.tag_mask[rr] & t.seat_tags[cc]) != t.seat_tags[cc])
        ),
    )
    refuse(Family.DISCIPLINE, new & t.disciplined[rr])
    local = (t.home_loc[rr] == t.seat_loc[cc][:, None]).any(axis=1)
    refuse(Family.LOCALITY, new & local)
    refuse(Family.RETIREMENT, new & t.too_old[rr])
    km = np.concatenate(
        [
            t.distances.matrix(
                [t.home_unit[i] for i in b.officials.tolist()],
                [t.seat_unit[j] for j in b.seats.tolist()],
            ).ravel()
            for b in blocks
        ]
    )
    if rules.max_distance_km > 0:
        refuse(Family.DISTANCE, new & ~(km <= rules.max_distance_km))
    if not rules.cross_group_moves:
        outside = np.concatenate(
            [
                np.repeat(
                    np.array([b.group not in facts.groups[i] for i in b.officials.tolist()]),
                    len(b.seats),
                )
                for b in blocks
            ]
        )
        refuse(Family.CROSS_GROUP, new & outside)
    refuse(Family.TENURE, (new & facts.must_keep[rr]) | (keep & facts.must_leave[rr]))
    refuse(Family.RETIREMENT, keep & facts.must_retire[rr])
    if t.kin_bound:
        for at in np.flatnonzero(np.isin(rr, list(t.kin_bound))).tolist():
            if t.kin_of_seat[cc[at]] in t.kin_bound[int(rr[at])]:
                refused[at] |= int(Family.KINSHIP)
    forced = np.where(keep & facts.must_keep[rr], int(Family.TENURE), 0).astype(np.int64)
    if t.pinned:
        key = rr * len(t.seat_unit) + cc
        order = np.argsort(key, kind="stable")
        for (o, s), is_keep in t.pinned.items():
            wanted = o * len(t.seat_unit) + s
            pos = int(np.searchsorted(key, wanted, sorter=order))
            if pos < len(key) and key[order[pos]] == wanted:
                if is_keep:
                    forced[order[pos]] |= int(Family.PIN)
                else:
                    refused[order[pos]] |= int(Family.PIN)
    chosen = np.flatnonzero(np.ones(len(rr), bool) if all_pairs else (refused == 0) | (forced != 0))
    kept = keep[chosen]
    return Candidates(
        official=rr[chosen],
        seat=cc[chosen],
        keep=kept,
        nonlocal_=~local[chosen],
        km=np.where(kept, 0, whole_km_array(km[chosen])).astype(np.int64),
        refused=refused[chosen],
        forced=forced[chosen],
    )


def _pin_lookup(
    pins: Sequence[Pin], officials: Sequence[Official], seats: Sequence[Seat]
) -> dict[tuple[int, int], bool]:
    o_index = {o.official_id: i for i, o in enumerate(officials)}
    s_index = {s.seat_id: i for i, s in enumerate(seats)}
    return {
        (o_index[p.official_id], s_index[p.seat_id]): p.keep
        for p in pins
        if p.official_id in o_index and p.seat_id in s_index
    }


def _concat(blocks: list[Candidates]) -> Candidates:
    if not blocks:
        empty = np.zeros(0, dtype=np.int64)
        return Candidates(empty, empty, empty.astype(bool), empty.astype(bool), empty, empty, empty)
    return Candidates(
        *(
            np.concatenate([getattr(b, f) for b in blocks])
            for f in ("official", "seat", "keep", "nonlocal_", "km", "refused", "forced")
        )
    )


def _sorted(c: Candidates) -> Candidates:
    order = np.lexsort((c.official, c.seat))
    return Candidates(
        c.official[order],
        c.seat[order],
        c.keep[order],
        c.nonlocal_[order],
        c.km[order],
        c.refused[order],
        c.forced[order],
    )
