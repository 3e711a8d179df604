"""The problem as the optimiser sees it: dense indices and numpy arrays, nothing else.

Officials are ``0..n_officials-1``, seats ``0..n_seats-1``. Every official-seat pair the planner
considered is a *candidate pair*; each pair carries the families that refuse it (a bit mask) and
those that force it. Under the usual rules only pairs with no refusal become variables; an
explanation relaxes a family by clearing its bit from the enforced set, with no rebuild.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from models.families import ALL, Family

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

NO_ONE = -1  # "no official": an empty seat in an assignment, or no incumbent today


@dataclass(frozen=True)
class Weights:
    """The objective's weights, one per cost part it weighs (contract section 5).

    Also the scenario's ``[objective]`` section (:data:`planner.inputs.scenario.Objective`):
    these defaults are the contract's, and the one place they are written.
    """

    change: int = 100
    distance_km: int = 1
    preference: int = 10
    vacancy: int = 10000
    release: int = 100


@dataclass(frozen=True, eq=False)
class TargetRow:
    """At least ``required`` of ``seats`` must be held by non-local officials.

    ``role`` is None for a whole-group target, else the dense role index of a per-role target.
    """

    group: int
    role: int | None
    seats: IntArray
    required: int


@dataclass(frozen=True, eq=False)
class Instance:
    """A rotation problem in dense form. Pairs are sorted by (seat, official)."""

    n_officials: int
    n_seats: int
    n_groups: int
    seat_group: IntArray
    seat_unit: IntArray  # dense index of the seat's unit (one_new_head_per_unit)
    seat_role: IntArray
    seat_incumbent: IntArray  # official index, or NO_ONE when empty today
    pair_official: IntArray
    pair_seat: IntArray
    pair_keep: BoolArray  # the official is the seat's incumbent
    pair_nonlocal: BoolArray
    pair_km: IntArray  # whole km home -> seat; charged on new placements only
    pair_score: IntArray  # preference score, charged on every holder
    pair_refused: IntArray  # Family bits that refuse this pair
    pair_forced: IntArray  # Family bits that force this pair into every plan
    targets: tuple[TargetRow, ...] = ()
    #: each entry: pair indices of which at most one may be chosen (two relatives in one unit)
    kinship: tuple[IntArray, ...] = ()
    max_changes_per_group: int = 0
    one_new_head_per_unit: bool = False
    allow_vacancies: bool = False
    weights: Weights = field(default_factory=Weights)
    #: per official: an incumbent whose release is charged (retirement date after as_of);
    #: None = nobody is charged. Releasing one costs ``weights.release``: the constant
    #: ``release`` per charged official, less ``release`` on every pair of theirs (section 5).
    official_release: BoolArray | None = None
    #: the tie-break of ``--keep-close-to`` (contract section 9), off when ``closeness_scale``
    #: is 0: per pair, -1 for the reference plan's holder of the seat, +1 for any holder of a
    #: seat the reference left empty, else 0. The objective becomes
    #: ``closeness_scale * cost + differing seats`` with ``closeness_scale`` above the number of
    #: seats, so least cost comes first and, among equal costs, fewest seats differing.
    pair_closeness: IntArray | None = None
    closeness_scale: int = 0

    def __post_init__(self) -> None:
        n = len(self.pair_official)
        if self.official_release is not None:
            if len(self.official_release) != self.n_officials:
                raise ValueError("official_release must have one entry per official")
            charged = np.flatnonzero(self.official_release)
            if not np.all(np.isin(charged, self.seat_incumbent)):
                raise ValueError("official_release may mark only incumbents")
        for name in (
            "pair_seat",
            "pair_keep",
            "pair_nonlocal",
            "pair_km",
            "pair_score",
            "pair_refused",
            "pair_forced",
        ):
            if len(getattr(self, name)) != n:
                raise ValueError(f"{name} has {len(getattr(self, name))} entries, expected {n}")
        if self.pair_closeness is not None and len(self.pair_closeness) != n:
            raise ValueError(f"pair_closeness has {len(self.pair_closeness)} entries, expected {n}")
        if self.closeness_scale and self.closeness_scale <= self.n_seats:
            raise ValueError("closeness_scale must exceed the number of seats")
        for name in ("seat_group", "seat_unit", "seat_role", "seat_incumbent"):
            if len(getattr(self, name)) != self.n_seats:
                raise ValueError(f"{name} must have one entry per seat")
        if n and (self.pair_official.min() < 0 or self.pair_official.max() >= self.n_officials):
            raise ValueError("pair_official out of range")
        if n and (self.pair_seat.min() < 0 or self.pair_seat.max() >= self.n_seats):
            raise ValueError("pair_seat out of range")
        order = self.pair_seat * max(self.n_officials, 1) + self.pair_official
        if n > 1 and not bool(np.all(np.diff(order) > 0)):
            raise ValueError("pairs must be unique and sorted by (seat, official)")
        expected_keep = self.seat_incumbent[self.pair_seat] == self.pair_official
        if not np.array_equal(expected_keep, self.pair_keep):
            raise ValueError("pair_keep must mark exactly the incumbents' own seats")

    @property
    def n_pairs(self) -> int:
        return len(self.pair_official)

    def admitted(self, enforced: Family = ALL) -> BoolArray:
        """Pairs that may be chosen when the ``enforced`` families hold."""
        return np.asarray((self.pair_refused & int(enforced)) == 0)

    def forced(self, enforced: Family = ALL) -> BoolArray:
        """Pairs that every plan must contain when the ``enforced`` families hold."""
        return np.asarray((self.pair_forced & int(enforced)) != 0)

    def charged(self) -> BoolArray:
        """Per official: is releasing them charged (see ``official_release``)."""
        if self.official_release is None:
            return np.zeros(self.n_officials, dtype=bool)
        return np.asarray(self.official_release, dtype=bool)

    def pair_cost(self) -> IntArray:
        """Cost of choosing each pair, excluding the vacancy term and the release constant
        (contract section 5): a charged incumbent's pairs each carry ``-release``, so that a
        plan placing them anywhere cancels the constant ``release`` they add."""
        w = self.weights
        new = ~self.pair_keep
        release = w.release * self.charged()[self.pair_official]
        return (
            new * (w.change + w.distance_km * self.pair_km)
            - w.preference * self.pair_score
            - release
        ).astype(np.int64)

    def pair_index(self, official: int, seat: int) -> int | None:
        """The index of a candidate pair, None when it is not a candidate."""
        lo, hi = np.searchsorted(self.pair_seat, [seat, seat + 1])
        pos = lo + int(np.searchsorted(self.pair_official[lo:hi], official))
        if pos < hi and self.pair_official[pos] == official:
            return int(pos)
        return None

    def pair_indices(self, officials: IntArray, seats: IntArray) -> IntArray:
        """:meth:`pair_index` of many (official, seat) at once, -1 where no candidate: one
        search over all pairs instead of a Python loop per seat (0.7 s on national-2023)."""
        officials = np.asarray(officials, dtype=np.int64)
        seats = np.asarray(seats, dtype=np.int64)
        width = max(self.n_officials, 1)
        keys = self.pair_seat * width + self.pair_official
        wanted = seats * width + officials
        pos = np.minimum(np.searchsorted(keys, wanted), max(len(keys) - 1, 0))
        found = (officials >= 0) & (len(keys) > 0)
        if len(keys):
            found &= keys[pos] == wanted
        return np.where(found, pos, -1).astype(np.int64)

    def assignment_pairs(self, assignment: IntArray) -> IntArray:
        """Pair indices of a seat -> official assignment; raises if a holder is no candidate."""
        assignment = np.asarray(assignment, dtype=np.int64)
        seats = np.flatnonzero(assignment != NO_ONE)
        pairs = self.pair_indices(assignment[seats], seats)
        missing = np.flatnonzero(pairs < 0)
        if len(missing):
            seat = int(seats[missing[0]])
            raise ValueError(f"official {assignment[seat]} is not a candidate for seat {seat}")
        return pairs
