"""How many non-local holders a ratio target demands, reckoned exactly (contract rule 5).

In binary floating point 0.7 × 30 is 21.000000000000004, whose ceiling is 22; the planner who
wrote ``0.7`` meant seven tenths, so the ratio is read back from its shortest decimal text.
"""

from __future__ import annotations

import math
from fractions import Fraction


def required_count(ratio: float, seats: int) -> int:
    """The smallest whole number >= ratio × seats, with ratio taken as the decimal it reads."""
    if not 0 <= ratio <= 1:
        raise ValueError(f"ratio must be within [0, 1], got {ratio}")
    if seats < 0:
        raise ValueError(f"seats must be >= 0, got {seats}")
    return math.ceil(Fraction(str(ratio)) * seats)
