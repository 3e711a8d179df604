"""The committee's decisions, ``pins.csv``: keep this official in this seat, or never there.

Pins are how a deliberation converges: after a sweep or a first plan the committee settles a few
placements and asks for the best plan around them. A pin the plan silently ignored would put a
decision the meeting took out of the minutes, so every pin is checked against the data before
any model is built: an unknown id, an unreadable action or two keep-pins that cannot both hold
stop the run with exit 2, naming the file, row and column like every other input problem.

Format (UTF-8, with or without BOM; header row required; other columns, e.g. a note, ignored)::

    seat_id,official_id,action
    PT-03-SEC,CB-PT-0042,keep      # or: giữ
    PT-05-CHA,CB-PT-0017,forbid    # or: cấm
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from planner.domain.levels import fold
from planner.domain.records import Dataset
from planner.errors import Collector, Problem
from planner.i18n import _
from planner.inputs.tables import CsvError, read_csv_records
from planner.rules.eligibility import Pin

COLUMNS = ("seat_id", "official_id", "action")

#: Accepted spellings (after :func:`planner.domain.levels.fold`: lower case, no diacritics).
ACTIONS: dict[str, bool] = {"keep": True, "giu": True, "forbid": False, "cam": False}


@dataclass(frozen=True)
class PinsRead:
    """The pins of a file, and what the planner should hear about pins that concern no plan."""

    pins: tuple[Pin, ...]
    warnings: tuple[str, ...] = ()


def _rows(path: Path, problems: Collector) -> list[tuple[int, dict[str, str]]] | None:
    """(spreadsheet row, cells) of every non-blank row; None when the file cannot be used."""
    file = path.name
    if not path.is_file():
        problems.add(file, None, None, _("pins file not found ({path})").format(path=path))
        return None
    try:
        first, records = read_csv_records(path)
    except UnicodeDecodeError:
        problems.add(file, None, None, _("is not UTF-8 text (save it as CSV UTF-8)"))
        return None
    except CsvError as error:
        problems.add(file, None, None, _("cannot be read as CSV: {error}").format(error=error))
        return None
    if not any(first):
        problems.add(
            file, None, None, _("is empty; a header row seat_id,official_id,action is required")
        )
        return None
    header = [c.lower() for c in first]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        hint = (
            _("; separate columns with commas, not ';'")
            if len(header) == 1 and ";" in header[0]
            else ""
        )
        for column in missing:
            problems.add(
                file,
                None,
                column,
                _("required column is missing (the header has: {header})").format(
                    header=", ".join(header)
                )
                + hint,
            )
        return None
    out = []
    for number, record in enumerate(records, start=2):
        cells = {name: record[i] if i < len(record) else "" for i, name in enumerate(header)}
        if any(cells.values()):
            out.append((number, cells))
    return out


def read_pins(
    path: Path,
    dataset: Dataset,
    *,
    scope_seats: Collection[str] | None = None,
    taking_part: Collection[str] | None = None,
) -> PinsRead:
    """Read and check ``pins.csv`` against the data; raise :class:`BadInput` with every problem.

    ``scope_seats`` (seat ids in the scenario's scope) and ``taking_part`` (officials who take
    part in the plan) decide what a pin outside the plan means: a keep-pin there could not be
    honoured, so it is an error; a forbid-pin there forbids nothing, so it is only a warning.
    """
    problems = Collector()
    file = path.name
    records = _rows(Path(path), problems)
    problems.raise_if_any()
    assert records is not None
    seats = {s.seat_id: s for s in dataset.seats}
    officials = {o.official_id: o for o in dataset.officials}
    warnings: list[str] = []
    pins: list[Pin] = []
    # first keep row per seat and per official, and the first row of every pair
    keep_seat: dict[str, tuple[int, str]] = {}
    keep_official: dict[str, tuple[int, str]] = {}
    pair_row: dict[tuple[str, str], tuple[int, bool]] = {}

    for row, cells in records:
        ok = True

        def fail(column: str, message: str, row: int = row) -> None:
            nonlocal ok
            ok = False
            problems.add(file, row, column, message)

        seat_id, official_id, action = cells["seat_id"], cells["official_id"], cells["action"]
        if not seat_id:
            fail("seat_id", _("must not be empty"))
        elif seat_id not in seats:
            fail("seat_id", _('unknown seat "{seat}" (not in seats.csv)').format(seat=seat_id))
        if not official_id:
            fail("official_id", _("must not be empty"))
        elif official_id not in officials:
            fail(
                "official_id",
                _('unknown official "{official}" (not in officials.csv)').format(
                    official=official_id
                ),
            )
        keep = ACTIONS.get(fold(action))
        if keep is None:
            fail(
                "action",
                _('"{action}" is not an action; use keep or forbid (giữ or cấm)').format(
                    action=action
                )
                if action
                else _("empty is not an action; use keep or forbid (giữ or cấm)"),
            )
        if not ok or keep is None:
            continue

        outside: list[tuple[str, str]] = []
        if scope_seats is not None and seat_id not in scope_seats:
            outside.append(
                (
                    "seat_id",
                    _(
                        'seat "{seat}" is outside the scenario\'s scope (scope.units, scope.roles)'
                    ).format(seat=seat_id),
                )
            )
        if taking_part is not None and official_id not in taking_part:
            held = officials[official_id].current_seat_id
            outside.append(
                (
                    "official_id",
                    _(
                        'official "{official}" takes no part in this plan (holds seat {seat}, '
                        "outside the scope)"
                    ).format(official=official_id, seat=held),
                )
            )
        if outside:
            if keep:
                for column, message in outside:
                    fail(
                        column,
                        _("{reason}; this keep-pin cannot be honoured").format(reason=message),
                    )
            else:
                reasons = "; ".join(m for _column, m in outside)
                ignored = _("forbid-pin ignored: {reasons}").format(reasons=reasons)
                warnings.append(str(Problem(file, row, None, ignored)))
            continue

        pair = (seat_id, official_id)
        if pair in pair_row:
            first, first_keep = pair_row[pair]
            if first_keep != keep:
                fail(
                    "action",
                    _(
                        "contradicts row {row}: {official} in {seat} is both kept and forbidden"
                    ).format(row=first, official=official_id, seat=seat_id),
                )
            continue  # the same decision twice is harmless
        pair_row[pair] = (row, keep)
        if keep:
            if seat_id in keep_seat:
                first, other = keep_seat[seat_id]
                fail(
                    "official_id",
                    _(
                        'seat "{seat}" is already pinned keep to "{official}" (row {row}); '
                        "a seat has one holder"
                    ).format(seat=seat_id, official=other, row=first),
                )
            if official_id in keep_official:
                first, other = keep_official[official_id]
                fail(
                    "seat_id",
                    _(
                        'official "{official}" is already pinned keep to seat "{seat}" '
                        "(row {row}); an official holds one seat"
                    ).format(official=official_id, seat=other, row=first),
                )
            if not ok:
                continue
            keep_seat[seat_id] = (row, official_id)
            keep_official[official_id] = (row, seat_id)
        pins.append(Pin(seat_id, official_id, keep, row))
    problems.raise_if_any()
    return PinsRead(tuple(pins), tuple(warnings))


def pins_for(
    dataset: Dataset, path: Path | None, scope_seats: Sequence[str], taking_part: Sequence[str]
) -> PinsRead:
    """The scenario's pins (none without a ``pins`` key): the one call :mod:`planner.solve.problem`
    makes, so reading and checking stay here."""
    if path is None:
        return PinsRead(())
    return read_pins(path, dataset, scope_seats=set(scope_seats), taking_part=set(taking_part))


__all__ = ["ACTIONS", "COLUMNS", "PinsRead", "pins_for", "read_pins"]
