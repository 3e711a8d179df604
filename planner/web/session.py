"""One planner's session on the page: the open scenario, the changes made on the page, the pins,
and every run, each in its own folder under the session's temporary working folder.

Everything here calls the same library functions as the commands (``load_problem``,
``solve_problem``, ``write_solve_output``, ``explain``, ``run_sweep``, ``compare``,
``write_report``, ``plan_roadmap``): the page has no solving path of its own. The scenario's
folder is only read; pins, uploads and outputs are written under :attr:`Session.work`, removed
by :meth:`close`.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import threading
import time
import traceback
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from planner.domain.distance import Distances
from planner.domain.records import Dataset
from planner.domain.tree import AdminTree
from planner.domain.words import role_title
from planner.errors import BadInput, PlannerError, Problem
from planner.i18n import N_, _
from planner.inputs.consistency import (
    check_scenario_against_data,
    cost_bound_problems,
    load_checked,
    seats_in_scope,
)
from planner.inputs.scenario import Scenario, load_scenario
from planner.outputs.overview import Summary, summarise
from planner.report.folder import RunFolder, plan_one_holders, read_folder
from planner.roadmap.table import RAMPS as ROADMAP_RAMPS
from planner.solve.problem import PlanningProblem, build_problem, load_problem
from planner.solve.strategy import Progress
from planner.whatif.compare import Comparison, compare

#: upload limit (bytes): a district's workbook is well under 5 MB; a province's zip under 50
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
#: what an uploaded zip may unpack to, in total
MAX_UNPACKED_BYTES = 200 * 1024 * 1024

#: rules a planner may change on the page: scenario key -> (kind, label to translate)
RULES: dict[str, tuple[str, str]] = {
    "rules.min_years_before_move": ("number", N_("Years in post before an incumbent may move")),
    "rules.max_years_in_post": ("number", N_("Years in post at which an incumbent must leave")),
    "rules.min_years_to_retirement": ("number", N_("Years to retirement a newcomer needs")),
    "rules.max_distance_km": ("number", N_("Farthest new placement, km (0: no limit)")),
    "rules.max_changes_per_group": ("integer", N_("Most changes per group (0: no cap)")),
    "rules.cross_group_moves": ("bool", N_("Moves between groups allowed")),
    "rules.one_new_head_per_unit": ("bool", N_("At most one new head per unit")),
    "rules.allow_vacancies": ("bool", N_("Seats may be left empty")),
    "plans.count": ("integer", N_("Number of plans")),
    "plans.time_limit_s": ("number", N_("Time limit, seconds")),
}

#: the files a run offers for download (id -> file name in the run's folder; "zip" is made)
DOWNLOADS = (
    "zip",
    "plans.xlsx",
    "report.html",
    "proposal.docx",
    "run.json",
    "roadmap.csv",
    "roadmap.png",
    "infeasibility.json",
)


def toml_value(value: Any) -> str:
    """A Python value as a TOML value for ``--set`` (strings quoted, bools lower case)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(str(value))


@dataclass
class Share:
    """A group's (or a role's) non-local share today, and its target as the scenario has it."""

    key: str  # group id or role
    name: str
    seats: int
    nonlocal_today: int
    ratio: float | None
    required: int | None = None

    @property
    def share(self) -> float:
        return self.nonlocal_today / self.seats if self.seats else 0.0


@dataclass
class Opened:
    """A scenario read and checked, with what the page shows before any solve."""

    path: Path
    name: str
    summary: Summary
    groups: list[Share]
    roles: list[Share]
    rules: dict[str, Any]
    base_ratio: float
    dataset: Dataset
    tree: AdminTree
    distances: Distances
    roadmap: Any = None  # planner.roadmap.table.Roadmap: the scenario's [roadmap], if any

    def checked(self, targets: list[str], sets: list[str]) -> tuple[Scenario, Dataset, AdminTree]:
        """:func:`planner.inputs.consistency.load_checked` with the page's changes, from the
        data read when the scenario was opened."""
        scenario = load_scenario(self.path, targets=targets, sets=sets)
        if scenario.data_dir != self.dataset.folder:
            return load_checked(self.path, targets=targets, sets=sets)
        problems = check_scenario_against_data(scenario, self.dataset, self.tree)
        problems += cost_bound_problems(scenario, self.dataset)
        if problems:
            raise BadInput(problems)
        return scenario, self.dataset, self.tree

    def problem(
        self, targets: list[str], sets: list[str], *, all_pairs: bool = False
    ) -> PlanningProblem:
        """The problem with the page's changes, from the data read when it was opened
        (:func:`planner.solve.problem.load_problem` without reading the files again)."""
        scenario = load_scenario(self.path, targets=targets, sets=sets)
        if scenario.data_dir != self.dataset.folder:
            return load_problem(self.path, targets=targets, sets=sets, all_pairs=all_pairs)
        problems = check_scenario_against_data(scenario, self.dataset, self.tree)
        if problems:
            raise BadInput(problems)
        return build_problem(
            scenario, self.dataset, self.tree, distances=self.distances, all_pairs=all_pairs
        )


@dataclass
class Run:
    """One solve (or sweep) from the page and where its files are."""

    id: str
    kind: str  # "solve", "sweep" or "roadmap"
    label: str
    folder: Path
    #: running, ranking (plan 1 shown, alternatives coming), plans, no_plan, out_of_time,
    #: bad_input, error
    status: str = "running"
    message: str = ""
    problems: list[Problem] = field(default_factory=list)
    folder_read: RunFolder | None = None
    explanation: Any = None  # planner.explain.Explanation
    comparison: Comparison | None = None
    compared_with: str | None = None
    kept_close_to: str | None = None
    seats_differing: int | None = None
    from_where: dict[str, str] = field(default_factory=dict)  # official id -> today's post
    sweep: Any = None  # planner.whatif.sweep.Sweep
    roadmap: dict[str, Any] | None = None  # run.json's roadmap part (plan_roadmap's summary)
    roadmap_rows: list[dict[str, Any]] = field(default_factory=list)  # roadmap.csv's rows
    roadmap_infeasible: dict[str, Any] | None = None  # infeasibility.json of no roadmap
    seconds: float = 0.0
    progress: str = ""
    _reports: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def has_plans(self) -> bool:
        return self.folder_read is not None

    def file(self, name: str, *, make: bool = False) -> Path | None:
        """A downloadable file of this run, or None; never a path from the request. With
        ``make``, the documents are written first (``planner report``'s files take seconds
        on a city, so they are made when first asked for, not before the plans are shown)."""
        if name not in DOWNLOADS:
            return None
        reportable = self.has_plans and self.kind == "solve"
        # a roadmap's folder (batch-k/, roadmap.csv, roadmap.png, run.json) zipped on request
        zipped = reportable or (self.kind == "roadmap" and self.roadmap is not None)
        if make and reportable and name in ("zip", "report.html", "plans.xlsx", "proposal.docx"):
            self.make_reports()
        if name == "zip":
            target = self.folder.parent / f"{self.id}.zip"
            with self._reports:  # (not while the folder is being replaced)
                if make and not target.exists() and self.folder.is_dir():
                    shutil.make_archive(str(target.with_suffix("")), "zip", self.folder)
            return target if target.is_file() or (zipped and not make) else None
        path = self.folder / name
        if name in ("report.html", "plans.xlsx") and reportable and not make:
            return path  # made on request
        return path if path.is_file() else None

    def released(self, plan: int) -> list[dict[str, str]]:
        """Plan ``plan``'s released incumbents, each with a reason: ``released.csv``'s own
        when it has one, else the reason written for the seat they leave (``plans.csv``)."""
        if self.folder_read is None:
            return []
        why = {r["seat_id"]: r.get("reason", "") for r in self.folder_read.seats(plan)}
        return [
            {**r, "reason": r.get("reason") or why.get(r["previous_seat_id"], "")}
            for r in self.folder_read.released
            if r["plan"] == str(plan)
        ]

    def make_reports(self) -> None:
        from planner.report.write import write_report

        with self._reports:
            if not (self.folder / "plans.xlsx").is_file():
                write_report(self.folder)


class Session:
    """The page's state for one ``planner serve`` process (one planner at one screen)."""

    def __init__(self, scenario: Path | None = None, *, examples: list[Path] | None = None):
        self.work = Path(tempfile.mkdtemp(prefix="planner-serve-"))
        self.examples = examples or []
        self.opened: Opened | None = None
        self.open_problems: list[Problem] = []
        self.overrides: dict[str, Any] = {}
        self.pins: dict[tuple[str, str], str] = {}
        #: the roadmap's batches and ramp as changed on the page (None: as the scenario has it)
        self.roadmap_dates: tuple[date, ...] | None = None
        self.roadmap_ramp: str | None = None
        #: what was typed in the roadmap's date field and what is wrong with it
        self.roadmap_typed: str | None = None
        self.roadmap_problems: list[str] = []
        self.runs: list[Run] = []
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None
        self._counter = 0
        if scenario is not None:
            self.open(scenario)

    # -- files -------------------------------------------------------------------------------

    def close(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)

    def _next(self, prefix: str) -> str:
        self._counter += 1
        return f"{prefix}{self._counter}"

    # -- opening -----------------------------------------------------------------------------

    def open(self, path: Path) -> None:
        """Read and check a scenario; on bad input keep every problem to show."""
        self.open_problems = []
        self.overrides = {}
        self.pins = {}
        self.roadmap_dates, self.roadmap_ramp = None, None
        self.roadmap_typed, self.roadmap_problems = None, []
        try:
            self.opened = self._read(Path(path))
        except BadInput as error:
            self.opened = None
            self.open_problems = list(error.problems)
        except PlannerError as error:
            self.opened = None
            self.open_problems = [Problem(str(path), None, None, str(error))]

    def _read(self, path: Path) -> Opened:
        scenario, dataset, tree = load_checked(path)
        target = scenario.target
        everyone = replace(
            scenario,
            target=replace(
                target,
                roles=MappingProxyType({r: target.roles.get(r, 0.0) for r in _roles(dataset)}),
            ),
        )
        distances = Distances.from_dataset(dataset, tree)
        seats = seats_in_scope(scenario, dataset, tree)
        summary = summarise(scenario, dataset, tree, distances, seats)
        wide = summarise(everyone, dataset, tree, distances, seats)
        groups = [
            Share(g.group_id, g.name, g.seats, g.nonlocal_today, g.ratio, g.required)
            for g in summary.groups
        ]
        by_role: dict[str, list[int]] = {}
        for g in wide.role_targets:
            assert g.role is not None
            counts = by_role.setdefault(g.role, [0, 0])
            counts[0] += g.seats
            counts[1] += g.nonlocal_today
        roles = [
            Share(role, role_title(role), n[0], n[1], target.roles.get(role))
            for role, n in by_role.items()
        ]
        rules = {key: _get(scenario.effective, key) for key in RULES}
        return Opened(
            path.resolve(),
            scenario.name,
            summary,
            groups,
            roles,
            rules,
            target.min_nonlocal_ratio,
            dataset,
            tree,
            distances,
            scenario.roadmap,
        )

    def upload(self, filename: str, data: bytes) -> None:
        """A zip of a scenario folder, or a workbook (section 2's ``data`` naming it)."""
        if len(data) > MAX_UPLOAD_BYTES:
            raise BadInput(Problem(filename, None, None, _("the file is too large")))
        folder = self.work / self._next("upload-")
        folder.mkdir()
        name = Path(filename).name or "upload"
        if name.lower().endswith(".zip"):
            scenario = _unzip(data, folder, name)
        elif name.lower().endswith(".xlsx"):
            (folder / "data.xlsx").write_bytes(data)
            scenario = folder / "scenario.toml"
            scenario.write_text(
                f'name = {json.dumps(Path(name).stem)}\ndata = "data.xlsx"\n'
                f'as_of = "{time.strftime("%Y-%m-%d")}"\n',
                encoding="utf-8",
            )
        else:
            raise BadInput(
                Problem(name, None, None, _("upload a workbook (.xlsx) or a zip of a scenario"))
            )
        self.open(scenario)

    # -- what the page changes ---------------------------------------------------------------

    def options(self) -> tuple[list[str], list[str]]:
        """The page's changes as the commands' ``--set`` options (and pins as a file)."""
        sets = [f"{key}={toml_value(value)}" for key, value in sorted(self.overrides.items())]
        if self.pins:
            path = self.work / f"{self._next('pins-')}.csv"
            lines = ["seat_id,official_id,action"]
            lines += [f"{s},{o},{a}" for (s, o), a in sorted(self.pins.items())]
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            sets.append(f"pins={json.dumps(str(path))}")
        return [], sets

    def set_override(self, key: str, value: Any) -> None:
        if value is None:
            self.overrides.pop(key, None)
        else:
            self.overrides[key] = value

    def pin(self, seat: str, official: str, action: str) -> None:
        if action == "remove":
            self.pins.pop((seat, official), None)
        elif action in ("keep", "forbid"):
            if action == "keep":  # one kept holder per seat
                for key in [k for k, a in self.pins.items() if k[0] == seat and a == "keep"]:
                    del self.pins[key]
            self.pins[(seat, official)] = action

    def person(self, official_id: str) -> str:
        """An official as the pins list shows them: "Name (id)"."""
        opened = self.opened
        if opened is not None:
            for o in opened.dataset.officials:
                if o.official_id == official_id:
                    return f"{o.name} ({official_id})"
        return official_id

    def seat_title(self, seat_id: str) -> str:
        """A seat as the pins list shows it: its role and unit in words."""
        opened = self.opened
        if opened is not None:
            for seat in opened.dataset.seats:
                if seat.seat_id == seat_id:
                    return f"{role_title(seat.role)} {opened.tree.name_of(seat.unit_id)}"
        return seat_id

    def group_name(self, group_id: str) -> str:
        opened = self.opened
        names = {} if opened is None else {g.key: g.name for g in opened.groups}
        return names.get(group_id, group_id)

    # -- the roadmap -------------------------------------------------------------------------

    def roadmap_batches(self) -> tuple[date, ...]:
        """The batch dates the roadmap will use: the page's, else the scenario's."""
        if self.roadmap_dates is not None:
            return self.roadmap_dates
        opened = self.opened
        return () if opened is None or opened.roadmap is None else opened.roadmap.batches

    def roadmap_ramp_now(self) -> str:
        opened = self.opened
        scenario = None if opened is None or opened.roadmap is None else opened.roadmap.ramp
        return self.roadmap_ramp or scenario or "linear"

    def roadmap_field(self) -> str:
        """The date field as shown: what was typed when it was wrong, else dd/mm/yyyy."""
        if self.roadmap_typed is not None:
            return self.roadmap_typed
        return ", ".join(d.strftime("%d/%m/%Y") for d in self.roadmap_batches())

    def set_roadmap(self, text: str, ramp: str) -> bool:
        """The roadmap's dates (dd/mm/yyyy or yyyy-mm-dd, separated by commas or spaces) and
        ramp from the page, checked as the scenario's ``[roadmap]`` table is; False (with
        :attr:`roadmap_problems`) when they cannot be used."""
        from planner.roadmap.table import parse_roadmap

        opened = self.opened
        if opened is None:
            return False
        dates, problems = parse_dates(text)
        if not dates and not problems:
            problems.append(
                _("Type the dates of the batches, e.g. {example}.").format(
                    example="01/06/2024, 01/03/2025"
                )
            )
        ramp = ramp if ramp in ROADMAP_RAMPS else self.roadmap_ramp_now()
        if not problems:
            raw = {"batches": [d.isoformat() for d in dates], "ramp": ramp}
            parse_roadmap(raw, opened.summary.as_of, lambda key, message: problems.append(message))
        if problems:
            self.roadmap_typed, self.roadmap_problems = text, problems
            return False
        self.roadmap_typed, self.roadmap_problems = None, []
        self.roadmap_dates, self.roadmap_ramp = tuple(dates), ramp
        return True

    def roadmap_options(self) -> list[str]:
        """The roadmap's batches and ramp as ``--set`` options of ``planner roadmap``."""
        if self.roadmap_dates is None and self.roadmap_ramp is None:
            return []
        batches = ", ".join(json.dumps(d.isoformat()) for d in self.roadmap_batches())
        return [
            f"roadmap.batches=[{batches}]",
            f"roadmap.ramp={json.dumps(self.roadmap_ramp_now())}",
        ]

    def start_roadmap(self) -> Run | None:
        """Plan the roadmap off the request thread (one run at a time, as a solve)."""
        if not self.roadmap_batches():
            return None
        return self._start("roadmap", self._roadmap)

    def apply_roadmap_lever(self, run_id: str, index: int) -> bool:
        """Take a lever of a run with no roadmap (its batches and ramp) for the next roadmap."""
        run = self.run_by_id(run_id)
        levers = (
            []
            if run is None or run.roadmap_infeasible is None
            else run.roadmap_infeasible["levers"]
        )
        if not 0 <= index < len(levers):
            return False
        lever = levers[index]
        self.roadmap_dates = tuple(date.fromisoformat(d) for d in lever["batches"])
        self.roadmap_ramp = str(lever["ramp"])
        self.roadmap_typed, self.roadmap_problems = None, []
        return True

    # -- background work ---------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._worker is not None and self._worker.is_alive()

    def current(self) -> Run | None:
        return self.runs[-1] if self.runs else None

    def last_with_plans(self) -> Run | None:
        return next((r for r in reversed(self.runs) if r.kind == "solve" and r.has_plans), None)

    def run_by_id(self, run_id: str) -> Run | None:
        return next((r for r in self.runs if r.id == run_id), None)

    def start_solve(self) -> Run | None:
        """Start a solve off the request thread; None when one is running (a second click
        does not start a second solve) or no scenario is open."""
        return self._start("solve", self._solve)

    def start_sweep(self, ratios: list[float]) -> Run | None:
        return self._start("sweep", lambda run, opened: self._sweep(run, opened, ratios))

    def _start(self, kind: str, work: Callable[[Run, Opened], None]) -> Run | None:
        with self._lock:
            if self.busy or self.opened is None:
                return None
            opened = self.opened
            run = Run(self._next("r"), kind, opened.name, self.work / "runs" / "pending")
            run.folder = self.work / "runs" / run.id
            self.runs.append(run)

            def target() -> None:
                started = time.time()
                try:
                    work(run, opened)
                except BadInput as error:
                    run.status, run.problems = "bad_input", list(error.problems)
                except PlannerError as error:
                    run.status, run.message = "error", str(error)
                except Exception:  # a bug: the page says so, the terminal gets the details
                    traceback.print_exc()
                    run.status = "error"
                    run.message = _("Something went wrong inside the planner; see the terminal.")
                finally:
                    run.seconds = time.time() - started

            self._worker = threading.Thread(target=target, name=f"planner-{run.id}", daemon=True)
            self._worker.start()
            return run

    def wait(self, timeout: float = 120.0) -> None:
        worker = self._worker
        if worker is not None:
            worker.join(timeout)

    def _solve(self, run: Run, opened: Opened) -> None:
        from planner.solve.run import solve_problem, write_solve_output

        targets, sets = self.options()
        run.progress = _("Reading the data")
        problem = opened.problem(targets, sets)
        previous = self.last_with_plans()
        reference = None
        if previous is not None and previous.label == opened.name:
            reference = plan_one_holders(previous.folder_read or previous.folder)
            run.kept_close_to = previous.id

        def progress(p: Progress) -> None:
            run.progress = _("Solving: {phase} {done}/{total}").format(
                phase=p.phase, done=p.done, total=p.total
            )

        run.from_where = _from_where(problem)

        def show(result: Any) -> None:
            run.progress = _("Writing the plans")
            with run._reports:  # no document is made from a folder being replaced
                (run.folder.parent / f"{run.id}.zip").unlink(missing_ok=True)
                write_solve_output(run.folder, result, command="serve")
                folder = read_folder(run.folder)
            differing = result.settings.get("keep_close_to", {}).get("seats_differing")
            run.seats_differing = differing[0] if differing else None
            if previous is not None and previous.label == opened.name:
                run.comparison = compare(previous.folder_read or previous.folder, folder)
                run.compared_with = previous.id
            run.folder_read = folder

        if reference is not None and problem.scenario.plans.count > 1:
            # a re-solve in the meeting: plan 1 first (the proposal as changed), shown while
            # the alternatives are ranked; then the same solve with every plan replaces it
            quick = solve_problem(problem, progress=progress, keep_close_to=reference, count=1)
            if quick.plans:
                show(quick)
                run.status = "ranking"
                run.progress = _("Ranking the alternatives")
        result = solve_problem(problem, progress=progress, keep_close_to=reference)
        if result.plans:
            show(result)
        if run.folder_read is not None:  # (plan 1 stays when the ranking found nothing in time)
            run.status = "plans"
            return
        from models.engines import Status

        if result.outcome.status is Status.INFEASIBLE:
            self._explain(run, opened, problem, targets, sets, result)
            return
        run.status = "out_of_time"
        run.message = _("Time ran out before any plan was found; raise the time limit.")

    def _explain(
        self,
        run: Run,
        opened: Opened,
        problem: PlanningProblem,
        targets: list[str],
        sets: list[str],
        result: Any,
    ) -> None:
        from planner.explain import explain, write_infeasibility
        from planner.solve.run import input_paths, run_info

        run.progress = _("No plan: finding out why")
        explained = opened.problem(targets, sets, all_pairs=True)
        explanation = explain(
            explained,
            time_limit_s=problem.scenario.plans.time_limit_s,
            seed=problem.scenario.plans.seed,
        )
        write_infeasibility(
            run.folder,
            explanation,
            run_info=run_info(result, "serve"),
            inputs=input_paths(problem),
        )
        run.explanation = explanation
        run.status = "no_plan"

    def _sweep(self, run: Run, opened: Opened, ratios: list[float]) -> None:
        from planner.whatif.sweep import describe, run_sweep

        targets, sets = self.options()
        sets = [s for s in sets if not s.startswith("target.min_nonlocal_ratio=")]

        def shown(result: Any) -> None:
            run.progress = describe(result)

        run.sweep = run_sweep(
            opened.path, ratios, run.folder, targets=targets, sets=sets, workers=1, on_result=shown
        )
        run.status = "plans"

    def _roadmap(self, run: Run, opened: Opened) -> None:
        from planner.roadmap.pipeline import plan_roadmap
        from planner.roadmap.report import NoRoadmap
        from planner.roadmap.run import summary_rows
        from planner.solve.run import OutOfTime

        targets, sets = self.options()  # pins for the first batch, as --pins does
        sets += self.roadmap_options()
        run.progress = _("Reading the data")
        scenario, dataset, tree = opened.checked(targets, sets)

        def say(text: str) -> None:
            run.progress = text

        def progress(done: int, total: int) -> None:
            run.progress = _("Solving the roadmap: part {done}/{total}").format(
                done=done, total=total
            )

        try:
            planned = plan_roadmap(scenario, dataset, tree, run.folder, say=say, progress=progress)
        except NoRoadmap:
            run.roadmap_infeasible = json.loads(
                (run.folder / "infeasibility.json").read_text(encoding="utf-8")
            )
            run.status = "no_plan"
            return
        except OutOfTime:
            run.status = "out_of_time"
            run.message = _("Time ran out before any roadmap was found; raise the time limit.")
            return
        run.roadmap_rows = summary_rows(planned.setup, planned.batches)
        run.roadmap = planned.summary
        run.status = "plans"

    def apply_lever(self, run_id: str, index: int) -> bool:
        run = self.run_by_id(run_id)
        if run is None or run.explanation is None or not 0 <= index < len(run.explanation.levers):
            return False
        for key, value in run.explanation.levers[index].settings.items():
            self.overrides[key] = value
        return True


_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_dates(text: str) -> tuple[list[date], list[str]]:
    """Dates typed on the page, dd/mm/yyyy (as a cadre writes them) or yyyy-mm-dd, separated
    by commas, semicolons or spaces; with a sentence for each that is not a date."""
    dates: list[date] = []
    problems: list[str] = []
    for word in re.split(r"[\s,;]+", text.strip()):
        if not word:
            continue
        try:
            if found := _DAY_MONTH_YEAR.fullmatch(word):
                day, month, year = (int(x) for x in found.groups())
                dates.append(date(year, month, day))
                continue
            if _ISO.fullmatch(word):
                dates.append(date.fromisoformat(word))
                continue
        except ValueError:
            pass
        problems.append(
            _("{value!r} is not a date; write dd/mm/yyyy, e.g. 01/06/2024").format(value=word)
        )
    return dates, problems


def _roles(dataset: Any) -> list[str]:
    return list(dict.fromkeys(s.role for s in dataset.seats))


def _get(tree: Any, dotted: str) -> Any:
    for key in dotted.split("."):
        if not isinstance(tree, dict) and not hasattr(tree, "get"):
            return None
        tree = tree.get(key)
    return tree


def _from_where(problem: PlanningProblem) -> dict[str, str]:
    """Each official's post today, as the page shows it beside a move."""
    names = {s.seat_id: s for s in problem.dataset.seats}
    out = {}
    for o in problem.officials:
        if o.current_seat_id and o.current_seat_id in names:
            seat = names[o.current_seat_id]
            out[o.official_id] = f"{role_title(seat.role)}, {problem.tree.name_of(seat.unit_id)}"
        else:
            unit = o.current_unit_id or o.home_unit_id
            out[o.official_id] = problem.tree.name_of(unit)
    return out


def _unzip(data: bytes, folder: Path, name: str) -> Path:
    """Unpack a scenario zip inside ``folder`` (no path may leave it); its scenario.toml."""
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise BadInput(Problem(name, None, None, _("is not a zip file"))) from None
    total = 0
    root = folder.resolve()
    for info in archive.infolist():
        total += info.file_size
        target = (folder / info.filename).resolve()
        if total > MAX_UNPACKED_BYTES or not target.is_relative_to(root):
            raise BadInput(Problem(name, None, None, _("holds files that cannot be unpacked")))
    archive.extractall(folder)
    found = sorted(folder.rglob("scenario.toml"), key=lambda p: len(p.parts))
    if not found:
        raise BadInput(Problem(name, None, None, _("holds no scenario.toml")))
    return found[0]
