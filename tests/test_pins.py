"""Pins (``pins.csv``): read and checked like any input, honoured by every plan, and a run
recorded in ``run.json`` re-runs to the same files.

On the tiny dataset (see conftest): plan 1 moves O8 into S3 and O7 into the vacant S6; O1 (home
C1) may take S3, O3 (11 years in post) must leave S3, O4 (2 years) must keep S4, and O6 is
local to S6's commune C4, which O7 alone of D2's movers is not.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import run_cli as run
from conftest import write_dataset

from planner.errors import BadInput
from planner.inputs.pins import read_pins
from planner.inputs.tables import read_dataset
from planner.rules.plain import pin_conflicts
from planner.solve.problem import load_problem

OUTPUTS = ("plans.csv", "ranking.csv", "groups.csv", "released.csv")


def pins_file(folder: Path, text: str, name: str = "pins.csv", bom: bool = False) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8-sig" if bom else "utf-8")
    return path


def plans(folder: Path) -> list[dict[str, str]]:
    with (folder / "plans.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


# ---------------------------------------------------------------------------------------------
# reading


def test_actions_in_english_and_vietnamese(tiny: Path) -> None:
    dataset = read_dataset(tiny.parent / "data")
    path = pins_file(
        tiny.parent,
        "seat_id,official_id,action,ghi chú\n"
        "S3,O1,giữ,họp ngày 12/6\n\n"
        "S1,O3,Cấm,\n"
        "S4,O10,KEEP,\n"
        "S5,O6,forbid,\n",
        bom=True,
    )
    read = read_pins(path, dataset)
    assert [(p.seat_id, p.official_id, p.keep, p.row) for p in read.pins] == [
        ("S3", "O1", True, 2),
        ("S1", "O3", False, 4),
        ("S4", "O10", True, 5),
        ("S5", "O6", False, 6),
    ]


def test_bad_pins_are_located_by_file_row_and_column(tiny: Path) -> None:
    dataset = read_dataset(tiny.parent / "data")
    path = pins_file(
        tiny.parent,
        "seat_id,official_id,action\n"
        "S3,O1,keep\n"
        "S9,O1,forbid\n"  # unknown seat
        "S1,O99,forbid\n"  # unknown official
        "S1,O3,maybe\n"  # bad action
        "S3,O10,keep\n"  # seat kept for a second official
        "S1,O1,giữ\n"  # official kept in a second seat
        "S3,O1,cấm\n"  # contradicts row 2
        ",O2,keep\n",
    )  # empty seat
    with pytest.raises(BadInput) as raised:
        read_pins(path, dataset)
    found = {(p.file, p.row, p.column) for p in raised.value.problems}
    assert found == {
        ("pins.csv", 3, "seat_id"),
        ("pins.csv", 4, "official_id"),
        ("pins.csv", 5, "action"),
        ("pins.csv", 6, "official_id"),
        ("pins.csv", 7, "seat_id"),
        ("pins.csv", 8, "action"),
        ("pins.csv", 9, "seat_id"),
    }
    text = "\n".join(str(p) for p in raised.value.problems)
    assert 'unknown seat "S9"' in text
    assert 'unknown official "O99"' in text
    assert '"maybe" is not an action; use keep or forbid (giữ or cấm)' in text
    assert 'seat "S3" is already pinned keep to "O1" (row 2)' in text
    assert 'official "O1" is already pinned keep to seat "S3" (row 2)' in text
    assert "contradicts row 2" in text


def test_missing_column_is_named(tiny: Path) -> None:
    dataset = read_dataset(tiny.parent / "data")
    path = pins_file(tiny.parent, "seat_id;official_id;action\nS3;O1;keep\n")
    with pytest.raises(BadInput) as raised:
        read_pins(path, dataset)
    problems = raised.value.problems
    assert {p.column for p in problems} == {"seat_id", "official_id", "action"}
    assert "separate columns with commas" in str(problems[0])


def test_pins_outside_the_scope(tiny: Path) -> None:
    """A keep-pin outside the plan cannot be honoured (error); a forbid-pin there forbids
    nothing (warning)."""
    pins_file(tiny.parent, "seat_id,official_id,action\nS4,O6,forbid\n")
    problem = load_problem(tiny, sets=['pins="pins.csv"', 'scope.units=["D1"]'])
    assert problem.pins == ()
    assert any(
        "forbid-pin ignored" in w and "outside the scenario's scope" in w for w in problem.warnings
    )
    pins_file(tiny.parent, "seat_id,official_id,action\nS4,O7,keep\n")
    with pytest.raises(BadInput, match="cannot be honoured"):
        load_problem(tiny, sets=['pins="pins.csv"', 'scope.units=["D1"]'])


# ---------------------------------------------------------------------------------------------
# solving


def test_every_plan_honours_every_pin(
    tiny: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pins = pins_file(tiny.parent, "seat_id,official_id,action\nS3,O1,giữ\nS1,O3,cấm\n")
    out = tiny.parent / "out"
    code, _, err = run(
        ["solve", str(tiny), "--out", str(out), "--pins", str(pins), "--quiet"], capsys, monkeypatch
    )
    assert code == 0, err
    rows = plans(out)
    assert {r["plan"] for r in rows} >= {"1"}
    for r in rows:
        if r["seat_id"] == "S3":
            assert r["official_id"] == "O1"
        if r["seat_id"] == "S1":
            assert r["official_id"] != "O3"
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert info["scenario"]["pins"] == str(pins.resolve())
    assert "pins" in info["inputs"]


def test_scenario_key_pins_is_relative_to_the_scenario(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import TINY

    scenario = write_dataset(tmp_path, scenario='pins = "pins.csv"\n' + TINY["scenario"])
    pins_file(tmp_path, "seat_id,official_id,action\nS3,O1,keep\n")
    code, _, err = run(
        ["solve", str(scenario), "--out", str(tmp_path / "out"), "--quiet"], capsys, monkeypatch
    )
    assert code == 0, err
    assert all(r["official_id"] == "O1" for r in plans(tmp_path / "out") if r["seat_id"] == "S3")


def test_bad_pins_exit_2_and_write_nothing(
    tiny: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pins = pins_file(tiny.parent, "seat_id,official_id,action\nS3,O77,keep\n")
    out = tiny.parent / "out"
    code, _, err = run(
        ["solve", str(tiny), "--out", str(out), "--pins", str(pins)], capsys, monkeypatch
    )
    assert code == 2
    assert 'pins.csv row 2, official_id: unknown official "O77" (not in officials.csv)' in err
    assert "Traceback" not in err
    assert not out.exists()


def test_pins_that_leave_no_plan_exit_3_and_name_the_pin(
    tiny: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # O6 lives in C4: keeping them in S6 (C4) breaks the locality rule whatever the target
    pins = pins_file(tiny.parent, "seat_id,official_id,action\nS6,O6,keep\n")
    out = tiny.parent / "out"
    code, _, err = run(
        [
            "solve",
            str(tiny),
            "--out",
            str(out),
            "--pins",
            str(pins),
            "--time-limit",
            "20",
            "--quiet",
        ],
        capsys,
        monkeypatch,
    )
    assert code == 3, err
    infeasibility = json.loads((out / "infeasibility.json").read_text(encoding="utf-8"))
    assert infeasibility["status"] == "infeasible"
    assert "pin" in infeasibility["conflicts"]
    assert "pin" in err
    assert not (out / "plans.csv").exists()

    problem = load_problem(tiny, sets=[f'pins="{pins}"'])
    lines = pin_conflicts(problem.rule_context())
    assert len(lines) == 1
    assert lines[0].startswith(
        "pin keep Vũ Thị Phương (O6) → S6 (chairman, Xã Vĩnh Quỳnh) "
        "[pins.csv row 2] conflicts with no posting to one's own locality:"
    )


def test_forbid_pin_on_an_incumbent_who_must_stay_is_named(tiny: Path) -> None:
    pins = pins_file(tiny.parent, "seat_id,official_id,action\nS4,O4,forbid\n")
    problem = load_problem(tiny, sets=[f'pins="{pins}"'])
    lines = pin_conflicts(problem.rule_context())
    assert len(lines) == 1
    assert "pin forbid Phạm Thị Dung (O4) → S4" in lines[0]
    assert "conflicts with tenure" in lines[0]


# ---------------------------------------------------------------------------------------------
# run.json


def test_run_json_re_runs_to_the_same_files(
    tiny: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scenario is recorded as run: overrides and pins included, so the re-run needs no
    options and writes the same bytes."""
    pins = pins_file(tiny.parent, "seat_id,official_id,action\nS1,O3,forbid\n")
    first, again = tiny.parent / "first", tiny.parent / "again"
    code, _, err = run(
        [
            "solve",
            str(tiny),
            "--out",
            str(first),
            "--pins",
            str(pins),
            "--target",
            "0.3",
            "--target",
            "D2=0.65",
            "--set",
            "objective.distance_km=2",
            "--plans",
            "3",
            "--quiet",
        ],
        capsys,
        monkeypatch,
    )
    assert code == 0, err
    code, _, err = run(
        ["solve", str(first / "run.json"), "--out", str(again), "--quiet"], capsys, monkeypatch
    )
    assert code == 0, err
    for name in OUTPUTS:
        assert (first / name).read_bytes() == (again / name).read_bytes(), name
    recorded = json.loads((again / "run.json").read_text(encoding="utf-8"))["scenario"]
    assert recorded["target"]["min_nonlocal_ratio"] == 0.3
    assert recorded["target"]["groups"] == {"D2": 0.65}
    assert recorded["objective"]["distance_km"] == 2
    assert recorded["plans"]["count"] == 3


def test_the_readme_pins_fit_the_bundled_phuc_tho_batch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deliberation flow in README.md pins these ids; regenerating the bundled data must
    keep them valid (keep-pin on a new placement the rules allow, forbid-pin on a plan-1 move)."""
    scenario = Path(__file__).resolve().parents[1] / "scenarios" / "phuc-tho-2023" / "scenario.toml"
    if not scenario.is_file():
        pytest.skip("the bundled Phúc Thọ scenario is not there")
    pins = pins_file(
        tmp_path,
        "seat_id,official_id,action\n"
        "2023-09757-SEC,CB-2023-272-0069,giữ\n"
        "2023-09775-CHA,CB-2023-272-0030,cấm\n",
    )
    problem = load_problem(scenario, sets=[f'pins="{pins}"'])
    assert [(p.seat_id, p.keep) for p in problem.pins] == [
        ("2023-09757-SEC", True),
        ("2023-09775-CHA", False),
    ]
    assert pin_conflicts(problem.rule_context()) == []
    # the forbidden placement is a move of plan 1 without pins (Xã Tam Hiệp's chairman)
    out = tmp_path / "plain"
    code, _, err = run(
        ["solve", str(scenario), "--out", str(out), "--plans", "1", "--quiet"], capsys, monkeypatch
    )
    assert code == 0, err
    with (out / "plans.csv").open(encoding="utf-8-sig") as handle:
        moves = {(r["seat_id"], r["official_id"]) for r in csv.DictReader(handle)}
    assert ("2023-09775-CHA", "CB-2023-272-0030") in moves
    assert ("2023-09757-SEC", "CB-2023-272-0069") not in moves
