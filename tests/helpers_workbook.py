"""The tiny dataset (conftest.TINY) as an Excel workbook, as a committee's staff would keep it.

:func:`write_workbook` writes one sheet per table with Excel's own cell types: numbers as
numbers (ids such as 1001 too, when they are digits), dates as dates, and optionally the
Vietnamese headers of :mod:`planner.inputs.headers`.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from conftest import TINY
from openpyxl import Workbook

from planner.inputs.headers import template_header


def _typed(column: str, text: str) -> object:
    """A CSV cell as Excel would type it."""
    if not text:
        return None
    if column == "birth_date" and len(text) == 10:
        return date.fromisoformat(text)
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text


def write_workbook(
    path: Path, *, vietnamese: bool = False, tables: dict[str, str] | None = None
) -> Path:
    tables = tables if tables is not None else {k: v for k, v in TINY.items() if k != "scenario"}
    book = Workbook()
    book.remove(book.active)
    for stem, text in tables.items():
        rows = list(csv.reader(io.StringIO(text)))
        sheet = book.create_sheet(stem)
        header = rows[0]
        sheet.append([template_header(c) if vietnamese else c for c in header])
        for row in rows[1:]:
            sheet.append([_typed(c, v) for c, v in zip(header, row, strict=False)])
    book.save(path)
    return path
