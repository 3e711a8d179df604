"""``plans.xlsx``: the plans as a workbook, for committees who work in Excel.

One sheet per plan (moves first, so the sheet opens on what changes), a ranking sheet in front,
and the groups and the released incumbents behind. Numbers are stored as numbers so they sum
and sort; ids stay text (a leading zero is part of an id). Every text cell is stored as a
string, never as a formula, whatever it starts with.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from planner.outputs.tables import is_numeric_column
from planner.report.folder import Row, RunFolder

#: Columns of a plan sheet, in this order when present; any others follow.
PLAN_ORDER = [
    "seat_id",
    "unit_name",
    "role_vi",
    "official_id",
    "official_name",
    "previous_official_id",
    "previous_official_name",
    "changed",
    "nonlocal",
    "distance_km",
    "preference",
    "reason",
    "group_id",
    "group_name",
    "unit_id",
    "role",
]


def _value(column: str, text: str) -> str | int | float | None:
    if text == "":
        return None
    if is_numeric_column(column):
        try:
            number = float(text)
        except ValueError:
            return text
        return int(number) if number.is_integer() else number
    return text


def _sheet(book: object, title: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title=title[:31])  # type: ignore[attr-defined]
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(c) for c in columns]
    for r, row in enumerate(rows, start=2):
        for c, column in enumerate(columns, start=1):
            value = _value(column, row.get(column, ""))
            cell = sheet.cell(row=r, column=c)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula
                widths[c - 1] = max(widths[c - 1], len(value))
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = min(max(width + 2, 6), 45)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def _columns(rows: Sequence[Row], order: Sequence[str] = ()) -> list[str]:
    present = list(dict.fromkeys(k for r in rows for k in r))
    return [c for c in order if c in present] + [c for c in present if c not in order]


def write_workbook(path: Path, run: RunFolder) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    _sheet(book, "Ranking", _columns(run.ranking), run.ranking)
    for plan in run.plan_numbers():
        rows = sorted(run.seats(plan), key=lambda r: r.get("changed") != "1")
        _sheet(book, f"Plan {plan}", _columns(rows, PLAN_ORDER), rows)
    _sheet(book, "Groups", _columns(run.groups), run.groups)
    if run.released:
        _sheet(book, "Released", _columns(run.released), run.released)
    book.save(path)
