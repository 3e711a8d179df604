"""``planner solve``: the output folder of contract section 6 and the exit statuses of section 9."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import TINY, write_dataset
from conftest import run_cli as run

PLAN_COLUMNS = [
    "plan",
    "seat_id",
    "unit_id",
    "group_id",
    "role",
    "official_id",
    "previous_official_id",
    "changed",
    "nonlocal",
    "distance_km",
    "preference",
]
RANKING_COLUMNS = [
    "plan",
    "cost",
    "changes",
    "distance_km",
    "preference",
    "vacancies",
    "released",
    "status",
    "bound",
]
GROUP_COLUMNS = [
    "plan",
    "group_id",
    "seats",
    "nonlocal_before",
    "nonlocal_after",
    "required",
    "changes",
]


def rows(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} must start with a UTF-8 BOM"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_solve_writes_the_contract_folder(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    code, text, err = run(
        ["solve", str(tiny), "--out", str(out), "--plans", "3"], capsys, monkeypatch
    )
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == [
        "groups.csv",
        "plans.csv",
        "ranking.csv",
        "released.csv",
        "run.json",
    ]
    plans = rows(out / "plans.csv")
    assert list(plans[0])[: len(PLAN_COLUMNS)] == PLAN_COLUMNS
    ranking = rows(out / "ranking.csv")
    assert list(ranking[0])[: len(RANKING_COLUMNS)] == RANKING_COLUMNS
    assert list(rows(out / "groups.csv")[0])[: len(GROUP_COLUMNS)] == GROUP_COLUMNS
    assert list(rows(out / "released.csv")[0])[:4] == [
        "plan",
        "official_id",
        "previous_seat_id",
        "reason",
    ]
    # one row per plan and seat; costs never decrease down the ranking; plan 1 proven
    assert len(plans) == 6 * len(ranking)
    costs = [int(r["cost"]) for r in ranking]
    assert costs == sorted(costs)
    assert ranking[0]["status"] == "OPTIMAL"
    # the hand-checked optimum of the tiny batch (see tests/test_families.py for derivations):
    # O8 → S3 (5 km) and O7 → S6 (2 km, wish -3): 2 × 100 + 7 + 10 × 3 = 237, and O3 (at the
    # tenure limit) released: + 100
    assert costs[0] == 337
    assert ranking[0]["released"] == "1"
    assert [
        (r["official_id"], r["reason"]) for r in rows(out / "released.csv") if r["plan"] == "1"
    ] == [("O3", "tenure")]
    first = {r["seat_id"]: r["official_id"] for r in plans if r["plan"] == "1"}
    assert first == {"S1": "O1", "S2": "O2", "S3": "O8", "S4": "O4", "S5": "O5", "S6": "O7"}
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert info["scenario"]["plans"]["count"] == 3
    assert set(info["inputs"]) >= {"units.csv", "seats.csv", "officials.csv", "scenario"}
    assert all(len(v["sha256"]) == 64 for v in info["inputs"].values())
    assert "Nguyễn" in text or "Bùi Thị Hà" in text  # the summary names people as they are


def test_text_that_looks_like_a_formula_is_written_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    officials = TINY["officials"].replace("Bùi Thị Hà", '=HYPERLINK("http://x")')
    path = write_dataset(tmp_path, officials=officials)
    out = tmp_path / "out"
    code, _, err = run(["solve", str(path), "--out", str(out), "--plans", "1"], capsys, monkeypatch)
    assert code == 0, err
    names = [r["official_name"] for r in rows(out / "plans.csv")]
    assert '\'=HYPERLINK("http://x")' in names
    assert not any(name.startswith("=") for name in names)


def test_no_plan_exits_3_with_the_reasons(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "plans.csv").write_text("stale plans of an earlier run", encoding="utf-8")
    (out / "run.json").write_text('{"planner_version": "0"}', encoding="utf-8")
    # D2 cannot be all non-local: O4 is local to S4 and must keep it (2 years in post)
    code, _, err = run(
        ["solve", str(tiny), "--out", str(out), "--target", "1"], capsys, monkeypatch
    )
    assert code == 3
    assert "Traceback" not in err
    assert sorted(p.name for p in out.iterdir()) == ["infeasibility.json", "run.json"]
    answer = json.loads((out / "infeasibility.json").read_text(encoding="utf-8"))
    assert answer["status"] == "infeasible"
    short = {(g["group_id"], g["role"]) for g in answer["groups"]}
    assert ("D2", None) in short


def test_bad_input_exits_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_dataset(tmp_path, seats=TINY["seats"].replace("S6,C4", "S5,C4"))
    out = tmp_path / "out"
    code, _, err = run(["solve", str(path), "--out", str(out)], capsys, monkeypatch)
    assert code == 2
    assert "seats.csv row 7, seat_id" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_a_rerun_from_run_json_is_identical_and_warns_when_inputs_changed(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert (
        run(["solve", str(tiny), "--out", str(first), "--target", "D1=0.6"], capsys, monkeypatch)[0]
        == 0
    )
    code, _, err = run(
        ["solve", str(first / "run.json"), "--out", str(second)], capsys, monkeypatch
    )
    assert code == 0, err
    assert "Warning" not in err
    for name in ("plans.csv", "ranking.csv", "groups.csv", "released.csv"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    prefs = tiny.parent / "data" / "preferences.csv"
    prefs.write_text(prefs.read_text(encoding="utf-8") + "O8,C2,4\n", encoding="utf-8")
    code, _, err = run(
        ["solve", str(first / "run.json"), "--out", str(second)], capsys, monkeypatch
    )
    assert code == 0
    assert "preferences.csv" in err and "not an exact re-run" in err


def test_time_out_before_any_plan_exits_4_and_writes_nothing(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from models.engines import Status
    from planner.solve import run as run_module
    from planner.solve.strategy import Outcome

    monkeypatch.setattr(
        run_module, "solve_ranked", lambda *a, **k: Outcome(status=Status.UNKNOWN, parts=1)
    )
    out = tmp_path / "out"
    code, _, err = run(["solve", str(tiny), "--out", str(out)], capsys, monkeypatch)
    assert code == 4
    assert "Time ran out" in err
    assert not out.exists()


def test_why_names_every_rule_that_keeps_an_official_out(
    tiny: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(["why", str(tiny), "O6", "S6"], capsys, monkeypatch)
    assert code == 0
    assert "Vũ Thị Phương (O6) may not hold seat S6:" in out
    assert "local: home unit Xã Vĩnh Quỳnh lies in Xã Vĩnh Quỳnh" in out
    code, out, _ = run(["why", str(tiny), "O10", "S1"], capsys, monkeypatch)
    assert code == 0 and "may hold seat S1" in out
    code, _, err = run(["why", str(tiny), "O99", "S1"], capsys, monkeypatch)
    assert code == 2 and "unknown official 'O99'" in err
