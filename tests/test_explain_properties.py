"""The explanation's shortcuts (LP first, twins dropped, parts and group closures) against plain
0-1 solves of the whole instance, on random small instances.

- every reported maximum is the optimum, with the targets removed, of the parts its seats lie
  in;
- a part is reported without a plan exactly when the whole instance has none;
- every reported conflict is infeasible on the whole instance, and, when it is the only one
  and claimed minimal, relaxing any one of its families gives the whole instance a plan.
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.build import MaxNonlocal
from models.decompose import components, part
from models.engines import Status
from models.families import ALL, Family
from models.instance import NO_ONE, Instance, TargetRow
from models.solve import solve
from planner.explain import solving
from planner.solve.executor import SerialExecutor

FILTERS = (Family.PLANNING, Family.LOCALITY, Family.RETIREMENT)


@st.composite
def instances(draw: st.DrawFn) -> Instance:
    n_s = draw(st.integers(1, 6))
    n_o = draw(st.integers(1, 8))
    n_g = draw(st.integers(1, 2))
    seat_group = np.array(draw(st.lists(st.integers(0, n_g - 1), min_size=n_s, max_size=n_s)))
    seat_role = np.array(draw(st.lists(st.integers(0, 1), min_size=n_s, max_size=n_s)))
    seat_unit = seat_group * n_s + np.arange(n_s) // 2  # a unit lies inside one group
    holders = draw(st.lists(st.integers(-1, n_o - 1), min_size=n_s, max_size=n_s))
    incumbent = np.full(n_s, NO_ONE)
    used: set[int] = set()
    for s, o in enumerate(holders):
        if o >= 0 and o not in used:
            incumbent[s] = o
            used.add(o)
    official_group = np.array(draw(st.lists(st.integers(0, n_g - 1), min_size=n_o, max_size=n_o)))
    for s in range(n_s):
        if incumbent[s] >= 0:
            official_group[incumbent[s]] = seat_group[s]
    rows = []
    for s in range(n_s):
        for o in range(n_o):
            keep = incumbent[s] == o
            if not keep and not draw(st.booleans()):
                continue
            refused = 0
            if not keep:
                for family in FILTERS:
                    if draw(st.integers(0, 3)) == 0:
                        refused |= int(family)
                if official_group[o] != seat_group[s]:
                    refused |= int(Family.CROSS_GROUP)
            forced = 0
            if keep and draw(st.integers(0, 2)) == 0:
                forced = int(Family.TENURE)
            elif keep and draw(st.integers(0, 5)) == 0:
                refused |= int(Family.TENURE)  # must leave
            if not keep and o in incumbent and draw(st.integers(0, 2)) == 0:
                refused |= int(Family.TENURE)  # an incumbent who must stay
            rows.append((s, o, keep, draw(st.booleans()), refused, forced))
    arr = np.array(rows, dtype=np.int64).reshape(-1, 6)
    targets = []
    for g in range(n_g):
        seats = np.flatnonzero(seat_group == g)
        if len(seats):
            targets.append(TargetRow(g, None, seats, draw(st.integers(0, len(seats)))))
            role_seats = seats[seat_role[seats] == 0]
            if len(role_seats) and draw(st.booleans()):
                targets.append(TargetRow(g, 0, role_seats, draw(st.integers(1, len(role_seats)))))
    kinship = []
    for _ in range(draw(st.integers(0, 2))):
        a, b = draw(st.integers(0, n_o - 1)), draw(st.integers(0, n_o - 1))
        unit = draw(st.sampled_from(sorted(set(seat_unit.tolist()))))
        members = np.flatnonzero(np.isin(arr[:, 1], [a, b]) & (seat_unit[arr[:, 0]] == unit))
        if a != b and len(members) >= 2:
            kinship.append(members)
    return Instance(
        n_officials=n_o,
        n_seats=n_s,
        n_groups=n_g,
        seat_group=seat_group,
        seat_unit=seat_unit,
        seat_role=seat_role,
        seat_incumbent=incumbent,
        pair_official=arr[:, 1],
        pair_seat=arr[:, 0],
        pair_keep=arr[:, 2].astype(bool),
        pair_nonlocal=arr[:, 3].astype(bool),
        pair_km=np.zeros(len(arr), np.int64),
        pair_score=np.zeros(len(arr), np.int64),
        pair_refused=arr[:, 4],
        pair_forced=arr[:, 5],
        targets=tuple(t for t in targets if t.required > 0),
        kinship=tuple(kinship),
        max_changes_per_group=draw(st.integers(0, 2)),
        one_new_head_per_unit=draw(st.booleans()),
        allow_vacancies=draw(st.integers(0, 4)) == 0,
    )


def plain_status(instance: Instance, enforced: Family) -> Status:
    return solve(
        instance,
        engine="highs",
        time_limit_s=10,
        enforced=enforced,
        goal=MaxNonlocal(np.zeros(0, dtype=np.int64)),
    ).status


@pytest.mark.parametrize("exact_pairs", [solving.EXACT_PAIRS, 0])
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(instance=instances())
def test_shortcuts_agree_with_plain_solves(
    instance: Instance, exact_pairs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(solving, "EXACT_PAIRS", exact_pairs)
    deadline = time.time() + 30
    rows = [np.flatnonzero(instance.seat_group == g) for g in range(instance.n_groups)]
    rows = [r for r in rows if len(r)] + [np.arange(instance.n_seats)]
    found = solving.maxima(
        instance, rows, deadline=deadline, seed=0, engine="highs", executor=SerialExecutor()
    )
    # a maximum is that of the row's own parts: a seat nobody can fill elsewhere does not
    # void it (the part holding that seat reports no maximum instead)
    untargeted = replace(instance, targets=())
    parts = components(untargeted, solving.NO_TARGET)
    for seats, m in zip(rows, found, strict=True):
        own = part(untargeted, np.concatenate([p for p in parts if np.isin(p, seats).any()]))
        sol = solve(
            own.instance,
            engine="highs",
            time_limit_s=10,
            enforced=solving.NO_TARGET,
            goal=MaxNonlocal(np.searchsorted(own.seats, seats)),
        )
        if sol.status is Status.INFEASIBLE:
            assert m.value is None
        else:
            assert m.proven and m.value == round(sol.objective or 0)

    diagnosed = solving.diagnose(
        instance,
        deadline=deadline,
        conflict_deadline=deadline,
        seed=0,
        engine="highs",
        executor=SerialExecutor(),
        cross_group_moves=False,
    )
    none = any(status is Status.INFEASIBLE for _, status in diagnosed.parts)
    assert none == (plain_status(instance, ALL) is Status.INFEASIBLE)
    assert bool(diagnosed.conflicts) == none
    for _, d in diagnosed.conflicts:
        kept = Family(d.kept) | Family.ONE_SEAT
        assert plain_status(instance, kept) is Status.INFEASIBLE
        if d.minimal and len(diagnosed.conflicts) == 1:
            for family in Family(d.kept):
                assert plain_status(instance, kept & ~family) is not Status.INFEASIBLE
