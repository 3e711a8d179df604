"""``planner compare``: what differs between two runs' plans, read from their output folders.

In a deliberation the committee changes one thing (a pin, a target, a rule) and asks what that
did. Answering from the written folders alone means any two runs can be compared, also ones
made on another machine or last year, and nothing is re-solved. Besides the plans themselves
the scenarios (from ``run.json``) are compared, so the answer starts with what was changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from planner.i18n import N_, _
from planner.outputs.files import write_csv
from planner.report.folder import RunFolder, read_folder

COST_ITEMS = (
    "cost",
    "changes",
    "distance_km",
    "preference",
    "vacancies",
    "nonlocal",
    "released",
    "status",
)
CSV_COLUMNS = ["section", "id", "name", "item", "a", "b"]

#: The cost items (ranking.csv columns) as the terminal shows them.
ITEM_WORDS = {
    "cost": N_("cost"),
    "changes": N_("changes"),
    "distance_km": N_("distance (km)"),
    "preference": N_("preference"),
    "vacancies": N_("vacancies"),
    "nonlocal": N_("non-local"),
    "released": N_("released"),
    "status": N_("status"),
}


@dataclass(frozen=True)
class Line:
    """One difference: ``section`` (scenario, input, cost, group, seat, official)."""

    section: str
    id: str
    name: str
    item: str
    a: str
    b: str


@dataclass
class Comparison:
    a: RunFolder
    b: RunFolder
    plan_a: int
    plan_b: int
    lines: list[Line] = field(default_factory=list)

    def section(self, name: str) -> list[Line]:
        return [line for line in self.lines if line.section == name]


def _flatten(tree: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in tree.items():
        if isinstance(value, Mapping) and value:
            out.update(_flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict) and not value:
        return "[]" if isinstance(value, list) else "{}"
    return str(value)


def _scenario_lines(a: RunFolder, b: RunFolder) -> list[Line]:
    fa, fb = _flatten(a.scenario), _flatten(b.scenario)
    lines = [
        Line("scenario", key, "", "value", _show(fa.get(key)), _show(fb.get(key)))
        for key in dict.fromkeys([*fa, *fb])
        if fa.get(key) != fb.get(key)
    ]
    ia, ib = a.info.get("inputs", {}) or {}, b.info.get("inputs", {}) or {}
    for name in dict.fromkeys([*ia, *ib]):
        ha = (ia.get(name) or {}).get("sha256", "")
        hb = (ib.get(name) or {}).get("sha256", "")
        if ha != hb and name != "scenario":
            lines.append(Line("input", name, "", "sha256", ha[:12], hb[:12]))
    return lines


def _cost_lines(a: RunFolder, b: RunFolder, pa: int, pb: int) -> list[Line]:
    ra, rb = a.rank(pa), b.rank(pb)
    return [
        Line("cost", item, "", item, ra.get(item, ""), rb.get(item, ""))
        for item in COST_ITEMS
        if item in ra or item in rb
    ]


def _group_lines(a: RunFolder, b: RunFolder, pa: int, pb: int) -> list[Line]:
    ga = {r["group_id"]: r for r in a.group_rows(pa)}
    gb = {r["group_id"]: r for r in b.group_rows(pb)}
    names = {**b.group_names(), **a.group_names()}
    lines = []
    for group in dict.fromkeys([*ga, *gb]):
        for item in ("seats", "nonlocal_before", "nonlocal_after", "required", "changes"):
            lines.append(
                Line(
                    "group",
                    group,
                    names.get(group, group),
                    item,
                    ga.get(group, {}).get(item, ""),
                    gb.get(group, {}).get(item, ""),
                )
            )
    return lines


def _person(names: Mapping[str, str], official: str) -> str:
    if not official:
        return _("(empty)")
    name = names.get(official, official)
    return official if name == official else f"{name} ({official})"


def _seat_lines(a: RunFolder, b: RunFolder, pa: int, pb: int) -> list[Line]:
    sa = {r["seat_id"]: r for r in a.seats(pa)}
    sb = {r["seat_id"]: r for r in b.seats(pb)}
    names = {**b.people(), **a.people()}
    seat_names = {**b.seat_names(), **a.seat_names()}
    lines = []
    for seat in dict.fromkeys([*sa, *sb]):
        ha = sa[seat]["official_id"] if seat in sa else None
        hb = sb[seat]["official_id"] if seat in sb else None
        if ha == hb:
            continue
        lines.append(
            Line(
                "seat",
                seat,
                seat_names.get(seat, seat),
                "holder",
                _("(not in this run)") if ha is None else _person(names, ha),
                _("(not in this run)") if hb is None else _person(names, hb),
            )
        )
    return lines


def _situation(
    held_by: Mapping[str, str],
    official: str,
    seat_names: Mapping[str, str],
    origins: Mapping[str, str],
) -> tuple[str | None, str]:
    """(seat held in the plan, how to say it): keeps / moves to / released / no seat."""
    held = held_by.get(official)
    origin = origins.get(official)
    if held is not None:
        name = seat_names.get(held, held)
        if held == origin:
            return held, _("keeps {seat}").format(seat=name)
        return held, f"→ {name}"
    if origin is not None:
        return None, _("released from {seat}").format(seat=seat_names.get(origin, origin))
    return None, _("no seat")


def _official_lines(a: RunFolder, b: RunFolder, pa: int, pb: int) -> list[Line]:
    names = {**b.people(), **a.people()}
    seat_names = {**b.seat_names(), **a.seat_names()}
    oa, ob = a.origins(), b.origins()
    everyone = dict.fromkeys(
        [
            r[c]
            for run, p in ((a, pa), (b, pb))
            for r in run.seats(p)
            for c in ("official_id", "previous_official_id")
            if r.get(c)
        ]
    )
    held_a = {r["official_id"]: r["seat_id"] for r in a.seats(pa) if r["official_id"]}
    held_b = {r["official_id"]: r["seat_id"] for r in b.seats(pb) if r["official_id"]}
    lines = []
    for official in everyone:
        seat_a, say_a = _situation(held_a, official, seat_names, oa)
        seat_b, say_b = _situation(held_b, official, seat_names, ob)
        if seat_a != seat_b:
            lines.append(
                Line("official", official, names.get(official, official), "seat", say_a, say_b)
            )
    return lines


def compare(
    dir_a: str | Path | RunFolder,
    dir_b: str | Path | RunFolder,
    plan: int = 1,
    plan_b: int | None = None,
) -> Comparison:
    """Compare plan ``plan`` of ``dir_a`` with plan ``plan_b`` (default: the same number) of
    ``dir_b`` (each a folder, or a folder already read). Raises
    :class:`~planner.errors.BadInput` for a missing folder, file or plan."""
    a, b = (d if isinstance(d, RunFolder) else read_folder(d) for d in (dir_a, dir_b))
    pb = plan if plan_b is None else plan_b
    a.require_plan(plan)
    b.require_plan(pb)
    lines = (
        _scenario_lines(a, b)
        + _cost_lines(a, b, plan, pb)
        + _group_lines(a, b, plan, pb)
        + _seat_lines(a, b, plan, pb)
        + _official_lines(a, b, plan, pb)
    )
    return Comparison(a, b, plan, pb, lines)


def write_comparison(path: Path, comparison: Comparison) -> None:
    """compare.csv: one difference per row (sections as above), ready to filter in Excel."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_csv(path, CSV_COLUMNS, [asdict(line) for line in comparison.lines])


def _delta(a: str, b: str) -> str:
    try:
        d = float(b) - float(a)
    except ValueError:
        return ""
    text = f"{d:+g}"
    return "0" if d == 0 else text


def render(c: Comparison) -> str:
    from planner.outputs.terminal import status_word
    from planner.outputs.terminal import text_table as _table

    la = _("A = plan {plan} of {path} ({name})").format(plan=c.plan_a, path=c.a.path, name=c.a.name)
    lb = _("B = plan {plan} of {path} ({name})").format(plan=c.plan_b, path=c.b.path, name=c.b.name)
    lines = [la, lb, ""]
    changed = c.section("scenario") + c.section("input")
    none = _("(none)")
    if changed:
        lines.append(_("What differs between the runs:"))
        for line in changed:
            what = (
                line.id
                if line.section == "scenario"
                else _("input file {name}").format(name=line.id)
            )
            lines.append(f"  {what}: {line.a or none} → {line.b or none}")
    else:
        lines.append(_("The two runs have the same scenario and inputs."))
    lines.append("")
    rows = []
    for line in c.section("cost"):
        item = _(ITEM_WORDS[line.item]) if line.item in ITEM_WORDS else line.item
        if line.item == "status":
            rows.append([item, status_word(line.a), status_word(line.b), ""])
        else:
            rows.append([item, line.a, line.b, _delta(line.a, line.b)])
    lines += _table(["", "A", "B", "B − A"], rows)
    lines += ["", _("Non-local holders per group (required):")]
    groups: dict[str, dict[str, Line]] = {}
    for line in c.section("group"):
        groups.setdefault(line.id, {})[line.item] = line
    rows = []
    for items in groups.values():
        after, need, seats = items["nonlocal_after"], items["required"], items["seats"]
        rows.append(
            [
                after.name,
                f"{after.a or '-'}/{seats.a or '-'} ({need.a or '-'})",
                f"{after.b or '-'}/{seats.b or '-'} ({need.b or '-'})",
                _delta(after.a, after.b),
                _delta(items["changes"].a, items["changes"].b),
            ]
        )
    lines += _table([_("group"), "A", "B", "B − A", _("changes B − A")], rows)
    seat_lines = c.section("seat")
    lines += ["", _("Seats whose holder differs: {n}").format(n=len(seat_lines))]
    if seat_lines:
        lines += _table([_("seat"), "", "A", "B"], [[s.id, s.name, s.a, s.b] for s in seat_lines])
    people = c.section("official")
    lines += ["", _("Officials whose seat differs: {n}").format(n=len(people))]
    if people:
        lines += _table([_("official"), "", "A", "B"], [[p.id, p.name, p.a, p.b] for p in people])
    return "\n".join(lines)


__all__ = ["Comparison", "Line", "compare", "render", "write_comparison"]
