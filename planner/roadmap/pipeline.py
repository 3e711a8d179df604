"""The whole of ``planner roadmap`` once the inputs are read: shared by the command and the
deliberation page (``planner serve``), so that both plan a roadmap the same way.

:func:`plan_roadmap` prepares the batches, solves ONE model over all of them, checks every
batch as an ordinary plan, plans them one at a time for comparison and writes the output
folder (contract section 10). With no roadmap it writes ``infeasibility.json`` and raises
:class:`~planner.roadmap.report.NoRoadmap` (carrying the explanation in words); when time runs
out first it raises :class:`~planner.solve.run.OutOfTime`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.domain.records import Dataset
from planner.domain.tree import AdminTree
from planner.i18n import _
from planner.inputs.scenario import Scenario
from planner.roadmap.report import NoRoadmap, infeasible_roadmap, roadmap_summary
from planner.roadmap.run import (
    Batch,
    Setup,
    batch_plans,
    engine_for,
    prepare,
    solve_greedy,
    solve_joint,
)
from planner.solve.run import OutOfTime, claim_out_dir


@dataclass(frozen=True, eq=False)
class PlannedRoadmap:
    setup: Setup
    batches: list[Batch]
    summary: dict[str, Any]  # run.json's roadmap part (planner.roadmap.report.roadmap_summary)
    folder: Path


def _silent(text: str) -> None:
    return None


def plan_roadmap(
    scenario: Scenario,
    dataset: Dataset,
    tree: AdminTree,
    out: Path,
    *,
    say: Callable[[str], None] = _silent,
    progress: Callable[[int, int], None] | None = None,
) -> PlannedRoadmap:
    """Plan the scenario's batches together into ``out``; ``say`` hears each step,
    ``progress(done, total)`` each independent part of the joint model solved."""
    started = time.perf_counter()
    setup = prepare(scenario, dataset, tree)
    claim_out_dir(out, setup.stay_problems[0])
    limit = scenario.plans.time_limit_s
    engine = engine_for(scenario)
    say(
        _("Roadmap of {k} batches ({dates}); solving one model over all of them...").format(
            k=len(setup.dates), dates=", ".join(d.isoformat() for d in setup.dates)
        )
    )
    joint = solve_joint(
        setup.joint,
        engine=engine,
        time_limit_s=limit,
        seed=scenario.plans.seed,
        progress=progress,
    )
    prepared_s = time.perf_counter() - started
    if joint.assignments is None:
        if joint.infeasible_parts:
            say(_("No roadmap exists; finding the shortfalls and checking the levers..."))
            text = infeasible_roadmap(out, setup, joint, engine=engine, time_limit_s=limit)
            raise NoRoadmap(_("No roadmap reaches the targets (infeasibility.json)."), text)
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
    return PlannedRoadmap(setup, batches, summary, folder)
