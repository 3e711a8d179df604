"""``plans.xlsx``: the plans as a workbook, for committees who work in Excel.

One sheet per plan (moves first, so the sheet opens on what changes), a ranking sheet in front,
and the groups and the released incumbents behind. Numbers are stored as numbers so they sum
and sort; ids stay text (a leading zero is part of an id). Every text cell is stored as a
string, never as a formula, whatever it starts with.

The sheet names and the first header row are in the reader's language (contract section 11);
the second header row holds the CSV column ids of the contract, unchanged, so that a program
(or a formula) finds a column by the same name as in the CSV files. Data start on row 3. The
``reason`` column holds the reason in words (:func:`planner.domain.words.reason_words`); the
CSV files keep the codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from planner.domain.words import reason_words
from planner.i18n import N_, _
from planner.outputs.tables import is_numeric_column
from planner.report.folder import Row, RunFolder

#: Row of the column titles a person reads, row of the CSV column ids, first data row.
TITLE_ROW, ID_ROW, FIRST_DATA_ROW = 1, 2, 3

#: Column titles of the CSV columns (any other column is titled by its id).
COLUMN_TITLES = {
    "batch": N_("Batch"),
    "date": N_("Date"),
    "plan": N_("Plan"),
    "cost": N_("Cost"),
    "changes": N_("Changes"),
    "distance_km": N_("Distance (km)"),
    "preference": N_("Preference"),
    "vacancies": N_("Vacancies"),
    "status": N_("Status"),
    "bound": N_("Bound"),
    "nonlocal": N_("Non-local"),
    "released": N_("Released"),
    "differs_from_plan_1": N_("Seats differing from plan 1"),
    "seat_id": N_("Seat id"),
    "unit_id": N_("Unit id"),
    "unit_name": N_("Unit"),
    "group_id": N_("Group id"),
    "group_name": N_("Group"),
    "role": N_("Role (code)"),
    "role_vi": N_("Role"),
    "official_id": N_("Official id"),
    "official_name": N_("Official"),
    "previous_official_id": N_("Previous holder id"),
    "previous_official_name": N_("Previous holder"),
    "changed": N_("Changed"),
    "reason": N_("Reason"),
    "official_from": N_("Comes from"),
    "previous_seat_id": N_("Seat held today"),
    "seats": N_("Seats"),
    "nonlocal_before": N_("Non-local today"),
    "nonlocal_after": N_("Non-local after"),
    "required": N_("Required"),
    "ratio": N_("Target ratio"),
}


def column_title(column: str) -> str:
    title = COLUMN_TITLES.get(column)
    return column if title is None else _(title)


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
    if column == "reason":
        return reason_words(text)  # the CSV keeps the code; a person reads the words
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
    titles = [column_title(c) for c in columns]
    sheet.append(titles)
    sheet.append(list(columns))
    for cell in sheet[TITLE_ROW]:
        cell.font = Font(bold=True)
    for cell in sheet[ID_ROW]:
        cell.font = Font(italic=True, color="808080", size=9)
    widths = [max(len(c), len(t)) for c, t in zip(columns, titles, strict=True)]
    for r, row in enumerate(rows, start=FIRST_DATA_ROW):
        for c, column in enumerate(columns, start=1):
            value = _value(column, row.get(column, ""))
            cell = sheet.cell(row=r, column=c)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula
                widths[c - 1] = max(widths[c - 1], len(value))
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = min(max(width + 2, 6), 45)
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    last = get_column_letter(max(len(columns), 1))
    sheet.auto_filter.ref = f"A{ID_ROW}:{last}{max(sheet.max_row, ID_ROW)}"


def _columns(rows: Sequence[Row], order: Sequence[str] = ()) -> list[str]:
    present = list(dict.fromkeys(k for r in rows for k in r))
    return [c for c in order if c in present] + [c for c in present if c not in order]


def write_workbook(path: Path, run: RunFolder) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    _sheet(book, _("Ranking"), _columns(run.ranking), run.ranking)
    for plan in run.plan_numbers():
        rows = sorted(run.seats(plan), key=lambda r: r.get("changed") != "1")
        _sheet(book, _("Plan {plan}").format(plan=plan), _columns(rows, PLAN_ORDER), rows)
    _sheet(book, _("Groups"), _columns(run.groups), run.groups)
    if run.released:
        _sheet(book, _("Released"), _columns(run.released), run.released)
    book.save(path)
