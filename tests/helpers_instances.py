"""Tiny instances for rule-by-rule tests, and the one way every test solves and checks them.

Two ways to make an instance:

* :func:`write_case` writes CSV files and a scenario into a folder, as a planner would, so the
  hand-made cases go through the real reader; rows are made by :func:`seat` and
  :func:`official`, which default to "qualified, planned for both roles, far from retirement".
* :func:`worlds` (Hypothesis) draws domain objects directly, because writing files for
  hundreds of random examples would dominate the run time.

:func:`solve_checked` is the shared oracle: it solves, maps every plan back to ids, validates
it with :mod:`planner.rules.validator`, and insists that the solver's objective, the model's
cost parts and the validator's recomputed cost are one and the same number.

The common map (road km; shortest paths in brackets, "whole" rounds halves up)::

    P (Tỉnh Thử) ─20─ D1 (Huyện Một) ─4─ C1 (Xã Một) ─10─ C2 (Xã Hai), and D1 ─7.5─ C2
                └─20─ D2 (Huyện Hai) ─5─ C3 (Xã Ba),  D2 ─6.5─ C4 (Xã Bốn)

    from \\ to   C1     C2          C3          C4
    C1           0      10          49          50.5 (51)
    C2           10     0           52.5 (53)   54
    C3           49     52.5 (53)   0           11.5 (12)
    C4           50.5   54          11.5        0
    P            24     27.5 (28)   25          26.5 (27)
    D2           44     47.5        5           6.5
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from hypothesis import strategies as st

from models.engines import Status
from models.objective import parts
from planner.domain.records import Dataset, Official, Preference, Relation, Road, Seat, Unit
from planner.domain.tree import AdminTree
from planner.inputs.scenario import Objective, Plans, Rules, Scenario, Scope, Target
from planner.rules.eligibility import Pin
from planner.rules.plain import RuleContext, keep_refusals, placement_refusals
from planner.rules.validator import CheckReport, assert_cost_reported, assert_valid, check_plan
from planner.solve.plan import Plan, plan_from_assignment
from planner.solve.problem import PlanningProblem, build_problem, load_problem
from planner.solve.strategy import Outcome, solve_ranked

UNITS = """\
unit_id,name,level,parent_id
P,Tỉnh Thử,province,
D1,Huyện Một,district,P
D2,Huyện Hai,district,P
C1,Xã Một,commune,D1
C2,Xã Hai,commune,D1
C3,Xã Ba,commune,D2
C4,Xã Bốn,commune,D2
"""

ROADS = """\
unit_a,unit_b,km
C1,C2,10
C1,D1,4
C2,D1,7.5
D1,P,20
P,D2,20
D2,C3,5
D2,C4,6.5
"""

SEAT_HEADER = "seat_id,unit_id,role,min_political_theory,min_education,required_tags"
OFFICIAL_HEADER = (
    "official_id,name,gender,birth_date,home_unit_id,other_home_unit_ids,"
    "current_seat_id,current_unit_id,years_in_post,political_theory,education,"
    "planned_roles,tags,disciplined,years_in_unit"
)


def seat(
    seat_id: str,
    unit: str,
    role: str = "secretary",
    *,
    theory: str = "",
    education: str = "",
    tags: str = "",
) -> str:
    return f"{seat_id},{unit},{role},{theory},{education},{tags}"


def official(
    official_id: str,
    home: str,
    *,
    seat: str = "",
    unit: str = "",
    years: float | None = None,
    others: str = "",
    theory: str = "advanced",
    education: str = "master",
    roles: str = "secretary;chairman",
    tags: str = "",
    disciplined: bool = False,
    gender: str = "M",
    born: str = "1980-01-01",
    in_unit: float | None = None,
) -> str:
    """An officials.csv row; an incumbent defaults to 5 years in post (free to stay or go);
    ``in_unit`` is ``years_in_unit`` (empty when None)."""
    if years is None:
        years = 5 if seat else 0
    unit_years = "" if in_unit is None else f"{in_unit:g}"
    return (
        f"{official_id},Cán bộ {official_id},{gender},{born},{home},{others},{seat},{unit},"
        f"{years:g},{theory},{education},{roles},{tags},{int(disciplined)},{unit_years}"
    )


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {value!r} as TOML")


#: Scenario settings of every hand-made case unless a test says otherwise: no target, so a
#: case isolates the family it is about; the rules' and costs' own defaults are the contract's,
#: except the release cost (section 5), 0 here so that each case's hand-derived optimum is about
#: its own family; the release cases (test_release.py) set it.
BASE_SETTINGS: Mapping[str, Any] = MappingProxyType(
    {
        "scope.roles": [],  # every role: a case with secretaries only is not a scoping mistake
        "target.level": "district",
        "target.min_nonlocal_ratio": 0.0,
        "rules.locality_level": "commune",
        "rules.kinship_level": "commune",
        "objective.release": 0,
    }
)


def write_case(
    folder: Path,
    *,
    seats: Sequence[str],
    officials: Sequence[str],
    relations: Sequence[str] = (),
    preferences: Sequence[str] = (),
    units: str = UNITS,
    roads: str | None = ROADS,
    settings: Mapping[str, Any] | None = None,
) -> Path:
    """Write ``folder/data/*.csv`` and ``folder/scenario.toml``; return the scenario path.

    ``relations`` are ``"a,b,kind"`` rows, ``preferences`` ``"official,unit,score"`` rows;
    ``settings`` maps dotted scenario keys (``"rules.max_distance_km"``) to values.
    """
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    (data / "units.csv").write_text(units, encoding="utf-8")
    (data / "seats.csv").write_text("\n".join([SEAT_HEADER, *seats]) + "\n", encoding="utf-8")
    (data / "officials.csv").write_text(
        "\n".join([OFFICIAL_HEADER, *officials]) + "\n", encoding="utf-8"
    )
    (data / "relations.csv").write_text(
        "\n".join(["official_a,official_b,kind", *relations]) + "\n", encoding="utf-8"
    )
    (data / "preferences.csv").write_text(
        "\n".join(["official_id,unit_id,score", *preferences]) + "\n", encoding="utf-8"
    )
    if roads is None:
        (data / "adjacency.csv").unlink(missing_ok=True)
    else:
        (data / "adjacency.csv").write_text(roads, encoding="utf-8")
    merged = {**BASE_SETTINGS, **(settings or {})}
    sections: dict[str, dict[str, Any]] = {}
    top: dict[str, Any] = {"name": "thử", "data": "data", "as_of": "2024-06-01"}
    for key, value in merged.items():
        section, _, name = key.partition(".")
        if name:
            sections.setdefault(section, {})[name] = value
        else:
            top[section] = value
    lines = [f"{k} = {_toml(v)}" for k, v in top.items()]
    for section, values in sections.items():
        lines.append(f"\n[{section}]")
        lines.extend(f"{k} = {_toml(v)}" for k, v in values.items())
    path = folder / "scenario.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------
# solving, always checked


@dataclass(eq=False)
class Solved:
    problem: PlanningProblem
    ctx: RuleContext
    outcome: Outcome
    plans: list[Plan]
    reports: list[CheckReport]

    @property
    def status(self) -> Status:
        return self.outcome.status

    @property
    def costs(self) -> list[int]:
        return [p.cost for p in self.plans]

    def holders(self, rank: int = 1) -> dict[str, str | None]:
        return dict(self.plans[rank - 1].holders)


def plans_of(problem: PlanningProblem, outcome: Outcome) -> list[Plan]:
    """The outcome's solutions as plans in ids, with parts computed by the model layer."""
    return [
        plan_from_assignment(
            k,
            s.assignment,
            problem.seat_ids,
            problem.official_ids,
            str(s.status),
            s.objective,
            parts(problem.instance, s.assignment),
            s.bound,
        )
        for k, s in enumerate(outcome.solutions, start=1)
    ]


def check_outcome(
    problem: PlanningProblem,
    outcome: Outcome,
    ctx: RuleContext | None = None,
    min_difference: int | None = None,
) -> tuple[list[Plan], list[CheckReport]]:
    """Validate every plan and insist on one cost: solver == model parts == validator, and
    on the ranking rule: each plan differs from every better one in enough seats."""
    ctx = ctx or problem.rule_context()
    plans = plans_of(problem, outcome)
    reports = []
    w = problem.instance.weights
    d = min_difference or problem.scenario.plans.min_difference
    for plan in plans:
        report = assert_valid(ctx, plan)
        assert plan.parts == report.parts, (plan.rank, plan.parts, report.parts)
        assert plan.cost == plan.parts.cost(w) == report.cost, (plan.rank, plan.cost, report)
        assert_cost_reported(ctx, plan)
        for earlier in plans[: plan.rank - 1]:
            assert plan.difference(earlier) >= d, (plan.rank, earlier.rank)
        reports.append(report)
    return plans, reports


def solve_checked(
    problem: PlanningProblem,
    *,
    count: int | None = None,
    min_difference: int | None = None,
    engine: str | None = None,
    time_limit_s: float = 30.0,
) -> Solved:
    settings = problem.scenario.plans
    outcome = solve_ranked(
        problem.instance,
        count=count or settings.count,
        min_difference=min_difference or settings.min_difference,
        time_limit_s=time_limit_s,
        seed=settings.seed,
        engine=engine or problem.scenario.solver.engine,
    )
    ctx = problem.rule_context()
    plans, reports = check_outcome(problem, outcome, ctx, min_difference)
    return Solved(problem, ctx, outcome, plans, reports)


def solve_case(
    path: Path,
    *,
    count: int = 1,
    pins: Sequence[Pin] = (),
    min_difference: int | None = None,
    engine: str | None = None,
) -> Solved:
    problem = load_problem(path, pins=pins)
    return solve_checked(problem, count=count, min_difference=min_difference, engine=engine)


# --------------------------------------------------------------------------------------------
# brute force: every assignment, judged by the validator alone


def all_valid_plans(ctx: RuleContext) -> list[tuple[int, dict[str, str | None]]]:
    """Every plan the validator accepts, with its cost, by plain enumeration.

    Choices per seat are pruned with the pair rules (the validator would reject the rest
    anyway), then each complete assignment is judged by :func:`check_plan` alone.
    """
    seat_ids = list(ctx.seats)
    options: list[list[str | None]] = []
    for seat_id in seat_ids:
        choice: list[str | None] = []
        for official_id in ctx.officials:
            if ctx.incumbent[seat_id] == official_id:
                ok = not keep_refusals(ctx, official_id, seat_id)
            else:
                ok = not placement_refusals(ctx, official_id, seat_id)
            if ok:
                choice.append(official_id)
        if ctx.scenario.rules.allow_vacancies:
            choice.append(None)
        options.append(choice)
    out = []
    for combo in itertools.product(*options):
        taken = [c for c in combo if c is not None]
        if len(taken) != len(set(taken)):
            continue
        holders = dict(zip(seat_ids, combo, strict=True))
        report = check_plan(ctx, holders)
        if report.ok:
            out.append((report.cost, holders))
    return out


def differs(a: Mapping[str, str | None], b: Mapping[str, str | None]) -> int:
    return sum(1 for seat_id in a if a[seat_id] != b.get(seat_id))


# --------------------------------------------------------------------------------------------
# random worlds (Hypothesis)

TREE_UNITS = (
    Unit("P", "Tỉnh Thử", "province", None, 21.0, 105.8, 2),
    Unit("D1", "Huyện Một", "district", "P", 21.1, 105.55, 3),
    Unit("D2", "Huyện Hai", "district", "P", 20.93, 105.85, 4),
    Unit("C1", "Xã Một", "commune", "D1", 21.12, 105.58, 5),
    Unit("C2", "Xã Hai", "commune", "D1", 21.15, 105.56, 6),
    Unit("C3", "Xã Ba", "commune", "D2", 20.93, 105.82, 7),
    Unit("C4", "Xã Bốn", "commune", "D2", 20.95, 105.84, 8),
    # former communes (2025 mergers): F1 went mostly to C1, a part to C3; F2 wholly to C4
    Unit("F1", "Xã Cũ Một", "commune", "C1", 21.05, 105.7, 9, "former", ("C3",)),
    Unit("F2", "Xã Cũ Hai", "commune", "C4", 20.96, 105.83, 10, "former"),
)
COMMUNES = ("C1", "C2", "C3", "C4")
FORMER = ("F1", "F2")
ALL_UNITS = tuple(u.unit_id for u in TREE_UNITS if u.status == "current")
LINKS = (
    ("C1", "C2"),
    ("C1", "D1"),
    ("C2", "D1"),
    ("D1", "P"),
    ("P", "D2"),
    ("D2", "C3"),
    ("D2", "C4"),
    ("C3", "C4"),
)
AS_OF = date(2024, 6, 1)
RETIREMENT_RULES: tuple[str | Mapping[str, float], ...] = (
    "vn-2019",
    MappingProxyType({"M": 62.0, "F": 60.0}),
)


@dataclass(frozen=True, eq=False)
class World:
    scenario: Scenario
    dataset: Dataset
    tree: AdminTree
    pins: tuple[Pin, ...]

    def problem(self, *, all_pairs: bool = False) -> PlanningProblem:
        return build_problem(
            self.scenario, self.dataset, self.tree, pins=self.pins, all_pairs=all_pairs
        )

    def context(self) -> RuleContext:
        return RuleContext.build(self.scenario, self.dataset, self.tree, pins=self.pins)

    def __repr__(self) -> str:
        """Short enough to read in a falsifying example: only what differs from defaults."""
        sc = self.scenario
        lines = [
            f"scope={sc.scope}",
            f"target={sc.target}",
            f"rules={sc.rules}",
            f"objective={sc.objective}",
            f"plans={sc.plans}",
            f"roads={self.dataset.roads}",
            f"latlon={self.dataset.units[0].lat is not None}",
        ]
        lines += [f"  {s}" for s in self.dataset.seats]
        lines += [f"  {o}" for o in self.dataset.officials]
        lines += [f"  {r}" for r in self.dataset.relations]
        lines += [f"  {p}" for p in self.dataset.preferences]
        lines += [f"  Pin({p.seat_id}, {p.official_id}, keep={p.keep})" for p in self.pins]
        return "World(\n" + "\n".join(lines) + ")"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


def _chance(draw: st.DrawFn, p: float) -> bool:
    """True with probability about ``p`` (st.floats would favour 0.0 and make it almost 1)."""
    return draw(st.sampled_from(range(100))) < round(p * 100)


def _subset(draw: st.DrawFn, items: Sequence[str], p: float = 0.5) -> frozenset[str]:
    return frozenset(i for i in items if _chance(draw, p))


@st.composite
def worlds(
    draw: st.DrawFn, *, max_seats: int = 4, max_officials: int = 6, strict: bool | None = None
) -> World:
    """A random small rotation problem: every rule has a fair chance to bite.

    A strict world has every rule bite often ("no plan" is a common answer); a lenient one
    allows most pairs, so that rankings among many plans are exercised. ``strict=None`` draws.
    """
    if strict is None:
        strict = draw(st.booleans())
    n_seats = draw(st.integers(1, max_seats))
    seats = []
    for i in range(n_seats):
        seats.append(
            Seat(
                seat_id=f"S{i + 1}",
                unit_id=draw(st.sampled_from(COMMUNES)),
                role=draw(st.sampled_from(("secretary", "chairman"))),
                min_political_theory=draw(st.sampled_from((0, 0, 1, 2) if strict else (0, 1))),
                min_education=draw(st.sampled_from((0, 0, 2, 3) if strict else (0, 2))),
                required_tags=_subset(draw, ("a", "b"), 0.2 if strict else 0.05),
                row=i + 2,
            )
        )
    seat_ids = [s.seat_id for s in seats]
    n_officials = draw(st.integers(0 if strict else min(n_seats + 1, max_officials), max_officials))
    free = list(seat_ids)
    officials = []
    for i in range(n_officials):
        holds = None
        wants_seat = draw(st.booleans())
        if free and wants_seat:
            holds = draw(st.sampled_from(free))
            free.remove(holds)
        seat_unit = next((s.unit_id for s in seats if s.seat_id == holds), None)
        home = draw(st.sampled_from((*ALL_UNITS, *FORMER) if strict else (*COMMUNES, "P", "F1")))
        others = tuple(u for u in _subset(draw, (*COMMUNES, *FORMER), 0.15) if u != home)
        unit = seat_unit or draw(
            st.sampled_from((None, None, *ALL_UNITS) if strict else ("D1", "D2", "C1", "C3", "P"))
        )
        born = date(
            draw(st.integers(1956 if strict else 1970, 1996)),
            draw(st.integers(1, 12)),
            draw(st.integers(1, 28)),
        )
        officials.append(
            Official(
                official_id=f"O{i + 1}",
                name=f"Cán bộ {i + 1}",
                gender=draw(st.sampled_from("MF")),
                birth_date=born,
                home_unit_id=home,
                other_home_unit_ids=tuple(sorted(others)),
                current_seat_id=holds,
                current_unit_id=unit,
                years_in_post=draw(
                    st.sampled_from(
                        (0.0, 1.0, 2.9, 3.0, 5.0, 9.99, 10.0, 12.0)
                        if strict
                        else (3.0, 5.0, 9.99, 1.0)
                    )
                )
                if holds
                else 0.0,
                years_in_unit=draw(st.sampled_from((None, None, 4.0, 10.0, 11.0)))
                if holds
                else None,
                political_theory=draw(st.integers(0 if strict else 2, 3)),
                education=draw(st.integers(0 if strict else 3, 5)),
                planned_roles=_subset(draw, ("secretary", "chairman"), 0.6 if strict else 0.9),
                tags=_subset(draw, ("a", "b"), 0.5 if strict else 0.9),
                disciplined=_chance(draw, 0.1 if strict else 0.03),
                row=i + 2,
            )
        )
    ids = [o.official_id for o in officials]
    relations = []
    if len(ids) >= 2:
        for k in range(draw(st.integers(0, 2))):
            a, b = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
            relations.append(Relation(a, b, "spouse", k + 2))
    preferences = []
    seen = set()
    for k in range(draw(st.integers(0, 4)) if ids else 0):
        key = (draw(st.sampled_from(ids)), draw(st.sampled_from(COMMUNES)))
        if key not in seen:
            seen.add(key)
            preferences.append(Preference(*key, draw(st.integers(-10, 10)), k + 2))
    distance = draw(st.sampled_from(("roads", "latlon", "none")))
    roads = None
    units: tuple[Unit, ...] = TREE_UNITS
    if distance == "roads":
        roads = tuple(
            Road(a, b, draw(st.sampled_from((2.0, 4.5, 7.5, 12.5, 20.0))), k + 2)
            for k, (a, b) in enumerate(LINKS)
            if _chance(draw, 0.85)
        )
    elif distance == "none":
        units = tuple(replace(u, lat=None, lon=None) for u in TREE_UNITS)
    dataset = Dataset(
        folder=Path("."),
        units=units,
        seats=tuple(seats),
        officials=tuple(officials),
        relations=tuple(relations),
        preferences=tuple(preferences),
        roads=roads,
    )
    roles = draw(
        st.sampled_from((("secretary", "chairman"), ("secretary", "chairman"), ("secretary",), ()))
    )
    scope_units = draw(st.sampled_from(((), (), ("D1",), ("P",))))
    ratio = draw(st.sampled_from((0.0, 0.3, 0.5, 0.5, 0.7, 1.0) if strict else (0.0, 0.3, 0.5)))
    groups = {"D2": draw(st.sampled_from((0.0, 1.0)))} if draw(st.booleans()) else {}
    role_targets = {"chairman": draw(st.sampled_from((0.5, 1.0)))} if draw(st.booleans()) else {}
    group_roles = (
        {"D1": MappingProxyType({"secretary": draw(st.sampled_from((0.5, 1.0)))})}
        if draw(st.booleans())
        else {}
    )
    rules = Rules(
        locality_level=draw(st.sampled_from(("commune", "commune", "district"))),
        min_years_before_move=draw(st.sampled_from((0.0, 3.0))),
        max_years_in_post=draw(st.sampled_from((10.0, 5.0) if strict else (10.0,))),
        min_years_to_retirement=draw(st.sampled_from((0.0, 5.0, 10.0) if strict else (0.0, 5.0))),
        retirement=draw(st.sampled_from(RETIREMENT_RULES)),
        max_distance_km=draw(st.sampled_from((0.0, 0.0, 12.5, 30.0) if strict else (0.0, 60.0))),
        kinship_level=draw(st.sampled_from(("commune", "district"))),
        cross_group_moves=draw(st.booleans()) or (not strict and draw(st.booleans())),
        max_changes_per_group=draw(st.sampled_from((0, 0, 1, 2) if strict else (0, 0, 2))),
        one_new_head_per_unit=draw(st.booleans()),
        allow_vacancies=draw(st.booleans()),
        retire_at_age=draw(st.booleans()),
    )
    objective = Objective(
        change=draw(st.sampled_from((100, 1, 0))),
        distance_km=draw(st.sampled_from((1, 3))),
        preference=draw(st.sampled_from((10, 0))),
        vacancy=draw(st.sampled_from((10000, 50))),
        release=draw(st.sampled_from((100, 0, 7))),
    )
    scenario = Scenario(
        name="ngẫu nhiên",
        path=Path("random.toml"),
        data_dir=Path("."),
        as_of=AS_OF,
        scope=Scope(units=scope_units, roles=roles),
        target=Target(
            level="district",
            min_nonlocal_ratio=ratio,
            groups=MappingProxyType(groups),
            roles=MappingProxyType(role_targets),
            group_roles=MappingProxyType(group_roles),
        ),
        rules=rules,
        objective=objective,
        plans=Plans(count=3, min_difference=draw(st.integers(1, 2)), time_limit_s=30.0),
    )
    pins = []
    pinned = set()
    if ids:
        for k in range(draw(st.integers(0, 2))):
            key = (draw(st.sampled_from(seat_ids)), draw(st.sampled_from(ids)))
            if key not in pinned:  # keep and forbid for one pair is bad input, not a case
                pinned.add(key)
                pins.append(Pin(*key, keep=draw(st.booleans()), row=k + 2))
    return World(scenario, dataset, AdminTree(units), tuple(pins))


def families_of(refusals: Iterable[Any]) -> int:
    out = 0
    for refusal in refusals:
        out |= int(refusal.family)
    return out


def no_roadmap_case(folder: Path) -> Path:
    """Two communes whose incumbents are native to both, and one non-local, N1: 2 of 2
    non-local cannot be reached at the second batch, and no lever helps."""
    return write_case(
        folder,
        seats=[seat("S1", "C1"), seat("S2", "C2")],
        officials=[
            official("I1", "C1", seat="S1", unit="C1", others="C2"),
            official("I2", "C2", seat="S2", unit="C2", others="C1"),
            official("N1", "C3", unit="D1"),
        ],
        settings={
            "target.min_nonlocal_ratio": 1.0,
            "roadmap.batches": ["2024-06-01", "2025-06-01"],
        },
    )
