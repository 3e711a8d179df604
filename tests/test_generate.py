"""The synthetic data generator and the bundled scenarios it made.

The bundled scenarios are the project's worked examples and its benchmarks' baseline, so they
must be exactly reproducible from the code (a reviewer can trust the CSVs without reading
them), internally consistent (every id resolves), and feasible or infeasible exactly as the
README says, which is checked here without a solver.
"""

from __future__ import annotations

import filecmp
import math
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from planner.domain.targets import required_count as required
from planner.generate import BUNDLED_SEEDS, generate, preset, write, write_scenario
from planner.generate.__main__ import main
from planner.generate.audit import CheckRules, check
from planner.inputs.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
BUNDLED = sorted(BUNDLED_SEEDS)

HEADERS = {
    "units.csv": "unit_id,name,level,parent_id,lat,lon",
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
    for kind in ("phuc-tho-2023", "hanoi-2025"):
        write_scenario(generate(preset(kind), 7), tmp_path / "a" / kind)
        write_scenario(generate(preset(kind), 7), tmp_path / "b" / kind)
    assert _same_tree(tmp_path / "a", tmp_path / "b") == []


def test_other_seed_other_data() -> None:
    one = generate(preset("phuc-tho-2023"), 1).officials
    two = generate(preset("phuc-tho-2023"), 2).officials
    assert not one.equals(two)


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
        assert text.split("\n", 1)[0] == HEADERS[path.name]
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


@pytest.mark.parametrize("kind", BUNDLED)
def test_scenario_file_is_valid_and_matches_the_preset(kind: str) -> None:
    scenario = load_scenario(SCENARIOS / kind / "scenario.toml")
    spec = preset(kind)
    assert scenario.name == spec.title
    assert scenario.as_of == spec.as_of
    assert scenario.target.level == spec.target_level
    assert scenario.target.min_nonlocal_ratio == spec.min_nonlocal_ratio
    assert dict(scenario.target.roles) == dict(spec.role_targets)
    assert scenario.data_dir == (SCENARIOS / kind / "data").resolve()


# ---------------------------------------------------------------------------------------------
# sizes


def test_phuc_tho_counts(bundled: dict[str, dict[str, pd.DataFrame]]) -> None:
    t = bundled["phuc-tho-2023"]
    communes = t["units"][t["units"]["level"] == "commune"]
    assert len(communes) == 21 and len(t["seats"]) == 42
    assert "Xã Trạch Mỹ Lộc" in set(communes["name"])
    assert 90 <= len(t["officials"]) <= 110
    report = check(t, CheckRules.of(preset("phuc-tho-2023")))
    (group,) = report.groups
    assert (group.group_id, group.seats, group.nonlocal_today) == ("PT", 42, 6)


def test_hanoi_2023_counts(bundled: dict[str, dict[str, pd.DataFrame]]) -> None:
    t = bundled["hanoi-2023"]
    levels = t["units"]["level"].value_counts()
    assert (levels["province"], levels["district"], levels["commune"]) == (1, 30, 579)
    assert len(t["seats"]) == 1158
    assert 2400 <= len(t["officials"]) <= 2700
    per_district = t["units"][t["units"]["level"] == "commune"]["parent_id"].value_counts()
    assert (per_district["PT"], per_district["TTR"], per_district["CM"]) == (21, 16, 32)


def test_hanoi_2025_counts(bundled: dict[str, dict[str, pd.DataFrame]]) -> None:
    t = bundled["hanoi-2025"]
    communes = t["units"][t["units"]["level"] == "commune"]
    assert len(communes) == 126 and set(communes["parent_id"]) == {"HN"}
    assert communes["name"].str.startswith("Phường ").sum() == 51
    assert communes["name"].str.startswith("Xã ").sum() == 75
    assert len(t["seats"]) == 252
    assert 400 <= len(t["officials"]) <= 500


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
    assert (years < 3).any() and (years >= 10).any()
    assert (o["disciplined"] == "1").any()
    assert (o["other_home_unit_ids"] != "").mean() > 0.05
    assert set(o["political_theory"]) <= {"none", "elementary", "intermediate", "advanced"}


# ---------------------------------------------------------------------------------------------
# feasibility, without a solver


def test_required_is_exact() -> None:
    assert required(0.7, 30) == 21 and required(0.5, 42) == 21 and required(0.9, 126) == 114


@pytest.mark.parametrize("kind", ["phuc-tho-2023", "hanoi-2023"])
def test_feasible_bundled_scenarios_have_room(
    kind: str, bundled: dict[str, dict[str, pd.DataFrame]]
) -> None:
    report = check(bundled[kind], CheckRules.of(preset(kind)))
    for g in report.groups:
        assert g.fillable, g
        assert g.max_reachable >= g.required + 3, g
        needed = max(0, g.required - g.nonlocal_today)
        assert g.candidates >= 2 * needed, g


def test_hanoi_2025_secretaries_show_a_gap(bundled: dict[str, dict[str, pd.DataFrame]]) -> None:
    spec = preset("hanoi-2025")
    report = check(bundled["hanoi-2025"], CheckRules.of(spec))
    whole, secretaries = report.groups
    assert whole.role is None and whole.fillable and whole.max_reachable >= whole.required
    assert secretaries.role == "secretary" and secretaries.required == 126
    assert required(0.9, 126) <= secretaries.max_reachable < 126
    assert not report.feasible()


def test_eligible_pairs_are_in_the_promised_range(
    bundled: dict[str, dict[str, pd.DataFrame]],
) -> None:
    pairs = {
        kind: check(bundled[kind], CheckRules.of(preset(kind))).eligible_pairs
        for kind in ("hanoi-2023", "hanoi-2025")
    }
    assert 50_000 <= pairs["hanoi-2023"] <= 60_000
    assert 60_000 <= pairs["hanoi-2025"] <= 80_000


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
    write(generate(preset("phuc-tho-2023"), 1), tmp_path)
    assert (tmp_path / "adjacency.csv").exists()
    write(generate(preset("hanoi-2025", 0.1), 1), tmp_path)
    assert not (tmp_path / "adjacency.csv").exists()
