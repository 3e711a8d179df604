"""The roll-forward of the state between batches (contract section 10), as pure functions.

The data describe the state on ``as_of``. Before each batch the state *ages* to the batch's
date (every ``years_in_post``, and ``years_in_unit`` where given, grows by days / 365.25);
after a batch's plan the plan is *applied*: a newly placed official holds the new seat with
0 years in post (0 years in the unit too, unless the new seat is in the unit of the seat they
held at the batch's start: then that count goes on), a released incumbent holds no seat,
works in the unit of the seat they left and stays a candidate; nothing else changes.

Years are rounded to :data:`DECIMALS` decimals at every step and written with that many, so
the state a batch folder holds on disk and the state the joint model reasoned on are the same
numbers (:func:`grown` is the one place where years grow; the model calls it too).
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from planner.domain.records import Official

YEAR_DAYS = 365.25
#: decimals kept (and written) for years; the contract asks for at least 4
DECIMALS = 6


def grown(years: float, start: date, end: date) -> float:
    """``years`` after the time from ``start`` to ``end`` (days / 365.25), rounded."""
    return round(years + (end - start).days / YEAR_DAYS, DECIMALS)


def grown_along(years: float, dates: Sequence[date]) -> float:
    """``years`` grown step by step along ``dates`` (the batch dates in between), exactly as
    the roll-forward grows them batch after batch."""
    for start, end in itertools.pairwise(dates):
        years = grown(years, start, end)
    return years


def years_in_unit(official: Official) -> float | None:
    """The official's ``years_in_unit`` when the data give it (the column is optional)."""
    return None if official.years_in_unit is None else float(official.years_in_unit)


def carries_years_in_unit(officials: Sequence[Official]) -> bool:
    """Whether the data give ``years_in_unit`` (then the roll-forward keeps it for everyone)."""
    return any(years_in_unit(o) is not None for o in officials)


def _with(official: Official, **changes: Any) -> Official:
    """``dataclasses.replace`` that drops fields the record does not have (``years_in_unit``
    on a branch without it)."""
    names = {f.name for f in dataclasses.fields(official)}
    kept: dict[str, Any] = {k: v for k, v in changes.items() if k in names}
    return dataclasses.replace(official, **kept)


def age(officials: Sequence[Official], start: date, end: date) -> tuple[Official, ...]:
    """Every official ``end - start`` older in post (and in unit, where given)."""
    if end < start:
        raise ValueError(f"cannot roll back from {start} to {end}")
    out = []
    for o in officials:
        unit_years = years_in_unit(o)
        out.append(
            _with(
                o,
                years_in_post=grown(o.years_in_post, start, end),
                years_in_unit=None if unit_years is None else grown(unit_years, start, end),
            )
        )
    return tuple(out)


def apply_plan(
    officials: Sequence[Official],
    seat_unit: Mapping[str, str],
    holders: Mapping[str, str | None],
) -> tuple[Official, ...]:
    """The state right after a batch whose plan gives ``holders`` (seat id -> official id or
    None, every seat in the batch's scope); ``seat_unit`` maps every seat id to its unit."""
    placed = {o: s for s, o in holders.items() if o is not None}
    if len(placed) != sum(1 for o in holders.values() if o is not None):
        raise ValueError("an official holds two seats in the plan")
    carry_unit = carries_years_in_unit(officials)
    out = []
    for o in officials:
        now = o.current_seat_id
        new_seat = placed.get(o.official_id)
        if new_seat is not None and new_seat != now:
            same_unit = now is not None and seat_unit[now] == seat_unit[new_seat]
            if same_unit:
                before = years_in_unit(o)
                unit_years: float | None = o.years_in_post if before is None else before
            else:
                unit_years = 0.0
            out.append(
                _with(
                    o,
                    current_seat_id=new_seat,
                    current_unit_id=seat_unit[new_seat],
                    years_in_post=0.0,
                    years_in_unit=unit_years if carry_unit else None,
                )
            )
        elif new_seat is None and now is not None and now in holders:
            # released: no seat, works in the unit of the seat they left, still a candidate
            out.append(_with(o, current_seat_id=None, current_unit_id=seat_unit[now]))
        else:
            out.append(o)
    return tuple(out)


def roll_forward(
    officials: Sequence[Official],
    seat_unit: Mapping[str, str],
    holders: Mapping[str, str | None],
    batch_date: date,
    next_date: date,
) -> tuple[Official, ...]:
    """The state on ``next_date`` after the plan of the batch on ``batch_date``."""
    return age(apply_plan(officials, seat_unit, holders), batch_date, next_date)
