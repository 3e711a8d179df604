"""Problem data as the planner's staff know it: units, seats, officials, relations, wishes.

Everything here carries the external ids of the spreadsheets and the spreadsheet row it came
from, so that any later message can point back at the cell. The objects are frozen and checked
when built; the optimisation layer never sees them (see :mod:`planner.solve.problem`, which
maps them to dense indices once).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

GENDERS = ("M", "F")
#: ``units.status``: a former unit was abolished by a merger and holds no seat (contract s. 1)
UNIT_STATUSES = ("current", "former")


@dataclass(frozen=True)
class Unit:
    unit_id: str
    name: str
    level: str
    parent_id: str | None
    lat: float | None = None
    lon: float | None = None
    row: int = 0
    #: "current" or "former" (abolished by a merger; stays in the tree so natives are known)
    status: str = "current"
    #: for a former unit split between several units: the others that took a part of it
    also_merged_into: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.status not in UNIT_STATUSES:
            raise ValueError(f"status must be current or former, got {self.status!r}")

    @property
    def former(self) -> bool:
        return self.status == "former"


@dataclass(frozen=True)
class Road:
    """An undirected road link of ``km`` kilometres between two units (adjacency.csv)."""

    unit_a: str
    unit_b: str
    km: float
    row: int = 0

    def __post_init__(self) -> None:
        if not self.km > 0:
            raise ValueError(f"road length must be > 0 km, got {self.km}")


@dataclass(frozen=True)
class Seat:
    """A leadership post. Minimum levels are ranks on :mod:`planner.domain.levels` scales
    (0 = none)."""

    seat_id: str
    unit_id: str
    role: str
    min_political_theory: int = 0
    min_education: int = 0
    required_tags: frozenset[str] = frozenset()
    row: int = 0


@dataclass(frozen=True)
class Official:
    """A person who holds a seat today or is a candidate for one.

    ``home_unit_ids`` is every unit that makes them local (home unit first, then the others);
    qualification levels are ranks on :mod:`planner.domain.levels` scales.
    """

    official_id: str
    name: str
    gender: str
    birth_date: date
    home_unit_id: str
    other_home_unit_ids: tuple[str, ...] = ()
    current_seat_id: str | None = None
    current_unit_id: str | None = None
    years_in_post: float = 0.0
    political_theory: int = 0
    education: int = 0
    planned_roles: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    disciplined: bool = False
    row: int = 0
    #: years heading the unit of the current seat, across seats; None when not given
    years_in_unit: float | None = None

    def __post_init__(self) -> None:
        if self.gender not in GENDERS:
            raise ValueError(f"gender must be M or F, got {self.gender!r}")
        if self.years_in_post < 0:
            raise ValueError(f"years_in_post must be >= 0, got {self.years_in_post}")
        if self.years_in_unit is not None and self.years_in_unit < 0:
            raise ValueError(f"years_in_unit must be >= 0, got {self.years_in_unit}")

    @property
    def tenure_years(self) -> float:
        """The years ``max_years_in_post`` is reckoned on (rule 3): ``years_in_unit`` where
        given, else ``years_in_post``."""
        return self.years_in_post if self.years_in_unit is None else self.years_in_unit

    @property
    def home_unit_ids(self) -> tuple[str, ...]:
        return (self.home_unit_id, *self.other_home_unit_ids)


@dataclass(frozen=True)
class Relation:
    official_a: str
    official_b: str
    kind: str
    row: int = 0


@dataclass(frozen=True)
class Preference:
    """A wish or a judgement of fit: integer score in -10..10 for a seat in ``unit_id``."""

    official_id: str
    unit_id: str
    score: int
    row: int = 0

    def __post_init__(self) -> None:
        if not -10 <= self.score <= 10:
            raise ValueError(f"score must be between -10 and 10, got {self.score}")


@dataclass(frozen=True)
class Dataset:
    """One data folder, read and cross-checked (ids resolve, no duplicates, no cycles).

    ``files`` maps each CSV file actually read to its path, so a run can record their hashes.
    ``roads`` is None when there is no adjacency.csv (distances then come from lat/lon).
    """

    folder: Path
    units: tuple[Unit, ...]
    seats: tuple[Seat, ...]
    officials: tuple[Official, ...]
    relations: tuple[Relation, ...] = ()
    preferences: tuple[Preference, ...] = ()
    roads: tuple[Road, ...] | None = None
    files: dict[str, Path] = field(default_factory=dict)
    #: how the reader read the data, e.g. which date form or decimal mark a column used
    notes: tuple[str, ...] = ()
