"""``planner validate SCENARIO``: check data and scenario, and show the batch as it is today.

Meant to be run after every edit of a spreadsheet: exit 0 with a summary, or exit 2 with every
problem (printed by :func:`planner.cli.main`), before anyone waits for a solver.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from planner.domain.distance import Distances
from planner.i18n import N_
from planner.inputs.consistency import load_checked, seats_in_scope

HELP = N_("Check the data folder and the scenario; print a summary of today's position.")


def validate(
    scenario: Annotated[Path, typer.Argument(help=N_("The scenario file (TOML)."))],
    target: Annotated[
        list[str] | None,
        typer.Option("--target", help=N_("R sets every group's ratio; GROUP=R one group's.")),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help=N_("SECTION.KEY=VALUE (a TOML value), e.g. plans.count=3.")),
    ] = None,
) -> None:
    """Check the data folder and the scenario; print a summary of today's position."""
    from planner.outputs.overview import format_summary, summarise

    checked, dataset, tree = load_checked(scenario, targets=target or (), sets=set_ or ())
    distances = Distances.from_dataset(dataset, tree)
    seats = seats_in_scope(checked, dataset, tree)
    typer.echo(format_summary(summarise(checked, dataset, tree, distances, seats)))
