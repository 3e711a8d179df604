"""``planner template DIR``: a workbook to fill in and its scenario (contract section 11)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from planner.i18n import N_, _
from planner.inputs.template import write_template

HELP = N_(
    "Write a workbook to fill in (Vietnamese headers, drop-down lists) and a scenario.toml; "
    "never overwrites a file."
)


def template(
    folder: Annotated[
        Path, typer.Argument(help=N_("Folder to write canbo.xlsx and scenario.toml in."))
    ],
) -> None:
    """Write a workbook to fill in (Vietnamese headers, drop-down lists) and a scenario.toml;
    never overwrites a file."""
    for path in write_template(folder, date.today().isoformat()):
        typer.echo(_("Wrote {path}").format(path=path))
