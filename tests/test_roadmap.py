"""planner roadmap (contract section 10): the roll-forward by hand, the ramp reckoned exactly,
the joint plan against the batch-by-batch plan, every batch an ordinary valid scenario."""

from __future__ import annotations

import csv
import json
import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest
from conftest import run_cli
from helpers_html import assert_valid_html
from helpers_instances import no_roadmap_case, official, seat, write_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.engines import Status
from planner.domain.records import Official
from planner.domain.targets import required_count
from planner.inputs.consistency import load_checked
from planner.roadmap import state as rolling
from planner.roadmap.ramp import ratio_text, required_counts
from planner.roadmap.run import batch_plans, prepare, solve_greedy, solve_joint
from planner.rules.validator import check_plan
from planner.solve.problem import load_problem

REPO = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------------------------
# roll-forward, by hand


@dataclass(frozen=True)
class OfficialWithUnit(Official):
    """An official whose data carry ``years_in_unit`` (issue 10 adds the column to the
    record; until then this stands in for it, and the roll-forward reads it defensively)."""

    years_in_unit: float | None = None


def person(oid: str, seat_id: str | None, unit: str | None, years: float, **kw: object) -> Official:
    return Official(
        oid,
        oid,
        "M",
        date(1980, 1, 1),
        "C9",
        (),
        seat_id,
        unit,
        years,
        **kw,  # type: ignore[arg-type]
    )


SEAT_UNIT = {"S1": "C1", "S2": "C1", "S3": "C2"}


def test_age_grows_every_official_by_days_over_365_25() -> None:
    a = person("A", "S1", "C1", 2.5)
    b = person("B", None, "D1", 0.0)
    # 2024-06-01 -> 2025-06-01 is 365 days: 365 / 365.25 = 0.99931554.. -> 0.999316
    aged = rolling.age([a, b], date(2024, 6, 1), date(2025, 6, 1))
    assert [o.years_in_post for o in aged] == [3.499316, 0.999316]
    assert aged[0].current_seat_id == "S1"


def test_tenure_crossing_a_batch_starts_at_zero_and_grows() -> None:
    """A placed in S3 at batch 1 (2024-01-01): 0 years then; at batch 2 (2027-01-01,
    1096 days later) 1096 / 365.25 = 3.000684 years: past the 3-year minimum by then, while
    a batch on 2026-12-31 (1095 days, 2.997947) would still find them bound to the seat."""
    a = person("A", "S1", "C1", 7.0)
    after = rolling.apply_plan([a], SEAT_UNIT, {"S1": None, "S3": "A"})
    assert after[0].current_seat_id == "S3"
    assert after[0].current_unit_id == "C2"
    assert after[0].years_in_post == 0.0
    later = rolling.age(after, date(2024, 1, 1), date(2027, 1, 1))
    assert later[0].years_in_post == 3.000684
    assert rolling.age(after, date(2024, 1, 1), date(2026, 12, 31))[0].years_in_post == 2.997947


def test_years_in_unit_continue_inside_the_unit_and_restart_elsewhere() -> None:
    """Chairman S2 of C1 (4 years in post, 9 in the unit) becomes secretary S1 of C1: in
    post 0, in the unit still 9; B moves from C2 to C1: 0 and 0; C, no years_in_unit given
    but moving inside the unit, counts on from years_in_post (3)."""
    a = OfficialWithUnit(
        "A", "A", "M", date(1980, 1, 1), "C9", (), "S2", "C1", 4.0, years_in_unit=9.0
    )
    b = OfficialWithUnit(
        "B", "B", "M", date(1980, 1, 1), "C9", (), "S3", "C2", 6.0, years_in_unit=6.0
    )
    c = OfficialWithUnit("C", "C", "M", date(1980, 1, 1), "C9", (), "S1", "C1", 3.0)
    after = rolling.apply_plan([a, b, c], SEAT_UNIT, {"S1": "A", "S2": "B", "S3": "C"})
    assert [(o.years_in_post, o.years_in_unit) for o in after] == [  # type: ignore[attr-defined]
        (0.0, 9.0),
        (0.0, 0.0),
        (0.0, 0.0),
    ]
    moved_in_unit = rolling.apply_plan([a, c], SEAT_UNIT, {"S1": None, "S2": "C"})
    assert moved_in_unit[1].years_in_unit == 3.0  # type: ignore[attr-defined]
    grown = rolling.age(after, date(2024, 6, 1), date(2025, 6, 1))
    assert grown[0].years_in_unit == 9.999316  # type: ignore[attr-defined]


def test_a_released_head_holds_nothing_works_in_the_unit_left_and_is_placed_again_at_zero() -> None:
    a = OfficialWithUnit(
        "A", "A", "M", date(1980, 1, 1), "C9", (), "S3", "C2", 5.0, years_in_unit=8.0
    )
    released = rolling.roll_forward(
        [a], SEAT_UNIT, {"S3": None}, date(2024, 6, 1), date(2025, 6, 1)
    )[0]
    assert (released.current_seat_id, released.current_unit_id) == (None, "C2")
    # placed again later (in the very unit they left): every count starts at 0
    again = rolling.apply_plan([released], SEAT_UNIT, {"S3": "A"})[0]
    assert (again.current_seat_id, again.years_in_post) == ("S3", 0.0)
    assert again.years_in_unit == 0.0  # type: ignore[attr-defined]


def test_an_official_outside_the_plan_is_untouched_and_two_seats_are_refused() -> None:
    a = person("A", "S1", "C1", 2.0)
    assert rolling.apply_plan([a], SEAT_UNIT, {"S3": None}) == (a,)
    with pytest.raises(ValueError, match="two seats"):
        rolling.apply_plan([a], SEAT_UNIT, {"S1": "A", "S3": "A"})


# --------------------------------------------------------------------------------------------
# the ramp, exactly


def test_ramp_is_reckoned_with_fractions() -> None:
    # Phúc Thọ: 6 of 36 today, 18 final, 3 batches: 6 + 12 * k/3 = 10, 14, 18
    assert required_counts(6, 18, 3, "linear") == (10, 14, 18)
    # and 6 of 42 to 21: 6 + 15 * k/3 = 11, 16, 21
    assert required_counts(6, 21, 3, "linear") == (11, 16, 21)
    # 0 + 2 * 1/3 = 0.666.. -> 1; 0 + 2 * 2/3 = 1.333.. -> 2 (a float 4/3 rounds the same,
    # but 7 * 3/10 = 2.1000000000000001 in floats would give 3 on ceil: fractions give 3 too,
    # and 10 * 3/10 = 3 exactly, never 4)
    assert required_counts(0, 2, 3, "linear") == (1, 2, 2)
    assert required_counts(0, 10, 10, "linear") == tuple(range(1, 11))
    assert required_counts(2, 7, 4, "none") == (0, 0, 0, 7)
    # a target already met is never undone, whatever the ramp
    assert required_counts(9, 7, 3, "linear") == (7, 7, 7)
    assert required_counts(7, 7, 2, "none") == (7, 7)


@pytest.mark.parametrize("seats", [1, 2, 3, 7, 21, 30, 42, 97])
def test_ratio_text_states_each_count_exactly(seats: int) -> None:
    for needed in range(seats + 1):
        text = ratio_text(needed, seats)
        assert required_count(float(text), seats) == needed
        assert len(text) <= 17


# --------------------------------------------------------------------------------------------
# joint against one batch at a time


def _trap(folder: Path, *, with_fallback: bool = True, batches: tuple[str, ...] = ()) -> Path:
    """D1 has secretary S1 (Xã Một) and chairman S2 (Xã Hai, needs tag x); both incumbents
    local. Candidates working in D1: N1 (home C3, tag x, both roles), N2 (home C4, secretary
    only), N3 (home P, chairman only, tag x, dislikes Xã Hai: score -5). Target 100%: batch 1
    needs 1 non-local, batch 2 (one year later, inside N1's 3-year lock) needs 2."""
    officials = [
        official("I1", "C1", seat="S1", unit="C1", roles="secretary"),
        official("I2", "C2", seat="S2", unit="C2", roles="chairman"),
        official("N1", "C3", unit="D1", tags="x"),
        official("N2", "C4", unit="D1", roles="secretary"),
    ]
    if with_fallback:
        officials.append(official("N3", "P", unit="D1", roles="chairman", tags="x"))
    return write_case(
        folder,
        seats=[seat("S1", "C1", "secretary"), seat("S2", "C2", "chairman", tags="x")],
        officials=officials,
        preferences=["N3,C2,-5"] if with_fallback else [],
        settings={
            "target.min_nonlocal_ratio": 1.0,
            "roadmap.batches": list(batches or ("2024-06-01", "2025-06-01")),
        },
    )


def test_greedy_is_strictly_worse_than_the_joint_roadmap(tmp_path: Path) -> None:
    """By hand (change 100, 1 per km, preference 10):
    batch 1 needs 1 non-local: N1->S1 costs 100 + 49 = 149, N2->S1 100 + 51 = 151,
    N1->S2 100 + 53 = 153, N3->S2 100 + 28 + 50 = 178.
    One at a time: batch 1 takes the cheapest, N1->S1 (149); N1 must then stay (1 year < 3),
    N2 cannot be chairman, so batch 2 needs N3->S2 (178): 149 + 178 = 327.
    Jointly: N2->S1 (151) then N1->S2 (153), or N1->S2 then N2->S1: 304 < 327."""
    scenario, dataset, tree = load_checked(_trap(tmp_path))
    setup = prepare(scenario, dataset, tree)
    joint = solve_joint(setup.joint, engine="lp+scip", time_limit_s=20)
    assert joint.status is Status.OPTIMAL
    assert joint.cost == 304 == joint.bound
    assert joint.assignments is not None
    batches = batch_plans(setup, joint.assignments, str(joint.status))
    assert sum(b.plan.cost for b in batches) == 304
    greedy = solve_greedy(setup, time_limit_s=20)
    assert greedy.cost == 327
    assert [b.plan.cost for b in greedy.batches] == [149, 178]
    assert dict(greedy.batches[0].plan.holders) == {"S1": "N1", "S2": "I2"}


def test_release_cost_is_charged_in_every_batch_that_releases(tmp_path: Path) -> None:
    """With objective.release = 100 (set here on the joint instance's weights): both
    incumbents must go (local, and neither is planned for the other's role), one per batch:
    304 + 2 x 100 = 504."""
    scenario, dataset, tree = load_checked(_trap(tmp_path))
    setup = prepare(scenario, dataset, tree)
    weighted = replace(setup.joint, weights=replace(setup.joint.weights, release=100))
    assert solve_joint(weighted, engine="lp+scip", time_limit_s=20).cost == 504


def test_without_the_fallback_one_at_a_time_has_no_second_batch(tmp_path: Path) -> None:
    scenario, dataset, tree = load_checked(_trap(tmp_path, with_fallback=False))
    setup = prepare(scenario, dataset, tree)
    assert solve_joint(setup.joint, engine="lp+scip", time_limit_s=20).cost == 304
    greedy = solve_greedy(setup, time_limit_s=20)
    assert (greedy.cost, greedy.failed_batch) == (None, 2)


def test_after_three_years_the_placed_official_may_move_again(tmp_path: Path) -> None:
    """The boundary of the lock: 2024-06-01 -> 2027-06-02 is 1096 days (3.000684 years), so
    N1 is free to move at batch 2; on 2027-06-01 (1095 days, 2.997947 years) N1 is bound.
    The costs do not tell the two apart (batch 2 one at a time: N3->S2 at 178 is cheaper
    than moving N1 to S2 and refilling S1, 153 + 151), the lock itself must."""
    free = _trap(tmp_path / "free", batches=("2024-06-01", "2027-06-02"))
    bound = _trap(tmp_path / "bound", batches=("2024-06-01", "2027-06-01"))
    for path, greedy_cost in ((free, 327), (bound, 327)):
        scenario, dataset, tree = load_checked(path)
        setup = prepare(scenario, dataset, tree)
        assert solve_joint(setup.joint, engine="lp+scip", time_limit_s=20).cost == 304
        assert solve_greedy(setup, time_limit_s=20).cost == greedy_cost
    scenario, dataset, tree = load_checked(free)
    setup = prepare(scenario, dataset, tree)
    assert bool(setup.joint.stay[0, 1]) is False
    scenario, dataset, tree = load_checked(bound)
    assert bool(prepare(scenario, dataset, tree).joint.stay[0, 1]) is True


def test_retirement_reckoned_at_each_batch_date(tmp_path: Path) -> None:
    """N (born 1968-01-01, man) has 5.47 years to retirement on 2024-06-01 (62 in 2030) and
    4.47 a year later: placeable at batch 1 only. The target needs S1 non-local from batch 2
    on (ramp "none"), so the roadmap must place N already at batch 1."""
    path = write_case(
        tmp_path,
        seats=[seat("S1", "C1")],
        officials=[
            official("I1", "C1", seat="S1", unit="C1"),
            official("N", "C3", unit="D1", born="1968-01-01"),
        ],
        settings={
            "target.min_nonlocal_ratio": 1.0,
            "roadmap.batches": ["2024-06-01", "2025-06-01"],
            "roadmap.ramp": "none",
        },
    )
    scenario, dataset, tree = load_checked(path)
    setup = prepare(scenario, dataset, tree)
    joint = solve_joint(setup.joint, engine="lp+scip", time_limit_s=20)
    assert joint.assignments is not None
    batches = batch_plans(setup, joint.assignments, str(joint.status))
    assert [dict(b.plan.holders) for b in batches] == [{"S1": "N"}, {"S1": "N"}]
    # one at a time: batch 1 needs nothing and keeps I1; batch 2 finds N too old
    assert solve_greedy(setup, time_limit_s=20).failed_batch == 2


# --------------------------------------------------------------------------------------------
# the command


def test_roadmap_command_writes_batches_that_validate_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = _trap(tmp_path / "case")
    out = tmp_path / "out"
    code, stdout, _ = run_cli(["roadmap", str(scenario), "--out", str(out)], capsys, monkeypatch)
    assert code == 0, stdout
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert (info["total_cost"], info["one_at_a_time_cost"], info["saving"]) == (304, 327, 23)
    assert info["status"] == "OPTIMAL" and info["bound"] == 304
    assert "327" in stdout and "23" in stdout
    with (out / "roadmap.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["batch"], r["required"], r["nonlocal_after"]) for r in rows] == [
        ("1", "1", "1"),
        ("2", "2", "2"),
    ]
    assert (out / "roadmap.png").stat().st_size > 0
    for k in (1, 2):
        code, _, err = run_cli(
            ["validate", str(out / f"batch-{k}" / "scenario.toml")], capsys, monkeypatch
        )
        assert code == 0, err
    code, _, err = run_cli(["report", str(out), "--no-xlsx"], capsys, monkeypatch)
    assert code == 0, err
    index = (out / "report.html").read_text(encoding="utf-8")
    assert index.index("batch-1/report.html") < index.index("batch-2/report.html")
    assert (out / "batch-2" / "report.html").is_file()
    assert_valid_html(index)
    assert 'src="roadmap.png"' not in index  # the chart is in the page: it opens alone, offline
    assert index.count('src="data:image/png;base64,') == 1
    assert "Total cost of the roadmap" in index and "Non-local today" in index  # titles, not ids
    assert "<td>Huyện Một</td>" in index and "<th>group_id</th>" not in index  # names
    assert not list(out.glob(".report.html.*"))  # written beside and renamed
    code, _, err = run_cli(["--lang", "vi", "report", str(out), "--no-xlsx"], capsys, monkeypatch)
    assert code == 0, err
    index = (out / "report.html").read_text(encoding="utf-8")
    assert_valid_html(index)
    assert '<html lang="vi">' in index and "Tổng chi phí của lộ trình" in index
    assert "Báo cáo đợt 2" in index and "Total cost" not in index


def test_bad_roadmap_table_exits_2_naming_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = _trap(tmp_path, batches=("2024-05-31", "2025-06-01", "2025-06-01"))
    code, _, err = run_cli(
        ["roadmap", str(scenario), "--out", str(tmp_path / "out"), "--set", 'roadmap.ramp="steep"'],
        capsys,
        monkeypatch,
    )
    assert code == 2
    assert "roadmap.batches[1]" in err and "before as_of" in err
    assert "roadmap.batches[3]" in err and "strictly increasing" in err
    assert "roadmap.ramp" in err
    assert not (tmp_path / "out").exists()


def test_a_folder_the_planner_did_not_write_is_refused_before_solving(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = _trap(tmp_path / "case")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    code, _, err = run_cli(["roadmap", str(scenario), "--out", str(mine)], capsys, monkeypatch)
    assert code == 2
    assert "not written by the planner" in err
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]


def test_no_roadmap_exits_3_with_batches_groups_maxima_and_levers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only N1 is non-local (the incumbents are native to both communes): 2 of 2 cannot
    be reached at batch 2, and no lever helps."""
    path = no_roadmap_case(tmp_path / "case")
    out = tmp_path / "out"
    code, _, err = run_cli(["roadmap", str(path), "--out", str(out)], capsys, monkeypatch)
    assert code == 3, err
    data = json.loads((out / "infeasibility.json").read_text(encoding="utf-8"))
    assert data["status"] == "infeasible"
    assert data["batches"] == [
        {
            "batch": 2,
            "date": "2025-06-01",
            "groups": [
                {"group_id": "D1", "role": None, "seats": 2, "required": 2, "max_reachable": 1}
            ],
        }
    ]
    assert "target" in data["conflicts"]
    levers = {lever["lever"]: lever for lever in data["levers"]}
    assert set(levers) == {"one more batch", "a later final date", "a lower intermediate ramp"}
    assert not any(lever["feasible"] for lever in levers.values())
    assert "Batch 2 (2025-06-01)" in err


# --------------------------------------------------------------------------------------------
# every batch of a roadmap is an ordinary valid scenario


UNITS4 = ("C1", "C2", "C3", "C4")


@st.composite
def cases(draw: st.DrawFn) -> dict[str, object]:
    n_seats = draw(st.integers(2, 3))
    seats = [
        seat(f"S{i}", UNITS4[i % 2], draw(st.sampled_from(["secretary", "chairman"])))
        for i in range(n_seats)
    ]
    people = []
    for i in range(n_seats):
        people.append(
            official(
                f"I{i}",
                draw(st.sampled_from(UNITS4)),
                seat=f"S{i}",
                unit=UNITS4[i % 2],
                years=draw(st.sampled_from([0.5, 2.5, 4.0, 9.5])),
                roles=draw(st.sampled_from(["secretary", "chairman", "secretary;chairman"])),
            )
        )
    for i in range(draw(st.integers(1, 3))):
        people.append(
            official(
                f"N{i}",
                draw(st.sampled_from(UNITS4)),
                unit="D1",
                roles=draw(st.sampled_from(["secretary", "chairman", "secretary;chairman"])),
                born=draw(st.sampled_from(["1968-01-01", "1985-01-01"])),
            )
        )
    gaps = draw(st.lists(st.sampled_from([120, 365, 800, 1096]), min_size=1, max_size=2))
    days = [date(2024, 6, 1)]
    for gap in gaps:
        days.append(date.fromordinal(days[-1].toordinal() + gap))
    return {
        "seats": seats,
        "officials": people,
        "ratio": draw(st.sampled_from([0.0, 0.5, 1.0])),
        "ramp": draw(st.sampled_from(["linear", "none"])),
        "dates": [d.isoformat() for d in days],
        "cap": draw(st.sampled_from([0, 1])),
    }


@settings(
    max_examples=12, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(cases())
def test_every_batch_passes_the_validator_and_joint_never_costs_more(
    case: dict[str, object],
) -> None:
    from planner.roadmap.output import write_roadmap
    from planner.roadmap.report import roadmap_summary

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = write_case(
            folder / "case",
            seats=case["seats"],  # type: ignore[arg-type]
            officials=case["officials"],  # type: ignore[arg-type]
            settings={
                "target.min_nonlocal_ratio": case["ratio"],
                "rules.max_changes_per_group": case["cap"],
                "roadmap.batches": case["dates"],
                "roadmap.ramp": case["ramp"],
            },
        )
        scenario, dataset, tree = load_checked(path)
        setup = prepare(scenario, dataset, tree)
        joint = solve_joint(setup.joint, engine="lp+scip", time_limit_s=20)
        greedy = solve_greedy(setup, time_limit_s=20)
        if joint.assignments is None:
            assert greedy.cost is None  # no roadmap: one at a time cannot find one either
            return
        batches = batch_plans(setup, joint.assignments, str(joint.status))
        total = sum(b.plan.cost for b in batches)
        assert total == joint.cost
        if greedy.cost is not None:
            assert total <= greedy.cost
        summary = roadmap_summary(setup, joint, batches, greedy, total_s=0.0)
        out = folder / "out"
        write_roadmap(out, setup, batches, summary)
        for k in range(1, len(setup.dates) + 1):
            batch_dir = out / f"batch-{k}"
            problem = load_problem(batch_dir / "scenario.toml")
            with (batch_dir / "plans.csv").open(encoding="utf-8-sig") as handle:
                holders = {r["seat_id"]: r["official_id"] or None for r in csv.DictReader(handle)}
            plan = replace(batches[k - 1].plan, holders=holders)
            report = check_plan(problem.rule_context(), plan)
            assert report.ok, [str(v) for v in report.violations]
            assert report.cost == batches[k - 1].plan.cost
            # the batch's required counts are the ramp's, as written
            required = {t.group_id: t.required for t in problem.targets if t.role is None}
            assert required == {
                t.group_id: t.required[k - 1] for t in setup.targets if t.role is None
            }


def test_bundled_phuc_tho_roadmap_reaches_18_of_36_and_beats_one_at_a_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's headline: 6 of 36 non-local in November 2021, at least 18 of 36 by the
    batch of March 2023, for less than planning the batches one at a time (271 against 920)."""
    scenario = REPO / "scenarios" / "phuc-tho-roadmap" / "scenario.toml"
    out = tmp_path / "out"
    code, _, err = run_cli(
        ["roadmap", str(scenario), "--out", str(out), "--quiet"], capsys, monkeypatch
    )
    assert code == 0, err
    with (out / "roadmap.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["date"], r["required"]) for r in rows] == [
        ("2021-11-15", "10"),
        ("2022-06-01", "14"),
        ("2023-03-01", "18"),
    ]
    assert {r["group_id"] for r in rows} == {"2023-272"} and rows[0]["seats"] == "36"
    assert rows[0]["nonlocal_before"] == "6"
    assert all(int(r["nonlocal_after"]) >= int(r["required"]) for r in rows)
    assert int(rows[-1]["nonlocal_after"]) >= 18
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert info["status"] == "OPTIMAL"
    # the least total cost is one number; one at a time depends on which of equally cheap
    # first batches is taken, so only its being dearer is asserted (920 as run for the README)
    assert info["total_cost"] == 271
    assert info["one_at_a_time_cost"] > info["total_cost"]
