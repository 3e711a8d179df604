"""`planner roadmap SCENARIO --out DIR`: several batches planned together (contract section 10).

One model over all batches (least total cost, proven optimal or with its bound), the
batch-by-batch plan for comparison, every batch checked as an ordinary plan, and the folder
written whole or not at all; exit 3 with infeasibility.json when there is no roadmap.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer

from planner.commands.options import OUT_HELP, Overrides, overrides_options, solve_overrides
from planner.i18n import N_, _
from planner.inputs.consistency import load_checked
from planner.roadmap.infeasible import render_text
from planner.roadmap.report import (
    NoRoadmap,
    infeasible_roadmap,
    print_summary,
    roadmap_summary,
)
from planner.roadmap.run import (
    batch_plans,
    engine_for,
    prepare,
    solve_greedy,
    solve_joint,
)
from planner.solve.run import OutOfTime, claim_out_dir

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
    targets, sets = overrides_options(target, set_, pins)
    sets += solve_overrides(time_limit=time_limit)
    scenario_, dataset, tree = load_checked(scenario, targets=targets, sets=sets)
    started = time.perf_counter()
    setup = prepare(scenario_, dataset, tree)
    claim_out_dir(out, setup.stay_problems[0])
    say = (lambda text: None) if quiet else (lambda text: typer.echo(text, err=True))
    limit = scenario_.plans.time_limit_s
    engine = engine_for(scenario_)
    say(
        _("Roadmap of {k} batches ({dates}); solving one model over all of them...").format(
            k=len(setup.dates), dates=", ".join(d.isoformat() for d in setup.dates)
        )
    )
    joint = solve_joint(setup.joint, engine=engine, time_limit_s=limit, seed=scenario_.plans.seed)
    prepared_s = time.perf_counter() - started
    if joint.assignments is None:
        if joint.infeasible_parts:
            say(_("No roadmap exists; finding the shortfalls and checking the levers..."))
            infeasible_roadmap(out, setup, joint, engine=engine, time_limit_s=limit)
            # the words from the file just written, so that they say exactly what it records
            data = json.loads((out / "infeasibility.json").read_text(encoding="utf-8"))
            typer.echo(render_text(data, setup), err=True)
            raise NoRoadmap(_("No roadmap reaches the targets (infeasibility.json)."))
        raise OutOfTime(
            _("Time ran out ({s:g} s) before any roadmap was found; raise --time-limit.").format(
                s=limit
            )
        )
    batches = batch_plans(setup, joint.assignments, str(joint.status), joint.bound)
    say(_("Planning the batches one at a time, for comparison..."))
    greedy = solve_greedy(setup, time_limit_s=limit)
    summary = roadmap_summary(setup, joint, batches, greedy, total_s=time.perf_counter() - started)
    summary["timings_s"]["joint_s"] = round(prepared_s, 3)
    from planner.roadmap.output import write_roadmap

    folder = write_roadmap(out, setup, batches, summary)
    if not quiet:
        print_summary(setup, batches, summary)
        typer.echo("\n" + _("Written to {path}").format(path=folder))
