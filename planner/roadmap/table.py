"""The scenario's ``[roadmap]`` table (contract section 10), checked key by key.

``batches`` are the batch dates, strictly increasing, none before ``as_of``; ``ramp`` is
``"linear"`` (default: intermediate batches climb from today's count to the final one) or
``"none"`` (only the last batch must meet the targets).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from planner.i18n import _

RAMPS = ("linear", "none")


@dataclass(frozen=True)
class Roadmap:
    batches: tuple[date, ...]
    ramp: str = "linear"

    def __post_init__(self) -> None:
        if not self.batches:
            raise ValueError("a roadmap needs at least one batch date")
        if any(b <= a for a, b in zip(self.batches, self.batches[1:], strict=False)):
            raise ValueError("batch dates must be strictly increasing")
        if self.ramp not in RAMPS:
            raise ValueError(f"ramp must be one of {RAMPS}, got {self.ramp!r}")

    @property
    def count(self) -> int:
        return len(self.batches)


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def parse_roadmap(raw: Any, as_of: date | None, fail: Callable[[str, str], None]) -> Roadmap | None:
    """The checked table, or None when the scenario has no batches; ``fail(key, message)``
    records each problem with its dotted scenario key."""
    if not isinstance(raw, dict):
        fail("roadmap", _("{value} must be a table of settings").format(value=repr(raw)))
        return None
    batches = raw.get("batches", [])
    ramp = raw.get("ramp", "linear")
    ok = True
    if not isinstance(ramp, str) or ramp not in RAMPS:
        fail("roadmap.ramp", _('{value} must be "linear" or "none"').format(value=repr(ramp)))
        ok = False
    if not isinstance(batches, list):
        fail(
            "roadmap.batches",
            _('{value} must be a list of dates such as ["2022-06-01"]').format(value=repr(batches)),
        )
        return None
    if not batches:
        return None
    dates: list[date] = []
    for i, value in enumerate(batches, start=1):
        key = f"roadmap.batches[{i}]"
        day = _as_date(value)
        if day is None:
            fail(key, _("{value} is not a date YYYY-MM-DD").format(value=repr(value)))
            ok = False
            continue
        if as_of is not None and day < as_of:
            fail(
                key,
                _("{day} is before as_of ({as_of})").format(
                    day=day.isoformat(), as_of=as_of.isoformat()
                ),
            )
            ok = False
        if dates and day <= dates[-1]:
            fail(
                key,
                _(
                    "{day} is not after the batch before it ({before}); "
                    "batch dates must be strictly increasing"
                ).format(day=day.isoformat(), before=dates[-1].isoformat()),
            )
            ok = False
        dates.append(day)
    if not ok:
        return None
    return Roadmap(tuple(dates), ramp)
