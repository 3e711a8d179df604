"""`planner solve` as a library call: solve, map back, validate, write.

Every plan is checked by the validator (:mod:`planner.rules.validator`, which never calls a solver)
before anything is written; a plan that fails it is a bug, and the run stops instead of putting
a wrong plan in front of a committee.
"""

from __future__ import annotations

import json
import platform
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

from models import objective
from models.engines import Status
from models.instance import NO_ONE, IntArray
from models.objective import NOT_COVERED, differing
from planner import __version__
from planner.errors import BadInput, ExitCode, PlannerError, Problem
from planner.i18n import _
from planner.inputs.bulk import paused_gc
from planner.outputs.files import out_dir_problem, sha256, write_csv, write_folder, write_json
from planner.outputs.tables import (
    PLAN_COLUMNS,
    RANKING_COLUMNS,
    RELEASED_COLUMNS,
    group_columns,
    group_rows,
    holdings,
    nonlocal_today,
    plan_rows,
    ranking_row,
    released,
)
from planner.rules.validator import InvalidPlan, check_plan
from planner.solve.executor import Executor
from planner.solve.plan import Plan, plan_from_assignment
from planner.solve.problem import PlanningProblem
from planner.solve.strategy import Outcome, Progress, choose_engine, solve_ranked


class NoPlan(PlannerError):
    """No feasible plan exists (exit 3)."""

    exit_code = ExitCode.INFEASIBLE


class OutOfTime(PlannerError):
    """Time ran out before any plan was found (exit 4)."""

    exit_code = ExitCode.TIMEOUT


@dataclass
class SolveRun:
    problem: PlanningProblem
    outcome: Outcome
    plans: list[Plan]
    timings: dict[str, float] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)


def solve_problem(
    problem: PlanningProblem,
    *,
    executor: Executor | None = None,
    progress: Callable[[Progress], None] | None = None,
    validate: bool = True,
    hint: IntArray | None = None,
    keep_close_to: Mapping[str, str | None] | None = None,
    count: int | None = None,
) -> SolveRun:
    """Solve with the scenario's [plans] and [solver] settings; plans mapped to ids and
    validated. Infeasibility and time-outs are returned in ``outcome.status``, not raised.
    ``hint`` (a dense assignment, e.g. a neighbouring what-if variant's plan 1) warm-starts.
    ``keep_close_to`` (seat id -> official id or None, e.g. a previous run's plan 1; contract
    section 9's ``--keep-close-to``): among plans of equal cost, the one closest to it.
    ``count`` overrides ``[plans] count`` (the page shows plan 1 before ranking the rest)."""
    reference = None if keep_close_to is None else reference_assignment(problem, keep_close_to)
    scenario = problem.scenario
    started = time.time()
    outcome = solve_ranked(
        problem.instance,
        count=scenario.plans.count if count is None else count,
        min_difference=scenario.plans.min_difference,
        time_limit_s=scenario.plans.time_limit_s,
        seed=scenario.plans.seed,
        engine=scenario.solver.engine,
        workers=scenario.solver.workers,
        executor=executor,
        progress=progress,
        hint=hint,
        reference=reference,
    )
    plans = []
    for rank, sol in enumerate(outcome.solutions, start=1):
        parts = objective.parts(problem.instance, sol.assignment)
        cost = parts.cost(problem.instance.weights)
        if cost != sol.objective:
            raise InvalidPlan(
                (), rank, [f"solver cost {sol.objective} differs from the recomputed cost {cost}"]
            )
        plans.append(
            plan_from_assignment(
                rank,
                sol.assignment,
                problem.seat_ids,
                problem.official_ids,
                str(sol.status),
                cost,
                parts,
                sol.bound,
            )
        )
    timings = {
        "solve_s": round(time.time() - started, 3),
        **{k: round(v, 3) for k, v in outcome.timings.items()},
    }
    if validate and plans:
        check_started = time.time()
        validate_plans(problem, plans)
        timings["validate_s"] = round(time.time() - check_started, 3)
    settings = {
        "engine": scenario.solver.engine,
        "engine_used": choose_engine(problem.instance, scenario.solver.engine),
        "workers": scenario.solver.workers,
        "time_limit_s": scenario.plans.time_limit_s,
        "seed": scenario.plans.seed,
        "parts": outcome.parts,
        "status": str(outcome.status),
        "plans_found": len(plans),
        "plans_asked": scenario.plans.count,
        "no_further_distinct_plan": outcome.exhausted,
        "ortools": version("ortools"),
    }
    if reference is not None:
        settings["keep_close_to"] = {
            "seats_differing": [differing(reference, sol.assignment) for sol in outcome.solutions]
        }
    return SolveRun(problem, outcome, plans, timings, settings)


def reference_assignment(problem: PlanningProblem, holders: Mapping[str, str | None]) -> IntArray:
    """A plan given by ids (seat -> official or None) as a dense reference: seats it does not
    name are ``NOT_COVERED``; an official who takes no part here can hold no seat, so that
    seat simply differs from it in every plan."""
    officials = {o: i for i, o in enumerate(problem.official_ids)}
    out = np.full(len(problem.seats), NOT_COVERED, dtype=np.int64)
    for i, seat in enumerate(problem.seat_ids):
        if seat in holders:
            holder = holders[seat]
            out[i] = NO_ONE if holder is None else officials.get(holder, OUTSIDE)
    return out


#: a reference holder who is not among this problem's officials (never equal to a holder)
OUTSIDE = -3


def validate_plans(problem: PlanningProblem, plans: list[Plan]) -> None:
    """Every plan through the validator; :class:`InvalidPlan` at the first one it rejects."""
    with paused_gc():  # its sets of ids are many small objects, none in a cycle
        ctx = problem.rule_context()
        reports = [check_plan(ctx, plan) for plan in plans]
    for plan, report in zip(plans, reports, strict=True):
        mismatches = []
        if report.cost != plan.cost:
            mismatches.append(f"validator cost {report.cost} differs from plan cost {plan.cost}")
        if report.violations or mismatches:
            raise InvalidPlan(report.violations, plan.rank, mismatches)


def input_hashes(problem: PlanningProblem) -> dict[str, dict[str, str]]:
    """Every input file with its absolute path and SHA-256."""
    files = dict(sorted(problem.dataset.files.items()))
    inputs = {
        name: {"path": str(Path(path).resolve()), "sha256": sha256(path)}
        for name, path in files.items()
    }
    scenario_path = problem.scenario.path
    if scenario_path.is_file():
        inputs["scenario"] = {"path": str(scenario_path.resolve()), "sha256": sha256(scenario_path)}
    if problem.scenario.pins is not None and problem.scenario.pins.is_file():
        inputs["pins"] = {
            "path": str(problem.scenario.pins.resolve()),
            "sha256": sha256(problem.scenario.pins),
        }
    return inputs


def run_info(run: SolveRun, command: str) -> dict[str, Any]:
    """run.json: the scenario as run, input hashes, solver settings and status, timings."""
    problem = run.problem
    return {
        "planner_version": __version__,
        "command": command,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "scenario": dict(problem.scenario.effective),
        "inputs": input_hashes(problem),
        "solver": run.settings,
        "timings_s": run.timings,
        "warnings": list(problem.warnings),
    }


def explain_info(problem: PlanningProblem) -> dict[str, Any]:
    """run.json of ``planner explain --out``: the scenario as explained and its inputs."""
    return {
        "planner_version": __version__,
        "command": "explain",
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "scenario": dict(problem.scenario.effective),
        "inputs": input_hashes(problem),
        "warnings": list(problem.warnings),
    }


def changed_inputs(scenario: Path) -> list[str]:
    """For a re-run from a previous ``run.json``: the inputs whose content changed since.

    A re-run is only the same batch if the files are; a planner must hear when they are not.
    """
    path = scenario / "run.json" if scenario.is_dir() else scenario
    if path.suffix != ".json" or not path.is_file():
        return []
    try:
        recorded = json.loads(path.read_text(encoding="utf-8")).get("inputs", {})
    except (OSError, ValueError, AttributeError):
        return []
    out = []
    for name, entry in sorted(recorded.items()):
        file = Path(entry.get("path", ""))
        if not file.is_file():
            out.append(_("{name}: {file} no longer exists").format(name=name, file=file))
        elif sha256(file) != entry.get("sha256"):
            out.append(_("{name}: {file} has changed since that run").format(name=name, file=file))
    return out


def input_paths(problem: PlanningProblem) -> list[Path]:
    """The run's own inputs, which an output folder may never hold (contract section 9)."""
    paths = [problem.scenario.path, problem.scenario.data_dir, *problem.dataset.files.values()]
    if problem.scenario.pins is not None:
        paths.append(problem.scenario.pins)
    return paths


def claim_out_dir(out_dir: Path, problem: PlanningProblem) -> None:
    """Refuse, before any solving, an output folder that may not be written (exit 2)."""
    refused = out_dir_problem(out_dir, input_paths(problem))
    if refused:
        raise BadInput(Problem("--out", None, None, refused))


def write_solve_output(out_dir: Path, run: SolveRun, command: str = "solve") -> Path:
    problem = run.problem
    info = run_info(run, command)

    def fill(folder: Path) -> None:
        plan_table: list[dict[str, Any]] = []
        ranking, groups, gone = [], [], []
        first = run.plans[0]
        today = nonlocal_today(problem)
        for plan in run.plans:
            held = holdings(problem, plan)
            plan_table += plan_rows(problem, plan, held)
            out = released(problem, plan)
            gone += out
            groups += group_rows(problem, plan, held, today)
            ranking.append(ranking_row(plan, held, first))
        write_csv(folder / "plans.csv", PLAN_COLUMNS, plan_table)
        write_csv(folder / "ranking.csv", RANKING_COLUMNS, ranking)
        write_csv(folder / "groups.csv", group_columns(problem), groups)
        write_csv(folder / "released.csv", RELEASED_COLUMNS, gone)
        write_json(folder / "run.json", info)

    return write_folder(out_dir, fill, input_paths(problem))


def require_plans(run: SolveRun) -> None:
    """Raise the contract's exit statuses when there is nothing to write."""
    if run.outcome.status is Status.INFEASIBLE:
        raise NoPlan(_("No feasible plan exists for this scenario."))
    if run.outcome.status is Status.UNKNOWN or not run.plans:
        raise OutOfTime(
            _("Time ran out ({s:g} s) before any plan was found; raise --time-limit.").format(
                s=run.problem.scenario.plans.time_limit_s
            )
        )
