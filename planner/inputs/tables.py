"""Reading a data folder (contract section 2) into frozen domain objects.

Planners fix their spreadsheets from the messages alone, so every problem in every file is
collected in one pass and raised together; a folder with any problem yields no Dataset at all.
Row numbers are those a spreadsheet shows (header = row 1), also for blank lines, which are
kept while reading so that the numbering does not drift, then ignored.

Cross-file checks that need other files (unknown ids) are only made against files that were
themselves readable, so a missing ``units.csv`` gives one message, not one per reference.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections.abc import Container, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

import pandas as pd

from planner.domain.levels import describe_scale, fold, parse_level
from planner.domain.records import (
    UNIT_STATUSES,
    Dataset,
    Official,
    Preference,
    Relation,
    Road,
    Seat,
    Unit,
)
from planner.errors import Collector

UNITS, SEATS, OFFICIALS = "units.csv", "seats.csv", "officials.csv"
ADJACENCY, RELATIONS, PREFERENCES = "adjacency.csv", "relations.csv", "preferences.csv"

#: Columns each file must have; other contract columns are optional, unknown ones ignored.
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    UNITS: ("unit_id", "name", "level", "parent_id"),
    SEATS: ("seat_id", "unit_id", "role"),
    OFFICIALS: (
        "official_id",
        "name",
        "gender",
        "birth_date",
        "home_unit_id",
        "years_in_post",
        "political_theory",
        "education",
    ),
    ADJACENCY: ("unit_a", "unit_b", "km"),
    RELATIONS: ("official_a", "official_b"),
    PREFERENCES: ("official_id", "unit_id", "score"),
}

#: Gender spellings accepted besides the contract's M/F (folded, see planner.domain.levels.fold).
_GENDERS = {"m": "M", "f": "F", "nam": "M", "nu": "F"}
_EARLIEST_BIRTH = date(1900, 1, 1)
_YEAR, _DAY = re.compile(r"\d{4}"), re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class _Table:
    """One CSV file as text cells; ``missing`` columns read as empty and are never blamed."""

    file: str
    frame: pd.DataFrame
    missing: frozenset[str]

    def records(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(spreadsheet row, cells) for every non-blank row."""
        return iter(self._records)

    @cached_property
    def _records(self) -> list[tuple[int, dict[str, str]]]:
        columns = [str(c) for c in self.frame.columns]
        values = self.frame.to_numpy(dtype=object).tolist()
        return [
            (int(index) + 2, dict(zip(columns, map(str, record), strict=True)))
            for index, record in zip(self.frame.index, values, strict=True)
            if any(record)
        ]


class CsvError(ValueError):
    """A file that the CSV reader cannot split into rows; the message says where."""


def parse_csv(text: str, *, clean: bool = True) -> tuple[list[str], list[list[str]]]:
    """The planner's one CSV reader: the header and every record of a CSV text.

    Record ``i`` is spreadsheet row ``i + 2`` (blank lines are kept as empty records so the
    numbering does not drift). With ``clean``, every cell is NFC-normalised and stripped, as
    planners' spreadsheets mix composed and decomposed Vietnamese. Raises :class:`CsvError`.
    """
    if clean:
        # NFC of the whole text equals NFC of each cell: commas, quotes and line ends are
        # starters that compose with nothing, so no composition or reordering crosses them
        text = unicodedata.normalize("NFC", text)
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise CsvError(str(error)) from None
    if clean:
        records = [[cell.strip() for cell in record] for record in records]
    if not records:
        return [], []
    return records[0], records[1:]


def read_csv(path: Path, *, clean: bool = True) -> tuple[list[str], list[list[str]]]:
    """:func:`parse_csv` of a UTF-8 file (with or without a byte-order mark).

    Raises ``UnicodeDecodeError`` for another encoding, :class:`CsvError` for a broken file.
    """
    return parse_csv(path.read_bytes().decode("utf-8-sig"), clean=clean)


def _frame(header: list[str], records: list[list[str]]) -> pd.DataFrame:
    """Records as text cells under ``header``: short rows padded, extra empty cells dropped."""
    width = len(header)
    for number, record in enumerate(records, start=2):
        if len(record) > width and any(record[width:]):
            raise CsvError(f"row {number} has {len(record)} cells, the header has {width} columns")
    padded = [record[:width] + [""] * (width - len(record)) for record in records]
    return pd.DataFrame(padded, columns=header, dtype=object)


def _read_table(folder: Path, file: str, problems: Collector, *, required: bool) -> _Table | None:
    path = folder / file
    if not path.is_file():
        if required:
            problems.add(file, None, None, f"required file not found in {folder}")
        return None
    try:
        first, records = read_csv(path)
        if not any(first):
            problems.add(file, None, None, "is empty; a header row is required")
            return None
        frame = _frame(first, records)
    except UnicodeDecodeError:
        problems.add(file, None, None, "is not UTF-8 text (save it as CSV UTF-8)")
        return None
    except CsvError as error:
        problems.add(file, None, None, f"cannot be read as CSV: {error}")
        return None
    missing = [c for c in REQUIRED_COLUMNS[file] if c not in frame.columns]
    header = ", ".join(str(c) for c in frame.columns)
    hint = (
        "; separate columns with commas, not ';'"
        if len(frame.columns) == 1 and ";" in header
        else ""
    )
    for column in missing:
        problems.add(
            file, None, column, f"required column is missing (the header has: {header}){hint}"
        )
    for column in missing:
        frame[column] = ""
    return _Table(file, frame, frozenset(missing))


class _Cells:
    """Typed access to one row's cells; every failure is recorded against file, row, column."""

    def __init__(self, table: _Table, row: int, record: dict[str, str], problems: Collector):
        self.table, self.row, self.record, self.problems = table, row, record, problems
        self.ok = True

    def fail(self, column: str, message: str) -> None:
        self.ok = False
        if column not in self.table.missing:
            self.problems.add(self.table.file, self.row, column, message)

    def text(self, column: str, *, required: bool = False) -> str:
        value = self.record.get(column, "")
        if required and not value:
            self.fail(column, "must not be empty")
        return value

    def items(self, column: str) -> tuple[str, ...]:
        """A ``;``-separated list: stripped, empty entries dropped, first occurrence kept."""
        value = self.record.get(column, "")
        if ";" not in value:  # the usual one entry (cells are stripped and NFC already)
            return (value,) if value else ()
        parts = (p.strip() for p in value.split(";"))
        return tuple(dict.fromkeys(p for p in parts if p))

    def number(
        self,
        column: str,
        *,
        required: bool = True,
        lo: float | None = None,
        lo_open: bool = False,
        hi: float | None = None,
    ) -> float | None:
        text = self.text(column)
        if not text:
            if required:
                self.fail(column, "must not be empty")
            return None
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            self.fail(column, f'"{text}" is not a number')
            return None
        if lo is not None and (value <= lo if lo_open else value < lo):
            bound = "greater than" if lo_open else "at least"
            self.fail(column, f'"{text}" must be {bound} {lo:g}')
            return None
        if hi is not None and value > hi:
            self.fail(column, f'"{text}" must be at most {hi:g}')
            return None
        return value

    def level(self, column: str, scale: str, *, required: bool) -> int:
        text = self.text(column)
        if not text and required:
            self.fail(column, f"must not be empty (use one of {describe_scale(scale)})")
            return 0
        rank = parse_level(scale, text)
        if rank is None:
            self.fail(column, f'"{text}" is not a known level (use one of {describe_scale(scale)})')
            return 0
        return rank

    def reference(
        self, column: str, value: str, known: Container[str] | None, kind: str, file: str
    ) -> None:
        if value and known is not None and value not in known:
            self.fail(column, f'unknown {kind} "{value}" (not in {file})')


def _check_unique(table: _Table, column: str, problems: Collector) -> dict[str, int]:
    """First row of every id; every later occurrence is a problem naming the other rows."""
    rows: dict[str, list[int]] = {}
    for row, record in table.records():
        if record[column]:
            rows.setdefault(record[column], []).append(row)
    for value, where in rows.items():
        for row in where[1:]:
            others = [r for r in where if r != row]
            times = "twice" if len(where) == 2 else f"{len(where)} times"
            label = "row" if len(others) == 1 else "rows"
            problems.add(
                table.file,
                row,
                column,
                f'"{value}" appears {times} (also {label} {", ".join(map(str, others))})',
            )
    return {value: where[0] for value, where in rows.items()}


# --------------------------------------------------------------------------------------------
# one function per file


def _units(table: _Table, problems: Collector) -> tuple[list[Unit], dict[str, int]]:
    first = _check_unique(table, "unit_id", problems)
    units: list[Unit] = []
    links: list[Unit] = []  # every first row with an id, valid or not, for the cycle check
    for row, record in table.records():
        cells = _Cells(table, row, record, problems)
        unit_id = cells.text("unit_id", required=True)
        name = cells.text("name", required=True)
        level = cells.text("level", required=True)
        parent = cells.text("parent_id")
        if unit_id and first.get(unit_id) == row:
            links.append(Unit(unit_id, name, level, parent or None, row=row))
        cells.reference("parent_id", parent, first, "unit", UNITS)
        lat = cells.number("lat", required=False, lo=-90, hi=90)
        lon = cells.number("lon", required=False, lo=-180, hi=180)
        if bool(cells.text("lat")) != bool(cells.text("lon")):
            empty = "lon" if cells.text("lat") else "lat"
            cells.fail(empty, "must be given together with " + ("lat" if empty == "lon" else "lon"))
        status = cells.text("status") or "current"
        if status not in UNIT_STATUSES:
            cells.fail("status", f'"{status}" must be current or former')
            status = "current"
        merged = tuple(u for u in cells.items("also_merged_into") if u != parent)
        for other in merged:
            cells.reference("also_merged_into", other, first, "unit", UNITS)
            if other == unit_id:
                cells.fail("also_merged_into", f'"{other}" cannot be merged into itself')
        if merged and status != "former":
            cells.fail("also_merged_into", "is only for a former unit (status = former)")
        if cells.ok and first.get(unit_id) == row:
            units.append(Unit(unit_id, name, level, parent or None, lat, lon, row, status, merged))
    _check_cycles(links, problems)
    return units, first


def _check_cycles(units: list[Unit], problems: Collector) -> None:
    """Parent links form a forest; each cycle is reported once, at its first row."""
    parent = {u.unit_id: u.parent_id for u in units}
    by_id = {u.unit_id: u for u in units}
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = known to reach a root
    for start in parent:
        walk: list[str] = []
        node: str | None = start
        while node is not None and node in parent and state.get(node) is None:
            state[node] = 1
            walk.append(node)
            node = parent[node]
        if node is not None and state.get(node) == 1:
            cycle = walk[walk.index(node) :]
            head = min(cycle, key=lambda u: by_id[u].row)
            turn = cycle.index(head)
            ordered = cycle[turn:] + cycle[:turn]
            path = " → ".join(f"{u} ({by_id[u].name})" for u in ordered)
            problems.add(
                UNITS,
                by_id[head].row,
                "parent_id",
                f"the unit tree has a cycle: {path} → {head} (each unit's parent_id "
                "names the next)",
            )
        for visited in walk:
            state[visited] = 2


def _seats(
    table: _Table,
    units: dict[str, int] | None,
    problems: Collector,
    former: Container[str] = frozenset(),
) -> tuple[list[Seat], dict[str, str]]:
    """The valid seats, and the unit of every seat id on file (valid row or not)."""
    first = _check_unique(table, "seat_id", problems)
    seats: list[Seat] = []
    unit_of: dict[str, str] = {}
    for row, record in table.records():
        cells = _Cells(table, row, record, problems)
        seat_id = cells.text("seat_id", required=True)
        unit_id = cells.text("unit_id", required=True)
        if seat_id and first.get(seat_id) == row:
            unit_of[seat_id] = unit_id
        cells.reference("unit_id", unit_id, units, "unit", UNITS)
        if unit_id in former:
            cells.fail(
                "unit_id",
                f'"{unit_id}" is a former unit (status = former in {UNITS}); no seat sits there',
            )
        role = cells.text("role", required=True)
        theory = cells.level("min_political_theory", "political_theory", required=False)
        education = cells.level("min_education", "education", required=False)
        tags = frozenset(cells.items("required_tags"))
        if cells.ok and first.get(seat_id) == row:
            seats.append(Seat(seat_id, unit_id, role, theory, education, tags, row))
    return seats, unit_of


def _birth_date(cells: _Cells) -> date | None:
    """A full date, or a year alone meaning 1 January of that year (contract section 2)."""
    text = cells.text("birth_date", required=True)
    if not text:
        return None
    born: date | None = None
    try:
        if _YEAR.fullmatch(text):
            born = date(int(text), 1, 1)
        elif _DAY.fullmatch(text):
            born = date.fromisoformat(text)
    except ValueError:
        born = None
    if born is None:
        cells.fail("birth_date", f'"{text}" is not a date YYYY-MM-DD or a year YYYY')
    elif not _EARLIEST_BIRTH <= born <= date.today():
        cells.fail("birth_date", f'"{text}" is not a plausible birth date')
        born = None
    return born


def _officials(
    table: _Table,
    units: dict[str, int] | None,
    seat_unit: dict[str, str] | None,
    problems: Collector,
) -> tuple[list[Official], dict[str, int]]:
    first = _check_unique(table, "official_id", problems)
    holders: dict[str, list[int]] = {}
    officials: list[Official] = []
    for row, record in table.records():
        cells = _Cells(table, row, record, problems)
        official_id = cells.text("official_id", required=True)
        name = cells.text("name", required=True)
        gender_text = cells.text("gender", required=True)
        gender = _GENDERS.get(fold(gender_text), "")
        if gender_text and not gender:
            cells.fail("gender", f'"{gender_text}" must be M or F')
        born = _birth_date(cells)
        home = cells.text("home_unit_id", required=True)
        cells.reference("home_unit_id", home, units, "unit", UNITS)
        others = tuple(u for u in cells.items("other_home_unit_ids") if u != home)
        for other in others:
            cells.reference("other_home_unit_ids", other, units, "unit", UNITS)
        seat_id = cells.text("current_seat_id")
        cells.reference("current_seat_id", seat_id, seat_unit, "seat", SEATS)
        unit_id = cells.text("current_unit_id")
        cells.reference("current_unit_id", unit_id, units, "unit", UNITS)
        if seat_id and seat_unit is not None and seat_id in seat_unit:
            holders.setdefault(seat_id, []).append(row)
            if not unit_id:
                unit_id = seat_unit[seat_id]
            elif (
                unit_id != seat_unit[seat_id]
                and (units is None or unit_id in units)
                and seat_unit[seat_id]
            ):
                cells.fail(
                    "current_unit_id",
                    f'"{unit_id}" is not the unit of current seat '
                    f'"{seat_id}" ({seat_unit[seat_id]})',
                )
        years = cells.number("years_in_post", required=bool(seat_id), lo=0)
        in_unit = cells.number("years_in_unit", required=False, lo=0)
        theory = cells.level("political_theory", "political_theory", required=True)
        education = cells.level("education", "education", required=True)
        disciplined = cells.text("disciplined")
        if disciplined not in ("", "0", "1"):
            cells.fail("disciplined", f'"{disciplined}" must be 0 or 1')
        if cells.ok and born is not None and first.get(official_id) == row:
            officials.append(
                Official(
                    official_id,
                    name,
                    gender,
                    born,
                    home,
                    others,
                    seat_id or None,
                    unit_id or None,
                    years or 0.0,
                    theory,
                    education,
                    frozenset(cells.items("planned_roles")),
                    frozenset(cells.items("tags")),
                    disciplined == "1",
                    row,
                    in_unit,
                )
            )
    for seat_id, rows in holders.items():
        for row in rows if len(rows) > 1 else ():
            others_rows = ", ".join(str(r) for r in rows if r != row)
            problems.add(
                OFFICIALS,
                row,
                "current_seat_id",
                f'seat "{seat_id}" is held by {len(rows)} officials '
                f"(also row{'s' if len(rows) > 2 else ''} {others_rows})",
            )
    return officials, first


def _relations(
    table: _Table, officials: dict[str, int] | None, problems: Collector
) -> list[Relation]:
    relations: list[Relation] = []
    for row, record in table.records():
        cells = _Cells(table, row, record, problems)
        a = cells.text("official_a", required=True)
        b = cells.text("official_b", required=True)
        cells.reference("official_a", a, officials, "official", OFFICIALS)
        cells.reference("official_b", b, officials, "official", OFFICIALS)
        if a and a == b:
            cells.fail("official_b", f'"{b}" cannot be related to themself')
        if cells.ok:
            relations.append(Relation(a, b, cells.text("kind"), row))
    return relations


def _preferences(
    table: _Table,
    officials: dict[str, int] | None,
    units: dict[str, int] | None,
    problems: Collector,
) -> list[Preference]:
    preferences: list[Preference] = []
    seen: dict[tuple[str, str], int] = {}
    for row, record in table.records():
        cells = _Cells(table, row, record, problems)
        official_id = cells.text("official_id", required=True)
        unit_id = cells.text("unit_id", required=True)
        cells.reference("official_id", official_id, officials, "official", OFFICIALS)
        cells.reference("unit_id", unit_id, units, "unit", UNITS)
        text = cells.text("score", required=True)
        try:
            number = float(text) if text else math.nan
        except ValueError:
            number = math.nan
        if text and not (number.is_integer() and -10 <= number <= 10):
            cells.fail("score", f'"{text}" is not a whole number from -10 to 10')
        key = (official_id, unit_id)
        if official_id and unit_id and key in seen:
            cells.fail(
                "unit_id",
                f'official "{official_id}" already has a score for unit '
                f'"{unit_id}" (row {seen[key]})',
            )
        seen.setdefault(key, row)
        if cells.ok:
            preferences.append(Preference(official_id, unit_id, int(number), row))
    return preferences


def _roads(table: _Table, units: dict[str, int] | None, problems: Collector) -> list[Road]:
    roads: list[Road] = []
    for row, record in table.records():
        cells = _Cells(table, row, record, problems)
        a = cells.text("unit_a", required=True)
        b = cells.text("unit_b", required=True)
        cells.reference("unit_a", a, units, "unit", UNITS)
        cells.reference("unit_b", b, units, "unit", UNITS)
        km = cells.number("km", lo=0, lo_open=True)
        if cells.ok and km is not None:
            roads.append(Road(a, b, km, row))
    return roads


# --------------------------------------------------------------------------------------------


def read_dataset(folder: Path) -> Dataset:
    """Read and check every CSV file of a data folder; raise BadInput with all problems."""
    folder = Path(folder)
    problems = Collector()
    if not folder.is_dir():
        problems.add(str(folder), None, None, "data folder does not exist")
        problems.raise_if_any()
    tables = {
        file: _read_table(folder, file, problems, required=file in (UNITS, SEATS, OFFICIALS))
        for file in (UNITS, SEATS, OFFICIALS, ADJACENCY, RELATIONS, PREFERENCES)
    }

    def ids(table: _Table | None, column: str, known: dict[str, int]) -> dict[str, int] | None:
        """Known ids of a file, or None (references unchecked) when its id column is absent."""
        return known if table is not None and column not in table.missing else None

    units: list[Unit] = []
    unit_ids: dict[str, int] | None = None
    if (table := tables[UNITS]) is not None:
        units, first = _units(table, problems)
        unit_ids = ids(table, "unit_id", first)
    seats: list[Seat] = []
    seat_unit: dict[str, str] | None = None
    if (table := tables[SEATS]) is not None:
        former = frozenset(u.unit_id for u in units if u.former)
        seats, seat_unit = _seats(table, unit_ids, problems, former)
        if "seat_id" in table.missing:
            seat_unit = None
    officials: list[Official] = []
    official_ids: dict[str, int] | None = None
    if (table := tables[OFFICIALS]) is not None:
        officials, first = _officials(table, unit_ids, seat_unit, problems)
        official_ids = ids(table, "official_id", first)
    relations: list[Relation] = []
    if (table := tables[RELATIONS]) is not None:
        relations = _relations(table, official_ids, problems)
    preferences: list[Preference] = []
    if (table := tables[PREFERENCES]) is not None:
        preferences = _preferences(table, official_ids, unit_ids, problems)
    roads: list[Road] | None = None
    if (table := tables[ADJACENCY]) is not None:
        roads = _roads(table, unit_ids, problems)

    order = list(tables)
    problems.problems.sort(
        key=lambda p: (order.index(p.file) if p.file in order else -1, p.row or 0)
    )
    problems.raise_if_any()
    return Dataset(
        folder=folder,
        units=tuple(units),
        seats=tuple(seats),
        officials=tuple(officials),
        relations=tuple(relations),
        preferences=tuple(preferences),
        roads=None if roads is None else tuple(roads),
        files={file: folder / file for file, table in tables.items() if table is not None},
    )
