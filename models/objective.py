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

    def cost(self, w: Weights) -> int:
        return (
            w.change * self.changes
            + w.distance_km * self.distance_km
            - w.preference * self.preference
            + w.vacancy * self.vacancies
        )

    def __add__(self, other: CostParts) -> CostParts:
        return CostParts(
            self.changes + other.changes,
            self.distance_km + other.distance_km,
            self.preference + other.preference,
            self.vacancies + other.vacancies,
        )


def coefficients(instance: Instance, var_pair: IntArray) -> tuple[np.ndarray, float]:
    """Objective coefficients of the variables and the constant, vacancies folded in:
    ``vacancy * (n_seats - chosen)`` is the constant minus ``vacancy`` per chosen pair."""
    cost = instance.pair_cost()[var_pair] - instance.weights.vacancy
    return cost.astype(float), float(instance.weights.vacancy * instance.n_seats)


def parts(instance: Instance, assignment: IntArray) -> CostParts:
    pairs = instance.assignment_pairs(assignment)
    new = ~instance.pair_keep[pairs]
    return CostParts(
        changes=int(new.sum()),
        distance_km=int(instance.pair_km[pairs][new].sum()),
        preference=int(instance.pair_score[pairs].sum()),
        vacancies=int((assignment == NO_ONE).sum()),
    )
