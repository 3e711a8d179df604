"""What an explanation found, in planners' terms, and its ``infeasibility.json`` form.

Everything here is plain data with ids and names already resolved, so that the text, the JSON
file and the tests read the same facts and none of them needs the optimizer or dense indices.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from models.families import Family
from planner.domain.targets import required_count

#: Order in which conflicting families are listed: the target first (it is what the planner
#: asked for), then the rules a scenario key can change, then the facts of the data.
DISPLAY_ORDER: tuple[Family, ...] = (
    Family.TARGET,
    Family.SEAT_FILLED,
    Family.TENURE,
    Family.CROSS_GROUP,
    Family.BATCH_CAP,
    Family.ONE_NEW_HEAD,
    Family.KINSHIP,
    Family.PIN,
    Family.DISTANCE,
    Family.PLANNING,
    Family.QUALIFICATION,
    Family.RETIREMENT,
    Family.DISCIPLINE,
    Family.LOCALITY,
    Family.ONE_SEAT,
)


def families_in_order(mask: Family | int) -> tuple[Family, ...]:
    return tuple(f for f in DISPLAY_ORDER if int(mask) & int(f))


def highest_target(reachable: int, seats: int) -> float:
    """The highest two-decimal ratio whose required count (reckoned exactly, contract rule 5)
    is still within ``reachable``: what a planner would type as a new target."""
    if seats <= 0:
        return 1.0
    hundredths = min(100, (100 * reachable) // seats)
    while hundredths > 0 and required_count(hundredths / 100, seats) > reachable:
        hundredths -= 1  # never taken with exact arithmetic; kept as a guard
    return hundredths / 100


@dataclass(frozen=True)
class Reach:
    """One target (a group, or a group-role pair) and the most non-locals it can have.

    ``max_reachable`` is the optimum over plans that keep every rule but the targets; when time
    ran out it is the solver's proven upper bound (``proven`` False, ``best_found`` the best
    plan's count). None when no plan exists even without targets in the part holding it.
    The three counts are simple facts that bound it from above and say why it is low.
    """

    group_id: str
    name: str
    role: str | None
    seats: int
    ratio: float
    required: int
    max_reachable: int | None
    best_found: int | None = None
    proven: bool = True
    local_must_stay: int = 0  # seats whose local incumbent must stay (tenure) or is pinned
    no_nonlocal_candidate: int = 0  # other seats no non-local may take
    nonlocal_candidates: int = 0  # distinct non-locals who may take at least one of the seats
    shared: bool = False  # shares officials with another target: maxima may not all coexist

    @property
    def short(self) -> bool:
        """Cannot reach its target: proven (an upper bound below the requirement suffices)."""
        return self.max_reachable is not None and self.max_reachable < self.required

    @property
    def max_ratio(self) -> float | None:
        if self.max_reachable is None or self.seats == 0:
            return None
        return float(Fraction(self.max_reachable, self.seats))

    @property
    def highest_target(self) -> float | None:
        if self.max_reachable is None:
            return None
        return highest_target(self.max_reachable, self.seats)

    def to_json(self) -> dict[str, Any]:
        ratio = self.max_ratio
        return {
            "group_id": self.group_id,
            "role": self.role,
            "seats": self.seats,
            "required": self.required,
            "max_reachable": self.max_reachable,
            "name": self.name,
            "ratio": self.ratio,
            "proven": self.proven,
            "best_found": self.best_found,
            "max_ratio": None if ratio is None else round(ratio, 4),
            "highest_target": self.highest_target,
            "local_must_stay": self.local_must_stay,
            "no_nonlocal_candidate": self.no_nonlocal_candidate,
            "nonlocal_candidates": self.nonlocal_candidates,
            "shared": self.shared,
        }


@dataclass(frozen=True)
class Conflict:
    """Rule families that together leave no plan for these groups (one independent part).

    Minimal at family granularity for these groups: relaxing any one of them gives them a plan
    (``minimal`` False when a check ran out of time, or could only look at these groups while
    cross-group moves were relaxed; the family was then kept, so the conflict stays sound).
    """

    group_ids: tuple[str, ...]
    families: tuple[Family, ...]
    minimal: bool = True
    timed_out: bool = False  # why not minimal: time ran out (else: see ``solving.EXACT_PAIRS``)

    def to_json(self) -> dict[str, Any]:
        return {
            "group_ids": list(self.group_ids),
            "conflicts": [f.label for f in self.families],
            "minimal": self.minimal,
        }


@dataclass(frozen=True)
class DataCause:
    """A fact of the data, found without the optimizer, that rules out every plan by itself."""

    kind: str
    message: str
    group_id: str | None = None
    families: tuple[Family, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "group_id": self.group_id,
            "families": [f.label for f in self.families],
            "message": self.message,
            **dict(self.details),
        }


@dataclass(frozen=True)
class Lever:
    """A scenario change a planner could make, and what solving again with it gave.

    ``outcome``: ``plan`` (cost etc. set), ``no_plan``, ``unknown`` (time ran out first) or
    ``not_checked`` (no time was left to try it).
    """

    options: tuple[str, ...]  # command-line options, e.g. ("--target", "TT=0.56")
    settings: Mapping[str, Any]  # dotted scenario key -> value
    families: tuple[Family, ...]
    outcome: str
    cost: int | None = None
    changes: int | None = None
    vacancies: int | None = None
    proven: bool = False

    @property
    def command_line(self) -> str:
        return " ".join(self.options)

    def to_json(self) -> dict[str, Any]:
        return {
            "options": self.command_line,
            "settings": dict(self.settings),
            "families": [f.label for f in self.families],
            "outcome": self.outcome,
            "cost": self.cost,
            "changes": self.changes,
            "vacancies": self.vacancies,
            "proven_optimal": self.proven,
        }


@dataclass(frozen=True)
class Explanation:
    """Why a scenario has no plan (or how much room it has when it does).

    ``status`` is ``infeasible``, ``feasible``, or ``unknown`` when time ran out before either
    was proven. ``reach`` covers every target; :attr:`groups` is the contract's list of those
    that cannot be reached.
    """

    scenario: str
    status: str
    reach: tuple[Reach, ...]
    conflicts: tuple[Conflict, ...] = ()
    causes: tuple[DataCause, ...] = ()
    levers: tuple[Lever, ...] = ()
    complete: bool = True
    notes: tuple[str, ...] = ()
    seconds: float = 0.0

    @property
    def groups(self) -> tuple[Reach, ...]:
        return tuple(r for r in self.reach if r.short)

    @property
    def unplannable(self) -> tuple[Reach, ...]:
        """Targets with no maximum because their part has no plan even without targets."""
        return tuple(r for r in self.reach if r.max_reachable is None)

    @property
    def conflict_families(self) -> tuple[Family, ...]:
        mask = 0
        for conflict in self.conflicts:
            for family in conflict.families:
                mask |= int(family)
        return families_in_order(mask)

    def to_json(self) -> dict[str, Any]:
        """The ``infeasibility.json`` object (contract section 7), with extra keys after."""
        return {
            "status": self.status,
            "groups": [r.to_json() for r in self.groups],
            "conflicts": [f.label for f in self.conflict_families],
            "scenario": self.scenario,
            "complete": self.complete,
            "unplannable_groups": sorted({r.group_id for r in self.unplannable}),
            "conflicts_by_group": [c.to_json() for c in self.conflicts],
            "data_causes": [c.to_json() for c in self.causes],
            "levers": [lever.to_json() for lever in self.levers],
            "headroom": [r.to_json() for r in self.reach],
            "notes": list(self.notes),
            "seconds": round(self.seconds, 3),
        }
