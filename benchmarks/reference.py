"""An independent, deliberately plain formulation of the planning problem, to check the
planner's plan 1 and to time it against (benchmarks/README.md).

It is written from the contract (docs/spec.md) alone and imports nothing from the
planner: the CSV files are read with pandas, eligibility is a pandas join per group, and the
whole instance is ONE pywraplp model (SCIP by default) built variable by variable, with no
decomposition, no LP-first step and no ranking. A cost that differs from the planner's plan 1
means one of the two reads the contract differently, which is what this file is for.

    python benchmarks/reference.py SCENARIO [--set SECTION.KEY=VALUE]... [--lp] [--json FILE]

``--lp`` solves the LP relaxation of the same model instead (GLOP), the floor no exact
method can beat. Not covered: pins (a project addition) and the Vietnamese level aliases
beyond the common ones.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
import tomllib
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import ortools.linear_solver.pywraplp as pywraplp
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

THEORY = ["none", "elementary", "intermediate", "advanced"]
EDUCATION = ["none", "secondary", "college", "bachelor", "master", "doctor"]
ALIASES = {
    "": "none",
    "không": "none",
    "sơ cấp": "elementary",
    "trung cấp": "intermediate",
    "cao cấp": "advanced",
    "trung học": "secondary",
    "cao đẳng": "college",
    "đại học": "bachelor",
    "cử nhân": "bachelor",
    "thạc sĩ": "master",
    "tiến sĩ": "doctor",
}

DEFAULTS: dict[str, dict[str, Any]] = {
    "scope": {"units": [], "roles": []},
    "target": {"level": "district", "min_nonlocal_ratio": 0.0, "groups": {}, "roles": {}},
    "rules": {
        "locality_level": "commune",
        "min_years_before_move": 3,
        "max_years_in_post": 10,
        "min_years_to_retirement": 5,
        "retirement": "vn-2019",
        "max_distance_km": 0,
        "kinship_level": "commune",
        "cross_group_moves": False,
        "max_changes_per_group": 0,
        "one_new_head_per_unit": False,
        "allow_vacancies": False,
        "retire_at_age": True,
    },
    "objective": {
        "change": 100,
        "distance_km": 1,
        "preference": 10,
        "vacancy": 10000,
        "release": 100,
    },
}


# --------------------------------------------------------------------------------------------
# scenario and data


def load_scenario(path: Path, sets: list[str]) -> dict[str, Any]:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    for item in sets:
        key, _, value = item.partition("=")
        section, _, name = key.strip().partition(".")
        parsed = tomllib.loads(f"v = {value}")["v"]
        if name:
            raw.setdefault(section, {})[name] = parsed
        else:
            raw[section] = parsed
    scenario: dict[str, Any] = {k: {**v, **raw.get(k, {})} for k, v in DEFAULTS.items()}
    scenario["data"] = (path.parent / raw.get("data", "data")).resolve()
    scenario["as_of"] = date.fromisoformat(str(raw["as_of"]))
    return scenario


def read(folder: Path, name: str, required: bool = True) -> pd.DataFrame | None:
    path = folder / f"{name}.csv"
    if not path.exists():
        if required:
            raise SystemExit(f"missing {path}")
        return None
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return frame.apply(lambda c: c.str.strip())


class Tree:
    def __init__(self, units: pd.DataFrame) -> None:
        self.parent = dict(zip(units.unit_id, units.parent_id, strict=True))
        self.level = dict(zip(units.unit_id, units.level, strict=True))
        self._chain: dict[str, list[str]] = {}

    def chain(self, unit: str) -> list[str]:
        """The unit and its ancestors, nearest first."""
        if unit not in self._chain:
            out, u = [], unit
            while u:
                out.append(u)
                u = self.parent.get(u, "")
            self._chain[unit] = out
        return self._chain[unit]

    def ancestor_at(self, unit: str, level: str) -> str | None:
        for u in self.chain(unit):
            if self.level[u] == level:
                return u
        return None


def level_rank(value: str, order: list[str]) -> int:
    v = value.strip().lower()
    v = ALIASES.get(v, v)
    return order.index(v)


def parse_birth(text: str) -> date:
    return date(int(text), 1, 1) if len(text) == 4 else date.fromisoformat(text)


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    days = [
        31,
        29 if (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][month - 1]
    return date(year, month, min(d.day, days))


def retirement_date(birth: date, gender: str, rule: Any) -> date:
    if isinstance(rule, dict):
        return add_months(birth, round(float(rule[gender]) * 12))
    # vn-2019: the age of the year in which the official reaches it
    for year in range(birth.year + 50, birth.year + 70):
        if gender == "M":
            months = 720 if year < 2021 else min(720 + 3 * (year - 2020), 744)
        else:
            months = 660 if year < 2021 else min(660 + 4 * (year - 2020), 720)
        when = add_months(birth, months)
        if when.year == year:
            return when
    raise ValueError(f"no retirement date for {birth}")


def split(text: str) -> list[str]:
    return [t.strip() for t in text.split(";") if t.strip()]


# --------------------------------------------------------------------------------------------
# eligibility


def candidate_pairs(sc: dict[str, Any], folder: Path) -> dict[str, Any]:
    units, seats, people = read(folder, "units"), read(folder, "seats"), read(folder, "officials")
    assert units is not None and seats is not None and people is not None
    tree = Tree(units)
    rules, target = sc["rules"], sc["target"]

    # seats in scope
    scope_units = set(sc["scope"]["units"])
    roles = set(sc["scope"]["roles"])
    in_scope = seats.apply(
        lambda r: (
            (not roles or r.role in roles)
            and (not scope_units or any(u in scope_units for u in tree.chain(r.unit_id)))
        ),
        axis=1,
    )
    outside = seats[~in_scope]
    seats = seats[in_scope].reset_index(drop=True)
    seats["group"] = [tree.ancestor_at(u, target["level"]) or u for u in seats.unit_id]
    seats["locality"] = [tree.ancestor_at(u, rules["locality_level"]) for u in seats.unit_id]
    seats["kin"] = [tree.ancestor_at(u, rules["kinship_level"]) for u in seats.unit_id]
    seats["min_theory"] = [level_rank(v, THEORY) for v in seats.min_political_theory]
    seats["min_education"] = [level_rank(v, EDUCATION) for v in seats.min_education]

    # officials taking part
    holders_outside = set(outside.seat_id)
    fixed = people[people.current_seat_id.isin(holders_outside)]
    people = people[~people.current_seat_id.isin(holders_outside)].reset_index(drop=True)
    seat_group = dict(zip(seats.seat_id, seats.group, strict=True))
    seat_role = dict(zip(seats.seat_id, seats.role, strict=True))
    people["group"] = [
        seat_group[s] if s in seat_group else tree.ancestor_at(c or h, target["level"])
        for s, c, h in zip(
            people.current_seat_id, people.current_unit_id, people.home_unit_id, strict=True
        )
    ]
    people["ypi"] = pd.to_numeric(people.years_in_post.replace("", "0")).astype(float)
    # rule 3: the two-term limit counts years in the unit where the data give them
    in_unit = people.get("years_in_unit", pd.Series("", index=people.index)).fillna("")
    people["limit_years"] = np.where(
        in_unit != "", pd.to_numeric(in_unit.replace("", "0")), people.ypi
    ).astype(float)
    holds = people.current_seat_id.isin(seat_group)
    as_of = sc["as_of"]
    retires = [
        retirement_date(parse_birth(b), g, rules["retirement"])
        for b, g in zip(people.birth_date, people.gender, strict=True)
    ]
    people["ytr"] = [(r - as_of).days / 365.25 for r in retires]
    # rule 3: an incumbent whose retirement date is on or before as_of must leave (retire_at_age)
    people["retired"] = np.array([r <= as_of for r in retires], dtype=bool)
    retiring = holds & people.retired if rules["retire_at_age"] else holds & False
    people["must_keep"] = holds & (people.ypi < rules["min_years_before_move"]) & ~retiring
    people["must_leave"] = (holds & (people.limit_years >= rules["max_years_in_post"])) | retiring
    # section 5: releasing an incumbent whose retirement date is after as_of costs `release`
    people["charged"] = holds & ~people.retired
    people["theory"] = [level_rank(v, THEORY) for v in people.political_theory]
    people["education_rank"] = [level_rank(v, EDUCATION) for v in people.education]
    people["disc"] = (
        people["disciplined"] if "disciplined" in people else pd.Series("", index=people.index)
    ).isin(["1", "true", "True"])

    # every (official, seat) in the same group (or everyone, with cross-group moves)
    o = people[
        [
            "official_id",
            "group",
            "current_seat_id",
            "home_unit_id",
            "must_keep",
            "must_leave",
            "charged",
            "ytr",
            "theory",
            "education_rank",
            "disc",
            "planned_roles",
            "tags",
            "other_home_unit_ids",
        ]
    ]
    s = seats[
        [
            "seat_id",
            "unit_id",
            "role",
            "group",
            "locality",
            "kin",
            "min_theory",
            "min_education",
            "required_tags",
        ]
    ]
    # (an incumbent's group is their seat's, so their own seat is always among these)
    if rules["cross_group_moves"]:
        pairs = o.merge(s, how="cross", suffixes=("", "_seat"))
        pairs["seat_group"] = pairs.pop("group_seat")
    else:
        pairs = o.merge(s, on="group")
        pairs["seat_group"] = pairs.group
    keep = (pairs.current_seat_id == pairs.seat_id).to_numpy()

    # locality: any home unit inside the seat's locality
    homes: list[tuple[str, str]] = []
    for oid, h, more in zip(
        people.official_id, people.home_unit_id, people.other_home_unit_ids, strict=True
    ):
        for unit in [h, *split(more)]:
            homes.extend((oid, a) for a in tree.chain(unit))
    home = pd.DataFrame(homes, columns=["official_id", "locality"]).drop_duplicates()
    home["local"] = True
    pairs = pairs.merge(home, on=["official_id", "locality"], how="left")
    local = pairs.local.fillna(False).astype(bool).to_numpy()

    # distances
    km = distances(folder, units, tree, pairs.home_unit_id.to_numpy(), pairs.unit_id.to_numpy())

    planned = [set(split(p)) for p in pairs.planned_roles]
    role_ok = np.array(
        [
            r in p or seat_role.get(c) == r
            for r, p, c in zip(pairs.role, planned, pairs.current_seat_id, strict=True)
        ]
    )
    tags_ok = np.array(
        [
            set(split(req)) <= set(split(t))
            for req, t in zip(pairs.required_tags, pairs.tags, strict=True)
        ]
    )
    new_ok = (
        role_ok
        & tags_ok
        & ~pairs.disc.to_numpy()
        & (pairs.theory >= pairs.min_theory).to_numpy()
        & (pairs.education_rank >= pairs.min_education).to_numpy()
        & ~local
        & (pairs.ytr >= rules["min_years_to_retirement"]).to_numpy()
        & ~pairs.must_keep.to_numpy()
    )
    if rules["max_distance_km"] > 0:
        new_ok &= np.nan_to_num(km, nan=np.inf) <= rules["max_distance_km"]
    keep_ok = keep & ~pairs.must_leave.to_numpy()
    chosen = (keep & keep_ok) | (~keep & new_ok)
    pairs = pairs[chosen].reset_index(drop=True)
    km = np.nan_to_num(km[chosen], nan=0.0)
    pairs["keep"] = keep[chosen]
    pairs["nonlocal_"] = ~local[chosen]
    pairs["whole_km"] = np.where(pairs.keep, 0, np.floor(km + 0.5)).astype(int)

    prefs = read(folder, "preferences", required=False)
    if prefs is not None and len(prefs):
        prefs = prefs.assign(score=pd.to_numeric(prefs.score).astype(int))
        pairs = pairs.merge(
            prefs.rename(columns={"unit_id": "unit_id_pref"}),
            left_on=["official_id", "unit_id"],
            right_on=["official_id", "unit_id_pref"],
            how="left",
        )
        pairs["score"] = pairs.score.fillna(0).astype(int)
    else:
        pairs["score"] = 0

    relations = read(folder, "relations", required=False)
    fixed_kin = []  # (official, kinship unit) a relative outside the scope occupies
    if relations is not None and len(fixed):
        unit_of_seat = dict(zip(outside.seat_id, outside.unit_id, strict=True))
        fixed_unit = {
            o: tree.ancestor_at(unit_of_seat[s], rules["kinship_level"])
            for o, s in zip(fixed.official_id, fixed.current_seat_id, strict=True)
        }
        for a, b in zip(relations.official_a, relations.official_b, strict=True):
            for me, them in ((a, b), (b, a)):
                if them in fixed_unit and fixed_unit[them] is not None:
                    fixed_kin.append((me, fixed_unit[them]))
    return {
        "seats": seats,
        "people": people,
        "pairs": pairs,
        "relations": relations,
        "fixed_kin": fixed_kin,
        "charged": list(people.official_id[people.charged]),
    }


def distances(
    folder: Path, units: pd.DataFrame, tree: Tree, home: np.ndarray, seat_unit: np.ndarray
) -> np.ndarray:
    """km from each home unit to each seat unit; NaN where no path exists."""
    adjacency = read(folder, "adjacency", required=False)
    if adjacency is not None:
        ids = {u: i for i, u in enumerate(units.unit_id)}
        a = np.array([ids[u] for u in adjacency.unit_a])
        b = np.array([ids[u] for u in adjacency.unit_b])
        w = adjacency.km.astype(float).to_numpy()
        graph = sp.coo_matrix(
            (np.r_[w, w], (np.r_[a, b], np.r_[b, a])), shape=(len(ids), len(ids))
        ).tocsr()
        sources = sorted(set(home))
        table = dijkstra(graph, indices=[ids[u] for u in sources])
        row = {u: i for i, u in enumerate(sources)}
        out = table[[row[h] for h in home], [ids[u] for u in seat_unit]]
        return np.where(np.isfinite(out), out, np.nan)
    if "lat" in units and (units.lat != "").any():
        lat = dict(zip(units.unit_id, pd.to_numeric(units.lat, errors="coerce"), strict=True))
        lon = dict(zip(units.unit_id, pd.to_numeric(units.lon, errors="coerce"), strict=True))
        p1, l1 = (np.radians([lat[u] for u in home]), np.radians([lon[u] for u in home]))
        p2, l2 = (np.radians([lat[u] for u in seat_unit]), np.radians([lon[u] for u in seat_unit]))
        h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin((l2 - l1) / 2) ** 2
        return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
    return np.zeros(len(home))


# --------------------------------------------------------------------------------------------
# the model


def required(ratio: float, n: int) -> int:
    return math.ceil(Fraction(str(ratio)) * n)


def build_and_solve(
    sc: dict[str, Any], data: dict[str, Any], *, solver_name: str, lp: bool, time_limit_s: float
) -> dict[str, Any]:
    seats, pairs = data["seats"], data["pairs"]
    rules, target, w = sc["rules"], sc["target"], sc["objective"]
    started = time.perf_counter()
    solver = pywraplp.Solver.CreateSolver("GLOP" if lp else solver_name)
    if solver is None:
        raise SystemExit(f"solver {solver_name} is not available")
    n = len(pairs)
    if lp:
        x = [solver.NumVar(0.0, 1.0, "") for _ in range(n)]
    else:
        x = [solver.BoolVar("") for _ in range(n)]
    by_seat = pairs.groupby("seat_id").indices
    by_official = pairs.groupby("official_id").indices
    seat_ids = list(seats.seat_id)

    def row(lo: float, hi: float, members: Any) -> None:
        c = solver.Constraint(lo, hi)
        for j in members:
            c.SetCoefficient(x[int(j)], 1.0)

    vacancies = rules["allow_vacancies"]
    for seat in seat_ids:
        row(0.0 if vacancies else 1.0, 1.0, by_seat.get(seat, []))
    for members in by_official.values():
        if len(members) > 1:
            row(0.0, 1.0, members)
    must_keep = pairs.keep & pairs.must_keep
    for j in np.flatnonzero(must_keep.to_numpy()):
        x[int(j)].SetLb(1.0)
    # a must-keep incumbent whose keep pair was refused leaves an empty seat row: infeasible
    seat_of = pairs.seat_id.to_numpy()
    nonlocal_ = pairs.nonlocal_.to_numpy()
    groups = seats.groupby("group", sort=False)
    for group, members in groups:
        ratio = target["groups"].get(group, target["min_nonlocal_ratio"])
        need = required(ratio, len(members))
        if need > 0:
            inside = np.isin(seat_of, members.seat_id.to_numpy()) & nonlocal_
            row(float(need), solver.infinity(), np.flatnonzero(inside))
        for role, role_ratio in target["roles"].items():
            role_seats = members[members.role == role]
            need = required(role_ratio, len(role_seats))
            if len(role_seats) and need > 0:
                inside = np.isin(seat_of, role_seats.seat_id.to_numpy()) & nonlocal_
                row(float(need), solver.infinity(), np.flatnonzero(inside))
    # kinship
    relations = data["relations"]
    if relations is not None and len(relations):
        kin_of = pairs.kin.to_numpy()
        for a, b in set(zip(relations.official_a, relations.official_b, strict=True)):
            if a == b or a not in by_official or b not in by_official:
                continue
            ja, jb = by_official[a], by_official[b]
            for unit in set(kin_of[ja]) & set(kin_of[jb]):
                row(0.0, 1.0, [*ja[kin_of[ja] == unit], *jb[kin_of[jb] == unit]])
    for official, unit in data["fixed_kin"]:
        for j in by_official.get(official, []):
            if pairs.kin[j] == unit:
                x[int(j)].SetUb(0.0)
    new = ~pairs.keep.to_numpy()
    if rules["max_changes_per_group"] > 0:
        for idx in pairs.groupby("seat_group").indices.values():
            row(0.0, float(rules["max_changes_per_group"]), idx[new[idx]])
    if rules["one_new_head_per_unit"]:
        for idx in pairs.groupby("unit_id").indices.values():
            row(0.0, 1.0, idx[new[idx]])
    # cost
    cost = (
        new * (w["change"] + w["distance_km"] * pairs.whole_km.to_numpy())
        - w["preference"] * pairs.score.to_numpy()
    ).astype(float)
    objective = solver.Objective()
    offset = 0.0
    if vacancies:
        cost -= w["vacancy"]
        offset = float(w["vacancy"] * len(seat_ids))
    # section 5: release x (incumbents charged) - release x (their pairs taken)
    charged = data["charged"]
    if w["release"]:
        offset += float(w["release"] * len(charged))
        for official in charged:
            for j in by_official.get(official, []):
                cost[j] -= w["release"]
    for k, c in enumerate(cost.tolist()):
        if c:
            objective.SetCoefficient(x[k], c)
    objective.SetOffset(offset)
    objective.SetMinimization()
    built = time.perf_counter()
    solver.SetTimeLimit(int(time_limit_s * 1000))
    params = pywraplp.MPSolverParameters()
    if not lp:  # pywraplp stops at a 1e-4 relative gap by default: 22 units on 226,177
        params.SetDoubleParam(params.RELATIVE_MIP_GAP, 0.0)
    code = solver.Solve(params)
    solved = time.perf_counter()
    status = {
        pywraplp.Solver.OPTIMAL: "OPTIMAL",
        pywraplp.Solver.FEASIBLE: "FEASIBLE",
        pywraplp.Solver.INFEASIBLE: "INFEASIBLE",
    }.get(code, "UNKNOWN")
    out: dict[str, Any] = {"status": status, "build_s": built - started, "solve_s": solved - built}
    if status in ("OPTIMAL", "FEASIBLE"):
        out["cost"] = objective.Value() if lp else round(objective.Value())
        out["bound"] = objective.Value() if lp else objective.BestBound()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", type=Path)
    parser.add_argument(
        "--set",
        dest="sets",
        action="append",
        default=[],
        help="SECTION.KEY=VALUE (TOML value), as `planner solve --set`",
    )
    parser.add_argument("--solver", default="SCIP", help="pywraplp solver id (SCIP, HIGHS)")
    parser.add_argument("--lp", action="store_true", help="solve the LP relaxation (GLOP)")
    parser.add_argument("--time-limit", type=float, default=600.0)
    parser.add_argument("--json", type=Path, help="also write the result here")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    sc = load_scenario(args.scenario, args.sets)
    data = candidate_pairs(sc, sc["data"])
    prepared = time.perf_counter()
    result = build_and_solve(
        sc, data, solver_name=args.solver, lp=args.lp, time_limit_s=args.time_limit
    )
    result.update(
        seats=len(data["seats"]),
        officials=len(data["people"]),
        pairs=len(data["pairs"]),
        prepare_s=prepared - started,
        total_s=time.perf_counter() - started,
        solver="GLOP" if args.lp else args.solver,
    )
    text = json.dumps(result)
    print(text)
    if args.json:
        args.json.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
