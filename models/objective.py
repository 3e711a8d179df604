"""The cost of a plan as a weighted sum of named parts (contract section 5).

``parts`` recomputes the parts from an assignment with plain numpy, independent of any solver;
the planner's validator recomputes them once more from the domain data, and the tests check that
the solver's objective, these parts and the validator agree.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    chosen (an official holds at most one seat, so that is 0 or 1 pair)."""
    w = instance.weights
    cost = instance.pair_cost()[var_pair] - w.vacancy
    constant = w.vacancy * instance.n_seats + w.release * int(instance.charged().sum())
    return cost.astype(float), float(constant)


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
