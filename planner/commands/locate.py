"""``planner locate TABLE --column COL --units FILE --out FILE [--sheet NAME]`` (contract
section 12): free-text addresses to the unit ids of a units file, never guessed.

Writes TABLE with two more columns, ``COL_unit_id`` and ``COL_unit_name`` (blank where the
address did not match exactly one unit), and lists every unmatched or ambiguous address with its
row: on the terminal, and in ``OUT.problems.csv`` (CSV) or a sheet ``locate_problems``
(workbook). Works without the optional geography package: the units file is the truth.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from planner.errors import BadInput, Problem
from planner.geo.files import check_target, write_whole
from planner.i18n import N_, _

HELP = N_("Resolve the addresses of one column to unit ids; list those that match none or several.")


def problems_path(out: Path) -> Path:
    return out.with_name(f"{out.stem}.problems.csv")


def locate(
    table: Annotated[Path, typer.Argument(help=N_("a CSV file or a workbook (.xlsx)"))],
    column: Annotated[str, typer.Option("--column", help=N_("the column holding the addresses"))],
    units: Annotated[Path, typer.Option("--units", help=N_("the units.csv to match against"))],
    out: Annotated[Path, typer.Option("--out", help=N_("the table to write, CSV or .xlsx"))],
    sheet: Annotated[
        str | None, typer.Option("--sheet", help=N_("the workbook's sheet (when it has several)"))
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help=N_("replace existing output files"))
    ] = False,
) -> None:
    """Resolve the addresses of one column to unit ids; list those that match none or several."""
    from planner.geo.locate import Index
    from planner.geo.tables import (  # pandas and openpyxl: only when it runs
        is_workbook,
        read_addresses,
        read_units,
        write_csv_result,
        write_problems_csv,
        write_workbook_result,
    )

    if is_workbook(table) != is_workbook(out):
        raise BadInput(
            Problem(
                "--out",
                None,
                None,
                _("must be a workbook (.xlsx) for a workbook and a CSV file for a CSV file"),
            )
        )
    if out.resolve() in (table.resolve(), units.resolve()):
        raise BadInput(Problem("--out", None, None, _("must not be one of the input files")))
    check_target(out, force)
    if not is_workbook(out):
        check_target(problems_path(out), force)
    index = Index(read_units(units))
    addresses = read_addresses(table, column, sheet)
    found: dict[int, tuple[str, str]] = {}
    problems: list[dict[str, object]] = []
    for row, text in addresses.cells:
        outcome = index.resolve(text)
        if outcome.matched:
            unit = index.units[outcome.unit_ids[0]]
            found[row] = (unit.unit_id, unit.name)
            continue
        candidates = "; ".join(index.describe(u) for u in outcome.unit_ids)
        problems.append(
            {
                "row": row,
                "column": column,
                "address": text,
                "outcome": "ambiguous" if outcome.unit_ids else "unmatched",
                "candidates": candidates,
                "reason": outcome.reason,
            }
        )
    if is_workbook(out):
        write_whole(
            out,
            lambda path: write_workbook_result(table, path, sheet, column, found, problems),
        )
        listing = f"{out} [locate_problems]"
    else:
        write_whole(out, lambda path: write_csv_result(table, path, column, found))
        write_whole(problems_path(out), lambda path: write_problems_csv(path, problems))
        listing = str(problems_path(out))
    for p in problems:
        text = _("{where} row {row}, {column}: {address!r}: {reason}; left blank").format(
            where=addresses.where,
            row=p["row"],
            column=column,
            address=p["address"],
            reason=f"{p['reason']} ({p['candidates']})" if p["candidates"] else p["reason"],
        )
        typer.echo(text, err=True)
    typer.echo(
        _(
            "{out}: {matched} of {total} addresses matched; {left} left blank (listed in {listing})"
        ).format(
            out=out,
            matched=len(found),
            total=len(addresses.cells),
            left=len(problems),
            listing=listing,
        )
    )
