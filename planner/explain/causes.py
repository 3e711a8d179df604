"""Facts of the data that rule out every plan, found by counting before any solver runs.

Each is a reason a planner can check in a spreadsheet ("nobody may take seat S6: of the nine
officials of the district, five are not on the planning list..."), which a family-level
conflict alone does not give. The counts also bound each target's reachable maximum from above,
which tells the planner *why* a group falls short.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np

from models.families import ALL, Family
from models.instance import IntArray
from planner.domain.words import rule_name
from planner.explain.explanation import DataCause, Reach, families_in_order
from planner.explain.words import (
    family_phrase,
    official_name,
    role_seats,
    seat_name,
    short_phrase,
)
from planner.i18n import _, ngettext
from planner.solve.problem import GroupTarget, PlanningProblem


def seat_rows(problem: PlanningProblem) -> list[IntArray]:
    """Each target's seats as dense indices, in ``problem.targets`` order."""
    index = {s: i for i, s in enumerate(problem.seat_ids)}
    return [np.array([index[s] for s in t.seat_ids], dtype=np.int64) for t in problem.targets]


def target_facts(problem: PlanningProblem, rows: Sequence[IntArray]) -> list[tuple[int, int, int]]:
    """Per target: seats whose local incumbent must stay, other seats no non-local may take,
    and distinct non-locals who may take one of its seats (an upper bound is the smaller of
    ``seats - first - second`` and the third)."""
    inst = problem.instance
    admitted = inst.admitted(ALL)
    forced = inst.forced(ALL)
    forced_local = np.zeros(inst.n_seats, dtype=bool)
    forced_local[inst.pair_seat[forced & ~inst.pair_nonlocal]] = True
    has_nonlocal = np.zeros(inst.n_seats, dtype=bool)
    nonlocal_pairs = admitted & inst.pair_nonlocal
    has_nonlocal[inst.pair_seat[nonlocal_pairs]] = True
    out = []
    for seats in rows:
        stay = int(forced_local[seats].sum())
        blocked = int((~forced_local[seats] & ~has_nonlocal[seats]).sum())
        in_row = nonlocal_pairs & np.isin(inst.pair_seat, seats)
        out.append((stay, blocked, len(np.unique(inst.pair_official[in_row]))))
    return out


def data_causes(problem: PlanningProblem, reach: Sequence[Reach] = ()) -> list[DataCause]:
    """Every cause found by counting. ``problem`` should be built with ``all_pairs=True`` so
    that a seat's refused candidates can be named; without it only the seat is named."""
    causes: list[DataCause] = []
    causes += _forced_refused(problem)
    causes += _forced_twice(problem)
    causes += _no_candidate(problem)
    causes += _related_must_stay(problem)
    causes += _locals_must_stay(problem, reach)
    causes += _too_few_officials(problem)
    return causes


def _forcing(bits: int) -> tuple[Family, ...]:
    return families_in_order(bits & int(Family.TENURE | Family.PIN))


def _forced_refused(problem: PlanningProblem) -> list[DataCause]:
    inst = problem.instance
    pairs = np.flatnonzero(inst.forced(ALL) & ~inst.admitted(ALL))
    out = []
    for p in pairs:
        seat, official = int(inst.pair_seat[p]), int(inst.pair_official[p])
        forcing = _forcing(int(inst.pair_forced[p]))
        refusing = families_in_order(int(inst.pair_refused[p]))
        why = ", ".join(family_phrase(f, problem) for f in refusing)
        out.append(
            DataCause(
                "forced_pair_refused",
                _("{official} must hold {seat} ({forcing}), but {why} forbids it.").format(
                    official=official_name(problem, official),
                    seat=seat_name(problem, seat),
                    forcing=_(" and ").join(rule_name(f.label) for f in forcing),
                    why=why,
                ),
                problem.seat_group[seat],
                forcing + refusing,
                {"seat_id": problem.seat_ids[seat], "official_id": problem.official_ids[official]},
            )
        )
    return out


def _forced_twice(problem: PlanningProblem) -> list[DataCause]:
    inst = problem.instance
    forced = np.flatnonzero(inst.forced(ALL))
    out = []
    by_official: dict[int, list[int]] = defaultdict(list)
    by_seat: dict[int, list[int]] = defaultdict(list)
    for p in forced:
        by_official[int(inst.pair_official[p])].append(int(p))
        by_seat[int(inst.pair_seat[p])].append(int(p))
    for official, pairs in by_official.items():
        if len(pairs) > 1:
            seats = [int(inst.pair_seat[p]) for p in pairs]
            out.append(
                DataCause(
                    "official_forced_twice",
                    _("{official} must hold {seats} at once.").format(
                        official=official_name(problem, official),
                        seats=_(" and ").join(seat_name(problem, s) for s in seats),
                    ),
                    problem.seat_group[seats[0]],
                    (Family.PIN,),
                    {
                        "official_id": problem.official_ids[official],
                        "seat_ids": [problem.seat_ids[s] for s in seats],
                    },
                )
            )
    for seat, pairs in by_seat.items():
        if len(pairs) > 1:
            officials = [int(inst.pair_official[p]) for p in pairs]
            out.append(
                DataCause(
                    "seat_forced_twice",
                    _("{seat} must be held by {officials} at once.").format(
                        seat=seat_name(problem, seat),
                        officials=_(" and ").join(official_name(problem, o) for o in officials),
                    ),
                    problem.seat_group[seat],
                    (Family.PIN,),
                    {
                        "seat_id": problem.seat_ids[seat],
                        "official_ids": [problem.official_ids[o] for o in officials],
                    },
                )
            )
    return out


def _no_candidate(problem: PlanningProblem) -> list[DataCause]:
    inst = problem.instance
    if inst.allow_vacancies:
        return []
    admitted = inst.admitted(ALL)
    has = np.zeros(inst.n_seats, dtype=bool)
    has[inst.pair_seat[admitted]] = True
    out = []
    for seat in (int(s) for s in np.flatnonzero(~has)):
        pairs = np.flatnonzero(inst.pair_seat == seat)
        refused = inst.pair_refused[pairs]
        # officials of the seat's own group first: the others need a cross-group move anyway
        own = (refused & int(Family.CROSS_GROUP)) == 0
        counts: Counter[Family] = Counter()
        for bits in refused[own]:
            for family in families_in_order(int(bits)):
                counts[family] += 1
        near: Counter[Family] = Counter()
        for bits in refused:
            single = families_in_order(int(bits))
            if len(single) == 1:
                near[single[0]] += 1
        main = [f for f, _ in counts.most_common()]
        group = problem.seat_group[seat]
        considered = _officials(int(own.sum()))
        reasons = "; ".join(
            _("{rule} rules out {n} ({phrase})").format(
                rule=rule_name(f.label), n=n, phrase=short_phrase(f, problem)
            )
            for f, n in counts.most_common()
        )
        text = _(
            "Nobody may take {seat}: of the {considered} of {group} who could be considered, "
            "{reasons}."
        ).format(
            seat=seat_name(problem, seat),
            considered=considered,
            group=problem.tree.name_of(group),
            reasons=reasons or _("there is none"),
        )
        if near:
            text += " " + _("Held back by one rule only: {rules}.").format(
                rules=", ".join(f"{rule_name(f.label)} {n}" for f, n in near.most_common())
            )
        out.append(
            DataCause(
                "no_candidate",
                text,
                group,
                (*main[:3], Family.SEAT_FILLED),
                {
                    "seat_id": problem.seat_ids[seat],
                    "refused_by": {f.label: n for f, n in counts.most_common()},
                    "one_rule_away": {f.label: n for f, n in near.most_common()},
                },
            )
        )
    return out


def _related_must_stay(problem: PlanningProblem) -> list[DataCause]:
    inst = problem.instance
    if not inst.kinship:
        return []
    forced = inst.forced(ALL)
    kinds = {frozenset((r.official_a, r.official_b)): r.kind for r in problem.dataset.relations}
    level = problem.scenario.rules.kinship_level
    seen: set[tuple[int, ...]] = set()
    out = []
    for members in inst.kinship:
        held = [int(p) for p in members if forced[p]]
        officials = sorted({int(inst.pair_official[p]) for p in held})
        if len(officials) < 2 or tuple(officials) in seen:
            continue
        seen.add(tuple(officials))
        seat = int(inst.pair_seat[held[0]])
        unit = problem.tree.ancestor_at(problem.seats[seat].unit_id, level) or ""
        ids = [problem.official_ids[o] for o in officials]
        kind = kinds.get(frozenset(ids[:2]), "related")
        bits = 0
        for p in held:
            bits |= int(inst.pair_forced[p])
        out.append(
            DataCause(
                "related_must_stay",
                _("{officials} are relatives ({kind}) and both must stay in {unit}.").format(
                    officials=_(" and ").join(official_name(problem, o) for o in officials),
                    kind=kind,
                    unit=problem.tree.name_of(unit),
                ),
                problem.seat_group[seat],
                (Family.KINSHIP, *_forcing(bits)),
                {"official_ids": ids, "unit_id": unit, "kind": kind},
            )
        )
    return out


def _locals_must_stay(problem: PlanningProblem, reach: Sequence[Reach]) -> list[DataCause]:
    out = []
    for target, r in zip(problem.targets, reach, strict=False):
        if r.local_must_stay > r.seats - r.required:
            out.append(
                DataCause(
                    "local_must_stay",
                    _(
                        "In {target}, {stay} of {seats} seats are held by locals who must stay, "
                        "so at most {free} can go to non-locals ({required} required)."
                    ).format(
                        target=_target_words(problem, target),
                        stay=r.local_must_stay,
                        seats=r.seats,
                        free=r.seats - r.local_must_stay,
                        required=r.required,
                    ),
                    target.group_id,
                    (Family.TARGET, Family.TENURE),
                    {
                        "role": target.role,
                        "seats": r.seats,
                        "required": r.required,
                        "local_must_stay": r.local_must_stay,
                    },
                )
            )
    return out


def _too_few_officials(problem: PlanningProblem) -> list[DataCause]:
    inst = problem.instance
    if inst.allow_vacancies:
        return []
    admitted = inst.admitted(ALL)
    out = []
    for g, group in enumerate(problem.groups):
        seats = np.flatnonzero(inst.seat_group == g)
        in_group = admitted & np.isin(inst.pair_seat, seats)
        people = len(np.unique(inst.pair_official[in_group]))
        if people < len(seats):
            out.append(
                DataCause(
                    "too_few_officials",
                    _(
                        "{group} has {seats} seats to fill but only {officials} may hold any "
                        "of them."
                    ).format(
                        group=problem.tree.name_of(group),
                        seats=len(seats),
                        officials=_officials(people),
                    ),
                    group,
                    (Family.SEAT_FILLED, Family.CROSS_GROUP),
                    {"seats": len(seats), "officials": people},
                )
            )
    return out


def _officials(n: int) -> str:
    return ngettext("{n} official", "{n} officials", n).format(n=n)


def _target_words(problem: PlanningProblem, target: GroupTarget) -> str:
    name = problem.tree.name_of(target.group_id)
    return name if target.role is None else f"{name}, {role_seats(target.role)}"
