"""Independent parts of an instance: seats that share no official and no constraint.

Solving each part alone is exact (the cost is a sum over parts and no row spans two parts) and
much faster: on a Hanoi-sized instance, 30 district models prove optimality in seconds where one
model of the whole city does not (benchmarks/README.md).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from models.families import ALL, Family
from models.instance import NO_ONE, Instance, IntArray, TargetRow


def components(instance: Instance, enforced: Family = ALL) -> list[IntArray]:
    """Seat sets of the independent parts, largest first (ties by first seat)."""
    n_s, n_o, n_g = instance.n_seats, instance.n_officials, instance.n_groups
    admitted = instance.admitted(enforced) | instance.forced(enforced)
    rows = [instance.pair_seat[admitted]]
    cols = [n_s + instance.pair_official[admitted]]
    # an incumbent belongs with their seat even when they may not keep it: the part that
    # holds their seat must also hold every pair of theirs, or their release cost (section 5)
    # would be counted in one part and cancelled in another
    held = np.flatnonzero(instance.seat_incumbent >= 0)
    rows.append(held)
    cols.append(n_s + instance.seat_incumbent[held])
    constrained = np.zeros(n_g, dtype=bool)
    for target in instance.targets:
        rows.append(target.seats)
        cols.append(np.full(len(target.seats), n_s + n_o + target.group))
        constrained[target.group] = True
    if instance.max_changes_per_group > 0 or instance.one_new_head_per_unit:
        rows.append(np.arange(n_s))
        cols.append(n_s + n_o + instance.seat_group)
    kinship = [k for k in instance.kinship if len(k)]
    if kinship:  # a set's seats are joined to its first seat
        lengths = np.fromiter((len(k) for k in kinship), dtype=np.int64, count=len(kinship))
        seats = instance.pair_seat[np.concatenate(kinship)]
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        rows.append(seats)
        cols.append(np.repeat(seats[starts], lengths))
    r = np.concatenate(rows)
    c = np.concatenate(cols)
    size = n_s + n_o + n_g
    graph = sp.coo_matrix((np.ones(len(r)), (r, c)), shape=(size, size))
    _, label = connected_components(graph, directed=False)
    seat_label = label[:n_s]
    parts = [np.flatnonzero(seat_label == lab) for lab in dict.fromkeys(seat_label.tolist())]
    parts.sort(key=lambda seats: (-len(seats), int(seats[0])))
    return parts


@dataclass(frozen=True, eq=False)
class Part:
    """A sub-instance and the maps from its dense indices back to the parent's."""

    instance: Instance
    seats: IntArray  # parent seat index of each sub seat
    officials: IntArray  # parent official index of each sub official
    pairs: IntArray  # parent pair index of each sub pair

    def lift(self, sub_assignment: IntArray, into: IntArray) -> None:
        """Write a sub-assignment into a parent assignment, in place."""
        # masked, not np.where: a part with no officials has nothing to index with 0
        filled = sub_assignment != NO_ONE
        values = np.full(len(sub_assignment), NO_ONE, dtype=np.int64)
        values[filled] = self.officials[sub_assignment[filled]]
        into[self.seats] = values

    def restrict(self, assignment: IntArray) -> IntArray:
        """The parent assignment seen from this part (officials outside map to NO_ONE)."""
        sub_of = np.full(
            max(int(self.officials.max(initial=-1)), int(assignment.max(initial=-1)), 0) + 1,
            NO_ONE,
            dtype=np.int64,
        )
        sub_of[self.officials] = np.arange(len(self.officials))
        held = assignment[self.seats]
        return np.where(held == NO_ONE, NO_ONE, sub_of[np.maximum(held, 0)])


def part(instance: Instance, seats: IntArray) -> Part:
    """The sub-instance over ``seats`` (with every candidate pair of those seats)."""
    seats = np.sort(np.asarray(seats, dtype=np.int64))
    pairs = _pairs_of(instance, seats)
    return _part(instance, seats, pairs, instance.targets, _kinship_inside(instance.kinship, pairs))


def parts(
    instance: Instance, seat_sets: Sequence[IntArray], deadline: float | None = None
) -> list[Part] | None:
    """``[part(instance, s) for s in seat_sets]`` for disjoint seat sets, in one pass; None
    when ``deadline`` (``time.time()``) passes first (0.4-1.7 s on national-2023's 696 parts).

    Target rows and kinship sets are sorted into their parts once: testing every row against
    every part cost 13.6 s on the 696 parts of a national-2023 instance, 0.1 s this way.
    """
    label = np.full(instance.n_seats, -1, dtype=np.int64)
    for i, seats in enumerate(seat_sets):
        label[np.asarray(seats, dtype=np.int64)] = i
    targets: list[list[TargetRow]] = [[] for _ in seat_sets]
    for t in instance.targets:
        owners = np.unique(label[t.seats])
        if len(owners) > 1:
            raise ValueError("a target row spans two parts; components() must keep it whole")
        if len(owners) == 1 and owners[0] >= 0:
            targets[int(owners[0])].append(t)
    kinship: list[list[IntArray]] = [[] for _ in seat_sets]
    sets = [k for k in instance.kinship if len(k)]
    if sets:
        lengths = np.fromiter((len(k) for k in sets), dtype=np.int64, count=len(sets))
        owner = label[instance.pair_seat[np.concatenate(sets)]]
        first = owner[np.cumsum(lengths) - lengths]
        set_of = np.repeat(np.arange(len(sets)), lengths)
        if np.any(owner != first[set_of]):
            raise ValueError("a kinship set spans two parts; components() must keep it whole")
        for k, o in zip(sets, first.tolist(), strict=True):
            if o >= 0:
                kinship[o].append(k)
    out = []
    for i, seats in enumerate(seat_sets):
        if deadline is not None and time.time() >= deadline:
            return None
        seats = np.sort(np.asarray(seats, dtype=np.int64))
        pairs = _pairs_of(instance, seats)
        out.append(
            _part(instance, seats, pairs, targets[i], _kinship_inside(tuple(kinship[i]), pairs))
        )
    return out


def _pairs_of(instance: Instance, seats: IntArray) -> IntArray:
    """The pairs of the sorted ``seats``. Pairs are sorted by seat, so each seat's pairs are
    one run, found by bisection rather than by a pass over every pair of the instance."""
    begin = np.searchsorted(instance.pair_seat, seats, side="left")
    end = np.searchsorted(instance.pair_seat, seats, side="right")
    return _ranges(begin, end)


def _part(
    instance: Instance,
    seats: IntArray,
    pairs: IntArray,
    targets_near: Sequence[TargetRow],
    kinship: tuple[IntArray, ...],
) -> Part:
    """The sub-instance over sorted ``seats`` and their ``pairs``; ``targets_near`` must
    include every target row of these seats, ``kinship`` is already in the part's pair
    indices."""
    seat_map = np.full(instance.n_seats, -1, dtype=np.int64)
    seat_map[seats] = np.arange(len(seats))
    officials = np.union1d(
        instance.pair_official[pairs],
        instance.seat_incumbent[seats][instance.seat_incumbent[seats] >= 0],
    )
    # one spare entry so that indexing it with the placeholder 0 works with no officials at all
    official_map = np.full(max(instance.n_officials, 1), -1, dtype=np.int64)
    official_map[officials] = np.arange(len(officials))
    incumbent = instance.seat_incumbent[seats]
    incumbent = np.where(incumbent >= 0, official_map[np.maximum(incumbent, 0)], NO_ONE)
    targets = []
    for t in targets_near:
        inside = seat_map[t.seats]
        if np.all(inside >= 0):
            targets.append(TargetRow(t.group, t.role, inside, t.required))
        elif np.any(inside >= 0):
            raise ValueError("a target row spans two parts; components() must keep it whole")
    sub = replace(
        instance,
        n_officials=len(officials),
        n_seats=len(seats),
        seat_group=instance.seat_group[seats],
        seat_unit=instance.seat_unit[seats],
        seat_role=instance.seat_role[seats],
        seat_incumbent=incumbent,
        pair_official=official_map[instance.pair_official[pairs]],
        pair_seat=seat_map[instance.pair_seat[pairs]],
        pair_keep=instance.pair_keep[pairs],
        pair_nonlocal=instance.pair_nonlocal[pairs],
        pair_km=instance.pair_km[pairs],
        pair_score=instance.pair_score[pairs],
        pair_refused=instance.pair_refused[pairs],
        pair_forced=instance.pair_forced[pairs],
        pair_closeness=None if instance.pair_closeness is None else instance.pair_closeness[pairs],
        targets=tuple(targets),
        kinship=kinship,
        official_release=_release_inside(instance, officials, incumbent),
    )
    return Part(sub, seats, officials, pairs)


def _release_inside(
    instance: Instance, officials: IntArray, incumbent: IntArray
) -> npt.NDArray[np.bool_] | None:
    """The charged incumbents among the part's officials, only where they hold a seat of the
    part (an incumbent's seat and pairs share a part under :func:`components`; an arbitrary
    seat set may split them, and the seat's part then carries the release)."""
    if instance.official_release is None:
        return None
    charged = instance.official_release[officials].copy()
    holds = np.zeros(len(officials), dtype=bool)
    holds[incumbent[incumbent >= 0]] = True
    return charged & holds


def _ranges(begin: IntArray, end: IntArray) -> IntArray:
    """The concatenation of ``arange(b, e)`` for each (b, e), without a Python loop."""
    lengths = end - begin
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.cumsum(lengths) - lengths  # position of each run in the output
    offsets = np.arange(total, dtype=np.int64) - np.repeat(starts, lengths)
    return np.repeat(begin, lengths) + offsets


def _kinship_inside(sets: tuple[IntArray, ...], pairs: IntArray) -> tuple[IntArray, ...]:
    """The kinship sets that lie in the part, in its pair indices (``pairs`` is sorted).

    A national instance has thousands of sets (a relation times every commune both relatives
    could lead); testing them one by one in every part took 2.2 s of a 5 s national solve.
    """
    if not sets:
        return ()
    lengths = np.fromiter((len(k) for k in sets), dtype=np.int64, count=len(sets))
    flat = np.concatenate(sets).astype(np.int64)
    pos = np.minimum(np.searchsorted(pairs, flat), max(len(pairs) - 1, 0))
    found = (pairs[pos] == flat) if len(pairs) else np.zeros(len(flat), dtype=bool)
    mapped = np.where(found, pos, -1)
    set_of = np.repeat(np.arange(len(sets)), lengths)
    inside = np.bincount(set_of, weights=mapped >= 0, minlength=len(sets)).astype(np.int64)
    whole = inside == lengths
    if np.any((inside > 0) & ~whole):
        raise ValueError("a kinship set spans two parts; components() must keep it whole")
    kept = mapped[whole[set_of]]
    return tuple(np.split(kept, np.cumsum(lengths[whole])[:-1])) if whole.any() else ()
