"""What a committee would notice (issue 10): the release cost, incumbents at retirement, two terms
in one unit, per-district role targets, former communes, city cadres, and messages whose
numbers are exactly true. Each rule: allowed, impossible, a hand-derived optimum, boundaries.

Map and costs as in :mod:`helpers_instances` (C1, C2 in D1; C3, C4 in D2; P the province;
P -> C1 24 km, P -> C2 28, P -> C3 25, C4 -> C3 12, C1 <-> C2 10); ``as_of`` 2024-06-01.
Unlike the other family tests, the release cost is the contract's 100 unless a test says so.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers_instances import UNITS, official, seat, solve_case, write_case

from models.engines import Status
from planner.explain import explain
from planner.rules.plain import km_exceeds, why, years_at_limit, years_fewer
from planner.solve.problem import load_problem

RELEASE = {"objective.release": 100}
FIXED_AGES = {"rules.retirement": {"M": 62, "F": 60}, **RELEASE}


def released(solved: object, rank: int = 1) -> list[tuple[str, str]]:
    """(official, reason) of the released incumbents of a plan, via the output rows."""
    from planner.outputs.tables import released as rows

    problem = solved.problem  # type: ignore[attr-defined]
    plan = solved.plans[rank - 1]  # type: ignore[attr-defined]
    return sorted((r["official_id"], r["reason"]) for r in rows(problem, plan))


# ---------------------------------------------------------------------------------------------
# release cost (section 5)


class TestRelease:
    def case(self, tmp_path: Path, release: int) -> Path:
        # S1 (C1) and S2 (C2) in D1 held by locals A (home C1) and B (home C2); D1 needs 1 of 2
        # non-local. N (home P) works in D1.
        return write_case(
            tmp_path,
            seats=[seat("S1", "C1"), seat("S2", "C2")],
            officials=[
                official("A", "C1", seat="S1"),
                official("B", "C2", seat="S2"),
                official("N", "P", unit="D1"),
            ],
            settings={"target.min_nonlocal_ratio": 0.5, "objective.release": release},
        )

    def test_without_release_cost_the_outsider_comes_in(self, tmp_path: Path) -> None:
        # N -> S1: 100 + 24 = 124, A released at no cost (the optimum the old contract gave);
        # the swap A <-> B costs 2 x (100 + 10) = 220
        solved = solve_case(self.case(tmp_path, 0))
        assert solved.holders() == {"S1": "N", "S2": "B"} and solved.costs == [124]
        assert solved.plans[0].parts.released == 1  # counted, charged 0 per head
        assert released(solved) == [("A", "displaced")]

    def test_with_release_cost_sitting_heads_rotate(self, tmp_path: Path) -> None:
        # N -> S1 now costs 124 + 100 (A displaced) = 224 > the swap A <-> B, 220
        solved = solve_case(self.case(tmp_path, 100))
        assert solved.holders() == {"S1": "B", "S2": "A"} and solved.costs == [220]
        assert solved.plans[0].parts.released == 0 and released(solved) == []


# ---------------------------------------------------------------------------------------------
# retirement of incumbents (rule 3, rules.retire_at_age) and released.csv reasons


def reasons_case(tmp_path: Path, r_born: str, **settings: object) -> Path:
    """S1 (chairman, C1) held by R (1 year in post, born ``r_born``: with M = 62 born
    1962-06-01 retires on as_of); S2 (C2) held by T at the 10-year limit; S3 (C3) held by the
    local D while D2 needs 1 of 1 non-local. N1, N2 (home P) work in D1, N3 (home P) in D2.
    T and D are on no planning list: they may only keep their own seat or take a secretary one.
    """
    return write_case(
        tmp_path,
        seats=[seat("S1", "C1", "chairman"), seat("S2", "C2"), seat("S3", "C3")],
        officials=[
            official("R", "C1", seat="S1", years=1, born=r_born),
            official("T", "C2", seat="S2", years=10, roles=""),
            official("D", "C3", seat="S3", roles=""),
            official("N1", "P", unit="D1"),
            official("N2", "P", unit="D1"),
            official("N3", "P", unit="D2"),
        ],
        settings={"target.groups": {"D2": 1.0}, **FIXED_AGES, **settings},
    )


class TestRetireAtAge:
    def test_retirement_on_as_of_makes_the_incumbent_leave_even_if_new_in_post(
        self, tmp_path: Path
    ) -> None:
        # R leaves (retirement wins over 1 year in post): S1 <- N1/N2 124; T leaves: S2 <- N2/N1
        # 128; D2 needs a non-local: S3 <- N3 125. 377 + release T 100 + D 100 (R not charged).
        solved = solve_case(reasons_case(tmp_path, "1962-06-01"))
        assert solved.costs == [577]
        assert solved.plans[0].parts.released == 2
        assert released(solved) == [("D", "displaced"), ("R", "retirement"), ("T", "tenure")]
        assert why(solved.ctx, "R", "S1") == [
            "must leave seat S1: retirement date 2024-06-01 is on or before 2024-06-01"
        ]

    def test_one_day_later_the_incumbent_must_stay(self, tmp_path: Path) -> None:
        # R retires 2024-06-02, after as_of, with 1 year in post: must keep S1 (cost 0);
        # 128 + 125 + release T and D 200 = 453
        solved = solve_case(reasons_case(tmp_path, "1962-06-02"))
        assert solved.holders()["S1"] == "R" and solved.costs == [453]

    def test_allowed_when_retire_at_age_is_off(self, tmp_path: Path) -> None:
        solved = solve_case(reasons_case(tmp_path, "1962-06-01", **{"rules.retire_at_age": False}))
        assert solved.holders()["S1"] == "R" and solved.costs == [453]
        assert why(solved.ctx, "R", "S1") == []

    def test_a_non_local_retiree_counts_as_non_local_today(self, tmp_path: Path) -> None:
        # R (home P, non-local to C1) must leave S1 at retirement, so R has no pair for S1;
        # groups.csv still counts S1 as non-local today (1 of D1's 2 seats: S1 and S2)
        from planner.outputs.tables import group_rows, holdings

        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1"), seat("S2", "C2")],
            officials=[
                official("R", "P", seat="S1", born="1962-06-01"),
                official("B", "C2", seat="S2"),
                official("N", "P", unit="D1"),
            ],
            settings=FIXED_AGES,
        )
        solved = solve_case(path)
        plan = solved.plans[0]
        rows = group_rows(solved.problem, plan, holdings(solved.problem, plan))
        d1 = next(r for r in rows if r["group_id"] == "D1")
        assert (d1["seats"], d1["nonlocal_before"], d1["nonlocal_after"]) == (2, 1, 1)

    def test_impossible_when_nobody_can_replace_the_retiree(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1")],
            officials=[official("R", "C1", seat="S1", born="1962-06-01")],
            settings=FIXED_AGES,
        )
        solved = solve_case(path)
        assert solved.status is Status.INFEASIBLE
        e = explain(load_problem(path), time_limit_s=30)
        assert "retirement" in json.dumps(e.to_json())


# ---------------------------------------------------------------------------------------------
# two terms in one unit (rule 3, officials.years_in_unit)


class TestYearsInUnit:
    def case(self, tmp_path: Path, in_unit: float | None) -> Path:
        # A (home C2, non-local) heads S1 (C1): 4 years in post, ``in_unit`` years in the unit
        return write_case(
            tmp_path,
            seats=[seat("S1", "C1")],
            officials=[
                official("A", "C2", seat="S1", years=4, in_unit=in_unit),
                official("N", "P", unit="D1"),
            ],
            settings=RELEASE,
        )

    @pytest.mark.parametrize("in_unit", [None, 9.99])
    def test_allowed_below_the_limit(self, tmp_path: Path, in_unit: float | None) -> None:
        solved = solve_case(self.case(tmp_path, in_unit))
        assert solved.holders() == {"S1": "A"} and solved.costs == [0]

    def test_at_the_limit_the_unit_years_count(self, tmp_path: Path) -> None:
        # 10 years heading C1 (chairman, then secretary): leave although 4 years in post.
        # N -> S1 124, A released (tenure) 100 = 224
        solved = solve_case(self.case(tmp_path, 10))
        assert solved.holders() == {"S1": "N"} and solved.costs == [224]
        assert released(solved) == [("A", "tenure")]
        assert why(solved.ctx, "A", "S1") == [
            "must leave seat S1: 10 years heading the unit, the limit is 10"
        ]

    def test_impossible_without_a_successor(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1")],
            officials=[official("A", "C2", seat="S1", years=4, in_unit=10)],
        )
        assert solve_case(path).status is Status.INFEASIBLE


# ---------------------------------------------------------------------------------------------
# per-district role targets (rule 5, target.group_roles)


def group_roles_case(tmp_path: Path, *, free: bool = True) -> Path:
    """D1: S1 secretary (C1, local A), S2 chairman (C2, local B); D2: S3 secretary (C3, local
    C), S4 chairman (C4, local E). target.roles: secretary 1.0, replaced in D1 by chairman 1.0.
    N1 (home P) works in D1, N2 (home P) in D2. Release cost 0 here (a pure target case)."""
    years = 5 if free else 1
    return write_case(
        tmp_path,
        seats=[
            seat("S1", "C1"),
            seat("S2", "C2", "chairman"),
            seat("S3", "C3"),
            seat("S4", "C4", "chairman"),
        ],
        officials=[
            official("A", "C1", seat="S1", years=years),
            official("B", "C2", seat="S2", years=years),
            official("C", "C3", seat="S3"),
            official("E", "C4", seat="S4"),
            *([official("N1", "P", unit="D1"), official("N2", "P", unit="D2")] if free else []),
        ],
        settings={
            "target.roles": {"secretary": 1.0},
            "target.group_roles": {"D1": {"chairman": 1.0}},
        },
    )


class TestGroupRoles:
    def test_optimum(self, tmp_path: Path) -> None:
        # D1: only its chairman must be non-local: S2 <- N1 100 + 28 = 128 (A keeps the local
        # secretary seat, which target.roles alone would forbid); D2: its secretary must be
        # non-local: S3 <- N2 100 + 25 = 125 (the swap C <-> E costs 2 x 112). Total 253.
        solved = solve_case(group_roles_case(tmp_path))
        assert solved.holders() == {"S1": "A", "S2": "N1", "S3": "N2", "S4": "E"}
        assert solved.costs == [253]
        targets = {(t.group_id, t.role): t.required for t in solved.problem.targets}
        assert targets == {
            ("D1", None): 0,
            ("D2", None): 0,
            ("D1", "chairman"): 1,
            ("D2", "secretary"): 1,
        }

    def test_impossible_and_explained_as_a_group_role_pair(self, tmp_path: Path) -> None:
        path = group_roles_case(tmp_path, free=False)
        assert solve_case(path).status is Status.INFEASIBLE
        groups = explain(load_problem(path), time_limit_s=30).to_json()["groups"]
        assert {"group_id": "D1", "role": "chairman", "seats": 1, "required": 1} in [
            {k: g[k] for k in ("group_id", "role", "seats", "required")} for g in groups
        ]


# ---------------------------------------------------------------------------------------------
# former units (sections 1, 2, 8) and city cadres (rule 4)


def former_units() -> str:
    lines = UNITS.strip().splitlines()
    head = lines[0] + ",status,also_merged_into"
    body = [line + ",current," for line in lines[1:]]
    body += ["F1,Xã Cũ Một,commune,C1,former,C3", "F2,Xã Cũ Hai,commune,C4,former,"]
    return "\n".join([head, *body]) + "\n"


class TestFormerUnits:
    def case(self, tmp_path: Path, seats: list[str] | None = None) -> Path:
        return write_case(
            tmp_path,
            units=former_units(),
            seats=seats or [seat(f"S{i}", f"C{i}") for i in range(1, 5)],
            officials=[official("H", "F1", unit="D1"), official("G", "C2", others="F2", unit="D1")],
            settings={"rules.cross_group_moves": True},
        )

    def test_a_home_in_a_former_commune_is_local_where_it_was_merged(self, tmp_path: Path) -> None:
        problem = load_problem(self.case(tmp_path))
        ctx = problem.rule_context()
        local = "local: home unit Xã Cũ Một (former) was merged into {}"
        assert why(ctx, "H", "S1") == [local.format("Xã Một")]  # its parent
        assert why(ctx, "H", "S3") == [local.format("Xã Ba")]  # also_merged_into
        assert why(ctx, "H", "S2") == [] and why(ctx, "H", "S4") == []
        assert why(ctx, "G", "S4") == ["local: home unit Xã Cũ Hai (former) was merged into Xã Bốn"]

    def test_optimum(self, tmp_path: Path) -> None:
        # S1 (C1) and S3 (C3): H is local to both (F1 -> C1, also C3); G (home C2, F2) may take
        # S1: 110 ... and nobody else S3: no plan. With S1 and S2: H -> S2 (F1 has no road:
        # unreachable costs 0 km) 100, G -> S1 110 = 210.
        path = self.case(tmp_path, [seat("S1", "C1"), seat("S2", "C2")])
        solved = solve_case(path)
        assert solved.holders() == {"S1": "G", "S2": "H"} and solved.costs == [210]
        impossible = self.case(tmp_path / "x", [seat("S1", "C1"), seat("S3", "C3")])
        assert solve_case(impossible).status is Status.INFEASIBLE

    def test_a_seat_in_a_former_unit_is_bad_input(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        from conftest import run_cli

        path = self.case(tmp_path, [seat("S1", "C1"), seat("S9", "F1")])
        code, _, err = run_cli(["validate", str(path)], capsys, monkeypatch)
        assert code == 2 and "Traceback" not in err
        assert "seats.csv" in err and "row 3" in err and "unit_id" in err and "former" in err


class TestCityCadres:
    def test_a_city_cadre_belongs_to_every_group_below(self, tmp_path: Path) -> None:
        # K works in P (the province, above the districts): a candidate in D1 and D2 alike.
        # L works in D1 only. S3 (C3, D2): K 125 (P -> C3 25); L refused (cross-group).
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1"), seat("S3", "C3")],
            officials=[
                official("K", "P", unit="P"),
                official("L", "C2", unit="D1"),
            ],
        )
        solved = solve_case(path)
        assert solved.holders() == {"S1": "L", "S3": "K"} and solved.costs == [110 + 125]
        assert why(solved.ctx, "K", "S1") == []
        assert why(solved.ctx, "L", "S3") == [
            "works in Huyện Một, the seat is in Huyện Hai (cross-group moves are off)"
        ]

    def test_impossible_for_a_district_cadre_elsewhere(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path, seats=[seat("S3", "C3")], officials=[official("L", "C2", unit="D1")]
        )
        assert solve_case(path).status is Status.INFEASIBLE


# ---------------------------------------------------------------------------------------------
# messages whose numbers are exactly true


def test_numbers_in_messages_are_exactly_true() -> None:
    assert years_fewer(2.99, 3) == "2.99 years in post, fewer than 3"
    assert years_fewer(2.999999, 3) == "2.999999 years in post, fewer than 3"
    assert years_fewer(1, 3) == "1 years in post, fewer than 3"
    assert years_fewer(2.5, 2.75) == "2.5 years in post, fewer than 2.75"
    assert years_at_limit(10, 10) == "10 years in post, the limit is 10"
    assert years_at_limit(10.04, 10.04) == "10.04 years in post, the limit is 10.04"
    assert km_exceeds(12.5, 12.46) == "distance 12.5 km exceeds 12.46 km"
    assert km_exceeds(12.47, 12.46) == "distance 12.47 km exceeds 12.46 km"
    assert km_exceeds(12.461, 12.46) == "distance 12.461 km exceeds 12.46 km"
    assert km_exceeds(30.4, 30) == "distance 30.4 km exceeds 30 km"


def test_why_prints_2_99_years_and_12_5_km(tmp_path: Path) -> None:
    roads = "unit_a,unit_b,km\nC1,C2,12.5\nC1,D1,4\nC2,D1,9\nD1,P,20\nP,D2,20\n"
    path = write_case(
        tmp_path,
        seats=[seat("S1", "C1")],
        officials=[official("A", "C1", seat="S1", years=2.99), official("N", "C2", unit="D1")],
        roads=roads,
        settings={"rules.max_distance_km": 12.46},
    )
    ctx = load_problem(path).rule_context()
    assert why(ctx, "N", "S1") == [
        "distance 12.5 km exceeds 12.46 km",
        "the incumbent A must keep the seat: 2.99 years in post, fewer than 3",
    ]
