"""``planner explain``: exact reachable maxima, short groups, conflicting families, data causes,
levers checked by solving, headroom, the JSON file and the command's exit codes.

Every instance is small enough to solve by hand. The district dataset (``write_district``):

Province P; district A ("Huyện Thanh Trì": communes A1..A4, a secretary and a chairman seat
in each, 8 seats); district B ("Huyện Phúc Thọ": communes B1, B2, a secretary seat each).
Locality is the commune, targets are per district, no coordinates (every distance is 0, so a
plan costs 100 per change; the release cost is 0). ``as_of`` 2024-06-01; "old" officials (men
born 1966, the woman 1970) have less than 5 years to retirement but have not reached it, so they
may keep their seat but not be newly placed anywhere.

- A1S, A2S: locals L1, L2 with 1 year in post (must stay), old.
- A3S, A4S: locals L3, L4, 5 years, old.   A1C..A4C: locals C1..C4, 5 years, old.
- N1 (home B1, planned secretary and chairman), N2 and N3 (homes B1, B2, planned chairman):
  non-local deputies working in A, young. They are the only officials who can become
  non-local holders in A: everyone else is old or must stay.
- B1S, B2S: non-locals M1 (home A1) and M2 (home A2), 5 years, old.

Hence, with every rule but the targets: A can have at most 3 non-local holders (N1, N2, N3;
the other five seats keep locals or go to nobody non-local), A's secretary seats at most 1
(only N1 is planned for secretary), B's 2 of 2 (its incumbents are non-local and keep).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from models.families import Family
from planner.cli import main
from planner.explain import FILE_NAME, Explanation, explain, render_text, write_infeasibility
from planner.rules.eligibility import Pin
from planner.solve.problem import build_problem, load_problem

UNITS = """\
unit_id,name,level,parent_id
P,Thành phố Hà Nội,province,
A,Huyện Thanh Trì,district,P
B,Huyện Phúc Thọ,district,P
A1,Xã Tả Thanh Oai,commune,A
A2,Xã Vĩnh Quỳnh,commune,A
A3,Xã Tam Hiệp,commune,A
A4,Xã Ngọc Hồi,commune,A
B1,Xã Hát Môn,commune,B
B2,Xã Sen Phương,commune,B
"""

SEATS = """\
seat_id,unit_id,role
A1S,A1,secretary
A1C,A1,chairman
A2S,A2,secretary
A2C,A2,chairman
A3S,A3,secretary
A3C,A3,chairman
A4S,A4,secretary
A4C,A4,chairman
B1S,B1,secretary
B2S,B2,secretary
"""

HEADER = (
    "official_id,name,gender,birth_date,home_unit_id,other_home_unit_ids,"
    "current_seat_id,current_unit_id,years_in_post,political_theory,education,"
    "planned_roles,tags,disciplined\n"
)

OFFICIALS = {
    "L1": "L1,Nguyễn Văn An,M,1966,A1,,A1S,A1,1,advanced,bachelor,,,0",
    "L2": "L2,Trần Văn Bình,M,1966,A2,,A2S,A2,1,advanced,bachelor,,,0",
    "L3": "L3,Lê Văn Cường,M,1966,A3,,A3S,A3,5,advanced,bachelor,,,0",
    "L4": "L4,Phạm Văn Dũng,M,1966,A4,,A4S,A4,5,advanced,bachelor,,,0",
    "C1": "C1,Hoàng Thị Em,F,1970,A1,,A1C,A1,5,advanced,bachelor,,,0",
    "C2": "C2,Vũ Văn Giang,M,1966,A2,,A2C,A2,5,advanced,bachelor,,,0",
    "C3": "C3,Đặng Văn Hải,M,1966,A3,,A3C,A3,5,advanced,bachelor,,,0",
    "C4": "C4,Bùi Văn Khoa,M,1966,A4,,A4C,A4,5,advanced,bachelor,,,0",
    "N1": "N1,Đỗ Thị Lan,F,1985,B1,,,A,0,advanced,bachelor,secretary;chairman,,0",
    "N2": "N2,Ngô Văn Minh,M,1985,B1,,,A,0,advanced,bachelor,chairman,,0",
    "N3": "N3,Dương Thị Nga,F,1985,B2,,,A,0,advanced,bachelor,chairman,,0",
    "M1": "M1,Lý Văn Phúc,M,1966,A1,,B1S,B1,5,advanced,bachelor,,,0",
    "M2": "M2,Mai Văn Quang,M,1966,A2,,B2S,B2,5,advanced,bachelor,,,0",
}

SCENARIO = """\
name = "Hà Nội — đợt thử"
data = "data"
as_of = "2024-06-01"

[target]
level = "district"
min_nonlocal_ratio = {ratio}
roles = {{ {roles} }}

[objective]
release = 0  # the levers' costs below are 100 per change, as derived by hand

[rules]
{rules}
"""


def write_district(
    tmp_path: Path,
    *,
    ratio: float = 0.5,
    roles: str = "",
    rules: str = "",
    officials: dict[str, str | None] | None = None,
    relations: str | None = None,
) -> Path:
    """The district dataset above, with scenario settings and officials' rows replaced
    (``None`` removes an official); returns the scenario path."""
    data = tmp_path / "data"
    data.mkdir(parents=True, exist_ok=True)
    rows = {**OFFICIALS, **(officials or {})}
    (data / "units.csv").write_text(UNITS, encoding="utf-8")
    (data / "seats.csv").write_text(SEATS, encoding="utf-8")
    (data / "officials.csv").write_text(
        HEADER + "".join(f"{row}\n" for row in rows.values() if row is not None), encoding="utf-8"
    )
    if relations is not None:
        (data / "relations.csv").write_text(
            "official_a,official_b,kind\n" + relations, encoding="utf-8"
        )
    path = tmp_path / "scenario.toml"
    path.write_text(SCENARIO.format(ratio=ratio, roles=roles, rules=rules), encoding="utf-8")
    return path


def explained(path: Path, **kwargs: object) -> Explanation:
    problem = load_problem(path, all_pairs=True, **kwargs)  # type: ignore[arg-type]
    return explain(problem, time_limit_s=30, seed=0)


def rows(e: Explanation) -> dict[tuple[str, str | None], tuple[int, int, int | None]]:
    """(group, role) -> (seats, required, max_reachable) for every target."""
    return {(r.group_id, r.role): (r.seats, r.required, r.max_reachable) for r in e.reach}


def short(e: Explanation) -> list[tuple[str, str | None]]:
    return [(r.group_id, r.role) for r in e.groups]


def levers(e: Explanation) -> dict[str, tuple[str, int | None]]:
    return {lever.command_line: (lever.outcome, lever.cost) for lever in e.levers}


# ---------------------------------------------------------------------------------------------


def test_short_groups_have_exact_maxima_and_target_conflicts_with_tenure(tmp_path: Path) -> None:
    # A needs ceil(0.75 * 8) = 6 but reaches 3 (N1, N2, N3); A's secretaries need all 4 but
    # reach 1 (only N1 is planned for secretary; A1S and A2S keep locals who must stay).
    # B needs 2 of 2 and has them; B's secretaries likewise.
    e = explained(write_district(tmp_path, ratio=0.75, roles="secretary = 1.0"))
    assert e.status == "infeasible"
    assert rows(e) == {
        ("A", None): (8, 6, 3),
        ("B", None): (2, 2, 2),
        ("A", "secretary"): (4, 4, 1),
        ("B", "secretary"): (2, 2, 2),
    }
    assert short(e) == [("A", None), ("A", "secretary")]
    assert all(r.proven for r in e.reach)
    # Relaxing retirement, planning, locality or cross-group moves leaves A1S and A2S local,
    # so the secretaries' 100% stays out of reach; relaxing tenure (everything else already
    # relaxed) or the target gives a plan. The minimal conflict is {target, tenure}.
    assert [f.label for f in e.conflict_families] == ["target", "tenure"]
    assert [c.group_ids for c in e.conflicts] == [("A",)]
    # the must-stay locals alone rule out A's secretary target (2 > 4 - 4), not A's (2 > 8 - 6
    # is false)
    locals_ = [c for c in e.causes if c.kind == "local_must_stay"]
    assert [(c.group_id, c.details["role"]) for c in locals_] == [("A", "secretary")]
    secretary = next(r for r in e.reach if r.role == "secretary" and r.group_id == "A")
    assert (
        secretary.local_must_stay,
        secretary.no_nonlocal_candidate,
        secretary.nonlocal_candidates,
    ) == (2, 0, 1)
    # Target lever: A to floor(100 * 3 / 8) / 100 = 0.37 (ceil(0.37 * 8) = 3), secretaries to
    # 1 / 4 = 0.25: N1 to a secretary seat, N2 and N3 to chairman seats, 3 changes = 300.
    # Tenure lever: min_years_before_move = 2 still keeps L1, L2 (1 year): no plan.
    assert levers(e) == {
        "--target A=0.37 --set target.roles.secretary=0.25": ("plan", 300),
        "--set rules.min_years_before_move=2": ("no_plan", None),
    }
    assert e.complete


def test_json_has_the_contract_shape(tmp_path: Path) -> None:
    e = explained(write_district(tmp_path, ratio=0.75, roles="secretary = 1.0"))
    data = json.loads(json.dumps(e.to_json()))
    assert data["status"] == "infeasible"
    assert data["conflicts"] == ["target", "tenure"]
    assert [
        {k: g[k] for k in ("group_id", "role", "seats", "required", "max_reachable")}
        for g in data["groups"]
    ] == [
        {"group_id": "A", "role": None, "seats": 8, "required": 6, "max_reachable": 3},
        {"group_id": "A", "role": "secretary", "seats": 4, "required": 4, "max_reachable": 1},
    ]
    assert data["groups"][0]["name"] == "Huyện Thanh Trì"
    assert data["groups"][0]["highest_target"] == 0.37
    assert {"data_causes", "levers", "headroom", "conflicts_by_group"} <= set(data)


def test_text_names_units_and_numbers(tmp_path: Path) -> None:
    path = write_district(tmp_path, ratio=0.75, roles="secretary = 1.0")
    problem = load_problem(path, all_pairs=True)
    text = render_text(explain(problem, time_limit_s=30), problem)
    assert (
        "Huyện Thanh Trì cannot reach 75%: at most 3 of 8 seats can go to non-locals (6 required)."
    ) in text
    assert (
        "Huyện Thanh Trì, secretary seats, cannot reach 100%: at most 1 of 4 secretary "
        "seats can go to non-locals (4 required)."
    ) in text
    assert "--target A=0.37 --set target.roles.secretary=0.25: gives a plan, cost 300" in text
    assert "Huyện Phúc Thọ cannot" not in text


def test_batch_cap_bounds_the_maximum_and_its_lever_reports_the_cap_needed(tmp_path: Path) -> None:
    # ratio 0.375: A needs ceil(3) = 3, B needs 1. Nobody in A is non-local today, so each
    # non-local holder is a change; with at most 2 changes per district A reaches 2.
    e = explained(write_district(tmp_path, ratio=0.375, rules="max_changes_per_group = 2"))
    assert e.status == "infeasible"
    assert rows(e) == {("A", None): (8, 3, 2), ("B", None): (2, 1, 2)}
    assert short(e) == [("A", None)]
    assert [f.label for f in e.conflict_families] == ["target", "batch_cap"]
    # lowering A to floor(100 * 2 / 8) / 100 = 0.25 (needs 2): 2 changes; without a cap the
    # least-cost plan makes 3 changes in A, so the cap needed is 3, at cost 300
    assert levers(e) == {
        "--target A=0.25": ("plan", 200),
        "--set rules.max_changes_per_group=3": ("plan", 300),
    }


def test_tenure_lever_frees_just_enough_local_incumbents(tmp_path: Path) -> None:
    # N2 and N3 may now also take secretary seats. Secretaries at 0.75 need ceil(3) = 3 of 4:
    # A3S and A4S can take two of N1..N3, A1S (L1, 1 year) and A2S (L2, 1.5 years) must stay,
    # so the maximum is 2, one short. Freeing the most senior of the two (L2, 1.5 years) is
    # enough: min_years_before_move = 1.5 lets N1..N3 take A2S, A3S, A4S (3 changes, 300).
    planned = "secretary;chairman"
    e = explained(
        write_district(
            tmp_path,
            ratio=0.0,
            roles="secretary = 0.75",
            officials={
                "L2": OFFICIALS["L2"].replace(",A2S,A2,1,", ",A2S,A2,1.5,"),
                "N2": OFFICIALS["N2"].replace(",chairman,", f",{planned},"),
                "N3": OFFICIALS["N3"].replace(",chairman,", f",{planned},"),
            },
        )
    )
    assert rows(e)[("A", "secretary")] == (4, 3, 2)
    assert short(e) == [("A", "secretary")]
    assert [f.label for f in e.conflict_families] == ["target", "tenure"]
    # the target lever: 2 / 4 = 0.5 (2 changes)
    assert levers(e) == {
        "--set target.roles.secretary=0.5": ("plan", 200),
        "--set rules.min_years_before_move=1.5": ("plan", 300),
    }


def test_targets_reachable_alone_but_not_together(tmp_path: Path) -> None:
    # A's chairmen at 0.75 need 3 non-locals (N1, N2, N3: reachable), A's secretaries at 0.25
    # need 1 (N1: reachable), but together they need 4 distinct non-locals and A has 3.
    e = explained(write_district(tmp_path, ratio=0.0, roles="secretary = 0.25, chairman = 0.75"))
    assert e.status == "infeasible"
    assert rows(e)[("A", "chairman")] == (4, 3, 3)
    assert rows(e)[("A", "secretary")] == (4, 1, 1)
    assert short(e) == []
    # Only more non-local people help: relaxing retirement lets the old incumbents swap
    # communes (each then non-local there). Relaxing planning (N2 could take a secretary seat)
    # still leaves 3 people for 4 seats; tenure frees only old locals; cross-group moves
    # bring only B's old incumbents; vacancies add nobody.
    assert [f.label for f in e.conflict_families] == ["target", "retirement"]
    problem = load_problem(tmp_path / "scenario.toml", all_pairs=True)
    assert "not all at once" in render_text(e, problem)


def test_seat_nobody_can_fill(tmp_path: Path) -> None:
    # B2S is vacant (M2 removed). In B only M1 could take it, and M1 is too old to be newly
    # placed; everyone else works in A. With no target at all (ratio 0) B has no plan, so it
    # has no maximum; A has its 3.
    e = explained(write_district(tmp_path, ratio=0.0, officials={"M2": None}))
    assert e.status == "infeasible"
    assert rows(e) == {("A", None): (8, 0, 3), ("B", None): (2, 0, None)}
    assert short(e) == []
    assert [r.group_id for r in e.unplannable] == ["B"]
    # deletion order: retirement (M1 still cannot hold two seats), locality, planning go;
    # cross-group moves and filling every seat stay; tenure is inactive in B
    assert [f.label for f in e.conflict_families] == ["seat_filled", "cross_group"]
    assert [c.minimal for c in e.conflicts] == [True]
    kinds = {c.kind: c for c in e.causes}
    assert kinds["no_candidate"].details["seat_id"] == "B2S"
    assert kinds["no_candidate"].details["refused_by"] == {"retirement": 1}
    assert kinds["too_few_officials"].details == {"seats": 2, "officials": 1}
    # cross-group: N1 (home B1, planned secretary, young) takes B2S, 1 change; vacancies: B2S
    # stays empty at the vacancy weight 10000
    assert levers(e) == {
        "--set rules.cross_group_moves=true": ("plan", 100),
        "--set rules.allow_vacancies=true": ("plan", 10000),
    }
    assert e.to_json()["unplannable_groups"] == ["B"]


def test_large_scenarios_look_at_the_groups_concerned_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if the scenario were too large to follow relaxed rules across groups: relaxing
    # cross-group moves is then checked on B alone, where N1 appears free to come; the family
    # is kept (sound) and the conflict is not claimed minimal.
    from planner.explain import solving

    monkeypatch.setattr(solving, "EXACT_PAIRS", 0)
    path = write_district(tmp_path, ratio=0.0, officials={"M2": None})
    e = explained(path)
    assert [f.label for f in e.conflict_families] == ["seat_filled", "cross_group"]
    assert [c.minimal for c in e.conflicts] == [False]
    assert any("cross-group" in note for note in e.notes)
    assert "may not be needed" in render_text(e, load_problem(path))


def test_related_incumbents_who_must_both_stay(tmp_path: Path) -> None:
    # L1 (1 year) and C1 (2.5 years) are spouses; both must stay in Xã Tả Thanh Oai.
    e = explained(
        write_district(
            tmp_path,
            ratio=0.0,
            relations="L1,C1,spouse\n",
            officials={"C1": OFFICIALS["C1"].replace(",A1C,A1,5,", ",A1C,A1,2.5,")},
        )
    )
    assert e.status == "infeasible"
    related = [c for c in e.causes if c.kind == "related_must_stay"]
    assert [c.details["official_ids"] for c in related] == [["L1", "C1"]]
    assert [f.label for f in related[0].families] == ["kinship", "tenure"]
    assert [f.label for f in e.conflict_families] == ["tenure", "kinship"]
    # tenure at 2 years frees C1 (2.5 years): N2 takes A1C, 1 change
    assert levers(e) == {"--set rules.min_years_before_move=2": ("plan", 100)}


def test_pinned_pair_that_a_rule_refuses(tmp_path: Path) -> None:
    # the committee pins C2 to A1C, but C2 (born 1966) may not be newly placed
    path = write_district(tmp_path, ratio=0.0)
    loaded = load_problem(path)
    problem = build_problem(
        loaded.scenario,
        loaded.dataset,
        loaded.tree,
        all_pairs=True,
        pins=[Pin("A1C", "C2", keep=True)],
    )
    e = explain(problem, time_limit_s=30)
    assert e.status == "infeasible"
    refused = [c for c in e.causes if c.kind == "forced_pair_refused"]
    assert [(c.details["seat_id"], c.details["official_id"]) for c in refused] == [("A1C", "C2")]
    assert [f.label for f in refused[0].families] == ["pin", "retirement"]
    assert [f.label for f in e.conflict_families] == ["pin", "retirement"]
    assert e.levers == ()


def test_feasible_scenario_reports_headroom(tmp_path: Path) -> None:
    path = write_district(tmp_path, ratio=0.375)
    e = explained(path)
    assert e.status == "feasible"
    assert e.groups == () and e.conflict_families == () and e.levers == () and e.causes == ()
    a, b = e.reach
    assert (a.group_id, a.max_reachable, a.max_ratio, a.highest_target) == ("A", 3, 0.375, 0.37)
    assert (b.group_id, b.max_reachable, b.max_ratio, b.highest_target) == ("B", 2, 1.0, 1.0)
    text = render_text(e, load_problem(path))
    assert "Huyện Thanh Trì: up to 3 of 8 seats (37.5%)" in text
    assert e.to_json()["status"] == "feasible"


def test_explain_accepts_a_problem_built_without_refused_pairs(tmp_path: Path) -> None:
    path = write_district(tmp_path, ratio=0.75, roles="secretary = 1.0")
    e = explain(load_problem(path), time_limit_s=30)
    assert [f.label for f in e.conflict_families] == ["target", "tenure"]


def test_families_are_labelled_as_in_the_scenario() -> None:
    assert Family.ONE_NEW_HEAD.label == "one_new_head"


# ---------------------------------------------------------------------------------------------
# files and command line


def run_cli(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["planner", *args])
    with pytest.raises(SystemExit) as done:
        main()
    return int(done.value.code or 0)


def test_cli_explains_an_infeasible_scenario_with_exit_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_district(tmp_path, ratio=0.5)
    out = tmp_path / "out"
    out.mkdir()
    (out / "plans.csv").write_text("kept\n", encoding="utf-8")
    (out / "run.json").write_text('{"planner_version": "0"}', encoding="utf-8")  # a run folder
    code = run_cli(
        monkeypatch,
        "explain",
        str(path),
        "--out",
        str(out),
        "--target",
        "A=0.75",
        "--set",
        "target.roles={ secretary = 1.0 }",
        "--time-limit",
        "30",
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert "Huyện Thanh Trì cannot reach 75%" in printed
    data = json.loads((out / FILE_NAME).read_text(encoding="utf-8"))
    assert data["status"] == "infeasible"
    assert [(g["group_id"], g["role"], g["max_reachable"]) for g in data["groups"]] == [
        ("A", None, 3),
        ("A", "secretary", 1),
    ]
    assert (out / "plans.csv").read_text(encoding="utf-8") == "kept\n"  # explain adds only
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_cli_bad_input_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_district(tmp_path)
    assert run_cli(monkeypatch, "explain", str(tmp_path / "missing.toml")) == 2
    assert run_cli(monkeypatch, "explain", str(path), "--target", "1.5") == 2
    assert run_cli(monkeypatch, "explain", str(path), "--time-limit", "0") == 2
    assert not (tmp_path / "out").exists()


def test_write_infeasibility_replaces_the_folder_whole(tmp_path: Path) -> None:
    e = explained(write_district(tmp_path, ratio=0.75))
    out = tmp_path / "run"
    out.mkdir()
    (out / "plans.csv").write_text("stale\n", encoding="utf-8")
    (out / "run.json").write_text('{"planner_version": "0"}', encoding="utf-8")
    written = write_infeasibility(out, e, run_info={"planner_version": "1"})
    assert written == out.resolve() / FILE_NAME
    assert sorted(p.name for p in out.iterdir()) == [FILE_NAME, "run.json"]
    text = written.read_text(encoding="utf-8")
    assert "Huyện Thanh Trì" in text  # UTF-8, not \\u escapes
    assert json.loads(text)["groups"][0]["group_id"] == "A"
