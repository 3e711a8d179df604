"""``planner report DIR``: ``report.html`` and ``plans.xlsx`` in a run's output folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from planner.report import write_report


def report(
    folder: Annotated[Path, typer.Argument(help="output folder of planner solve")],
    xlsx: Annotated[bool, typer.Option("--xlsx/--no-xlsx", help="also write plans.xlsx")] = True,
) -> None:
    """Write a self-contained report.html (opens offline) and plans.xlsx for the meeting."""
    for path in write_report(folder, xlsx=xlsx):
        typer.echo(f"Written {path.resolve()}")
