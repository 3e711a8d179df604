"""How an explanation names things: rule families in plain words, seats, people and ratios.

Messages are read by an Organization Committee, not by programmers: a family is named by what
the rule says with the scenario's own numbers, and units keep their Vietnamese names.
"""

from __future__ import annotations

from fractions import Fraction

from models.families import Family
from planner.solve.problem import PlanningProblem


def family_phrase(family: Family, problem: PlanningProblem) -> str:
    """The rule behind a family, with this scenario's settings, e.g. ``tenure (...)``."""
    r = problem.scenario.rules
    level = problem.scenario.target.level
    words = {
        Family.PLANNING: "a new holder must have the seat's role on their planning list",
        Family.QUALIFICATION: "a new holder must meet the seat's minimum political theory, "
        "education and tags",
        Family.DISCIPLINE: "nobody under disciplinary measures is newly appointed",
        Family.LOCALITY: f"nobody is newly posted to their own {r.locality_level}",
        Family.RETIREMENT: f"a new holder needs {_num(r.min_years_to_retirement)} years or more "
        "before retirement",
        Family.DISTANCE: f"a new holder lives at most {_num(r.max_distance_km)} km away",
        Family.CROSS_GROUP: f"officials stay in the {level} they work in "
        "(cross-group moves are off)",
        Family.TENURE: f"under {_num(r.min_years_before_move)} years in post an incumbent must "
        f"stay; at {_num(r.max_years_in_post)} years or more they must leave",
        Family.PIN: "the committee's pins (keep / forbid)",
        Family.SEAT_FILLED: "every seat must be filled (vacancies are not allowed)",
        Family.ONE_SEAT: "an official holds at most one seat",
        Family.TARGET: f"the non-local targets per {level}",
        Family.KINSHIP: f"relatives may not both hold seats inside one {r.kinship_level}",
        Family.BATCH_CAP: f"at most {r.max_changes_per_group} changes per {level} in this batch",
        Family.ONE_NEW_HEAD: "at most one new head per unit in this batch",
    }
    return f"{family.label}: {words[family]}" if family in words else family.label


def short_phrase(family: Family, problem: PlanningProblem) -> str:
    """The words of :func:`family_phrase` without the label (inside sentences)."""
    return family_phrase(family, problem).split(": ", 1)[-1]


def seat_name(problem: PlanningProblem, seat: int) -> str:
    s = problem.seats[seat]
    return f"seat {s.seat_id} ({s.role}, {problem.tree.name_of(s.unit_id)})"


def official_name(problem: PlanningProblem, official: int) -> str:
    o = problem.officials[official]
    return f"{o.name} ({o.official_id})"


def role_seats(role: str) -> str:
    return f"{role} seats"


def count(n: int, thing: str, things: str | None = None) -> str:
    """``1 seat``, ``3 seats``."""
    return f"{n} {thing if n == 1 else (things or thing + 's')}"


def percent(ratio: float) -> str:
    """``0.6`` -> ``60%``; read as the decimal it was written as (no 60.00000000000001%)."""
    value = Fraction(str(ratio)) * 100
    return f"{float(round(value, 2)):g}%"


def _num(value: float) -> str:
    return f"{value:g}"
