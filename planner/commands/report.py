"""``planner report DIR``: ``report.html`` and ``plans.xlsx`` in a run's output folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from planner.i18n import N_, _

HELP = N_(
    "Write a self-contained report.html (opens offline), plans.xlsx and proposal.docx "
    "for the meeting."
)


def report(
    folder: Annotated[
        Path, typer.Argument(help=N_("output folder of planner solve (or planner roadmap)"))
    ],
    xlsx: Annotated[
        bool, typer.Option("--xlsx/--no-xlsx", help=N_("also write plans.xlsx"))
    ] = True,
) -> None:
    """Write a self-contained report.html (opens offline), plans.xlsx and proposal.docx for the
    meeting; on a roadmap folder, one per batch in order and an index of the batches."""
    # python-docx, Jinja2 and openpyxl: only when it runs
    from planner.report.write import write_report
    from planner.roadmap.report import is_roadmap_folder, write_roadmap_report

    paths = (
        write_roadmap_report(folder, xlsx=xlsx)
        if is_roadmap_folder(folder)
        else write_report(folder, xlsx=xlsx)
    )
    for path in paths:
        typer.echo(_("Written {path}").format(path=path.resolve()))
