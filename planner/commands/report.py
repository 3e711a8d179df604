"""``planner report DIR``: ``report.html`` and ``plans.xlsx`` in a run's output folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from planner.i18n import N_, _
from planner.report import write_report

HELP = N_(
    "Write a self-contained report.html (opens offline), plans.xlsx and proposal.docx "
    "for the meeting."
)


def report(
    folder: Annotated[Path, typer.Argument(help=N_("output folder of planner solve"))],
    xlsx: Annotated[
        bool, typer.Option("--xlsx/--no-xlsx", help=N_("also write plans.xlsx"))
    ] = True,
) -> None:
    """Write a self-contained report.html (opens offline) and plans.xlsx for the meeting."""
    for path in write_report(folder, xlsx=xlsx):
        typer.echo(_("Written {path}").format(path=path.resolve()))
