"""The synthetic data generator and the bundled scenarios it made.

The bundled scenarios are the project's worked examples and its benchmarks' baseline, so they
must be exactly reproducible from the code (a reviewer can trust the CSVs without reading
them), internally consistent (every id resolves), and feasible or infeasible exactly as the
README says, which is checked here without a solver. The bundled scenarios are laid out on the
official list of units, so regenerating them (and any ``preset`` of theirs) needs the optional
extra .[geo]; reading the committed files does not. Their solved headlines are in
tests/test_bundled.py.
"""

from __future__ import annotations

import filecmp
import math
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from conftest import needs_geo

from planner.domain.targets import required_count as required
from planner.generate.__main__ import main
from planner.generate.audit import CheckRules, check
from planner.generate.core import generate
from planner.generate.output import write, write_scenario
from planner.generate.presets import BUNDLED_SEEDS, preset
from planner.inputs.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
BUNDLED = sorted(BUNDLED_SEEDS)

HEADERS = {
    "units.csv": "unit_id,name,level,parent_id,lat,lon",
    # with the former communes (hanoi-2025)
    "units.csv+former": "unit_id,name,level,parent_id,lat,lon,status,also_merged_into",
    "adjacency.csv": "unit_a,unit_b,km",
    "seats.csv": "seat_id,unit_id,role,min_political_theory,min_education,required_tags",
    "officials.csv": "official_id,name,gender,birth_date,home_unit_id,other_home_unit_ids,"
    "current_seat_id,current_unit_id,years_in_post,political_theory,education,"
    "planned_roles,tags,disciplined",
    "relations.csv": "official_a,official_b,kind",
    "preferences.csv": "official_id,unit_id,score",
}


def read_folder(folder: Path) -> dict[str, pd.DataFrame]:
    return {
        p.stem: pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        for p in sorted(folder.glob("*.csv"))
    }


@pytest.fixture(scope="module")
def bundled() -> dict[str, dict[str, pd.DataFrame]]:
    return {kind: read_folder(SCENARIOS / kind / "data") for kind in BUNDLED}


def _same_tree(a: Path, b: Path) -> list[str]:
    names_a = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    names_b = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    assert names_a == names_b
    return [n for n in names_a if not filecmp.cmp(a / n, b / n, shallow=False)]


# ---------------------------------------------------------------------------------------------
# reproducibility


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    for kind in ("district", "hanoi-2025-synthetic"):
        write_scenario(generate(preset(kind), 7), tmp_path / "a" / kind)
        write_scenario(generate(preset(kind), 7), tmp_path / "b" / kind)
    assert _same_tree(tmp_path / "a", tmp_path / "b") == []


def test_other_seed_other_data() -> None:
    one = generate(preset("district"), 1).officials
    two = generate(preset("district"), 2).officials
    assert not one.equals(two)


@needs_geo
@pytest.mark.parametrize("kind", BUNDLED)
def test_bundled_scenario_is_a_fresh_generation(kind: str, tmp_path: Path) -> None:
    write_scenario(generate(preset(kind), BUNDLED_SEEDS[kind]), tmp_path)
    assert _same_tree(SCENARIOS / kind, tmp_path) == [], (
        f"scenarios/{kind} differs from a fresh generation; regenerate with "
        f"`python -m planner.generate {kind} scenarios/{kind}` (see scenarios/README.md)"
    )


# ---------------------------------------------------------------------------------------------
# the files


@pytest.mark.parametrize("kind", BUNDLED)
def test_files_have_bom_and_contract_headers(kind: str) -> None:
    for path in sorted((SCENARIOS / kind / "data").glob("*.csv")):
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), path
        text = raw.decode("utf-8-sig")
        former = path.name == "units.csv" and kind == "hanoi-2025"
        assert text.split("\n", 1)[0] == HEADERS[path.name + ("+former" if former else "")]
        assert unicodedata.is_normalized("NFC", text)
    assert (SCENARIOS / kind / "data" / "adjacency.csv").exists() == (kind == "phuc-tho-2023")


@pytest.mark.parametrize("kind", BUNDLED)
def test_every_id_resolves(kind: str, bundled: dict[str, dict[str, pd.DataFrame]]) -> None:
    t = bundled[kind]
    units, seats, officials = t["units"], t["seats"], t["officials"]
    for frame, key in ((units, "unit_id"), (seats, "seat_id"), (officials, "official_id")):
        assert frame[key].is_unique and (frame[key] != "").all()
    unit_ids = set(units["unit_id"])
    assert set(units["parent_id"]) - {""} <= unit_ids
    assert (units["parent_id"] == "").sum() == 1
    assert set(seats["unit_id"]) <= unit_ids
    assert set(officials["home_unit_id"]) <= unit_ids
    others = {u for cell in officials["other_home_unit_ids"] for u in cell.split(";") if u}
    assert others <= unit_ids
    assert set(officials["current_unit_id"]) - {""} <= unit_ids
    holders = officials[officials["current_seat_id"] != ""]
    assert holders["current_seat_id"].is_unique
    seat_unit = dict(zip(seats["seat_id"], seats["unit_id"], strict=True))
    assert set(holders["current_seat_id"]) <= set(seat_unit)
    assert (holders["current_unit_id"] == holders["current_seat_id"].map(seat_unit)).all()
    ids = set(officials["official_id"])
    assert set(t["relations"]["official_a"]) | set(t["relations"]["official_b"]) <= ids
    assert set(t["preferences"]["official_id"]) <= ids
    assert set(t["preferences"]["unit_id"]) <= unit_ids
    assert t["preferences"]["score"].astype(int).between(-10, 10).all()
    if "adjacency" in t:
        roads = t["adjacency"]
        assert set(roads["unit_a"]) | set(roads["unit_b"]) <= unit_ids
        assert (roads["km"].astype(float) > 0).all()


@needs_geo
@pytest.mark.parametrize("kind", BUNDLED)
def test_scenario_file_is_valid_and_matches_the_preset(kind: str) -> None:
    scenario = load_scenario(SCENARIOS / kind / "scenario.toml")
    spec = preset(kind)
    assert scenario.name == spec.title
    assert scenario.as_of == spec.as_of
    assert scenario.target.level == spec.target_level
    assert scenario.target.min_nonlocal_ratio == spec.min_nonlocal_ratio
    assert dict(scenario.target.roles) == dict(spec.role_targets)
    assert {g: dict(r) for g, r in scenario.target.group_roles.items()} == {
        g: dict(r) for g, r in spec.group_roles.items()
    }
    assert scenario.data_dir == (SCENARIOS / kind / "data").resolve()


# ---------------------------------------------------------------------------------------------
# sizes


def _rules(kind: str) -> CheckRules:
    """The check's settings from the committed scenario file (no preset, so no extra)."""
    scenario = load_scenario(SCENARIOS / kind / "scenario.toml")
    t = scenario.target
    return CheckRules(
        as_of=scenario.as_of,
        target_level=t.level,
        min_nonlocal_ratio=t.min_nonlocal_ratio,
        role_targets=dict(t.roles),
        group_roles={g: dict(r) for g, r in t.group_roles.items()},
    )


def test_phuc_tho_counts(bundled: dict[str, dict[str, pd.DataFrame]]) -> None:
    t = bundled["phuc-tho-2023"]
    communes = t["units"][t["units"]["level"] == "commune"]
    assert len(communes) == 18 and len(t["seats"]) == 36
    assert set(communes["parent_id"]) == {"2023-272"}
    names = dict(zip(communes["unit_id"], communes["name"], strict=True))
    assert names["2023-09775"] == "Xã Tam Hiệp" and names["2023-09715"] == "Thị trấn Phúc Thọ"
    assert 75 <= len(t["officials"]) <= 95
    report = check(t, _rules("phuc-tho-2023"))
    (group,) = report.groups
    assert (group.group_id, group.seats, group.nonlocal_today) == ("2023-272", 36, 6)


def test_thanh_tri_counts(bundled: dict[str, dict[str, pd.DataFrame]]) -> None:
    t = bundled["thanh-tri-2023"]
    communes = t["units"][t["units"]["level"] == "commune"]
    assert len(communes) == 16 and len(t["seats"]) == 32
    assert set(communes["parent_id"]) == {"2023-020"}
    assert {"Thị trấn Văn Điển", "Xã Tam Hiệp", "Xã Tứ Hiệp"} <= set(communes["name"])
    whole, chairmen = check(t, _rules("thanh-tri-2023")).groups
    assert (whole.seats, whole.nonlocal_today, whole.required) == (32, 17, 16)
    assert (chairmen.role, chairmen.seats, chairmen.nonlocal_today) == ("chairman", 16, 5)
    assert chairmen.required == 8
    # the secretaries' 12 of 16 are the rest of today's 17
    assert whole.nonlocal_today - chairmen.nonlocal_today == 12


def test_hanoi_2023_counts(bundled: dict[str, dict[str, pd.DataFrame]]) -> None:
    t = bundled["hanoi-2023"]
    levels = t["units"]["level"].value_counts()
    assert (levels["province"], levels["district"], levels["commune"]) == (1, 30, 526)
    assert len(t["seats"]) == 1052
    assert 2200 <= len(t["officials"]) <= 2400
    per_district = t["units"][t["units"]["level"] == "commune"]["parent_id"].value_counts()
    # Phúc Thọ, Thanh Trì, Chương Mỹ (the largest) and Cầu Giấy (among the smallest)
    assert (per_district["2023-272"], per_district["2023-020"]) == (18, 16)
    assert (per_district["2023-277"], per_district["2023-005"]) == (30, 8)


def test_hanoi_2025_counts(bundled: dict[str, dict[str, pd.DataFrame]]) -> None:
    t = bundled["hanoi-2025"]
    units = t["units"]
    current = units[(units["level"] == "commune") & (units["status"] == "current")]
    assert len(current) == 126 and set(current["parent_id"]) == {"2025-01"}
    assert current["name"].str.startswith("Phường ").sum() == 51
    assert current["name"].str.startswith("Xã ").sum() == 75
    former = units[units["status"] == "former"]
    # every commune of the 2023 list, each under the new unit that absorbed it
    assert len(former) == 526 and set(former["parent_id"]) <= set(current["unit_id"])
    assert former["unit_id"].str.startswith("2023-").all()
    split = former[former["also_merged_into"] != ""]
    assert len(split) == 199
    assert {u for cell in split["also_merged_into"] for u in cell.split(";")} <= set(
        current["unit_id"]
    )
    assert len(t["seats"]) == 252 and set(t["seats"]["unit_id"]) == set(current["unit_id"])
    o = t["officials"]
    assert 550 <= len(o) <= 650
    # the formation batch: every seat empty, every home a former commune
    assert (o["current_seat_id"] == "").all()
    assert o["home_unit_id"].isin(set(former["unit_id"])).all()


def test_national_sizes() -> None:
    n25 = generate(preset("national-2025"), 0)
    levels = n25.units["level"].value_counts()
    assert (levels["province"], levels["commune"], len(n25.seats)) == (34, 3321, 6642)
    assert 14_000 <= len(n25.officials) <= 16_000
    n23 = preset("national-2023")
    assert len(n23.provinces) == 63
    assert sum(len(p.districts) for p in n23.provinces) == 696
    assert sum(d.n_communes for p in n23.provinces for d in p.districts) == 10_000


# ---------------------------------------------------------------------------------------------
# realism


@pytest.mark.parametrize("kind", BUNDLED)
def test_people_look_real(kind: str, bundled: dict[str, dict[str, pd.DataFrame]]) -> None:
    o = bundled[kind]["officials"]
    assert 0.68 <= (o["gender"] == "M").mean() <= 0.82
    assert all(len(name.split()) >= 3 for name in o["name"])
    accented = "[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọùủũúụừửữứựỳỷỹýỵĐ]"
    assert o["name"].str.contains(accented, regex=True).mean() > 0.9
    years = o.loc[o["current_seat_id"] != "", "years_in_post"].astype(float)
    # hanoi-2025 is the formation batch: nobody holds a seat yet
    assert (kind == "hanoi-2025") == years.empty
    assert years.empty or ((years < 3).any() and (years >= 10).any())
    assert (o["disciplined"] == "1").any()
    assert (o["other_home_unit_ids"] != "").mean() > 0.05
    assert set(o["political_theory"]) <= {"none", "elementary", "intermediate", "advanced"}


# ---------------------------------------------------------------------------------------------
# feasibility, without a solver


def test_required_is_exact() -> None:
    assert required(0.7, 30) == 21 and required(0.5, 42) == 21 and required(0.9, 126) == 114


@pytest.mark.parametrize("kind", ["phuc-tho-2023", "thanh-tri-2023", "hanoi-2023"])
def test_feasible_bundled_scenarios_have_room(
    kind: str, bundled: dict[str, dict[str, pd.DataFrame]]
) -> None:
    report = check(bundled[kind], _rules(kind))
    assert report.feasible()
    for g in report.groups:
        assert g.fillable, g
        assert g.max_reachable >= g.required + 3, g
        needed = max(0, g.required - g.nonlocal_today)
        assert g.candidates >= 2 * needed, g


def test_hanoi_2025_every_secretary_can_be_non_local(
    bundled: dict[str, dict[str, pd.DataFrame]],
) -> None:
    report = check(bundled["hanoi-2025"], _rules("hanoi-2025"))
    whole, secretaries = report.groups
    assert whole.role is None and whole.fillable and whole.seats == 252
    assert whole.nonlocal_today == 0 and whole.max_reachable == 252
    assert secretaries.role == "secretary" and secretaries.required == 126
    assert secretaries.max_reachable == 126 and secretaries.candidates >= 2 * 126
    assert report.feasible()


def test_former_homes_are_local_where_they_were_merged(
    bundled: dict[str, dict[str, pd.DataFrame]],
) -> None:
    """The check follows a former commune into the new units that took it (contract section
    2): reading the former commune as its own locality would let everybody go anywhere."""
    t = bundled["hanoi-2025"]
    as_own = t["units"].assign(status="current", also_merged_into="")
    naive = check({**t, "units": as_own}, _rules("hanoi-2025")).eligible_pairs
    assert check(t, _rules("hanoi-2025")).eligible_pairs < naive


def test_synthetic_hanoi_2025_secretaries_show_a_gap() -> None:
    """The benchmark preset keeps some local secretaries locked in on purpose."""
    spec = preset("hanoi-2025-synthetic")
    report = check(generate(spec, 2025), CheckRules.of(spec))
    whole, secretaries = report.groups
    assert whole.role is None and whole.fillable and whole.max_reachable >= whole.required
    assert secretaries.role == "secretary" and secretaries.required == 126
    assert required(0.9, 126) <= secretaries.max_reachable < 126
    assert not report.feasible()


def test_eligible_pairs_are_as_the_readme_says(
    bundled: dict[str, dict[str, pd.DataFrame]],
) -> None:
    pairs = {kind: check(bundled[kind], _rules(kind)).eligible_pairs for kind in BUNDLED}
    assert pairs == {
        "hanoi-2023": 43_582,
        "hanoi-2025": 84_827,
        "phuc-tho-2023": 1_538,
        "thanh-tri-2023": 1_024,
    }


@pytest.mark.parametrize("kind", ["national-2025", "national-2023", "district"])
def test_other_presets_are_feasible_scaled_down(kind: str) -> None:
    spec = preset(kind, 0.1 if kind.startswith("national") else 1.0)
    report = check(generate(spec, 3), CheckRules.of(spec))
    assert report.feasible(), report.text()


# ---------------------------------------------------------------------------------------------
# the command line and the writer


def test_command_line_writes_a_loadable_scenario(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["district", str(tmp_path / "d"), "--seed", "5", "--check"]) == 0
    assert "40 seats" in capsys.readouterr().out
    scenario = load_scenario(tmp_path / "d" / "scenario.toml")
    assert (scenario.data_dir / "adjacency.csv").exists()
    assert math.isclose(scenario.target.min_nonlocal_ratio, 0.5)


def test_write_removes_a_stale_adjacency(tmp_path: Path) -> None:
    write(generate(preset("district"), 1), tmp_path)
    assert (tmp_path / "adjacency.csv").exists()
    write(generate(preset("hanoi-2025-synthetic", 0.1), 1), tmp_path)
    assert not (tmp_path / "adjacency.csv").exists()
