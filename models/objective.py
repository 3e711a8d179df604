"""The cost of a plan as a weighted sum of named parts (contract section 5).

``parts`` recomputes the parts from an assignment with plain numpy, independent of any solver;
the planner's validator recomputes them once more from the domain data, and the tests check that
the solver's objective, these parts and the validator agree.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from models.instance import NO_ONE, Instance, IntArray, Weights


@dataclass(frozen=True)
class CostParts:
    changes: int
    distance_km: int
    preference: int  # sum of the holders' scores (subtracted in the cost)
    vacancies: int
    #: incumbents holding no seat in the plan whose retirement date is after as_of
    released: int = 0

    def cost(self, w: Weights) -> int:
        return (
            w.change * self.changes
            + w.distance_km * self.distance_km
            - w.preference * self.preference
            + w.vacancy * self.vacancies
            + w.release * self.released
        )

    def __add__(self, other: CostParts) -> CostParts:
        return CostParts(
            self.changes + other.changes,
            self.distance_km + other.distance_km,
            self.preference + other.preference,
            self.vacancies + other.vacancies,
            self.released + other.released,
        )


def coefficients(instance: Instance, var_pair: IntArray) -> tuple[np.ndarray, float]:
    """Objective coefficients of the variables and the constant, vacancies folded in:
    ``vacancy * (n_seats - chosen)`` is the constant minus ``vacancy`` per chosen pair; the
    release part likewise, ``release`` per charged incumbent less ``release`` per pair of theirs
    chosen (an official holds at most one seat, so that is 0 or 1 pair).

    With a closeness tie-break (``instance.closeness_scale``) the objective is
    ``scale * cost + differing``, where ``differing`` counts the seats whose holder is not the
    reference's: 1 - x(reference pair) for a seat whose reference holder is a candidate, the
    seat's filled count for a seat the reference left empty, and 0 (a constant left out) for a
    seat whose reference holder is no candidate. All integers, so the order is exact.
    """
    w = instance.weights
    cost = instance.pair_cost()[var_pair] - w.vacancy
    offset = w.vacancy * instance.n_seats + w.release * int(instance.charged().sum())
    scale = instance.closeness_scale
    if scale and instance.pair_closeness is not None:
        closeness = instance.pair_closeness
        cost = scale * cost + closeness[var_pair]
        offset = scale * offset + int((closeness < 0).sum())
    return cost.astype(float), float(offset)


def split_scaled(instance: Instance, value: float) -> tuple[int, int]:
    """``(cost, differing seats)`` of an objective value of :func:`coefficients`."""
    scale = instance.closeness_scale
    whole = round(value)
    if not scale:
        return whole, 0
    return whole // scale, whole % scale


#: in a reference assignment: a seat the reference plan says nothing about (no tie-break there)
NOT_COVERED = -2


def differing(reference: IntArray, assignment: IntArray) -> int:
    """Seats whose holder differs from the reference's (seats it does not cover never count)."""
    covered = reference != NOT_COVERED
    return int((reference[covered] != assignment[covered]).sum())


def with_closeness(instance: Instance, reference: IntArray) -> Instance:
    """``instance`` whose objective breaks cost ties by closeness to ``reference`` (an official
    per seat, ``NO_ONE`` for a seat it leaves empty, ``NOT_COVERED`` for a seat it does not
    name): among plans of least cost, those with fewest seats differing from it come first."""
    if len(reference) != instance.n_seats:
        raise ValueError("the reference must name one holder (or none) per seat")
    held = reference[instance.pair_seat]
    closeness = np.where(held == instance.pair_official, -1, 0)
    closeness = np.where(held == NO_ONE, 1, closeness).astype(np.int64)
    return replace(instance, pair_closeness=closeness, closeness_scale=instance.n_seats + 1)


def parts(instance: Instance, assignment: IntArray) -> CostParts:
    pairs = instance.assignment_pairs(assignment)
    new = ~instance.pair_keep[pairs]
    placed = np.zeros(instance.n_officials, dtype=bool)
    placed[assignment[assignment != NO_ONE]] = True
    return CostParts(
        changes=int(new.sum()),
        distance_km=int(instance.pair_km[pairs][new].sum()),
        preference=int(instance.pair_score[pairs].sum()),
        vacancies=int((assignment == NO_ONE).sum()),
        released=int((instance.charged() & ~placed).sum()),
    )
