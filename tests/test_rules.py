"""The scalar rules one by one, on the tiny dataset of conftest.py and small variants of it.

Tiny dataset (conftest.py): districts D1 Huyện Phúc Thọ (C1 Xã Tam Hiệp, C2 Xã Long Xuyên) and
D2 Huyện Thanh Trì (C3 Xã Tả Thanh Oai, C4 Xã Vĩnh Quỳnh); locality and kinship at commune
level; as_of 2024-06-01. The messages are what a planner reads, so they are asserted verbatim.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import TINY, write_dataset

from models.families import Family
from planner.inputs.consistency import load_checked
from planner.rules.eligibility import Pin
from planner.rules.plain import (
    Refusal,
    RuleContext,
    is_local,
    keep_refusals,
    pair_refusals,
    placement_refusals,
    why,
)


def context(path: Path, pins: tuple[Pin, ...] = (), **rules: Any) -> RuleContext:
    scenario, dataset, tree = load_checked(path)
    if rules:
        scenario = replace(scenario, rules=replace(scenario.rules, **rules))
    return RuleContext.build(scenario, dataset, tree, pins=pins)


@pytest.fixture
def ctx(tiny: Path) -> RuleContext:
    return context(tiny)


def families(refusals: list[Refusal]) -> set[Family]:
    return {r.family for r in refusals}


# ---------------------------------------------------------------------------------------------
# the context


def test_context_knows_scope_groups_and_incumbents(ctx: RuleContext) -> None:
    assert list(ctx.seats) == ["S1", "S2", "S3", "S4", "S5", "S6"]
    assert len(ctx.officials) == 10
    assert ctx.seat_group == {
        "S1": "D1",
        "S2": "D1",
        "S3": "D1",
        "S4": "D2",
        "S5": "D2",
        "S6": "D2",
    }
    assert ctx.incumbent == {"S1": "O1", "S2": "O2", "S3": "O3", "S4": "O4", "S5": "O5", "S6": None}
    # group: of the current seat, else of current_unit_id, else of the home unit
    assert ctx.official_group["O2"] == "D1"  # holds S2 (no current_unit_id given)
    assert ctx.official_group["O6"] == "D2"  # works in D2, home C4
    assert ctx.official_group["O10"] == "D1"  # works in D1, home is the province


def test_holders_of_seats_outside_the_scope_take_no_part(tmp_path: Path) -> None:
    path = write_dataset(
        tmp_path,
        scenario=TINY["scenario"].replace(
            'roles = ["secretary", "chairman"]', 'roles = ["secretary"]'
        ),
    )
    ctx = context(path)
    assert list(ctx.seats) == ["S1", "S3", "S4"]
    assert "O2" not in ctx.officials and "O5" not in ctx.officials  # chairmen today
    assert "O6" in ctx.officials  # holds no seat
    assert why(ctx, "O2", "S1") == ["holds seat S2, outside the scope: takes no part in the plan"]
    assert why(ctx, "O6", "S2") == ["seat S2 is outside the scope of this scenario"]


def test_scope_by_unit(tmp_path: Path) -> None:
    path = write_dataset(
        tmp_path, scenario=TINY["scenario"].replace("units = []", 'units = ["C3"]')
    )
    ctx = context(path)
    assert list(ctx.seats) == ["S4", "S5"]
    assert set(ctx.officials) == {f"O{i}" for i in (4, 5, 6, 7, 8, 9, 10)}


# ---------------------------------------------------------------------------------------------
# locality


def test_local_by_home_or_other_home(ctx: RuleContext) -> None:
    assert is_local(ctx, "O1", "S1")  # home C1
    assert is_local(ctx, "O4", "S4")  # other home C3
    assert not is_local(ctx, "O4", "S3")
    assert not is_local(ctx, "O10", "S1")  # home is the province: inside no commune


def test_locality_level_district(tiny: Path) -> None:
    ctx = context(tiny, locality_level="district")
    assert is_local(ctx, "O2", "S1")  # home C2 and seat C1 are both in D1
    assert not is_local(ctx, "O10", "S1")


# ---------------------------------------------------------------------------------------------
# placement refusals, one family at a time, in the planners' words


def test_allowed_placement_has_no_refusal(ctx: RuleContext) -> None:
    assert placement_refusals(ctx, "O2", "S1") == []
    assert why(ctx, "O2", "S1") == []


def test_locality_reason(ctx: RuleContext) -> None:
    assert placement_refusals(ctx, "O8", "S1") == [
        Refusal(Family.LOCALITY, "local: home unit Xã Tam Hiệp lies in Xã Tam Hiệp")
    ]


def test_planning_reason(ctx: RuleContext) -> None:
    # O1 is planned for secretary and holds a secretary seat: not chairman
    assert Refusal(Family.PLANNING, "not on the planning list for chairman") in placement_refusals(
        ctx, "O1", "S2"
    )
    # O2 holds a chairman seat and is planned for secretary too
    assert Family.PLANNING not in families(placement_refusals(ctx, "O2", "S1"))


def test_planning_allows_the_role_held_today(tmp_path: Path) -> None:
    officials = TINY["officials"].replace("chairman;secretary,,0", ",,0")  # O2: no list
    ctx = context(write_dataset(tmp_path, officials=officials))
    assert Family.PLANNING not in families(placement_refusals(ctx, "O2", "S6"))  # chairman
    assert Family.PLANNING in families(placement_refusals(ctx, "O2", "S1"))  # secretary


def test_qualification_reasons(tmp_path: Path) -> None:
    officials = TINY["officials"].replace(
        "O10,Ngô Thị Khánh,F,1990-12-12,P,,,D1,0,intermediate,bachelor",
        "O10,Ngô Thị Khánh,F,1990-12-12,P,,,D1,0,elementary,college",
    )
    ctx = context(write_dataset(tmp_path, officials=officials))
    assert placement_refusals(ctx, "O10", "S1") == [
        Refusal(
            Family.QUALIFICATION,
            "political theory elementary is below the seat's minimum intermediate",
        ),
        Refusal(Family.QUALIFICATION, "education college is below the seat's minimum bachelor"),
    ]


def test_required_tags(tmp_path: Path) -> None:
    ctx = context(write_dataset(tmp_path), cross_group_moves=True)
    # S5 requires "kinh tế"; O6 (D2, planned chairman) lacks it, O8 has it
    assert Refusal(Family.QUALIFICATION, "lacks required tag kinh tế") in placement_refusals(
        ctx, "O6", "S5"
    )
    assert Family.QUALIFICATION not in families(placement_refusals(ctx, "O8", "S5"))


def test_discipline_reason(ctx: RuleContext) -> None:
    assert Refusal(Family.DISCIPLINE, "under disciplinary measures") in placement_refusals(
        ctx, "O9", "S1"
    )


def test_retirement_reason(tmp_path: Path) -> None:
    # vn-2019, a man reaching it in 2027 retires at 61y9m: born 1965-11-12 -> 2027-08-12,
    # 1167 days after 2024-06-01 = 3.195 years (shown rounded down, 3.1)
    officials = TINY["officials"].replace(
        "O10,Ngô Thị Khánh,F,1990-12-12", "O10,Ngô Thị Khánh,M,1965-11-12"
    )
    ctx = context(write_dataset(tmp_path, officials=officials))
    assert placement_refusals(ctx, "O10", "S1") == [
        Refusal(Family.RETIREMENT, "3.2 years to retirement on 2027-08-12, needs 5")
    ]
    past = context(
        write_dataset(
            tmp_path,
            officials=TINY["officials"].replace(
                "O10,Ngô Thị Khánh,F,1990-12-12", "O10,Ngô Thị Khánh,M,1950-01-01"
            ),
        )
    )
    assert placement_refusals(past, "O10", "S1") == [
        Refusal(Family.RETIREMENT, "past retirement on 2010-01-01, needs 5 years to serve")
    ]


def test_distance_reason(tiny: Path) -> None:
    # O1: C1 -> D1 3 -> P 30 -> D2 12 -> C3 5.5 = 50.5 km
    ctx = context(tiny, max_distance_km=50.0, cross_group_moves=True)
    assert Refusal(Family.DISTANCE, "distance 50.5 km exceeds 50 km") in placement_refusals(
        ctx, "O1", "S4"
    )
    assert Family.DISTANCE not in families(placement_refusals(ctx, "O10", "S4"))  # 17.5 km


def test_unreachable_is_refused_only_with_a_limit(tmp_path: Path) -> None:
    roads = TINY["adjacency"].replace("P,D2,12\n", "")
    path = write_dataset(tmp_path, adjacency=roads)
    free = context(path, cross_group_moves=True)
    assert Family.DISTANCE not in families(placement_refusals(free, "O10", "S4"))
    assert free.whole_km(free.officials["O10"], free.seats["S4"]) == 0
    limited = context(path, cross_group_moves=True, max_distance_km=100.0)
    assert Refusal(
        Family.DISTANCE, "no road from home unit Tỉnh Hà Tây to Xã Tả Thanh Oai (limit 100 km)"
    ) in placement_refusals(limited, "O10", "S4")


def test_cross_group_reason(ctx: RuleContext) -> None:
    assert placement_refusals(ctx, "O6", "S1") == [
        Refusal(
            Family.CROSS_GROUP,
            "works in Huyện Thanh Trì, the seat is in Huyện Phúc Thọ (cross-group moves are off)",
        )
    ]


def test_cross_group_moves_on(tiny: Path) -> None:
    assert placement_refusals(context(tiny, cross_group_moves=True), "O6", "S1") == []


def test_tenure_must_keep_refuses_a_move(ctx: RuleContext) -> None:
    assert Refusal(
        Family.TENURE, "must keep their seat S4: 2 years in post, fewer than 3"
    ) in placement_refusals(ctx, "O4", "S6")


def test_keep_refusals(ctx: RuleContext) -> None:
    assert keep_refusals(ctx, "O3", "S3") == [
        Refusal(Family.TENURE, "must leave seat S3: 11 years in post, the limit is 10")
    ]
    assert keep_refusals(ctx, "O4", "S4") == []  # must keep, may keep
    assert keep_refusals(ctx, "O1", "S1") == []  # local incumbents may stay
    with pytest.raises(ValueError, match="does not hold"):
        keep_refusals(ctx, "O1", "S2")
    assert pair_refusals(ctx, "O3", "S3") == keep_refusals(ctx, "O3", "S3")


def test_tenure_boundaries(tiny: Path) -> None:
    # exactly min_years_before_move may move; exactly max_years_in_post must leave
    ctx = context(tiny, min_years_before_move=2.0, max_years_in_post=6.0)
    assert Family.TENURE not in families(placement_refusals(ctx, "O4", "S3"))  # 2 years
    assert families(keep_refusals(ctx, "O1", "S1")) == {Family.TENURE}  # 6 years


def test_pins(tiny: Path) -> None:
    pins = (Pin("S1", "O2", keep=False), Pin("S2", "O2", keep=False), Pin("S6", "O7", keep=True))
    ctx = context(tiny, pins=pins)
    assert placement_refusals(ctx, "O2", "S1") == [
        Refusal(Family.PIN, "the committee's pins forbid O2 in S1")
    ]
    assert keep_refusals(ctx, "O2", "S2") == [
        Refusal(Family.PIN, "the committee's pins forbid O2 in S2")
    ]
    # a keep pin refuses no pair, but answers "why not" for everyone else
    assert placement_refusals(ctx, "O10", "S6") == placement_refusals(context(tiny), "O10", "S6")
    assert "the committee pinned O7 to seat S6" in why(ctx, "O6", "S6")
    assert "the committee pinned O7 to seat S6" in why(ctx, "O7", "S4")


# ---------------------------------------------------------------------------------------------
# why


def test_why_checks_the_keep_rule_on_the_incumbents_own_seat(ctx: RuleContext) -> None:
    assert why(ctx, "O1", "S1") == []  # local, but keeping is no new placement
    assert why(ctx, "O3", "S3") == ["must leave seat S3: 11 years in post, the limit is 10"]


def test_why_names_every_reason(ctx: RuleContext) -> None:
    assert why(ctx, "O9", "S3") == [
        "not on the planning list for secretary",
        "under disciplinary measures",
        "local: home unit Xã Long Xuyên lies in Xã Long Xuyên",
        "3.8 years to retirement on 2028-04-01, needs 5",
    ]
    # a seat whose incumbent must keep it is closed to everyone else
    assert why(ctx, "O6", "S4") == [
        "the incumbent O4 must keep the seat: 2 years in post, fewer than 3"
    ]


def test_why_unknown_ids(ctx: RuleContext) -> None:
    with pytest.raises(KeyError):
        why(ctx, "O99", "S1")
    with pytest.raises(KeyError):
        why(ctx, "O1", "S99")
