"""A run's output folder read back from its files alone (contract section 6).

Reports and comparisons are made from what was written, not from the solver's objects: a folder
is the record the committee keeps, so anything said about a plan must be derivable from it, also
a year later, also from a folder another planner sent by e-mail. The contract's columns are
required; the extra ones (names, Vietnamese role, reasons) are used when present and replaced by
ids when not.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.domain.words import role_title
from planner.errors import BadInput, Problem
from planner.i18n import _
from planner.inputs.tables import CsvError, read_csv_records
from planner.outputs.files import FORMULA_START
from planner.outputs.tables import CONTRACT_COLUMNS

Row = dict[str, str]


def plain(value: str) -> str:
    """A cell as it was before :func:`planner.outputs.files.safe_cell` made it inert for
    spreadsheets."""
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_START:
        return value[1:]
    return value


def _read_csv(path: Path, problems: list[Problem]) -> list[Row] | None:
    try:
        header, records = read_csv_records(path, clean=False)
    except UnicodeDecodeError:
        problems.append(Problem(str(path), None, None, _("is not UTF-8 text")))
        return None
    except CsvError as error:
        problems.append(
            Problem(str(path), None, None, _("cannot be read as CSV: {error}").format(error=error))
        )
        return None
    missing = [c for c in CONTRACT_COLUMNS[path.name] if c not in header]
    if missing:
        problems.append(
            Problem(
                str(path),
                None,
                ", ".join(missing),
                _("required column(s) missing; is this a planner output file?"),
            )
        )
        return None
    return [
        {k: plain(record[i] if i < len(record) else "") for i, k in enumerate(header)}
        for record in records
        if record  # a blank line, as csv.DictReader skips it
    ]


@dataclass(frozen=True)
class RunFolder:
    path: Path
    info: dict[str, Any]  # run.json, {} when absent
    plans: list[Row]
    ranking: list[Row]
    groups: list[Row]
    released: list[Row] = field(default_factory=list)

    @property
    def scenario(self) -> dict[str, Any]:
        scenario = self.info.get("scenario")
        return scenario if isinstance(scenario, dict) else {}

    @property
    def name(self) -> str:
        return str(self.scenario.get("name") or self.path.name)

    def plan_numbers(self) -> list[int]:
        return sorted({int(r["plan"]) for r in self.ranking})

    def seats(self, plan: int) -> list[Row]:
        return [r for r in self.plans if int(r["plan"]) == plan]

    def rank(self, plan: int) -> Row:
        return next(r for r in self.ranking if int(r["plan"]) == plan)

    def group_rows(self, plan: int) -> list[Row]:
        return [r for r in self.groups if int(r["plan"]) == plan]

    def released_rows(self, plan: int) -> list[Row]:
        return [r for r in self.released if int(r["plan"]) == plan]

    def require_plan(self, plan: int) -> None:
        if plan not in self.plan_numbers():
            have = ", ".join(str(p) for p in self.plan_numbers()) or _("none")
            message = _("has no plan {plan} (plans in this run: {have})").format(
                plan=plan, have=have
            )
            raise BadInput(Problem(str(self.path), None, None, message))

    def people(self) -> dict[str, str]:
        """Official id -> name, from whatever the tables say (ids when no name is written)."""
        names: dict[str, str] = {}
        for r in self.plans:
            for id_col, name_col in (
                ("official_id", "official_name"),
                ("previous_official_id", "previous_official_name"),
            ):
                if r.get(id_col):
                    names.setdefault(r[id_col], r.get(name_col) or r[id_col])
        for r in self.released:
            if r.get("official_id"):
                names.setdefault(r["official_id"], r.get("official_name") or r["official_id"])
        return names

    def seat_names(self) -> dict[str, str]:
        """Seat id -> "Chủ tịch UBND Xã Tam Hiệp" (role and unit; ids when no name is written)."""
        out: dict[str, str] = {}
        for r in self.plans:
            role = r.get("role_vi") or r.get("role", "")
            unit = r.get("unit_name") or r.get("unit_id", "")
            out.setdefault(r["seat_id"], f"{role} {unit}".strip())
        return out

    def seat_titles(self) -> dict[str, str]:
        """Seat id -> the role and unit in the reader's language ("Chủ tịch UBND Xã Tam Hiệp",
        "chairman, Xã Tam Hiệp"); the ``role_vi`` column when the role code is missing."""
        out: dict[str, str] = {}
        for r in self.plans:
            role = role_title(r["role"]) if r.get("role") else r.get("role_vi", "")
            unit = r.get("unit_name") or r.get("unit_id", "")
            title = _("{role}, {unit}").format(role=role, unit=unit) if role and unit else role
            out.setdefault(r["seat_id"], title or unit)
        return out

    def group_names(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for r in self.groups:
            out.setdefault(r["group_id"], r.get("group_name") or r["group_id"])
        for r in self.plans:
            out.setdefault(r["group_id"], r.get("group_name") or r["group_id"])
        return out

    def origins(self) -> dict[str, str]:
        """Official id -> the seat they hold today (from the plans' previous holders)."""
        out: dict[str, str] = {}
        for r in self.plans:
            if r.get("previous_official_id"):
                out.setdefault(r["previous_official_id"], r["seat_id"])
        return out


def by_plan(rows: list[Row]) -> dict[int, list[Row]]:
    out: dict[int, list[Row]] = defaultdict(list)
    for r in rows:
        out[int(r["plan"])].append(r)
    return out


def read_folder(path: str | Path) -> RunFolder:
    """Read an output folder of ``planner solve``; :class:`BadInput` (exit 2) when it is not one,
    saying what it is instead when that can be told (a sweep, a run without a plan)."""
    folder = Path(path)
    if not folder.is_dir():
        raise BadInput(
            Problem(
                str(folder),
                None,
                None,
                _("folder does not exist")
                if not folder.exists()
                else _("is not a folder; give the output folder of planner solve"),
            )
        )
    if not (folder / "plans.csv").is_file():
        if (folder / "sweep.csv").is_file():
            hint = _("is a sweep folder; give one of its variants, e.g. {path}").format(
                path=folder / "variants" / "0.5"
            )
        elif (folder / "infeasibility.json").is_file():
            hint = _(
                "holds no plans: that run had no feasible plan (see infeasibility.json, "
                "or run planner explain)"
            )
        else:
            hint = _("has no plans.csv; give the output folder of planner solve")
        raise BadInput(Problem(str(folder), None, None, hint))
    problems: list[Problem] = []
    tables: dict[str, list[Row]] = {}
    for name in ("plans.csv", "ranking.csv", "groups.csv", "released.csv"):
        file = folder / name
        if not file.is_file():
            if name != "released.csv":
                problems.append(
                    Problem(str(file), None, None, _("not found; the folder is incomplete"))
                )
            continue
        rows = _read_csv(file, problems)
        if rows is not None:
            tables[name] = rows
    info: dict[str, Any] = {}
    run_json = folder / "run.json"
    if run_json.is_file():
        try:
            loaded = json.loads(run_json.read_text(encoding="utf-8"))
            info = loaded if isinstance(loaded, dict) else {}
        except (ValueError, UnicodeDecodeError) as error:
            problems.append(
                Problem(str(run_json), None, None, _("cannot be read: {error}").format(error=error))
            )
    if problems:
        raise BadInput(problems)
    try:
        for rows in tables.values():
            for r in rows:
                int(r["plan"])
    except ValueError as error:
        raise BadInput(
            Problem(str(folder), None, "plan", _("not a plan number: {error}").format(error=error))
        ) from None
    return RunFolder(
        folder,
        info,
        tables["plans.csv"],
        tables["ranking.csv"],
        tables["groups.csv"],
        tables.get("released.csv", []),
    )


def plan_one_holders(folder: str | Path | RunFolder) -> dict[str, str | None]:
    """Plan 1 of a run's output folder (``plans.csv``), seat id -> official id or None; what
    ``--keep-close-to DIR`` keeps close to (a folder already read may be given as read). A
    folder that is no run's is bad input."""
    run = folder if isinstance(folder, RunFolder) else read_folder(folder)
    if not run.plans:
        raise BadInput(Problem(str(folder), None, None, _("holds no plan to keep close to")))
    return {r["seat_id"]: (r["official_id"] or None) for r in run.seats(1)}
