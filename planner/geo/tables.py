"""Reading a units file and an address table for ``planner locate``, and writing the result.

A CSV table is written back as CSV with the new columns, and its problems to a second CSV
beside it (``OUT.problems.csv``); a workbook sheet is written back into a copy of the whole
workbook (other sheets, formats and formulas kept) with the problems in a sheet of their own.
Row numbers are those a spreadsheet shows (header = row 1).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd

from planner.errors import BadInput, Problem
from planner.geo.locate import Unit
from planner.i18n import _

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
PROBLEM_SHEET = "locate_problems"
PROBLEM_COLUMNS = ("row", "column", "address", "outcome", "candidates", "reason")


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in WORKBOOK_SUFFIXES


def _nfc(value: object) -> str:
    return "" if value is None else unicodedata.normalize("NFC", str(value)).strip()


def _read_csv(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise BadInput(Problem(str(path), None, None, _("file not found")))
    try:
        frame = pd.read_csv(
            path, dtype=str, keep_default_na=False, encoding="utf-8-sig", skip_blank_lines=False
        )
    except UnicodeDecodeError as error:
        raise BadInput(
            Problem(str(path), None, None, _("is not UTF-8 text (save it as CSV UTF-8)"))
        ) from error
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as error:
        raise BadInput(
            Problem(str(path), None, None, _("cannot be read as CSV: {error}").format(error=error))
        ) from error
    frame.columns = [_nfc(c) for c in frame.columns]
    return frame.map(_nfc)


def read_units(path: Path) -> list[Unit]:
    """The units of a units.csv (or of the ``units`` sheet of a workbook)."""
    where = str(path)
    if is_workbook(path):
        frame = _sheet_frame(path, "units")
        where = f"{path} [units]"
    else:
        frame = _read_csv(path)
    missing = [c for c in ("unit_id", "name", "parent_id") if c not in frame.columns]
    if missing:
        raise BadInput([Problem(where, None, c, _("required column is missing")) for c in missing])
    units: list[Unit] = []
    seen: dict[str, int] = {}
    problems: list[Problem] = []
    for index, record in enumerate(frame.to_dict("records")):
        row = index + 2
        uid = record["unit_id"]
        if not uid:
            continue
        if uid in seen:
            problems.append(
                Problem(where, row, "unit_id", _("duplicate of row {row}").format(row=seen[uid]))
            )
            continue
        seen[uid] = row
        units.append(
            Unit(
                unit_id=uid,
                name=record["name"],
                level=record.get("level", ""),
                parent_id=record["parent_id"],
                former=record.get("status", "") == "former",
                former_district=record.get("former_district", ""),
                former_province=record.get("former_province", ""),
            )
        )
    if problems:
        raise BadInput(problems)
    return units


def _sheet_frame(path: Path, sheet: str) -> pd.DataFrame:
    workbook = _open(path, read_only=True)
    try:
        if sheet not in workbook.sheetnames:
            raise BadInput(_no_sheet(path, sheet, workbook.sheetnames))
        rows = list(workbook[sheet].iter_rows(values_only=True))
    finally:
        workbook.close()
    if not rows:
        return pd.DataFrame()
    header = [_nfc(c) for c in rows[0]]
    return pd.DataFrame(
        [[_nfc(c) for c in r] + [""] * (len(header) - len(r)) for r in rows[1:]],
        columns=header,
    )


def _open(path: Path, *, read_only: bool) -> openpyxl.Workbook:
    if not path.is_file():
        raise BadInput(Problem(str(path), None, None, _("file not found")))
    try:
        return openpyxl.load_workbook(path, read_only=read_only)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise BadInput(
            Problem(
                str(path),
                None,
                None,
                _("cannot be read as a workbook: {error}").format(error=error),
            )
        ) from error


def _no_sheet(path: Path, sheet: str, names: Sequence[str]) -> Problem:
    return Problem(
        str(path),
        None,
        None,
        _("has no sheet {sheet!r} (its sheets: {names})").format(
            sheet=sheet, names=", ".join(names)
        ),
    )


@dataclass(frozen=True)
class Addresses:
    """The addresses of one column: (spreadsheet row, text) for every non-empty cell."""

    where: str  # file, or "workbook [sheet]", for messages
    cells: list[tuple[int, str]]


def read_addresses(path: Path, column: str, sheet: str | None) -> Addresses:
    if is_workbook(path):
        workbook = _open(path, read_only=True)
        try:
            names = workbook.sheetnames
            if sheet is None and len(names) > 1:
                raise BadInput(
                    Problem(
                        str(path),
                        None,
                        None,
                        _("has several sheets ({names}); choose one with --sheet").format(
                            names=", ".join(names)
                        ),
                    )
                )
            name = sheet if sheet is not None else names[0]
            if name not in names:
                raise BadInput(_no_sheet(path, name, names))
            rows = list(workbook[name].iter_rows(values_only=True))
        finally:
            workbook.close()
        where = f"{path} [{name}]"
        header = [_nfc(c) for c in rows[0]] if rows else []
        body = [(i + 2, r) for i, r in enumerate(rows[1:])]
    else:
        if sheet is not None:
            raise BadInput(
                Problem("--sheet", None, None, _("{path} is a CSV file").format(path=path))
            )
        frame = _read_csv(path)
        where = str(path)
        header = list(frame.columns)
        body = [(i + 2, tuple(r)) for i, r in enumerate(frame.itertuples(index=False))]
    if column not in header:
        raise BadInput(
            Problem(
                where,
                None,
                column,
                _("no such column (the header has: {header})").format(header=", ".join(header)),
            )
        )
    at = header.index(column)
    cells = [(row, _nfc(r[at] if at < len(r) else "")) for row, r in body]
    return Addresses(where, [(row, text) for row, text in cells if text])


def new_columns(column: str) -> tuple[str, str]:
    return f"{column}_unit_id", f"{column}_unit_name"


def write_csv_result(
    source: Path,
    out: Path,
    column: str,
    found: dict[int, tuple[str, str]],
) -> None:
    """The source table with the two new columns (id, name) filled for matched rows."""
    frame = _read_csv(source)
    id_column, name_column = new_columns(column)
    rows = range(2, len(frame) + 2)
    frame[id_column] = [found.get(r, ("", ""))[0] for r in rows]
    frame[name_column] = [found.get(r, ("", ""))[1] for r in rows]
    frame.to_csv(out, index=False, encoding="utf-8-sig", lineterminator="\n")


def write_problems_csv(out: Path, problems: list[dict[str, object]]) -> None:
    frame = pd.DataFrame(problems, columns=list(PROBLEM_COLUMNS))
    frame.to_csv(out, index=False, encoding="utf-8-sig", lineterminator="\n")


def write_workbook_result(
    source: Path,
    out: Path,
    sheet: str | None,
    column: str,
    found: dict[int, tuple[str, str]],
    problems: list[dict[str, object]],
) -> None:
    """A copy of the workbook with the new columns in ``sheet`` and a sheet of problems."""
    workbook = _open(source, read_only=False)
    sheet_name = sheet if sheet is not None else workbook.sheetnames[0]
    table = workbook[sheet_name]
    header = [_nfc(c.value) for c in table[1]]
    for title in new_columns(column):
        at = header.index(title) + 1 if title in header else table.max_column + 1
        if title not in header:
            header.append(title)
        table.cell(row=1, column=at, value=title)
        pick = 0 if title.endswith("_unit_id") else 1
        for row in range(2, table.max_row + 1):
            table.cell(row=row, column=at, value=found.get(row, ("", ""))[pick] or None)
    if PROBLEM_SHEET in workbook.sheetnames:
        del workbook[PROBLEM_SHEET]
    listing = workbook.create_sheet(PROBLEM_SHEET)
    listing.append(list(PROBLEM_COLUMNS))
    for problem in problems:
        listing.append([problem[c] for c in PROBLEM_COLUMNS])
    workbook.save(out)
