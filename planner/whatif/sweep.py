"""``planner sweep``: the same batch under a series of non-local targets.

A committee rarely starts from a fixed target: it wants to see what each step up costs (moves,
km, wishes) and where the target stops being reachable at all, before it argues about it. Each
target is one what-if variant (the ratio as ``target.min_nonlocal_ratio``, on top of the usual
overrides), solved and validated exactly as ``planner solve`` would, and written whole into
``variants/<target>/`` so any point can be reported or compared afterwards.

Variants are independent, so they run side by side through :mod:`planner.solve.executor`. They are
solved in increasing target order: the lowest alone, then in waves of as many variants as there
are workers, each wave warm-started from the previous wave's plan 1 at its highest solved target
(neighbouring targets have neighbouring plans; on Hanoi 2025 a warm start cut a variant from
about 19 s to 5 s, which is worth more than a second core). Raising the ratio never lowers
any group's required count, so once a target has no plan every higher target has none either;
those points are marked without solving. For points without a plan, the groups that fall
short come from one "most non-locals" solve per group with every rule but the targets
(:func:`planner.explain.solving.maxima`): that maximum does not depend on the target, so it is
computed once for the whole sweep.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from models.instance import NO_ONE
from planner import __version__
from planner.domain.targets import required_count
from planner.domain.words import role_title
from planner.errors import BadInput, Problem
from planner.i18n import _
from planner.inputs.scenario import Override
from planner.outputs.files import RUN_FILE, write_csv, write_folder, write_json
from planner.outputs.status import status_words
from planner.solve.executor import Executor, SerialExecutor, available_cores, local_executor
from planner.solve.problem import PlanningProblem, load_problem
from planner.solve.run import claim_out_dir, input_paths

#: Variants of problems smaller than this (candidate pairs) are solved one after the other in
#: this process unless ``--workers`` says otherwise: a worker process takes about a second to
#: start, more than such a variant takes to solve, and a serial chain warm-starts every point.
PARALLEL_MIN_PAIRS = 20_000

#: Decimals kept for a target (0.05 steps need 2; nobody sets a target finer than 0.0001).
MAX_DECIMALS = 4


# ---------------------------------------------------------------------------------------------
# targets


def _decimals(text: str) -> int:
    text = text.strip().lower()
    if "e" in text:
        return MAX_DECIMALS
    return len(text.partition(".")[2])


def _ratio(text: str, problems: list[Problem]) -> float | None:
    try:
        value = float(text)
    except ValueError:
        problems.append(
            Problem("--targets", None, None, _('"{text}" is not a number').format(text=text))
        )
        return None
    if not math.isfinite(value) or not 0 <= value <= 1:
        problems.append(
            Problem(
                "--targets",
                None,
                None,
                _("ratio {value} is outside [0, 1]").format(value=text.strip()),
            )
        )
        return None
    return value


def parse_targets(text: str) -> list[float]:
    """``0.3,0.4,0.5`` or ``0.3:0.7:0.05`` (end included), or a mix separated by commas.

    Values are rounded to the decimals written (a range: those of its start, end and step), so
    ``0.3:0.7:0.05`` gives 0.35, not 0.35000000000000003, and the end is never lost to float
    drift. Sorted, duplicates removed.
    """
    problems: list[Problem] = []
    values: list[float] = []
    items = [t.strip() for t in text.split(",")]
    if not any(items):
        raise BadInput(
            Problem(
                "--targets", None, None, _("no targets given; e.g. 0.3,0.4,0.5 or 0.3:0.7:0.05")
            )
        )
    for item in items:
        if not item:
            continue
        if ":" in item:
            pieces = item.split(":")
            if len(pieces) != 3:
                problems.append(
                    Problem(
                        "--targets",
                        None,
                        None,
                        _('"{item}": a range is FIRST:LAST:STEP, e.g. 0.3:0.7:0.05').format(
                            item=item
                        ),
                    )
                )
                continue
            start, end = _ratio(pieces[0], problems), _ratio(pieces[1], problems)
            try:
                step = float(pieces[2])
            except ValueError:
                step = math.nan
            if not (math.isfinite(step) and step > 0):
                problems.append(
                    Problem(
                        "--targets",
                        None,
                        None,
                        _('"{item}": the step {step} must be a number greater than 0').format(
                            item=item, step=pieces[2].strip()
                        ),
                    )
                )
                continue
            if start is None or end is None:
                continue
            if end < start:
                problems.append(
                    Problem(
                        "--targets",
                        None,
                        None,
                        _('"{item}": the end is below the start').format(item=item),
                    )
                )
                continue
            places = min(MAX_DECIMALS, max(_decimals(p) for p in pieces))
            count = math.floor((end - start) / step + 1e-9) + 1
            values += [round(start + i * step, places) for i in range(count)]
        else:
            value = _ratio(item, problems)
            if value is not None:
                values.append(round(value, MAX_DECIMALS))
    if problems:
        raise BadInput(problems)
    return sorted(set(values))


def label(ratio: float) -> str:
    """How a target is written in file names and tables: ``0.35``, ``1``."""
    return f"{ratio:.{MAX_DECIMALS}f}".rstrip("0").rstrip(".") or "0"


# ---------------------------------------------------------------------------------------------
# one variant (runs in a worker process: plain, picklable values in and out)


@dataclass(frozen=True)
class VariantJob:
    scenario: str
    targets: tuple[str, ...]  # the user's --target options; the sweep's ratio comes last
    sets: tuple[Override, ...]
    ratio: float
    out_dir: str
    hint: tuple[str | None, ...] | None = None  # official id per seat (the seat order is fixed)
    own_processes: bool = True  # may the variant start worker processes for its parts?


@dataclass(frozen=True)
class VariantResult:
    ratio: float
    status: str  # OPTIMAL, FEASIBLE, INFEASIBLE or UNKNOWN (of plan 1)
    plans: int = 0
    cost: int | None = None
    changes: int | None = None
    distance_km: int | None = None
    preference: int | None = None
    vacancies: int | None = None
    nonlocal_: int | None = None
    groups: tuple[tuple[str, int], ...] = ()  # (group id, non-locals in plan 1)
    holders: tuple[str | None, ...] | None = None  # plan 1, official id per seat
    folder: str = ""
    seconds: float = 0.0
    implied_by: float | None = None  # infeasible because a lower target already was


def solve_variant(job: VariantJob) -> VariantResult:
    """Solve one target and write its output folder (only when there is a plan)."""
    from planner.outputs.tables import group_rows, holdings
    from planner.solve.run import solve_problem, write_solve_output

    started = time.time()
    problem = load_problem(job.scenario, targets=(*job.targets, label(job.ratio)), sets=job.sets)
    hint = None
    if job.hint is not None:
        index = {oid: i for i, oid in enumerate(problem.official_ids)}
        hint = np.array(
            [index.get(o, NO_ONE) if o is not None else NO_ONE for o in job.hint], dtype=np.int64
        )
    run = solve_problem(
        problem, hint=hint, executor=None if job.own_processes else SerialExecutor()
    )
    status = str(run.outcome.status)
    if not run.plans:
        return VariantResult(job.ratio, status, seconds=time.time() - started)
    folder = write_solve_output(Path(job.out_dir), run, command="sweep")
    first = run.plans[0]
    held = holdings(problem, first)
    groups = tuple(
        (str(g["group_id"]), int(g["nonlocal_after"])) for g in group_rows(problem, first, held)
    )
    return VariantResult(
        job.ratio,
        status,
        plans=len(run.plans),
        cost=first.cost,
        changes=first.parts.changes,
        distance_km=first.parts.distance_km,
        preference=first.parts.preference,
        vacancies=first.parts.vacancies,
        nonlocal_=sum(1 for h in held if h.nonlocal_),
        groups=groups,
        holders=tuple(first.holders[s] for s in problem.seat_ids),
        folder=str(folder),
        seconds=time.time() - started,
    )


# ---------------------------------------------------------------------------------------------
# the sweep


@dataclass(frozen=True)
class Shortfall:
    """A target (group, or group and role) that cannot reach its required count."""

    group_id: str
    role: str | None
    seats: int
    required: int
    max_reachable: int

    def __str__(self) -> str:
        who = self.group_id if self.role is None else f"{self.group_id} {self.role}"
        if self.max_reachable < 0:
            return f"{who} has no plan even without a target"
        return f"{who} max {self.max_reachable} < {self.required}"

    def words(self, problem: PlanningProblem) -> str:
        """The same for a person: the group's name, the role's title, in the chosen language."""
        who = problem.tree.name_of(self.group_id)
        if self.role is not None:
            who = f"{who}, {role_title(self.role)}"
        if self.max_reachable < 0:
            return _("{who}: no plan even without a target").format(who=who)
        return _("{who}: at most {reachable} < {required}").format(
            who=who, reachable=self.max_reachable, required=self.required
        )


@dataclass
class Sweep:
    problem: PlanningProblem  # at the lowest target (groups, names, seats)
    ratios: list[float]
    results: list[VariantResult]
    workers: int
    maxima: dict[tuple[str, str | None], int] | None = None  # None: not computed
    shortfalls: dict[float, list[Shortfall]] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def highest_feasible(self) -> float | None:
        found = [r.ratio for r in self.results if r.holders is not None]
        return max(found) if found else None

    @property
    def lowest_infeasible(self) -> float | None:
        found = [r.ratio for r in self.results if r.status == "INFEASIBLE"]
        return min(found) if found else None


def _required(problem: PlanningProblem, ratio: float) -> list[tuple[str, str | None, int, int]]:
    """(group, role, seats, required) of every target when the base ratio is ``ratio``."""
    target = problem.scenario.target
    out = []
    for t in problem.targets:
        r = target.groups.get(t.group_id, ratio) if t.role is None else t.ratio
        out.append((t.group_id, t.role, len(t.seat_ids), required_count(r, len(t.seat_ids))))
    return out


def _maxima(
    problem: PlanningProblem, executor: Executor, time_limit_s: float
) -> dict[tuple[str, str | None], int]:
    from planner.explain.solving import maxima
    from planner.solve.strategy import choose_engine

    index = {s: i for i, s in enumerate(problem.seat_ids)}
    rows = [np.array([index[s] for s in t.seat_ids], dtype=np.int64) for t in problem.targets]
    found = maxima(
        problem.instance,
        rows,
        deadline=time.time() + time_limit_s,
        seed=problem.scenario.plans.seed,
        engine=choose_engine(problem.instance, problem.scenario.solver.engine),
        executor=executor,
    )
    # an unproven maximum is an upper bound: "short" is then still certain
    return {
        (t.group_id, t.role): (-1 if m.value is None else int(m.value))
        for t, m in zip(problem.targets, found, strict=True)
    }


def auto_workers(problem: PlanningProblem) -> int:
    """Variants solved at once when ``--workers`` is not given.

    One for small problems (starting a worker costs more than a solve) and for problems with at
    least as many independent parts as cores (each variant already solves its parts on every
    core, and solving one after the other keeps every variant warm-started from its neighbour);
    otherwise one per core.
    """
    from models.decompose import components

    cores = available_cores()
    if problem.instance.n_pairs < PARALLEL_MIN_PAIRS:
        return 1
    return 1 if len(components(problem.instance)) >= cores else cores


def run_sweep(
    scenario: str | Path,
    ratios: Sequence[float],
    out_dir: Path,
    *,
    targets: Sequence[str] = (),
    sets: Sequence[Override] = (),
    workers: int = 0,
    on_result: Callable[[VariantResult], None] | None = None,
    executor: Executor | None = None,
) -> Sweep:
    """Solve every ratio, write ``out_dir`` (whole or not at all) and return what was found.

    ``workers``: worker processes (0: every available core for large problems, none for small
    ones, see :data:`PARALLEL_MIN_PAIRS`). ``executor`` (e.g. a Dask cluster) replaces the
    local pool; the variants then run as many at once as it has workers. Bad input raises
    before anything is solved.
    """
    started = time.time()
    ratios = sorted(set(ratios))
    if not ratios:
        raise BadInput(Problem("--targets", None, None, _("no targets given")))
    path = str(Path(scenario).resolve())
    # reads and checks everything (data, scenario, overrides, pins) before any solving
    problem = load_problem(path, targets=(*targets, label(ratios[0])), sets=sets)
    claim_out_dir(Path(out_dir), problem)
    if executor is None:
        count = max(1, min(workers or auto_workers(problem), len(ratios)))
        executor = local_executor(count)
    else:
        count = max(1, min(executor.workers, len(ratios)))
    sweep = Sweep(problem, list(ratios), [], count)
    report = on_result or (lambda _: None)

    def fill(folder: Path) -> None:
        variants = folder / "variants"
        variants.mkdir()
        results: dict[float, VariantResult] = {}
        hint: tuple[str | None, ...] | None = None
        infeasible_from: float | None = None
        todo = list(ratios)
        while todo:
            if infeasible_from is not None:
                for ratio in todo:
                    result = VariantResult(ratio, "INFEASIBLE", implied_by=infeasible_from)
                    results[ratio] = result
                    report(result)
                break
            # the first target alone: every later wave then starts from a plan
            size = 1 if not results else count
            wave, todo = todo[:size], todo[size:]
            alone = len(wave) == 1
            jobs = [
                VariantJob(
                    path,
                    tuple(targets),
                    tuple(sets),
                    ratio,
                    str(variants / label(ratio)),
                    hint,
                    own_processes=alone,
                )
                for ratio in wave
            ]
            runner = SerialExecutor() if alone else executor
            for _job, result in runner.run(solve_variant, jobs):
                results[result.ratio] = result
                report(result)
            solved = [results[r] for r in wave if results[r].holders is not None]
            if solved:
                hint = solved[-1].holders
            lost = [r for r in wave if results[r].status == "INFEASIBLE"]
            if lost:
                infeasible_from = min(lost)
        sweep.results = [results[r] for r in ratios]
        if any(r.status == "INFEASIBLE" for r in sweep.results):
            sweep.maxima = _maxima(
                problem,
                executor if count > 1 else SerialExecutor(),
                problem.scenario.plans.time_limit_s,
            )
            for result in sweep.results:
                if result.status == "INFEASIBLE":
                    sweep.shortfalls[result.ratio] = [
                        Shortfall(g, role, seats, required, sweep.maxima[(g, role)])
                        for g, role, seats, required in _required(problem, result.ratio)
                        if sweep.maxima[(g, role)] < required
                    ]
        sweep.seconds = time.time() - started
        write_table(folder / "sweep.csv", sweep)
        info = sweep_info(sweep)
        write_json(folder / "sweep.json", info)
        write_json(folder / RUN_FILE, info)  # marks the folder as the planner's
        from planner.report.charts import SweepPoint, sweep_chart

        sweep_chart(
            folder / "sweep.png",
            [SweepPoint(r.ratio, r.status, r.changes, r.cost) for r in sweep.results],
            _("{scenario}: what each target costs").format(scenario=problem.scenario.name),
        )

    write_folder(Path(out_dir), fill, input_paths(problem))
    return sweep


# ---------------------------------------------------------------------------------------------
# outputs


def table_columns(sweep: Sweep) -> list[str]:
    groups = sweep.problem.groups
    return (
        [
            "target",
            "status",
            "cost",
            "changes",
            "distance_km",
            "preference",
            "vacancies",
            "nonlocal",
        ]
        + [f"nonlocal_{g}" for g in groups]
        + [f"required_{g}" for g in groups]
        + ["short_groups", "folder"]
    )


def table_rows(sweep: Sweep) -> list[dict[str, Any]]:
    rows = []
    for result in sweep.results:
        required = {
            g: req
            for g, role, _seats, req in _required(sweep.problem, result.ratio)
            if role is None
        }
        after = dict(result.groups)
        row: dict[str, Any] = {
            "target": label(result.ratio),
            "status": result.status,
            "cost": result.cost,
            "changes": result.changes,
            "distance_km": result.distance_km,
            "preference": result.preference,
            "vacancies": result.vacancies,
            "nonlocal": result.nonlocal_,
            "folder": f"variants/{label(result.ratio)}" if result.holders is not None else "",
        }
        for g in sweep.problem.groups:
            row[f"nonlocal_{g}"] = after.get(g)
            row[f"required_{g}"] = required.get(g)
        if result.status == "INFEASIBLE":
            row["short_groups"] = "; ".join(str(s) for s in sweep.shortfalls.get(result.ratio, []))
        rows.append(row)
    return rows


def write_table(path: Path, sweep: Sweep) -> None:
    write_csv(path, table_columns(sweep), table_rows(sweep))


def json_copy(tree: Any) -> Any:
    if isinstance(tree, Mapping):
        return {k: json_copy(v) for k, v in tree.items()}
    if isinstance(tree, list | tuple):
        return [json_copy(v) for v in tree]
    return tree


def sweep_info(sweep: Sweep) -> dict[str, Any]:
    """sweep.json: enough to re-run the sweep and to know how each point was reached."""
    scenario = json_copy(sweep.problem.scenario.effective)
    scenario["target"]["min_nonlocal_ratio"] = None  # swept: see "targets"
    return {
        "planner_version": __version__,
        "command": "sweep",
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "scenario": scenario,
        "swept": "target.min_nonlocal_ratio",
        "targets": [label(r) for r in sweep.ratios],
        "workers": sweep.workers,
        "seconds": round(sweep.seconds, 3),
        "max_reachable": None
        if sweep.maxima is None
        else [
            {"group_id": g, "role": role, "max_reachable": m}
            for (g, role), m in sweep.maxima.items()
        ],
        "points": [
            {
                "target": label(r.ratio),
                "status": r.status,
                "plans": r.plans,
                "seconds": round(r.seconds, 3),
                "implied_by": None if r.implied_by is None else label(r.implied_by),
            }
            for r in sweep.results
        ],
    }


def describe(result: VariantResult) -> str:
    """One line per point as it finishes (the progress of a long sweep)."""
    fields = {"target": label(result.ratio), "status": status_words(result.status)}
    if result.holders is not None:
        return _("target {target}: {status}, cost {cost}, {changes} changes ({seconds} s)").format(
            cost=result.cost, changes=result.changes, seconds=f"{result.seconds:.1f}", **fields
        )
    if result.implied_by is not None:
        return _("target {target}: {status} (already none at {lower})").format(
            lower=label(result.implied_by), **fields
        )
    return _("target {target}: {status} ({seconds} s)").format(
        seconds=f"{result.seconds:.1f}", **fields
    )


def summary(sweep: Sweep) -> str:
    from planner.outputs.terminal import text_table as _table

    lines = [
        _("{scenario}: {n} targets, {workers} worker(s), {seconds} s").format(
            scenario=sweep.problem.scenario.name,
            n=len(sweep.ratios),
            workers=sweep.workers,
            seconds=f"{sweep.seconds:.1f}",
        ),
        "",
    ]
    rows = []
    for r in sweep.results:
        short = "; ".join(s.words(sweep.problem) for s in sweep.shortfalls.get(r.ratio, []))
        rows.append(
            [
                label(r.ratio),
                status_words(r.status),
                "" if r.cost is None else str(r.cost),
                "" if r.changes is None else str(r.changes),
                "" if r.distance_km is None else str(r.distance_km),
                "" if r.nonlocal_ is None else str(r.nonlocal_),
                short,
            ]
        )
    headers = [_("target"), _("status"), _("cost"), _("changes"), "km", _("non-local"), _("short")]
    lines += _table(headers, rows)
    high, low = sweep.highest_feasible, sweep.lowest_infeasible
    lines.append("")
    if low is None:
        lines.append(
            _("Every target has a plan.")
            if high is not None
            else _("No target got a plan in the time limit.")
        )
    elif high is None:
        lines.append(
            _(
                "No target has a plan, not even {low}: run planner explain on the scenario "
                "with --target {low} to see which rules conflict."
            ).format(low=label(low))
        )
    else:
        lines.append(
            _("The target is reachable up to {high}; from {low} there is no plan.").format(
                high=label(high), low=label(low)
            )
        )
        if sweep.maxima:
            for (g, role), m in sweep.maxima.items():
                seats = next(
                    len(t.seat_ids)
                    for t in sweep.problem.targets
                    if t.group_id == g and t.role == role
                )
                who = sweep.problem.tree.name_of(g)
                if role is not None:
                    who = f"{who}, {role_title(role)}"
                lines.append(
                    "  "
                    + _(
                        "{who}: at most {reachable} of {seats} seats can be non-local ({share})"
                    ).format(who=who, reachable=m, seats=seats, share=f"{m / seats:.0%}")
                    if m >= 0
                    else "  " + _("{who}: no plan even without a target").format(who=who)
                )
    return "\n".join(lines)
