"""The validator on hand-made plans: a good plan passes with its cost worked out by hand, and
every kind of broken rule is caught and named with its family and ids.

Tiny dataset (conftest.py). Today: S1 O1, S2 O2, S3 O3 (11 years: must leave), S4 O4 (2 years:
must keep), S5 O5, S6 empty. Roads: C1-C2 4.5, C1-D1 3, D1-P 30, P-D2 12, D2-C3 5.5, D2-C4 6,
C3-C4 2. O1 and O8 are spouses. O7 dislikes C4 (-3), O6 wishes C1 (+5).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import TINY, write_dataset

from models.families import Family
from models.objective import CostParts
from planner.inputs.consistency import load_checked
from planner.rules.eligibility import Pin
from planner.rules.plain import RuleContext
from planner.rules.validator import (
    InvalidPlan,
    assert_cost_reported,
    assert_valid,
    check_plan,
    cost_mismatches,
    cost_parts,
)
from planner.solve.plan import Plan

NO_TARGET = {"min_nonlocal_ratio": 0.0}

#: The least-cost plan of the tiny scenario: S3 <- O8 (O3 must leave), S6 <- O7.
GOOD: dict[str, str | None] = {
    "S1": "O1",
    "S2": "O2",
    "S3": "O8",
    "S4": "O4",
    "S5": "O5",
    "S6": "O7",
}


def context(
    path: Path, pins: tuple[Pin, ...] = (), target: dict[str, Any] | None = None, **rules: Any
) -> RuleContext:
    scenario, dataset, tree = load_checked(path)
    scenario = replace(scenario, rules=replace(scenario.rules, **rules))
    if target:
        scenario = replace(scenario, target=replace(scenario.target, **target))
    return RuleContext.build(scenario, dataset, tree, pins=pins)


@pytest.fixture
def ctx(tiny: Path) -> RuleContext:
    return context(tiny)


def plan(changes: dict[str, str | None]) -> dict[str, str | None]:
    return {**GOOD, **changes}


def families(ctx: RuleContext, holders: Mapping[str, str | None]) -> set[Family]:
    return check_plan(ctx, holders).families


def test_good_plan_and_its_cost_by_hand(ctx: RuleContext) -> None:
    # changes: S3 (O8 for O3) and S6 (O7, empty today) = 2
    # km: O8 C1 -> C2 4.5 -> 5 (halves up); O7 C3 -> C4 2 -> 2; total 7
    # preference: O7 in C4 -3; nobody else has a wish for their seat's unit
    # released: O3 (at the tenure limit, retirement far off) holds no seat = 1
    # cost: 100 * 2 + 1 * 7 - 10 * (-3) + 0 + 100 * 1 = 337
    report = check_plan(ctx, GOOD)
    assert report.ok and report.violations == ()
    assert report.parts == CostParts(
        changes=2, distance_km=7, preference=-3, vacancies=0, released=1
    )
    assert report.cost == 337
    assert assert_valid(ctx, GOOD) == report


def test_incumbents_are_costed_for_their_wishes_too(tmp_path: Path) -> None:
    prefs = TINY["preferences"] + "O1,C1,4\n"
    ctx = context(write_dataset(tmp_path, preferences=prefs))
    assert check_plan(ctx, GOOD).parts.preference == 1
    assert check_plan(ctx, GOOD).cost == 337 - 40


def test_empty_seat(tiny: Path) -> None:
    ctx = context(tiny, target=NO_TARGET)  # an empty seat also costs D2 a non-local holder
    report = check_plan(ctx, plan({"S6": None}))
    assert report.families == {Family.SEAT_FILLED}
    assert "seat S6 (group D2) is left empty" in report.violations[0].message
    assert report.parts.vacancies == 1 and report.parts.changes == 1


def test_vacancies_allowed(tiny: Path) -> None:
    ctx = context(tiny, allow_vacancies=True, target=NO_TARGET)
    report = check_plan(ctx, plan({"S6": None}))
    assert report.ok
    assert report.cost == 100 + 5 + 10000 + 100  # O3 released (tenure) still costs 100


def test_missing_and_foreign_seats(ctx: RuleContext) -> None:
    holders = plan({"S9": "O10"})
    del holders["S5"]
    report = check_plan(ctx, holders)
    messages = [v.message for v in report.violations]
    assert "seat S5 is missing from the plan" in messages
    assert "seat S9 is not in the scope of this scenario" in messages
    assert Family.SEAT_FILLED in report.families


def test_unknown_and_non_participating_officials(tmp_path: Path, tiny: Path) -> None:
    report = check_plan(context(tiny, target=NO_TARGET), plan({"S6": "O99"}))
    assert report.families == {Family.SEAT_FILLED}
    assert report.violations[0].official_id == "O99"
    scoped = context(
        write_dataset(
            tmp_path,
            scenario=TINY["scenario"].replace(
                'roles = ["secretary", "chairman"]', 'roles = ["secretary"]'
            ),
        )
    )
    report = check_plan(scoped, {"S1": "O1", "S3": "O5", "S4": "O4"})  # O5 chairs S5
    assert Family.ONE_SEAT in report.families


def test_one_seat_per_official(ctx: RuleContext) -> None:
    report = check_plan(ctx, plan({"S6": "O8"}))
    assert Family.ONE_SEAT in report.families
    [v] = [v for v in report.violations if v.family is Family.ONE_SEAT]
    assert v.message == "official O8 holds 2 seats: S3, S6" and v.official_id == "O8"


def test_must_keep(ctx: RuleContext) -> None:
    # O6 may take S4 (non-local, same district), but O4 has 2 years there: must keep
    report = check_plan(ctx, plan({"S4": "O6"}))
    assert report.families == {Family.TENURE}
    [v] = report.violations
    assert (v.seat_id, v.official_id, v.group_id) == ("S4", "O4", "D2")
    assert "must keep seat S4" in v.message


def test_must_keep_official_placed_elsewhere(ctx: RuleContext) -> None:
    report = check_plan(ctx, plan({"S4": "O6", "S6": "O4"}))
    tenure = [v for v in report.violations if v.family is Family.TENURE]
    assert {v.seat_id for v in tenure} == {"S4", "S6"}


def test_must_leave(ctx: RuleContext) -> None:
    # O3 keeps S3 after 11 years; D1 then has 1 non-local holder (O2) of 3, needs 2
    report = check_plan(ctx, plan({"S3": "O3"}))
    assert report.families == {Family.TENURE, Family.TARGET}
    [tenure] = [v for v in report.violations if v.family is Family.TENURE]
    assert tenure.message == (
        "official O3 may not keep seat S3: must leave seat S3: 11 years in post, the limit is 10"
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"S3": "O10", "S1": "O3"}, set()),  # both non-local, same district, qualified
        ({"S6": "O6"}, {Family.LOCALITY, Family.TARGET}),  # O6 is from C4; D2 1 of 3 non-local
        ({"S6": "O9"}, {Family.DISCIPLINE, Family.RETIREMENT, Family.CROSS_GROUP}),
        (
            {"S3": "O7", "S6": None},
            {Family.PLANNING, Family.CROSS_GROUP, Family.SEAT_FILLED, Family.TARGET},
        ),
        # O2 is from C2 (S3), O3 is on no chairman list (S2): D1 keeps only O3 non-local
        ({"S3": "O2", "S2": "O3"}, {Family.LOCALITY, Family.PLANNING, Family.TARGET}),
    ],
)
def test_new_placements(
    ctx: RuleContext, changes: dict[str, str | None], expected: set[Family]
) -> None:
    assert families(ctx, plan(changes)) == expected


def test_qualification(tmp_path: Path) -> None:
    officials = TINY["officials"].replace(
        "O10,Ngô Thị Khánh,F,1990-12-12,P,,,D1,0,intermediate,bachelor",
        "O10,Ngô Thị Khánh,F,1990-12-12,P,,,D1,0,elementary,bachelor",
    )
    ctx = context(write_dataset(tmp_path, officials=officials))
    report = check_plan(ctx, plan({"S3": "O10"}))
    assert report.families == {Family.QUALIFICATION}
    assert report.violations[0].message == (
        "official O10 may not be placed in seat S3: political theory elementary is below "
        "the seat's minimum intermediate"
    )


def test_distance(tiny: Path) -> None:
    # O8 C1 -> C2 is 4.5 km; O7 C3 -> C4 2 km
    assert families(context(tiny, max_distance_km=4.0), GOOD) == {Family.DISTANCE}
    assert families(context(tiny, max_distance_km=4.5), GOOD) == set()


def test_targets(tiny: Path) -> None:
    # GOOD: D1 non-local S2 (O2), S3 (O8); D2 S5 (O5), S6 (O7): 2 of 3 each
    assert families(context(tiny, target={"min_nonlocal_ratio": 0.67}), GOOD) == {Family.TARGET}
    assert families(context(tiny, target={"min_nonlocal_ratio": 0.66}), GOOD) == set()
    per_group = context(tiny, target={"groups": {"D2": 1.0}})
    [v] = check_plan(per_group, GOOD).violations
    assert (v.family, v.group_id) == (Family.TARGET, "D2")
    assert v.message == "group D2: 2 of 3 seats held by non-local officials, needs 3 (ratio 1)"


def test_role_targets(tiny: Path) -> None:
    # secretaries: D1 S1 (O1 local), S3 (O8 non-local); D2 S4 (O4 local): D2 has 0 of 1
    ctx = context(tiny, target={"roles": {"secretary": 0.5}})
    [v] = check_plan(ctx, GOOD).violations
    assert (v.family, v.group_id) == (Family.TARGET, "D2")
    assert v.message.startswith("group D2, role secretary: 0 of 1 seats")


def test_kinship(tiny: Path) -> None:
    # spouses O1 (S1, C1) and O8 (S3, C2): different communes, same district
    assert families(context(tiny), GOOD) == set()
    report = check_plan(context(tiny, kinship_level="district"), GOOD)
    assert report.families == {Family.KINSHIP}
    assert report.violations[0].message == (
        "relatives O1 (seat S1) and O8 (seat S3) (spouse) both hold seats in D1 (Huyện Phúc Thọ)"
    )


def test_batch_cap(tiny: Path) -> None:
    # GOOD has one change per district; also giving S1 to O3 makes two in D1
    second = plan({"S1": "O3", "S3": "O10"})
    assert families(context(tiny, max_changes_per_group=2), second) == set()
    report = check_plan(context(tiny, max_changes_per_group=1), second)
    assert report.families == {Family.BATCH_CAP}
    assert report.violations[0].group_id == "D1"
    assert families(context(tiny, max_changes_per_group=1), GOOD) == set()


def test_one_new_head(tiny: Path) -> None:
    # S1 and S2 are both in C1: changing both gives the commune two new heads
    both = plan({"S1": "O3", "S2": "O6", "S3": "O10"})
    ctx = context(tiny, one_new_head_per_unit=True, cross_group_moves=True)
    report = check_plan(ctx, both)
    assert report.families == {Family.ONE_NEW_HEAD}
    assert report.violations[0].message == (
        "unit C1 (Xã Tam Hiệp) gets 2 new heads (S1, S2), at most one per batch"
    )
    assert families(ctx, GOOD) == set()  # S3 in C2, S6 in C4


def test_pins(tiny: Path) -> None:
    ctx = context(tiny, pins=(Pin("S6", "O10", keep=True),))
    report = check_plan(ctx, GOOD)
    assert report.families == {Family.PIN}
    assert report.violations[0].message == (
        "the committee pinned O10 to seat S6 but the plan gives it to O7"
    )
    forbid = context(tiny, pins=(Pin("S6", "O7", keep=False), Pin("S1", "O1", keep=False)))
    report = check_plan(forbid, GOOD)
    assert report.families == {Family.PIN}
    assert {v.seat_id for v in report.violations} == {"S1", "S6"}
    # pins naming a seat or official outside the plan concern no plan
    elsewhere = context(tiny, pins=(Pin("S99", "O1", keep=True), Pin("S1", "O99", keep=True)))
    assert families(elsewhere, GOOD) == set()


def test_assert_valid_lists_every_violation(ctx: RuleContext) -> None:
    with pytest.raises(InvalidPlan) as caught:
        assert_valid(ctx, plan({"S3": "O3", "S6": None}))
    text = str(caught.value)
    assert "breaks 4 rule(s)" in text
    assert "[tenure] official O3 may not keep seat S3" in text
    assert "[seat_filled] seat S6" in text
    assert "[target] group D1" in text and "[target] group D2" in text
    assert len(caught.value.violations) == 4


def test_reported_cost_is_checked(ctx: RuleContext) -> None:
    parts = CostParts(changes=2, distance_km=7, preference=-3, vacancies=0, released=1)
    honest = Plan(rank=1, holders=GOOD, status="OPTIMAL", cost=337, parts=parts)
    assert cost_mismatches(ctx, honest) == []
    assert_cost_reported(ctx, honest)
    wrong = Plan(
        rank=2, holders=GOOD, status="OPTIMAL", cost=330, parts=replace(parts, distance_km=0)
    )
    problems = cost_mismatches(ctx, wrong)
    assert "plan 2: distance_km reported 0, recomputed 7" in problems
    assert "plan 2: cost reported 330, recomputed 337" in problems
    with pytest.raises(AssertionError, match="recomputed"):
        assert_cost_reported(ctx, wrong)
    assert cost_parts(ctx, honest) == parts
