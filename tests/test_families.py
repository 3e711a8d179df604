"""Each rule family alone, on instances small enough to solve by hand.

For every family: (a) a case the rule allows, (b) a case it makes impossible, (c) a case whose
optimum is derived by hand in the comment, where the rule changes the answer (the cheapest plan
without it is named too). Every plan goes through :func:`helpers_instances.solve_checked`:
validated, and solver objective == model cost parts == validator cost.

Map and distances: see :mod:`helpers_instances` (C1, C2 in district D1; C3, C4 in D2; P the
province). Costs: change 100, 1 per whole km, -10 per preference point, vacancy 10000. Seats are
secretaries unless said; officials are qualified, on the planning list for both roles and far
from retirement unless said. No target unless said.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_instances import ROADS, official, seat, solve_case, write_case

from models.engines import Status
from models.families import Family
from planner.rules.eligibility import Pin
from planner.rules.plain import why
from planner.rules.validator import check_plan

ENGINES = ("scip", "highs", "cp-sat", "lp+scip")


def infeasible(path: Path, **kwargs: object) -> None:
    solved = solve_case(path, **kwargs)  # type: ignore[arg-type]
    assert solved.status is Status.INFEASIBLE
    assert solved.plans == []


# ---------------------------------------------------------------------------------------------
# planning list (rule 4: the seat's role is planned for them, or is the role they hold today)


class TestPlanning:
    def test_allowed(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1")],
            officials=[official("A", "C2", unit="D1", roles="secretary")],
        )
        solved = solve_case(path)
        assert solved.holders() == {"S1": "A"} and solved.costs == [110]

    def test_impossible(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1")],
            officials=[official("A", "C2", unit="D1", roles="chairman")],
        )
        infeasible(path)

    @pytest.mark.parametrize("engine", ENGINES)
    def test_optimum(self, tmp_path: Path, engine: str) -> None:
        # S1 (C1) empty; S2 (C2) held by D (home C4, no planning list: may keep or take another
        # secretary seat, the role they hold). A (home C2) is planned for chairman only.
        #   S1 <- A: 100 + 10 = 110, refused (planning)    <- the optimum without the rule
        #   S1 <- B: 100 + 24 (P->C1)         = 124, S2 keeps D: 0       -> 124
        #   S1 <- D: 100 + 51 (C4->C1 50.5), S2 <- B: 100 + 28 (27.5)   -> 279
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1"), seat("S2", "C2")],
            officials=[
                official("A", "C2", unit="D1", roles="chairman"),
                official("B", "P", unit="D1", roles="secretary"),
                official("D", "C4", seat="S2", roles=""),
            ],
        )
        solved = solve_case(path, engine=engine)
        assert solved.holders() == {"S1": "B", "S2": "D"} and solved.costs == [124]
        assert why(solved.ctx, "A", "S1") == ["not on the planning list for secretary"]
        assert why(solved.ctx, "D", "S1") == []  # same role as the seat they hold


# ---------------------------------------------------------------------------------------------
# qualification: political theory, education, required tags


QUALIFIED_SEAT = seat("S1", "C1", theory="intermediate", education="bachelor", tags="kinh tế")


class TestQualification:
    def test_allowed(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path,
            seats=[QUALIFIED_SEAT],
            officials=[
                official(
                    "A",
                    "C2",
                    unit="D1",
                    tags="kinh tế",
                    theory="intermediate",
                    education="bachelor",
                )
            ],
        )
        assert solve_case(path).costs == [110]

    def test_impossible(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path,
            seats=[QUALIFIED_SEAT],
            officials=[official("A", "C2", unit="D1", tags="kinh tế", theory="elementary")],
        )
        infeasible(path)

    @pytest.mark.parametrize("engine", ENGINES)
    def test_optimum(self, tmp_path: Path, engine: str) -> None:
        # A (C2, 110) lacks the tag; C (C2, 110) has only a college degree; B (P) has all:
        # 100 + 24 = 124.
        path = write_case(
            tmp_path,
            seats=[QUALIFIED_SEAT],
            officials=[
                official("A", "C2", unit="D1"),
                official("B", "P", unit="D1", tags="kinh tế"),
                official("C", "C2", unit="D1", tags="kinh tế", education="college"),
            ],
        )
        solved = solve_case(path, engine=engine)
        assert solved.holders() == {"S1": "B"} and solved.costs == [124]
        assert why(solved.ctx, "A", "S1") == ["lacks required tag kinh tế"]
        assert why(solved.ctx, "C", "S1") == [
            "education college is below the seat's minimum bachelor"
        ]


# ---------------------------------------------------------------------------------------------
# discipline: may not be newly appointed (may keep a seat held today)


class TestDiscipline:
    def test_allowed(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path, seats=[seat("S1", "C1")], officials=[official("A", "C2", unit="D1")]
        )
        assert solve_case(path).costs == [110]

    def test_impossible(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1")],
            officials=[official("A", "C2", unit="D1", disciplined=True)],
        )
        infeasible(path)

    @pytest.mark.parametrize("engine", ENGINES)
    def test_optimum(self, tmp_path: Path, engine: str) -> None:
        # S1 empty: A (C2, disciplined) would cost 110, refused; B (P): 124.
        # S2 held by X, disciplined (home C1, non-local to C2): keeping is no new appointment,
        # so X stays at cost 0 (X is local to S1). Total 124.
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1"), seat("S2", "C2")],
            officials=[
                official("A", "C2", unit="D1", disciplined=True),
                official("B", "P", unit="D1"),
                official("X", "C1", seat="S2", disciplined=True),
            ],
        )
        solved = solve_case(path, engine=engine)
        assert solved.holders() == {"S1": "B", "S2": "X"} and solved.costs == [124]
        assert why(solved.ctx, "A", "S1") == ["under disciplinary measures"]


# ---------------------------------------------------------------------------------------------
# locality: nobody is newly posted to their own locality (home or other home units)


class TestLocality:
    def test_allowed(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path, seats=[seat("S1", "C1")], officials=[official("A", "C2", unit="D1")]
        )
        assert solve_case(path).costs == [110]

    def test_impossible(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1")],
            officials=[
                official("A", "C1", unit="D1"),
                official("B", "C3", unit="D1", others="C1"),
            ],
        )
        infeasible(path)

    @pytest.mark.parametrize("engine", ENGINES)
    def test_optimum(self, tmp_path: Path, engine: str) -> None:
        # A: home C2 but grew up in C1 (other home) -> local, would cost 110; B: home C1, local;
        # E: home C3, works in D1: 100 + 49 = 149; F: home P: 100 + 24 = 124.
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1")],
            officials=[
                official("A", "C2", unit="D1", others="C1"),
                official("B", "C1", unit="D1"),
                official("E", "C3", unit="D1"),
                official("F", "P", unit="D1"),
            ],
        )
        solved = solve_case(path, engine=engine)
        assert solved.holders() == {"S1": "F"} and solved.costs == [124]
        assert why(solved.ctx, "A", "S1") == ["local: other home unit Xã Một lies in Xã Một"]

    def test_locality_level_district(self, tmp_path: Path) -> None:
        # locality at district level: A (home C2, inside D1) is local to a seat in C1; E (home
        # C3, in D2) is not: 149; G (home D2 itself): 100 + 44 = 144 -> G.
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1")],
            officials=[
                official("A", "C2", unit="D1"),
                official("E", "C3", unit="D1"),
                official("G", "D2", unit="D1"),
            ],
            settings={"rules.locality_level": "district"},
        )
        solved = solve_case(path)
        assert solved.holders() == {"S1": "G"} and solved.costs == [144]


# ---------------------------------------------------------------------------------------------
# retirement: a full term left at as_of (days / 365.25)


FIXED_AGES = {"rules.retirement": {"M": 62, "F": 60}}


class TestRetirement:
    def test_allowed(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1")],
            officials=[official("A", "C2", unit="D1", born="1980-01-01")],
        )
        assert solve_case(path).costs == [110]

    def test_impossible(self, tmp_path: Path) -> None:
        # retires 2029-06-01: 1826 days after 2024-06-01 = 4.9993 years < 5
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1")],
            officials=[official("A", "C2", unit="D1", born="1967-06-01")],
            settings=FIXED_AGES,
        )
        infeasible(path)

    @pytest.mark.parametrize("engine", ENGINES)
    def test_optimum(self, tmp_path: Path, engine: str) -> None:
        # A (C2, 110) retires 2029-06-01, 4.9993 years: refused. B (P) retires 2029-06-02,
        # 1827 days = 5.002 years: allowed, 124.
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1")],
            officials=[
                official("A", "C2", unit="D1", born="1967-06-01"),
                official("B", "P", unit="D1", born="1967-06-02"),
            ],
            settings=FIXED_AGES,
        )
        solved = solve_case(path, engine=engine)
        assert solved.holders() == {"S1": "B"} and solved.costs == [124]
        assert why(solved.ctx, "A", "S1") == ["4.999 years to retirement on 2029-06-01, needs 5"]


# ---------------------------------------------------------------------------------------------
# distance: home-to-seat km within max_distance_km (unreachable is refused when it is set)


class TestDistance:
    def test_allowed(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1")],
            officials=[official("A", "C2", unit="D1")],
            settings={"rules.max_distance_km": 24},
        )
        assert solve_case(path).costs == [110]

    def test_impossible(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1")],
            officials=[official("E", "C3", unit="D1")],
            settings={"rules.max_distance_km": 24},
        )
        infeasible(path)

    @pytest.mark.parametrize("engine", ENGINES)
    def test_optimum(self, tmp_path: Path, engine: str) -> None:
        # limit 24 km. E (home C3, wishes C1 +5): 100 + 49 - 50 = 99, but 49 km > 24: refused.
        # A (home P): 24 km, exactly the limit, allowed: 124.
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1")],
            officials=[
                official("A", "P", unit="D1"),
                official("E", "C3", unit="D1"),
            ],
            preferences=["E,C1,5"],
            settings={"rules.max_distance_km": 24},
        )
        solved = solve_case(path, engine=engine)
        assert solved.holders() == {"S1": "A"} and solved.costs == [124]
        assert why(solved.ctx, "E", "S1") == ["distance 49 km exceeds 24 km"]

    def test_unreachable(self, tmp_path: Path) -> None:
        # no road P-D2: C3 cannot reach C1. Without a limit that costs 0 km (100 in all);
        # with a limit the placement is refused.
        roads = ROADS.replace("P,D2,20\n", "")
        case = {
            "seats": [seat("S1", "C1")],
            "officials": [official("E", "C3", unit="D1")],
            "roads": roads,
        }
        solved = solve_case(write_case(tmp_path / "free", **case))  # type: ignore[arg-type]
        assert solved.costs == [100] and solved.plans[0].parts.distance_km == 0
        limited = write_case(
            tmp_path / "limit",
            **case,  # type: ignore[arg-type]
            settings={"rules.max_distance_km": 1000},
        )
        infeasible(limited)


# ---------------------------------------------------------------------------------------------
# cross-group moves: stay in the group (district) they work in today


class TestCrossGroup:
    def test_allowed(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path, seats=[seat("S1", "C1")], officials=[official("A", "C2", unit="D1")]
        )
        assert solve_case(path).costs == [110]

    def test_impossible(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path, seats=[seat("S1", "C1")], officials=[official("A", "C2", unit="C3")]
        )
        infeasible(path)

    @pytest.mark.parametrize("engine", ENGINES)
    def test_optimum(self, tmp_path: Path, engine: str) -> None:
        # A (home C2) works in C3, district D2: 110 but refused; C (home C4, no current unit)
        # belongs to D2 by home: refused; B (home P, works in D1): 124.
        # With cross-group moves on, A is the cheapest: 110.
        officials = [
            official("A", "C2", unit="C3"),
            official("B", "P", unit="D1"),
            official("C", "C4"),
        ]
        solved = solve_case(
            write_case(tmp_path / "off", seats=[seat("S1", "C1")], officials=officials),
            engine=engine,
        )
        assert solved.holders() == {"S1": "B"} and solved.costs == [124]
        assert why(solved.ctx, "A", "S1") == [
            "works in Huyện Hai, the seat is in Huyện Một (cross-group moves are off)"
        ]
        solved = solve_case(
            write_case(
                tmp_path / "on",
                seats=[seat("S1", "C1")],
                officials=officials,
                settings={"rules.cross_group_moves": True},
            ),
            engine=engine,
        )
        assert solved.holders() == {"S1": "A"} and solved.costs == [110]


# ---------------------------------------------------------------------------------------------
# tenure: keep before min_years_before_move (3), leave at max_years_in_post (10)


class TestTenure:
    def test_allowed(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path, seats=[seat("S1", "C1")], officials=[official("X", "C2", seat="S1", years=5)]
        )
        solved = solve_case(path)
        assert solved.holders() == {"S1": "X"} and solved.costs == [0]

    def test_impossible(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path, seats=[seat("S1", "C1")], officials=[official("X", "C2", seat="S1", years=10)]
        )
        infeasible(path)

    @pytest.mark.parametrize("engine", ENGINES)
    def test_optimum(self, tmp_path: Path, engine: str) -> None:
        # X has held S1 exactly 10 years: must leave (keeping, cost 0, is the optimum without
        # the rule). Y (home P) has held S2 2.9 years: must keep S2, so may not take S1 (124).
        # Z (home C4, works in D1): S1 at 100 + 51 = 151. X may not take S2 (local, C2).
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1"), seat("S2", "C2")],
            officials=[
                official("X", "C2", seat="S1", years=10),
                official("Y", "P", seat="S2", years=2.9),
                official("Z", "C4", unit="D1"),
            ],
        )
        solved = solve_case(path, engine=engine)
        assert solved.holders() == {"S1": "Z", "S2": "Y"} and solved.costs == [151]
        assert why(solved.ctx, "X", "S1") == [
            "must leave seat S1: 10 years in post, the limit is 10"
        ]
        assert why(solved.ctx, "Y", "S1") == [
            "must keep their seat S2: 2.9 years in post, fewer than 3"
        ]


# ---------------------------------------------------------------------------------------------
# pins: the committee's keep / forbid decisions


class TestPin:
    def test_allowed(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1")],
            officials=[official("A", "C2", unit="D1"), official("B", "P", unit="D1")],
        )
        solved = solve_case(path, pins=[Pin("S1", "A", keep=True)])
        assert solved.holders() == {"S1": "A"} and solved.costs == [110]

    def test_impossible(self, tmp_path: Path) -> None:
        # a keep pin does not override the rules: A is local to S1
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1")],
            officials=[official("A", "C1", unit="D1"), official("B", "P", unit="D1")],
        )
        infeasible(path, pins=[Pin("S1", "A", keep=True)])

    @pytest.mark.parametrize("engine", ENGINES)
    def test_optimum(self, tmp_path: Path, engine: str) -> None:
        # Without pins: S1 <- A (110), S2 keeps Y (0): 110.
        # Pins: A forbidden in S1; C kept in S2 (Y released). S1: B 124 (Y would be 151);
        # S2: C 100 + 28 = 128. Total 252.
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1"), seat("S2", "C2")],
            officials=[
                official("A", "C2", unit="D1"),
                official("B", "P", unit="D1"),
                official("C", "P", unit="D1"),
                official("Y", "C4", seat="S2"),
            ],
        )
        pins = [Pin("S1", "A", keep=False), Pin("S2", "C", keep=True)]
        solved = solve_case(path, pins=pins, engine=engine)
        assert solved.holders() == {"S1": "B", "S2": "C"} and solved.costs == [252]
        assert why(solved.ctx, "A", "S1") == ["the committee's pins forbid A in S1"]
        assert why(solved.ctx, "Y", "S2") == ["the committee pinned C to seat S2"]


# ---------------------------------------------------------------------------------------------
# seat_filled / vacancies


class TestSeatFilled:
    def test_allowed(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path, seats=[seat("S1", "C1")], officials=[official("A", "C2", unit="D1")]
        )
        assert solve_case(path).costs == [110]

    def test_impossible(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path, seats=[seat("S1", "C1")], officials=[official("A", "C1", unit="D1")]
        )
        infeasible(path)

    @pytest.mark.parametrize("engine", ENGINES)
    def test_optimum(self, tmp_path: Path, engine: str) -> None:
        # Vacancies allowed. S1 empty today, only B (P) can take it: 124. S2 kept by Y: 0.
        # Vacancy weight 120 < 124: leave S1 empty, cost 120. Weight 130: fill it, 124.
        case = {
            "seats": [seat("S1", "C1"), seat("S2", "C2")],
            "officials": [official("B", "P", unit="D1"), official("Y", "C4", seat="S2")],
        }
        cheap = write_case(
            tmp_path / "a",
            **case,  # type: ignore[arg-type]
            settings={"rules.allow_vacancies": True, "objective.vacancy": 120},
        )
        solved = solve_case(cheap, engine=engine)
        assert solved.holders() == {"S1": None, "S2": "Y"} and solved.costs == [120]
        assert solved.plans[0].parts.vacancies == 1
        dear = write_case(
            tmp_path / "b",
            **case,  # type: ignore[arg-type]
            settings={"rules.allow_vacancies": True, "objective.vacancy": 130},
        )
        solved = solve_case(dear, engine=engine)
        assert solved.holders() == {"S1": "B", "S2": "Y"} and solved.costs == [124]


# ---------------------------------------------------------------------------------------------
# one seat per official


class TestOneSeat:
    def test_allowed(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1"), seat("S2", "C2")],
            officials=[official("A", "P", unit="D1"), official("B", "C4", unit="D1")],
        )
        assert solve_case(path).status is Status.OPTIMAL

    def test_impossible(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1"), seat("S2", "C2")],
            officials=[official("A", "P", unit="D1")],
        )
        infeasible(path)

    @pytest.mark.parametrize("engine", ENGINES)
    def test_optimum(self, tmp_path: Path, engine: str) -> None:
        # A (P) is cheapest for both seats (124, 128); B (C4): 151, 154.
        # {S1: A, S2: B} = 124 + 154 = 278 < {S1: B, S2: A} = 151 + 128 = 279.
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1"), seat("S2", "C2")],
            officials=[official("A", "P", unit="D1"), official("B", "C4", unit="D1")],
        )
        solved = solve_case(path, engine=engine)
        assert solved.holders() == {"S1": "A", "S2": "B"} and solved.costs == [278]


# ---------------------------------------------------------------------------------------------
# targets: non-local share per group, and per role inside a group


class TestTarget:
    SEATS = (seat("S1", "C1"), seat("S2", "C2"))

    def test_allowed(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path,
            seats=self.SEATS,
            officials=[
                official("X", "C2", seat="S1"),
                official("Y", "C2", seat="S2"),
            ],
            settings={"target.min_nonlocal_ratio": 0.5},
        )
        solved = solve_case(path)
        assert solved.costs == [0]

    def test_impossible(self, tmp_path: Path) -> None:
        # both incumbents local and too new to move
        path = write_case(
            tmp_path,
            seats=self.SEATS,
            officials=[
                official("X", "C1", seat="S1", years=1),
                official("Y", "C2", seat="S2", years=1),
                official("A", "P", unit="D1"),
            ],
            settings={"target.min_nonlocal_ratio": 0.5},
        )
        infeasible(path)

    @pytest.mark.parametrize("engine", ENGINES)
    def test_optimum(self, tmp_path: Path, engine: str) -> None:
        # X (home C1) holds S1, Y (home C2) holds S2: both local, 0 non-local; ratio 0.5 of 2
        # seats needs 1. Keeping both (0) is the optimum without the target.
        #   S1 <- A (P): 124, Y stays                      -> 124
        #   S2 <- A: 128, X stays                          -> 128
        #   swap X and Y: 110 + 110                        -> 220
        #   S1 <- Y (110), S2 <- A (128)                   -> 238
        path = write_case(
            tmp_path,
            seats=self.SEATS,
            officials=[
                official("X", "C1", seat="S1"),
                official("Y", "C2", seat="S2"),
                official("A", "P", unit="D1"),
            ],
            settings={"target.min_nonlocal_ratio": 0.5},
        )
        solved = solve_case(path, engine=engine)
        assert solved.holders() == {"S1": "A", "S2": "Y"} and solved.costs == [124]

    def test_exact_ratio(self, tmp_path: Path) -> None:
        # ratio 0.34 of 3 seats needs ceil(1.02) = 2; 0.33 needs ceil(0.99) = 1. The
        # incumbents of S1..S3 are local and disciplined: they may stay but not swap seats.
        # A and B (home P) cost 124 in a C1 seat, 128 in S3 (C2).
        seats = [seat("S1", "C1"), seat("S2", "C1", "chairman"), seat("S3", "C2")]
        officials = [
            official("X", "C1", seat="S1", disciplined=True),
            official("Y", "C1", seat="S2", disciplined=True),
            official("W", "C2", seat="S3", disciplined=True),
            official("A", "P", unit="D1"),
            official("B", "P", unit="D1"),
        ]
        one = solve_case(
            write_case(
                tmp_path / "a",
                seats=seats,
                officials=officials,
                settings={"target.min_nonlocal_ratio": 0.33},
            )
        )
        assert one.costs == [124] and one.plans[0].parts.changes == 1
        two = solve_case(
            write_case(
                tmp_path / "b",
                seats=seats,
                officials=officials,
                settings={"target.min_nonlocal_ratio": 0.34},
            )
        )
        assert two.costs == [248] and two.plans[0].parts.changes == 2

    def test_role_allowed(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1"), seat("S2", "C1", "chairman")],
            officials=[official("X", "C1", seat="S1"), official("Y", "C2", seat="S2")],
            settings={"target.roles": {"chairman": 1.0}},
        )
        assert solve_case(path).costs == [0]

    def test_role_impossible(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1"), seat("S2", "C1", "chairman")],
            officials=[
                official("X", "C2", seat="S1"),
                official("Y", "C1", seat="S2", years=1),
                official("A", "P", unit="D1"),
            ],
            settings={"target.roles": {"chairman": 1.0}},
        )
        infeasible(path)

    @pytest.mark.parametrize("engine", ENGINES)
    def test_role_optimum(self, tmp_path: Path, engine: str) -> None:
        # Group target 0 (1 of 2 seats is non-local anyway: X); chairman target 1.0 in D1:
        # the chairman S2 needs a non-local holder. Y (home C1) is local. X (secretary only,
        # holds a secretary seat) may not take S2 (planning). A (P): 124. Without the role
        # target: keep everyone, 0.
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1"), seat("S2", "C1", "chairman")],
            officials=[
                official("X", "C2", seat="S1", roles="secretary"),
                official("Y", "C1", seat="S2", roles="chairman"),
                official("A", "P", unit="D1"),
            ],
            settings={"target.roles": {"chairman": 1.0}, "target.min_nonlocal_ratio": 0.5},
        )
        solved = solve_case(path, engine=engine)
        assert solved.holders() == {"S1": "X", "S2": "A"} and solved.costs == [124]


# ---------------------------------------------------------------------------------------------
# kinship: relatives not both in seats inside one commune


class TestKinship:
    def test_allowed(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1"), seat("S3", "C2")],
            officials=[official("X", "C2", seat="S1"), official("Y", "C1", seat="S3")],
            relations=["X,Y,spouse"],
        )
        assert solve_case(path).costs == [0]

    def test_impossible(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1"), seat("S2", "C1", "chairman")],
            officials=[
                official("X", "C2", seat="S1", years=1),
                official("Y", "C2", seat="S2", years=1),
            ],
            relations=["X,Y,spouse"],
        )
        infeasible(path)

    @pytest.mark.parametrize("engine", ENGINES)
    def test_optimum(self, tmp_path: Path, engine: str) -> None:
        # Spouses X (S1) and Y (S2) both in commune C1; keeping both (0) is the optimum
        # without the rule. One must go:
        #   S2 <- B (home C2, chairman only): 110, X stays   -> 110
        #   S1 <- A (home P, secretary only): 124, Y stays   -> 124
        path = write_case(
            tmp_path,
            seats=[seat("S1", "C1"), seat("S2", "C1", "chairman")],
            officials=[
                official("X", "C2", seat="S1"),
                official("Y", "C2", seat="S2"),
                official("A", "P", unit="D1", roles="secretary"),
                official("B", "C2", unit="D1", roles="chairman"),
            ],
            relations=["Y,X,spouse"],
        )
        solved = solve_case(path, engine=engine)
        assert solved.holders() == {"S1": "X", "S2": "B"} and solved.costs == [110]
        report = check_plan(solved.ctx, {"S1": "X", "S2": "Y"})
        assert report.families == {Family.KINSHIP}


# ---------------------------------------------------------------------------------------------
# batch cap: at most max_changes_per_group changes per group


class TestBatchCap:
    SEATS = (seat("S1", "C1"), seat("S2", "C2"))

    def test_allowed(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path,
            seats=self.SEATS,
            officials=[
                official("X", "C2", seat="S1", years=10),
                official("Y", "C4", seat="S2"),
                official("A", "P", unit="D1"),
            ],
            settings={"rules.max_changes_per_group": 1},
        )
        solved = solve_case(path)
        assert solved.holders() == {"S1": "A", "S2": "Y"} and solved.costs == [124]

    def test_impossible(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path,
            seats=self.SEATS,
            officials=[
                official("X", "C2", seat="S1", years=10),
                official("Y", "C4", seat="S2", years=10),
                official("A", "P", unit="D1"),
                official("B", "P", unit="D1"),
            ],
            settings={"rules.max_changes_per_group": 1},
        )
        infeasible(path)

    @pytest.mark.parametrize("engine", ENGINES)
    def test_optimum(self, tmp_path: Path, engine: str) -> None:
        # X (home C2) holds S1 and dislikes C1 (-10): keeping X costs +100. B (home C2) wishes
        # C1 (+10): S1 <- B costs 100 + 10 - 100 = 10. Y (home C1) must leave S2; C (home C1)
        # takes S2: 100 + 10 = 110 (B, X local to C2; Y local to C1).
        # Without a cap: {S1: B, S2: C} = 120. Cap 1: S2 must change, so S1 keeps X:
        # 100 + 110 = 210.
        path = write_case(
            tmp_path,
            seats=self.SEATS,
            officials=[
                official("X", "C2", seat="S1"),
                official("Y", "C1", seat="S2", years=10),
                official("B", "C2", unit="D1", roles="secretary"),
                official("C", "C1", unit="D1", roles="secretary"),
            ],
            preferences=["X,C1,-10", "B,C1,10"],
            settings={"rules.max_changes_per_group": 1},
        )
        solved = solve_case(path, engine=engine)
        assert solved.holders() == {"S1": "X", "S2": "C"} and solved.costs == [210]


# ---------------------------------------------------------------------------------------------
# one new head per unit


class TestOneNewHead:
    SEATS = (seat("S1", "C1"), seat("S2", "C1", "chairman"))

    def test_allowed(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path,
            seats=self.SEATS,
            officials=[
                official("X", "C2", seat="S1", years=10),
                official("Y", "C2", seat="S2"),
                official("A", "P", unit="D1", roles="secretary"),
            ],
            settings={"rules.one_new_head_per_unit": True},
        )
        solved = solve_case(path)
        assert solved.holders() == {"S1": "A", "S2": "Y"} and solved.costs == [124]

    def test_impossible(self, tmp_path: Path) -> None:
        path = write_case(
            tmp_path,
            seats=self.SEATS,
            officials=[
                official("X", "C2", seat="S1", years=10),
                official("Y", "C2", seat="S2", years=10),
                official("A", "P", unit="D1"),
                official("B", "P", unit="D1"),
            ],
            settings={"rules.one_new_head_per_unit": True},
        )
        infeasible(path)

    @pytest.mark.parametrize("engine", ENGINES)
    def test_optimum(self, tmp_path: Path, engine: str) -> None:
        # S1, S2 in C1; S3 in C2 (another unit of the same group).
        # X (home C2) holds S1, dislikes C1 (-10): keeping costs 100. B (home C2, secretary,
        # wishes C1 +10) would take S1 for 10. Y must leave S2: C (home C2, chairman) 110.
        # Z must leave S3: D (home C1, secretary) 110.
        # Without the rule: 10 + 110 + 110 = 230. With it C1 gets one new head, and S2 must
        # change: S1 keeps X (100) -> 100 + 110 + 110 = 320.
        path = write_case(
            tmp_path,
            seats=[*self.SEATS, seat("S3", "C2")],
            officials=[
                official("X", "C2", seat="S1", roles="secretary"),
                official("Y", "C3", seat="S2", years=10, roles="chairman"),
                official("Z", "C4", seat="S3", years=10, roles="secretary"),
                official("B", "C2", unit="D1", roles="secretary"),
                official("C", "C2", unit="D1", roles="chairman"),
                official("D", "C1", unit="D1", roles="secretary"),
            ],
            preferences=["X,C1,-10", "B,C1,10"],
            settings={"rules.one_new_head_per_unit": True},
        )
        solved = solve_case(path, engine=engine)
        assert solved.holders() == {"S1": "X", "S2": "C", "S3": "D"}
        assert solved.costs == [320]


# ---------------------------------------------------------------------------------------------
# ranking: plan k+1 differs from each of plans 1..k in at least min_difference seats


RANKING_CASE = {
    "seats": [seat("S1", "C1"), seat("S2", "C2")],
    "officials": [
        official("A", "P", unit="D1"),
        official("B", "C3", unit="D1"),
        official("C", "C4", unit="D1"),
    ],
    "preferences": ["B,C2,1"],
}
# Costs per pair: S1: A 124, B 149, C 151.  S2: A 128, B 100 + 53 - 10 = 143, C 154.
# (A,B) 267  (B,A) 277  (A,C) 278  (C,A) 279  (C,B) 294  (B,C) 303


class TestRanking:
    def test_allowed(self, tmp_path: Path) -> None:
        path = write_case(tmp_path, **RANKING_CASE)  # type: ignore[arg-type]
        solved = solve_case(path, count=3, min_difference=1)
        assert len(solved.plans) == 3 and not solved.outcome.exhausted

    def test_impossible(self, tmp_path: Path) -> None:
        # no plan at all: ranking asks for none either
        path = write_case(
            tmp_path, seats=[seat("S1", "C1")], officials=[official("A", "C1", unit="D1")]
        )
        infeasible(path, count=3)
        # only one plan exists: the ranking stops, exhausted, after plan 1
        path = write_case(
            tmp_path / "one", seats=[seat("S1", "C1")], officials=[official("A", "C2", unit="D1")]
        )
        solved = solve_case(path, count=3)
        assert solved.costs == [110] and solved.outcome.exhausted

    @pytest.mark.parametrize("engine", ENGINES)
    def test_optimum(self, tmp_path: Path, engine: str) -> None:
        # min_difference 1: the three cheapest plans, 267, 277, 278.
        # min_difference 2: plan 2 must change both seats of (A,B): S1 in {B,C}, S2 in {A,C}:
        # (B,A) 277. Plan 3 must also change both seats of (B,A): S1 = C and S2 = C, which
        # is impossible: exhausted after 2 plans.
        path = write_case(tmp_path, **RANKING_CASE)  # type: ignore[arg-type]
        solved = solve_case(path, count=3, min_difference=1, engine=engine)
        assert solved.costs == [267, 277, 278]
        assert [solved.holders(k) for k in (1, 2, 3)] == [
            {"S1": "A", "S2": "B"},
            {"S1": "B", "S2": "A"},
            {"S1": "A", "S2": "C"},
        ]
        solved = solve_case(path, count=3, min_difference=2, engine=engine)
        assert solved.costs == [267, 277] and solved.outcome.exhausted
        assert all(p.status == "OPTIMAL" for p in solved.plans)
