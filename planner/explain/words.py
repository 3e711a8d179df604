"""How an explanation names things: rule families in plain words, seats, people and ratios.

Messages are read by an Organization Committee, not by programmers: a family is named by what
the rule says with the scenario's own numbers, and units keep their Vietnamese names.
"""

from __future__ import annotations

from fractions import Fraction

from models.families import Family
from planner.domain.words import level_word, role_title, rule_name
from planner.i18n import _
from planner.solve.problem import PlanningProblem


def family_phrase(family: Family, problem: PlanningProblem) -> str:
    """The rule behind a family, with this scenario's settings, e.g. ``tenure (...)``."""
    r = problem.scenario.rules
    level = level_word(problem.scenario.target.level)
    words = {
        Family.PLANNING: _("a new holder must have the seat's role on their planning list"),
        Family.QUALIFICATION: _(
            "a new holder must meet the seat's minimum political theory, education and tags"
        ),
        Family.DISCIPLINE: _("nobody under disciplinary measures is newly appointed"),
        Family.LOCALITY: _("nobody is newly posted to their own {level}").format(
            level=level_word(r.locality_level)
        ),
        Family.RETIREMENT: _("a new holder needs {years} years or more before retirement").format(
            years=_num(r.min_years_to_retirement)
        ),
        Family.DISTANCE: _("a new holder lives at most {km} km away").format(
            km=_num(r.max_distance_km)
        ),
        Family.CROSS_GROUP: _(
            "officials stay in the {level} they work in (cross-group moves are off)"
        ).format(level=level),
        Family.TENURE: _(
            "under {min} years in post an incumbent must stay; at {max} years or more they "
            "must leave"
        ).format(min=_num(r.min_years_before_move), max=_num(r.max_years_in_post)),
        Family.PIN: _("the committee's pins (keep / forbid)"),
        Family.SEAT_FILLED: _("every seat must be filled (vacancies are not allowed)"),
        Family.ONE_SEAT: _("an official holds at most one seat"),
        Family.TARGET: _("the non-local targets per {level}").format(level=level),
        Family.KINSHIP: _("relatives may not both hold seats inside one {level}").format(
            level=level_word(r.kinship_level)
        ),
        Family.BATCH_CAP: _("at most {cap} changes per {level} in this batch").format(
            cap=r.max_changes_per_group, level=level
        ),
        Family.ONE_NEW_HEAD: _("at most one new head per unit in this batch"),
    }
    name = rule_name(family.label)
    return f"{name}: {words[family]}" if family in words else name


def short_phrase(family: Family, problem: PlanningProblem) -> str:
    """The words of :func:`family_phrase` without the label (inside sentences)."""
    return family_phrase(family, problem).split(": ", 1)[-1]


def seat_name(problem: PlanningProblem, seat: int) -> str:
    s = problem.seats[seat]
    return _("seat {seat} ({role}, {unit})").format(
        seat=s.seat_id, role=role_title(s.role), unit=problem.tree.name_of(s.unit_id)
    )


def official_name(problem: PlanningProblem, official: int) -> str:
    o = problem.officials[official]
    return f"{o.name} ({o.official_id})"


def role_seats(role: str) -> str:
    return _("{role} seats").format(role=role_title(role))


def percent(ratio: float) -> str:
    """``0.6`` -> ``60%``; read as the decimal it was written as (no 60.00000000000001%)."""
    value = Fraction(str(ratio)) * 100
    return f"{float(round(value, 2)):g}%"


def _num(value: float) -> str:
    return f"{value:g}"
