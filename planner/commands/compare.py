"""``planner compare DIR_A DIR_B [--plan N]``: what differs between two runs' plans.

Reads the two output folders only; prints the differences and, with ``--out FILE``, writes them
as one CSV (one difference per row). Nothing is written into the run folders: they are records.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from planner.errors import BadInput, Problem
from planner.i18n import N_, _

HELP = N_("Seats, officials, per-group non-local counts and costs that differ between two runs.")


def compare(
    dir_a: Annotated[Path, typer.Argument(help=N_("output folder of the first run"))],
    dir_b: Annotated[Path, typer.Argument(help=N_("output folder of the second run"))],
    plan: Annotated[int, typer.Option("--plan", help=N_("plan number to compare"))] = 1,
    plan_b: Annotated[
        int | None,
        typer.Option("--plan-b", help=N_("plan number in DIR_B (default: the same as --plan)")),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help=N_("also write the differences to this CSV file, e.g. compare.csv")
        ),
    ] = None,
) -> None:
    """Seats, officials, per-group non-local counts and costs that differ between two runs."""
    from planner.whatif.compare import compare as compare_runs
    from planner.whatif.compare import render, write_comparison

    if plan < 1 or (plan_b is not None and plan_b < 1):
        raise BadInput(Problem("--plan", None, None, _("plan numbers start at 1")))
    comparison = compare_runs(dir_a, dir_b, plan, plan_b)
    typer.echo(render(comparison))
    if out is not None:
        write_comparison(out, comparison)
        typer.echo("\n" + _("Written to {path}").format(path=out.resolve()))
