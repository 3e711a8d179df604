"""Statutory retirement dates, so that "a full term left" can be checked at ``as_of``.

The roadmap of the Labour Code 2019 (Decree 135/2020) raises the age each calendar year; which
year's age applies is the subtle part, see :func:`retirement_date`.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Mapping
from datetime import date
from functools import lru_cache

ROADMAPS = ("vn-2019",)


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months; a day the target month lacks (31st, 29 Feb) becomes its last."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def vn_2019_age_months(gender: str, year: int) -> int:
    """The retirement age in months for someone reaching it in ``year`` (Decree 135/2020)."""
    if gender == "M":
        # 60y before 2021; 60y3m in 2021, +3 months a year; 62y from 2028 on
        return 720 if year < 2021 else min(723 + 3 * (year - 2021), 744)
    if gender == "F":
        # 55y before 2021; 55y4m in 2021, +4 months a year; 60y from 2035 on
        return 660 if year < 2021 else min(664 + 4 * (year - 2021), 720)
    raise ValueError(f"gender must be M or F, got {gender!r}")


def retirement_date(birth: date, gender: str, rule: str | Mapping[str, float]) -> date:
    """The day the official reaches retirement age under ``rule``.

    ``rule`` is "vn-2019" or fixed ages by gender in years, e.g. ``{"M": 62, "F": 60}``; a
    fractional age is rounded to the nearest whole month (62.5 → 62 years 6 months).

    Under "vn-2019" the age depends on the year in which it is reached, and the year depends on
    the age: the date is ``birth + age(Y)`` for the year ``Y`` in which that date falls. Let
    ``g(Y) = year(birth + age(Y)) - Y``. The age rises by at most 4 months a year, so when ``Y``
    rises by one, ``year(birth + age(Y))`` rises by 0 or 1 and ``g`` falls by 1 or stays: it
    is non-increasing in steps of one, positive for small ``Y`` and negative for large, so it
    reaches 0. It may be 0 for two consecutive years (born 30 Sep 1961: 60y3m falls on
    30 Dec 2021, 60y6m on 30 Mar 2022); the first is the one that applies, because on that day
    the official has reached the age that holds in that year. So: the smallest ``Y`` with
    ``g(Y) <= 0``, searched upwards from a year where the lowest possible age cannot yet be
    reached.
    """
    if rule == "vn-2019":
        return _vn_2019_date(birth, gender)
    if isinstance(rule, str):
        raise ValueError(f"unknown retirement roadmap {rule!r}; known: {', '.join(ROADMAPS)}")
    if gender not in rule:
        raise ValueError(f"no retirement age for gender {gender!r}")
    return add_months(birth, math.floor(rule[gender] * 12 + 0.5))


@lru_cache(maxsize=65536)  # the eligibility rules and the validator ask for every official
def _vn_2019_date(birth: date, gender: str) -> date:
    """:func:`retirement_date` under "vn-2019" (the search its docstring explains)."""
    lowest = vn_2019_age_months(gender, 2000) // 12
    for year in range(birth.year + lowest, birth.year + lowest + 100):
        reached = add_months(birth, vn_2019_age_months(gender, year))
        if reached.year <= year:
            return reached
    raise AssertionError("unreachable: g(Y) reaches 0 within a few years")  # pragma: no cover


def years_to_retirement(
    birth: date, gender: str, rule: str | Mapping[str, float], as_of: date
) -> float:
    """Years from ``as_of`` to the retirement date (days / 365.25); negative once past it."""
    return (retirement_date(birth, gender, rule) - as_of).days / 365.25
