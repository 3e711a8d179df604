"""What the roadmap command says: run.json's summary, the terminal table, and no roadmap."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typer

from planner.errors import ExitCode, PlannerError
from planner.i18n import _
from planner.outputs.files import write_folder, write_json
from planner.outputs.status import plan_quality
from planner.roadmap.run import Batch, GreedyResult, JointResult, Setup, summary_rows


class NoRoadmap(PlannerError):
    """No roadmap reaches the targets (exit 3); ``details``: the shortfalls and levers in
    words (:func:`infeasible_roadmap`'s text)."""

    exit_code = ExitCode.INFEASIBLE

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.details = details


def roadmap_summary(
    setup: Setup,
    joint: JointResult,
    batches: Sequence[Batch],
    greedy: GreedyResult,
    *,
    total_s: float,
) -> dict[str, Any]:
    """run.json's roadmap part: total cost, status, bound and the one-at-a-time cost."""
    total = sum(b.plan.cost for b in batches)
    difference = None if greedy.cost is None else greedy.cost - total
    return {
        "roadmap": {
            "batches": [d.isoformat() for d in setup.dates],
            "ramp": setup.roadmap.ramp,
        },
        "status": str(joint.status),
        "total_cost": total,
        "bound": joint.bound,
        "one_at_a_time": {
            "cost": greedy.cost,
            "status": str(greedy.status),
            "failed_batch": greedy.failed_batch,
            "batch_costs": [b.plan.cost for b in greedy.batches],
            "changes": [b.plan.parts.changes for b in greedy.batches],
        },
        "one_at_a_time_cost": greedy.cost,
        "saving": difference,
        "batches": [
            {
                "batch": b.number,
                "date": b.day.isoformat(),
                "cost": b.plan.cost,
                "changes": b.plan.parts.changes,
                "distance_km": b.plan.parts.distance_km,
                "preference": b.plan.parts.preference,
                "vacancies": b.plan.parts.vacancies,
            }
            for b in batches
        ],
        "solver": {"parts": joint.parts, "engine": setup.scenario.solver.engine},
        "timings_s": {
            "solve_s": round(joint.wall_s, 3),
            "one_at_a_time_s": round(greedy.wall_s, 3),
            "total_s": round(total_s, 3),
        },
    }


def print_summary(setup: Setup, batches: Sequence[Batch], summary: dict[str, Any]) -> None:
    rows = summary_rows(setup, batches)
    by_batch: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        by_batch.setdefault(int(r["batch"]), []).append(r)
    typer.echo(
        _("{name}: a roadmap of {k} batches ({status})").format(
            name=setup.scenario.name, k=len(batches), status=plan_quality(summary["status"])
        )
    )
    typer.echo(
        _("  batch  date         changes  non-local after / required / seats   cost").rstrip()
    )
    for b in batches:
        group = by_batch.get(b.number, [])
        after = sum(r["nonlocal_after"] for r in group)
        need = sum(r["required"] for r in group)
        seats = sum(r["seats"] for r in group)
        typer.echo(
            f"  {b.number:>5}  {b.day.isoformat()}  {b.plan.parts.changes:>7}  "
            f"{after:>15} / {need:>8} / {seats:>5}   {b.plan.cost:>6}"
        )
    greedy = summary["one_at_a_time"]
    typer.echo(_("Total cost of the roadmap: {cost}").format(cost=summary["total_cost"]))
    if greedy["cost"] is None:
        typer.echo(
            _(
                "Planned one batch at a time (each least-cost given the one before), batch "
                "{k} would have had no plan at all: the roadmap is needed to reach the targets."
            ).format(k=greedy["failed_batch"])
        )
    else:
        typer.echo(
            _(
                "Planned one batch at a time (each least-cost given the one before): {cost}, "
                "{diff} more than the roadmap."
            ).format(cost=greedy["cost"], diff=summary["saving"])
        )


def infeasible_roadmap(
    out: Path, setup: Setup, joint: JointResult, *, engine: str, time_limit_s: float
) -> str:
    """Write infeasibility.json (and run.json) and return the same in words."""
    from planner.roadmap.infeasible import conflicts, levers, render_text, shortfalls
    from planner.roadmap.output import run_info

    short = shortfalls(setup, joint, engine=engine, time_limit_s=time_limit_s)
    families = conflicts(setup, engine=engine, time_limit_s=time_limit_s)
    tried = levers(setup, engine=engine, time_limit_s=time_limit_s)
    data = {
        "status": "infeasible",
        "batches": short,
        "groups": [
            {"batch": b["batch"], "date": b["date"], **g} for b in short for g in b["groups"]
        ],
        "conflicts": families,
        "levers": tried,
    }
    info = run_info(setup, {"status": "INFEASIBLE"})

    def fill(folder: Path) -> None:
        write_json(folder / "infeasibility.json", data)
        write_json(folder / "run.json", info)

    from planner.solve.run import input_paths

    write_folder(out, fill, input_paths(setup.stay_problems[0]))
    return render_text(data, setup)


def is_roadmap_folder(folder: Path) -> bool:
    return (folder / "roadmap.csv").is_file() and (folder / "batch-1").is_dir()


def write_roadmap_report(folder: Path, *, xlsx: bool = True) -> list[Path]:
    """``planner report`` on a roadmap folder: each batch's report in its ``batch-k/``, in
    batch order, and a ``report.html`` at the top that lays the batches out in order (the
    totals, the chart, each batch with a link to its report, the roadmap table)."""
    from planner.report.write import replace_whole, write_report

    batches = sorted(
        (p for p in folder.iterdir() if p.is_dir() and p.name.startswith("batch-")),
        key=lambda p: int(p.name.removeprefix("batch-")),
    )
    written: list[Path] = []
    for batch in batches:
        written += write_report(batch, xlsx=xlsx)
    page = render_roadmap_report(folder, [b.name for b in batches])
    index = folder / "report.html"

    def write_index(path: Path) -> None:
        path.write_text(page, encoding="utf-8")

    replace_whole(index, write_index)
    return [*written, index]


#: The columns of roadmap.csv the index shows, in this order.
ROADMAP_TABLE = (
    "batch",
    "date",
    "group_name",
    "seats",
    "nonlocal_before",
    "nonlocal_after",
    "required",
    "changes",
)


def render_roadmap_report(folder: Path, batch_folders: Sequence[str]) -> str:
    """The roadmap's ``report.html``: one self-contained page in the reader's language, styled
    as a run's report, the chart embedded (it opens offline, also when sent alone)."""
    import base64
    import csv
    import json

    from planner.report.html import Html, e, page, table, when
    from planner.report.xlsx import column_title

    with (folder / "roadmap.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    info: dict[str, Any] = {}
    if (folder / "run.json").is_file():
        info = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    scenario: dict[str, Any] = info["scenario"] if isinstance(info.get("scenario"), dict) else {}
    name = str(scenario.get("name") or folder.name)
    by_number = {
        int(b["batch"]): b
        for b in info.get("batches") or []
        if isinstance(b, dict) and "batch" in b
    }
    dates = {int(r["batch"]): r.get("date", "") for r in rows if r.get("batch", "").isdigit()}

    def number(text: str) -> int:
        try:
            return int(float(text or 0))
        except ValueError:
            return 0

    body = ["<header>", f"<h1>{e(name)}</h1>"]
    sub = [_("Rotation roadmap")]
    if scenario.get("as_of"):
        sub.append(_("as of {date}").format(date=scenario["as_of"]))
    if info.get("finished_at"):
        sub.append(_("run {time}").format(time=when(info["finished_at"])))
    body += [f'<p class="sub">{e(" · ".join(sub))}</p>', "</header>"]

    key = []
    if info.get("total_cost") is not None:
        key.append((_("Total cost of the roadmap"), info["total_cost"]))
    if info.get("status"):
        key.append((_("Quality of the roadmap"), plan_quality(str(info["status"]))))
    key.append((_("Batches"), len(batch_folders)))
    body.append(
        '<section id="summary"><div class="key">'
        + "".join(f"<div>{e(label)}<b>{e(value)}</b></div>" for label, value in key)
        + "</div>"
    )
    greedy: dict[str, Any] = (
        info["one_at_a_time"] if isinstance(info.get("one_at_a_time"), dict) else {}
    )
    if greedy and greedy.get("cost") is None and greedy.get("failed_batch"):
        sentence = _(
            "Planned one batch at a time (each least-cost given the one before), batch "
            "{k} would have had no plan at all: the roadmap is needed to reach the targets."
        ).format(k=greedy["failed_batch"])
        body.append(f"<p>{e(sentence)}</p>")
    elif info.get("one_at_a_time_cost") is not None and info.get("saving") is not None:
        sentence = _(
            "Planned one batch at a time (each least-cost given the one before): {cost}, "
            "{diff} more than the roadmap."
        ).format(cost=info["one_at_a_time_cost"], diff=info["saving"])
        body.append(f"<p>{e(sentence)}</p>")
    body.append("</section>")

    chart = folder / "roadmap.png"
    if chart.is_file():
        data = base64.b64encode(chart.read_bytes()).decode("ascii")
        alt = _("{name}: non-local share per batch").format(name=name)
        body += [
            '<section id="chart"><h2>' + e(_("Non-local share per batch")) + "</h2>",
            f'<img class="chart" src="data:image/png;base64,{data}" alt="{e(alt)}">',
            "</section>",
        ]

    batch_rows = []
    for folder_name in batch_folders:
        k = int(folder_name.removeprefix("batch-"))
        b = by_number.get(k, {})
        link = Html(
            f'<a href="{e(folder_name)}/report.html">'
            + e(_("Report of batch {k}").format(k=k))
            + "</a>"
        )
        day = Html(f'<span class="nowrap">{e(b.get("date") or dates.get(k, ""))}</span>')
        batch_rows.append([k, day, b.get("changes", ""), b.get("cost", ""), link])
    body += [
        '<section id="batches"><h2>' + e(_("Batches")) + "</h2>",
        table(
            [
                column_title("batch"),
                column_title("date"),
                column_title("changes"),
                column_title("cost"),
                _("Report"),
            ],
            batch_rows,
            numeric=(0, 2, 3),
        ),
        "</section>",
    ]

    def cell(r: dict[str, str], column: str) -> Any:
        if column == "group_name":
            return r.get("group_name") or r.get("group_id", "")
        if column == "date":
            return Html(f'<span class="nowrap">{e(r.get("date", ""))}</span>')
        return r.get(column, "")

    cells, classes = [], []
    for r in rows:
        cells.append([cell(r, c) for c in ROADMAP_TABLE])
        short = number(r.get("nonlocal_after", "")) < number(r.get("required", ""))
        classes.append("short" if short else "")
    body += [
        '<section id="groups"><h2>' + e(_("Non-local holders per group and batch")) + "</h2>",
        table(
            [column_title(c) for c in ROADMAP_TABLE],
            cells,
            numeric=(0, *range(3, len(ROADMAP_TABLE))),
            row_class=classes,
        ),
        "</section>",
        "<footer>"
        + e(
            _(
                "Made from the roadmap folder {folder} (roadmap.csv, roadmap.png, run.json and "
                "each batch's folder) by planner report."
            ).format(folder=folder.resolve())
        )
        + "</footer>",
    ]
    return page(_("{name} — rotation roadmap").format(name=name), body)
