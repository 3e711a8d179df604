"""`planner roadmap SCENARIO --out DIR`: several batches planned together (contract section 10).

One model over all batches (least total cost, proven optimal or with its bound), the
batch-by-batch plan for comparison, every batch checked as an ordinary plan, and the folder
written whole or not at all; exit 3 with infeasibility.json when there is no roadmap.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from planner.commands.options import OUT_HELP, Overrides, overrides_options, solve_overrides
from planner.i18n import N_, _
from planner.inputs.consistency import load_checked

HELP = N_("Plan the scenario's batches together; compare with planning them one at a time.")


def roadmap(
    scenario: Annotated[Path, typer.Argument(help=N_("scenario.toml with a [roadmap] table"))],
    out: Annotated[Path, typer.Option("--out", help=OUT_HELP)],
    time_limit: Annotated[float | None, typer.Option("--time-limit", help=N_("seconds"))] = None,
    target: Overrides.TARGET = None,
    set_: Overrides.SET = None,
    pins: Overrides.PINS = None,
    quiet: Annotated[bool, typer.Option("--quiet", help=N_("no progress, no summary"))] = False,
) -> None:
    """Plan the scenario's batches together; compare with planning them one at a time."""
    from planner.roadmap.pipeline import plan_roadmap
    from planner.roadmap.report import NoRoadmap, print_summary

    targets, sets = overrides_options(target, set_, pins)
    sets += solve_overrides(time_limit=time_limit)
    scenario_, dataset, tree = load_checked(scenario, targets=targets, sets=sets)
    say = (lambda text: None) if quiet else (lambda text: typer.echo(text, err=True))
    try:
        planned = plan_roadmap(scenario_, dataset, tree, out, say=say)
    except NoRoadmap as error:
        typer.echo(error.details, err=True)
        raise
    if not quiet:
        print_summary(planned.setup, planned.batches, planned.summary)
        typer.echo("\n" + _("Written to {path}").format(path=planned.folder))
