"""The roadmap's output folder (contract section 10), written whole or not at all.

``batch-1/``, ``batch-2/``, ...: each an ordinary scenario (``scenario.toml`` and ``data/`` of
that batch's state, targets stated as exact ratios) with the section-6 files of its one plan,
so ``planner validate batch-k/scenario.toml`` and ``planner solve`` work on it; then
``roadmap.csv``, ``roadmap.png`` and ``run.json`` (total cost, status, bound and what planning
one batch at a time would have cost).
"""

from __future__ import annotations

import csv
import json
import platform
import shutil
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from planner import __version__
from planner.domain.levels import EDUCATION, POLITICAL_THEORY
from planner.domain.records import Official
from planner.i18n import _
from planner.outputs.files import write_csv, write_folder, write_json
from planner.outputs.tables import (
    PLAN_COLUMNS,
    RANKING_COLUMNS,
    RELEASED_COLUMNS,
    group_columns,
    group_rows,
    holdings,
    plan_rows,
    ranking_row,
    released,
)
from planner.roadmap.ramp import ratio_text
from planner.roadmap.run import Batch, Setup, summary_rows
from planner.roadmap.state import DECIMALS, carries_years_in_unit, years_in_unit
from planner.solve.run import input_hashes, input_paths

ROADMAP_COLUMNS = [
    "batch",
    "date",
    "group_id",
    "seats",
    "nonlocal_before",
    "nonlocal_after",
    "required",
    "changes",
    "group_name",
]

OFFICIAL_COLUMNS = [
    "official_id",
    "name",
    "gender",
    "birth_date",
    "home_unit_id",
    "other_home_unit_ids",
    "current_seat_id",
    "current_unit_id",
    "years_in_post",
    "years_in_unit",
    "political_theory",
    "education",
    "planned_roles",
    "tags",
    "disciplined",
]


# --------------------------------------------------------------------------------------------
# a batch as an ordinary scenario


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    raise TypeError(f"cannot write {value!r} as TOML")


def _toml_key(key: str) -> str:
    bare = key.replace("_", "").replace("-", "")
    return key if bare.isascii() and bare.isalnum() else json.dumps(key, ensure_ascii=False)


class _Ratio(float):
    """A ratio written as the exact decimal text it was chosen as (never float noise)."""

    def __new__(cls, text: str) -> _Ratio:
        obj = super().__new__(cls, float(text))
        obj.text = text  # type: ignore[attr-defined]
        return obj

    def __repr__(self) -> str:
        return str(self.text)  # type: ignore[attr-defined]


def scenario_text(setup: Setup, batch: Batch, pins_file: str) -> str:
    """The batch's ``scenario.toml``: the scenario as run, on the batch's date, its required
    counts written as ratios whose exact rule-5 counts they are (contract section 10)."""
    effective = dict(batch.problem.scenario.effective)
    k = batch.number - 1
    groups: dict[str, _Ratio] = {}
    group_roles: dict[str, dict[str, _Ratio]] = {}
    for t in setup.targets:
        ratio = _Ratio(ratio_text(t.required[k], len(t.seat_ids)))
        if t.role is None:
            groups[t.group_id] = ratio
        else:
            group_roles.setdefault(t.group_id, {})[t.role] = ratio
    target = dict(effective.get("target", {}))
    target.update(groups=groups, roles={})
    if group_roles:
        target["group_roles"] = group_roles
    effective.update(
        name=_("{name} — batch {k}").format(name=setup.scenario.name, k=batch.number),
        data="data",
        as_of=batch.day.isoformat(),
        pins=pins_file,
        target=target,
    )
    effective.pop("roadmap", None)
    lines = [
        "# "
        + _("Batch {k} of {n} of the roadmap {name} (planner roadmap).").format(
            k=batch.number, n=len(setup.dates), name=setup.scenario.name
        ),
        "# "
        + _("The data are the state on the batch's date; the targets are its required counts."),
        "",
    ]
    tables = {k: v for k, v in effective.items() if isinstance(v, Mapping)}
    for key, value in effective.items():
        if key not in tables and not (key == "pins" and not value):
            lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    for section, values in tables.items():
        lines.append(f"\n[{section}]")
        lines.extend(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in values.items())
    return "\n".join(lines) + "\n"


def _years(value: float | None) -> str:
    return "" if value is None else f"{value:.{DECIMALS}f}"


def official_rows(officials: Sequence[Official]) -> tuple[list[str], list[list[str]]]:
    """officials.csv of a state: the contract's columns, years with 6 decimals."""
    unit = carries_years_in_unit(officials)
    columns = [c for c in OFFICIAL_COLUMNS if unit or c != "years_in_unit"]
    rows = []
    for o in officials:
        cells = {
            "official_id": o.official_id,
            "name": o.name,
            "gender": o.gender,
            "birth_date": o.birth_date.isoformat(),
            "home_unit_id": o.home_unit_id,
            "other_home_unit_ids": ";".join(o.other_home_unit_ids),
            "current_seat_id": o.current_seat_id or "",
            "current_unit_id": o.current_unit_id or "",
            "years_in_post": _years(o.years_in_post),
            "years_in_unit": _years(years_in_unit(o)),
            "political_theory": POLITICAL_THEORY[o.political_theory],
            "education": EDUCATION[o.education],
            "planned_roles": ";".join(sorted(o.planned_roles)),
            "tags": ";".join(sorted(o.tags)),
            "disciplined": "1" if o.disciplined else "0",
        }
        rows.append([cells[c] for c in columns])
    return columns, rows


def write_data(setup: Setup, batch: Batch, folder: Path) -> None:
    """``data/`` of the batch: every input file as read, officials.csv rewritten."""
    folder.mkdir(parents=True)
    for name, path in setup.dataset.files.items():
        if name != "officials.csv":
            shutil.copyfile(path, folder / name)
    columns, rows = official_rows(batch.problem.dataset.officials)
    with (folder / "officials.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)


def write_batch(
    setup: Setup, batch: Batch, folder: Path, final: Path, info: dict[str, Any]
) -> None:
    folder.mkdir()
    problem, plan = batch.problem, batch.plan
    pins_file = ""
    if batch.number == 1 and setup.scenario.pins is not None:
        shutil.copyfile(setup.scenario.pins, folder / "pins.csv")
        pins_file = "pins.csv"
    (folder / "scenario.toml").write_text(scenario_text(setup, batch, pins_file), encoding="utf-8")
    write_data(setup, batch, folder / "data")
    held = holdings(problem, plan)
    gone = released(problem, plan)
    write_csv(folder / "plans.csv", PLAN_COLUMNS, plan_rows(problem, plan, held))
    write_csv(folder / "ranking.csv", RANKING_COLUMNS, [ranking_row(plan, held, plan)])
    write_csv(folder / "groups.csv", group_columns(problem), group_rows(problem, plan, held))
    write_csv(folder / "released.csv", RELEASED_COLUMNS, gone)
    scenario = dict(problem.scenario.effective)
    scenario["data"] = str(final / "data")
    write_json(
        folder / "run.json",
        {
            "planner_version": __version__,
            "command": "roadmap",
            "batch": batch.number,
            "date": batch.day.isoformat(),
            "scenario": scenario,
            "solver": {"status": plan.status, "cost": plan.cost},
            **info,
        },
    )


# --------------------------------------------------------------------------------------------
# the chart


def roadmap_chart(path: Path, setup: Setup, rows: Sequence[Mapping[str, Any]], title: str) -> None:
    """Each group's non-local share over the batches against its ramp; past 12 groups, the
    district-wide share with the spread of the groups (a readable aggregate)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    # one step per batch (a batch may fall on as_of itself), labelled with its date
    labels = [_("today") + "\n" + setup.scenario.as_of.isoformat()] + [
        _("batch {k}").format(k=k) + "\n" + d.isoformat() for k, d in enumerate(setup.dates, 1)
    ]
    dates = [float(x) for x in range(len(labels))]
    groups = list(dict.fromkeys(str(r["group_id"]) for r in rows))
    by = {(r["group_id"], r["batch"]): r for r in rows}
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=120)
    K = len(setup.dates)

    def series(g: str) -> tuple[list[float], list[float]]:
        first = by[(g, 1)]
        share = [first["nonlocal_before"] / first["seats"]]
        need = [first["nonlocal_before"] / first["seats"]]
        for k in range(1, K + 1):
            r = by[(g, k)]
            share.append(r["nonlocal_after"] / r["seats"])
            need.append(r["required"] / r["seats"])
        return share, need

    if len(groups) <= 12:
        for i, g in enumerate(groups):
            colour = f"C{i % 10}"
            share, need = series(g)
            label = str(by[(g, 1)].get("group_name") or g)
            ax.plot(dates, share, marker="o", color=colour, label=label)
            ax.plot(dates, need, linestyle="--", color=colour, alpha=0.6)
        ax.plot([], [], linestyle="--", color="grey", label=_("required (ramp)"))
    else:
        seats = [sum(by[(g, 1)]["seats"] for g in groups)]
        total = [[sum(by[(g, 1)]["nonlocal_before"] for g in groups) / seats[0]]]
        need = [total[0][0]]
        lows, highs = [min(series(g)[0][0] for g in groups)], [max(series(g)[0][0] for g in groups)]
        for k in range(1, K + 1):
            n = sum(by[(g, k)]["seats"] for g in groups)
            total[0].append(sum(by[(g, k)]["nonlocal_after"] for g in groups) / n)
            need.append(sum(by[(g, k)]["required"] for g in groups) / n)
            shares = [by[(g, k)]["nonlocal_after"] / by[(g, k)]["seats"] for g in groups]
            lows.append(min(shares))
            highs.append(max(shares))
        ax.fill_between(dates, lows, highs, color="C0", alpha=0.15, label=_("range over groups"))
        ax.plot(dates, total[0], marker="o", color="C0", label=_("all groups"))
        ax.plot(dates, need, linestyle="--", color="C3", label=_("required (ramp)"))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylim(0, 1.02)
    ax.set_ylabel(_("non-local share of seats"))
    ax.set_xticks(dates)
    ax.set_xticklabels(labels, fontsize=8)
    ax.set_title(title, fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


# --------------------------------------------------------------------------------------------
# the folder


def run_info(setup: Setup, summary: Mapping[str, Any]) -> dict[str, Any]:
    first = setup.stay_problems[0]
    return {
        "planner_version": __version__,
        "command": "roadmap",
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "scenario": dict(setup.scenario.effective),
        "inputs": input_hashes(first),
        **summary,
    }


def write_roadmap(
    out_dir: Path, setup: Setup, batches: Sequence[Batch], summary: Mapping[str, Any]
) -> Path:
    """The whole folder, through :func:`planner.outputs.files.write_folder`."""
    final = Path(out_dir).resolve()
    rows = summary_rows(setup, batches)
    info = run_info(setup, summary)

    def fill(folder: Path) -> None:
        for batch in batches:
            write_batch(
                setup,
                batch,
                folder / f"batch-{batch.number}",
                final / f"batch-{batch.number}",
                {"roadmap_run": str(final / "run.json")},
            )
        write_csv(folder / "roadmap.csv", ROADMAP_COLUMNS, rows)
        roadmap_chart(
            folder / "roadmap.png",
            setup,
            rows,
            _("{name}: non-local share per batch").format(name=setup.scenario.name),
        )
        write_json(folder / "run.json", info)

    return write_folder(final, fill, input_paths(setup.stay_problems[0]))
