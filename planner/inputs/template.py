"""``planner template DIR``: a workbook to fill in and a scenario that points at it (section 11).

The workbook has the sheets of contract section 2 with Vietnamese headers (the first of each
column's accepted headers, :mod:`planner.inputs.headers`), drop-down lists (levels, roles,
gender, yes/no) and an instructions sheet with an example row per table. Its data sheets are
empty: ``planner validate`` on the untouched template says, in a line per table, what is still
to fill in. Existing files are never overwritten.
"""

from __future__ import annotations

from pathlib import Path

from planner.domain.levels import EDUCATION, POLITICAL_THEORY
from planner.errors import BadInput, Problem
from planner.i18n import _
from planner.inputs.headers import template_header
from planner.inputs.tables import REQUIRED_COLUMNS, TABLES

WORKBOOK, SCENARIO = "canbo.xlsx", "scenario.toml"
#: every column the reader knows, per table, in the order the template writes them
COLUMNS: dict[str, tuple[str, ...]] = {
    "units.csv": ("unit_id", "name", "level", "parent_id", "lat", "lon"),
    "adjacency.csv": ("unit_a", "unit_b", "km"),
    "seats.csv": (
        "seat_id",
        "unit_id",
        "role",
        "min_political_theory",
        "min_education",
        "required_tags",
    ),
    "officials.csv": (
        "official_id",
        "name",
        "gender",
        "birth_date",
        "home_unit_id",
        "other_home_unit_ids",
        "current_seat_id",
        "current_unit_id",
        "years_in_post",
        "political_theory",
        "education",
        "planned_roles",
        "tags",
        "disciplined",
    ),
    "relations.csv": ("official_a", "official_b", "kind"),
    "preferences.csv": ("official_id", "unit_id", "score"),
}
EXAMPLES: dict[str, tuple[object, ...]] = {
    "units.csv": ("X01", "Xã Tam Hiệp", "commune", "H01", 21.12, 105.58),
    "adjacency.csv": ("X01", "X02", 4.5),
    "seats.csv": ("X01-BT", "X01", "secretary", "intermediate", "bachelor", ""),
    "officials.csv": (
        "CB001",
        "Nguyễn Văn An",
        "M",
        "12/05/1970",
        "X02",
        "",
        "X01-BT",
        "X01",
        6,
        "advanced",
        "master",
        "secretary;chairman",
        "",
        0,
    ),
    "relations.csv": ("CB001", "CB008", "spouse"),
    "preferences.csv": ("CB006", "X01", 5),
}
#: drop-down lists by column
CHOICES: dict[str, tuple[str, ...]] = {
    "level": ("province", "district", "commune"),
    "role": ("secretary", "chairman"),
    "gender": ("Nam", "Nữ"),
    "disciplined": ("không", "có"),
    "min_political_theory": POLITICAL_THEORY,
    "political_theory": POLITICAL_THEORY,
    "min_education": EDUCATION,
    "education": EDUCATION,
}
ROWS_WITH_LISTS = 2000

SCENARIO_TEXT = """\
name = "Phương án luân chuyển"
data = "{workbook}"
as_of = "{today}"

[scope]
roles = ["secretary", "chairman"]

[target]
level = "district"
min_nonlocal_ratio = 0.5
"""


def write_template(folder: Path, today: str) -> list[Path]:
    """Write the workbook and the scenario into ``folder``; refuse (BadInput) if either exists."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    folder = Path(folder)
    paths = [folder / WORKBOOK, folder / SCENARIO]
    taken = [p for p in paths if p.exists()]
    if taken or (folder.exists() and not folder.is_dir()):
        raise BadInput(
            [
                Problem(str(p), None, None, _("already exists; the planner never overwrites it"))
                for p in taken or [folder]
            ]
        )
    folder.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    guide = book.active
    guide.title = "huong_dan"
    guide.append([_("How to fill in this workbook")])
    guide["A1"].font = Font(bold=True)
    guide.append(
        [_("One sheet per table; keep the headers in row 1; one row per unit, seat, official.")]
    )
    guide.append(
        [_("Dates as dd/mm/yyyy, yyyy-mm-dd or a year; decimals with a comma or a point.")]
    )
    guide.append([_("Sheets adjacency, relations and preferences may stay empty.")])
    for file in TABLES:
        sheet_name = file.removesuffix(".csv")
        columns = COLUMNS[file]
        guide.append([])
        guide.append([_("Sheet {sheet}: example row").format(sheet=sheet_name)])
        guide.append([template_header(c) for c in columns])
        guide.append(list(EXAMPLES[file]))
        sheet = book.create_sheet(sheet_name)
        sheet.append([template_header(c) for c in columns])
        for index, column in enumerate(columns):
            letter = get_column_letter(index + 1)
            cell = sheet.cell(row=1, column=index + 1)
            cell.font = Font(bold=column in REQUIRED_COLUMNS[file])
            sheet.column_dimensions[letter].width = max(14, len(str(cell.value)) + 2)
            if column in CHOICES:
                rule = DataValidation(
                    type="list",
                    formula1='"' + ",".join(CHOICES[column]) + '"',
                    allow_blank=True,
                    showErrorMessage=column not in ("role",),
                )
                rule.add(f"{letter}2:{letter}{ROWS_WITH_LISTS}")
                sheet.add_data_validation(rule)
    book.save(paths[0])
    paths[1].write_text(SCENARIO_TEXT.format(workbook=WORKBOOK, today=today), encoding="utf-8")
    return paths
