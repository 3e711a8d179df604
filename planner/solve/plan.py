"""A ranked plan in the planners' terms: who holds which seat, what it costs, how sure we are.

This is the single place where dense indices are mapped back to external ids
(:func:`plan_from_assignment`); everything downstream (validator, export, report, compare) works
on seat and official ids only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from models.instance import NO_ONE, IntArray
from models.objective import CostParts


@dataclass(frozen=True)
class Plan:
    """One plan. ``holders`` has every seat in scope, in seat order; None marks a vacancy.

    ``status`` is ``OPTIMAL`` when the plan is proven least-cost under its conditions (for plan
    k+1: among plans that differ enough from plans 1..k), else ``FEASIBLE`` with ``bound`` the
    best proven lower bound on that least cost.
    """

    rank: int
    holders: Mapping[str, str | None]
    status: str
    cost: int
    parts: CostParts
    bound: float | None = None

    def moved_in(self, incumbents: Mapping[str, str | None]) -> dict[str, str]:
        """Seats whose holder differs from today's incumbent and is not empty: the changes."""
        return {
            seat: holder
            for seat, holder in self.holders.items()
            if holder is not None and holder != incumbents.get(seat)
        }

    def difference(self, other: Plan) -> int:
        """Seats whose holders differ between two plans (both empty counts as the same)."""
        return sum(1 for seat, holder in self.holders.items() if other.holders.get(seat) != holder)


def plan_from_assignment(
    rank: int,
    assignment: IntArray,
    seat_ids: tuple[str, ...],
    official_ids: tuple[str, ...],
    status: str,
    cost: int,
    parts: CostParts,
    bound: float | None,
) -> Plan:
    holders = {
        seat_ids[s]: (official_ids[int(o)] if o != NO_ONE else None)
        for s, o in enumerate(assignment)
    }
    return Plan(
        rank=rank,
        holders=MappingProxyType(holders),
        status=status,
        cost=cost,
        parts=parts,
        bound=bound,
    )
