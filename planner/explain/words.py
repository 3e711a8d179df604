"""How an explanation names things: rule families in plain words, seats, people and ratios.

Messages are read by an Organization Committee, not by programmers: a family is named by what
the rule says with the scenario's own numbers, and units keep their Vietnamese names.
"""

from __future__ import annotations

from fractions import Fraction

from models.families import Family
from planner.problem import PlanningProblem


def family_phrase(family: Family, problem: PlanningProblem) -> str:
    """The rule behind a family, with this scenario's settings, e.g. ``tenure (...)``."""
    r = problem.scenario.rules
    words = {
        Family.PLANNING: "the planning list (the seat's role must be on it)",
        Family.QUALIFICATION: "the seat's minimum political theory, education and tags",
        Family.DISCIPLINE: "discipline (no new appointment under disciplinary measures)",
        Family.LOCALITY: "locality (nobody is newly posted to their own "
                         f"{r.locality_level})",
        Family.RETIREMENT: f"retirement (at least {_num(r.min_years_to_retirement)} years "
                           "left to serve)",
        Family.DISTANCE: f"distance (at most {_num(r.max_distance_km)} km from home)",
        Family.CROSS_GROUP: "cross-group moves being off (officials stay in their "
                            f"{problem.scenario.target.level})",
        Family.TENURE: f"tenure (under {_num(r.min_years_before_move)} years in post: must "
                       f"stay; {_num(r.max_years_in_post)} years or more: must leave)",
        Family.PIN: "the committee's pins",
        Family.SEAT_FILLED: "every seat filled (vacancies are not allowed)",
        Family.ONE_SEAT: "one seat per official",
        Family.TARGET: "the non-local targets",
        Family.KINSHIP: f"kinship (relatives not both inside one {r.kinship_level})",
        Family.BATCH_CAP: f"at most {r.max_changes_per_group} changes per "
                          f"{problem.scenario.target.level}",
        Family.ONE_NEW_HEAD: "at most one new head per unit",
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


def percent(ratio: float) -> str:
    """``0.6`` -> ``60%``; read as the decimal it was written as (no 60.00000000000001%)."""
    value = Fraction(str(ratio)) * 100
    return f"{float(round(value, 2)):g}%"


def _num(value: float) -> str:
    return f"{value:g}"
