"""Rows of the output tables (contract section 6), in the planners' terms.

Each plan becomes one row per seat (plans.csv), one row per group (groups.csv), one row per
released incumbent (released.csv) and one ranking row. Extra columns (names, Vietnamese role,
the reason for each move) are there so the committee can read the file without a lookup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

from models.instance import NO_ONE
from planner.domain.records import Official, Seat
from planner.domain.words import role_title
from planner.solve.plan import Plan
from planner.solve.problem import PlanningProblem

#: The columns of each output table: the contract's (section 6) first, then the project's
#: extras. This module owns them; the writer, the run-folder reader and the workbook use them.
PLAN_CONTRACT_COLUMNS = [
    "plan",
    "seat_id",
    "unit_id",
    "group_id",
    "role",
    "official_id",
    "previous_official_id",
    "changed",
    "nonlocal",
    "distance_km",
    "preference",
]
PLAN_COLUMNS = [
    *PLAN_CONTRACT_COLUMNS,
    "unit_name",
    "group_name",
    "role_vi",
    "official_name",
    "previous_official_name",
    "reason",
    "official_from",
]
RANKING_CONTRACT_COLUMNS = [
    "plan",
    "cost",
    "changes",
    "distance_km",
    "preference",
    "vacancies",
    "released",
    "status",
    "bound",
]
RANKING_COLUMNS = [*RANKING_CONTRACT_COLUMNS, "nonlocal", "differs_from_plan_1"]
GROUP_CONTRACT_COLUMNS = [
    "plan",
    "group_id",
    "seats",
    "nonlocal_before",
    "nonlocal_after",
    "required",
    "changes",
]
GROUP_COLUMNS = [*GROUP_CONTRACT_COLUMNS, "group_name", "ratio"]
#: per role with a ``target.roles`` ratio, groups.csv adds ``{role}_{suffix}`` columns
ROLE_GROUP_SUFFIXES = ("seats", "nonlocal_before", "nonlocal_after", "required")
RELEASED_CONTRACT_COLUMNS = ["plan", "official_id", "previous_seat_id", "reason"]

#: The columns a run folder must have for the report to read it back, by file.
CONTRACT_COLUMNS: Mapping[str, Sequence[str]] = MappingProxyType(
    {
        "plans.csv": PLAN_CONTRACT_COLUMNS,
        "ranking.csv": RANKING_CONTRACT_COLUMNS,
        "groups.csv": GROUP_CONTRACT_COLUMNS,
        "released.csv": RELEASED_CONTRACT_COLUMNS,
    }
)
#: Columns holding numbers (a workbook stores them as numbers), besides role group columns.
NUMERIC_COLUMNS = frozenset(
    {
        "plan",
        "cost",
        "changes",
        "distance_km",
        "preference",
        "vacancies",
        "nonlocal",
        "released",
        "differs_from_plan_1",
        "seats",
        "nonlocal_before",
        "nonlocal_after",
        "required",
        "changed",
        "ratio",
        "bound",
    }
)


def is_numeric_column(column: str) -> bool:
    """Whether ``column`` of an output table holds numbers (``secretary_seats`` does)."""
    return column in NUMERIC_COLUMNS or any(
        column.endswith(f"_{suffix}") for suffix in ROLE_GROUP_SUFFIXES
    )


RELEASED_COLUMNS = [*RELEASED_CONTRACT_COLUMNS, "official_name", "unit_name"]

#: released.csv ``reason`` values (contract section 6)
RELEASE_REASONS = ("retirement", "tenure", "displaced")


def release_reason(problem: PlanningProblem, official: int) -> str:
    """Why incumbent ``official`` (dense index) holds no seat: ``retirement`` when their
    retirement date is on or before as_of, else ``tenure`` at ``max_years_in_post``, else
    ``displaced``. Retirement wins over tenure when both apply: a retired official gets no other
    duties, and it is the one reason that carries no release cost (section 5)."""
    facts = problem.facts
    if facts.retired[official]:
        return "retirement"
    if facts.must_leave[official]:
        return "tenure"
    return "displaced"


@dataclass(frozen=True)
class Holding:
    """One seat in one plan, with what the tables and the summary need to know."""

    seat_index: int
    official: int  # dense index or NO_ONE
    previous: int
    changed: bool
    nonlocal_: bool | None
    distance_km: int
    preference: int


def holdings(problem: PlanningProblem, plan: Plan) -> list[Holding]:
    inst = problem.instance
    index = {oid: i for i, oid in enumerate(problem.official_ids)}
    holders = [plan.holders[seat.seat_id] for seat in problem.seats]
    officials = np.array([NO_ONE if h is None else index[h] for h in holders], dtype=np.int64)
    seats = np.arange(len(holders), dtype=np.int64)
    pairs = inst.pair_indices(officials, seats)  # one search for every seat
    out = []
    for s, (official, pair) in enumerate(zip(officials.tolist(), pairs.tolist(), strict=True)):
        previous = int(inst.seat_incumbent[s])
        if official == NO_ONE:
            out.append(Holding(s, NO_ONE, previous, False, None, 0, 0))
            continue
        if pair < 0:
            raise ValueError(f"{holders[s]} is not a candidate for seat {problem.seats[s].seat_id}")
        changed = official != previous
        out.append(
            Holding(
                s,
                official,
                previous,
                changed,
                bool(inst.pair_nonlocal[pair]),
                int(inst.pair_km[pair]) if changed else 0,
                int(inst.pair_score[pair]),
            )
        )
    return out


def nonlocal_today(problem: PlanningProblem) -> list[bool | None]:
    """Whether each seat's incumbent is non-local today (None for an empty seat)."""
    inst = problem.instance
    incumbents = np.asarray(inst.seat_incumbent, dtype=np.int64)
    pairs = inst.pair_indices(incumbents, np.arange(inst.n_seats, dtype=np.int64))
    return [
        None
        if incumbent == NO_ONE
        else bool(inst.pair_nonlocal[pair])
        if pair >= 0
        else _nonlocal_by_tree(problem, incumbent, s)  # no pair: the incumbent must leave
        for s, (incumbent, pair) in enumerate(zip(incumbents.tolist(), pairs.tolist(), strict=True))
    ]


def reason(problem: PlanningProblem, h: Holding) -> str:
    if not h.changed:
        return "" if h.official != NO_ONE else "vacancy"
    if h.previous == NO_ONE:
        return "vacant seat filled"
    facts = problem.facts
    incumbent = problem.officials[h.previous]
    if facts.retired[h.previous]:
        return "retirement"
    if facts.must_leave[h.previous]:
        return f"tenure limit ({incumbent.tenure_years:g} years)"
    today = nonlocal_today_single(problem, h.seat_index)
    if h.nonlocal_ and today is False:
        return "non-local target"
    return "rotation"


def nonlocal_today_single(problem: PlanningProblem, seat: int) -> bool | None:
    """Whether the seat's incumbent is non-local today (None for an empty seat).

    An incumbent who must leave (retirement, tenure) has no pair for the seat, so the answer
    comes from the tree then, not from the pair arrays.
    """
    inst = problem.instance
    incumbent = int(inst.seat_incumbent[seat])
    if incumbent == NO_ONE:
        return None
    pair = inst.pair_index(incumbent, seat)
    if pair is not None:
        return bool(inst.pair_nonlocal[pair])
    return _nonlocal_by_tree(problem, incumbent, seat)


def _nonlocal_by_tree(problem: PlanningProblem, official: int, seat: int) -> bool:
    """Non-local from the tree, for an incumbent with no pair for their own seat."""
    return not problem.tree.is_local(
        problem.officials[official].home_unit_ids,
        problem.seats[seat].unit_id,
        problem.scenario.rules.locality_level,
    )


def plan_rows(
    problem: PlanningProblem, plan: Plan, held: Sequence[Holding]
) -> list[dict[str, Any]]:
    tree = problem.tree
    seat_by_id = {s.seat_id: s for s in problem.dataset.seats}
    rows = []
    for h in held:
        seat = problem.seats[h.seat_index]
        group = problem.seat_group[h.seat_index]
        holder = problem.officials[h.official] if h.official != NO_ONE else None
        previous = problem.officials[h.previous] if h.previous != NO_ONE else None
        rows.append(
            {
                "plan": plan.rank,
                "seat_id": seat.seat_id,
                "unit_id": seat.unit_id,
                "group_id": group,
                "role": seat.role,
                "official_id": holder.official_id if holder else "",
                "previous_official_id": previous.official_id if previous else "",
                "changed": int(h.changed),
                "nonlocal": "" if h.nonlocal_ is None else int(h.nonlocal_),
                "distance_km": h.distance_km,
                "preference": h.preference,
                "unit_name": tree.name_of(seat.unit_id),
                "group_name": tree.name_of(group),
                "role_vi": role_title(seat.role, "vi"),
                "official_name": holder.name if holder else "",
                "previous_official_name": previous.name if previous else "",
                "reason": reason(problem, h),
                "official_from": origin(problem, holder, seat_by_id)
                if holder and h.changed
                else "",
            }
        )
    return rows


def origin(problem: PlanningProblem, official: Official, seats: Mapping[str, Seat]) -> str:
    """Where a newly placed official comes from: the seat they hold today, else the unit they
    work in (a deputy, a district cadre), in the words of the seat tables."""
    seat = seats.get(official.current_seat_id or "")
    if seat is not None:
        role = role_title(seat.role, "vi")  # a value of plans.csv: the same in every language
        return f"{role} {problem.tree.name_of(seat.unit_id)}"
    return problem.tree.name_of(official.current_unit_id or official.home_unit_id)


def released(problem: PlanningProblem, plan: Plan) -> list[dict[str, Any]]:
    """Incumbents who hold no seat in the plan (to be given other duties)."""
    holding = {o for o in plan.holders.values() if o is not None}
    incumbents = problem.incumbents
    by_id = {o.official_id: o for o in problem.officials}
    index = {oid: i for i, oid in enumerate(problem.official_ids)}
    rows = []
    for seat in problem.seats:
        incumbent = incumbents[seat.seat_id]
        if incumbent is not None and incumbent not in holding:
            rows.append(
                {
                    "plan": plan.rank,
                    "official_id": incumbent,
                    "previous_seat_id": seat.seat_id,
                    "reason": release_reason(problem, index[incumbent]),
                    "official_name": by_id[incumbent].name,
                    "unit_name": problem.tree.name_of(seat.unit_id),
                }
            )
    return rows


def group_rows(
    problem: PlanningProblem,
    plan: Plan,
    held: Sequence[Holding],
    before: Sequence[bool | None] | None = None,
) -> list[dict[str, Any]]:
    """groups.csv's rows of a plan; ``before`` is :func:`nonlocal_today` when the caller has it
    (the same for every plan of a run)."""
    before = nonlocal_today(problem) if before is None else before
    rows = []
    role_targets = [t for t in problem.targets if t.role is not None]
    seats_of: dict[str | None, list[int]] = {}
    for i, g in enumerate(problem.seat_group):
        seats_of.setdefault(g, []).append(i)
    for target in problem.targets:
        if target.role is not None:
            continue
        seats = seats_of.get(target.group_id, [])
        row: dict[str, Any] = {
            "plan": plan.rank,
            "group_id": target.group_id,
            "seats": len(seats),
            "nonlocal_before": sum(1 for i in seats if before[i]),
            "nonlocal_after": sum(1 for i in seats if held[i].nonlocal_),
            "required": target.required,
            "changes": sum(1 for i in seats if held[i].changed),
            "group_name": problem.tree.name_of(target.group_id),
            "ratio": target.ratio,
        }
        for rt in role_targets:
            if rt.group_id != target.group_id:
                continue
            role_seats = [i for i in seats if problem.seats[i].role == rt.role]
            row[f"{rt.role}_seats"] = len(role_seats)
            row[f"{rt.role}_nonlocal_before"] = sum(1 for i in role_seats if before[i])
            row[f"{rt.role}_nonlocal_after"] = sum(1 for i in role_seats if held[i].nonlocal_)
            row[f"{rt.role}_required"] = rt.required
        rows.append(row)
    return rows


def group_columns(problem: PlanningProblem) -> list[str]:
    extra = []
    for role in dict.fromkeys(t.role for t in problem.targets if t.role is not None):
        extra += [f"{role}_{suffix}" for suffix in ROLE_GROUP_SUFFIXES]
    return GROUP_COLUMNS + extra


def ranking_row(plan: Plan, held: Sequence[Holding], first: Plan) -> dict[str, Any]:
    """``released`` counts the incumbents charged in the cost's release part (section 6)."""
    return {
        "plan": plan.rank,
        "cost": plan.cost,
        "changes": plan.parts.changes,
        "distance_km": plan.parts.distance_km,
        "preference": plan.parts.preference,
        "vacancies": plan.parts.vacancies,
        "status": plan.status,
        "bound": "" if plan.bound is None else _number(plan.bound),
        "nonlocal": sum(1 for h in held if h.nonlocal_),
        "released": plan.parts.released,
        "differs_from_plan_1": plan.difference(first),
    }


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(float(value), 3)


def moves(problem: PlanningProblem, plan: Plan) -> list[tuple[str, str, str]]:
    """Plan moves as (who, from, to) for the terminal: "Nguyễn Văn An: Xã A → Xã B (role)"."""
    inst = problem.instance
    index = {oid: i for i, oid in enumerate(problem.official_ids)}
    out = []
    for s, seat in enumerate(problem.seats):
        holder_id = plan.holders[seat.seat_id]
        if holder_id is None or index[holder_id] == inst.seat_incumbent[s]:
            continue
        official = problem.officials[index[holder_id]]
        origin_seat = int(problem.facts.incumbent_seat[index[holder_id]])
        if origin_seat >= 0:
            o_seat = problem.seats[origin_seat]
            role = role_title(o_seat.role)
            origin = f"{role} {problem.tree.name_of(o_seat.unit_id)}"
        else:
            origin = problem.tree.name_of(official.current_unit_id or official.home_unit_id)
        target = f"{role_title(seat.role)} {problem.tree.name_of(seat.unit_id)}"
        out.append((f"{official.name} ({official.official_id})", origin, target))
    return out
