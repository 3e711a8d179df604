"""`planner solve SCENARIO --out DIR`: ranked plans, validated, written whole or not at all."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from planner.commands.options import OUT_HELP, Overrides, overrides_options, solve_overrides
from planner.i18n import N_, _
from planner.outputs.terminal import progress_printer, summary
from planner.report.folder import plan_one_holders
from planner.solve.executor import close_executor, make_executor
from planner.solve.problem import load_problem
from planner.solve.run import (
    NoPlan,
    changed_inputs,
    claim_out_dir,
    input_paths,
    require_plans,
    run_info,
    solve_problem,
    write_solve_output,
)

HELP = N_("Solve a scenario and write plans.csv, ranking.csv, groups.csv, released.csv, run.json.")


def solve(
    scenario: Annotated[Path, typer.Argument(help=N_("scenario.toml (or a previous run.json)"))],
    out: Annotated[Path, typer.Option("--out", help=OUT_HELP)],
    plans: Annotated[int | None, typer.Option("--plans", help=N_("number of ranked plans"))] = None,
    time_limit: Annotated[float | None, typer.Option("--time-limit", help=N_("seconds"))] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", help=N_("random seed (default: plans.seed)"))
    ] = None,
    target: Overrides.TARGET = None,
    set_: Overrides.SET = None,
    pins: Overrides.PINS = None,
    keep_close_to: Annotated[
        Path | None,
        typer.Option(
            "--keep-close-to",
            help=N_(
                "a previous run's output folder: among plans of least cost, prefer the one "
                "closest to its plan 1 (a pin or a changed target moves only what it must)"
            ),
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help=N_("no summary"))] = False,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help=N_(
                "Dask scheduler address (tcp://host:8786) to solve the parts on, "
                "or 'local' for a Dask cluster on this machine"
            ),
        ),
    ] = None,
) -> None:
    """Solve a scenario and write plans.csv, ranking.csv, groups.csv, released.csv, run.json."""
    targets, sets = overrides_options(target, set_, pins)
    sets += solve_overrides(plans=plans, time_limit=time_limit, seed=seed)
    problem = load_problem(scenario, targets=targets, sets=sets, frozen=True)
    claim_out_dir(out, problem)
    reference = None if keep_close_to is None else plan_one_holders(keep_close_to)
    for change in changed_inputs(scenario):
        typer.echo(
            _("Warning: {change}; this is not an exact re-run.").format(change=change), err=True
        )
    executor = make_executor(scheduler, problem.scenario.solver.workers) if scheduler else None
    try:
        run = solve_problem(
            problem,
            executor=executor,
            progress=None if quiet else progress_printer(),
            keep_close_to=reference,
        )
        try:
            require_plans(run)
        except NoPlan:
            from planner.explain import explain, render_text, write_infeasibility

            explained_problem = load_problem(scenario, targets=targets, sets=sets, all_pairs=True)
            explanation = explain(
                explained_problem,
                time_limit_s=problem.scenario.plans.time_limit_s,
                seed=problem.scenario.plans.seed,
                executor=executor,
            )
            write_infeasibility(
                out, explanation, run_info=run_info(run, "solve"), inputs=input_paths(problem)
            )
            typer.echo(render_text(explanation, explained_problem), err=True)
            raise
    finally:
        close_executor(executor)
    folder = write_solve_output(out, run, command="solve")
    if not quiet:
        typer.echo(
            summary(
                problem,
                run.plans,
                exhausted=run.outcome.exhausted,
                asked=problem.scenario.plans.count,
            )
        )
        typer.echo("\n" + _("Written to {path}").format(path=folder))
