"""What the roadmap command says: run.json's summary, the terminal table, and no roadmap."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typer

from planner.errors import ExitCode, PlannerError
from planner.i18n import _
from planner.outputs.files import write_folder, write_json
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
            name=setup.scenario.name, k=len(batches), status=summary["status"]
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
    roadmap table, the chart, a link to each batch's report)."""
    import csv
    import html

    from planner.report import write_report

    batches = sorted(
        (p for p in folder.iterdir() if p.is_dir() and p.name.startswith("batch-")),
        key=lambda p: int(p.name.removeprefix("batch-")),
    )
    written: list[Path] = []
    for batch in batches:
        written += write_report(batch, xlsx=xlsx)
    with (folder / "roadmap.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    info = {}
    if (folder / "run.json").is_file():
        import json

        info = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    columns = [
        "batch",
        "date",
        "group_id",
        "seats",
        "nonlocal_before",
        "nonlocal_after",
        "required",
        "changes",
    ]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(r.get(c, ''))}</td>" for c in columns) + "</tr>"
        for r in rows
    )
    links = "".join(
        f'<li><a href="{b.name}/report.html">{html.escape(b.name)}</a></li>' for b in batches
    )
    name = html.escape(str(info.get("scenario", {}).get("name", folder.name)))
    totals = html.escape(
        _("Total cost {total}; one batch at a time {greedy}").format(
            total=info.get("total_cost", "?"), greedy=info.get("one_at_a_time_cost", "?")
        )
    )
    page = (
        '<!doctype html><html><head><meta charset="utf-8"><title>'
        + name
        + "</title></head><body><h1>"
        + name
        + "</h1><p>"
        + totals
        + '</p><img src="roadmap.png" alt="roadmap.png" style="max-width:100%"><table border="1">'
        + f"<tr>{head}</tr>{body}</table><ol>{links}</ol></body></html>\n"
    )
    index = folder / "report.html"
    index.write_text(page, encoding="utf-8")
    return [*written, index]
