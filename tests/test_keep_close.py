"""``--keep-close-to`` (contract section 9): among plans of least cost, the one closest to a
reference plan; the cost is never traded for closeness."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.instance import NO_ONE, Instance, IntArray, TargetRow
from models.objective import NOT_COVERED, differing, parts, with_closeness
from planner.solve.strategy import solve_ranked
from tests.conftest import run_cli

ENGINES = ["lp+scip", "highs", "cp-sat"]


def tiny_instance(
    n_seats: int,
    n_officials: int,
    km: dict[tuple[int, int], int],
    nonlocal_: frozenset[tuple[int, int]] = frozenset(),
    required: int = 0,
    incumbent: tuple[int, ...] | None = None,
) -> Instance:
    """Every official a candidate for every seat; ``km[(seat, official)]`` prices a pair."""
    seats, officials = zip(*itertools.product(range(n_seats), range(n_officials)), strict=True)
    pair_seat = np.array(seats, dtype=np.int64)
    pair_official = np.array(officials, dtype=np.int64)
    holder = np.array(incumbent or [NO_ONE] * n_seats, dtype=np.int64)
    n = len(pair_seat)
    return Instance(
        n_officials=n_officials,
        n_seats=n_seats,
        n_groups=1,
        seat_group=np.zeros(n_seats, np.int64),
        seat_unit=np.arange(n_seats, dtype=np.int64),
        seat_role=np.zeros(n_seats, np.int64),
        seat_incumbent=holder,
        pair_official=pair_official,
        pair_seat=pair_seat,
        pair_keep=holder[pair_seat] == pair_official,
        pair_nonlocal=np.array(
            [(s, o) in nonlocal_ for s, o in zip(seats, officials, strict=True)], bool
        ),
        pair_km=np.array(
            [km.get((s, o), 0) for s, o in zip(seats, officials, strict=True)], np.int64
        ),
        pair_score=np.zeros(n, np.int64),
        pair_refused=np.zeros(n, np.int64),
        pair_forced=np.zeros(n, np.int64),
        targets=(TargetRow(0, None, np.arange(n_seats, dtype=np.int64), required),)
        if required
        else (),
    )


def brute_force(instance: Instance) -> list[tuple[int, IntArray]]:
    """(cost, assignment) of every plan, by enumeration (seats filled, one seat each)."""
    out = []
    for chosen in itertools.permutations(range(instance.n_officials), instance.n_seats):
        assignment = np.array(chosen, dtype=np.int64)
        pairs = instance.assignment_pairs(assignment)
        nonlocal_count = int(instance.pair_nonlocal[pairs].sum())
        if any(nonlocal_count < t.required for t in instance.targets):
            continue
        out.append((parts(instance, assignment).cost(instance.weights), assignment))
    return out


@pytest.mark.parametrize("engine", ENGINES)
def test_equal_cost_plans_the_reference_wins(engine: str) -> None:
    # three officials, two empty seats, every placement costs the same: six plans of equal
    # cost; the reference (2 in seat 0, 1 in seat 1) is one of them and must be plan 1
    instance = tiny_instance(2, 3, {})
    reference = np.array([2, 1], dtype=np.int64)
    outcome = solve_ranked(instance, engine=engine, reference=reference, time_limit_s=10)
    assert outcome.solutions[0].assignment.tolist() == [2, 1]
    assert outcome.solutions[0].objective == 200


@pytest.mark.parametrize("engine", ENGINES)
def test_closeness_never_costs_more(engine: str) -> None:
    # the reference puts official 0 in seat 0, which costs 5 km more: least cost first, so
    # seat 0 changes, and among the least-cost plans seat 1 keeps the reference's holder
    instance = tiny_instance(2, 3, {(0, 0): 5})
    reference = np.array([0, 2], dtype=np.int64)
    outcome = solve_ranked(instance, engine=engine, reference=reference, time_limit_s=10)
    best = outcome.solutions[0]
    assert best.objective == 200  # not 205
    assert best.assignment[1] == 2
    assert differing(reference, best.assignment) == 1
    assert best.bound == 200


def test_later_plans_are_closest_among_their_equals() -> None:
    # four officials, two seats, all equal: plan 1 is the reference; plan 2 must differ in
    # at least 1 seat (min_difference=1) and, among its equals, in exactly 1
    instance = tiny_instance(2, 4, {})
    reference = np.array([3, 0], dtype=np.int64)
    outcome = solve_ranked(
        instance, count=3, min_difference=1, reference=reference, time_limit_s=10
    )
    assert outcome.solutions[0].assignment.tolist() == [3, 0]
    for sol in outcome.solutions[1:]:
        assert differing(reference, sol.assignment) == 1
        assert sol.objective == 200


def test_seats_the_reference_does_not_name_are_free() -> None:
    instance = tiny_instance(2, 3, {(1, 1): 1})
    reference = np.array([NOT_COVERED, 1], dtype=np.int64)
    outcome = solve_ranked(instance, reference=reference, time_limit_s=10)
    assert outcome.solutions[0].objective == 200  # official 1 in seat 1 costs 1 more
    assert outcome.solutions[0].assignment[1] != 1


def test_an_empty_reference_seat_counts_as_a_difference_when_filled() -> None:
    instance = tiny_instance(1, 2, {})
    scaled = with_closeness(instance, np.array([NO_ONE], dtype=np.int64))
    assert scaled.pair_closeness is not None
    assert scaled.pair_closeness.tolist() == [1, 1]
    assert scaled.closeness_scale == 2


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    km=st.lists(st.integers(0, 3), min_size=9, max_size=9),
    nonlocal_=st.lists(st.booleans(), min_size=9, max_size=9),
    required=st.integers(0, 2),
    reference=st.lists(st.integers(-2, 2), min_size=3, max_size=3),
)
def test_least_cost_then_fewest_differences_as_brute_force(
    km: list[int], nonlocal_: list[bool], required: int, reference: list[int]
) -> None:
    pairs = list(itertools.product(range(3), range(3)))
    instance = tiny_instance(
        3,
        3,
        dict(zip(pairs, km, strict=True)),
        frozenset(p for p, n in zip(pairs, nonlocal_, strict=True) if n),
        required,
        incumbent=(0, NO_ONE, 2),
    )
    plans = brute_force(instance)
    ref = np.array(reference, dtype=np.int64)
    outcome = solve_ranked(instance, reference=ref, time_limit_s=10)
    if not plans:
        assert not outcome.solutions
        return
    least = min(c for c, _ in plans)
    closest = min(differing(ref, a) for c, a in plans if c == least)
    best = outcome.solutions[0]
    assert best.objective == least
    assert parts(instance, best.assignment).cost(instance.weights) == least
    assert differing(ref, best.assignment) == closest


def _plan_one(folder: Path) -> dict[str, str]:
    with (folder / "plans.csv").open(encoding="utf-8-sig") as handle:
        return {r["seat_id"]: r["official_id"] for r in csv.DictReader(handle) if r["plan"] == "1"}


def test_cli_keep_close_to_a_folder(
    tiny: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = tmp_path / "first"
    code, _, err = run_cli(["solve", str(tiny), "--out", str(first)], capsys, monkeypatch)
    assert code == 0, err
    again = tmp_path / "again"
    args = ["solve", str(tiny), "--out", str(again), "--keep-close-to", str(first)]
    code, _, err = run_cli(args, capsys, monkeypatch)
    assert code == 0, err
    assert _plan_one(again) == _plan_one(first)
    info = (again / "run.json").read_text(encoding="utf-8")
    assert '"seats_differing"' in info
    args = ["solve", str(tiny), "--out", str(tmp_path / "x"), "--keep-close-to", str(tmp_path)]
    code, _, err = run_cli(args, capsys, monkeypatch)
    assert code == 2
    assert "Traceback" not in err
    assert not (tmp_path / "x").exists()
