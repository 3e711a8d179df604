"""Scenario names (units, roles, levels) checked against the data; seats in scope."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TINY, write_dataset

from planner.domain.targets import required_count
from planner.domain.tree import AdminTree
from planner.errors import BadInput
from planner.inputs.consistency import check_scenario_against_data, load_checked, seats_in_scope
from planner.inputs.scenario import load_scenario
from planner.inputs.tables import read_dataset


def check(tmp_path: Path, *sets: str, **overrides: str | None) -> list[str]:
    path = write_dataset(tmp_path, **overrides)
    scenario = load_scenario(path, sets=sets)
    dataset = read_dataset(scenario.data_dir)
    return [
        str(p) for p in check_scenario_against_data(scenario, dataset, AdminTree(dataset.units))
    ]


def scope_ids(tmp_path: Path, *sets: str) -> list[str]:
    scenario, dataset, tree = load_checked(write_dataset(tmp_path), sets=sets)
    return [s.seat_id for s in seats_in_scope(scenario, dataset, tree)]


def test_tiny_scenario_fits(tmp_path: Path) -> None:
    assert check(tmp_path) == []


def test_seats_in_scope(tmp_path: Path) -> None:
    assert scope_ids(tmp_path) == ["S1", "S2", "S3", "S4", "S5", "S6"]
    assert scope_ids(tmp_path, 'scope.roles=["chairman"]') == ["S2", "S5", "S6"]
    assert scope_ids(tmp_path, "scope.roles=[]") == ["S1", "S2", "S3", "S4", "S5", "S6"]
    assert scope_ids(tmp_path, 'scope.units=["D2"]') == ["S4", "S5", "S6"]
    assert scope_ids(tmp_path, 'scope.units=["C1", "C4"]', 'scope.roles=["chairman"]') == [
        "S2",
        "S6",
    ]
    assert scope_ids(tmp_path, 'scope.units=["P"]') == ["S1", "S2", "S3", "S4", "S5", "S6"]


def test_a_scope_role_no_seat_has_warns_and_the_run_goes_on(tmp_path: Path) -> None:
    from planner.solve.problem import load_problem

    problem = load_problem(write_dataset(tmp_path), sets=['scope.roles=["secretary", "chairmen"]'])
    assert [s.role for s in problem.seats] == ["secretary"] * 3
    assert any(
        'no seat has role "chairmen" (did you mean "chairman"?)' in w for w in problem.warnings
    )


def test_unknown_scope_units_and_roles(tmp_path: Path) -> None:
    assert check(
        tmp_path,
        'scope.units=["D1", "D7"]',
        'scope.roles=["secretary", "chairmen"]',
        "target.roles={vice = 0.5}",
    ) == [
        'scenario.toml scope.units: unknown unit "D7" (not in units.csv)',
        'scenario.toml target.roles.vice: no seat has role "vice"; roles in seats.csv: chairman, '
        "secretary",
    ]


def test_unknown_levels_suggest_the_existing_ones(tmp_path: Path) -> None:
    assert check(
        tmp_path,
        'target.level="distrct"',
        'rules.locality_level="ward"',
        'rules.kinship_level="Commune"',
    ) == [
        'scenario.toml target.level: no unit has level "distrct" (did you mean "district"?); '
        "levels in units.csv: province, district, commune",
        'scenario.toml rules.locality_level: no unit has level "ward"; '
        "levels in units.csv: province, district, commune",
        'scenario.toml rules.kinship_level: no unit has level "Commune" (did you mean '
        '"commune"?); levels in units.csv: province, district, commune',
    ]


def test_target_groups_must_be_units_at_the_target_level(tmp_path: Path) -> None:
    assert check(tmp_path, "target.groups={D1 = 0.6, C3 = 0.5, XX = 0.4}") == [
        'scenario.toml target.groups.C3: "C3" (Xã Tả Thanh Oai) is a commune, not a district '
        "(target.level)",
        'scenario.toml target.groups.XX: unknown unit "XX" (not in units.csv)',
    ]


def test_seats_without_an_ancestor_at_a_needed_level(tmp_path: Path) -> None:
    units = (
        TINY["units"] + "Q,Thành phố Hà Nội,province,,21.03,105.85\n"
        "W1,Phường Ba Đình,commune,Q,21.03,105.82\n"
    )
    seats = TINY["seats"] + "S7,W1,secretary,,,\nS8,Q,chairman,,,\n"
    assert check(tmp_path, units=units, seats=seats) == [
        'seats.csv row 8, unit_id: seat "S7" is in "W1" (Phường Ba Đình), which has no '
        "district above it (target.level)",
        'seats.csv row 9, unit_id: seat "S8" is in "Q" (Thành phố Hà Nội), which has no '
        "district above it (target.level)",
        'seats.csv row 9, unit_id: seat "S8" is in "Q" (Thành phố Hà Nội), which has no '
        "commune above it (rules.locality_level)",
        'seats.csv row 9, unit_id: seat "S8" is in "Q" (Thành phố Hà Nội), which has no '
        "commune above it (rules.kinship_level)",
    ]


def test_many_seats_without_ancestor_are_counted_not_listed(tmp_path: Path) -> None:
    units = (
        TINY["units"]
        + "Q,Thành phố Hà Nội,province,,,\n"
        + "".join(f"W{i},Phường {i},commune,Q,,\n" for i in range(15))
    )
    seats = TINY["seats"] + "".join(f"T{i},W{i},secretary,,,\n" for i in range(15))
    found = check(tmp_path, units=units, seats=seats)
    assert len(found) == 11
    assert found[-1] == (
        "seats.csv unit_id: 5 more seats in scope have no district above them (target.level)"
    )


def test_scope_selecting_no_seats(tmp_path: Path) -> None:
    assert check(tmp_path, 'scope.units=["C2"]', 'scope.roles=["chairman"]') == [
        "scenario.toml scope: selects no seats (units: C2; roles: chairman)",
    ]


def test_load_checked_raises_all_problems(tmp_path: Path) -> None:
    path = write_dataset(tmp_path)
    with pytest.raises(BadInput) as raised:
        load_checked(path, sets=['target.level="xa"', 'scope.roles=["chu tich"]'])
    assert len(raised.value.problems) == 2


@pytest.mark.parametrize(
    ("ratio", "seats", "needed"),
    [
        (0.7, 30, 21),
        (0.5, 3, 2),
        (0.5, 42, 21),
        (1.0, 126, 126),
        (0.0, 9, 0),
        (0.3, 10, 3),
        (0.53125, 32, 17),
        (1 / 3, 3, 1),
        (0.1, 30, 3),
        (0.35, 20, 7),
        (0.5, 0, 0),
    ],
)
def test_required_count_is_exact(ratio: float, seats: int, needed: int) -> None:
    assert required_count(ratio, seats) == needed
