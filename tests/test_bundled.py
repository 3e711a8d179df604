"""The bundled scenarios' headlines, as scenarios/README.md and README.md quote them, found by
running them through the command line.

The scenarios are on the real map (the official list of 2023 and of 2025, issue 11) with
synthetic people; their files are committed, so these tests need no extra package (the
regeneration checks are in tests/test_generate.py). Each solve asks for one plan: plan 1's cost
is the least cost, a single number whatever the engine, so it is asserted exactly.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
COMMUNE_2023 = re.compile(r"2023-\d{5}")
COMMUNE_2025 = re.compile(r"2025-\d{5}")


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def solve(
    kind: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *extra: str,
) -> Path:
    out = tmp_path / kind
    scenario = SCENARIOS / kind / "scenario.toml"
    code, _, err = run_cli(
        ["solve", str(scenario), "--out", str(out), "--plans", "1", "--quiet", *extra],
        capsys,
        monkeypatch,
    )
    assert code == 0, err
    return out


def plan_1(out: Path) -> tuple[dict[str, str], list[dict[str, str]], list[dict[str, str]]]:
    """Plan 1's ranking row, its groups.csv rows and its plans.csv rows."""
    (ranking,) = [r for r in rows(out / "ranking.csv") if r["plan"] == "1"]
    assert ranking["status"] == "OPTIMAL" and ranking["vacancies"] == "0"
    groups = [r for r in rows(out / "groups.csv") if r["plan"] == "1"]
    plans = [r for r in rows(out / "plans.csv") if r["plan"] == "1"]
    return ranking, groups, plans


def units(kind: str) -> list[dict[str, str]]:
    return rows(SCENARIOS / kind / "data" / "units.csv")


# ---------------------------------------------------------------------------------------------
# Phúc Thọ: 18 communes, 36 seats, 6 -> 18 non-local


def test_phuc_tho_2023(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = units("phuc-tho-2023")
    communes = {u["unit_id"]: u["name"] for u in tree if u["level"] == "commune"}
    assert len(communes) == 18 and all(COMMUNE_2023.fullmatch(u) for u in communes)
    assert communes["2023-09775"] == "Xã Tam Hiệp"
    assert [u["name"] for u in tree if u["level"] == "district"] == ["Huyện Phúc Thọ"]

    out = solve("phuc-tho-2023", tmp_path, capsys, monkeypatch)
    ranking, groups, plans = plan_1(out)
    assert (ranking["cost"], ranking["changes"], ranking["distance_km"]) == ("1184", "14", "74")
    ((group),) = groups
    assert (group["group_id"], group["group_name"]) == ("2023-272", "Huyện Phúc Thọ")
    # 6 of 36 today, two of them at 10 years or more and leaving: they count all the same
    counts = [group[k] for k in ("seats", "nonlocal_before", "nonlocal_after", "required")]
    assert counts == ["36", "6", "18", "18"]
    assert len(plans) == 36 and {p["unit_name"] for p in plans} == set(communes.values())


def test_phuc_tho_2023_stops_at_32_of_36(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 90% there is no plan: four locals must stay, so 32 of 36 is the most."""
    scenario = SCENARIOS / "phuc-tho-2023" / "scenario.toml"
    code, out, err = run_cli(["explain", str(scenario), "--target", "0.9"], capsys, monkeypatch)
    assert code == 0, err
    assert "Huyện Phúc Thọ cannot reach 90%: at most 32 of 36 seats" in out
    assert "4 seats are held by locals who must stay" in out


# ---------------------------------------------------------------------------------------------
# Thanh Trì: chairmen 5 -> 8 of 16 in this district (target.group_roles)


def test_thanh_tri_2023(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = units("thanh-tri-2023")
    communes = {u["unit_id"]: u["name"] for u in tree if u["level"] == "commune"}
    assert len(communes) == 16 and all(COMMUNE_2023.fullmatch(u) for u in communes)
    assert communes["2023-00655"] == "Xã Tam Hiệp"  # Thanh Trì's own Tam Hiệp
    toml = (SCENARIOS / "thanh-tri-2023" / "scenario.toml").read_text(encoding="utf-8")
    assert 'group_roles = { "2023-020" = { chairman = 0.5 } }' in toml

    out = solve("thanh-tri-2023", tmp_path, capsys, monkeypatch)
    ranking, groups, plans = plan_1(out)
    assert (ranking["cost"], ranking["changes"], ranking["released"]) == ("702", "6", "1")
    ((group),) = groups
    assert group["group_id"] == "2023-020"
    whole = [group[k] for k in ("seats", "nonlocal_before", "nonlocal_after", "required")]
    assert whole == ["32", "17", "20", "16"]
    chairmen = [
        group[f"chairman_{k}"] for k in ("seats", "nonlocal_before", "nonlocal_after", "required")
    ]
    assert chairmen == ["16", "5", "8", "8"]
    assert "secretary_required" not in group  # the role target is Thanh Trì's chairmen only
    nonlocal_secretaries = sum(p["nonlocal"] == "1" for p in plans if p["role"] == "secretary")
    assert nonlocal_secretaries == 12  # as today


# ---------------------------------------------------------------------------------------------
# Hà Nội 2023: 30 districts, 526 communes, 1,052 seats, 158 -> 526 non-local


def test_hanoi_2023(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = units("hanoi-2023")
    districts = {u["unit_id"]: u["name"] for u in tree if u["level"] == "district"}
    communes = [u for u in tree if u["level"] == "commune"]
    assert len(districts) == 30 and len(communes) == 526
    assert {u["parent_id"] for u in communes} == set(districts)
    assert all(COMMUNE_2023.fullmatch(u["unit_id"]) for u in communes)
    assert {"Huyện Phúc Thọ", "Huyện Thanh Trì", "Quận Hoàn Kiếm"} <= set(districts.values())
    names = {u["name"] for u in communes}
    assert {"Xã Tam Hiệp", "Phường Hàng Bạc", "Thị trấn Văn Điển"} <= names

    out = solve("hanoi-2023", tmp_path, capsys, monkeypatch)
    ranking, groups, plans = plan_1(out)
    # (plans of this least cost differ in whom they release: which one is plan 1 follows the
    # solver, so the released count is not a headline)
    assert (ranking["cost"], ranking["changes"]) == ("38126", "387")
    assert {g["group_id"] for g in groups} == set(districts)
    total = {
        k: sum(int(g[k]) for g in groups)
        for k in ("seats", "nonlocal_before", "nonlocal_after", "required")
    }
    assert total == {"seats": 1052, "nonlocal_before": 158, "nonlocal_after": 526, "required": 526}
    assert all(int(g["nonlocal_after"]) >= int(g["required"]) for g in groups)
    # two seats are empty today and filled
    assert sum(p["reason"] == "vacant seat filled" for p in plans) == 2


# ---------------------------------------------------------------------------------------------
# Hà Nội 2025: the formation batch on the 126 new units, homes in the 526 former communes


def test_hanoi_2025(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = units("hanoi-2025")
    current = {u["unit_id"]: u for u in tree if u["status"] == "current"}
    former = {u["unit_id"]: u for u in tree if u["status"] == "former"}
    new = [u for u in current.values() if u["level"] == "commune"]
    assert len(new) == 126 and all(COMMUNE_2025.fullmatch(u["unit_id"]) for u in new)
    assert len(former) == 526 and all(COMMUNE_2023.fullmatch(u) for u in former)
    # Phúc Thọ's Tam Hiệp went whole into Xã Hát Môn; Thanh Trì's was split
    assert current[former["2023-09775"]["parent_id"]]["name"] == "Xã Hát Môn"
    assert former["2023-09775"]["also_merged_into"] == ""
    assert former["2023-00655"]["also_merged_into"] != ""
    assert all(u["parent_id"] in current for u in former.values())

    out = solve("hanoi-2025", tmp_path, capsys, monkeypatch)
    ranking, groups, plans = plan_1(out)
    assert (ranking["cost"], ranking["changes"], ranking["distance_km"]) == ("24779", "252", "1389")
    ((group),) = groups
    assert (group["group_id"], group["group_name"]) == ("2025-01", "Thành phố Hà Nội")
    whole = [group[k] for k in ("seats", "nonlocal_before", "nonlocal_after", "required")]
    assert whole == ["252", "0", "252", "126"]
    secretaries = [
        group[f"secretary_{k}"] for k in ("seats", "nonlocal_before", "nonlocal_after", "required")
    ]
    assert secretaries == ["126", "0", "126", "126"]  # Directive 45: every secretary
    assert all(p["reason"] == "vacant seat filled" for p in plans)
    # the holders come from former communes, none of them merged into the seat's unit
    officials = {
        o["official_id"]: o for o in rows(SCENARIOS / "hanoi-2025" / "data" / "officials.csv")
    }
    for p in plans:
        home = former[officials[p["official_id"]]["home_unit_id"]]
        assert p["unit_id"] not in {home["parent_id"], *home["also_merged_into"].split(";")}
