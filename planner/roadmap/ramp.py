"""Each batch's required counts (contract section 10) and ratios that state them exactly.

Batch k of K needs ``ceil(today + (final - today) * k / K)`` non-local holders (``ramp =
"linear"``) or nothing before the last (``"none"``); where today >= final every batch needs
final. Reckoned with fractions, never floats. A batch folder states its counts as ratios whose
rule-5 count, reckoned exactly from the decimal as written, is the batch's required count.
"""

from __future__ import annotations

import math
from fractions import Fraction

from planner.domain.targets import required_count


def required_counts(today: int, final: int, batches: int, ramp: str) -> tuple[int, ...]:
    if batches < 1:
        raise ValueError("a roadmap has at least one batch")
    if today >= final:
        return (final,) * batches
    if ramp == "none":
        return (0,) * (batches - 1) + (final,)
    if ramp != "linear":
        raise ValueError(f"unknown ramp {ramp!r}")
    return tuple(
        math.ceil(Fraction(today) + Fraction(final - today) * k / batches)
        for k in range(1, batches + 1)
    )


def ratio_text(required: int, seats: int) -> str:
    """The shortest decimal (at most 15 digits) whose exact rule-5 count over ``seats`` is
    ``required``: 7 of 21 is "0.3" (0.3 x 21 = 6.3, whose ceiling is 7), 11 of 42 "0.26"."""
    if not 0 <= required <= seats:
        raise ValueError(f"required {required} outside 0..{seats}")
    if required == 0:
        return "0"
    if required == seats:
        return "1"
    exact = Fraction(required, seats)
    for digits in range(1, 16):
        scale = 10**digits
        low = Fraction(math.floor(exact * scale), scale)  # <= required/seats
        if math.ceil(low * seats) == required:
            text = f"{low.numerator * (scale // low.denominator)}".rjust(digits, "0")
            candidate = "0." + text
            if required_count(float(candidate), seats) == required:
                return candidate.rstrip("0") or "0"
    raise AssertionError("unreachable: 15 digits separate any two counts")  # pragma: no cover
