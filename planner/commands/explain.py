"""``planner explain SCENARIO [--out DIR]``: why there is no plan, in words and as JSON.

Exit 0 whenever the question was answered, also when the answer is "no plan": that is what the
planner asked. Bad input propagates as :class:`~planner.errors.BadInput` (exit 2 in
:func:`planner.cli.main`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from planner.commands.options import Overrides, overrides_options
from planner.errors import BadInput, Problem
from planner.i18n import N_, _
from planner.solve.problem import load_problem
from planner.solve.run import claim_out_dir, explain_info, input_paths

HELP = N_("Say which targets cannot be reached and which rules conflict, and what would help.")


def explain(
    scenario: Annotated[Path, typer.Argument(help=N_("scenario.toml (or a previous run.json)"))],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help=N_("folder to write infeasibility.json into (other files are kept)")
        ),
    ] = None,
    target: Overrides.TARGET = None,
    set_: Overrides.SET = None,
    pins: Overrides.PINS = None,
    time_limit: Annotated[
        float | None,
        typer.Option(
            "--time-limit",
            help=N_("seconds for the whole explanation (default: plans.time_limit_s)"),
        ),
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", help=N_("random seed (default: plans.seed)"))
    ] = None,
) -> None:
    """Say which targets cannot be reached and which rules conflict, and what would help."""
    if time_limit is not None and not time_limit > 0:
        raise BadInput(
            Problem(
                "--time-limit", None, None, _("{value} must be > 0").format(value=f"{time_limit:g}")
            )
        )
    from planner.explain import explain as explain_problem  # scipy.optimize: only when it runs
    from planner.explain import render_text, write_infeasibility

    targets, sets = overrides_options(target, set_, pins)
    problem = load_problem(scenario, targets=targets, sets=sets, all_pairs=True, frozen=True)
    if out is not None:
        claim_out_dir(out, problem)
    plans = problem.scenario.plans
    explanation = explain_problem(
        problem,
        time_limit_s=time_limit if time_limit is not None else plans.time_limit_s,
        seed=seed if seed is not None else plans.seed,
    )
    typer.echo(render_text(explanation, problem), nl=False)
    if out is not None:
        path = write_infeasibility(
            out,
            explanation,
            run_info=explain_info(problem),
            inputs=input_paths(problem),
            keep_other_files=True,
        )
        typer.echo("\n" + _("Written to {path}").format(path=path))
