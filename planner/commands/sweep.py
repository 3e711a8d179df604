"""``planner sweep SCENARIO --targets 0.3:0.7:0.05 --out DIR``: one solve per non-local target.

Exit 0 once the sweep ran, also when some targets have no plan: where the target stops being
reachable is the answer the committee asked for. Bad input exits 2 before anything is solved.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from planner.commands.options import OUT_HELP, Overrides, overrides_options, solve_overrides
from planner.errors import BadInput, Problem
from planner.i18n import N_, _
from planner.solve.executor import close_executor, make_executor

HELP = N_("Solve the scenario at each target; write sweep.csv, sweep.png and variants/<target>/.")


def sweep(
    scenario: Annotated[Path, typer.Argument(help=N_("scenario.toml (or a previous run.json)"))],
    targets_text: Annotated[
        str,
        typer.Option(
            "--targets",
            help=N_(
                "ratios: 0.3,0.4,0.5, or a range FIRST:LAST:STEP (LAST included), e.g. 0.3:0.7:0.05"
            ),
        ),
    ],
    out: Annotated[Path, typer.Option("--out", help=OUT_HELP)],
    plans: Annotated[
        int | None,
        typer.Option(
            "--plans", help=N_("ranked plans per target (default: the scenario's plans.count)")
        ),
    ] = None,
    time_limit: Annotated[
        float | None, typer.Option("--time-limit", help=N_("seconds per target"))
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", help=N_("random seed (default: plans.seed)"))
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", help=N_("targets solved at once (0: all cores for large scenarios)")
        ),
    ] = 0,
    target: Overrides.TARGET = None,
    set_: Overrides.SET = None,
    pins: Overrides.PINS = None,
    quiet: Annotated[bool, typer.Option("--quiet", help=N_("no progress lines"))] = False,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help=N_(
                "Dask scheduler address (tcp://host:8786) to solve the targets on, "
                "or 'local' for a local Dask cluster"
            ),
        ),
    ] = None,
) -> None:
    """Solve the scenario at each target; write sweep.csv, sweep.png and variants/<target>/."""
    from planner.whatif.sweep import describe, parse_targets, run_sweep, summary

    if workers < 0:
        raise BadInput(
            Problem("--workers", None, None, _("{value} must be 0 or more").format(value=workers))
        )
    ratios = parse_targets(targets_text)
    fixed, sets = overrides_options(target, set_, pins)
    sets += solve_overrides(plans=plans, time_limit=time_limit, seed=seed)
    for text in fixed:
        if "=" not in text:
            raise BadInput(
                Problem(
                    "--target",
                    None,
                    None,
                    _(
                        "{text}: a sweep takes target.min_nonlocal_ratio from "
                        "--targets; use --target GROUP=R to hold one group's ratio"
                    ).format(text=text),
                )
            )
    executor = make_executor(scheduler, workers) if scheduler else None
    try:
        result = run_sweep(
            scenario,
            ratios,
            out,
            targets=fixed,
            sets=sets,
            workers=workers,
            on_result=None if quiet else lambda r: typer.echo(describe(r), err=True),
            executor=executor,
        )
    finally:
        close_executor(executor)
    typer.echo(summary(result))
    typer.echo(
        "\n" + _("Written to {path} (sweep.csv, sweep.png, variants/)").format(path=out.resolve())
    )
