"""The reader layer: where the tables come from (a folder of CSV files or one workbook).

Both sources yield the same thing, a :class:`RawTable` per table: the header mapped to the
contract's column names (:mod:`planner.inputs.headers`), and every row as text cells with the
row number a spreadsheet shows (header = row 1). Everything about *reading* is settled here
(encodings, BOMs, extra cells, duplicate headers, control characters, Excel's typed cells), so
:mod:`planner.inputs.tables` types and checks the same text whatever the source.

Encodings (contract section 2): a CSV file with a byte order mark is read in the BOM's
encoding (UTF-8 or UTF-16); without one it must be UTF-8, unless the scenario names another
encoding (``encoding = "cp1258"``), which is then used for files that are not valid UTF-8.
Every text is normalised to Unicode NFC (Windows-1258 writes tone marks as separate
combining characters).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from planner.errors import Collector
from planner.i18n import N_, _
from planner.inputs.headers import canonical

#: Columns whose text may hold a line break (a quoted cell in a spreadsheet); anywhere else a
#: line break, and everywhere any other control character but tab, is refused.
FREE_TEXT = frozenset({"name", "kind"})
_LINE_BREAKS = frozenset("\r\n")

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")

_UTF8_HINT = N_(
    'In Excel: File › Save As › "CSV UTF-8 (Comma delimited) (*.csv)"; or name the encoding in '
    'the scenario, e.g. encoding = "cp1258"'
)


@dataclass
class RawTable:
    """One table as text: columns by contract name, rows with their spreadsheet numbers."""

    #: the table's name in messages: "officials.csv", or "canbo.xlsx, sheet officials"
    label: str
    #: contract column name → the header as written (with the sheet's column letter)
    headers: dict[str, str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)

    def column_label(self, column: str) -> str:
        return self.headers.get(column, column)


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


#: Unicode's control characters (category Cc: U+0000-001F, U+007F-009F) but the tab
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def _control(text: str, column: str) -> str | None:
    """The first refused control character of a cell, named, or None."""
    for found in _CONTROL.finditer(text):
        ch = found.group()
        if ch in _LINE_BREAKS and column in FREE_TEXT:
            continue
        return f"U+{ord(ch):04X}"
    return None


def _table_from_cells(
    label: str,
    header: list[str],
    body: Iterator[tuple[int, list[str]]],
    problems: Collector,
    letter: Any = None,
) -> RawTable:
    """Map the header, then check and keep every row's cells (shared by both sources)."""
    columns: list[str | None] = []
    headers: dict[str, str] = {}
    for index, cell in enumerate(header):
        written = _nfc(cell)
        shown = (
            written
            if letter is None
            else _("{header} (column {letter})").format(header=written, letter=letter(index))
        )
        if not written:
            columns.append(None)
            continue
        name = canonical(written)
        if name != written:
            shown = f"{shown} [{name}]"
        if name in headers:
            problems.add(
                label,
                1,
                shown,
                _("two columns are named {column} ({first} and {second}); keep one").format(
                    column=name, first=headers[name], second=shown
                ),
            )
            columns.append(None)
            continue
        headers[name] = shown
        columns.append(name)
    table = RawTable(label, headers)
    nameless_reported: set[int] = set()
    named = [c for c in columns if c is not None]
    every_named = len(named) == len(columns)
    extra_rows: list[int] = []
    for row, cells in body:
        record: dict[str, str] = {}
        # most rows hold neither a control character nor an unnormalised letter: one test of
        # the whole row then spares each cell its own
        joined = "\t".join(cells)
        clean = _CONTROL.search(joined) is None
        normal = unicodedata.is_normalized("NFC", joined)
        if clean and normal and every_named and len(cells) <= len(columns):
            # nothing to report in this row: its cells as they are, without their margins
            table.rows.append((row, dict(zip(named, map(str.strip, cells), strict=False))))
            continue
        for index, raw in enumerate(cells):
            value = raw.strip() if normal else _nfc(raw)
            if index >= len(columns):
                extra_rows.append(row)
                break
            column = columns[index]
            if column is None:
                if value and index not in nameless_reported and not header[index].strip():
                    nameless_reported.add(index)
                    where = index + 1 if letter is None else letter(index)
                    problems.add(
                        label,
                        row,
                        _("column {where}").format(where=where),
                        _("holds values but has no header in row 1").format(),
                    )
                continue
            code = None if clean else _control(value, column)
            if code is not None:
                problems.add(
                    label,
                    row,
                    headers[column],
                    _("contains the control character {code}; remove it").format(code=code),
                )
                # shown as U+FFFD in any later message, so nothing reaches a terminal raw
                value = "".join("\ufffd" if _control(ch, column) else ch for ch in value)
            record[column] = value
        table.rows.append((row, record))
    if extra_rows:
        first = extra_rows[0]
        more = len(extra_rows) - 1
        problems.add(
            label,
            first,
            _("column {where}").format(
                where=len(columns) + 1 if letter is None else letter(len(columns))
            ),
            _(
                "this row has more cells than the header has columns ({n} columns)"
                "{more}; remove the extra cells (often a trailing comma) or name the column"
            ).format(
                n=len(columns),
                more=_(", and so do {count} more rows").format(count=more) if more else "",
            ),
        )
    return table


# --------------------------------------------------------------------------------------------
# CSV files


def decode(data: bytes, label: str, encoding: str | None, problems: Collector) -> str | None:
    """The text of a CSV file, or None (with the problem recorded) when it cannot be read."""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as error:
                _undecodable(data, error, label, codec, problems)
                return None
            return text.removeprefix("\ufeff")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if encoding is None:
            _undecodable(data, error, label, "UTF-8", problems)
            return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        _undecodable(data, error, label, encoding, problems)
        return None


def _undecodable(
    data: bytes, error: UnicodeDecodeError, label: str, codec: str, problems: Collector
) -> None:
    line = data[: error.start].count(b"\n") + 1
    problems.add(
        label,
        line,
        None,
        _("cannot be read as {codec} text (byte {byte} on this line). {hint}").format(
            codec=codec, byte=f"0x{data[error.start]:02X}", hint=_(_UTF8_HINT)
        ),
    )


def read_csv(path: Path, problems: Collector, encoding: str | None = None) -> RawTable | None:
    """One CSV file as a :class:`RawTable` (None, with the problem recorded, if unreadable)."""
    label = path.name
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.add(label, None, None, _("cannot be read: {error}").format(error=error.strerror))
        return None
    text = decode(data, label, encoding, problems)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        records = list(reader)
    except csv.Error as error:
        problems.add(
            label,
            reader.line_num,
            None,
            _("cannot be read as CSV ({error}); check the quotes on this line").format(error=error),
        )
        return None
    if not records:
        problems.add(label, None, None, _("is empty; a header row is required"))
        return None
    if not any(c.strip() for c in records[0]):
        problems.add(label, 1, None, _("has no header row (row 1 must name the columns)"))
        return None
    header = records[0]
    body = ((number, cells) for number, cells in enumerate(records[1:], start=2))
    return _table_from_cells(label, header, body, problems)


# --------------------------------------------------------------------------------------------
# workbooks


def cell_text(value: Any) -> str:
    """An Excel cell's value as the text a CSV file would hold (dates ISO, no float noise)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        # 15 significant digits: what Excel shows, without binary noise (0.30000000000000004)
        return format(Decimal(format(value, ".15g")), "f")
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    return str(value)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def read_workbook(
    path: Path, sheets: tuple[str, ...], problems: Collector
) -> dict[str, RawTable | None] | None:
    """Every sheet named in ``sheets`` (case-insensitively) that the workbook has, as a
    :class:`RawTable` (None when it has no header row); absent sheets are absent from the
    result. An unreadable workbook is one problem and ``None``."""
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (
        OSError,
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        ValueError,
        TypeError,
        EOFError,
    ) as error:
        problems.add(
            path.name,
            None,
            None,
            _("cannot be read as an Excel workbook (.xlsx): {error}").format(error=error),
        )
        return None
    try:
        by_name = {name.strip().lower(): name for name in book.sheetnames}
        out: dict[str, RawTable | None] = {}
        for sheet in sheets:
            name = by_name.get(sheet)
            if name is None:
                continue
            rows = book[name].iter_rows(values_only=True)
            label = _("{workbook}, sheet {sheet}").format(workbook=path.name, sheet=name)
            header_values = next(rows, None)
            if header_values is None or not any(v not in (None, "") for v in header_values):
                problems.add(label, 1, None, _("has no header row (row 1 must name the columns)"))
                out[sheet] = None
                continue
            header = [cell_text(v) for v in header_values]
            while header and not header[-1].strip():
                header.pop()
            body = (
                (number, _trimmed([cell_text(v) for v in values], len(header)))
                for number, values in enumerate(rows, start=2)
            )
            out[sheet] = _table_from_cells(label, header, body, problems, _column_letter)
        return out
    finally:
        book.close()


def _trimmed(cells: list[str], width: int) -> list[str]:
    """A sheet row without the empty cells beyond the header (Excel rows are all as wide as
    the widest row; only a value beyond the header is an extra cell)."""
    while len(cells) > width and not cells[-1].strip():
        cells.pop()
    return cells
