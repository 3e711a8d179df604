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
import unicodedata
from collections.abc import Container, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

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
from planner.i18n import N_, _
from planner.inputs.sources import WORKBOOK_SUFFIXES, RawTable, read_csv, read_workbook
from planner.inputs.values import NotReadable, parse_date, parse_decimal

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
#: Yes/no spellings accepted besides the contract's 1/0 (folded); empty means no.
_YES_NO = {"": False, "0": False, "1": True, "co": True, "khong": False, "yes": True, "no": False}
_EARLIEST_BIRTH = date(1900, 1, 1)
#: No road link is longer than the Earth's circumference; bounds every distance cost.
MAX_ROAD_KM = 40_075.0
#: No one holds a post, or heads a unit, for a century.
MAX_YEARS = 100.0


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


def read_csv_records(path: Path, *, clean: bool = True) -> tuple[list[str], list[list[str]]]:
    """:func:`parse_csv` of a UTF-8 file (with or without a byte-order mark).

    Raises ``UnicodeDecodeError`` for another encoding, :class:`CsvError` for a broken file.
    """
    return parse_csv(path.read_bytes().decode("utf-8-sig"), clean=clean)


#: The words for what a reference column names, translated where the message is shown.
REFERENCE_KINDS = {"unit": N_("unit"), "seat": N_("seat"), "official": N_("official")}


@dataclass
class _Table:
    """One table as text cells (from a CSV file or a workbook sheet); ``missing`` columns read
    as empty and are never blamed. Problems go through :meth:`fail`, buffered so that a column
    whose every value is in an unreadable form gives one message, not one per cell."""

    file: str
    raw: RawTable
    missing: frozenset[str]
    problems: Collector
    #: column → (row, message) of values in a form that cannot be read
    unreadable: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    #: column → conventions its values were written in (decimal mark, date form)
    conventions: dict[str, set[str]] = field(default_factory=dict)
    #: every table's name in messages ("units.csv", "canbo.xlsx, sheet units") by file
    names: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.raw.label

    def records(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(spreadsheet row, cells) for every non-blank row (read a cell with ``.get``: a
        column the table lacks is absent)."""
        for row, record in self.raw.rows:
            if any(record.values()):
                yield row, record

    def add(self, row: int | None, column: str | None, message: str) -> None:
        label = None if column is None else self.raw.column_label(column)
        self.problems.add(self.label, row, label, message)

    def flush(self) -> None:
        """Report the buffered unreadable values: one message for a column where none can be
        read (at least two values), else one per cell."""
        for column, failures in self.unreadable.items():
            filled = sum(1 for _row, record in self.records() if record.get(column))
            if len(failures) >= 2 and len(failures) == filled:
                row, message = failures[0]
                self.add(
                    None,
                    column,
                    _(
                        "no value in this column can be read ({count} rows; row {row}: {message})"
                    ).format(count=len(failures), row=row, message=message),
                )
            else:
                for row, message in failures:
                    self.add(row, column, message)
        self.unreadable.clear()

    def notes(self) -> list[str]:
        return [
            _("{table} {column}: read as {conventions}").format(
                table=self.label,
                column=self.raw.column_label(column),
                conventions=" + ".join(sorted(_(convention) for convention in used)),
            )
            for column, used in self.conventions.items()
            if used
        ]


def _read_table(
    source: Path, file: str, problems: Collector, *, required: bool, encoding: str | None
) -> _Table | None:
    path = source / file
    if not path.is_file():
        if required:
            problems.add(
                file, None, None, _("required file not found in {folder}").format(folder=source)
            )
        return None
    return _checked_table(file, read_csv(path, problems, encoding), problems)


def _checked_table(file: str, raw: RawTable | None, problems: Collector) -> _Table | None:
    """The table with its required columns checked (absent ones are blamed once and then read
    as empty), or None when it could not be read at all."""
    if raw is None:
        return None
    missing = [c for c in REQUIRED_COLUMNS[file] if c not in raw.headers]
    header = ", ".join(raw.headers.values())
    hint = (
        _("; separate columns with commas, not ';'")
        if len(raw.headers) == 1 and ";" in header
        else ""
    )
    for column in missing:
        problems.add(
            raw.label,
            None,
            column,
            _("required column is missing (the header has: {header})").format(header=header) + hint,
        )
    return _Table(file, raw, frozenset(missing), problems)


class _Cells:
    """Typed access to one row's cells; every failure is recorded against file, row, column."""

    def __init__(self, table: _Table, row: int, record: dict[str, str], problems: Collector):
        self.table, self.row, self.record, self.problems = table, row, record, problems
        self.ok = True

    def fail(self, column: str, message: str, *, unreadable: bool = False) -> None:
        """Record a problem; ``unreadable`` for a value whose form cannot be read at all."""
        self.ok = False
        if column in self.table.missing:
            return
        if unreadable:
            self.table.unreadable.setdefault(column, []).append((self.row, message))
        else:
            self.table.add(self.row, column, message)

    def used(self, column: str, convention: str | None) -> None:
        if convention is not None:
            self.table.conventions.setdefault(column, set()).add(convention)

    def text(self, column: str, *, required: bool = False) -> str:
        value = self.record.get(column, "")
        if required and not value:
            self.fail(column, _("must not be empty"))
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
        """A decimal number (point or comma, see :mod:`planner.inputs.values`) in range."""
        text = self.text(column)
        if not text:
            if required:
                self.fail(column, _("must not be empty"))
            return None
        try:
            value, convention = parse_decimal(text)
        except NotReadable:
            self.fail(
                column,
                _('"{text}" is not a number (write plain digits, e.g. 4.5 or 4,5)').format(
                    text=text
                ),
                unreadable=True,
            )
            return None
        self.used(column, convention)
        if lo is not None and (value <= lo if lo_open else value < lo):
            message = (
                _('"{text}" must be greater than {bound}')
                if lo_open
                else _('"{text}" must be at least {bound}')
            )
            self.fail(column, message.format(text=text, bound=f"{lo:g}"))
            return None
        if hi is not None and value > hi:
            self.fail(
                column, _('"{text}" must be at most {bound}').format(text=text, bound=f"{hi:g}")
            )
            return None
        return value

    def level(self, column: str, scale: str, *, required: bool) -> int:
        text = self.text(column)
        if not text and required:
            self.fail(
                column,
                _("must not be empty (use one of {levels})").format(levels=describe_scale(scale)),
            )
            return 0
        rank = parse_level(scale, text)
        if rank is None:
            self.fail(
                column,
                _('"{text}" is not a known level (use one of {levels})').format(
                    text=text, levels=describe_scale(scale)
                ),
            )
            return 0
        return rank

    def reference(
        self, column: str, value: str, known: Container[str] | None, kind: str, file: str
    ) -> None:
        if value and known is not None and value not in known:
            self.fail(
                column,
                _('unknown {kind} "{value}" (not in {file})').format(
                    kind=_(REFERENCE_KINDS[kind]),
                    value=value,
                    file=self.table.names.get(file, file),
                ),
            )


def _check_unique(table: _Table, column: str, problems: Collector) -> dict[str, int]:
    """First row of every id; every later occurrence is a problem naming the other rows."""
    rows: dict[str, list[int]] = {}
    for row, record in table.records():
        if value := record.get(column):
            rows.setdefault(value, []).append(row)
    for value, where in rows.items():
        for row in where[1:]:
            others = [r for r in where if r != row]
            table.add(
                row,
                column,
                (
                    _('"{value}" appears twice (also row {rows})')
                    if len(where) == 2
                    else _('"{value}" appears {count} times (also rows {rows})')
                ).format(value=value, count=len(where), rows=", ".join(map(str, others))),
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
            cells.fail(
                empty,
                _("must be given together with {other}").format(
                    other="lat" if empty == "lon" else "lon"
                ),
            )
        status = cells.text("status") or "current"
        if status not in UNIT_STATUSES:
            cells.fail("status", _('"{text}" must be current or former').format(text=status))
            status = "current"
        merged = tuple(u for u in cells.items("also_merged_into") if u != parent)
        for other in merged:
            cells.reference("also_merged_into", other, first, "unit", UNITS)
            if other == unit_id:
                cells.fail(
                    "also_merged_into",
                    _('"{unit}" cannot be merged into itself').format(unit=other),
                )
        if merged and status != "former":
            cells.fail("also_merged_into", _("is only for a former unit (status = former)"))
        if cells.ok and first.get(unit_id) == row:
            units.append(Unit(unit_id, name, level, parent or None, lat, lon, row, status, merged))
    table.flush()
    _check_cycles(links, table)
    return units, first


def _check_cycles(units: list[Unit], table: _Table) -> None:
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
            table.add(
                by_id[head].row,
                "parent_id",
                _(
                    "the unit tree has a cycle: {path} → {head} (each unit's parent_id "
                    "names the next)"
                ).format(path=path, head=head),
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
                _(
                    '"{unit}" is a former unit (status = former in {file}); no seat sits there'
                ).format(unit=unit_id, file=UNITS),
            )
        role = cells.text("role", required=True)
        theory = cells.level("min_political_theory", "political_theory", required=False)
        education = cells.level("min_education", "education", required=False)
        tags = frozenset(cells.items("required_tags"))
        if cells.ok and first.get(seat_id) == row:
            seats.append(Seat(seat_id, unit_id, role, theory, education, tags, row))
    return seats, unit_of


def _birth_date(cells: _Cells, today: date) -> date | None:
    """A full date, or a year alone meaning 1 January of that year (contract section 2)."""
    text = cells.text("birth_date", required=True)
    if not text:
        return None
    try:
        born, convention = parse_date(text, year_alone=True)
    except NotReadable:
        cells.fail(
            "birth_date",
            _('"{text}" is not a date dd/mm/yyyy, yyyy-mm-dd or a year yyyy').format(text=text),
            unreadable=True,
        )
        return None
    except ValueError:
        cells.fail("birth_date", _('"{text}" is not a day of the calendar').format(text=text))
        return None
    cells.used("birth_date", convention)
    if not _EARLIEST_BIRTH <= born <= today:
        cells.fail("birth_date", _('"{text}" is not a plausible birth date').format(text=text))
        return None
    return born


def _officials(
    table: _Table,
    units: dict[str, int] | None,
    seat_unit: dict[str, str] | None,
    problems: Collector,
) -> tuple[list[Official], dict[str, int]]:
    first = _check_unique(table, "official_id", problems)
    today = date.today()
    holders: dict[str, list[int]] = {}
    officials: list[Official] = []
    for row, record in table.records():
        cells = _Cells(table, row, record, problems)
        official_id = cells.text("official_id", required=True)
        name = cells.text("name", required=True)
        gender_text = cells.text("gender", required=True)
        gender = _GENDERS.get(fold(gender_text), "")
        if gender_text and not gender:
            cells.fail("gender", _('"{text}" must be M or F').format(text=gender_text))
        born = _birth_date(cells, today)
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
                    _('"{unit}" is not the unit of current seat "{seat}" ({seat_unit})').format(
                        unit=unit_id, seat=seat_id, seat_unit=seat_unit[seat_id]
                    ),
                )
        years = cells.number("years_in_post", required=bool(seat_id), lo=0, hi=MAX_YEARS)
        in_unit = cells.number("years_in_unit", required=False, lo=0, hi=MAX_YEARS)
        theory = cells.level("political_theory", "political_theory", required=True)
        education = cells.level("education", "education", required=True)
        disciplined_text = cells.text("disciplined")
        disciplined = _YES_NO.get(fold(disciplined_text))
        if disciplined is None:
            cells.fail(
                "disciplined",
                _('"{text}" must be 0 or 1 (or có / không)').format(text=disciplined_text),
            )
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
                    bool(disciplined),
                    row,
                    in_unit,
                )
            )
    for seat_id, rows in holders.items():
        for row in rows if len(rows) > 1 else ():
            others_rows = ", ".join(str(r) for r in rows if r != row)
            table.add(
                row,
                "current_seat_id",
                (
                    _('seat "{seat}" is held by {count} officials (also row {rows})')
                    if len(rows) == 2
                    else _('seat "{seat}" is held by {count} officials (also rows {rows})')
                ).format(seat=seat_id, count=len(rows), rows=others_rows),
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
            cells.fail(
                "official_b", _('"{official}" cannot be related to themself').format(official=b)
            )
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
        number = 0
        value = cells.number("score", required=False)
        if value is not None:
            if value.is_integer() and -10 <= value <= 10:
                number = int(value)
            else:
                cells.fail(
                    "score", _('"{text}" is not a whole number from -10 to 10').format(text=text)
                )
        key = (official_id, unit_id)
        if official_id and unit_id and key in seen:
            cells.fail(
                "unit_id",
                _('official "{official}" already has a score for unit "{unit}" (row {row})').format(
                    official=official_id, unit=unit_id, row=seen[key]
                ),
            )
        seen.setdefault(key, row)
        if cells.ok:
            preferences.append(Preference(official_id, unit_id, number, row))
    return preferences


def _roads(table: _Table, units: dict[str, int] | None, problems: Collector) -> list[Road]:
    roads: list[Road] = []
    for row, record in table.records():
        cells = _Cells(table, row, record, problems)
        a = cells.text("unit_a", required=True)
        b = cells.text("unit_b", required=True)
        cells.reference("unit_a", a, units, "unit", UNITS)
        cells.reference("unit_b", b, units, "unit", UNITS)
        km = cells.number("km", lo=0, lo_open=True, hi=MAX_ROAD_KM)
        if cells.ok and km is not None:
            roads.append(Road(a, b, km, row))
    return roads


# --------------------------------------------------------------------------------------------


TABLES = (UNITS, SEATS, OFFICIALS, ADJACENCY, RELATIONS, PREFERENCES)
REQUIRED_TABLES = (UNITS, SEATS, OFFICIALS)


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in WORKBOOK_SUFFIXES


def _read_sources(
    source: Path, problems: Collector, encoding: str | None
) -> dict[str, _Table | None]:
    """Every table of a data folder (CSV files) or of a workbook (one sheet per table)."""
    if not is_workbook(source):
        return {
            file: _read_table(
                source, file, problems, required=file in REQUIRED_TABLES, encoding=encoding
            )
            for file in TABLES
        }
    sheets = read_workbook(source, tuple(f.removesuffix(".csv") for f in TABLES), problems)
    if sheets is None:
        return dict.fromkeys(TABLES)
    tables: dict[str, _Table | None] = {}
    for file in TABLES:
        sheet = file.removesuffix(".csv")
        if sheet not in sheets and file in REQUIRED_TABLES:
            problems.add(
                source.name,
                None,
                None,
                _("the workbook has no sheet named {sheet} (it has: {sheets})").format(
                    sheet=sheet, sheets=", ".join(_sheet_names(source))
                ),
            )
        tables[file] = _checked_table(file, sheets.get(sheet), problems)
    return tables


def _sheet_names(path: Path) -> list[str]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def read_dataset(source: Path, *, encoding: str | None = None) -> Dataset:
    """Read and check every table of a data folder of CSV files, or of one Excel workbook
    (contract section 2); raise BadInput with all problems. ``encoding`` is the scenario's
    declared encoding for CSV files that are not UTF-8 (see :mod:`planner.inputs.sources`)."""
    source = Path(source)
    problems = Collector()
    if is_workbook(source) and not source.is_file():
        problems.add(
            source.name, None, None, _("workbook {path} does not exist").format(path=source)
        )
    elif not is_workbook(source) and not source.is_dir():
        problems.add(str(source), None, None, _("data folder does not exist"))
    problems.raise_if_any()
    tables = _read_sources(source, problems, encoding)
    names = {file: table.label for file, table in tables.items() if table is not None}
    for table in tables.values():
        if table is not None:
            table.names = names
    for file in REQUIRED_TABLES:
        table = tables[file]
        if table is not None and not any(True for _ in table.records()):
            problems.add(
                table.label,
                2,
                None,
                _("has no rows yet: fill in one row per {what} below the header").format(
                    what=_(REFERENCE_KINDS[file.removesuffix(".csv").rstrip("s")])
                ),
            )

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
    notes: list[str] = []
    for table in tables.values():
        if table is not None:
            table.flush()
            notes += table.notes()

    # in file order, then row, then the column's place in the header
    order = {t.label if t is not None else f: i for i, (f, t) in enumerate(tables.items())}
    places = {
        t.label: {label: j for j, label in enumerate(t.raw.headers.values())}
        for t in tables.values()
        if t is not None
    }
    problems.problems.sort(
        key=lambda p: (
            order.get(p.file, -1),
            p.row or 0,
            places.get(p.file, {}).get(p.column or "", -1),
        )
    )
    problems.raise_if_any()
    if is_workbook(source):
        files = {source.name: source}
    else:
        files = {file: source / file for file, table in tables.items() if table is not None}
    return Dataset(
        folder=source,
        units=tuple(units),
        seats=tuple(seats),
        officials=tuple(officials),
        relations=tuple(relations),
        preferences=tuple(preferences),
        roads=None if roads is None else tuple(roads),
        files=files,
        notes=tuple(notes),
    )
