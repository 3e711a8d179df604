"""Typed values from text cells: the number and date forms a planner's spreadsheet may hold.

Numbers are plain decimal digits (ASCII 0-9) with an optional leading minus and, for decimal
columns, one decimal mark, written either as a point ("4.7") or, as Vietnamese spreadsheets
do, a comma ("4,7"). Everything else is refused rather than guessed: ``+5``, ``.5``, ``1e3``,
``1_0``, full-width ``５``, ``1.234,5``, ``1 000``, ``inf``. A number may have at most
:data:`MAX_DIGITS` digits, so no value is too large to compute with exactly.

Dates are ``yyyy-mm-dd``, ``dd/mm/yyyy`` (day first, as in Vietnam; ``d/m/yyyy`` too) or, where
a column allows it, ``yyyy`` alone (1 January). Each parser also says which convention the
text used, so the summary can say what a column was read as.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from planner.i18n import N_

MAX_DIGITS = 15

_INTEGER = re.compile(r"-?[0-9]+", re.ASCII)
_DECIMAL = re.compile(r"-?[0-9]+(?:([.,])[0-9]+)?", re.ASCII)
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
_DMY = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", re.ASCII)
_YEAR = re.compile(r"[0-9]{4}", re.ASCII)

#: conventions, as the summary names them
POINT, COMMA = N_("decimal point"), N_("decimal comma")
ISO, DMY, YEAR = "yyyy-mm-dd", "dd/mm/yyyy", "yyyy"


class NotReadable(ValueError):
    """The text is not in an accepted form (as opposed to a readable value out of range)."""


def _too_many_digits(text: str) -> bool:
    # (a text of MAX_DIGITS characters or fewer cannot have more digits: no count needed)
    return len(text) > MAX_DIGITS and sum(ch.isdigit() for ch in text) > MAX_DIGITS


def parse_integer(text: str) -> int:
    if not _INTEGER.fullmatch(text) or _too_many_digits(text):
        raise NotReadable(text)
    return int(text)


#: a national officials file repeats a few hundred numbers and dates 100,000 times: each
#: distinct text is read once (a text that cannot be read raises again every time)
_CACHE = 1 << 16


@lru_cache(maxsize=_CACHE)
def parse_decimal(text: str) -> tuple[float, str | None]:
    """The value and its decimal mark's convention (None for a whole number)."""
    match = _DECIMAL.fullmatch(text)
    if match is None or _too_many_digits(text):
        raise NotReadable(text)
    mark = match.group(1)
    value = float(text.replace(",", ".")) if mark else float(int(text))
    return value, (None if mark is None else POINT if mark == "." else COMMA)


@lru_cache(maxsize=_CACHE)
def parse_date(text: str, *, year_alone: bool = False) -> tuple[date, str]:
    """A date and its convention; :class:`NotReadable` for another form, ValueError for an
    impossible day (31/02/1970)."""
    if match := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
        return date(year, month, day), ISO
    if match := _DMY.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
        return date(year, month, day), DMY
    if year_alone and _YEAR.fullmatch(text):
        return date(int(text), 1, 1), YEAR
    raise NotReadable(text)
