"""``planner compare``: differences read from two output folders, nothing re-solved.

Run A is the tiny scenario as it is (plan 1 moves O8 into S3, O3 is released); run B pins O1 to
S3 and forbids O3 in S1, so O10 takes S1 and O1 leaves it.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from conftest import run_cli as run
from conftest import write_dataset

from planner.errors import BadInput
from planner.solve.problem import load_problem
from planner.solve.run import solve_problem, write_solve_output
from planner.whatif.compare import compare


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("compare")
    scenario = write_dataset(root)
    pins = root / "pins.csv"
    pins.write_text("seat_id,official_id,action\nS3,O1,keep\nS1,O3,forbid\n", encoding="utf-8")
    folders = []
    for name, sets in (("a", []), ("b", [f'pins="{pins}"'])):
        problem = load_problem(scenario, sets=sets)
        folders.append(write_solve_output(root / name, solve_problem(problem)))
    return folders[0], folders[1]


def test_differences_between_runs(runs: tuple[Path, Path]) -> None:
    a, b = runs
    c = compare(a, b)
    assert [(line.id, line.a, line.b) for line in c.section("scenario")] == [
        ("pins", "", str(a.parent / "pins.csv"))
    ]
    seats = {line.id: (line.a, line.b) for line in c.section("seat")}
    assert seats == {
        "S1": ("Nguyễn Văn An (O1)", "Ngô Thị Khánh (O10)"),
        "S3": ("Bùi Thị Hà (O8)", "Nguyễn Văn An (O1)"),
    }
    people = {line.id: (line.a, line.b) for line in c.section("official")}
    assert people == {
        "O1": ("keeps Bí thư Đảng ủy Xã Tam Hiệp", "→ Bí thư Đảng ủy Xã Long Xuyên"),
        "O8": ("→ Bí thư Đảng ủy Xã Long Xuyên", "no seat"),
        "O10": ("no seat", "→ Bí thư Đảng ủy Xã Tam Hiệp"),
    }
    costs = {line.item: (line.a, line.b) for line in c.section("cost")}
    assert costs["changes"] == ("2", "3")
    groups = {(line.id, line.item): (line.a, line.b) for line in c.section("group")}
    assert groups[("D1", "nonlocal_after")] == ("2", "3")
    assert groups[("D2", "nonlocal_after")] == ("2", "2")


def test_same_run_has_no_differences(runs: tuple[Path, Path]) -> None:
    a, _ = runs
    c = compare(a, a)
    assert not c.section("seat") and not c.section("official") and not c.section("scenario")


def test_ranked_plans_of_one_run(runs: tuple[Path, Path]) -> None:
    a, _ = runs
    c = compare(a, a, plan=1, plan_b=2)
    assert {line.id for line in c.section("seat")} == {"S1", "S3"}


def test_cli_prints_and_writes_csv(
    runs: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a, b = runs
    out = tmp_path / "cmp" / "compare.csv"
    code, stdout, err = run(["compare", str(a), str(b), "--out", str(out)], capsys, monkeypatch)
    assert code == 0, err
    assert "pins: (none) → " in stdout
    assert "Seats whose holder differs: 2" in stdout
    assert "Officials whose seat differs: 3" in stdout
    assert ["Huyện", "Phúc", "Thọ", "2/3", "(2)", "3/3", "(2)", "+1", "+1"] in [
        line.split() for line in stdout.splitlines()
    ]
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel shows Vietnamese
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert list(rows[0]) == ["section", "id", "name", "item", "a", "b"]
    assert {"scenario", "input", "cost", "group", "seat", "official"} == {
        r["section"] for r in rows
    }
    assert not (a / "compare.csv").exists() and not (b / "compare.csv").exists()


@pytest.mark.parametrize(
    "damage", ["no folder", "no plans", "no groups", "bad column", "no such plan", "sweep folder"]
)
def test_unusable_folders_exit_2(
    runs: tuple[Path, Path],
    tmp_path: Path,
    damage: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a, _ = runs
    broken = tmp_path / "broken"
    shutil.copytree(a, broken)
    extra: list[str] = []
    expected = {
        "no folder": "folder does not exist",
        "no plans": "has no plans.csv",
        "no groups": "groups.csv: not found",
        "bad column": "nonlocal_after: required column(s) missing",
        "no such plan": "has no plan 9 (plans in this run: 1, 2)",
        "sweep folder": "is a sweep folder",
    }[damage]
    if damage == "no folder":
        shutil.rmtree(broken)
    elif damage == "no plans":
        (broken / "plans.csv").unlink()
    elif damage == "no groups":
        (broken / "groups.csv").unlink()
    elif damage == "bad column":
        text = (broken / "groups.csv").read_text(encoding="utf-8-sig")
        (broken / "groups.csv").write_text(
            text.replace("nonlocal_after", "after"), encoding="utf-8-sig"
        )
    elif damage == "no such plan":
        extra = ["--plan", "9"]
    else:
        (broken / "plans.csv").unlink()
        (broken / "sweep.csv").write_text("target\n", encoding="utf-8")
    code, stdout, err = run(["compare", str(a), str(broken), *extra], capsys, monkeypatch)
    assert code == 2, stdout
    assert expected in err
    assert "Traceback" not in err


def test_library_raises_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadInput):
        compare(tmp_path / "nothing", tmp_path / "nothing")
